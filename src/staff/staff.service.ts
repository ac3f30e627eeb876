import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { assertProviderInScope, canSeeProvider, providerScope, type Actor } from '../auth/actor';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { Clock } from '../common/clock';
import { DomainError, type FieldError } from '../common/domain-error';
import { rejectNulls } from '../common/validation';
import { pageOf, type Page } from '../common/paging';
import { ProviderEntity, StaffEntity } from '../database/entities';
import type { DateOnly } from '../rules/dates';
import { experienceFact, type StaffFacts } from '../rules/facts';
import type { CreateStaffDto, StaffListQuery, StaffView, UpdateStaffDto } from './staff.dto';

type StaffDraft = Omit<StaffEntity, 'id' | 'createdAt' | 'updatedAt' | 'version' | 'provider' | 'supervisor'>;

export function toStaffFacts(s: StaffEntity): StaffFacts {
  return {
    id: s.id,
    providerId: s.providerId,
    name: s.name,
    npi: s.npi,
    birthDate: s.birthDate,
    hireDate: s.hireDate,
    endDate: s.endDate,
    licenses: s.licenses,
    degrees: s.degrees,
    highSchoolOrGed: s.highSchoolOrGed,
    experience: s.experience.map(experienceFact),
    trainings: s.trainings,
    practicumHours: s.practicumHours,
    certifications: s.certifications,
    supervisorStaffId: s.supervisorStaffId,
    mhpDesignatedBefore2011: s.mhpDesignatedBefore2011,
    rsaAbilitiesAttestedOn: s.rsaAbilitiesAttestedOn,
    prescriberDesignations: s.prescriberDesignations,
    fullTime: s.fullTime,
    livedExperience: s.livedExperience,
    clinicalDirector: s.clinicalDirector,
    backgroundChecks: s.backgroundChecks,
  };
}

/**
 * A staff lookup for the engines that knows only staff of the providers a key may see (scope null: all):
 * anyone else is, to that key, not registered, so no answer names them or their employer.
 */
export function staffInScope(scope: readonly string[] | null, facts: ReadonlyMap<string, StaffFacts | null>): (id: string) => StaffFacts | undefined {
  return (id) => {
    const s = facts.get(id);
    return s && (scope === null || scope.includes(s.providerId)) ? s : undefined;
  };
}

export function toStaffView(s: StaffEntity): StaffView {
  return { ...toStaffFacts(s), createdAt: s.createdAt.toISOString(), updatedAt: s.updatedAt.toISOString(), version: s.version } as StaffView;
}

/** The field rules class-validator cannot express: dates in order (and not after today), references that exist. */
function staffRuleErrors(s: StaffDraft, today: DateOnly): FieldError[] {
  const errors: FieldError[] = [];
  if (s.endDate && s.endDate < s.hireDate) errors.push({ path: '/endDate', message: `endDate (${s.endDate}) is before hireDate (${s.hireDate})` });
  s.licenses.forEach((l, i) => {
    if (l.expiresOn && l.expiresOn < l.issuedOn) errors.push({ path: `/licenses/${i}/expiresOn`, message: `expiresOn (${l.expiresOn}) is before issuedOn (${l.issuedOn})` });
    if (l.specialty && l.kind !== 'PHYSICIAN' && l.kind !== 'ADVANCED_PRACTICE_NURSE') {
      errors.push({ path: `/licenses/${i}/specialty`, message: 'a specialty applies only to a physician or advanced practice nurse licence' });
    }
  });
  s.certifications.forEach((c, i) => {
    if (c.expiresOn && c.expiresOn < c.issuedOn) errors.push({ path: `/certifications/${i}/expiresOn`, message: `expiresOn (${c.expiresOn}) is before issuedOn (${c.issuedOn})` });
  });
  s.experience.forEach((e, i) => {
    if (e.to && e.to < e.from) errors.push({ path: `/experience/${i}/to`, message: `to (${e.to}) is before from (${e.from})` });
    if (e.supervisedByQmhp && !e.supervised) errors.push({ path: `/experience/${i}/supervised`, message: 'supervisedByQmhp: true implies supervised: true (a QMHP supervising is supervision)' });
  });
  s.prescriberDesignations.forEach((d, i) => {
    if (d.endsOn && d.endsOn < d.designatedOn) errors.push({ path: `/prescriberDesignations/${i}/endsOn`, message: `endsOn (${d.endsOn}) is before designatedOn (${d.designatedOn})` });
    if (d.services.length === 0) errors.push({ path: `/prescriberDesignations/${i}/services`, message: 'name at least one service' });
  });
  s.backgroundChecks.forEach((c, i) => {
    if (c.checkedOn > today) errors.push({ path: `/backgroundChecks/${i}/checkedOn`, message: `a check is recorded once it is done: ${c.checkedOn} is after today (${today})` });
  });
  if (s.degrees.some((d) => d.conferredOn === undefined)) s.degrees.forEach((d) => (d.conferredOn = d.conferredOn ?? null));
  return errors;
}

