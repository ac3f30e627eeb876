import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { assertProviderInScope, providerScope, type Actor } from '../auth/actor';
import { DomainError } from '../common/domain-error';
import { pageOf, type Page } from '../common/paging';
import { ProgramApprovalEntity, ProgramApprovalEventEntity, ProviderEntity, StaffEntity } from '../database/entities';
import { evaluateCredential } from '../rules/credentials';
import { today, type DateOnly } from '../rules/dates';
import {
  applyEvent,
  evaluateReadiness,
  programInForceOn,
  programStateOn,
  type Deadline,
  type ProgramApprovalEvent,
  type ProgramApprovalState,
  type ReadinessResult,
} from '../rules/program-approval';
import type { ProgramInForce } from '../rules/program-approval/types';
import type { Program } from '../rules/vocabulary';
import { staffInScope, StaffService } from '../staff/staff.service';
import type { CreateProgramApprovalDto, ProgramApprovalEventDto, ProgramApprovalListQuery, StaffingDto } from './program-approval.dto';

export interface DeadlineView {
  kind: string;
  dueOn: DateOnly;
  citation: string;
  description: string;
  party: string;
  open: boolean;
  overdue: boolean;
  openedOn: DateOnly;
  closedOn: DateOnly | null;
  closedBy: string | null;
}

export interface ProgramApprovalView extends Omit<ProgramApprovalState, 'deadlines'> {
  id: string;
  providerId: string;
  /** open deadlines on asOf, soonest first */
  deadlines: DeadlineView[];
  /** every deadline that arose, met or not */
  allDeadlines: DeadlineView[];
  events: (ProgramApprovalEvent & { seq: number; recordedAt: string })[];
  staffing: ProgramApprovalEntity['staffing'];
  census: ProgramApprovalEntity['census'];
}

export interface OpenDeadline {
  programApprovalId: string;
  providerId: string;
  providerName: string;
  program: Program;
  kind: string;
  dueOn: DateOnly;
  citation: string;
  description: string;
  party: string;
  overdue: boolean;
}

function toEvent(e: ProgramApprovalEventEntity): ProgramApprovalEvent {
  return {
    type: e.type as ProgramApprovalEvent['type'],
    occurredOn: e.occurredOn,
    noticeOn: e.noticeOn,
    reviewOn: e.reviewOn,
    outcome: e.outcome as ProgramApprovalEvent['outcome'],
    effectiveOn: e.effectiveOn,
    note: e.note,
  };
}

function deadlineView(d: Deadline, asOf: DateOnly): DeadlineView {
  return {
    kind: d.kind,
    dueOn: d.dueOn,
    citation: d.citation,
    description: d.description,
    party: d.party,
    open: d.open,
    overdue: d.overdue(asOf),
    openedOn: d.openedOn,
    closedOn: d.closedOn,
    closedBy: d.closedBy,
  };
}

