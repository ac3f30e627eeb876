/**
 * Table N deadlines as data: one record per deadline kind and version, saying how long the period
 * is and in which unit, from which event it runs, which events meet or end it, the citation and the
 * party who must act. The fold opens and closes deadlines from this table alone (applyDeadlineTable):
 * a new deadline is a new record here.
 *
 * A changed period is a new version (version + 1, effectiveFrom, and effectiveTo on the old one),
 * never an edit in place: the record in force on the day the period starts running applies.
 */
import { addBusinessDays } from '../calendar/business-days';
import type { HolidayRules } from '../calendar/holiday-rules';
import { addDays, type DateOnly } from '../dates';
import type { ProgramApprovalEvent, ProgramApprovalEventType } from './events';
import { DEADLINE_KINDS, type DeadlineCloser, type DeadlineKind, type DeadlineParty, type DeadlineRec, type Model, liveAction } from './model';
import { DEADLINE_TEXT } from './narrative';
import { TABLE_N_CITATIONS as C, TABLE_N_DAYS as D, periodThrough } from './table-n';

export type PeriodUnit = 'CALENDAR_DAYS' | 'BUSINESS_DAYS' | 'MONTHS';

/**
 * How the due day is counted from the day the period runs from (X):
 * - AFTER: "within N after X": due on X + N.
 * - BEFORE: "at least N before X": due on X - N.
 * - SPAN: "a period of N starting X": due on its last day (12 months from 2026-02-27: 2027-02-26).
 * - UPON_CLOSE: "upon the close of the N-day period": due the day after X + N.
 */
export type PeriodCounting = 'AFTER' | 'BEFORE' | 'SPAN' | 'UPON_CLOSE';

export interface DeadlinePeriod {
  amount: number;
  unit: PeriodUnit;
  counted: PeriodCounting;
}

/** The day of the opening event the period runs from. */
export type PeriodAnchor = 'occurredOn' | 'reviewOn' | 'approvalPeriodStart';

/** A condition on the fold once the event is counted, with the words that say it. */
export interface DeadlineCondition {
  text: string;
  holds(m: Model, ev: ProgramApprovalEvent): boolean;
}

export interface DeadlineOpening {
  event: ProgramApprovalEventType;
  from: PeriodAnchor;
  when?: DeadlineCondition;
}

export interface DeadlineClosing {
  event: DeadlineCloser;
  when?: DeadlineCondition;
  /** the event field holding the day the deadline was met, when not occurredOn (a notice given, a request sent) */
  metOn?: 'noticeOn' | 'submittedOn';
}

export interface DeadlineRule {
  id: string;
  kind: DeadlineKind;
  version: number;
  effectiveFrom: DateOnly;
  effectiveTo: DateOnly | null;
  citation: string;
  party: DeadlineParty;
  period: DeadlinePeriod;
  runsFrom: DeadlineOpening[];
  closedBy: DeadlineClosing[];
  /** the opening event meets the deadline itself when it carries this day (a schedule given with its notice) */
  metByOpeningEventOn?: 'noticeOn';
}

/** The first version of every record: in force from 2018-07-01, like config/service-catalog.json (see its effectiveFromNote). */
const V1 = { version: 1, effectiveFrom: '2018-07-01', effectiveTo: null } as const;

const APPEALABLE_RESULT: DeadlineCondition = {
  text: 'the informal review result did not reverse the action',
  holds: (_m, ev) => ev.outcome !== 'REVERSED',
};

/** (b)(1)(G)(ii): appeal rights after a refusal are notified following technical assistance */
const REFUSAL_AWAITS_APPEAL_RIGHTS: DeadlineCondition = {
  text: 'technical assistance follows a refusal whose informal review has not been requested',
  holds: (m) => {
    const a = liveAction(m);
    return m.ta?.context === 'REFUSAL' && a?.kind === 'REFUSAL' && !a.requestedOn;
  },
};

