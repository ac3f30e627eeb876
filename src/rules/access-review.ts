/**
 * The annual review of who holds an API key. The program documents ask a local agency to audit active
 * user IDs at least once a year, terminating anyone no longer working in the program and correcting
 * access for people who changed positions (IDHS HRFCM Policy and Procedure Manual 1.9.1 D, 1.9.8). An
 * API key is bhcheck's user ID; its holder is a registered staff member.
 */
import { addMonths, daysBetween, type DateOnly } from './dates';

export const ACCESS_REVIEW_RULE = {
  id: 'ACCESS-REVIEW-v1',
  citation: 'IDHS HRFCM Policy and Procedure Manual 1.9.1 D, 1.9.8',
  /** "at minimum, annual audits of active IDs" */
  intervalMonths: 12,
  /** a key nobody has used for this long is asked about */
  unusedDays: 90,
  effectiveFrom: '2024-07-01',
} as const;

export const ACCESS_FLAGS = [
  /** not used for 90 days or more (or never, 90 days after it was issued) */
  'UNUSED_90_DAYS',
  /** the holder's employment has ended (the key no longer works) or not begun */
  'HOLDER_NOT_EMPLOYED',
  /** the holder is staff of a provider the key does not act for: a changed position? */
  'HOLDER_AT_OTHER_PROVIDER',
] as const;
export type AccessFlag = (typeof ACCESS_FLAGS)[number];

export interface KeyUnderReview {
  createdOn: DateOnly;
  lastUsedOn: DateOnly | null;
  role: string;
  providerIds: readonly string[];
  allProviders: boolean;
  holder: { providerId: string; hireDate: DateOnly; endDate: DateOnly | null } | null;
}

/** Employed on `date`: hired on or before it, and any end date on or after it. */
export function employedOn(holder: { hireDate: DateOnly; endDate: DateOnly | null }, date: DateOnly): boolean {
  return holder.hireDate <= date && (holder.endDate === null || date <= holder.endDate);
}

/** A key stops working the day after its holder's employment ends. */
export function keyWorksOn(holderEndDate: DateOnly | null, date: DateOnly): boolean {
  return holderEndDate === null || date <= holderEndDate;
}

/** Days since the key was last used, or since it was issued if never. */
export function daysSinceUse(key: { createdOn: DateOnly; lastUsedOn: DateOnly | null }, asOf: DateOnly): number {
  return daysBetween(key.lastUsedOn ?? key.createdOn, asOf);
}

export function accessFlags(key: KeyUnderReview, asOf: DateOnly): AccessFlag[] {
  const flags: AccessFlag[] = [];
  if (daysSinceUse(key, asOf) >= ACCESS_REVIEW_RULE.unusedDays) flags.push('UNUSED_90_DAYS');
  if (key.holder && !employedOn(key.holder, asOf)) flags.push('HOLDER_NOT_EMPLOYED');
  const everyProvider = key.allProviders || key.role === 'ADMIN';
  if (key.holder && !everyProvider && !key.providerIds.includes(key.holder.providerId)) flags.push('HOLDER_AT_OTHER_PROVIDER');
  return flags;
}

/**
 * The next review is due 12 months after the last one (a review on 29 February: by 28 February); before
 * any review, 12 months after the first key was issued. null: no key, nothing to review.
 */
export function nextAccessReviewDue(lastReviewedOn: DateOnly | null, firstKeyIssuedOn: DateOnly | null): DateOnly | null {
  const from = lastReviewedOn ?? firstKeyIssuedOn;
  return from === null ? null : addMonths(from, ACCESS_REVIEW_RULE.intervalMonths);
}