@Injectable()
export class ProgramApprovalsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly staff: StaffService,
  ) {}

  async create(actor: Actor, dto: CreateProgramApprovalDto): Promise<ProgramApprovalView> {
    return this.dataSource.transaction(async (em) => {
      if (!(await em.exists(ProviderEntity, { where: { id: dto.providerId } }))) throw DomainError.field('/providerId', `provider ${dto.providerId} is not registered`);
      assertProviderInScope(actor, dto.providerId);
      const existing = await em.findOneBy(ProgramApprovalEntity, { providerId: dto.providerId, program: dto.program });
      if (existing) throw DomainError.conflict(`provider ${dto.providerId} already has a ${dto.program} program approval record (${existing.id})`, { existingId: existing.id });
      const saved = await em.save(em.create(ProgramApprovalEntity, { providerId: dto.providerId, program: dto.program, staffing: null, census: null }));
      await this.audit.record(em, actor, 'CREATE', 'program_approval', saved.id, null, { providerId: saved.providerId, program: saved.program });
      return this.view(saved, [], today());
    });
  }

  async get(actor: Actor, id: string, asOf: DateOnly): Promise<ProgramApprovalView> {
    const { row, events } = await this.load(this.dataSource.manager, actor, id);
    return this.view(row, events, asOf);
  }

  async list(actor: Actor, q: ProgramApprovalListQuery, asOf: DateOnly): Promise<Page<ProgramApprovalView>> {
    const qb = this.dataSource.manager.createQueryBuilder(ProgramApprovalEntity, 'pa');
    const scope = providerScope(actor);
    if (scope) qb.andWhere('pa.provider_id = ANY(:scope)', { scope });
    if (q.providerId) qb.andWhere('pa.provider_id = :pid', { pid: q.providerId });
    if (q.program) qb.andWhere('pa.program = :program', { program: q.program });
    const rows = await qb.orderBy('pa.created_at', 'ASC').addOrderBy('pa.id', 'ASC').getMany();
    const events = await this.eventsOf(this.dataSource.manager, rows.map((r) => r.id));
    let views = rows.map((r) => this.view(r, events.get(r.id) ?? [], asOf));
    if (q.status) views = views.filter((v) => v.status === q.status);
    const offset = q.offset ?? 0;
    const limit = q.limit ?? 50;
    return pageOf(views.slice(offset, offset + limit), views.length, q);
  }

  async recordEvent(actor: Actor, id: string, dto: ProgramApprovalEventDto): Promise<ProgramApprovalView> {
    return this.dataSource.transaction(async (em) => {
      // the row lock serialises events on one approval, so two reviewers cannot interleave
      const { row, events } = await this.load(em, actor, id, true);
      const next: ProgramApprovalEvent = {
        type: dto.type,
        occurredOn: dto.occurredOn,
        noticeOn: dto.noticeOn ?? null,
        reviewOn: dto.reviewOn ?? null,
        outcome: dto.outcome ?? null,
        effectiveOn: dto.effectiveOn ?? null,
        note: dto.note ?? null,
      };
      const result = applyEvent(row.program, events.map(toEvent), next);
      if (!result.ok) {
        if (result.code === 'VALIDATION_FAILED') throw DomainError.invalid(result.errors ?? [], `${result.reason} (${result.citation})`);
        throw new DomainError('EVENT_NOT_ALLOWED', `${dto.type} is not allowed now: ${result.reason}`, [], { citation: result.citation, reason: result.reason });
      }
      const saved = await em.save(
        em.create(ProgramApprovalEventEntity, {
          programApprovalId: id,
          seq: events.length + 1,
          type: next.type,
          occurredOn: next.occurredOn,
          noticeOn: next.noticeOn ?? null,
          reviewOn: next.reviewOn ?? null,
          outcome: next.outcome ?? null,
          effectiveOn: next.effectiveOn ?? null,
          note: next.note ?? null,
          recordedByKeyId: actor.keyId,
        }),
      );
      await em.increment(ProgramApprovalEntity, { id }, 'version', 1);
      await this.audit.record(em, actor, 'RECORD_EVENT', 'program_approval', id, { events: events.length }, { seq: saved.seq, ...next });
      return this.view(row, [...events, saved], next.occurredOn);
    });
  }

  async setStaffing(actor: Actor, id: string, dto: StaffingDto): Promise<ProgramApprovalView> {
    return this.dataSource.transaction(async (em) => {
      const { row, events } = await this.load(em, actor, id, true);
      if (dto.members?.length) {
        const staff = await em.find(StaffEntity, { where: { id: In(dto.members.map((m) => m.staffId)) }, select: { id: true, providerId: true } });
        const byId = new Map(staff.map((s) => [s.id, s]));
        const errors = dto.members.flatMap((m, i) => {
          const s = byId.get(m.staffId);
          if (!s) return [{ path: `/members/${i}/staffId`, message: `staff member ${m.staffId} is not registered` }];
          if (s.providerId !== row.providerId) return [{ path: `/members/${i}/staffId`, message: `staff member ${m.staffId} is not staff of this program's provider` }];
          return [];
        });
        if (errors.length) throw DomainError.invalid(errors);
      }
      const before = { staffing: row.staffing, census: row.census };
      row.staffing = dto.members;
      row.census = dto.census;
      const saved = await em.save(row);
      await this.audit.record(em, actor, 'UPDATE', 'program_approval', id, before, { staffing: saved.staffing, census: saved.census });
      return this.view(saved, events, today());
    });
  }

  async readiness(actor: Actor, id: string, asOf: DateOnly): Promise<ReadinessResult & { programApprovalId: string; providerId: string }> {
    const em = this.dataSource.manager;
    const { row } = await this.load(em, actor, id);
    let members = null;
    if (row.staffing) {
      const facts = await this.staff.factsWithReferences(em, row.staffing.map((m) => m.staffId));
      const ctx = { staffById: staffInScope(providerScope(actor), facts) };
      members = row.staffing
        .filter((m) => facts.has(m.staffId))
        .map((m) => ({ staff: facts.get(m.staffId)!, credential: evaluateCredential(facts.get(m.staffId)!, asOf, ctx), role: m.role, fte: m.fte }));
    }
    return { programApprovalId: row.id, providerId: row.providerId, ...evaluateReadiness(row.program, { asOf, members, census: row.census }) };
  }

  /** Every open deadline on `asOf` with dueOn in [from, to], soonest first. */
  async deadlines(actor: Actor, opts: { from: DateOnly; to: DateOnly; providerId?: string; overdueOnly: boolean; asOf: DateOnly }): Promise<OpenDeadline[]> {
    const em = this.dataSource.manager;
    const qb = em.createQueryBuilder(ProgramApprovalEntity, 'pa');
    const scope = providerScope(actor);
    if (scope) qb.andWhere('pa.provider_id = ANY(:scope)', { scope });
    if (opts.providerId) qb.andWhere('pa.provider_id = :pid', { pid: opts.providerId });
    const rows = await qb.getMany();
    const events = await this.eventsOf(em, rows.map((r) => r.id));
    const providers = new Map((await em.find(ProviderEntity, { where: { id: In([...new Set(rows.map((r) => r.providerId)), '00000000-0000-0000-0000-000000000000']) } })).map((p) => [p.id, p.name]));
    const out: OpenDeadline[] = [];
    for (const r of rows) {
      const st = programStateOn(r.program, (events.get(r.id) ?? []).map(toEvent), opts.asOf);
      for (const d of st.deadlines) {
        if (!d.open || d.dueOn < opts.from || d.dueOn > opts.to) continue;
        const overdue = d.overdue(opts.asOf);
        if (opts.overdueOnly && !overdue) continue;
        out.push({
          programApprovalId: r.id,
          providerId: r.providerId,
          providerName: providers.get(r.providerId) ?? '',
          program: r.program,
          kind: d.kind,
          dueOn: d.dueOn,
          citation: d.citation,
          description: d.description,
          party: d.party,
          overdue,
        });
      }
    }
    return out.sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.kind.localeCompare(b.kind)));
  }

  /**
   * For the claim checks: one query for every approval of the given providers, then an in-memory
   * answer (memoised) to "is this program in force on this date".
   */
  async inForceLookup(
    em: EntityManager,
    providerIds: string[],
    memo: Map<string, ProgramInForce> = new Map(),
  ): Promise<(providerId: string, program: Program, date: DateOnly) => ProgramInForce> {
    const rows = providerIds.length ? await em.find(ProgramApprovalEntity, { where: { providerId: In(providerIds) } }) : [];
    const events = await this.eventsOf(em, rows.map((r) => r.id));
    const byKey = new Map(rows.map((r) => [`${r.providerId}|${r.program}`, (events.get(r.id) ?? []).map(toEvent)]));
    return (providerId, program, date) => {
      const key = `${providerId}|${program}|${date}`;
      let hit = memo.get(key);
      if (!hit) {
        hit = programInForceOn(program, byKey.get(`${providerId}|${program}`) ?? [], date);
        memo.set(key, hit);
      }
      return hit;
    };
  }

  private async load(em: EntityManager, actor: Actor, id: string, lock = false) {
    const row = await em.findOne(ProgramApprovalEntity, { where: { id }, ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}) });
    if (!row) throw DomainError.notFound('program approval', id);
    assertProviderInScope(actor, row.providerId);
    const events = await em.find(ProgramApprovalEventEntity, { where: { programApprovalId: id }, order: { seq: 'ASC' } });
    return { row, events };
  }

  private async eventsOf(em: EntityManager, ids: string[]): Promise<Map<string, ProgramApprovalEventEntity[]>> {
    const map = new Map<string, ProgramApprovalEventEntity[]>();
    if (!ids.length) return map;
    for (const e of await em.find(ProgramApprovalEventEntity, { where: { programApprovalId: In(ids) }, order: { seq: 'ASC' } })) {
      const list = map.get(e.programApprovalId) ?? [];
      list.push(e);
      map.set(e.programApprovalId, list);
    }
    return map;
  }

  private view(row: ProgramApprovalEntity, events: ProgramApprovalEventEntity[], asOf: DateOnly): ProgramApprovalView {
    const st = programStateOn(row.program, events.map(toEvent), asOf);
    const all = st.deadlines.map((d) => deadlineView(d, asOf));
    return {
      ...st,
      id: row.id,
      providerId: row.providerId,
      deadlines: all.filter((d) => d.open),
      allDeadlines: all,
      events: events.map((e) => ({ ...toEvent(e), seq: e.seq, recordedAt: e.recordedAt.toISOString() })),
      staffing: row.staffing,
      census: row.census,
    };
  }
}
