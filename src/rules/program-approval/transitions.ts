/**
 * Table N transitions as data: for each event, the guards the rule text sets (each with its stable ID
 * and citation, tried in order: the first that refuses gives the reason) and the effect on the fold.
 * Deadlines are not touched here: ./deadline-table opens and closes them from the event.
 *
 * Like the deadline table, a changed transition is a new version with its own effectiveFrom.
 */
import { addDays, daysBetween, type DateOnly } from '../dates';
import type { FinalDecisionOutcome, InformalReviewOutcome, ProgramApprovalEvent, ProgramApprovalEventType } from './events';
import {
  appealOpen,
  liveAction,
  remedyOpen,
  taOngoing,
  technicalAssistanceContext,
  type ActionRec,
  type ContestedActionKind,
  type Model,
} from './model';
import { ACTION_NAMES } from './narrative';
import type { Derived } from './status';
import { approvalPeriodThrough, needsOnsite, PROGRAM_NAMES, TABLE_N_CITATIONS as C, TABLE_N_DAYS as D } from './table-n';

/** What a guard or an effect sees: the fold before the event, the event, and the status on its day. */
export interface TransitionContext {
  m: Model;
  ev: ProgramApprovalEvent;
  /** ev.occurredOn */
  d: DateOnly;
  /** the event's position in the history */
  idx: number;
  /** the status on d before the event */
  st: Derived;
  /** the live contested action before the event */
  a: ActionRec | null;
  /** the program's name */
  p: string;
}

export interface Guard {
  id: string;
  citation: string;
  /** the reason the event is refused, or null when this guard lets it pass */
  refuses(c: TransitionContext): string | null;
}

export interface Transition {
  id: string;
  event: ProgramApprovalEventType;
  version: number;
  effectiveFrom: DateOnly;
  effectiveTo: DateOnly | null;
  guards: Guard[];
  effect(c: TransitionContext): void;
}

const guard = (id: string, citation: string, refuses: Guard['refuses']): Guard => ({ id, citation, refuses });

/** Every event, before its own guards. */
export const COMMON_GUARDS: Guard[] = [
  guard('TN-G-DATE-ORDER', C.table, ({ m, ev, d }) =>
    m.lastDate !== null && d < m.lastDate ? `events are recorded in date order: ${ev.type} on ${d} is dated before the last event (${m.lastDate})` : null,
  ),
];

/** Only an event being recorded now (a stored history recorded before this check existed is read as it is). */
export const RECORDING_GUARDS: Guard[] = [
  guard('TN-G-NOT-FUTURE', C.table, ({ ev, d }) =>
    ev.recordedOn && d > ev.recordedOn
      ? `${ev.type} is dated ${d}, after the day it is being recorded (${ev.recordedOn}): record an event once it has happened (a planned on-site review is ONSITE_REVIEW_SCHEDULED with its reviewOn; a notice taking effect later carries effectiveOn)`
      : null,
  ),
];

const approvalBacked = (st: Derived) => st.status === 'APPROVED' || st.status === 'IN_REMEDY' || (st.status === 'STAYED' && st.inForce);
const actionOver = (st: Derived) => st.status === 'NOT_APPROVED' || st.status === 'REVOKED';

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
    requestSubmittedOn: null,
    stayed: false,
    decidedOn: null,
    informalOutcome: null,
    filedOn: null,
    appealSubmittedOn: null,
    finalDecisionOn: null,
    finalOutcome: null,
    implementedOn: null,
    withdrawnOn: null,
    reversedOn: null,
    supersededOn: null,
  };
}

function startAction(m: Model, kind: ContestedActionKind, ev: ProgramApprovalEvent): void {
  const act = newAction(kind, ev);
  m.action = act;
  m.actions.push(act);
}

/**
 * An action reversed on review never takes effect (or ends on the reversal). A reversed Final Notice
 * (the deficiencies finding overturned) owes the re-approval a remedy would have earned; so does a
 * revocation reversed after the 12 months ran out while it was pending.
 */
function reverse(m: Model, a: ActionRec, on: DateOnly, by: 'INFORMAL_REVIEW_REVERSED' | 'FINAL_DECISION_REVERSED'): void {
  a.reversedOn = on;
  if (a.kind === 'REFUSAL') {
    m.refusalReversed = true;
    return;
  }
  if (a.kind === 'FINAL_NOTICE') m.remedy = null;
  if (a.kind === 'FINAL_NOTICE' || (m.approval && on > m.approval.approvedThrough)) m.reapprovalOwed = { because: by, on };
}

