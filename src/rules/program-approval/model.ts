/**
 * The state the Table N fold keeps while it reads the events of one program approval, and the small
 * questions the transitions, the deadlines and the status ask of it (is a stay running, when does the
 * contested action take effect). Nothing here words an answer: that is ./narrative.
 */
import { addDays, maxDate, type DateOnly } from '../dates';
import type { Program } from '../vocabulary';
import type { FinalDecisionOutcome, InformalReviewOutcome, ProgramApprovalEventType } from './events';
import { TABLE_N_DAYS as D } from './table-n';
import type { ApprovalStatus } from './types';

export const DEADLINE_KINDS = [
  'INITIAL_APPROVAL_DUE',
  'ONSITE_NOTICE_DUE',
  'FINDINGS_DUE',
  'REAPPROVAL_DUE',
  'REMEDY_PERIOD_ENDS',
  'FINAL_NOTICE_DUE',
  'INFORMAL_REVIEW_REQUEST_DUE',
  'BBH_DECISION_DUE',
  'BAH_APPEAL_DUE',
  'FINAL_DECISION_DUE',
  'IMPLEMENTATION_DUE',
] as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[number];

/** who must act by the deadline */
export const DEADLINE_PARTIES = ['DEPARTMENT', 'PROVIDER', 'BBH', 'BAH'] as const;
export type DeadlineParty = (typeof DEADLINE_PARTIES)[number];

/** What met or ended a deadline: an event, or a contested action taking effect (a re-approval deadline ended by revocation). */
export type DeadlineCloser = ProgramApprovalEventType | 'ACTION_TOOK_EFFECT';

export type ContestedActionKind = 'REFUSAL' | 'REVOCATION' | 'FINAL_NOTICE';

export interface DeadlineRec {
  /** stable within the approval: kind, the day it opened and a counter (`FINDINGS_DUE-2026-02-13-1`); calendar UIDs are built from it */
  id: string;
  /** the deadline table record it was opened by */
  ruleId: string;
  kind: DeadlineKind;
  dueOn: DateOnly;
  citation: string;
  description: string;
  party: DeadlineParty;
  /** the day the deadline arose */
  openedOn: DateOnly;
  openedBy: ProgramApprovalEventType;
  closedOn: DateOnly | null;
  /** the event that met or superseded it, or ACTION_TOOK_EFFECT (a re-approval deadline ended by revocation) */
  closedBy: DeadlineCloser | null;
}

export interface ActionRec {
  kind: ContestedActionKind;
  type: 'NOT_APPROVED' | 'FINAL_NOTICE' | 'REVOKED';
  noticeOn: DateOnly;
  effectiveOn: DateOnly;
  effectiveOnDefaulted: boolean;
  /** the 10-day informal review request period runs from here */
  appealNoticeOn: DateOnly;
  /** the day BBH received the request */
  requestedOn: DateOnly | null;
  /** the day the request was sent, when recorded */
  requestSubmittedOn: DateOnly | null;
  stayed: boolean;
  decidedOn: DateOnly | null;
  informalOutcome: InformalReviewOutcome | null;
  /** the day BAH received the formal appeal */
  filedOn: DateOnly | null;
  /** the day the formal appeal was sent, when recorded */
  appealSubmittedOn: DateOnly | null;
  finalDecisionOn: DateOnly | null;
  finalOutcome: FinalDecisionOutcome | null;
  implementedOn: DateOnly | null;
  withdrawnOn: DateOnly | null;
  reversedOn: DateOnly | null;
  supersededOn: DateOnly | null;
}

export interface ApprovalRec {
  approvedOn: DateOnly;
  /** the first day of the 12-month period (the approval day, or the day after the period it renews) */
  periodStart: DateOnly;
  approvedThrough: DateOnly;
  idx: number;
  type: 'APPROVED' | 'REAPPROVED';
  recordedOn: DateOnly;
}

export interface RemedyRec {
  noticeOn: DateOnly;
  endsOn: DateOnly;
  remediedOn: DateOnly | null;
  finalNoticeOn: DateOnly | null;
}

/** Why a re-approval is owed even if the 12-month period runs out before it is recorded. */
export interface ReapprovalOwed {
  because: 'REMEDIED' | 'INFORMAL_REVIEW_REVERSED' | 'FINAL_DECISION_REVERSED';
  on: DateOnly;
}

export interface ProgramHistoryEntry {
  on: DateOnly;
  type: ProgramApprovalEventType | 'ACTION_TOOK_EFFECT' | 'APPROVAL_LAPSED';
  summary: string;
  /** the status on that day once this entry is counted */
  status: ApprovalStatus;
  note?: string;
  /** the day the event was recorded (events only, when known) */
  recordedOn?: DateOnly;
  /** set when the event is dated after the day it was recorded (accepted before such events were refused) */
  warning?: string;
}