function draftFrom(dto: Partial<CreateStaffDto>, base?: StaffEntity): StaffDraft {
  const pick = <K extends keyof StaffDraft>(k: K, fallback: StaffDraft[K]): StaffDraft[K] =>
    (dto as Record<string, unknown>)[k] !== undefined ? ((dto as Record<string, unknown>)[k] as StaffDraft[K]) : base ? base[k] : fallback;
  return {
    providerId: base ? base.providerId : (dto.providerId as string),
    name: pick('name', ''),
    npi: pick('npi', null),
    birthDate: pick('birthDate', null),
    hireDate: pick('hireDate', ''),
    endDate: pick('endDate', null),
    licenses: pick('licenses', []).map((l) => ({ ...l, specialty: l.specialty ?? null })),
    degrees: pick('degrees', []).map((d) => ({ ...d, conferredOn: d.conferredOn ?? null })),
    highSchoolOrGed: pick('highSchoolOrGed', false),
    // `supervised` defaults to supervisedByQmhp; an explicit false beside supervisedByQmhp true is kept, to be refused
    experience: pick('experience', []).map((e) => ({ ...e, supervised: e.supervised ?? e.supervisedByQmhp })),
    trainings: pick('trainings', []),
    practicumHours: pick('practicumHours', null),
    certifications: pick('certifications', []),
    supervisorStaffId: pick('supervisorStaffId', null),
    mhpDesignatedBefore2011: pick('mhpDesignatedBefore2011', false),
    rsaAbilitiesAttestedOn: pick('rsaAbilitiesAttestedOn', null),
    prescriberDesignations: pick('prescriberDesignations', []).map((d) => ({ ...d, endsOn: d.endsOn ?? null })),
    fullTime: pick('fullTime', true),
    livedExperience: pick('livedExperience', false),
    clinicalDirector: pick('clinicalDirector', false),
    backgroundChecks: pick('backgroundChecks', []),
  };
}

