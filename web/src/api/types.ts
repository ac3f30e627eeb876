/**
 * The shapes of the API answers the pages read: the OpenAPI document's schemas (`Schemas[...]`), so a
 * change there breaks the type check here. Typed by hand only what the document does not give: a
 * problem as the pages build it (also for a network failure), and answers of endpoints the server does
 * not have yet.
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
export type CalendarFeedView = Schemas['CalendarFeedView'];
export type Role = Session['role'];

/** A problem+json answer (the document's ProblemView), or one the pages make up: only `status` is sure. */
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
export type Check = Schemas['CheckView'];
export type Finding = Schemas['FindingView'];
export type LineStatus = Schemas['LineReportView']['status'];
export type X12Location = Schemas['X12LocationView'];
/** with `checks` under `?explain=true` */
export type LineReport = Schemas['LineReportView'];
/** a claim as checked, or (POST /claims, ?commit=true) as recorded */
export type ClaimReport = Omit<Schemas['ClaimReportView'], 'lines'> & { lines: LineReport[] } & Partial<Pick<Schemas['CommittedClaimReportView'], 'recorded' | 'repeat' | 'version'>>;
export type ClaimsReport = { claims: ClaimReport[]; caps: Schemas['CapReportView'][]; file?: Schemas['X12FileSummaryView'] };
export type CapBalance = Schemas['CapBalanceView'];
export type CapsView = Schemas['RecipientCapsView'];

export type Tier = NonNullable<Schemas['CredentialView']['tier']>;
export type ExpiringCredential = Schemas['ExpiringCredentialView'];
export type RosterEntry = Schemas['RosterEntryView'];
export type Roster = Schemas['ProviderRosterView'];
export type Credential = Schemas['CredentialView'];
export type Deadline = Schemas['DeadlineEntryView'];
export type ApprovalDeadline = Schemas['ApprovalDeadlineView'];
export type ProgramApproval = Schemas['ProgramApprovalView'];
export type Readiness = Schemas['ReadinessView'];

