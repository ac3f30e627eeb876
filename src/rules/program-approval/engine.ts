/**
 * Table N program approval (CST, IO, PSR) as a fold over dated events, driven by two tables:
 * ./transitions (for each event, the guards with their citations and the effect) and
 * ./deadline-table (for each deadline, its period, the events it runs from and those that close it).
 * ./status says the status on a day, ./narrative words it. This module folds and answers:
 * whether the rules allow an event (applyEvent), the status and deadlines on any date
 * (programStateOn), and whether an approval is in force for a date of service (programInForceOn).
 *
 * Reading of 89 Ill. Adm. Code 140.TABLE N taken here (README "Table N program approvals"):
 * - Periods in days are calendar days: "within N days after X" is due on X + N. The on-site findings
 *   period (b)(1)(G) is in business days (../calendar, the holiday rules in config/).
 * - Approval for 12 months (b)(1)(G)(i): approved on D, in force through the day before the
 *   anniversary; a 29 February approval runs through 28 February. A re-approval (b)(2)(A) adds the
 *   next 12 months from the day after the current period.
 * - A contested action (refusal NOT_APPROVED, FINAL_NOTICE, REVOKED) takes effect on its
 *   `effectiveOn`, by default the day after the 10-day informal review request period (notice + 11).
 *   A request BBH receives before that day stays it (e)(3)(A)(ii) through the informal review and the
 *   10 days to appeal to BAH; an appeal BAH receives before the action takes effect keeps it stayed
 *   (e)(3)(C) until the final administrative decision (UPHELD: the action takes effect that day) or
 *   withdrawal. The 10-day request windows count from the day a request is submitted (`submittedOn`);
 *   the stays and the 30/90-day decision periods from the day it is received (`occurredOn`).
 * - Status precedence: see ./status.
 * - Events are recorded in date order (same-day events keep their recorded order), and never dated
 *   after the day they are recorded.
 * - While a Notice of Deficiencies is open or a revocation is stayed, the approval stays in force
 *   even past its 12-month period: the approval ends by Final Notice, not by lapse, (b)(2)(B)(ii).
 *   Past both the remedy period and the 12 months with no Final Notice it is still in force, with
 *   the warning FINAL_NOTICE_OVERDUE (a Final Notice takes effect no earlier than its own date).
 * - A remedied approval (b)(2)(B)(i), or one whose Final Notice or revocation was reversed on review
 *   after its 12 months ran out, stays in force until its re-approval is recorded, which then covers
 *   the dates from the end of the old period.
 * - An initial refusal gives NOT_APPROVED from its notice (there is no approval to keep); stayed, it is
 *   STAYED and still not in force. After a refusal, appeal rights are notified following technical
 *   assistance (b)(1)(G)(ii): TECHNICAL_ASSISTANCE_STARTED before any request suspends the request
 *   period, TECHNICAL_ASSISTANCE_ENDED opens a new 10-day period.
 */
import { addDays, assertDateOnly, maxDate, type DateOnly } from '../dates';
import type { Program } from '../vocabulary';
import type { HolidayRules } from '../calendar/holiday-rules';
import { illinoisHolidayRules } from '../calendar/illinois';
import { applyDeadlineTable, closedByActionTakingEffect } from './deadline-table';
import { eventShapeProblems, type FieldProblem, type FinalDecisionOutcome, type InformalReviewOutcome, type ProgramApprovalEvent } from './events';
import {
  effectOn,
  newModel,
  type ActionRec,
  type ContestedActionKind,
  type DeadlineRec,
  type Model,
  type ProgramHistoryEntry,
} from './model';
import { lapsedSummary, reasons, summarize, tookEffectSummary } from './narrative';
import { derive } from './status';
import { COMMON_GUARDS, RECORDING_GUARDS, transitionContext, transitionFor, type Guard, type TransitionContext } from './transitions';
import { PROGRAM_NAMES, TABLE_N_CITATIONS as C } from './table-n';
import type { ApprovalStatus, ProgramInForce } from './types';

