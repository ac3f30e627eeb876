import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { assertProviderInScope, canSeeProvider, providerScope, type Actor } from '../auth/actor';
import { DomainError, type FieldError } from '../common/domain-error';
import { rejectNulls } from '../common/validation';
import { pageOf, type Page } from '../common/paging';
import { AssessmentEntity, ProviderEntity, RecipientEntity, RecipientProviderEntity, StaffEntity, TreatmentPlanEntity } from '../database/entities';
import type { AssessmentFact, RecipientFacts, TreatmentPlanFact } from '../rules/facts';
import type {
  AssessmentView,
  CreateAssessmentDto,
  CreateRecipientDto,
  CreateTreatmentPlanDto,
  RecipientListQuery,
  RecipientView,
  TreatmentPlanView,
  UpdateAssessmentDto,
  UpdateRecipientDto,
  UpdateTreatmentPlanDto,
} from './recipient.dto';

function assessmentFact(a: AssessmentEntity): AssessmentFact {
  return {
    id: a.id,
    providerId: a.providerId,
    completedOn: a.completedOn,
    approvedByStaffId: a.approvedByStaffId,
    diagnoses: a.diagnoses,
    ruleOut: a.ruleOut,
    definitiveOn: a.definitiveOn,
  };
}

function planFact(p: TreatmentPlanEntity): TreatmentPlanFact {
  return { id: p.id, providerId: p.providerId, approvedOn: p.approvedOn, approvedByStaffId: p.approvedByStaffId, clientSignedOn: p.clientSignedOn, services: p.services };
}

/** Names as people write them: case and spacing aside. */
function personName(name: string | null): string | null {
  return name === null ? null : name.trim().replace(/\s+/g, ' ').toLowerCase();
}

function assessmentErrors(a: { completedOn: string; ruleOut: boolean; definitiveOn: string | null }): FieldError[] {
  const errors: FieldError[] = [];
  if (a.definitiveOn && !a.ruleOut) errors.push({ path: '/definitiveOn', message: 'definitiveOn applies only to a rule-out diagnosis (set ruleOut)' });
  if (a.definitiveOn && a.definitiveOn < a.completedOn) errors.push({ path: '/definitiveOn', message: `definitiveOn (${a.definitiveOn}) is before completedOn (${a.completedOn})` });
  return errors;
}

function planErrors(p: { approvedOn: string; clientSignedOn: string | null }): FieldError[] {
  // A client may sign before the LPHA approves; a signature far from the plan is left to the reviewer.
  return p.clientSignedOn && p.clientSignedOn < '1900-01-01' ? [{ path: '/clientSignedOn', message: 'is not a plausible date' }] : [];
}

