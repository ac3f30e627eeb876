/**
 * Table N program approval (CST, IO, PSR) as a fold over dated events: which events the rule text
 * allows in each state (applyEvent), the status and open deadlines on any date (programStateOn), and
 * whether an approval is in force for a date of service (programInForceOn).
 *
 * Reading of 89 Ill. Adm. Code 140.TABLE N taken here:
 * - Periods in days are calendar days: "within N days after X" is due on X + N. The on-site findings
 *   period (b)(1)(G) is in business days (../calendar).
 * - Approval for 12 months (b)(1)(G)(i): approved on D, in force through the day before the
 *   anniversary; a 29 February approval runs through 28 February (the missing anniversary rolls to
 *   1 March). A re-approval (b)(2)(A) adds the next 12 months from the day after the current period.
 * - A contested action (refusal NOT_APPROVED, FINAL_NOTICE, REVOKED) takes effect on its
 *   `effectiveOn`, by default the day after the 10-day informal review request period (notice + 11).
 *   A request BBH receives before that day stays it (e)(3)(A)(ii) through the informal review and the
 *   10 days to appeal to BAH; an appeal BAH receives within those 10 days keeps it stayed (e)(3)(C)
 *   until the final administrative decision (UPHELD: the action takes effect that day) or withdrawal
 *   (effect that day). An action reversed on review never takes effect (or ends on the reversal).
 *   A request received on or after the effective day stays nothing. With an explicit effectiveOn later
 *   than the end of the stay, the action simply waits for its day (status as before, not STAYED).
 * - Status precedence on a day: a contested action in effect (NOT_APPROVED / REVOKED), a running stay
 *   (STAYED), a pending refusal (NOT_APPROVED), an open Notice of Deficiencies (IN_REMEDY), the
 *   approval period (APPROVED / LAPSED), else PENDING.
 * - Events must be recorded in date order (same-day events keep their recorded order). Notice events
 *   use occurredOn as the notice date; only ONSITE_REVIEW_SCHEDULED carries noticeOn/reviewOn.
 * - The Department's APPROVED during technical assistance supersedes a pending refusal and its
 *   appeal; a lapsed program needs APPROVED again (REAPPROVED only renews a period in force, or one
 *   kept in force by a remedy or stay that ended in the provider's favour).
 * - While a Notice of Deficiencies is open (IN_REMEDY) or a revocation is stayed (STAYED), the
 *   approval stays in force even past its 12-month period (the approval ends by Final Notice, not by
 *   lapse, (b)(2)(B)(ii)); the re-approval deadline still shows as overdue.
 * - An initial refusal gives NOT_APPROVED from its notice (there is no approval to keep); stayed, it is
 *   STAYED and still not in force.
 * - After a refusal, appeal rights are notified following technical assistance (b)(1)(G)(ii): a
 *   TECHNICAL_ASSISTANCE_STARTED before any request suspends the request period, and
 *   TECHNICAL_ASSISTANCE_ENDED (the notice of appeal rights) opens a new 10-day period.
 */
import { addDays, addMonths, assertDateOnly, daysBetween, maxDate, minDate, type DateOnly } from '../dates';
import type { Program } from '../vocabulary';
import { addBusinessDays } from '../calendar/business-days';
import type { HolidayRules } from '../calendar/holiday-rules';
import { illinoisHolidayRules } from '../calendar/illinois';
import {
  eventShapeProblems,
  type FieldProblem,
  type FinalDecisionOutcome,
  type InformalReviewOutcome,
  type ProgramApprovalEvent,
  type ProgramApprovalEventType,
} from './events';
import type { ApprovalStatus, ProgramInForce } from './types';

