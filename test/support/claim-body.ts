/** A claim as a JSON body of POST /claims: the engine's ClaimInput, with `frequency` left to its default. */
import type { ClaimInput, ClaimLineInput } from '../../src/rules/facts';

export type ClaimLineBody = ClaimLineInput;
export type ClaimBody = Omit<ClaimInput, 'frequency'> & Partial<Pick<ClaimInput, 'frequency'>>;

/** The demo's Prairie CMHC and its LPHA Okafor, whose recipients the cap tests fill. */
export const PRAIRIE_NPI = '1648123457';
export const OKAFOR_NPI = '1204784908';
export const BILLING_PRAIRIE = 'bhk_demo_billing_prairie_9KdF3sQ6';
/** the demo's adult recipient of Prairie, with a plan naming case management from 2026-08-01 */
export const R_ADULT_MEDICAID_ID = '400112233';
export const TCM_CAP = 14_400;
export const TLA_CAP = 2_400;

/** A mental health case management line (T1016, 15-minute units) by Okafor. */
export const tcmLine = (lineId: string, dateOfService: string, units: number, modifiers?: string[]): ClaimLineBody => ({
  lineId,
  dateOfService,
  units,
  renderingNpi: OKAFOR_NPI,
  procedureCode: 'T1016',
  ...(modifiers ? { modifiers } : {}),
});

/** A Prairie claim, in its office (place of service 11). */
export const prairieClaim = (claimId: string, medicaidId: string, lines: ClaimLineBody[], frequency?: ClaimBody['frequency']): ClaimBody => ({
  claimId,
  billingNpi: PRAIRIE_NPI,
  medicaidId,
  placeOfService: '11',
  ...(frequency ? { frequency } : {}),
  lines,
});

/** 2026-08-01 + n days (n < 184: inside the demo adult's plan window). */
export const augustPlus = (n: number): string => new Date(Date.UTC(2026, 7, 1 + n)).toISOString().slice(0, 10);