const closedByNewApplication: DeadlineClosing = { event: 'INTENT_SUBMITTED' };
const closedByApproval: DeadlineClosing = { event: 'APPROVED' };

export const DEADLINE_TABLE: readonly DeadlineRule[] = [
  {
    id: 'TN-DL-INITIAL_APPROVAL_DUE-v1',
    kind: 'INITIAL_APPROVAL_DUE',
    ...V1,
    citation: C.initialWithin90,
    party: 'DEPARTMENT',
    period: { amount: D.initialApproval, unit: 'CALENDAR_DAYS', counted: 'AFTER' },
    runsFrom: [{ event: 'ENROLLMENT_PROCESSED', from: 'occurredOn' }],
    closedBy: [closedByApproval, { event: 'NOT_APPROVED' }, closedByNewApplication],
  },
  {
    id: 'TN-DL-ONSITE_NOTICE_DUE-v1',
    kind: 'ONSITE_NOTICE_DUE',
    ...V1,
    citation: C.onsiteNotice,
    party: 'DEPARTMENT',
    period: { amount: D.onsiteNotice, unit: 'CALENDAR_DAYS', counted: 'BEFORE' },
    runsFrom: [{ event: 'ONSITE_REVIEW_SCHEDULED', from: 'reviewOn' }],
    // a new schedule meets the old notice deadline (with its notice) or supersedes it (a new date)
    closedBy: [{ event: 'ONSITE_REVIEW_SCHEDULED', metOn: 'noticeOn' }, closedByNewApplication],
    metByOpeningEventOn: 'noticeOn',
  },
  {
    id: 'TN-DL-FINDINGS_DUE-v1',
    kind: 'FINDINGS_DUE',
    ...V1,
    citation: C.findings,
    party: 'DEPARTMENT',
    period: { amount: D.findingsBusinessDays, unit: 'BUSINESS_DAYS', counted: 'AFTER' },
    runsFrom: [{ event: 'ONSITE_REVIEW_HELD', from: 'occurredOn' }],
    closedBy: [closedByApproval, { event: 'NOT_APPROVED' }, { event: 'REAPPROVED' }, { event: 'NOTICE_OF_DEFICIENCIES' }, closedByNewApplication],
  },
  {
    id: 'TN-DL-REAPPROVAL_DUE-v1',
    kind: 'REAPPROVAL_DUE',
    ...V1,
    citation: C.approved12Months,
    party: 'DEPARTMENT',
    period: { amount: D.approvalMonths, unit: 'MONTHS', counted: 'SPAN' },
    runsFrom: [
      { event: 'APPROVED', from: 'approvalPeriodStart' },
      { event: 'REAPPROVED', from: 'approvalPeriodStart' },
    ],
    closedBy: [closedByApproval, { event: 'REAPPROVED' }, { event: 'NOT_APPROVED' }, { event: 'ACTION_TOOK_EFFECT' }, closedByNewApplication],
  },
  {
    id: 'TN-DL-REMEDY_PERIOD_ENDS-v1',
    kind: 'REMEDY_PERIOD_ENDS',
    ...V1,
    citation: C.deficiencies,
    party: 'PROVIDER',
    period: { amount: D.remedy, unit: 'CALENDAR_DAYS', counted: 'AFTER' },
    runsFrom: [{ event: 'NOTICE_OF_DEFICIENCIES', from: 'occurredOn' }],
    closedBy: [{ event: 'DEFICIENCIES_REMEDIED' }, { event: 'FINAL_NOTICE' }, { event: 'ACTION_TOOK_EFFECT' }, closedByNewApplication],
  },
  {
    id: 'TN-DL-FINAL_NOTICE_DUE-v1',
    kind: 'FINAL_NOTICE_DUE',
    ...V1,
    citation: C.finalNotice,
    party: 'DEPARTMENT',
    period: { amount: D.remedy, unit: 'CALENDAR_DAYS', counted: 'UPON_CLOSE' },
    runsFrom: [{ event: 'NOTICE_OF_DEFICIENCIES', from: 'occurredOn' }],
    closedBy: [{ event: 'FINAL_NOTICE' }, { event: 'DEFICIENCIES_REMEDIED' }, closedByNewApplication],
  },
  {
    id: 'TN-DL-INFORMAL_REVIEW_REQUEST_DUE-v1',
    kind: 'INFORMAL_REVIEW_REQUEST_DUE',
    ...V1,
    citation: C.informalWithin10,
    party: 'PROVIDER',
    period: { amount: D.informalRequest, unit: 'CALENDAR_DAYS', counted: 'AFTER' },
    runsFrom: [
      { event: 'NOT_APPROVED', from: 'occurredOn' },
      { event: 'FINAL_NOTICE', from: 'occurredOn' },
      { event: 'REVOKED', from: 'occurredOn' },
      { event: 'TECHNICAL_ASSISTANCE_ENDED', from: 'occurredOn', when: REFUSAL_AWAITS_APPEAL_RIGHTS },
    ],
    closedBy: [
      { event: 'INFORMAL_REVIEW_REQUESTED', metOn: 'submittedOn' },
      { event: 'TECHNICAL_ASSISTANCE_STARTED', when: REFUSAL_AWAITS_APPEAL_RIGHTS },
      closedByApproval,
      closedByNewApplication,
    ],
  },
  {
    id: 'TN-DL-BBH_DECISION_DUE-v1',
    kind: 'BBH_DECISION_DUE',
    ...V1,
    citation: C.bbhWithin30,
    party: 'BBH',
    period: { amount: D.bbhDecision, unit: 'CALENDAR_DAYS', counted: 'AFTER' },
    runsFrom: [{ event: 'INFORMAL_REVIEW_REQUESTED', from: 'occurredOn' }],
    closedBy: [{ event: 'INFORMAL_REVIEW_DECIDED' }, { event: 'APPEAL_WITHDRAWN' }, closedByApproval, closedByNewApplication],
  },
  {
    id: 'TN-DL-BAH_APPEAL_DUE-v1',
    kind: 'BAH_APPEAL_DUE',
    ...V1,
    citation: C.bahWithin10,
    party: 'PROVIDER',
    period: { amount: D.bahAppeal, unit: 'CALENDAR_DAYS', counted: 'AFTER' },
    runsFrom: [{ event: 'INFORMAL_REVIEW_DECIDED', from: 'occurredOn', when: APPEALABLE_RESULT }],
    closedBy: [{ event: 'FORMAL_APPEAL_FILED', metOn: 'submittedOn' }, closedByApproval, closedByNewApplication],
  },
  {
    id: 'TN-DL-FINAL_DECISION_DUE-v1',
    kind: 'FINAL_DECISION_DUE',
    ...V1,
    citation: C.finalWithin90,
    party: 'BAH',
    period: { amount: D.finalDecision, unit: 'CALENDAR_DAYS', counted: 'AFTER' },
    runsFrom: [{ event: 'FORMAL_APPEAL_FILED', from: 'occurredOn' }],
    closedBy: [{ event: 'FINAL_DECISION' }, { event: 'APPEAL_WITHDRAWN' }, closedByApproval, closedByNewApplication],
  },
  {
    id: 'TN-DL-IMPLEMENTATION_DUE-v1',
    kind: 'IMPLEMENTATION_DUE',
    ...V1,
    citation: C.implementWithin30,
    party: 'DEPARTMENT',
    period: { amount: D.implementation, unit: 'CALENDAR_DAYS', counted: 'AFTER' },
    runsFrom: [{ event: 'FINAL_DECISION', from: 'occurredOn' }],
    // an approval after a reversal implements the decision
    closedBy: [{ event: 'ACTION_IMPLEMENTED' }, closedByApproval, closedByNewApplication],
  },
];