export { DEADLINE_KINDS, DEADLINE_PARTIES, type ContestedActionKind, type DeadlineKind, type DeadlineParty, type ProgramHistoryEntry } from './model';
export { approvalPeriodThrough, TABLE_N_CITATIONS, TABLE_N_DAYS } from './table-n';

/** A deadline as the state shows it: its record, whether it is still open, and whether it is overdue on a day. */
export interface Deadline extends Omit<DeadlineRec, 'openedBy'> {
  /** true until the event that meets (or supersedes) it */
  open: boolean;
  /** open and past its due day on `asOf` */
  overdue(asOf: DateOnly): boolean;
}

export interface ContestedActionView {
  kind: ContestedActionKind;
  noticeOn: DateOnly;
  effectiveOn: DateOnly;
  effectiveOnDefaulted: boolean;
  /** the day BBH received the request */
  informalReviewRequestedOn: DateOnly | null;
  /** the day the request was sent, when recorded */
  informalReviewSubmittedOn: DateOnly | null;
  informalReviewDecidedOn: DateOnly | null;
  informalReviewOutcome: InformalReviewOutcome | null;
  /** the day BAH received the appeal */
  formalAppealFiledOn: DateOnly | null;
  /** the day the appeal was sent, when recorded */
  formalAppealSubmittedOn: DateOnly | null;
  finalDecisionOn: DateOnly | null;
  finalDecisionOutcome: FinalDecisionOutcome | null;
  implementedOn: DateOnly | null;
  withdrawnOn: DateOnly | null;
  /** received before the action took effect, so stayed (e)(3)(A)(ii), (e)(3)(C) */
  stayed: boolean;
  /** the day it took or takes effect, null while that depends on a pending review, or if it never will */
  takesEffectOn: DateOnly | null;
  /** reversed on review, or overtaken by an approval or a new application */
  resolvedOn: DateOnly | null;
}

export interface ProgramApprovalState {
  program: Program;
  asOf: DateOnly;
  /** the recording day the state is limited to (null: everything recorded) */
  knownOn: DateOnly | null;
  status: ApprovalStatus;
  /** last day of the current (or last) approval period; for a revocation in effect the day before it took effect; null if never approved in this application */
  approvedThrough: DateOnly | null;
  /** the day of the APPROVED or REAPPROVED event behind approvedThrough */
  approvedOn: DateOnly | null;
  inForce: boolean;
  reason: string;
  citation: string;
  /** IN_REMEDY kept in force only because the Department's Final Notice is overdue: the day it was due */
  finalNoticeOverdueSince: DateOnly | null;
  /** every deadline that arose, soonest first, open or not */
  deadlines: Deadline[];
  contestedAction: ContestedActionView | null;
  technicalAssistance: { startedOn: DateOnly; endedOn: DateOnly | null } | null;
  history: ProgramHistoryEntry[];
  /** the latest day on which a counted event was recorded (null when the events carry no recording day) */
  recordedThrough: DateOnly | null;
}

export interface ProgramApprovalRefusal {
  ok: false;
  /** EVENT_NOT_ALLOWED: the rules do not allow it now (409); VALIDATION_FAILED: the event is malformed (400) */
  code: 'EVENT_NOT_ALLOWED' | 'VALIDATION_FAILED';
  reason: string;
  citation: string;
  /** the guard that refused it (transitions table), for EVENT_NOT_ALLOWED */
  guardId?: string;
  errors?: FieldProblem[];
}

export interface ProgramApprovalAccepted {
  ok: true;
  /** the events with `next` appended */
  events: ProgramApprovalEvent[];
  /** the state on next.occurredOn */
  state: ProgramApprovalState;
}

export type ApplyEventResult = ProgramApprovalAccepted | ProgramApprovalRefusal;

export interface ProgramApprovalOptions {
  /** business-day calendar for FINDINGS_DUE; default: the holiday rules read from config/illinois-holidays.json */
  calendar?: HolidayRules;
  /** count only events recorded on or before this day (what the record said then); default: everything recorded */
  knownOn?: DateOnly;
}