@Injectable()
export class StaffService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly keys: ApiKeyGuard,
    private readonly clock: Clock,
  ) {}

  async create(actor: Actor, dto: CreateStaffDto): Promise<StaffView> {
    const draft = draftFrom(dto);
    const errors = staffRuleErrors(draft, this.clock.today());
    if (errors.length) throw DomainError.invalid(errors);
    return this.dataSource.transaction(async (em) => {
      const provider = await em.findOneBy(ProviderEntity, { id: draft.providerId });
      if (!provider) throw DomainError.field('/providerId', `provider ${draft.providerId} is not registered`);
      assertProviderInScope(actor, provider.id);
      await this.assertReferences(em, actor, draft, null);
      const saved = await em.save(em.create(StaffEntity, draft));
      await this.audit.record(em, actor, 'CREATE', 'staff', saved.id, null, toStaffFacts(saved));
      return toStaffView(saved);
    });
  }

  async update(actor: Actor, id: string, dto: UpdateStaffDto): Promise<StaffView> {
    rejectNulls(dto, ['name', 'hireDate', 'licenses', 'degrees', 'highSchoolOrGed', 'experience', 'trainings', 'certifications', 'mhpDesignatedBefore2011', 'prescriberDesignations', 'fullTime', 'livedExperience', 'clinicalDirector', 'backgroundChecks']);
    const updated = await this.dataSource.transaction(async (em) => {
      const current = await em.findOne(StaffEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!current) throw DomainError.notFound('staff member', id);
      assertProviderInScope(actor, current.providerId);
      const before = toStaffFacts(current);
      const draft = draftFrom(dto, current);
      const errors = staffRuleErrors(draft, this.clock.today());
      if (errors.length) throw DomainError.invalid(errors);
      await this.assertReferences(em, actor, draft, id);
      const saved = await em.save(Object.assign(current, draft));
      const action = dto.endDate && !before.endDate ? 'END_EMPLOYMENT' : 'UPDATE';
      await this.audit.record(em, actor, action, 'staff', id, before, toStaffFacts(saved));
      return { view: toStaffView(saved), employmentChanged: before.endDate !== saved.endDate || before.hireDate !== saved.hireDate };
    });
    // API keys this person holds work only while they are employed: the guard must not keep the old dates
    if (updated.employmentChanged) this.keys.invalidate();
    return updated.view;
  }

  async get(actor: Actor, id: string): Promise<StaffView> {
    const s = await this.dataSource.getRepository(StaffEntity).findOneBy({ id });
    if (!s) throw DomainError.notFound('staff member', id);
    assertProviderInScope(actor, s.providerId);
    return toStaffView(s);
  }

  async list(actor: Actor, q: StaffListQuery): Promise<Page<StaffView>> {
    const qb = this.dataSource.getRepository(StaffEntity).createQueryBuilder('s');
    const scope = providerScope(actor);
    if (scope) qb.andWhere('s.provider_id = ANY(:scope)', { scope });
    if (q.providerId) qb.andWhere('s.provider_id = :providerId', { providerId: q.providerId });
    if (q.npi) qb.andWhere('s.npi = :npi', { npi: q.npi });
    if (q.name) qb.andWhere('s.name ILIKE :name', { name: `%${q.name.replace(/[%_\\]/g, '\\$&')}%` });
    if (q.employedOn) qb.andWhere('s.hire_date <= :d AND (s.end_date IS NULL OR s.end_date >= :d)', { d: q.employedOn });
    const [rows, total] = await qb.orderBy('s.name', 'ASC').addOrderBy('s.id', 'ASC').take(q.limit ?? 50).skip(q.offset ?? 0).getManyAndCount();
    return pageOf(rows.map(toStaffView), total, q);
  }

  /** Staff facts by id, with the supervisors and prescribers they name (one query per level). */
  async factsWithReferences(em: EntityManager, ids: string[]): Promise<Map<string, StaffFacts>> {
    const out = new Map<string, StaffFacts>();
    let wanted = [...new Set(ids)];
    for (let depth = 0; depth < 3 && wanted.length; depth++) {
      const rows = await em.find(StaffEntity, { where: { id: In(wanted) } });
      const next = new Set<string>();
      for (const r of rows) {
        const f = toStaffFacts(r);
        out.set(f.id, f);
        if (f.supervisorStaffId && !out.has(f.supervisorStaffId)) next.add(f.supervisorStaffId);
        for (const d of f.prescriberDesignations) if (!out.has(d.designatedByStaffId)) next.add(d.designatedByStaffId);
      }
      wanted = [...next];
    }
    return out;
  }

  /** Staff registered with any of these NPIs (one query), in a fixed order (by id). */
  async idsByNpi(em: EntityManager, npis: string[]): Promise<{ id: string; npi: string }[]> {
    const rows = await em.find(StaffEntity, { where: { npi: In(npis) }, select: { id: true, npi: true }, order: { id: 'ASC' } });
    return rows.map((r) => ({ id: r.id, npi: r.npi as string }));
  }

  async factsOfProvider(em: EntityManager, providerId: string): Promise<Map<string, StaffFacts>> {
    return this.factsOfProviders(em, [providerId]);
  }

  /** The rosters of providers (one query), with the supervisors and prescribers they name wherever those work. */
  async factsOfProviders(em: EntityManager, providerIds: string[]): Promise<Map<string, StaffFacts>> {
    const rows = await em.find(StaffEntity, { where: { providerId: In(providerIds) } });
    const map = await this.factsWithReferences(
      em,
      rows.flatMap((r) => [r.supervisorStaffId, ...r.prescriberDesignations.map((d) => d.designatedByStaffId)]).filter((x): x is string => !!x),
    );
    for (const r of rows) map.set(r.id, toStaffFacts(r));
    return map;
  }

  /** The supervisor and the prescribers named: registered, and staff of a provider the key may see. */
  private async assertReferences(em: EntityManager, actor: Actor, s: StaffDraft, selfId: string | null): Promise<void> {
    const errors: FieldError[] = [];
    const refs = new Set<string>();
    if (s.supervisorStaffId) {
      if (s.supervisorStaffId === selfId) errors.push({ path: '/supervisorStaffId', message: 'a person cannot supervise themselves' });
      refs.add(s.supervisorStaffId);
    }
    s.prescriberDesignations.forEach((d) => refs.add(d.designatedByStaffId));
    if (refs.size) {
      const rows = await em.find(StaffEntity, { where: { id: In([...refs]) }, select: { id: true, providerId: true } });
      const known = new Set(rows.filter((r) => canSeeProvider(actor, r.providerId)).map((r) => r.id));
      const unknown = (id: string) => `staff member ${id} is not registered at a provider this key acts for`;
      if (s.supervisorStaffId && !known.has(s.supervisorStaffId)) errors.push({ path: '/supervisorStaffId', message: unknown(s.supervisorStaffId) });
      s.prescriberDesignations.forEach((d, i) => {
        if (!known.has(d.designatedByStaffId)) errors.push({ path: `/prescriberDesignations/${i}/designatedByStaffId`, message: unknown(d.designatedByStaffId) });
      });
    }
    if (errors.length) throw DomainError.invalid(errors);
  }
}
