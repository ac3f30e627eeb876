/**
 * The words of the Table N engine: the reason given with a status, each deadline's description, and
 * the one-line summary of each event in the history. The decisions are made elsewhere (./status,
 * ./transitions, ./deadline-table); this module only says them.
 */
import { addDays, type DateOnly } from '../dates';
import type { ProgramApprovalEvent, ProgramApprovalEventType } from './events';
import type { ActionRec, ApprovalRec, ContestedActionKind, DeadlineKind, Model, ReapprovalOwed, RemedyRec } from './model';
import { appealStays } from './model';
import { PROGRAM_NAMES, TABLE_N_DAYS as D } from './table-n';

export const ACTION_NAMES: Record<ContestedActionKind, string> = {
  REFUSAL: 'refusal to issue program approval',
  REVOCATION: 'revocation of program approval',
  FINAL_NOTICE: 'Final Notice (revocation of program approval)',
};

const name = (m: Model) => PROGRAM_NAMES[m.program];

/** "takes effect X[ unless informal review is requested by Y]" for an action that has not taken effect */
export function pendingEffect(a: ActionRec): string {
  return `takes effect ${a.effectiveOn}${a.requestedOn ? '' : ` unless informal review is requested by ${addDays(a.appealNoticeOn, D.informalRequest)}`}`;
}

/** "; the <action> of <date> takes effect ..." when an action is pending, else '' */
function pendingTail(a: ActionRec | null): string {
  return a ? `; the ${ACTION_NAMES[a.kind]} of ${a.noticeOn} ${pendingEffect(a)}` : '';
}

const OWED_BECAUSE: Record<ReapprovalOwed['because'], string> = {
  REMEDIED: 'the deficiencies were remedied on',
  INFORMAL_REVIEW_REVERSED: 'the informal review reversed the action on',
  FINAL_DECISION_REVERSED: 'the final administrative decision reversed the action on',
};

/** The reason that goes with each status. */
export const reasons = {
  refusalInEffect: (m: Model, a: ActionRec, eff: DateOnly) => `${name(m)} program approval was refused on ${a.noticeOn} (in effect from ${eff})`,
  revocationInEffect: (m: Model, a: ActionRec, eff: DateOnly) =>
    `${name(m)} program approval ${a.kind === 'FINAL_NOTICE' ? `ended by the Final Notice of ${a.noticeOn}` : `revoked by the notice of ${a.noticeOn}`}, in effect from ${eff}${
      a.finalOutcome === 'UPHELD' ? ` (upheld by the final administrative decision of ${a.finalDecisionOn})` : ''
    }`,
  refusalStayed: (m: Model, a: ActionRec) => `${name(m)} not approved: the refusal of ${a.noticeOn} is stayed pending ${stayPending(a)}, which does not create an approval`,
  revocationStayed: (m: Model, a: ActionRec, ap: ApprovalRec | null) =>
    `${name(m)} approval (through ${ap?.approvedThrough}) stays in force: the ${ACTION_NAMES[a.kind]} noticed on ${a.noticeOn} is stayed pending ${stayPending(a)}`,
  refusalPending: (m: Model, a: ActionRec) => `${name(m)} program approval was refused on ${a.noticeOn} (${pendingEffect(a)})`,
  inRemedy: (m: Model, ap: ApprovalRec, r: RemedyRec, d: DateOnly, a: ActionRec | null, finalNoticeDueOn: DateOnly | null) =>
    `${name(m)} approval (through ${ap.approvedThrough}) stays in force under the Notice of Deficiencies of ${r.noticeOn} (${D.remedy}-day remedy period ${d <= r.endsOn ? 'ends' : 'ended'} ${r.endsOn})${pendingTail(a)}${
      finalNoticeDueOn ? `; the Department's Final Notice, due ${finalNoticeDueOn}, is not recorded` : ''
    }`,
  approved: (m: Model, ap: ApprovalRec, a: ActionRec | null) => `${name(m)} approved through ${ap.approvedThrough}${pendingTail(a)}`,
  awaitingReapproval: (m: Model, ap: ApprovalRec, owed: ReapprovalOwed, a: ActionRec | null) =>
    `${name(m)} approval (period ended ${ap.approvedThrough}) stays in force until its re-approval is decided: ${OWED_BECAUSE[owed.because]} ${owed.on}${pendingTail(a)}`,
  lapsed: (m: Model, ap: ApprovalRec) => `${name(m)} approval expired after ${ap.approvedThrough} with no re-approval`,
  pending: (m: Model) => {
    const p = name(m);
    const c = m.cycle;
    if (!c) return `no ${p} program approval on record`;
    if (!c.enrollmentOn) return `${p} program approval pending (intention submitted ${c.intentOn}; enrollment not yet processed)`;
    if (m.refusalReversed) return `${p} program approval pending: the refusal was reversed on review and approval is to follow`;
    return `${p} program approval pending (enrollment processed ${c.enrollmentOn}; approval due by ${addDays(c.enrollmentOn, D.initialApproval)})`;
  },
  /** a later-recorded re-approval that covers a date the record then showed awaiting it */
  coveredByReapproval: (m: Model, period: ApprovalRec) =>
    `${name(m)} re-approved on ${period.approvedOn} (recorded ${period.recordedOn}) for ${period.periodStart} through ${period.approvedThrough}`,
  finalNoticeOverdue: (m: Model, r: RemedyRec, ap: ApprovalRec, dueOn: DateOnly) =>
    `${name(m)} approval ended its 12-month period on ${ap.approvedThrough} and is kept in force only by the Notice of Deficiencies of ${r.noticeOn}, whose ${D.remedy}-day remedy period closed on ${r.endsOn} without a remedy; the Department's Final Notice was due ${dueOn} and is not recorded. A Final Notice takes effect no earlier than its own date, so this date of service stays covered, but the approval may end at any time`,
};