/** The due day of a period running from `from`. */
export function dueOn(period: DeadlinePeriod, from: DateOnly, calendar: HolidayRules): DateOnly {
  const { amount, unit, counted } = period;
  if (unit === 'MONTHS') {
    if (counted !== 'SPAN') throw new RangeError('a period in months is counted as a span');
    return periodThrough(from, amount);
  }
  const step = (date: DateOnly, n: number) => (unit === 'BUSINESS_DAYS' ? addBusinessDays(date, n, calendar) : addDays(date, n));
  switch (counted) {
    case 'AFTER':
      return step(from, amount);
    case 'BEFORE':
      return step(from, -amount);
    case 'UPON_CLOSE':
      return addDays(step(from, amount), 1);
    case 'SPAN':
      return addDays(step(from, amount), -1);
  }
}

/** The version of each kind in force on a day (the first version before any is in force). */
export function deadlineRuleFor(kind: DeadlineKind, on: DateOnly, table: readonly DeadlineRule[] = DEADLINE_TABLE): DeadlineRule {
  const versions = table.filter((r) => r.kind === kind);
  const inForce = versions.find((r) => r.effectiveFrom <= on && (r.effectiveTo === null || on <= r.effectiveTo));
  return inForce ?? versions.reduce((a, b) => (a.effectiveFrom <= b.effectiveFrom ? a : b));
}