/** A stored history that the rules would not have accepted (it should never be persisted). */
export class ProgramApprovalHistoryError extends Error {
  constructor(
    readonly index: number,
    readonly refusal: ProgramApprovalRefusal,
  ) {
    super(`program approval event ${index} is not allowed: ${refusal.reason} (${refusal.citation})`);
    this.name = 'ProgramApprovalHistoryError';
  }
}

// ---------------------------------------------------------------- folding

function shapeRefusal(ev: unknown): ProgramApprovalRefusal | null {
  const problems = eventShapeProblems(ev);
  if (problems.length === 0) return null;
  return {
    ok: false,
    code: 'VALIDATION_FAILED',
    reason: problems.map((p) => `${p.path || 'event'}: ${p.message}`).join('; '),
    citation: C.table,
    errors: problems,
  };
}

function firstRefusal(guards: Guard[], c: TransitionContext): ProgramApprovalRefusal | null {
  for (const g of guards) {
    const reason = g.refuses(c);
    if (reason !== null) return { ok: false, code: 'EVENT_NOT_ALLOWED', reason, citation: g.citation, guardId: g.id };
  }
  return null;
}

/** Stable sort by occurredOn (same-day events keep their recorded order). */
function inDateOrder(events: readonly ProgramApprovalEvent[]): ProgramApprovalEvent[] {
  return events
    .map((e, i) => ({ e, i }))
    .sort((x, y) => (x.e.occurredOn < y.e.occurredOn ? -1 : x.e.occurredOn > y.e.occurredOn ? 1 : x.i - y.i))
    .map((x) => x.e);
}

const recordedOnOf = (e: ProgramApprovalEvent) => e.recordedOn ?? e.occurredOn;

/** Apply one event: the guards of the transitions table, its effect, then the deadline table. */
function step(m: Model, ev: ProgramApprovalEvent, idx: number, calendar: HolidayRules, recording: boolean): ProgramApprovalRefusal | null {
  const bad = shapeRefusal(ev);
  if (bad) return bad;
  const c = transitionContext(m, ev, idx, derive(m, ev.occurredOn));
  const transition = transitionFor(ev.type, ev.occurredOn);
  const refused = firstRefusal([...COMMON_GUARDS, ...(recording ? RECORDING_GUARDS : []), ...transition.guards], c);
  if (refused) return refused;
  transition.effect(c);
  applyDeadlineTable(m, ev, calendar);
  m.lastDate = ev.occurredOn;
  if (ev.recordedOn) m.recordedThrough = maxDate(m.recordedThrough, ev.recordedOn);
  const entry: ProgramHistoryEntry = { on: ev.occurredOn, type: ev.type, summary: summarize(ev, m), status: derive(m, ev.occurredOn).status };
  if (ev.note) entry.note = ev.note;
  if (ev.recordedOn) {
    entry.recordedOn = ev.recordedOn;
    if (ev.occurredOn > ev.recordedOn) entry.warning = `dated ${ev.occurredOn}, after the day it was recorded (${ev.recordedOn})`;
  }
  m.history.push(entry);
  return null;
}

function fold(program: Program, events: readonly ProgramApprovalEvent[], calendar: HolidayRules): Model {
  const m = newModel(program);
  events.forEach((ev, i) => {
    const refused = step(m, ev, i, calendar, false);
    if (refused) throw new ProgramApprovalHistoryError(i, refused);
  });
  return m;
}

function actionView(a: ActionRec): ContestedActionView {
  return {
    kind: a.kind,
    noticeOn: a.noticeOn,
    effectiveOn: a.effectiveOn,
    effectiveOnDefaulted: a.effectiveOnDefaulted,
    informalReviewRequestedOn: a.requestedOn,
    informalReviewSubmittedOn: a.requestSubmittedOn,
    informalReviewDecidedOn: a.decidedOn,
    informalReviewOutcome: a.informalOutcome,
    formalAppealFiledOn: a.filedOn,
    formalAppealSubmittedOn: a.appealSubmittedOn,
    finalDecisionOn: a.finalDecisionOn,
    finalDecisionOutcome: a.finalOutcome,
    implementedOn: a.implementedOn,
    withdrawnOn: a.withdrawnOn,
    stayed: a.stayed,
    takesEffectOn: a.reversedOn ? null : effectOn(a),
    resolvedOn: a.reversedOn ?? a.supersededOn,
  };
}

