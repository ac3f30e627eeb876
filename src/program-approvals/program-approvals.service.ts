import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { assertProviderInScope, providerScope, type Actor } from '../auth/actor';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { pageOf, type Page } from '../common/paging';
import { ProgramApprovalEntity, ProgramApprovalEventEntity, ProviderEntity } from '../database/entities';
import type { HolidayRules } from '../rules/calendar';
import { today, type DateOnly } from '../rules/dates';
import {
  applyEvent,
  programInForceChecker,
  programStateOn,
  type Deadline,
  type ProgramApprovalEvent,
  type ProgramApprovalState,
  type ReadinessResult,
} from '../rules/program-approval';
import type { DeadlineEntry, DeadlineQuery } from '../deadlines/deadline-source';
import type { ProgramInForce } from '../rules/program-approval/types';
import type { Program } from '../rules/vocabulary';
import type { CreateProgramApprovalDto, ProgramApprovalEventDto, ProgramApprovalListQuery, ReadinessEvidenceDto, StaffingDto } from './program-approval.dto';
import { ReadinessService } from './readiness.service';
import { TABLE_N_CALENDAR } from './table-n-config';

export interface DeadlineView {
  id: string;
  ruleId: string;
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
  providerName: string;
  /** open deadlines on asOf, soonest first */
  deadlines: DeadlineView[];
  /** every deadline that arose, met or not */
  allDeadlines: DeadlineView[];
  events: (ProgramApprovalEvent & { seq: number; recordedAt: string })[];
  staffing: ProgramApprovalEntity['staffing'];
  census: ProgramApprovalEntity['census'];
  /** documentation of the practice criteria of readiness, in the order recorded */
  evidence: ProgramApprovalEntity['evidence'];
}

/** The stored event as the rules read it; recordedOn is the UTC day it was recorded. */
function toEvent(e: ProgramApprovalEventEntity): ProgramApprovalEvent {
  return {
    type: e.type as ProgramApprovalEvent['type'],
    occurredOn: e.occurredOn,
    noticeOn: e.noticeOn,
    reviewOn: e.reviewOn,
    outcome: e.outcome as ProgramApprovalEvent['outcome'],
    effectiveOn: e.effectiveOn,
    submittedOn: e.submittedOn,
    recordedOn: today(e.recordedAt),
    note: e.note,
  };
}