@Injectable()
export class RecipientsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /**
   * Registers a person for the key's providers. A Medicaid ID already on file is never acknowledged to
   * a key that does not see it: when only other providers serve that person and the caller gives the
   * same birth date and name, the caller's providers are linked to the existing record (audited), and the
   * answer shows only what the caller sent and its own providers, as for a new registration; otherwise
   * the registration is refused without saying whose record it is.
   */
  async create(actor: Actor, dto: CreateRecipientDto): Promise<RecipientView> {
    return this.dataSource.transaction(async (em) => {
      dto.providerIds.forEach((id) => assertProviderInScope(actor, id));
      await this.assertProvidersExist(em, dto.providerIds, '/providerIds');
      // two providers registering one new person at once: the second links, rather than colliding
      await em.query('SELECT pg_advisory_xact_lock(7262005, hashtext($1))', [`recipient:${dto.medicaidId}`]);
      const existing = await em.findOneBy(RecipientEntity, { medicaidId: dto.medicaidId });
      if (!existing) {
        const saved = await em.save(em.create(RecipientEntity, { medicaidId: dto.medicaidId, name: dto.name ?? null, birthDate: dto.birthDate }));
        await em.insert(RecipientProviderEntity, dto.providerIds.map((providerId) => ({ recipientId: saved.id, providerId })));
        await this.audit.record(em, actor, 'CREATE', 'recipient', saved.id, null, { ...dto });
        return this.view(em, actor, saved);
      }
      if ((await this.links(em, existing.id)).some((p) => canSeeProvider(actor, p))) {
        throw DomainError.conflict(`Medicaid ID ${dto.medicaidId} is already registered (recipient ${existing.id}); add a provider to it with PATCH /recipients/${existing.id}`, {
          recipientId: existing.id,
        });
      }
      if (existing.birthDate !== dto.birthDate || personName(existing.name) !== personName(dto.name ?? null)) {
        throw DomainError.conflict(`Medicaid ID ${dto.medicaidId} cannot be registered with this name and birth date; ask an administrator to check it`);
      }
      for (const providerId of dto.providerIds) await this.link(em, actor, existing.id, providerId);
      return this.view(em, actor, existing);
    });
  }

  async update(actor: Actor, id: string, dto: UpdateRecipientDto): Promise<RecipientView> {
    rejectNulls(dto, ['medicaidId', 'birthDate', 'providerIds']);
    return this.dataSource.transaction(async (em) => {
      const current = await this.loadVisible(em, actor, id, true);
      const links = await this.links(em, id);
      const before = { medicaidId: current.medicaidId, name: current.name, birthDate: current.birthDate, providerIds: links };
      const identityChanges =
        (dto.medicaidId !== undefined && dto.medicaidId !== current.medicaidId) ||
        (dto.name !== undefined && dto.name !== current.name) ||
        (dto.birthDate !== undefined && dto.birthDate !== current.birthDate);
      if (identityChanges && links.length > 1 && actor.role !== 'ADMIN') {
        throw DomainError.forbidden(
          'the Medicaid ID, name and birth date of a recipient served by more than one provider are shared by all their records: an administrator changes them',
        );
      }
      let after = links;
      if (dto.providerIds) {
        // a key changes only the links it sees; links to providers it may not see stay as they are
        const hidden = links.filter((p) => !canSeeProvider(actor, p));
        after = [...new Set([...hidden, ...dto.providerIds])].sort();
        const changed = [...after.filter((p) => !links.includes(p)), ...links.filter((p) => !after.includes(p))];
        changed.forEach((p) => assertProviderInScope(actor, p));
        await this.assertProvidersExist(em, dto.providerIds, '/providerIds');
        await em.delete(RecipientProviderEntity, { recipientId: id });
        await em.insert(RecipientProviderEntity, after.map((providerId) => ({ recipientId: id, providerId })));
      }
      if (dto.medicaidId && dto.medicaidId !== current.medicaidId) {
        const other = await em.findOneBy(RecipientEntity, { medicaidId: dto.medicaidId });
        if (other) throw DomainError.field('/medicaidId', `Medicaid ID ${dto.medicaidId} is already registered`);
        current.medicaidId = dto.medicaidId;
      }
      if (dto.name !== undefined) current.name = dto.name;
      if (dto.birthDate !== undefined) current.birthDate = dto.birthDate;
      const saved = await em.save(current);
      await this.audit.record(em, actor, 'UPDATE', 'recipient', id, before, {
        medicaidId: saved.medicaidId,
        name: saved.name,
        birthDate: saved.birthDate,
        providerIds: after,
      });
      return this.view(em, actor, saved);
    });
  }

  async get(actor: Actor, id: string): Promise<RecipientView> {
    const em = this.dataSource.manager;
    const view = await this.view(em, actor, await this.loadVisible(em, actor, id));
    await this.audit.recordReads(em, actor, 'recipient', [id]);
    return view;
  }

  /** The recipient with this Medicaid ID among those the key may see; 404 otherwise (existence is not acknowledged). */
  async lookup(actor: Actor, medicaidId: string): Promise<RecipientView> {
    const page = await this.list(actor, { medicaidId, limit: 1, offset: 0 });
    if (!page.items[0]) throw new DomainError('NOT_FOUND', "no recipient with this Medicaid ID is registered for your providers");
    return page.items[0];
  }

  async list(actor: Actor, q: RecipientListQuery): Promise<Page<RecipientView>> {
    const em = this.dataSource.manager;
    const qb = em.createQueryBuilder(RecipientEntity, 'r');
    const scope = providerScope(actor);
    if (scope) qb.andWhere('EXISTS (SELECT 1 FROM recipient_providers rp WHERE rp.recipient_id = r.id AND rp.provider_id = ANY(:scope))', { scope });
    // filtering by a provider the key may not see would tell which of its recipients that provider serves
    if (q.providerId) assertProviderInScope(actor, q.providerId);
    if (q.providerId) qb.andWhere('EXISTS (SELECT 1 FROM recipient_providers rp2 WHERE rp2.recipient_id = r.id AND rp2.provider_id = :pid)', { pid: q.providerId });
    if (q.medicaidId) qb.andWhere('r.medicaid_id = :mid', { mid: q.medicaidId });
    if (q.birthDate) qb.andWhere('r.birth_date = :bd', { bd: q.birthDate });
    const [rows, total] = await qb.orderBy('r.medicaid_id', 'ASC').take(q.limit ?? 50).skip(q.offset ?? 0).getManyAndCount();
    const views = await this.views(em, actor, rows);
    await this.audit.recordReads(em, actor, 'recipient', rows.map((r) => r.id));
    return pageOf(views, total, q);
  }

  async addAssessment(actor: Actor, recipientId: string, dto: CreateAssessmentDto): Promise<AssessmentView> {
    return this.dataSource.transaction(async (em) => {
      await this.loadVisible(em, actor, recipientId, true);
      assertProviderInScope(actor, dto.providerId);
      const draft = {
        recipientId,
        providerId: dto.providerId,
        completedOn: dto.completedOn,
        approvedByStaffId: dto.approvedByStaffId ?? null,
        diagnoses: dto.diagnoses,
        ruleOut: dto.ruleOut ?? false,
        definitiveOn: dto.definitiveOn ?? null,
      };
      const errors = assessmentErrors(draft);
      if (errors.length) throw DomainError.invalid(errors);
      await this.assertProvidersExist(em, [dto.providerId], '/providerId');
      await this.assertStaffVisible(em, actor, draft.approvedByStaffId, '/approvedByStaffId');
      const saved = await em.save(em.create(AssessmentEntity, draft));
      await this.link(em, actor, recipientId, dto.providerId);
      await this.audit.record(em, actor, 'CREATE', 'assessment', saved.id, null, assessmentFact(saved));
      return { ...assessmentFact(saved), recipientId };
    });
  }

  async updateAssessment(actor: Actor, recipientId: string, id: string, dto: UpdateAssessmentDto): Promise<AssessmentView> {
    rejectNulls(dto, ['providerId', 'completedOn', 'diagnoses', 'ruleOut']);
    return this.dataSource.transaction(async (em) => {
      await this.loadVisible(em, actor, recipientId, true);
      const current = await em.findOne(AssessmentEntity, { where: { id, recipientId }, lock: { mode: 'pessimistic_write' } });
      if (!current || !canSeeProvider(actor, current.providerId)) throw DomainError.notFound('assessment', id);
      if (dto.providerId) assertProviderInScope(actor, dto.providerId);
      const before = assessmentFact(current);
      Object.assign(current, Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)));
      const errors = assessmentErrors(current);
      if (errors.length) throw DomainError.invalid(errors);
      await this.assertProvidersExist(em, [current.providerId], '/providerId');
      await this.assertStaffVisible(em, actor, current.approvedByStaffId, '/approvedByStaffId');
      const saved = await em.save(current);
      await this.link(em, actor, recipientId, saved.providerId);
      await this.audit.record(em, actor, 'UPDATE', 'assessment', id, before, assessmentFact(saved));
      return { ...assessmentFact(saved), recipientId };
    });
  }

  async addTreatmentPlan(actor: Actor, recipientId: string, dto: CreateTreatmentPlanDto): Promise<TreatmentPlanView> {
    return this.dataSource.transaction(async (em) => {
      await this.loadVisible(em, actor, recipientId, true);
      assertProviderInScope(actor, dto.providerId);
      const draft = {
        recipientId,
        providerId: dto.providerId,
        approvedOn: dto.approvedOn,
        approvedByStaffId: dto.approvedByStaffId ?? null,
        clientSignedOn: dto.clientSignedOn ?? null,
        services: dto.services,
      };
      const errors = planErrors(draft);
      if (errors.length) throw DomainError.invalid(errors);
      await this.assertProvidersExist(em, [dto.providerId], '/providerId');
      await this.assertStaffVisible(em, actor, draft.approvedByStaffId, '/approvedByStaffId');
      const saved = await em.save(em.create(TreatmentPlanEntity, draft));
      await this.link(em, actor, recipientId, dto.providerId);
      await this.audit.record(em, actor, 'CREATE', 'treatment_plan', saved.id, null, planFact(saved));
      return { ...planFact(saved), recipientId };
    });
  }

  async updateTreatmentPlan(actor: Actor, recipientId: string, id: string, dto: UpdateTreatmentPlanDto): Promise<TreatmentPlanView> {
    rejectNulls(dto, ['providerId', 'approvedOn', 'services']);
    return this.dataSource.transaction(async (em) => {
      await this.loadVisible(em, actor, recipientId, true);
      const current = await em.findOne(TreatmentPlanEntity, { where: { id, recipientId }, lock: { mode: 'pessimistic_write' } });
      if (!current || !canSeeProvider(actor, current.providerId)) throw DomainError.notFound('treatment plan', id);
      if (dto.providerId) assertProviderInScope(actor, dto.providerId);
      const before = planFact(current);
      Object.assign(current, Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)));
      const errors = planErrors(current);
      if (errors.length) throw DomainError.invalid(errors);
      await this.assertProvidersExist(em, [current.providerId], '/providerId');
      await this.assertStaffVisible(em, actor, current.approvedByStaffId, '/approvedByStaffId');
      const saved = await em.save(current);
      await this.link(em, actor, recipientId, saved.providerId);
      await this.audit.record(em, actor, 'UPDATE', 'treatment_plan', id, before, planFact(saved));
      return { ...planFact(saved), recipientId };
    });
  }

  /** Recipient facts for the claim engine: by id and by Medicaid ID, assessments and plans of every provider. */
  async facts(em: EntityManager, ids: string[], medicaidIds: string[], scope: string[] | null = null): Promise<RecipientFacts[]> {
    if (!ids.length && !medicaidIds.length) return [];
    const qb = em.createQueryBuilder(RecipientEntity, 'r');
    qb.where('(r.id = ANY(:ids) OR r.medicaid_id = ANY(:mids))', { ids, mids: medicaidIds });
    if (scope) qb.andWhere('EXISTS (SELECT 1 FROM recipient_providers rp WHERE rp.recipient_id = r.id AND rp.provider_id = ANY(:scope))', { scope });
    const rows = await qb.getMany();
    if (!rows.length) return [];
    const rids = rows.map((r) => r.id);
    // one after the other: `em` may be a transaction's, and a connection runs one query at a time
    const assessments = await em.find(AssessmentEntity, { where: { recipientId: In(rids) }, order: { completedOn: 'ASC' } });
    const plans = await em.find(TreatmentPlanEntity, { where: { recipientId: In(rids) }, order: { approvedOn: 'ASC' } });
    return rows.map((r) => ({
      id: r.id,
      medicaidId: r.medicaidId,
      name: r.name,
      birthDate: r.birthDate,
      assessments: assessments.filter((a) => a.recipientId === r.id).map(assessmentFact),
      treatmentPlans: plans.filter((p) => p.recipientId === r.id).map(planFact),
    }));
  }

  /** Throws 404 (never 403: another provider's recipients are not even acknowledged to exist). */
  async loadVisible(em: EntityManager, actor: Actor, id: string, lock = false): Promise<RecipientEntity> {
    const r = await em.findOne(RecipientEntity, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!r) throw DomainError.notFound('recipient', id);
    const scope = providerScope(actor);
    if (scope) {
      const links = await this.links(em, id);
      if (!links.some((p) => scope.includes(p))) throw DomainError.notFound('recipient', id);
    }
    return r;
  }

  private async links(em: EntityManager, recipientId: string): Promise<string[]> {
    return (await em.find(RecipientProviderEntity, { where: { recipientId } })).map((l) => l.providerId).sort();
  }

  /** The provider of a new assessment or plan comes to serve (and see) the recipient: audited. */
  private async link(em: EntityManager, actor: Actor, recipientId: string, providerId: string): Promise<void> {
    if (await em.exists(RecipientProviderEntity, { where: { recipientId, providerId } })) return;
    await em.createQueryBuilder().insert().into(RecipientProviderEntity).values({ recipientId, providerId }).orIgnore().execute();
    await this.audit.record(em, actor, 'LINK', 'recipient', recipientId, null, { providerId });
  }

  private async view(em: EntityManager, actor: Actor, r: RecipientEntity): Promise<RecipientView> {
    return (await this.views(em, actor, [r]))[0];
  }

  private async views(em: EntityManager, actor: Actor, rows: RecipientEntity[]): Promise<RecipientView[]> {
    if (!rows.length) return [];
    const ids = rows.map((r) => r.id);
    const links = await em.find(RecipientProviderEntity, { where: { recipientId: In(ids) } });
    const assessments = await em.find(AssessmentEntity, { where: { recipientId: In(ids) }, order: { completedOn: 'ASC' } });
    const plans = await em.find(TreatmentPlanEntity, { where: { recipientId: In(ids) }, order: { approvedOn: 'ASC' } });
    const visible = (providerId: string): boolean => canSeeProvider(actor, providerId);
    const scoped = providerScope(actor) !== null;
    return rows.map((r) => {
      const seen = links.filter((l) => l.recipientId === r.id && visible(l.providerId));
      // to a key, the record begins when it came to one of its providers (it may have been on file for
      // another provider before: that is not shown)
      const since = scoped && seen.length ? new Date(Math.max(r.createdAt.getTime(), Math.min(...seen.map((l) => l.createdAt.getTime())))) : r.createdAt;
      return {
        id: r.id,
        medicaidId: r.medicaidId,
        name: r.name,
        birthDate: r.birthDate,
        providerIds: seen.map((l) => l.providerId).sort(),
        assessments: assessments.filter((a) => a.recipientId === r.id && visible(a.providerId)).map((a) => ({ ...assessmentFact(a), recipientId: r.id })),
        treatmentPlans: plans.filter((p) => p.recipientId === r.id && visible(p.providerId)).map((p) => ({ ...planFact(p), recipientId: r.id })),
        createdAt: since.toISOString(),
        updatedAt: (r.updatedAt > since ? r.updatedAt : since).toISOString(),
        version: r.version,
      };
    });
  }

  private async assertProvidersExist(em: EntityManager, ids: string[], path: string): Promise<void> {
    const found = new Set((await em.find(ProviderEntity, { where: { id: In(ids) }, select: { id: true } })).map((p) => p.id));
    const errors = ids.map((id, i) => ({ id, i })).filter(({ id }) => !found.has(id));
    if (errors.length) {
      throw DomainError.invalid(errors.map(({ id, i }) => ({ path: path.endsWith('s') ? `${path}/${i}` : path, message: `provider ${id} is not registered` })));
    }
  }

  /** An approver must be staff of a provider the key may see: another provider's staff are not accepted (nor named). */
  private async assertStaffVisible(em: EntityManager, actor: Actor, id: string | null, path: string): Promise<void> {
    if (!id) return;
    const staff = await em.findOne(StaffEntity, { where: { id }, select: { id: true, providerId: true } });
    if (!staff || !canSeeProvider(actor, staff.providerId)) throw DomainError.field(path, `staff member ${id} is not registered at a provider this key acts for`);
  }
}