function stayPending(a: ActionRec): string {
  if (appealStays(a)) return `the formal appeal filed with BAH on ${a.filedOn}`;
  if (a.decidedOn) return `the ${D.bahAppeal}-day period to appeal the informal review result of ${a.decidedOn} to BAH (through ${addDays(a.decidedOn, D.bahAppeal)})`;
  return `the informal review requested on ${a.requestedOn}`;
}

/** What a deadline's description needs: the event that opened it, the day its period runs from, and the fold so far. */
export interface DeadlineTextInput {
  ev: ProgramApprovalEvent;
  from: DateOnly;
  m: Model;
}

function informalRequestAfter(x: DeadlineTextInput): string {
  if (x.ev.type === 'TECHNICAL_ASSISTANCE_ENDED') return `the notice of appeal rights following technical assistance (${x.from})`;
  if (x.ev.type === 'FINAL_NOTICE') return `the Final Notice of ${x.from}`;
  return `the notice of ${x.from}`;
}

/** Each deadline kind's description, worded from the event that opened it. */
export const DEADLINE_TEXT: Record<DeadlineKind, (x: DeadlineTextInput) => string> = {
  INITIAL_APPROVAL_DUE: (x) => `Department to perform program approval within ${D.initialApproval} days after the enrollment processed on ${x.from}`,
  ONSITE_NOTICE_DUE: (x) => `Written notice of the on-site review on ${x.from} due at least ${D.onsiteNotice} days before it`,
  FINDINGS_DUE: (x) => `Written program approval findings due within ${D.findingsBusinessDays} business days after the on-site review held on ${x.from}`,
  REAPPROVAL_DUE: (x) => `Annual re-approval due by the end of the ${D.approvalMonths}-month approval period (through ${x.m.approval?.approvedThrough})`,
  REMEDY_PERIOD_ENDS: (x) => `${D.remedy}-day period to remedy the deficiencies noticed on ${x.from}`,
  FINAL_NOTICE_DUE: (x) =>
    `Final Notice due from the Department upon the close of the ${D.remedy}-day remedy period of the Notice of Deficiencies of ${x.from} (through ${addDays(x.from, D.remedy)}), unless the deficiencies are remedied by then`,
  INFORMAL_REVIEW_REQUEST_DUE: (x) => {
    const a = x.m.action!;
    return `Written request for informal review by BBH of the ${ACTION_NAMES[a.kind]} noticed on ${a.noticeOn} due within ${D.informalRequest} days after ${informalRequestAfter(x)}`;
  },
  BBH_DECISION_DUE: (x) => `BBH to complete the informal review within ${D.bbhDecision} days after receiving the request on ${x.from}`,
  BAH_APPEAL_DUE: (x) => `Written request for formal appeal to BAH due within ${D.bahAppeal} days after the informal review result of ${x.from}`,
  FINAL_DECISION_DUE: (x) => `Final administrative decision due within ${D.finalDecision} days after the appeal filed with BAH on ${x.from}, unless more time is required`,
  IMPLEMENTATION_DUE: (x) => `Action implementing the final administrative decision of ${x.from} (${x.ev.outcome}) due within ${D.implementation} days`,
};