const byDueOn = <T extends { dueOn: DateOnly }>(xs: T[]): T[] =>
  xs
    .map((x, i) => ({ x, i }))
    .sort((p, q) => (p.x.dueOn < q.x.dueOn ? -1 : p.x.dueOn > q.x.dueOn ? 1 : p.i - q.i))
    .map(({ x }) => x);

function stateOf(m: Model, asOf: DateOnly, knownOn: DateOnly | null): ProgramApprovalState {
  const st = derive(m, asOf);
  const deadlines = m.deadlines.map((dl) => ({ ...dl }));
  if (st.status === 'REVOKED' && st.effectOn) {
    for (const dl of deadlines) {
      if (dl.closedOn === null && closedByActionTakingEffect(dl.kind, dl.openedOn)) {
        dl.closedOn = st.effectOn;
        dl.closedBy = 'ACTION_TOOK_EFFECT';
      }
    }
  }
  const out: Deadline[] = byDueOn(deadlines).map((dl) => {
    const isOpen = dl.closedOn === null;
    const { openedBy: _openedBy, ...rest } = dl;
    return { ...rest, open: isOpen, overdue: (on: DateOnly) => isOpen && on > dl.dueOn };
  });

  const derived: ProgramHistoryEntry[] = [];
  for (const a of m.actions) {
    const eff = a.reversedOn && a.stayed ? null : effectOn(a);
    const endedOn = a.reversedOn ?? a.supersededOn;
    if (eff !== null && eff <= asOf && (endedOn === null || eff < endedOn)) {
      derived.push({ on: eff, type: 'ACTION_TOOK_EFFECT', summary: tookEffectSummary(a), status: a.kind === 'REFUSAL' ? 'NOT_APPROVED' : 'REVOKED' });
    }
  }
  if (st.status === 'LAPSED' && st.approvedThrough) {
    derived.push({ on: addDays(st.approvedThrough, 1), type: 'APPROVAL_LAPSED', summary: lapsedSummary(st.approvedThrough), status: 'LAPSED' });
  }
  const history = [...derived.map((h) => ({ h, k: 0 })), ...m.history.map((h, i) => ({ h, k: i + 1 }))]
    .sort((x, y) => (x.h.on < y.h.on ? -1 : x.h.on > y.h.on ? 1 : x.k - y.k))
    .map(({ h }) => h);

  return {
    program: m.program,
    asOf,
    knownOn,
    status: st.status,
    approvedThrough: st.approvedThrough,
    approvedOn: st.approvedThrough === null ? null : (m.approval?.approvedOn ?? null),
    inForce: st.inForce,
    reason: st.reason,
    citation: st.citation,
    finalNoticeOverdueSince: st.finalNoticeDueOn,
    deadlines: out,
    contestedAction: m.action ? actionView(m.action) : null,
    technicalAssistance: m.ta ? { startedOn: m.ta.startedOn, endedOn: m.ta.endedOn } : null,
    history,
    recordedThrough: m.recordedThrough,
  };
}

function known(events: readonly ProgramApprovalEvent[], knownOn: DateOnly | undefined): ProgramApprovalEvent[] {
  const sorted = inDateOrder(events);
  return knownOn === undefined ? sorted : sorted.filter((e) => recordedOnOf(e) <= knownOn);
}

// ---------------------------------------------------------------- public functions

/**
 * Whether the rules allow `next` after `events` (the stored history, in recorded order), and the
 * state on next.occurredOn if so. Refused: `{ ok: false, code: 'EVENT_NOT_ALLOWED', reason, citation }`
 * (or VALIDATION_FAILED for a malformed event). An event carrying `recordedOn` is refused when dated
 * after it. Throws ProgramApprovalHistoryError when the stored history itself is not allowed.
 */
