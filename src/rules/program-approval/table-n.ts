/**
 * What 89 Ill. Adm. Code 140.TABLE N fixes in numbers and names: the citations, the periods (each
 * named once by the subsection that sets it) and the 12-month approval period.
 */
import { addDays, addMonths, type DateOnly } from '../dates';
import type { Program } from '../vocabulary';

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

/** The periods Table N sets, in days (the findings in business days, the approval in months), each by the subsection that sets it. */
export const TABLE_N_DAYS = {
  /** (b)(1)(C): program approval within 90 days after enrollment is processed */
  initialApproval: 90,
  /** (b)(1)(E): written notice at least 10 days before an on-site review */
  onsiteNotice: 10,
  /** (b)(1)(G): written findings within 10 business days after the on-site review */
  findingsBusinessDays: 10,
  /** (b)(1)(G)(i), (b)(2)(A): an approval or re-approval runs 12 months */
  approvalMonths: 12,
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

export const PROGRAM_NAMES: Record<Program, string> = { CST: 'CST', IO: 'IO', PSR: 'PSR' };

/** PSR and IO need an on-site visit before approval, (b)(1)(D)(iii). */
export function needsOnsite(program: Program): boolean {
  return program === 'PSR' || program === 'IO';
}

/** The last day of a period of `months` months that starts on `start` (12 months: the approval period). */
export function periodThrough(start: DateOnly, months: number): DateOnly {
  const anniversary = addMonths(start, months);
  // a 29 February start has no anniversary in a common year; addMonths clamps to 28 February, which is then the last day
  return anniversary.slice(8) !== start.slice(8) ? anniversary : addDays(anniversary, -1);
}

/** The last day of a 12-month approval period that starts on `start`. */
export function approvalPeriodThrough(start: DateOnly): DateOnly {
  return periodThrough(start, TABLE_N_DAYS.approvalMonths);
}
