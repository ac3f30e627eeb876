/**
 * The vocabulary of findings: the stable codes, their severities, and how a finding or check names its
 * rule. Imports nothing, so the rule book, the catalogue's records and the engine's types can all use it.
 */

/** CONTRACT.md, table of stable codes. */
export const FINDING_CODES = [
  'INVALID_CLAIM',
  'UNKNOWN_PROVIDER',
  'UNKNOWN_RECIPIENT',
  'UNKNOWN_STAFF',
  'UNMAPPED_PROCEDURE_CODE',
  'SERVICE_CODE_CONFLICT',
  'DUPLICATE_LINE',
  'PROVIDER_NOT_ENROLLED',
  'PROVIDER_TYPE_NOT_ALLOWED',
  'ENCOUNTER_RATE_CLINIC',
  'PROGRAM_APPROVAL_MISSING',
  'FINAL_NOTICE_OVERDUE',
  'SITE_NOT_ALLOWED',
  'STAFF_NOT_EMPLOYED',
  'STAFF_EXCLUDED',
  'NOT_INDEPENDENT_PRACTITIONER',
  'STAFF_TIER_INSUFFICIENT',
  'SUPERVISION_MISSING',
  'MEDICATION_LICENSE_REQUIRED',
  'PRESCRIBER_DESIGNATION_MISSING',
  'MODALITY_NOT_ALLOWED',
  'CONTACT_NOT_ALLOWED',
  'GROUP_RATIO_EXCEEDED',
  'AGE_NOT_ALLOWED',
  'ASSESSMENT_MISSING',
  'ASSESSMENT_EXPIRED',
  'DIAGNOSIS_MISSING',
  'TREATMENT_PLAN_MISSING',
  'TREATMENT_PLAN_EXPIRED',
  'TREATMENT_PLAN_UNSIGNED',
  'SERVICE_NOT_IN_PLAN',
  'DIAGNOSIS_NOT_DEFINITIVE',
  'GENERAL_MRO_REQUIRED',
  'TCM_CAP_EXCEEDED',
  'TLA_CAP_EXCEEDED',
  'CAP_NEAR',
] as const;
export type FindingCode = (typeof FINDING_CODES)[number];

export type Severity = 'error' | 'warning';

/** A rule as a finding or check names it: its ID, the citation it rests on, and what clears it. */
export interface RuleRef {
  readonly id: string;
  readonly citation: string;
  /** what would clear its findings and which role can do it */
  readonly action: string;
}