export function applyEvent(program: Program, events: readonly ProgramApprovalEvent[], next: ProgramApprovalEvent, options: ProgramApprovalOptions = {}): ApplyEventResult {
  const calendar = options.calendar ?? illinoisHolidayRules();
  const m = fold(program, events, calendar);
  const refused = step(m, next, events.length, calendar, true);
  if (refused) return refused;
  return { ok: true, events: [...events, next], state: stateOf(m, next.occurredOn, null) };
}

/** Status, approval period, deadlines and history on `asOf`, counting only events dated on or before it (and recorded by `knownOn`). */
export function programStateOn(program: Program, events: readonly ProgramApprovalEvent[], asOf: DateOnly, options: ProgramApprovalOptions = {}): ProgramApprovalState {
  assertDateOnly(asOf, 'asOf');
  if (options.knownOn !== undefined) assertDateOnly(options.knownOn, 'knownOn');
  const calendar = options.calendar ?? illinoisHolidayRules();
  const counted = known(events, options.knownOn).filter((e) => e.occurredOn <= asOf);
  return stateOf(fold(program, counted, calendar), asOf, options.knownOn ?? null);
}

/** Every open deadline on `asOf`, soonest first. */
export function openDeadlines(program: Program, events: readonly ProgramApprovalEvent[], asOf: DateOnly, options: ProgramApprovalOptions = {}): Deadline[] {
  return programStateOn(program, events, asOf, options).deadlines.filter((dl) => dl.open);
}

/**
 * "Is a Table N approval for `program` in force on this date of service?" for one approval's
 * events, asked for many dates: the events are sorted and the whole known history folded once.
 * In force when APPROVED (including a re-approval owed after a remedy or a reversal), IN_REMEDY, or
 * STAYED with an approval behind it; a re-approval recorded later covers the dates it covers.
 */
export function programInForceChecker(program: Program, events: readonly ProgramApprovalEvent[], options: ProgramApprovalOptions = {}): (date: DateOnly) => ProgramInForce {
  if (options.knownOn !== undefined) assertDateOnly(options.knownOn, 'knownOn');
  const calendar = options.calendar ?? illinoisHolidayRules();
  const counted = known(events, options.knownOn);
  // events without a recording day count as recorded the day they happened
  const recordedThrough = events.some((e) => e.recordedOn) ? maxDate(...counted.map(recordedOnOf)) : null;
  let whole: Model | null = null;
  return (date) => {
    assertDateOnly(date, 'date');
    const upTo = counted.filter((e) => e.occurredOn <= date);
    if (upTo.length === 0) {
      return { program, date, inForce: false, status: 'NONE', reason: `no ${PROGRAM_NAMES[program]} program approval on record on ${date}`, citation: C.intent, approvedThrough: null };
    }
    const m = fold(program, upTo, calendar);
    const st = derive(m, date);
    const answer: ProgramInForce = { program, date, inForce: st.inForce, status: st.status, reason: st.reason, citation: st.citation, approvedThrough: st.approvedThrough };
    if (recordedThrough) answer.recordedThrough = recordedThrough;
    if (st.awaitingReapproval) {
      // a re-approval recorded since covers the dates from the end of the old period
      whole ??= fold(program, counted, calendar);
      const cover = whole.periods.find((p) => p.type === 'REAPPROVED' && p.periodStart <= date && date <= p.approvedThrough && p.approvedOn > date);
      if (cover) Object.assign(answer, { status: 'APPROVED', reason: `${reasons.coveredByReapproval(m, cover)}; ${st.reason}`, citation: C.reapproved, approvedThrough: cover.approvedThrough });
    }
    if (st.finalNoticeDueOn) {
      answer.warning = { code: 'FINAL_NOTICE_OVERDUE', message: reasons.finalNoticeOverdue(m, m.remedy!, m.approval!, st.finalNoticeDueOn), citation: C.finalNotice, dueOn: st.finalNoticeDueOn };
    }
    return answer;
  };
}

/** What the claim checks ask: is a Table N approval for `program` in force on `date`? (see programInForceChecker) */
export function programInForceOn(program: Program, events: readonly ProgramApprovalEvent[], date: DateOnly, options: ProgramApprovalOptions = {}): ProgramInForce {
  return programInForceChecker(program, events, options)(date);
}
