/**
 * Recording a claim as sent (CLM-RECORD-CONFLICT-v1, 140.20): a claim is identified by its provider and
 * claimId. An ORIGINAL must be new (or the same content again: a repeat, which changes nothing); a
 * REPLACEMENT or VOID needs an original; a voided claim is not changed. One decision, in one set of words,
 * for the check of a whole request or file before anything is written (409) and for the check under each
 * claim's lock when it is written (a finding on that claim).
 */
import type { ClaimInput } from '../facts';
import { RECORD_CONFLICT } from './rule-book';
import type { Check, ClaimReport, Finding } from './types';

/** A claim the X12 reader read as written (no content problem on it or a line): only such a claim is recorded. */
export function readAsWritten(claim: ClaimInput): boolean {
  if (claim.problems?.length) return false;
  for (const l of claim.lines) if (l.problems?.length) return false;
  return true;
}

/** What is known of a provider's claimId: recorded (with its version), or sent earlier in the same request or file. */
export interface RecordedClaim {
  status: 'RECORDED' | 'VOIDED';
  /** the version recorded; null when it was only sent earlier in this request or file */
  version: number | null;
  /** content hashes of every version (a claim sent again with one of them is a repeat) */
  hashes: ReadonlySet<string>;
}

export type RecordingDecision =
  | { kind: 'REPEAT' }
  | { kind: 'RECORD'; replaces: number | null }
  | { kind: 'CONFLICT'; field: 'frequency' | 'claimId'; message: string };

export function recordingDecision(claim: Pick<ClaimInput, 'claimId' | 'frequency'>, hash: string, current: RecordedClaim | undefined): RecordingDecision {
  if (current !== undefined && current.hashes.has(hash)) return { kind: 'REPEAT' };
  const id = claim.claimId;
  if (current === undefined) {
    if (claim.frequency === 'ORIGINAL') return { kind: 'RECORD', replaces: null };
    return { kind: 'CONFLICT', field: 'frequency', message: `${claim.frequency} of claim ${id}: no original claim is recorded for this provider` };
  }
  if (claim.frequency === 'ORIGINAL') {
    const where = current.version === null ? 'appears earlier in this request or file' : `is already recorded (version ${current.version})`;
    return { kind: 'CONFLICT', field: 'claimId', message: `claim ${id} of this provider ${where} with different content: send it as a REPLACEMENT, or VOID it` };
  }
  if (current.status === 'VOIDED') return { kind: 'CONFLICT', field: 'frequency', message: `claim ${id} was voided; a voided claim cannot be replaced or voided again` };
  return { kind: 'RECORD', replaces: current.version };
}

/**
 * What the claims of a request or file would record, claim after claim, from what is recorded: an
 * ORIGINAL followed by its REPLACEMENT is fine; a REPLACEMENT with no original is not.
 */
export class RecordingState {
  private readonly claims = new Map<string, RecordedClaim>();

  knows(providerId: string, claimId: string): boolean {
    return this.claims.has(`${providerId}|${claimId}`);
  }

  /** What the registry has recorded for a claim. */
  learn(providerId: string, claimId: string, recorded: RecordedClaim): void {
    this.claims.set(`${providerId}|${claimId}`, recorded);
  }

  /** The decision for the next claim sent; what it would record is remembered for the claims after it. */
  decide(providerId: string, claim: Pick<ClaimInput, 'claimId' | 'frequency'>, hash: string): RecordingDecision {
    const key = `${providerId}|${claim.claimId}`;
    const current = this.claims.get(key);
    const decision = recordingDecision(claim, hash, current);
    if (decision.kind !== 'REPEAT') {
      this.claims.set(key, { status: claim.frequency === 'VOID' ? 'VOIDED' : 'RECORDED', version: null, hashes: new Set([...(current?.hashes ?? []), hash]) });
    }
    return decision;
  }
}

/** The claim's report when it cannot be recorded as sent: the conflict is its first finding, and it fails. */
export function withRecordingConflict(report: ClaimReport, claim: Pick<ClaimInput, 'claimId' | 'frequency'>, message: string): ClaimReport {
  const finding: Finding = {
    code: 'INVALID_CLAIM',
    severity: 'error',
    message,
    citation: RECORD_CONFLICT.citation,
    ruleId: RECORD_CONFLICT.id,
    fact: { claimId: claim.claimId, frequency: claim.frequency },
    action: RECORD_CONFLICT.action,
  };
  const check: Check = { ruleId: RECORD_CONFLICT.id, citation: RECORD_CONFLICT.citation, outcome: 'failed', reason: message };
  return { ...report, status: 'FAIL', findings: [finding, ...report.findings], lines: report.lines.map((l) => (l.checks ? { ...l, checks: [check, ...l.checks] } : l)) };
}

/** Explaining a claim recorded: the recording rule held (a new claim, or a change to a recorded one). */
export function withRecordingPassed(report: ClaimReport, claim: Pick<ClaimInput, 'claimId' | 'frequency'>, replaces: number | null): ClaimReport {
  if (!report.lines.some((l) => l.checks)) return report;
  const reason = replaces === null ? `claim ${claim.claimId} is new for this provider` : `the ${claim.frequency} of claim ${claim.claimId} changes its recorded version ${replaces}`;
  const check: Check = { ruleId: RECORD_CONFLICT.id, citation: RECORD_CONFLICT.citation, outcome: 'passed', reason };
  return { ...report, lines: report.lines.map((l) => (l.checks ? { ...l, checks: [check, ...l.checks] } : l)) };
}
