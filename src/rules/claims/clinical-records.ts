/**
 * The recipient's Assessment and Treatment Plan on a date of service (140.453(d)(1)): the latest one
 * on or before the date, approved by an LPHA or IP, and whether it is still current.
 *
 * - Assessment: any provider's (an Assessment Report establishes the diagnosis, whoever made it);
 *   current while date < completedOn + 12 months (140.453(d)(1)(A)(iii)). So an assessment completed
 *   2025-09-14 is current through 2026-09-13 and expired on 2026-09-14.
 * - Treatment Plan: the billing provider's own (it names "the staff responsible for delivering the
 *   services", 140.453(d)(1)(B)); current while date < approvedOn + 6 months (140.453(d)(1)(B)(iii)).
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
  /** first day on which the record is no longer current */
  expiresOn: DateOnly | null;
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
  if (best === null || bestCheck === null) return { kind: 'MISSING', record: null, approver: null, expiresOn: null, unapproved, count };
  const expiresOn = bestCheck.expiresOn;
  const later = unapproved !== null && dateOf(unapproved.record) > dateOf(best) ? unapproved : null;
  return { kind: expiresOn <= date ? 'EXPIRED' : 'CURRENT', record: best, approver: bestCheck.approver, expiresOn, unapproved: later, count };
}

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
