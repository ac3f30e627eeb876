import type { ClaimInput, ClaimLineInput, X12Location } from '../rules/facts';
import type { DateOnly } from '../rules/dates';
import type { X12EnvelopeWarning, X12Problem } from './errors';

/** A service line read from loop 2400. `location.segmentIndex` is the index of the line's SV1 segment. */
export interface Parsed837Line extends ClaimLineInput {
  location: X12Location;
  /** content problems of this line (each one an `INVALID_CLAIM` for the caller); [] when none */
  problems: X12Problem[];
}

/**
 * A claim read from loop 2300 with its service lines. Extends the JSON path's `ClaimInput` with what
 * only the X12 path knows (fields not in facts.ts are marked X12-only).
 */
export interface Parsed837Claim extends ClaimInput {
  lines: Parsed837Line[];
  /** `segmentIndex` is the index of the CLM segment; no `lineNumber` */
  location: Omit<X12Location, 'lineNumber'>;
  /** claim-level content problems (lines carry their own); [] when none */
  problems: X12Problem[];
  /** X12-only: CLM05-3 as written ('1', '7', '8'; anything else is also a problem) */
  frequencyCode: string;
  /** X12-only: ISA13 of the interchange the claim came in (ST02 repeats across interchanges) */
  interchangeControlNumber: string;
  /** X12-only: claim-level rendering provider NPI (2310B); lines already inherit it */
  renderingNpi?: string;
  /** X12-only: REF*F8 payer claim control number (the claim a REPLACEMENT or VOID refers to) */
  payerClaimControlNumber?: string;
  /** X12-only: subscriber name from 2010BA, "LAST, FIRST MIDDLE" */
  subscriberName?: string;
  /**
   * X12-only: present when the claim sat under a patient level (HL*23, loop 2000C/2010CA). Medicaid's
   * subscriber is the patient, so `medicaidId` and `recipientBirthDate` stay the subscriber's (2010BA);
   * this only reports what the file said about the separate patient.
   */
  patient?: { name?: string; birthDate?: DateOnly; relationshipCode?: string; segmentIndex: number };
}

export interface X12Separators {
  element: string;
  component: string;
  repetition: string;
  segment: string;
}

/** The end-of-file report; produced only when every envelope closed and checked out. */
export interface X12Summary {
  kind: 'summary';
  /** always true: a summary exists only for a complete, well-formed file */
  complete: true;
  interchanges: number;
  groups: number;
  transactions: number;
  claims: number;
  lines: number;
  /** claims with a problem on the claim or one of its lines */
  claimsWithProblems: number;
  segments: number;
  separators: X12Separators;
  /** how non-ASCII text was decoded ('ascii' when there was none) */
  encoding: 'ascii' | 'utf-8' | 'latin1' | 'mixed';
  /** only in `envelopeCounts: 'lenient'` mode: count and duplicate-control-number discrepancies let through */
  envelopeWarnings: X12EnvelopeWarning[];
}

export interface Parse837Options {
  /**
   * 'strict' (default): SE01, GE01 and IEA01 must be the real counts and control numbers must be unique
   * within their envelope, as X12 requires; a file that fails is refused (X12_ENVELOPE).
   * 'lenient': those count/uniqueness discrepancies become `summary.envelopeWarnings` instead. Control
   * numbers must still match (SE02 = ST02, GE02 = GS06, IEA02 = ISA13) and every envelope must close.
   */
  envelopeCounts?: 'strict' | 'lenient';
  /**
   * How bytes >= 0x80 in names and identifiers are decoded. 'auto' (default): a field that is valid UTF-8
   * is read as UTF-8, otherwise as Latin-1 (never lossy, never throws).
   */
  encoding?: 'auto' | 'utf-8' | 'latin1';
  /**
   * Segment tokeniser. 'x12-parser' (default): the x12-parser npm package's X12parser stream.
   * 'fast': this module's own splitter (same envelope-checked, separator-declared semantics), about
   * several times faster (bench/x12-parse.bench.ts); see index.ts.
   */
  tokenizer?: 'x12-parser' | 'fast';
  /** called with the summary once the whole file has been read and checked, before the generator ends */
  onSummary?: (summary: X12Summary) => void;
}

/** What `parse837Batches` yields: batches of claims, then exactly one summary, last. */
export type Parse837Batch = { kind: 'claims'; claims: Parsed837Claim[] } | X12Summary;
