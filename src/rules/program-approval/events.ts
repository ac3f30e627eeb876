/**
 * The dated events a Table N program approval is built from (CONTRACT.md `program-approvals`), and
 * the shape check every event passes before the rules are asked whether it is allowed.
 */
import { isDateOnly, type DateOnly } from '../dates';

export const PROGRAM_APPROVAL_EVENT_TYPES = [
  'INTENT_SUBMITTED',
  'ENROLLMENT_PROCESSED',
  'ATTESTATION_SUBMITTED',
  'ONSITE_REVIEW_SCHEDULED',
  'ONSITE_REVIEW_HELD',
  'APPROVED',
  'NOT_APPROVED',
  'TECHNICAL_ASSISTANCE_STARTED',
  'TECHNICAL_ASSISTANCE_ENDED',
  'REAPPROVED',
  'NOTICE_OF_DEFICIENCIES',
  'DEFICIENCIES_REMEDIED',
  'FINAL_NOTICE',
  'INFORMAL_REVIEW_REQUESTED',
  'INFORMAL_REVIEW_DECIDED',
  'FORMAL_APPEAL_FILED',
  'FINAL_DECISION',
  'ACTION_IMPLEMENTED',
  'REVOKED',
  'APPEAL_WITHDRAWN',
] as const;
export type ProgramApprovalEventType = (typeof PROGRAM_APPROVAL_EVENT_TYPES)[number];

/** BBH's informal review result, 140.TABLE N(e)(3)(B): maintain, reverse or modify the action. */
export const INFORMAL_REVIEW_OUTCOMES = ['MAINTAINED', 'REVERSED', 'MODIFIED'] as const;
export type InformalReviewOutcome = (typeof INFORMAL_REVIEW_OUTCOMES)[number];

/** The final administrative decision on the Department's action: UPHELD (the action stands) or REVERSED. */
export const FINAL_DECISION_OUTCOMES = ['UPHELD', 'REVERSED'] as const;
export type FinalDecisionOutcome = (typeof FINAL_DECISION_OUTCOMES)[number];

export type ProgramApprovalOutcome = InformalReviewOutcome | FinalDecisionOutcome;

/** Events that are a contested, appealable action (140.TABLE N(e)(2)) and may carry `effectiveOn`. */
export const CONTESTED_ACTION_EVENTS = ['NOT_APPROVED', 'FINAL_NOTICE', 'REVOKED'] as const;

/** Requests whose sending and receipt the rule text tells apart, and which may carry `submittedOn`. */
export const REQUEST_EVENTS = ['INFORMAL_REVIEW_REQUESTED', 'FORMAL_APPEAL_FILED'] as const;

/**
 * One dated event. `occurredOn` is the day it happened; for a notice (NOT_APPROVED,
 * NOTICE_OF_DEFICIENCIES, FINAL_NOTICE, REVOKED, INFORMAL_REVIEW_DECIDED, FINAL_DECISION,
 * TECHNICAL_ASSISTANCE_ENDED after a refusal) it is the date of the written notice, from which the
 * periods run; for INFORMAL_REVIEW_REQUESTED the day BBH received the request; for
 * FORMAL_APPEAL_FILED the day BAH received it (`submittedOn`, when given, is the day either was
 * sent); for ONSITE_REVIEW_HELD the day of the review.
 * Null and absent optional fields mean the same.
 */
export interface ProgramApprovalEvent {
  type: ProgramApprovalEventType;
  occurredOn: DateOnly;
  /** ONSITE_REVIEW_SCHEDULED only: the day the written notice was given (absent: not given yet) */
  noticeOn?: DateOnly | null;
  /** ONSITE_REVIEW_SCHEDULED only (required): the day of the on-site review */
  reviewOn?: DateOnly | null;
  /** INFORMAL_REVIEW_DECIDED (MAINTAINED | REVERSED | MODIFIED) and FINAL_DECISION (UPHELD | REVERSED) only */
  outcome?: ProgramApprovalOutcome | null;
  /**
   * NOT_APPROVED, FINAL_NOTICE, REVOKED only: the day the contested action would take effect.
   * Absent: the day after the 10-day informal review request period ends (occurredOn + 11), so a
   * request received within the period always stays the action (140.TABLE N(e)(3)(A)(ii)).
   */
  effectiveOn?: DateOnly | null;
  /**
   * INFORMAL_REVIEW_REQUESTED, FORMAL_APPEAL_FILED only: the day the request was sent. It governs the
   * 10-day request windows ((e)(3)(A)(i) "submitted ... within 10 days", (e)(3)(C) "filing ... within
   * 10 days"); occurredOn, the day it was received, governs the stays and the 30/90-day decision
   * periods. Absent: sent the day it was received.
   */
  submittedOn?: DateOnly | null;
  /**
   * The day the event was recorded (the service sets it from the time of recording; never part of a
   * request). Absent: taken as recorded on occurredOn. It is what "known on" counts: the state as
   * known on day K counts only events recorded on or before K.
   */
  recordedOn?: DateOnly | null;
  note?: string | null;
}