export interface Model {
  program: Program;
  cycle: { intentOn: DateOnly; intentIdx: number; enrollmentOn: DateOnly | null; enrollmentIdx: number } | null;
  approval: ApprovalRec | null;
  /** every approval period granted, in order (a recorded re-approval covers the dates it covers) */
  periods: ApprovalRec[];
  remedy: RemedyRec | null;
  /** remedied, or an action reversed on review: REAPPROVED is owed and the approval stays in force until it */
  reapprovalOwed: ReapprovalOwed | null;
  refusalReversed: boolean;
  ta: { startedOn: DateOnly; endedOn: DateOnly | null; context: 'REFUSAL' | 'REMEDY' | 'FINAL_NOTICE' } | null;
  action: ActionRec | null;
  actions: ActionRec[];
  schedule: { scheduledOn: DateOnly; noticeOn: DateOnly | null; reviewOn: DateOnly } | null;
  onsiteHeldIdx: number;
  attestationIdx: number;
  deadlines: DeadlineRec[];
  lastDate: DateOnly | null;
  /** the latest recording day of the events read */
  recordedThrough: DateOnly | null;
  history: ProgramHistoryEntry[];
}

export function newModel(program: Program): Model {
  return {
    program,
    cycle: null,
    approval: null,
    periods: [],
    remedy: null,
    reapprovalOwed: null,
    refusalReversed: false,
    ta: null,
    action: null,
    actions: [],
    schedule: null,
    onsiteHeldIdx: -1,
    attestationIdx: -1,
    deadlines: [],
    lastDate: null,
    recordedThrough: null,
    history: [],
  };
}

export const isResolved = (a: ActionRec) => a.reversedOn !== null || a.supersededOn !== null;
export const taOngoing = (m: Model) => m.ta !== null && m.ta.endedOn === null;
export const remedyOpen = (m: Model) => m.remedy !== null && m.remedy.remediedOn === null;
export const liveAction = (m: Model): ActionRec | null => (m.action && !isResolved(m.action) ? m.action : null);

/** The context technical assistance is offered in now, (b)(1)(G)(ii) and (b)(2)(B); null when none. */
export function technicalAssistanceContext(m: Model): 'REFUSAL' | 'REMEDY' | 'FINAL_NOTICE' | null {
  const a = liveAction(m);
  if (a?.kind === 'REFUSAL') return 'REFUSAL';
  if (a?.kind === 'FINAL_NOTICE') return 'FINAL_NOTICE';
  return remedyOpen(m) ? 'REMEDY' : null;
}

/** The day the action would take effect once the 10-day period to appeal the informal review result has run out. */
function afterBahWindow(a: ActionRec): DateOnly {
  return maxDate(a.effectiveOn, addDays(a.decidedOn!, D.bahAppeal + 1))!;
}

/** A formal appeal BAH received before the action took effect keeps it stayed, (e)(3)(C). */
export function appealStays(a: ActionRec): boolean {
  return a.stayed && a.decidedOn !== null && a.filedOn !== null && a.filedOn < afterBahWindow(a);
}

/** The day the action takes effect as far as the events so far tell; null while a review keeps it stayed or if reversed there. */
export function effectOn(a: ActionRec): DateOnly | null {
  if (!a.stayed) return a.effectiveOn;
  if (a.withdrawnOn && !a.decidedOn) return maxDate(a.effectiveOn, a.withdrawnOn);
  if (!a.decidedOn || a.informalOutcome === 'REVERSED') return null;
  if (!appealStays(a)) return afterBahWindow(a);
  if (a.withdrawnOn) return maxDate(a.effectiveOn, a.withdrawnOn);
  if (a.finalDecisionOn) return a.finalOutcome === 'UPHELD' ? maxDate(a.effectiveOn, a.finalDecisionOn) : null;
  return null;
}

/** The stay of (e)(3)(A)(ii) / (e)(3)(C) is running on `d` (it ends with withdrawal, the BAH window, or the final decision). */
export function stayRunning(a: ActionRec, d: DateOnly): boolean {
  if (!a.stayed || isResolved(a)) return false;
  if (!a.decidedOn) return !a.withdrawnOn;
  if (!appealStays(a)) return d <= addDays(a.decidedOn, D.bahAppeal);
  return !a.withdrawnOn && !a.finalDecisionOn;
}

/** The action is still open to review on `d` (window open or review pending). */
export function appealOpen(a: ActionRec, d: DateOnly): boolean {
  if (isResolved(a) || a.withdrawnOn) return false;
  if (!a.requestedOn) return d <= addDays(a.appealNoticeOn, D.informalRequest);
  if (!a.decidedOn) return true;
  if (a.informalOutcome === 'REVERSED') return false;
  if (!a.filedOn) return d <= addDays(a.decidedOn, D.bahAppeal);
  return !a.finalDecisionOn;
}