const sentOn = (ev: ProgramApprovalEvent) => ev.submittedOn ?? ev.occurredOn;
const sentText = (ev: ProgramApprovalEvent) => (ev.submittedOn ? `submitted ${ev.submittedOn}` : `received ${ev.occurredOn} (no submittedOn given: taken as sent that day)`);

const V1 = { version: 1, effectiveFrom: '2018-07-01', effectiveTo: null } as const;
const t = (event: ProgramApprovalEventType, guards: Guard[], effect: Transition['effect']): Transition => ({ id: `TN-T-${event}-v1`, event, ...V1, guards, effect });

export const TRANSITIONS: readonly Transition[] = [
  t(
    'INTENT_SUBMITTED',
    [
      guard('TN-G-INTENT-ONCE', C.intent, ({ m, st, p }) =>
        m.cycle && !['NOT_APPROVED', 'REVOKED', 'LAPSED'].includes(st.status) ? `the intention to provide ${p} was already submitted on ${m.cycle.intentOn} and the program is ${st.status}` : null,
      ),
      guard('TN-G-INTENT-AFTER-REVIEW', C.informalRequired, ({ m, a, d }) =>
        m.cycle && a && appealOpen(a, d) ? `the ${ACTION_NAMES[a.kind]} of ${a.noticeOn} is still open to review; a new application follows its outcome` : null,
      ),
      guard('TN-G-INTENT-NOT-DURING-TA', C.notApproved, ({ m }) =>
        m.cycle && taOngoing(m) ? `technical assistance started ${m.ta!.startedOn} is under way; the Department may approve the program through it` : null,
      ),
    ],
    ({ m, a, d, idx }) => {
      if (m.cycle) {
        // a new application: what came before is history (its deadlines are closed by the table)
        if (a) a.supersededOn = d;
        Object.assign(m, { approval: null, remedy: null, reapprovalOwed: null, refusalReversed: false, ta: null, action: null, schedule: null });
      }
      m.cycle = { intentOn: d, intentIdx: idx, enrollmentOn: null, enrollmentIdx: -1 };
    },
  ),

  t(
    'ENROLLMENT_PROCESSED',
    [
      guard('TN-G-ENROLLMENT-AFTER-INTENT', C.intent, ({ m, p }) => (!m.cycle ? `the provider must first identify its intention to provide ${p} through IMPACT (INTENT_SUBMITTED)` : null)),
      guard('TN-G-ENROLLMENT-ONCE', C.enrollment, ({ m }) => (m.cycle?.enrollmentOn ? `the enrollment for this application was already processed on ${m.cycle.enrollmentOn}` : null)),
    ],
    ({ m, d, idx }) => {
      m.cycle!.enrollmentOn = d;
      m.cycle!.enrollmentIdx = idx;
    },
  ),

  t(
    'ATTESTATION_SUBMITTED',
    [
      guard('TN-G-ATTESTATION-AFTER-INTENT', C.intent, ({ m, p }) =>
        !m.cycle ? `an attestation is part of the program approval process, which starts with the intention to provide ${p} (INTENT_SUBMITTED)` : null,
      ),
    ],
    ({ m, idx }) => {
      m.attestationIdx = idx;
    },
  ),

  t(
    'ONSITE_REVIEW_SCHEDULED',
    [
      guard('TN-G-ONSITE-AFTER-ENROLLMENT', C.initialWithin90, ({ m }) =>
        !m.cycle?.enrollmentOn ? 'program approval activities follow the processing of the enrollment (ENROLLMENT_PROCESSED)' : null,
      ),
      guard('TN-G-ONSITE-NOT-AFTER-REFUSAL', C.notApproved, ({ m, st }) =>
        (actionOver(st) || (st.status === 'STAYED' && !st.inForce)) && !taOngoing(m)
          ? `the program is ${st.status}; a new review comes through technical assistance (TECHNICAL_ASSISTANCE_STARTED) or a new application`
          : null,
      ),
      guard('TN-G-ONSITE-NOTICE-GIVEN', C.onsiteNotice, ({ ev, d }) =>
        ev.noticeOn && ev.noticeOn > d ? `the notice is recorded when given: noticeOn ${ev.noticeOn} is after the event date ${d}` : null,
      ),
      guard('TN-G-ONSITE-NOTICE-10-DAYS', C.onsiteNotice, ({ ev }) => {
        if (!ev.noticeOn) return null;
        const lead = daysBetween(ev.noticeOn, ev.reviewOn!);
        return lead < D.onsiteNotice
          ? `the provider must be notified at least ${D.onsiteNotice} days before an on-site review: notice on ${ev.noticeOn} is ${lead} day${lead === 1 ? '' : 's'} before the review on ${ev.reviewOn} (notice due by ${addDays(ev.reviewOn!, -D.onsiteNotice)})`
          : null;
      }),
      guard('TN-G-ONSITE-STILL-NOTICEABLE', C.onsiteNotice, ({ ev, d }) =>
        !ev.noticeOn && daysBetween(d, ev.reviewOn!) < D.onsiteNotice
          ? `a review on ${ev.reviewOn} can no longer be noticed at least ${D.onsiteNotice} days before it (notice was due by ${addDays(ev.reviewOn!, -D.onsiteNotice)})`
          : null,
      ),
    ],
    ({ m, ev, d }) => {
      m.schedule = { scheduledOn: d, noticeOn: ev.noticeOn ?? null, reviewOn: ev.reviewOn! };
    },
  ),

  t(
    'ONSITE_REVIEW_HELD',
    [
      guard('TN-G-HELD-SCHEDULED', C.onsiteNotice, ({ m }) =>
        !m.schedule ? 'no on-site review is scheduled: the Department notifies the provider in writing of the date of the review (ONSITE_REVIEW_SCHEDULED)' : null,
      ),
      guard('TN-G-HELD-NOTICED', C.onsiteNotice, ({ m }) =>
        m.schedule && m.schedule.noticeOn === null ? `no written notice of the review on ${m.schedule.reviewOn} is recorded; notice is due at least ${D.onsiteNotice} days before it` : null,
      ),
      guard('TN-G-HELD-ON-NOTICED-DAY', C.onsiteNotice, ({ m, d }) =>
        m.schedule && d !== m.schedule.reviewOn ? `the provider was notified of a review on ${m.schedule.reviewOn}, not ${d}; record the new date with its notice (ONSITE_REVIEW_SCHEDULED)` : null,
      ),
    ],
    ({ m, idx }) => {
      m.schedule = null;
      m.onsiteHeldIdx = idx;
    },
  ),

  t(
    'APPROVED',
    [
      guard('TN-G-APPROVED-AFTER-ENROLLMENT', C.initialWithin90, ({ m }) =>
        !m.cycle?.enrollmentOn ? "program approval follows the processing of the provider's enrollment (ENROLLMENT_PROCESSED)" : null,
      ),
      guard('TN-G-APPROVED-NONE-IN-FORCE', C.annual, ({ st }) =>
        approvalBacked(st) ? `an approval is already in force through ${st.approvedThrough} (${st.status}); the annual renewal is REAPPROVED` : null,
      ),
      guard('TN-G-APPROVED-AFTER-REFUSAL', C.notApproved, ({ m, st }) =>
        (actionOver(st) || st.status === 'STAYED') && !taOngoing(m)
          ? `the program is ${st.status}; after that it may be approved only while receiving technical assistance (TECHNICAL_ASSISTANCE_STARTED) or once the action is reversed on review`
          : null,
      ),
      guard('TN-G-APPROVED-ATTESTED', C.attestation, ({ m, p }) => {
        const since = Math.max(m.cycle!.intentIdx, m.approval?.idx ?? -1);
        return m.attestationIdx <= since
          ? `no attestation of adherence to 140.453 and Table N for ${p} submitted ${m.approval ? `since the approval of ${m.approval.approvedOn}` : 'for this application'} (ATTESTATION_SUBMITTED)`
          : null;
      }),
      guard('TN-G-APPROVED-ONSITE', C.onsiteRequired, ({ m, p }) =>
        needsOnsite(m.program) && m.onsiteHeldIdx <= Math.max(m.cycle!.enrollmentIdx, m.approval?.idx ?? -1)
          ? `${p} approval requires an on-site visit before approval, and none has been held ${m.approval ? `since the approval of ${m.approval.approvedOn}` : 'since the enrollment was processed'}`
          : null,
      ),
    ],
    ({ m, ev, a, d, idx }) => {
      m.approval = { approvedOn: d, periodStart: d, approvedThrough: approvalPeriodThrough(d), idx, type: 'APPROVED', recordedOn: ev.recordedOn ?? d };
      m.periods.push(m.approval);
      if (a) a.supersededOn = d;
      // an approval after a reversal by the final decision implements it
      if (m.action && m.action.finalDecisionOn && !m.action.implementedOn) m.action.implementedOn = d;
      m.remedy = null;
      m.reapprovalOwed = null;
      m.refusalReversed = false;
    },
  ),

  t(
    'NOT_APPROVED',
    [
      guard('TN-G-REFUSAL-AFTER-ENROLLMENT', C.initialWithin90, ({ m }) =>
        !m.cycle?.enrollmentOn ? "a program approval determination follows the processing of the provider's enrollment (ENROLLMENT_PROCESSED)" : null,
      ),
      guard('TN-G-REFUSAL-NOT-REVERSED', C.bbhWithin30, ({ m }) => (m.refusalReversed ? 'the refusal was reversed on review; the program is to be approved (APPROVED)' : null)),
      guard('TN-G-REFUSAL-NOT-WHILE-APPROVED', C.deficiencies, ({ st }) =>
        approvalBacked(st) ? `an approval is in force through ${st.approvedThrough}; a provider failing the standards at re-approval is issued a Notice of Deficiencies` : null,
      ),
      guard('TN-G-REFUSAL-ONCE', C.notApproved, ({ st }) => (st.status !== 'PENDING' && st.status !== 'LAPSED' ? `the program is already ${st.status}` : null)),
    ],
    ({ m, ev }) => startAction(m, 'REFUSAL', ev),
  ),

  t(
    'TECHNICAL_ASSISTANCE_STARTED',
    [
      guard('TN-G-TA-ONCE', C.notApproved, ({ m }) => (taOngoing(m) ? `technical assistance is already under way (started ${m.ta!.startedOn})` : null)),
      guard('TN-G-TA-OFFERED', C.notApproved, ({ m }) =>
        technicalAssistanceContext(m) === null
          ? 'technical assistance is offered to a provider determined not to be approved, under a Notice of Deficiencies, or after a Final Notice'
          : null,
      ),
    ],
    ({ m, d }) => {
      m.ta = { startedOn: d, endedOn: null, context: technicalAssistanceContext(m)! };
    },
  ),

  t(
    'TECHNICAL_ASSISTANCE_ENDED',
    [guard('TN-G-TA-ENDS-ONGOING', C.notApproved, ({ m }) => (!taOngoing(m) ? 'no technical assistance is under way' : null))],
    ({ m, a, d }) => {
      m.ta!.endedOn = d;
      // (b)(1)(G)(ii): the provider is notified of its appeal rights following technical assistance
      if (m.ta!.context === 'REFUSAL' && a?.kind === 'REFUSAL' && !a.requestedOn) a.appealNoticeOn = d;
    },
  ),

  t(
    'REAPPROVED',
    [
      guard('TN-G-REAPPROVED-AFTER-APPROVAL', C.annual, ({ m, p }) =>
        !m.approval ? `there is no prior ${p} approval to renew; re-approval follows a successful initial approval` : null,
      ),
      guard('TN-G-REAPPROVED-NOT-OVER-REFUSAL', C.notApproved, ({ a, st }) =>
        a?.kind === 'REFUSAL' ? `the ${ACTION_NAMES[a.kind]} of ${a.noticeOn} is ${st.status === 'REVOKED' ? 'in effect' : 'pending'}; re-approval cannot be recorded over it` : null,
      ),
      guard('TN-G-REAPPROVED-NOT-OVER-REVOCATION', C.finalNotice, ({ a, st }) =>
        a ? `the ${ACTION_NAMES[a.kind]} of ${a.noticeOn} is ${st.status === 'REVOKED' ? 'in effect' : 'pending'}; re-approval cannot be recorded over it` : null,
      ),
      guard('TN-G-REAPPROVED-REMEDIED', C.remedied, ({ m }) =>
        remedyOpen(m) ? `the deficiencies noticed on ${m.remedy!.noticeOn} are not recorded as remedied (DEFICIENCIES_REMEDIED); remedied providers are re-approved` : null,
      ),
      guard('TN-G-REAPPROVED-NOT-LAPSED', C.annual, ({ m, st }) =>
        st.status === 'LAPSED' && !m.reapprovalOwed ? `the approval expired after ${m.approval!.approvedThrough}; a lapsed program needs a new approval (APPROVED)` : null,
      ),
      guard('TN-G-REAPPROVED-IN-FORCE', C.annual, ({ st }) => (st.status !== 'APPROVED' && st.status !== 'LAPSED' ? `the program is ${st.status}` : null)),
      guard('TN-G-REAPPROVED-ATTESTED', C.attestation, ({ m }) =>
        m.attestationIdx <= m.approval!.idx ? `no annual attestation submitted since the approval of ${m.approval!.approvedOn} (ATTESTATION_SUBMITTED)` : null,
      ),
      guard('TN-G-REAPPROVED-ONSITE', C.onsiteRequired, ({ m, p }) =>
        needsOnsite(m.program) && m.onsiteHeldIdx <= m.approval!.idx
          ? `${p} re-approval requires an on-site visit, and none has been held since the approval of ${m.approval!.approvedOn}`
          : null,
      ),
    ],
    ({ m, ev, d, idx }) => {
      const periodStart = addDays(m.approval!.approvedThrough, 1);
      m.approval = { approvedOn: d, periodStart, approvedThrough: approvalPeriodThrough(periodStart), idx, type: 'REAPPROVED', recordedOn: ev.recordedOn ?? d };
      m.periods.push(m.approval);
      m.remedy = null;
      m.reapprovalOwed = null;
    },
  ),

  t(
    'NOTICE_OF_DEFICIENCIES',
    [
      guard('TN-G-NOD-ONCE', C.deficiencies, ({ m, st }) => (st.status === 'IN_REMEDY' ? `a Notice of Deficiencies of ${m.remedy!.noticeOn} is already open` : null)),
      guard('TN-G-NOD-WHILE-APPROVED', C.deficiencies, ({ m, st, a }) => {
        if (st.status === 'APPROVED' && !a) return null;
        return m.approval
          ? `a Notice of Deficiencies is issued to a provider whose approval is in force; the program is ${st.status}${a ? ` with the ${ACTION_NAMES[a.kind]} of ${a.noticeOn} pending` : ''}`
          : 'a Notice of Deficiencies is issued at re-approval; a provider not yet approved is determined not to be approved instead (NOT_APPROVED)';
      }),
    ],
    ({ m, d }) => {
      m.remedy = { noticeOn: d, endsOn: addDays(d, D.remedy), remediedOn: null, finalNoticeOn: null };
      m.reapprovalOwed = null;
    },
  ),

  t(
    'DEFICIENCIES_REMEDIED',
    [
      guard('TN-G-REMEDY-OPEN', C.deficiencies, ({ m }) => (!m.remedy || m.remedy.remediedOn ? 'no Notice of Deficiencies is open' : null)),
      guard('TN-G-REMEDY-BEFORE-FINAL-NOTICE', C.finalNotice, ({ m }) => (m.remedy!.finalNoticeOn ? `a Final Notice was issued on ${m.remedy!.finalNoticeOn}` : null)),
      guard('TN-G-REMEDY-WITHIN-30', C.finalNotice, ({ m, d }) =>
        d > m.remedy!.endsOn ? `the ${D.remedy}-day remedy period of the Notice of Deficiencies of ${m.remedy!.noticeOn} ended on ${m.remedy!.endsOn}; a Final Notice follows` : null,
      ),
    ],
    ({ m, d }) => {
      m.remedy!.remediedOn = d;
      // (b)(2)(B)(i): providers that remedy shall be re-approved
      m.reapprovalOwed = { because: 'REMEDIED', on: d };
    },
  ),

  t(
    'FINAL_NOTICE',
    [
      guard('TN-G-FN-AFTER-NOD', C.finalNotice, ({ m }) =>
        !m.remedy || m.remedy.remediedOn ? `a Final Notice follows a Notice of Deficiencies whose deficiencies were not remedied within ${D.remedy} days` : null,
      ),
      guard('TN-G-FN-ONCE', C.finalNotice, ({ m }) => (m.remedy!.finalNoticeOn ? `a Final Notice was already issued on ${m.remedy!.finalNoticeOn}` : null)),
      guard('TN-G-FN-UPON-CLOSE', C.finalNotice, ({ m, d }) =>
        d <= m.remedy!.endsOn ? `the Final Notice is issued upon the close of the ${D.remedy}-day remedy period, which runs through ${m.remedy!.endsOn}` : null,
      ),
    ],
    ({ m, ev, d }) => {
      m.remedy!.finalNoticeOn = d;
      startAction(m, 'FINAL_NOTICE', ev);
    },
  ),

  t(
    'REVOKED',
    [
      guard('TN-G-REVOKED-NOT-IN-REMEDY', C.finalNotice, ({ m, st }) =>
        st.status === 'IN_REMEDY' ? `under the Notice of Deficiencies of ${m.remedy!.noticeOn} the approval ends by Final Notice after the ${D.remedy}-day period` : null,
      ),
      guard('TN-G-REVOKED-IN-FORCE', C.revocation, ({ st, a, p }) =>
        st.status !== 'APPROVED' || a
          ? `there is no ${p} approval in force to revoke (the program is ${st.status}${a ? ` with the ${ACTION_NAMES[a.kind]} of ${a.noticeOn} pending` : ''})`
          : null,
      ),
    ],
    ({ m, ev }) => startAction(m, 'REVOCATION', ev),
  ),

  t(
    'INFORMAL_REVIEW_REQUESTED',
    [
      guard('TN-G-IR-APPEALABLE', C.appealable, ({ m, a }) => {
        if (a) return null;
        const what = remedyOpen(m) && !m.remedy!.finalNoticeOn ? `a Notice of Deficiencies (${m.remedy!.noticeOn}) is not` : 'there is no';
        return `${what} appealable action: only a refusal to issue program approval or a revocation of program approval may be appealed`;
      }),
      guard('TN-G-IR-ONCE', C.informalRequired, ({ a }) => (a!.requestedOn ? `informal review of the ${ACTION_NAMES[a!.kind]} of ${a!.noticeOn} was already requested on ${a!.requestedOn}` : null)),
      guard('TN-G-IR-SENT-AFTER-NOTICE', C.informalWithin10, ({ a, ev }) =>
        ev.submittedOn && ev.submittedOn < a!.noticeOn ? `the request was submitted ${ev.submittedOn}, before the notice of ${a!.noticeOn} it contests` : null,
      ),
      guard('TN-G-IR-WITHIN-10', C.informalWithin10, ({ m, a, ev }) => {
        const last = addDays(a!.appealNoticeOn, D.informalRequest);
        if (sentOn(ev) <= last) return null;
        const duringTa = a!.kind === 'REFUSAL' && taOngoing(m) ? '; appeal rights are notified again when technical assistance ends' : '';
        return `the request must be submitted to BBH within ${D.informalRequest} days after the notice of ${a!.appealNoticeOn} (by ${last}); ${sentText(ev)}${duringTa}`;
      }),
    ],
    ({ a, ev, d }) => {
      a!.requestedOn = d;
      a!.requestSubmittedOn = ev.submittedOn ?? null;
      // (e)(3)(A)(ii): received by BBH before the action takes effect
      a!.stayed = d < a!.effectiveOn;
    },
  ),

  t(
    'INFORMAL_REVIEW_DECIDED',
    [
      guard('TN-G-IR-DECIDED-PENDING', C.bbhWithin30, ({ a }) =>
        !a || !a.requestedOn || a.decidedOn || a.withdrawnOn ? 'no informal review is pending before BBH' : null,
      ),
    ],
    ({ m, a, ev, d }) => {
      a!.decidedOn = d;
      a!.informalOutcome = ev.outcome as InformalReviewOutcome;
      if (a!.informalOutcome === 'REVERSED') reverse(m, a!, d, 'INFORMAL_REVIEW_REVERSED');
    },
  ),

  t(
    'FORMAL_APPEAL_FILED',
    [
      guard('TN-G-FA-NOT-REVERSED', C.bahWithin10, ({ m, a }) => {
        const last = m.action;
        return !a && last && last.informalOutcome === 'REVERSED' && last.reversedOn ? `the informal review of ${last.decidedOn} reversed the action; there is nothing to appeal` : null;
      }),
      guard('TN-G-FA-APPEALABLE', C.appealable, ({ a }) =>
        !a ? 'there is no appealable action: only a refusal to issue program approval or a revocation of program approval may be appealed' : null,
      ),
      guard('TN-G-FA-INFORMAL-REQUESTED', C.informalRequired, ({ a }) =>
        !a!.requestedOn ? `informal review by BBH must be requested and completed before a formal appeal to BAH (the ${ACTION_NAMES[a!.kind]} of ${a!.noticeOn} has none)` : null,
      ),
      guard('TN-G-FA-NOT-WITHDRAWN', C.bahWithin10, ({ a }) => (a!.withdrawnOn ? `the appeal was withdrawn on ${a!.withdrawnOn}` : null)),
      guard('TN-G-FA-INFORMAL-COMPLETED', C.informalFirst, ({ a }) =>
        !a!.decidedOn ? `the informal review requested on ${a!.requestedOn} is not completed; it must be completed before a formal appeal` : null,
      ),
      guard('TN-G-FA-ONCE', C.bahWithin10, ({ a }) => (a!.filedOn ? `a formal appeal was already filed on ${a!.filedOn}` : null)),
      guard('TN-G-FA-SENT-AFTER-RESULT', C.bahWithin10, ({ a, ev }) =>
        ev.submittedOn && ev.submittedOn < a!.decidedOn! ? `the appeal was submitted ${ev.submittedOn}, before the informal review result of ${a!.decidedOn} it contests` : null,
      ),
      guard('TN-G-FA-WITHIN-10', C.bahWithin10, ({ a, ev }) => {
        const last = addDays(a!.decidedOn!, D.bahAppeal);
        return sentOn(ev) > last ? `the appeal must be filed with BAH within ${D.bahAppeal} days after the informal review result of ${a!.decidedOn} (by ${last}); ${sentText(ev)}` : null;
      }),
    ],
    ({ a, ev, d }) => {
      a!.filedOn = d;
      a!.appealSubmittedOn = ev.submittedOn ?? null;
    },
  ),

  t(
    'FINAL_DECISION',
    [
      guard('TN-G-FD-PENDING', C.finalWithin90, ({ a }) => (!a || !a.filedOn || a.finalDecisionOn || a.withdrawnOn ? 'no formal appeal is pending before BAH' : null)),
    ],
    ({ m, a, ev, d }) => {
      a!.finalDecisionOn = d;
      a!.finalOutcome = ev.outcome as FinalDecisionOutcome;
      if (a!.finalOutcome === 'REVERSED') reverse(m, a!, d, 'FINAL_DECISION_REVERSED');
    },
  ),

  t(
    'ACTION_IMPLEMENTED',
    [
      guard('TN-G-IMPLEMENTED-AFTER-DECISION', C.implementWithin30, ({ m }) =>
        !m.action || !m.action.finalDecisionOn ? 'action is implemented after a final administrative decision, and there is none' : null,
      ),
      guard('TN-G-IMPLEMENTED-ONCE', C.implementWithin30, ({ m }) =>
        m.action!.implementedOn ? `the final administrative decision of ${m.action!.finalDecisionOn} was already implemented on ${m.action!.implementedOn}` : null,
      ),
    ],
    ({ m, d }) => {
      m.action!.implementedOn = d;
    },
  ),

  t(
    'APPEAL_WITHDRAWN',
    [
      guard('TN-G-WITHDRAWN-PENDING', C.bahWithin10, ({ a }) => {
        const pendingInformal = a && a.requestedOn && !a.decidedOn;
        const pendingFormal = a && a.filedOn && !a.finalDecisionOn;
        return !a || a.withdrawnOn || (!pendingInformal && !pendingFormal) ? 'no informal review or formal appeal is pending to withdraw' : null;
      }),
    ],
    ({ a, d }) => {
      a!.withdrawnOn = d;
    },
  ),
];

/** The version of an event's transition in force on a day (the first version before any is in force). */
export function transitionFor(event: ProgramApprovalEventType, on: DateOnly, table: readonly Transition[] = TRANSITIONS): Transition {
  const versions = table.filter((x) => x.event === event);
  return versions.find((x) => x.effectiveFrom <= on && (x.effectiveTo === null || on <= x.effectiveTo)) ?? versions[0];
}

/** The context for an event about to be applied to the fold. */
export function transitionContext(m: Model, ev: ProgramApprovalEvent, idx: number, st: Derived): TransitionContext {
  return { m, ev, d: ev.occurredOn, idx, st, a: liveAction(m), p: PROGRAM_NAMES[m.program] };
}