export interface FieldProblem {
  /** JSON Pointer within the event, e.g. `/reviewOn` */
  path: string;
  message: string;
}

const has = (v: unknown) => v !== undefined && v !== null;

/** Shape problems of an event (no state needed); empty when well formed. */
export function eventShapeProblems(event: unknown): FieldProblem[] {
  const problems: FieldProblem[] = [];
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    return [{ path: '', message: 'an event must be an object with type and occurredOn' }];
  }
  const e = event as Record<string, unknown>;
  const type = e.type;
  if (typeof type !== 'string' || !(PROGRAM_APPROVAL_EVENT_TYPES as readonly string[]).includes(type)) {
    problems.push({ path: '/type', message: `type must be one of ${PROGRAM_APPROVAL_EVENT_TYPES.join(', ')}` });
  }
  if (!isDateOnly(e.occurredOn)) problems.push({ path: '/occurredOn', message: 'occurredOn must be a calendar date written YYYY-MM-DD' });
  for (const field of ['noticeOn', 'reviewOn', 'effectiveOn', 'submittedOn', 'recordedOn'] as const) {
    if (has(e[field]) && !isDateOnly(e[field])) problems.push({ path: `/${field}`, message: `${field} must be a calendar date written YYYY-MM-DD` });
  }
  if (has(e.note) && typeof e.note !== 'string') problems.push({ path: '/note', message: 'note must be text' });

  if (type === 'ONSITE_REVIEW_SCHEDULED') {
    if (!has(e.reviewOn)) problems.push({ path: '/reviewOn', message: 'ONSITE_REVIEW_SCHEDULED needs reviewOn, the day of the on-site review' });
  } else {
    if (has(e.noticeOn)) problems.push({ path: '/noticeOn', message: `noticeOn is used only with ONSITE_REVIEW_SCHEDULED (for ${String(type)} occurredOn is the notice date)` });
    if (has(e.reviewOn)) problems.push({ path: '/reviewOn', message: 'reviewOn is used only with ONSITE_REVIEW_SCHEDULED' });
  }

  if (type === 'INFORMAL_REVIEW_DECIDED') {
    if (!(INFORMAL_REVIEW_OUTCOMES as readonly unknown[]).includes(e.outcome)) {
      problems.push({ path: '/outcome', message: `INFORMAL_REVIEW_DECIDED needs outcome ${INFORMAL_REVIEW_OUTCOMES.join(', ')}` });
    }
  } else if (type === 'FINAL_DECISION') {
    if (!(FINAL_DECISION_OUTCOMES as readonly unknown[]).includes(e.outcome)) {
      problems.push({ path: '/outcome', message: `FINAL_DECISION needs outcome ${FINAL_DECISION_OUTCOMES.join(', ')} (the Department's action upheld or reversed)` });
    }
  } else if (has(e.outcome)) {
    problems.push({ path: '/outcome', message: 'outcome is used only with INFORMAL_REVIEW_DECIDED and FINAL_DECISION' });
  }

  if (has(e.submittedOn)) {
    if (!(REQUEST_EVENTS as readonly unknown[]).includes(type)) {
      problems.push({ path: '/submittedOn', message: `submittedOn is used only with ${REQUEST_EVENTS.join(' and ')} (for ${String(type)} occurredOn is the day it happened)` });
    } else if (isDateOnly(e.submittedOn) && isDateOnly(e.occurredOn) && e.submittedOn > e.occurredOn) {
      problems.push({ path: '/submittedOn', message: `submittedOn (the day the request was sent) cannot be after occurredOn (the day it was received, ${e.occurredOn})` });
    }
  }

  if (has(e.effectiveOn)) {
    if (!(CONTESTED_ACTION_EVENTS as readonly unknown[]).includes(type)) {
      problems.push({ path: '/effectiveOn', message: `effectiveOn is used only with ${CONTESTED_ACTION_EVENTS.join(', ')}` });
    } else if (isDateOnly(e.effectiveOn) && isDateOnly(e.occurredOn) && e.effectiveOn < e.occurredOn) {
      problems.push({ path: '/effectiveOn', message: 'effectiveOn cannot be before the notice (occurredOn)' });
    }
  }
  return problems;
}