/** One line per event in the history, worded once the event is counted. */
export function summarize(ev: ProgramApprovalEvent, m: Model): string {
  const p = name(m);
  const sent = ev.submittedOn && ev.submittedOn !== ev.occurredOn ? ` (sent ${ev.submittedOn})` : '';
  const summaries: Record<ProgramApprovalEventType, () => string> = {
    INTENT_SUBMITTED: () => `Intention to provide ${p} submitted through IMPACT`,
    ENROLLMENT_PROCESSED: () => `Enrollment processed; program approval due by ${addDays(ev.occurredOn, D.initialApproval)}`,
    ATTESTATION_SUBMITTED: () => 'Attestation of adherence to 140.453 and Table N submitted',
    ONSITE_REVIEW_SCHEDULED: () => `On-site review scheduled for ${ev.reviewOn}${ev.noticeOn ? ` (written notice given ${ev.noticeOn})` : ' (written notice not yet given)'}`,
    ONSITE_REVIEW_HELD: () => 'On-site review held',
    APPROVED: () => `Approved through ${m.approval?.approvedThrough}`,
    REAPPROVED: () => `Re-approved through ${m.approval?.approvedThrough}`,
    NOT_APPROVED: () => `Determined not to be approved (takes effect ${m.action?.effectiveOn})`,
    TECHNICAL_ASSISTANCE_STARTED: () => 'Technical assistance started',
    TECHNICAL_ASSISTANCE_ENDED: () => 'Technical assistance ended',
    NOTICE_OF_DEFICIENCIES: () => `Notice of Deficiencies; ${D.remedy}-day remedy period ends ${addDays(ev.occurredOn, D.remedy)}`,
    DEFICIENCIES_REMEDIED: () => 'Deficiencies remedied',
    FINAL_NOTICE: () => `Final Notice (takes effect ${m.action?.effectiveOn} unless stayed)`,
    REVOKED: () => `Revocation noticed (takes effect ${m.action?.effectiveOn} unless stayed)`,
    INFORMAL_REVIEW_REQUESTED: () => `Informal review request received by BBH${sent}${m.action?.stayed ? '; the action is stayed' : '; received once the action had taken effect, so it stays nothing'}`,
    INFORMAL_REVIEW_DECIDED: () => `Informal review decided: ${ev.outcome}`,
    FORMAL_APPEAL_FILED: () => `Formal appeal received by BAH${sent}${m.action && appealStays(m.action) ? '; the action stays stayed' : m.action?.stayed ? '; received once the action had taken effect, so it stays nothing' : ''}`,
    FINAL_DECISION: () => `Final administrative decision: the Department's action ${ev.outcome === 'UPHELD' ? 'upheld' : 'reversed'}`,
    ACTION_IMPLEMENTED: () => 'Final administrative decision implemented',
    APPEAL_WITHDRAWN: () => 'Appeal withdrawn',
  };
  return summaries[ev.type]();
}

export const tookEffectSummary = (a: ActionRec) => `The ${ACTION_NAMES[a.kind]} of ${a.noticeOn} took effect`;
export const lapsedSummary = (approvedThrough: DateOnly) => `Approval expired after ${approvedThrough}`;