export const DEADLINE_KINDS = [
  'INITIAL_APPROVAL_DUE',
  'ONSITE_NOTICE_DUE',
  'FINDINGS_DUE',
  'REAPPROVAL_DUE',
  'REMEDY_PERIOD_ENDS',
  'INFORMAL_REVIEW_REQUEST_DUE',
  'BBH_DECISION_DUE',
  'BAH_APPEAL_DUE',
  'FINAL_DECISION_DUE',
  'IMPLEMENTATION_DUE',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/** who must act by the deadline */
export type DeadlineParty = 'DEPARTMENT' | 'PROVIDER' | 'BBH' | 'BAH';

export interface Deadline {
  kind: DeadlineKind;
  dueOn: DateOnly;
  citation: string;
  description: string;
  party: DeadlineParty;
  /** true until the event that meets (or supersedes) it */
  open: boolean;
  /** the day the deadline arose */
  openedOn: DateOnly;
  closedOn: DateOnly | null;
  /** the event that met or superseded it, or ACTION_TOOK_EFFECT (a re-approval deadline ended by revocation) */
  closedBy: ProgramApprovalEventType | 'ACTION_TOOK_EFFECT' | null;
  /** open and past its due day on `asOf` */
  overdue(asOf: DateOnly): boolean;
}

export type ContestedActionKind = 'REFUSAL' | 'REVOCATION' | 'FINAL_NOTICE';

export interface ContestedActionView {
  kind: ContestedActionKind;
  noticeOn: DateOnly;
  effectiveOn: DateOnly;
  effectiveOnDefaulted: boolean;
  informalReviewRequestedOn: DateOnly | null;
  informalReviewDecidedOn: DateOnly | null;
  informalReviewOutcome: InformalReviewOutcome | null;
  formalAppealFiledOn: DateOnly | null;
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

export interface ProgramHistoryEntry {
  on: DateOnly;
  type: ProgramApprovalEventType | 'ACTION_TOOK_EFFECT' | 'APPROVAL_LAPSED';
  summary: string;
  /** the status on that day once this entry is counted */
  status: ApprovalStatus;
  note?: string;
}

export interface ProgramApprovalState {
  program: Program;
  asOf: DateOnly;
  status: ApprovalStatus;
  /** last day of the current (or last) approval period; for a revocation in effect the day before it took effect; null if never approved in this application */
  approvedThrough: DateOnly | null;
  /** the day of the APPROVED or REAPPROVED event behind approvedThrough */
  approvedOn: DateOnly | null;
  inForce: boolean;
  reason: string;
  citation: string;
  /** every deadline that arose, soonest first, open or not */
  deadlines: Deadline[];
  contestedAction: ContestedActionView | null;
  technicalAssistance: { startedOn: DateOnly; endedOn: DateOnly | null } | null;
  history: ProgramHistoryEntry[];
}

export interface ProgramApprovalRefusal {
  ok: false;
  /** EVENT_NOT_ALLOWED: the rules do not allow it now (409); VALIDATION_FAILED: the event is malformed (400) */
  code: 'EVENT_NOT_ALLOWED' | 'VALIDATION_FAILED';
  reason: string;
  citation: string;
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
  /** business-day calendar for FINDINGS_DUE; default config/illinois-holidays.json */
  calendar?: HolidayRules;
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

const N = '140.TABLE N';
export const TABLE_N_CITATIONS = {
  intent: `${N}(b)(1)(A)`,
  enrollment: `${N}(b)(1)(B)`,
  initialWithin90: `${N}(b)(1)(C)`,
  attestation: `${N}(b)(1)(D)(i)`,
  onsiteRequired: `${N}(b)(1)(D)(iii)`,
  onsiteNotice: `${N}(b)(1)(E)`,
  findings: `${N}(b)(1)(G)`,
  approved12Months: `${N}(b)(1)(G)(i)`,
  notApproved: `${N}(b)(1)(G)(ii)`,
  annual: `${N}(b)(2)`,
  reapproved: `${N}(b)(2)(A)`,
  deficiencies: `${N}(b)(2)(B)`,
  remedied: `${N}(b)(2)(B)(i)`,
  finalNotice: `${N}(b)(2)(B)(ii)`,
  informalFirst: `${N}(e)(1)(A)`,
  appealable: `${N}(e)(2)`,
  revocation: `${N}(e)(2)(B)`,
  informalRequired: `${N}(e)(3)(A)`,
  informalWithin10: `${N}(e)(3)(A)(i)`,
  informalStay: `${N}(e)(3)(A)(ii)`,
  bbhWithin30: `${N}(e)(3)(B)`,
  bahWithin10: `${N}(e)(3)(C)`,
  finalWithin90: `${N}(e)(3)(D)`,
  implementWithin30: `${N}(e)(3)(E)`,
  table: N,
} as const;
const C = TABLE_N_CITATIONS;

/** The periods Table N sets, in days (the findings in business days), each by the subsection that sets it. */
export const TABLE_N_DAYS = {
  /** (b)(1)(C): program approval within 90 days after enrollment is processed */
  initialApproval: 90,
  /** (b)(1)(E): written notice at least 10 days before an on-site review */
  onsiteNotice: 10,
  /** (b)(1)(G): written findings within 10 business days after the on-site review */
  findingsBusinessDays: 10,
  /** (b)(2)(B): 30 days to remedy the deficiencies of a Notice of Deficiencies */
  remedy: 30,
  /** (e)(3)(A)(i): informal review requested within 10 days after the notice */
  informalRequest: 10,
  /** (e)(3)(B): BBH completes the informal review within 30 days */
  bbhDecision: 30,
  /** (e)(3)(C): formal appeal to BAH within 10 days after the informal review result */
  bahAppeal: 10,
  /** (e)(3)(D): final administrative decision within 90 days */
  finalDecision: 90,
  /** (e)(3)(E): the final decision implemented within 30 days */
  implementation: 30,
} as const;
const D = TABLE_N_DAYS;

const PROGRAM_NAMES: Record<Program, string> = { CST: 'CST', IO: 'IO', PSR: 'PSR' };
const ACTION_NAMES: Record<ContestedActionKind, string> = {
  REFUSAL: 'refusal to issue program approval',
  REVOCATION: 'revocation of program approval',
  FINAL_NOTICE: 'Final Notice (revocation of program approval)',
};

/** The last day of a 12-month approval period that starts on `start`. */
export function approvalPeriodThrough(start: DateOnly): DateOnly {
  const anniversary = addMonths(start, 12);
  // a 29 February start has no anniversary in a common year; addMonths clamps to 28 February, which is then the last day
  return anniversary.slice(8) !== start.slice(8) ? anniversary : addDays(anniversary, -1);
}

// ---------------------------------------------------------------- internal model

interface DeadlineRec {
  kind: DeadlineKind;
  dueOn: DateOnly;
  citation: string;
  description: string;
  party: DeadlineParty;
  openedOn: DateOnly;
  closedOn: DateOnly | null;
  closedBy: Deadline['closedBy'];
}

interface ActionRec {
  kind: ContestedActionKind;
  type: 'NOT_APPROVED' | 'FINAL_NOTICE' | 'REVOKED';
  noticeOn: DateOnly;
  effectiveOn: DateOnly;
  effectiveOnDefaulted: boolean;
  /** the 10-day informal review request period runs from here */
  appealNoticeOn: DateOnly;
  requestedOn: DateOnly | null;
  stayed: boolean;
  decidedOn: DateOnly | null;
  informalOutcome: InformalReviewOutcome | null;
  filedOn: DateOnly | null;
  finalDecisionOn: DateOnly | null;
  finalOutcome: FinalDecisionOutcome | null;
  implementedOn: DateOnly | null;
  withdrawnOn: DateOnly | null;
  reversedOn: DateOnly | null;
  supersededOn: DateOnly | null;
}

interface Model {
  program: Program;
  cycle: { intentOn: DateOnly; intentIdx: number; enrollmentOn: DateOnly | null; enrollmentIdx: number } | null;
  approval: { approvedOn: DateOnly; approvedThrough: DateOnly; idx: number; type: 'APPROVED' | 'REAPPROVED' } | null;
  remedy: { noticeOn: DateOnly; endsOn: DateOnly; remediedOn: DateOnly | null; finalNoticeOn: DateOnly | null } | null;
  /** remedied, or a revocation reversed: REAPPROVED is owed even if the period ran out meanwhile (b)(2)(B)(i) */
  reapprovalOwed: boolean;
  refusalReversed: boolean;
  ta: { startedOn: DateOnly; endedOn: DateOnly | null; context: 'REFUSAL' | 'REMEDY' | 'FINAL_NOTICE' } | null;
  action: ActionRec | null;
  actions: ActionRec[];
  schedule: { scheduledOn: DateOnly; noticeOn: DateOnly | null; reviewOn: DateOnly } | null;
  onsiteHeldIdx: number;
  attestationIdx: number;
  deadlines: DeadlineRec[];
  lastDate: DateOnly | null;
  history: ProgramHistoryEntry[];
}

function newModel(program: Program): Model {
  return {
    program,
    cycle: null,
    approval: null,
    remedy: null,
    reapprovalOwed: false,
    refusalReversed: false,
    ta: null,
    action: null,
    actions: [],
    schedule: null,
    onsiteHeldIdx: -1,
    attestationIdx: -1,
    deadlines: [],
    lastDate: null,
    history: [],
  };
}

const isResolved = (a: ActionRec) => a.reversedOn !== null || a.supersededOn !== null;
const taOngoing = (m: Model) => m.ta !== null && m.ta.endedOn === null;
const remedyOpen = (m: Model) => m.remedy !== null && m.remedy.remediedOn === null;
const liveAction = (m: Model): ActionRec | null => (m.action && !isResolved(m.action) ? m.action : null);

/** The day the action takes effect as far as the events so far tell; null while a review keeps it stayed or if reversed there. */
function effectOn(a: ActionRec): DateOnly | null {
  if (!a.stayed) return a.effectiveOn;
  if (a.withdrawnOn) return maxDate(a.effectiveOn, a.withdrawnOn);
  if (!a.decidedOn || a.informalOutcome === 'REVERSED') return null;
  if (!a.filedOn) return maxDate(a.effectiveOn, addDays(a.decidedOn, D.bahAppeal + 1));
  if (a.finalDecisionOn) return a.finalOutcome === 'UPHELD' ? maxDate(a.effectiveOn, a.finalDecisionOn) : null;
  return null;
}

/** The stay of (e)(3)(A)(ii) / (e)(3)(C) is running on `d` (it ends with withdrawal, the BAH window, or the final decision). */
function stayRunning(a: ActionRec, d: DateOnly): boolean {
  if (!a.stayed || a.withdrawnOn || isResolved(a)) return false;
  if (!a.decidedOn) return true;
  if (!a.filedOn) return d <= addDays(a.decidedOn, D.bahAppeal);
  return !a.finalDecisionOn;
}

/** The action is still open to review on `d` (window open or review pending). */
function appealOpen(a: ActionRec, d: DateOnly): boolean {
  if (isResolved(a) || a.withdrawnOn) return false;
  if (!a.requestedOn) return d <= addDays(a.appealNoticeOn, D.informalRequest);
  if (!a.decidedOn) return true;
  if (a.informalOutcome === 'REVERSED') return false;
  if (!a.filedOn) return d <= addDays(a.decidedOn, D.bahAppeal);
  return !a.finalDecisionOn;
}

/** "takes effect X[ unless informal review is requested by Y]" for an action that has not taken effect */
function pendingEffect(a: ActionRec): string {
  return `takes effect ${a.effectiveOn}${a.requestedOn ? '' : ` unless informal review is requested by ${addDays(a.appealNoticeOn, D.informalRequest)}`}`;
}

interface Derived {
  status: ApprovalStatus;
  approvedThrough: DateOnly | null;
  inForce: boolean;
  reason: string;
  citation: string;
  /** the live action in effect on the day, if any */
  effectOn: DateOnly | null;
}

function derive(m: Model, d: DateOnly): Derived {
  const p = PROGRAM_NAMES[m.program];
  const ap = m.approval;
  const a = liveAction(m);
  if (a) {
    const eff = effectOn(a);
    if (eff !== null && eff <= d) {
      if (a.kind === 'REFUSAL') {
        return {
          status: 'NOT_APPROVED',
          approvedThrough: ap?.approvedThrough ?? null,
          inForce: false,
          reason: `${p} program approval was refused on ${a.noticeOn} (in effect from ${eff})`,
          citation: C.notApproved,
          effectOn: eff,
        };
      }
      const citation = a.finalOutcome === 'UPHELD' ? C.implementWithin30 : a.kind === 'FINAL_NOTICE' ? C.finalNotice : C.revocation;
      return {
        status: 'REVOKED',
        approvedThrough: minDate(ap?.approvedThrough, addDays(eff, -1)),
        inForce: false,
        reason: `${p} program approval ${a.kind === 'FINAL_NOTICE' ? `ended by the Final Notice of ${a.noticeOn}` : `revoked by the notice of ${a.noticeOn}`}, in effect from ${eff}${a.finalOutcome === 'UPHELD' ? ` (upheld by the final administrative decision of ${a.finalDecisionOn})` : ''}`,
        citation,
        effectOn: eff,
      };
    }
    if (stayRunning(a, d)) {
      const byBah = a.filedOn !== null;
      const pending = byBah
        ? `the formal appeal filed with BAH on ${a.filedOn}`
        : a.decidedOn
          ? `the ${D.bahAppeal}-day period to appeal the informal review result of ${a.decidedOn} to BAH (through ${addDays(a.decidedOn, D.bahAppeal)})`
          : `the informal review requested on ${a.requestedOn}`;
      const citation = byBah ? C.bahWithin10 : C.informalStay;
      if (a.kind === 'REFUSAL') {
        return {
          status: 'STAYED',
          approvedThrough: ap?.approvedThrough ?? null,
          inForce: false,
          reason: `${p} not approved: the refusal of ${a.noticeOn} is stayed pending ${pending}, which does not create an approval`,
          citation,
          effectOn: null,
        };
      }
      return {
        status: 'STAYED',
        approvedThrough: ap?.approvedThrough ?? null,
        inForce: ap !== null,
        reason: `${p} approval (through ${ap?.approvedThrough}) stays in force: the ${ACTION_NAMES[a.kind]} noticed on ${a.noticeOn} is stayed pending ${pending}`,
        citation,
        effectOn: null,
      };
    }
    if (a.kind === 'REFUSAL') {
      return {
        status: 'NOT_APPROVED',
        approvedThrough: ap?.approvedThrough ?? null,
        inForce: false,
        reason: `${p} program approval was refused on ${a.noticeOn} (${pendingEffect(a)})`,
        citation: C.notApproved,
        effectOn: null,
      };
    }
  }
  if (remedyOpen(m) && ap) {
    const r = m.remedy!;
    const tail = a ? `; the ${ACTION_NAMES[a.kind]} of ${a.noticeOn} ${pendingEffect(a)}` : '';
    return {
      status: 'IN_REMEDY',
      approvedThrough: ap.approvedThrough,
      inForce: true,
      reason: `${p} approval (through ${ap.approvedThrough}) stays in force under the Notice of Deficiencies of ${r.noticeOn} (${D.remedy}-day remedy period ${d <= r.endsOn ? 'ends' : 'ended'} ${r.endsOn})${tail}`,
      citation: a ? C.finalNotice : C.deficiencies,
      effectOn: null,
    };
  }
  if (ap) {
    if (d <= ap.approvedThrough) {
      const tail = a ? `; the ${ACTION_NAMES[a.kind]} of ${a.noticeOn} ${pendingEffect(a)}` : '';
      return {
        status: 'APPROVED',
        approvedThrough: ap.approvedThrough,
        inForce: true,
        reason: `${p} approved through ${ap.approvedThrough}${tail}`,
        citation: ap.type === 'REAPPROVED' ? C.reapproved : C.approved12Months,
        effectOn: null,
      };
    }
    return {
      status: 'LAPSED',
      approvedThrough: ap.approvedThrough,
      inForce: false,
      reason: `${p} approval expired after ${ap.approvedThrough} with no re-approval`,
      citation: C.annual,
      effectOn: null,
    };
  }
  const c = m.cycle;
  const pendingReason = !c
    ? `no ${p} program approval on record`
    : c.enrollmentOn
      ? m.refusalReversed
        ? `${p} program approval pending: the refusal was reversed on review and approval is to follow`
        : `${p} program approval pending (enrollment processed ${c.enrollmentOn}; approval due by ${addDays(c.enrollmentOn, D.initialApproval)})`
      : `${p} program approval pending (intention submitted ${c.intentOn}; enrollment not yet processed)`;
  return {
    status: 'PENDING',
    approvedThrough: null,
    inForce: false,
    reason: pendingReason,
    citation: c?.enrollmentOn ? C.initialWithin90 : C.intent,
    effectOn: null,
  };
}

// ---------------------------------------------------------------- deadlines

function open(m: Model, kind: DeadlineKind, openedOn: DateOnly, dueOn: DateOnly, citation: string, party: DeadlineParty, description: string): DeadlineRec {
  const rec: DeadlineRec = { kind, dueOn, citation, description, party, openedOn, closedOn: null, closedBy: null };
  m.deadlines.push(rec);
  return rec;
}

function close(m: Model, kinds: DeadlineKind[], on: DateOnly, by: Deadline['closedBy']): void {
  for (const dl of m.deadlines) {
    if (dl.closedOn === null && kinds.includes(dl.kind)) {
      dl.closedOn = on;
      dl.closedBy = by;
    }
  }
}

const APPEAL_DEADLINES: DeadlineKind[] = ['INFORMAL_REVIEW_REQUEST_DUE', 'BBH_DECISION_DUE', 'BAH_APPEAL_DUE', 'FINAL_DECISION_DUE'];

// ---------------------------------------------------------------- the rules, event by event

type Outcome = { refused: ProgramApprovalRefusal } | { refused: null };
const OK: Outcome = { refused: null };
const no = (reason: string, citation: string): Outcome => ({ refused: { ok: false, code: 'EVENT_NOT_ALLOWED', reason, citation } });

function newAction(kind: ContestedActionKind, ev: ProgramApprovalEvent): ActionRec {
  const d = ev.occurredOn;
  return {
    kind,
    type: ev.type as ActionRec['type'],
    noticeOn: d,
    effectiveOn: ev.effectiveOn ?? addDays(d, D.informalRequest + 1),
    effectiveOnDefaulted: !ev.effectiveOn,
    appealNoticeOn: d,
    requestedOn: null,
    stayed: false,
    decidedOn: null,
    informalOutcome: null,
    filedOn: null,
    finalDecisionOn: null,
    finalOutcome: null,
    implementedOn: null,
    withdrawnOn: null,
    reversedOn: null,
    supersededOn: null,
  };
}

function reverse(m: Model, a: ActionRec, on: DateOnly): void {
  a.reversedOn = on;
  if (a.kind === 'REFUSAL') m.refusalReversed = true;
  else {
    if (a.kind === 'FINAL_NOTICE') m.remedy = null;
    m.reapprovalOwed = true;
  }
}

function openInformalRequest(m: Model, a: ActionRec, from: DateOnly, what: string): void {
  open(
    m,
    'INFORMAL_REVIEW_REQUEST_DUE',
    from,
    addDays(from, D.informalRequest),
    C.informalWithin10,
    'PROVIDER',
    `Written request for informal review by BBH of the ${ACTION_NAMES[a.kind]} noticed on ${a.noticeOn} due within ${D.informalRequest} days after ${what}`,
  );
}

function apply(m: Model, ev: ProgramApprovalEvent, idx: number, calendar: HolidayRules): Outcome {
  const d = ev.occurredOn;
  const p = PROGRAM_NAMES[m.program];
  if (m.lastDate !== null && d < m.lastDate) {
    return no(`events are recorded in date order: ${ev.type} on ${d} is dated before the last event (${m.lastDate})`, C.table);
  }
  const st = derive(m, d);
  const a = liveAction(m);
  const approvalBacked = st.status === 'APPROVED' || st.status === 'IN_REMEDY' || (st.status === 'STAYED' && st.inForce);

  switch (ev.type) {
    case 'INTENT_SUBMITTED': {
      if (m.cycle) {
        if (!['NOT_APPROVED', 'REVOKED', 'LAPSED'].includes(st.status)) {
          return no(`the intention to provide ${p} was already submitted on ${m.cycle.intentOn} and the program is ${st.status}`, C.intent);
        }
        if (a && appealOpen(a, d)) return no(`the ${ACTION_NAMES[a.kind]} of ${a.noticeOn} is still open to review; a new application follows its outcome`, C.informalRequired);
        if (taOngoing(m)) return no(`technical assistance started ${m.ta!.startedOn} is under way; the Department may approve the program through it`, C.notApproved);
        // a new application: what came before is history
        close(m, [...DEADLINE_KINDS], d, 'INTENT_SUBMITTED');
        if (a) a.supersededOn = d;
        Object.assign(m, { approval: null, remedy: null, reapprovalOwed: false, refusalReversed: false, ta: null, action: null, schedule: null });
      }
      m.cycle = { intentOn: d, intentIdx: idx, enrollmentOn: null, enrollmentIdx: -1 };
      return OK;
    }

    case 'ENROLLMENT_PROCESSED': {
      if (!m.cycle) return no(`the provider must first identify its intention to provide ${p} through IMPACT (INTENT_SUBMITTED)`, C.intent);
      if (m.cycle.enrollmentOn) return no(`the enrollment for this application was already processed on ${m.cycle.enrollmentOn}`, C.enrollment);
      m.cycle.enrollmentOn = d;
      m.cycle.enrollmentIdx = idx;
      open(m, 'INITIAL_APPROVAL_DUE', d, addDays(d, D.initialApproval), C.initialWithin90, 'DEPARTMENT', `Department to perform program approval within ${D.initialApproval} days after the enrollment processed on ${d}`);
      return OK;
    }

    case 'ATTESTATION_SUBMITTED': {
      if (!m.cycle) return no(`an attestation is part of the program approval process, which starts with the intention to provide ${p} (INTENT_SUBMITTED)`, C.intent);
      m.attestationIdx = idx;
      return OK;
    }

    case 'ONSITE_REVIEW_SCHEDULED': {
      if (!m.cycle?.enrollmentOn) return no('program approval activities follow the processing of the enrollment (ENROLLMENT_PROCESSED)', C.initialWithin90);
      if ((st.status === 'NOT_APPROVED' || st.status === 'REVOKED' || (st.status === 'STAYED' && !st.inForce)) && !taOngoing(m)) {
        return no(`the program is ${st.status}; a new review comes through technical assistance (TECHNICAL_ASSISTANCE_STARTED) or a new application`, C.notApproved);
      }
      const reviewOn = ev.reviewOn!;
      const noticeOn = ev.noticeOn ?? null;
      if (noticeOn !== null) {
        if (noticeOn > d) return no(`the notice is recorded when given: noticeOn ${noticeOn} is after the event date ${d}`, C.onsiteNotice);
        const lead = daysBetween(noticeOn, reviewOn);
        if (lead < D.onsiteNotice) {
          return no(`the provider must be notified at least ${D.onsiteNotice} days before an on-site review: notice on ${noticeOn} is ${lead} day${lead === 1 ? '' : 's'} before the review on ${reviewOn} (notice due by ${addDays(reviewOn, -D.onsiteNotice)})`, C.onsiteNotice);
        }
      } else if (daysBetween(d, reviewOn) < D.onsiteNotice) {
        return no(`a review on ${reviewOn} can no longer be noticed at least ${D.onsiteNotice} days before it (notice was due by ${addDays(reviewOn, -D.onsiteNotice)})`, C.onsiteNotice);
      }
      const dueOn = addDays(reviewOn, -D.onsiteNotice);
      const same = m.deadlines.find((dl) => dl.kind === 'ONSITE_NOTICE_DUE' && dl.closedOn === null && dl.dueOn === dueOn);
      close(m, ['ONSITE_NOTICE_DUE'], noticeOn ?? d, 'ONSITE_REVIEW_SCHEDULED');
      if (!(same && noticeOn !== null)) {
        const dl = open(m, 'ONSITE_NOTICE_DUE', d, dueOn, C.onsiteNotice, 'DEPARTMENT', `Written notice of the on-site review on ${reviewOn} due at least ${D.onsiteNotice} days before it`);
        if (noticeOn !== null) {
          dl.closedOn = noticeOn;
          dl.closedBy = 'ONSITE_REVIEW_SCHEDULED';
        }
      }
      m.schedule = { scheduledOn: d, noticeOn, reviewOn };
      return OK;
    }

    case 'ONSITE_REVIEW_HELD': {
      const s = m.schedule;
      if (!s) return no('no on-site review is scheduled: the Department notifies the provider in writing of the date of the review (ONSITE_REVIEW_SCHEDULED)', C.onsiteNotice);
      if (s.noticeOn === null) return no(`no written notice of the review on ${s.reviewOn} is recorded; notice is due at least ${D.onsiteNotice} days before it`, C.onsiteNotice);
      if (d !== s.reviewOn) return no(`the provider was notified of a review on ${s.reviewOn}, not ${d}; record the new date with its notice (ONSITE_REVIEW_SCHEDULED)`, C.onsiteNotice);
      m.schedule = null;
      m.onsiteHeldIdx = idx;
      open(m, 'FINDINGS_DUE', d, addBusinessDays(d, D.findingsBusinessDays, calendar), C.findings, 'DEPARTMENT', `Written program approval findings due within ${D.findingsBusinessDays} business days after the on-site review held on ${d}`);
      return OK;
    }

    case 'APPROVED': {
      if (!m.cycle?.enrollmentOn) return no('program approval follows the processing of the provider\'s enrollment (ENROLLMENT_PROCESSED)', C.initialWithin90);
      if (approvalBacked) return no(`an approval is already in force through ${st.approvedThrough} (${st.status}); the annual renewal is REAPPROVED`, C.annual);
      if ((st.status === 'NOT_APPROVED' || st.status === 'REVOKED' || st.status === 'STAYED') && !taOngoing(m)) {
        return no(`the program is ${st.status}; after that it may be approved only while receiving technical assistance (TECHNICAL_ASSISTANCE_STARTED) or once the action is reversed on review`, C.notApproved);
      }
      const since = Math.max(m.cycle.intentIdx, m.approval?.idx ?? -1);
      if (m.attestationIdx <= since) {
        return no(`no attestation of adherence to 140.453 and Table N for ${p} submitted ${m.approval ? `since the approval of ${m.approval.approvedOn}` : 'for this application'} (ATTESTATION_SUBMITTED)`, C.attestation);
      }
      if (needsOnsite(m.program) && m.onsiteHeldIdx <= Math.max(m.cycle.enrollmentIdx, m.approval?.idx ?? -1)) {
        return no(`${p} approval requires an on-site visit before approval, and none has been held ${m.approval ? `since the approval of ${m.approval.approvedOn}` : 'since the enrollment was processed'}`, C.onsiteRequired);
      }
      m.approval = { approvedOn: d, approvedThrough: approvalPeriodThrough(d), idx, type: 'APPROVED' };
      close(m, ['INITIAL_APPROVAL_DUE', 'FINDINGS_DUE', 'REAPPROVAL_DUE', ...APPEAL_DEADLINES], d, 'APPROVED');
      if (a) a.supersededOn = d;
      if (m.action && m.action.finalDecisionOn && !m.action.implementedOn) {
        m.action.implementedOn = d;
        close(m, ['IMPLEMENTATION_DUE'], d, 'APPROVED');
      }
      m.remedy = null;
      m.reapprovalOwed = false;
      m.refusalReversed = false;
      open(m, 'REAPPROVAL_DUE', d, m.approval.approvedThrough, C.approved12Months, 'DEPARTMENT', `Annual re-approval due by the end of the 12-month approval period (through ${m.approval.approvedThrough})`);
      return OK;
    }

    case 'NOT_APPROVED': {
      if (!m.cycle?.enrollmentOn) return no('a program approval determination follows the processing of the provider\'s enrollment (ENROLLMENT_PROCESSED)', C.initialWithin90);
      if (m.refusalReversed) return no('the refusal was reversed on review; the program is to be approved (APPROVED)', C.bbhWithin30);
      if (approvalBacked) return no(`an approval is in force through ${st.approvedThrough}; a provider failing the standards at re-approval is issued a Notice of Deficiencies`, C.deficiencies);
      if (st.status !== 'PENDING' && st.status !== 'LAPSED') return no(`the program is already ${st.status}`, C.notApproved);
      const act = newAction('REFUSAL', ev);
      m.action = act;
      m.actions.push(act);
      close(m, ['INITIAL_APPROVAL_DUE', 'FINDINGS_DUE', 'REAPPROVAL_DUE'], d, 'NOT_APPROVED');
      openInformalRequest(m, act, d, `the notice of ${d}`);
      return OK;
    }

    case 'TECHNICAL_ASSISTANCE_STARTED': {
      if (taOngoing(m)) return no(`technical assistance is already under way (started ${m.ta!.startedOn})`, C.notApproved);
      let context: 'REFUSAL' | 'REMEDY' | 'FINAL_NOTICE' | null = null;
      if (a?.kind === 'REFUSAL') context = 'REFUSAL';
      else if (a?.kind === 'FINAL_NOTICE') context = 'FINAL_NOTICE';
      else if (remedyOpen(m)) context = 'REMEDY';
      if (!context) {
        return no('technical assistance is offered to a provider determined not to be approved, under a Notice of Deficiencies, or after a Final Notice', C.notApproved);
      }
      m.ta = { startedOn: d, endedOn: null, context };
      if (context === 'REFUSAL' && a && !a.requestedOn) {
        // appeal rights are notified following technical assistance (b)(1)(G)(ii)
        close(m, ['INFORMAL_REVIEW_REQUEST_DUE'], d, 'TECHNICAL_ASSISTANCE_STARTED');
      }
      return OK;
    }

    case 'TECHNICAL_ASSISTANCE_ENDED': {
      if (!taOngoing(m)) return no('no technical assistance is under way', C.notApproved);
      m.ta!.endedOn = d;
      if (m.ta!.context === 'REFUSAL' && a?.kind === 'REFUSAL' && !a.requestedOn) {
        a.appealNoticeOn = d;
        openInformalRequest(m, a, d, `the notice of appeal rights following technical assistance (${d})`);
      }
      return OK;
    }

    case 'REAPPROVED': {
      const ap = m.approval;
      if (!ap) return no(`there is no prior ${p} approval to renew; re-approval follows a successful initial approval`, C.annual);
      if (a) return no(`the ${ACTION_NAMES[a.kind]} of ${a.noticeOn} is ${st.status === 'REVOKED' ? 'in effect' : 'pending'}; re-approval cannot be recorded over it`, a.kind === 'REFUSAL' ? C.notApproved : C.finalNotice);
      if (remedyOpen(m)) return no(`the deficiencies noticed on ${m.remedy!.noticeOn} are not recorded as remedied (DEFICIENCIES_REMEDIED); remedied providers are re-approved`, C.remedied);
      if (st.status === 'LAPSED' && !m.reapprovalOwed) {
        return no(`the approval expired after ${ap.approvedThrough}; a lapsed program needs a new approval (APPROVED)`, C.annual);
      }
      if (st.status !== 'APPROVED' && st.status !== 'LAPSED') return no(`the program is ${st.status}`, C.annual);
      if (m.attestationIdx <= ap.idx) return no(`no annual attestation submitted since the approval of ${ap.approvedOn} (ATTESTATION_SUBMITTED)`, C.attestation);
      if (needsOnsite(m.program) && m.onsiteHeldIdx <= ap.idx) {
        return no(`${p} re-approval requires an on-site visit, and none has been held since the approval of ${ap.approvedOn}`, C.onsiteRequired);
      }
      const through = approvalPeriodThrough(addDays(ap.approvedThrough, 1));
      m.approval = { approvedOn: d, approvedThrough: through, idx, type: 'REAPPROVED' };
      close(m, ['REAPPROVAL_DUE', 'FINDINGS_DUE'], d, 'REAPPROVED');
      m.remedy = null;
      m.reapprovalOwed = false;
      open(m, 'REAPPROVAL_DUE', d, through, C.reapproved, 'DEPARTMENT', `Annual re-approval due by the end of the 12-month approval period (through ${through})`);
      return OK;
    }

    case 'NOTICE_OF_DEFICIENCIES': {
      if (st.status === 'IN_REMEDY') return no(`a Notice of Deficiencies of ${m.remedy!.noticeOn} is already open`, C.deficiencies);
      if (st.status !== 'APPROVED' || a) {
        return no(
          m.approval
            ? `a Notice of Deficiencies is issued to a provider whose approval is in force; the program is ${st.status}${a ? ` with the ${ACTION_NAMES[a.kind]} of ${a.noticeOn} pending` : ''}`
            : `a Notice of Deficiencies is issued at re-approval; a provider not yet approved is determined not to be approved instead (NOT_APPROVED)`,
          C.deficiencies,
        );
      }
      m.remedy = { noticeOn: d, endsOn: addDays(d, D.remedy), remediedOn: null, finalNoticeOn: null };
      m.reapprovalOwed = false;
      close(m, ['FINDINGS_DUE'], d, 'NOTICE_OF_DEFICIENCIES');
      open(m, 'REMEDY_PERIOD_ENDS', d, m.remedy.endsOn, C.deficiencies, 'PROVIDER', `${D.remedy}-day period to remedy the deficiencies noticed on ${d}`);
      return OK;
    }

    case 'DEFICIENCIES_REMEDIED': {
      const r = m.remedy;
      if (!r || r.remediedOn) return no('no Notice of Deficiencies is open', C.deficiencies);
      if (r.finalNoticeOn) return no(`a Final Notice was issued on ${r.finalNoticeOn}`, C.finalNotice);
      if (d > r.endsOn) return no(`the ${D.remedy}-day remedy period of the Notice of Deficiencies of ${r.noticeOn} ended on ${r.endsOn}; a Final Notice follows`, C.finalNotice);
      r.remediedOn = d;
      m.reapprovalOwed = true;
      close(m, ['REMEDY_PERIOD_ENDS'], d, 'DEFICIENCIES_REMEDIED');
      return OK;
    }

    case 'FINAL_NOTICE': {
      const r = m.remedy;
      if (!r || r.remediedOn) return no(`a Final Notice follows a Notice of Deficiencies whose deficiencies were not remedied within ${D.remedy} days`, C.finalNotice);
      if (r.finalNoticeOn) return no(`a Final Notice was already issued on ${r.finalNoticeOn}`, C.finalNotice);
      if (d <= r.endsOn) return no(`the Final Notice is issued upon the close of the ${D.remedy}-day remedy period, which runs through ${r.endsOn}`, C.finalNotice);
      r.finalNoticeOn = d;
      const act = newAction('FINAL_NOTICE', ev);
      m.action = act;
      m.actions.push(act);
      close(m, ['REMEDY_PERIOD_ENDS'], d, 'FINAL_NOTICE');
      openInformalRequest(m, act, d, `the Final Notice of ${d}`);
      return OK;
    }

    case 'REVOKED': {
      if (st.status === 'IN_REMEDY') return no(`under the Notice of Deficiencies of ${m.remedy!.noticeOn} the approval ends by Final Notice after the ${D.remedy}-day period`, C.finalNotice);
      if (st.status !== 'APPROVED' || a) return no(`there is no ${p} approval in force to revoke (the program is ${st.status}${a ? ` with the ${ACTION_NAMES[a.kind]} of ${a.noticeOn} pending` : ''})`, C.revocation);
      const act = newAction('REVOCATION', ev);
      m.action = act;
      m.actions.push(act);
      openInformalRequest(m, act, d, `the notice of ${d}`);
      return OK;
    }

    case 'INFORMAL_REVIEW_REQUESTED': {
      if (!a) {
        const what = remedyOpen(m) && !m.remedy!.finalNoticeOn ? `a Notice of Deficiencies (${m.remedy!.noticeOn}) is not` : 'there is no';
        return no(`${what} appealable action: only a refusal to issue program approval or a revocation of program approval may be appealed`, C.appealable);
      }
      if (a.requestedOn) return no(`informal review of the ${ACTION_NAMES[a.kind]} of ${a.noticeOn} was already requested on ${a.requestedOn}`, C.informalRequired);
      const last = addDays(a.appealNoticeOn, D.informalRequest);
      if (d > last) {
        const duringTa = a.kind === 'REFUSAL' && taOngoing(m) ? '; appeal rights are notified again when technical assistance ends' : '';
        return no(`the request must reach BBH within ${D.informalRequest} days after the notice of ${a.appealNoticeOn} (by ${last}); received ${d}${duringTa}`, C.informalWithin10);
      }
      a.requestedOn = d;
      a.stayed = d < a.effectiveOn;
      close(m, ['INFORMAL_REVIEW_REQUEST_DUE'], d, 'INFORMAL_REVIEW_REQUESTED');
      open(m, 'BBH_DECISION_DUE', d, addDays(d, D.bbhDecision), C.bbhWithin30, 'BBH', `BBH to complete the informal review within ${D.bbhDecision} days after receiving the request on ${d}`);
      return OK;
    }

    case 'INFORMAL_REVIEW_DECIDED': {
      if (!a || !a.requestedOn || a.decidedOn || a.withdrawnOn) return no('no informal review is pending before BBH', C.bbhWithin30);
      a.decidedOn = d;
      a.informalOutcome = ev.outcome as InformalReviewOutcome;
      close(m, ['BBH_DECISION_DUE'], d, 'INFORMAL_REVIEW_DECIDED');
      if (a.informalOutcome === 'REVERSED') reverse(m, a, d);
      else open(m, 'BAH_APPEAL_DUE', d, addDays(d, D.bahAppeal), C.bahWithin10, 'PROVIDER', `Written request for formal appeal to BAH due within ${D.bahAppeal} days after the informal review result of ${d}`);
      return OK;
    }

    case 'FORMAL_APPEAL_FILED': {
      const last = m.action;
      if (!a) {
        if (last && last.informalOutcome === 'REVERSED' && last.reversedOn) return no(`the informal review of ${last.decidedOn} reversed the action; there is nothing to appeal`, C.bahWithin10);
        return no('there is no appealable action: only a refusal to issue program approval or a revocation of program approval may be appealed', C.appealable);
      }
      if (!a.requestedOn) return no(`informal review by BBH must be requested and completed before a formal appeal to BAH (the ${ACTION_NAMES[a.kind]} of ${a.noticeOn} has none)`, C.informalRequired);
      if (a.withdrawnOn) return no(`the appeal was withdrawn on ${a.withdrawnOn}`, C.bahWithin10);
      if (!a.decidedOn) return no(`the informal review requested on ${a.requestedOn} is not completed; it must be completed before a formal appeal`, C.informalFirst);
      if (a.filedOn) return no(`a formal appeal was already filed on ${a.filedOn}`, C.bahWithin10);
      const lastDay = addDays(a.decidedOn, D.bahAppeal);
      if (d > lastDay) return no(`the appeal must reach BAH within ${D.bahAppeal} days after the informal review result of ${a.decidedOn} (by ${lastDay}); received ${d}`, C.bahWithin10);
      a.filedOn = d;
      close(m, ['BAH_APPEAL_DUE'], d, 'FORMAL_APPEAL_FILED');
      open(m, 'FINAL_DECISION_DUE', d, addDays(d, D.finalDecision), C.finalWithin90, 'BAH', `Final administrative decision due within ${D.finalDecision} days after the appeal filed with BAH on ${d}, unless more time is required`);
      return OK;
    }

    case 'FINAL_DECISION': {
      if (!a || !a.filedOn || a.finalDecisionOn || a.withdrawnOn) return no('no formal appeal is pending before BAH', C.finalWithin90);
      a.finalDecisionOn = d;
      a.finalOutcome = ev.outcome as FinalDecisionOutcome;
      close(m, ['FINAL_DECISION_DUE'], d, 'FINAL_DECISION');
      open(m, 'IMPLEMENTATION_DUE', d, addDays(d, D.implementation), C.implementWithin30, 'DEPARTMENT', `Action implementing the final administrative decision of ${d} (${a.finalOutcome}) due within ${D.implementation} days`);
      if (a.finalOutcome === 'REVERSED') reverse(m, a, d);
      return OK;
    }

    case 'ACTION_IMPLEMENTED': {
      const fa = m.action;
      if (!fa || !fa.finalDecisionOn) return no('action is implemented after a final administrative decision, and there is none', C.implementWithin30);
      if (fa.implementedOn) return no(`the final administrative decision of ${fa.finalDecisionOn} was already implemented on ${fa.implementedOn}`, C.implementWithin30);
      fa.implementedOn = d;
      close(m, ['IMPLEMENTATION_DUE'], d, 'ACTION_IMPLEMENTED');
      return OK;
    }

    case 'APPEAL_WITHDRAWN': {
      const pendingInformal = a && a.requestedOn && !a.decidedOn;
      const pendingFormal = a && a.filedOn && !a.finalDecisionOn;
      if (!a || a.withdrawnOn || (!pendingInformal && !pendingFormal)) return no('no informal review or formal appeal is pending to withdraw', C.bahWithin10);
      a.withdrawnOn = d;
      close(m, ['BBH_DECISION_DUE', 'FINAL_DECISION_DUE'], d, 'APPEAL_WITHDRAWN');
      return OK;
    }
  }
}

function needsOnsite(program: Program): boolean {
  return program === 'PSR' || program === 'IO';
}

function summarize(ev: ProgramApprovalEvent, m: Model): string {
  const p = PROGRAM_NAMES[m.program];
  switch (ev.type) {
    case 'INTENT_SUBMITTED':
      return `Intention to provide ${p} submitted through IMPACT`;
    case 'ENROLLMENT_PROCESSED':
      return `Enrollment processed; program approval due by ${addDays(ev.occurredOn, D.initialApproval)}`;
    case 'ATTESTATION_SUBMITTED':
      return `Attestation of adherence to 140.453 and Table N submitted`;
    case 'ONSITE_REVIEW_SCHEDULED':
      return `On-site review scheduled for ${ev.reviewOn}${ev.noticeOn ? ` (written notice given ${ev.noticeOn})` : ' (written notice not yet given)'}`;
    case 'ONSITE_REVIEW_HELD':
      return 'On-site review held';
    case 'APPROVED':
      return `Approved through ${m.approval?.approvedThrough}`;
    case 'REAPPROVED':
      return `Re-approved through ${m.approval?.approvedThrough}`;
    case 'NOT_APPROVED':
      return `Determined not to be approved (takes effect ${m.action?.effectiveOn})`;
    case 'TECHNICAL_ASSISTANCE_STARTED':
      return 'Technical assistance started';
    case 'TECHNICAL_ASSISTANCE_ENDED':
      return 'Technical assistance ended';
    case 'NOTICE_OF_DEFICIENCIES':
      return `Notice of Deficiencies; ${D.remedy}-day remedy period ends ${addDays(ev.occurredOn, D.remedy)}`;
    case 'DEFICIENCIES_REMEDIED':
      return 'Deficiencies remedied';
    case 'FINAL_NOTICE':
      return `Final Notice (takes effect ${m.action?.effectiveOn} unless stayed)`;
    case 'REVOKED':
      return `Revocation noticed (takes effect ${m.action?.effectiveOn} unless stayed)`;
    case 'INFORMAL_REVIEW_REQUESTED':
      return `Informal review request received by BBH${m.action?.stayed ? '; the action is stayed' : ''}`;
    case 'INFORMAL_REVIEW_DECIDED':
      return `Informal review decided: ${ev.outcome}`;
    case 'FORMAL_APPEAL_FILED':
      return `Formal appeal received by BAH${m.action?.stayed ? '; the action stays stayed' : ''}`;
    case 'FINAL_DECISION':
      return `Final administrative decision: the Department's action ${ev.outcome === 'UPHELD' ? 'upheld' : 'reversed'}`;
    case 'ACTION_IMPLEMENTED':
      return 'Final administrative decision implemented';
    case 'APPEAL_WITHDRAWN':
      return 'Appeal withdrawn';
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

/** Stable sort by occurredOn (same-day events keep their recorded order). */
function inDateOrder(events: readonly ProgramApprovalEvent[]): ProgramApprovalEvent[] {
  return events
    .map((e, i) => ({ e, i }))
    .sort((x, y) => (x.e.occurredOn < y.e.occurredOn ? -1 : x.e.occurredOn > y.e.occurredOn ? 1 : x.i - y.i))
    .map((x) => x.e);
}

function step(m: Model, ev: ProgramApprovalEvent, idx: number, calendar: HolidayRules): ProgramApprovalRefusal | null {
  const bad = shapeRefusal(ev);
  if (bad) return bad;
  const outcome = apply(m, ev, idx, calendar);
  if (outcome.refused) return outcome.refused;
  m.lastDate = ev.occurredOn;
  const entry: ProgramHistoryEntry = { on: ev.occurredOn, type: ev.type, summary: summarize(ev, m), status: derive(m, ev.occurredOn).status };
  if (ev.note) entry.note = ev.note;
  m.history.push(entry);
  return null;
}

function fold(program: Program, events: readonly ProgramApprovalEvent[], calendar: HolidayRules): Model {
  const m = newModel(program);
  events.forEach((ev, i) => {
    const refused = step(m, ev, i, calendar);
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
    informalReviewDecidedOn: a.decidedOn,
    informalReviewOutcome: a.informalOutcome,
    formalAppealFiledOn: a.filedOn,
    finalDecisionOn: a.finalDecisionOn,
    finalDecisionOutcome: a.finalOutcome,
    implementedOn: a.implementedOn,
    withdrawnOn: a.withdrawnOn,
    stayed: a.stayed,
    takesEffectOn: a.reversedOn ? null : effectOn(a),
    resolvedOn: a.reversedOn ?? a.supersededOn,
  };
}

function stateOf(m: Model, asOf: DateOnly): ProgramApprovalState {
  const st = derive(m, asOf);
  const deadlines = m.deadlines.map((dl) => ({ ...dl }));
  if (st.status === 'REVOKED' && st.effectOn) {
    for (const dl of deadlines) {
      if (dl.closedOn === null && (dl.kind === 'REAPPROVAL_DUE' || dl.kind === 'REMEDY_PERIOD_ENDS')) {
        dl.closedOn = st.effectOn;
        dl.closedBy = 'ACTION_TOOK_EFFECT';
      }
    }
  }
  const out: Deadline[] = deadlines
    .map((dl, i) => ({ dl, i }))
    .sort((x, y) => (x.dl.dueOn < y.dl.dueOn ? -1 : x.dl.dueOn > y.dl.dueOn ? 1 : x.i - y.i))
    .map(({ dl }) => {
      const isOpen = dl.closedOn === null;
      return { ...dl, open: isOpen, overdue: (on: DateOnly) => isOpen && on > dl.dueOn };
    });

  const derived: ProgramHistoryEntry[] = [];
  for (const a of m.actions) {
    const eff = a.reversedOn && a.stayed ? null : effectOn(a);
    const endedOn = a.reversedOn ?? a.supersededOn;
    if (eff !== null && eff <= asOf && (endedOn === null || eff < endedOn)) {
      derived.push({
        on: eff,
        type: 'ACTION_TOOK_EFFECT',
        summary: `The ${ACTION_NAMES[a.kind]} of ${a.noticeOn} took effect`,
        status: a.kind === 'REFUSAL' ? 'NOT_APPROVED' : 'REVOKED',
      });
    }
  }
  if (st.status === 'LAPSED' && st.approvedThrough) {
    derived.push({ on: addDays(st.approvedThrough, 1), type: 'APPROVAL_LAPSED', summary: `Approval expired after ${st.approvedThrough}`, status: 'LAPSED' });
  }
  const history = [...derived.map((h) => ({ h, k: 0 })), ...m.history.map((h, i) => ({ h, k: i + 1 }))]
    .sort((x, y) => (x.h.on < y.h.on ? -1 : x.h.on > y.h.on ? 1 : x.k - y.k))
    .map(({ h }) => h);

  const shown = m.action;
  return {
    program: m.program,
    asOf,
    status: st.status,
    approvedThrough: st.approvedThrough,
    approvedOn: st.approvedThrough === null ? null : (m.approval?.approvedOn ?? null),
    inForce: st.inForce,
    reason: st.reason,
    citation: st.citation,
    deadlines: out,
    contestedAction: shown ? actionView(shown) : null,
    technicalAssistance: m.ta ? { startedOn: m.ta.startedOn, endedOn: m.ta.endedOn } : null,
    history,
  };
}

// ---------------------------------------------------------------- public functions

/**
 * Whether the rules allow `next` after `events` (the stored history, in recorded order), and the
 * state on next.occurredOn if so. Refused: `{ ok: false, code: 'EVENT_NOT_ALLOWED', reason, citation }`
 * (or VALIDATION_FAILED for a malformed event). Throws ProgramApprovalHistoryError when the stored
 * history itself is not allowed.
 */
export function applyEvent(
  program: Program,
  events: readonly ProgramApprovalEvent[],
  next: ProgramApprovalEvent,
  options: ProgramApprovalOptions = {},
): ApplyEventResult {
  const calendar = options.calendar ?? illinoisHolidayRules();
  const m = fold(program, events, calendar);
  const refused = step(m, next, events.length, calendar);
  if (refused) return refused;
  const all = [...events, next];
  return { ok: true, events: all, state: stateOf(m, next.occurredOn) };
}

/** Status, approval period, deadlines and history on `asOf`, counting only events dated on or before it. */
export function programStateOn(
  program: Program,
  events: readonly ProgramApprovalEvent[],
  asOf: DateOnly,
  options: ProgramApprovalOptions = {},
): ProgramApprovalState {
  assertDateOnly(asOf, 'asOf');
  const calendar = options.calendar ?? illinoisHolidayRules();
  const counted = inDateOrder(events).filter((e) => e.occurredOn <= asOf);
  return stateOf(fold(program, counted, calendar), asOf);
}

/** Every open deadline on `asOf`, soonest first. */
export function openDeadlines(program: Program, events: readonly ProgramApprovalEvent[], asOf: DateOnly, options: ProgramApprovalOptions = {}): Deadline[] {
  return programStateOn(program, events, asOf, options).deadlines.filter((dl) => dl.open);
}

/**
 * What the claim checks ask: is a Table N approval for `program` in force on `date`? In force when
 * APPROVED, IN_REMEDY, or STAYED with an approval behind it.
 */
export function programInForceOn(
  program: Program,
  events: readonly ProgramApprovalEvent[],
  date: DateOnly,
  options: ProgramApprovalOptions = {},
): ProgramInForce {
  assertDateOnly(date, 'date');
  if (!events.some((e) => e.occurredOn <= date)) {
    return { program, date, inForce: false, status: 'NONE', reason: `no ${PROGRAM_NAMES[program]} program approval on record on ${date}`, citation: C.intent, approvedThrough: null };
  }
  const st = programStateOn(program, events, date, options);
  return { program, date, inForce: st.inForce, status: st.status, reason: st.reason, citation: st.citation, approvedThrough: st.approvedThrough };
}
