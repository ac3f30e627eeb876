/**
 * What the credential engine answers about one staff member on one date (140.453(b)).
 * The claim engine and Table N readiness consume this shape; the HTTP layer returns it.
 */
import type { DateOnly } from '../dates';
import type { DesignatedService, Tier } from '../vocabulary';

export interface CredentialBasis {
  tier: Tier;
  /** e.g. `140.453(b)(4)(D)(i)` */
  citation: string;
  /** a sentence a clinical director can read: "QMHP by 140.453(b)(4)(D)(i): MSW, 1,200 supervised practicum hours" */
  reason: string;
}

export interface MedicationAdministration {
  allowed: boolean;
  citation: '140.453(d)(2)(C)(v)';
  reason: string;
}

export interface ActiveDesignation {
  designatedByStaffId: string;
  designatedOn: DateOnly;
  services: DesignatedService[];
  /** the designator held a valid prescribing licence (physician or advanced practice nurse) on designatedOn */
  prescriberLicensed: boolean;
  reason: string;
}

export interface CredentialResult {
  staffId: string;
  asOf: DateOnly;
  /** employed by their provider on asOf (hireDate <= asOf <= endDate) */
  employed: boolean;
  /** highest tier held, or null */
  tier: Tier | null;
  /** every tier held, highest first (a QMHP also holds MHP and RSA) */
  tiers: Tier[];
  basis: CredentialBasis[];
  /** true when no tier is held through a route that needs no supervision (i.e. below QMHP) */
  requiresQmhpSupervision: boolean;
  /** null when supervision is not required; else whether the recorded supervisor holds QMHP on asOf at the same provider */
  supervisorOk: boolean | null;
  supervisorReason: string | null;
  mayAdministerMedication: MedicationAdministration;
  /** written prescriber designations in force on asOf */
  designations: ActiveDesignation[];
  /** the first day after asOf on which any part of this answer would change; null if none is known */
  validUntil: DateOnly | null;
  /** what is missing for the next tier up (never guessed: a missing fact is named) */
  missingForNextTier: string[];
  warnings: string[];
}

export interface CredentialContext {
  /** other registered staff (supervisors, prescribers); undefined when unknown */
  staffById(id: string): import('../facts').StaffFacts | undefined;
}