function anchorOf(from: PeriodAnchor, ev: ProgramApprovalEvent, m: Model): DateOnly {
  if (from === 'reviewOn') return ev.reviewOn!;
  if (from === 'approvalPeriodStart') return m.approval!.periodStart;
  return ev.occurredOn;
}

/**
 * What the table says about `ev` once the transition has been applied: close the open deadlines it
 * meets or ends, then open those that run from it.
 */
export function applyDeadlineTable(m: Model, ev: ProgramApprovalEvent, calendar: HolidayRules, table: readonly DeadlineRule[] = DEADLINE_TABLE): void {
  const d = ev.occurredOn;
  const closedNow: DeadlineRec[] = [];
  for (const kind of DEADLINE_KINDS) {
    const rule = deadlineRuleFor(kind, d, table);
    const closing = rule.closedBy.find((c) => c.event === ev.type && (!c.when || c.when.holds(m, ev)));
    if (!closing) continue;
    for (const dl of m.deadlines) {
      if (dl.kind !== kind || dl.closedOn !== null) continue;
      dl.closedOn = (closing.metOn && ev[closing.metOn]) || d;
      dl.closedBy = ev.type;
      closedNow.push(dl);
    }
  }
  for (const kind of DEADLINE_KINDS) {
    const rule = deadlineRuleFor(kind, d, table);
    const opening = rule.runsFrom.find((o) => o.event === ev.type && (!o.when || o.when.holds(m, ev)));
    if (!opening) continue;
    const from = anchorOf(opening.from, ev, m);
    const due = dueOn(rule.period, from, calendar);
    const metOn = rule.metByOpeningEventOn ? (ev[rule.metByOpeningEventOn] ?? null) : null;
    // met by the event that just closed the same deadline (a schedule given again with its notice): one record
    if (metOn !== null && closedNow.some((dl) => dl.kind === kind && dl.dueOn === due)) continue;
    const n = m.deadlines.filter((dl) => dl.kind === kind && dl.openedOn === d).length + 1;
    m.deadlines.push({
      id: `${kind}-${d}-${n}`,
      ruleId: rule.id,
      kind,
      dueOn: due,
      citation: rule.citation,
      description: DEADLINE_TEXT[kind]({ ev, from, m }),
      party: rule.party,
      openedOn: d,
      openedBy: ev.type,
      closedOn: metOn,
      closedBy: metOn !== null ? ev.type : null,
    });
  }
}

/** Deadlines that a contested action taking effect ends (a revoked approval is not re-approved, its remedy period is moot). */
export function closedByActionTakingEffect(kind: DeadlineKind, on: DateOnly, table: readonly DeadlineRule[] = DEADLINE_TABLE): boolean {
  return deadlineRuleFor(kind, on, table).closedBy.some((c) => c.event === 'ACTION_TOOK_EFFECT');
}
