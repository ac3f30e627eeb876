/**
 * The recipient's Assessment and Treatment Plan on a date of service (140.453(d)(1)): the latest one
 * on or before the date, approved by an LPHA or IP, and whether it is still current.
 *
 * "Updated at least every 12 months" / "every six months": a record is current through the same day 12
 * (or 6) months after its date, the anniversary itself included, and expired from the next day. So an
 * assessment completed 2025-09-14 is current on 2026-09-14 and expired on 2026-09-15; a plan approved
 * 2026-03-14 is current through 2026-09-14. Month ends clamp (2025-08-31 + 6 months = 2026-02-28).
 *
 * - Assessment: any provider's (an Assessment Report establishes the diagnosis, whoever made it),
 *   140.453(d)(1)(A)(iii).
 * - Treatment Plan: the billing provider's own (it names "the staff responsible for delivering the
 *   services", 140.453(d)(1)(B)), 140.453(d)(1)(B)(iii).
 */
import { addDays, type DateOnly } from '../dates';
import type { AssessmentFact, RecipientFacts, TreatmentPlanFact } from '../facts';
import type { ApproverCheck, Env, RecordCheck } from './work';

export const ASSESSMENT_VALID_MONTHS = 12;
export const PLAN_VALID_MONTHS = 6;
export const DEFINITIVE_DIAGNOSIS_DAYS = 90;

export interface RecordStatus<T> {
  /** MISSING: none approved by an LPHA or IP on or before the date; EXPIRED: the latest is too old */
  kind: 'MISSING' | 'EXPIRED' | 'CURRENT';
  /** the latest approved record on or before the date */
  record: T | null;
  approver: ApproverCheck | null;
  /** the last day on which the record is current (its date + the period) */
  currentThrough: DateOnly | null;
  /** records on or before the date that were not approved by an LPHA or IP (the latest one), for the message */
  unapproved: { record: T; approver: ApproverCheck } | null;
  /** how many records exist on or before the date */
  count: number;
}

export function assessmentOn(env: Env, recipient: RecipientFacts, date: DateOnly): RecordStatus<AssessmentFact> {
  return latestApproved(env, recipient.assessments, date, completedOn, ASSESSMENT_VALID_MONTHS, null);
}

export function planOn(env: Env, recipient: RecipientFacts, providerId: string | null, date: DateOnly): RecordStatus<TreatmentPlanFact> {
  return latestApproved(env, recipient.treatmentPlans, date, approvedOn, PLAN_VALID_MONTHS, providerId);
}

const completedOn = (a: AssessmentFact): DateOnly => a.completedOn;
const approvedOn = (p: TreatmentPlanFact): DateOnly => p.approvedOn;

function latestApproved<T extends { providerId: string; approvedByStaffId: string | null }>(
  env: Env,
  records: readonly T[],
  date: DateOnly,
  dateOf: (r: T) => DateOnly,
  validMonths: number,
  providerId: string | null,
): RecordStatus<T> {
  let best: T | null = null;
  let bestCheck: RecordCheck | null = null;
  let unapproved: { record: T; approver: ApproverCheck } | null = null;
  let count = 0;
  for (const r of records) {
    const d = dateOf(r);
    if (d > date || (providerId !== null && r.providerId !== providerId)) continue;
    count++;
    if (best !== null && d <= dateOf(best)) continue;
    const check = env.recordCheck(r, d, validMonths);
    if (check.approver.ok) {
      best = r;
      bestCheck = check;
    } else if (unapproved === null || d > dateOf(unapproved.record)) unapproved = { record: r, approver: check.approver };
  }
  if (best === null || bestCheck === null) return { kind: 'MISSING', record: null, approver: null, currentThrough: null, unapproved, count };
  const later = unapproved !== null && dateOf(unapproved.record) > dateOf(best) ? unapproved : null;
  const kind = isCurrentOn(bestCheck, date) ? 'CURRENT' : 'EXPIRED';
  return { kind, record: best, approver: bestCheck.approver, currentThrough: bestCheck.currentThrough, unapproved: later, count };
}

/** Is the record current on the date ("updated at least every N months": through the anniversary)? */
export function isCurrentOn(check: RecordCheck, date: DateOnly): boolean {
  return date <= check.currentThrough;
}

/**
 * 140.453(d)(1)(B)(iv): the individual (and parent or guardian) sign the written Treatment Plan to
 * document their participation. A plan not signed on or before the date of service does not yet support it.
 */
export function planSignedBy(plan: TreatmentPlanFact, date: DateOnly): boolean {
  return plan.clientSignedOn !== null && plan.clientSignedOn <= date;
}

/** Age under which 140.453(c)(2)(B) may establish a mental disability without a diagnosis. */
export const CHILD_CRITERIA_UNDER_AGE = 21;

/**
 * 140.453(d)(1)(A)(i): a rule-out diagnosis must be made definitive within 90 days after the
 * Assessment Report. On a date more than 90 days after completion, the diagnosis must have been made
 * definitive on or before that date. Returns the deadline when it was not, else null.
 */
export function definitiveDiagnosisOverdue(a: AssessmentFact, date: DateOnly): DateOnly | null {
  if (!a.ruleOut) return null;
  const deadline = addDays(a.completedOn, DEFINITIVE_DIAGNOSIS_DAYS);
  if (date <= deadline) return null;
  if (a.definitiveOn !== null && a.definitiveOn <= date) return null;
  return deadline;
}
