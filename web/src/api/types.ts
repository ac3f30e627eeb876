/**
 * Shapes of the API answers the pages read whose schemas the OpenAPI document does not (yet) give
 * (they are plain interfaces on the server). Where the document has a schema, the pages use it
 * (`Schemas[...]` below), so a change there breaks the type check here.
 */
import type { components } from './schema';

export type Schemas = components['schemas'];
export type Session = Schemas['SessionView'];
export type Recipient = Schemas['RecipientView'];
export type CapLedger = Schemas['CapLedgerView'];
export type EnrollmentCheck = Schemas['EnrollmentCheckView'];
export type EnrollmentCriterion = Schemas['EnrollmentCriterionView'];
export type Evidence = Schemas['EvidenceView'];
export type BackgroundCheckList = Schemas['BackgroundCheckListView'];
export type Role = Session['role'];

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code?: string;
  errors?: { path: string; message: string }[];
  citation?: string;
  reason?: string;
  /** on a 413 to ?explain=true: the most claim lines explained in one answer */
  explainLineLimit?: number;
  /** on a 401 to the session cookie: why the session no longer works */
  session?: 'ENDED' | 'EXPIRED' | 'KEY_REVOKED';
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface Provider {
  id: string;
  name: string;
  npi: string;
  type: 'CMHC' | 'BHC' | 'IP';
}

/** `?explain=true`: every rule applied to the line (a repeat of a claim recorded before has none). */
export interface Check {
  ruleId: string;
  citation: string;
  outcome: 'passed' | 'failed' | 'skipped';
  reason: string;
}

export interface Finding {
  code: string;
  severity: 'error' | 'warning';
  message: string;
  citation: string;
  ruleId?: string;
  fact?: Record<string, string | number | boolean | null>;
  /** what would clear it and which role can do it */
  action: string;
}

export type LineStatus = 'PASS' | 'WARN' | 'FAIL' | 'UNCHECKED';

export interface X12Location {
  transactionControlNumber: string;
  claimId: string;
  lineNumber?: number;
  segmentIndex: number;
}

export interface LineReport {
  lineId: string;
  service: string | null;
  status: LineStatus;
  minutes: number;
  findings: Finding[];
  checks?: Check[];
  location?: X12Location;
}

export interface ClaimReport {
  claimId: string;
  providerId?: string;
  recipientId?: string;
  status: 'PASS' | 'WARN' | 'FAIL';
  lines: LineReport[];
  findings: Finding[];
  location?: X12Location;
  recorded?: boolean;
  repeat?: boolean;
  version?: number | null;
}

export interface CapBalance {
  usedMinutes: number;
  remainingMinutes: number;
}

export interface ClaimsReport {
  claims: ClaimReport[];
  caps: { recipientId: string; sfy: string; tcm: CapBalance; tla: CapBalance }[];
  file?: { interchanges: number; transactions: number; claims: number; lines: number; segments: number; envelopeWarnings?: unknown[] };
}

export interface CapsView {
  recipientId: string;
  sfy: string;
  from: string;
  to: string;
  tcm: CapBalance & { limitMinutes: number; citation: string };
  tla: CapBalance & { limitMinutes: number; citation: string };
}

export type Tier = 'LPHA' | 'QMHP' | 'MHP' | 'RSA';

export interface ExpiringCredential {
  type: 'LICENSE' | 'CERTIFICATION';
  kind: string;
  expiresOn: string;
  lapsesOn: string;
  tierAfter: Tier | null;
  dropsTier: boolean;
  description: string;
}

export interface RosterEntry {
  staffId: string;
  name: string;
  employed: boolean;
  tier: Tier | null;
  tiers: Tier[];
  route?: { citation: string; reason: string } | null;
  requiresQmhpSupervision: boolean;
  supervisorOk: boolean | null;
  validUntil: string | null;
  expiring: ExpiringCredential[];
}

export interface Roster {
  providerId: string;
  asOf: string;
  expiringWithinDays: number;
  staff: RosterEntry[];
  /** about the provider as a whole: an IP's practitioner, background checks missing or excluding someone */
  warnings: string[];
}

export interface Credential {
  staffId: string;
  asOf: string;
  employed: boolean;
  tier: Tier | null;
  tiers: Tier[];
  basis: { tier: Tier; citation: string; reason: string }[];
  requiresQmhpSupervision: boolean;
  supervisorOk: boolean | null;
  supervisorReason?: string | null;
  mayAdministerMedication?: { allowed: boolean; citation: string; reason: string };
  designations?: { services: string[]; reason?: string; citation?: string }[];
  validUntil: string | null;
  missingForNextTier: string[];
  warnings: string[];
}

/** A deadline on the board: Table N's (programApprovalId and program set) or another source's (ENROLLMENT, ACCESS_REVIEW). */
export interface Deadline {
  id: string;
  source: string;
  programApprovalId: string | null;
  providerId: string | null;
  providerName: string | null;
  program: 'CST' | 'IO' | 'PSR' | null;
  kind: string;
  dueOn: string;
  citation: string;
  description: string;
  party: string;
  overdue: boolean;
}

export interface ApprovalDeadline {
  kind: string;
  dueOn: string;
  citation: string;
  description: string;
  party: string;
  open: boolean;
  overdue: boolean;
}

export interface ProgramApproval {
  id: string;
  providerId: string;
  program: 'CST' | 'IO' | 'PSR';
  asOf: string;
  status: string;
  approvedThrough: string | null;
  approvedOn: string | null;
  inForce: boolean;
  reason: string;
  citation: string | null;
  deadlines: ApprovalDeadline[];
  history: { on: string; type: string; summary: string; status: string }[];
}

export interface Readiness {
  status: string;
  criteria: { id: string; description: string; status: 'MET' | 'NOT_MET' | 'NOT_RECORDED'; citation: string; detail: string }[];
}
