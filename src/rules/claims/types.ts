/**
 * The claim engine's public shapes: the context it is given (everything already loaded: it does no
 * I/O), the report it returns (CONTRACT.md "Claims"), and the stable finding codes.
 */
import type { CredentialResult } from '../credentials/types';
import type { DateOnly } from '../dates';
import type { ProviderFacts, RecipientFacts, StaffFacts, X12Location } from '../facts';
import type { ProgramInForce } from '../program-approval/types';
import type { Program, Service } from '../vocabulary';
import type { RecordedLine } from './recorded-lines';
import type { ProcedureCodeTable } from './procedure-codes';
import type { CapCategory, ServiceCatalog } from './service-catalog';

export { FINDING_CODES, type FindingCode, type Severity } from './finding-codes';
import type { FindingCode, Severity } from './finding-codes';

/** The facts a finding rests on, flat, for programs (the message says the same for people). */
export type FindingFact = Record<string, string | number | boolean | null>;

export interface Finding {
  code: FindingCode;
  severity: Severity;
  /** names the fact it rests on and cites the subsection */
  message: string;
  /** e.g. `140.453(d)(2)(B)(i)` */
  citation: string;
  /** the catalogue record and field (`SVC-INTENSIVE_OUTPATIENT-v1#tiers`), cap record, or engine rule (`CLM-ASSESSMENT-CURRENT-v1`) */
  ruleId: string;
  fact: FindingFact;
  /** what would clear it and which role can do it (the rule's action in the catalogue, GET /rules) */
  action: string;
}

/**
 * One rule as applied to a line (`?explain=true`): passed, failed (it raised a finding: the reason is the
 * finding's message) or skipped (the reason says why: provider unknown, not this service's rule, ...).
 */
export interface Check {
  ruleId: string;
  citation: string;
  outcome: 'passed' | 'failed' | 'skipped';
  reason: string;
}

/** UNCHECKED: no rule could be applied (unknown code, or the claim's provider/recipient unknown). */
export type LineStatus = 'PASS' | 'WARN' | 'FAIL' | 'UNCHECKED';
export type ClaimStatus = 'PASS' | 'WARN' | 'FAIL';

export interface LineReport {
  lineId: string;
  /** null when it could not be determined (unmapped code) or for an encounter line */
  service: Service | null;
  status: LineStatus;
  /** units x unit length, whole minutes (0 when the unit length is unknown or for an encounter) */
  minutes: number;
  findings: Finding[];
  /** with explain: every rule applied to the line, the claim's own first */
  checks?: Check[];
  location?: X12Location;
}

export interface ClaimReport {
  claimId: string;
  providerId?: string;
  recipientId?: string;
  /** FAIL when any error (claim or line) or any line UNCHECKED; WARN when warnings only */
  status: ClaimStatus;
  lines: LineReport[];
  findings: Finding[];
  location?: X12Location | Omit<X12Location, 'lineNumber'>;
}

export interface CapBalance {
  usedMinutes: number;
  remainingMinutes: number;
}

/** One recipient and State fiscal year touched by the batch: the ledger plus the batch's passing lines. */
export interface CapReport {
  recipientId: string;
  sfy: string;
  tcm: CapBalance;
  tla: CapBalance;
}

export interface ValidationReport {
  claims: ClaimReport[];
  caps: CapReport[];
}

export interface ClaimRef {
  providerId: string;
  claimId: string;
}

/**
 * Everything a batch needs, already loaded: the caller fetches the registry facts a batch refers to
 * in a few queries, then calls validateClaims. Lookups return undefined for what is not registered.
 */
export interface ClaimCheckContext {
  catalog: ServiceCatalog;
  procedureCodes: ProcedureCodeTable;
  providerById(id: string): ProviderFacts | undefined;
  providerByNpi(npi: string): ProviderFacts | undefined;
  staffById(id: string): StaffFacts | undefined;
  /** providerId: the billing provider, to prefer its record when one person is registered twice */
  staffByNpi(npi: string, providerId?: string): StaffFacts | undefined;
  recipientById(id: string): RecipientFacts | undefined;
  recipientByMedicaidId(medicaidId: string): RecipientFacts | undefined;
  /** the credential engine's answer; the claim engine memoises it per (staff, date) */
  credentialOf(staff: StaffFacts, date: DateOnly): CredentialResult;
  /** the Table N engine's answer; memoised per (provider, program, date) */
  programInForce(providerId: string, program: Program, date: DateOnly): ProgramInForce;
  /**
   * Minutes recorded in the cap ledger before this batch for a recipient, SFY (`SFY2027`) and category;
   * excludingClaim: leave out what that claim recorded (for a REPLACEMENT or VOID).
   */
  capUsedMinutes(recipientId: string, sfy: string, category: CapCategory, excludingClaim?: ClaimRef): number;
  /**
   * Lines of claims recorded before this batch (POST /claims) for a recipient and date of service, not
   * since replaced or voided: the duplicate check's history. [] when none.
   */
  recordedLines(recipientId: string, dateOfService: DateOnly): readonly RecordedLine[];
}