function deadlineView(d: Deadline, asOf: DateOnly): DeadlineView {
  return {
    id: d.id,
    ruleId: d.ruleId,
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
    private readonly readinessOf: ReadinessService,
    private readonly clock: Clock,
    @Inject(TABLE_N_CALENDAR) private readonly calendar: HolidayRules,
  ) {}

  async create(actor: Actor, dto: CreateProgramApprovalDto): Promise<ProgramApprovalView> {
    return this.dataSource.transaction(async (em) => {
      if (!(await em.exists(ProviderEntity, { where: { id: dto.providerId } }))) throw DomainError.field('/providerId', `provider ${dto.providerId} is not registered`);
      assertProviderInScope(actor, dto.providerId);
      const existing = await em.findOneBy(ProgramApprovalEntity, { providerId: dto.providerId, program: dto.program });
      if (existing) throw DomainError.conflict(`provider ${dto.providerId} already has a ${dto.program} program approval record (${existing.id})`, { existingId: existing.id });
      const saved = await em.save(em.create(ProgramApprovalEntity, { providerId: dto.providerId, program: dto.program, staffing: null, census: null }));
      await this.audit.record(em, actor, 'CREATE', 'program_approval', saved.id, null, { providerId: saved.providerId, program: saved.program });
      return this.view(saved, [], this.clock.today(), await this.providerNames(em, [saved.providerId]));
    });
  }

  async get(actor: Actor, id: string, asOf: DateOnly, knownOn?: DateOnly): Promise<ProgramApprovalView> {
    const em = this.dataSource.manager;
    const { row, events } = await this.load(em, actor, id);
    return this.view(row, events, asOf, await this.providerNames(em, [row.providerId]), knownOn);
  }

  async list(actor: Actor, q: ProgramApprovalListQuery, asOf: DateOnly): Promise<Page<ProgramApprovalView>> {
    const qb = this.dataSource.manager.createQueryBuilder(ProgramApprovalEntity, 'pa');
    const scope = providerScope(actor);
    if (scope) qb.andWhere('pa.provider_id = ANY(:scope)', { scope });
    if (q.providerId) qb.andWhere('pa.provider_id = :pid', { pid: q.providerId });
    if (q.program) qb.andWhere('pa.program = :program', { program: q.program });
    const rows = await qb.orderBy('pa.created_at', 'ASC').addOrderBy('pa.id', 'ASC').getMany();
    const events = await this.eventsOf(this.dataSource.manager, rows.map((r) => r.id));
    const names = await this.providerNames(this.dataSource.manager, rows.map((r) => r.providerId));
    let views = rows.map((r) => this.view(r, events.get(r.id) ?? [], asOf, names, q.knownOn));
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
        submittedOn: dto.submittedOn ?? null,
        note: dto.note ?? null,
      };
      const recordedAt = this.clock.now();
      const result = applyEvent(row.program, events.map(toEvent), { ...next, recordedOn: today(recordedAt) }, { calendar: this.calendar });
      if (!result.ok) {
        if (result.code === 'VALIDATION_FAILED') throw DomainError.invalid(result.errors ?? [], `${result.reason} (${result.citation})`);
        throw new DomainError('EVENT_NOT_ALLOWED', `${dto.type} is not allowed now: ${result.reason}`, [], { citation: result.citation, reason: result.reason, guardId: result.guardId });
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
          submittedOn: next.submittedOn ?? null,
          note: next.note ?? null,
          recordedByKeyId: actor.keyId,
          recordedAt,
        }),
      );
      await em.increment(ProgramApprovalEntity, { id }, 'version', 1);
      await this.audit.record(em, actor, 'RECORD_EVENT', 'program_approval', id, { events: events.length }, { seq: saved.seq, ...next });
      return this.view(row, [...events, saved], next.occurredOn, await this.providerNames(em, [row.providerId]));
    });
  }

  async setStaffing(actor: Actor, id: string, dto: StaffingDto): Promise<ProgramApprovalView> {
    return this.dataSource.transaction(async (em) => {
      const { row, events } = await this.load(em, actor, id, true);
      await this.readinessOf.checkStaffing(em, row.providerId, dto);
      const before = { staffing: row.staffing, census: row.census };
      row.staffing = dto.members;
      row.census = dto.census;
      const saved = await em.save(row);
      await this.audit.record(em, actor, 'UPDATE', 'program_approval', id, before, { staffing: saved.staffing, census: saved.census });
      return this.view(saved, events, this.clock.today(), await this.providerNames(em, [saved.providerId]));
    });
  }

  /** Appends dated documentation of a practice criterion of readiness. */
  async addEvidence(actor: Actor, id: string, dto: ReadinessEvidenceDto): Promise<ProgramApprovalView> {
    return this.dataSource.transaction(async (em) => {
      const { row, events } = await this.load(em, actor, id, true);
      const record = this.readinessOf.evidenceRecord(actor, row.program, dto, this.clock.today(), this.clock.now());
      row.evidence = [...row.evidence, record];
      const saved = await em.save(row);
      await this.audit.record(em, actor, 'UPDATE', 'program_approval', id, { evidence: row.evidence.length - 1 }, record);
      return this.view(saved, events, this.clock.today(), await this.providerNames(em, [saved.providerId]));
    });
  }

  async readiness(actor: Actor, id: string, asOf: DateOnly): Promise<ReadinessResult & { programApprovalId: string; providerId: string }> {
    const em = this.dataSource.manager;
    const { row } = await this.load(em, actor, id);
    return { programApprovalId: row.id, providerId: row.providerId, ...(await this.readinessOf.evaluate(em, actor, row.program, row, asOf)) };
  }

  /** The open Table N deadlines on q.asOf of the approvals in the actor's scope (the board filters and sorts). */
  async openDeadlines(actor: Actor, q: DeadlineQuery): Promise<DeadlineEntry[]> {
    const em = this.dataSource.manager;
    const qb = em.createQueryBuilder(ProgramApprovalEntity, 'pa');
    const scope = providerScope(actor);
    if (scope) qb.andWhere('pa.provider_id = ANY(:scope)', { scope });
    if (q.providerId) qb.andWhere('pa.provider_id = :pid', { pid: q.providerId });
    if (q.programs?.length) qb.andWhere('pa.program = ANY(:programs)', { programs: q.programs });
    const rows = await qb.getMany();
    const events = await this.eventsOf(em, rows.map((r) => r.id));
    const names = await this.providerNames(em, rows.map((r) => r.providerId));
    const out: DeadlineEntry[] = [];
    for (const r of rows) {
      const st = programStateOn(r.program, (events.get(r.id) ?? []).map(toEvent), q.asOf, { calendar: this.calendar });
      for (const d of st.deadlines) {
        if (!d.open) continue;
        out.push({
          id: `tablen-${r.id}-${d.id}`,
          source: 'TABLE_N',
          programApprovalId: r.id,
          providerId: r.providerId,
          providerName: names.get(r.providerId) ?? '',
          program: r.program,
          kind: d.kind,
          dueOn: d.dueOn,
          citation: d.citation,
          description: d.description,
          party: d.party,
          overdue: d.overdue(q.asOf),
          openedOn: d.openedOn,
        });
      }
    }
    return out;
  }

  /**
   * For the claim checks: one query for every approval of the given providers, then an in-memory
   * answer (memoised) to "is this program in force on this date", from everything recorded so far.
   */
  async inForceLookup(
    em: EntityManager,
    providerIds: string[],
    memo: Map<string, ProgramInForce> = new Map(),
  ): Promise<(providerId: string, program: Program, date: DateOnly) => ProgramInForce> {
    const rows = providerIds.length ? await em.find(ProgramApprovalEntity, { where: { providerId: In(providerIds) } }) : [];
    const events = await this.eventsOf(em, rows.map((r) => r.id));
    const checkers = new Map<string, (date: DateOnly) => ProgramInForce>();
    const checkerOf = (providerId: string, program: Program) => {
      const key = `${providerId}|${program}`;
      let check = checkers.get(key);
      if (!check) {
        const row = rows.find((r) => r.providerId === providerId && r.program === program);
        check = programInForceChecker(program, row ? (events.get(row.id) ?? []).map(toEvent) : [], { calendar: this.calendar });
        checkers.set(key, check);
      }
      return check;
    };
    return (providerId, program, date) => {
      const key = `${providerId}|${program}|${date}`;
      let hit = memo.get(key);
      if (!hit) {
        hit = checkerOf(providerId, program)(date);
        memo.set(key, hit);
      }
      return hit;
    };
  }

  /** provider id → name */
  private async providerNames(em: EntityManager, ids: string[]): Promise<Map<string, string>> {
    const unique = [...new Set(ids)];
    if (!unique.length) return new Map();
    const rows = await em.find(ProviderEntity, { where: { id: In(unique) }, select: { id: true, name: true } });
    return new Map(rows.map((p) => [p.id, p.name]));
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

  private view(row: ProgramApprovalEntity, events: ProgramApprovalEventEntity[], asOf: DateOnly, names: Map<string, string>, knownOn?: DateOnly): ProgramApprovalView {
    const st = programStateOn(row.program, events.map(toEvent), asOf, { calendar: this.calendar, knownOn });
    const all = st.deadlines.map((d) => deadlineView(d, asOf));
    return {
      ...st,
      id: row.id,
      providerId: row.providerId,
      providerName: names.get(row.providerId) ?? '',
      deadlines: all.filter((d) => d.open),
      allDeadlines: all,
      events: events.map((e) => ({ ...toEvent(e), seq: e.seq, recordedAt: e.recordedAt.toISOString() })),
      staffing: row.staffing,
      census: row.census,
      evidence: row.evidence,
    };
  }
}
