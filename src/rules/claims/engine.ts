/**
 * validateClaims: checks a batch of claims against 89 Ill. Adm. Code Part 140 before billing. Pure: the
 * context holds everything already loaded (registry facts, the credential and Table N engines' answers,
 * the cap ledger), and nothing is written.
 *
 * 1. intake: well-formedness, identities, code mapping, minutes, catalogue record (intake.ts), and
 *    duplicates within the claim, the request or file, and the recorded history (duplicates.ts);
 * 2. the per-line rules (line-rules.ts), skipped for VOID claims, which are only checked for form;
 * 3. cap accounting across the batch in date-of-service order (caps.ts);
 * 4. report assembly (report.ts).
 */
import { BilledLines, type BilledSession } from './duplicates';
import { intakeClaim } from './intake';
import { applyCaps, type CapMinutes } from './caps';
import { applyLineRules, skipLineRules } from './line-rules';
import { claimReport } from './report';
import { runAtOnce } from '../steps';
import type { ClaimCheckContext, ValidationReport } from './types';
import type { ClaimInput } from '../facts';
import { Env, type ClaimWork, type StaffErrorListener } from './work';

export interface ValidateOptions {
  /**
   * Other claims of the same request, checked separately (POST /claims records one claim per
   * transaction): their lines count as evidence for the rules that look across the batch, so a claim
   * gets the same answer whether its request is validated or recorded. Not reported, no cap counted.
   */
  evidence?: readonly ClaimInput[];
  /**
   * The sessions and claim IDs of the same request or file read so far: a file checked in batches
   * passes one for all of them, and POST /claims one for its claims checked one by one. This call's
   * claims are added. Default: this call's claims only.
   */
  billed?: BilledLines;
  /** Report an ORIGINAL reusing a claimId of the request (default true; recording refuses those earlier). */
  repeatedClaimIds?: boolean;
  /** Told of each line the duplicate check indexed (what POST /claims records for later checks). */
  onSession?: (claim: ClaimInput, lineIndex: number, session: BilledSession) => void;
  /**
   * Minutes earlier calls of the same check session counted toward the caps without recording them (a
   * file checked in batches): counted as if in the ledger, and this call's counted lines are added.
   */
  carried?: CapMinutes;
  /** Add to each line every rule applied to it (`checks`: passed, failed or skipped, and why). */
  explain?: boolean;
  /**
   * Told of each error the staff rules raise on a line whose provider is known, with the line's provider,
   * service and date: the check session then names, in the finding's action, who could have rendered it
   * (eligible-staff.ts). Evidence claims are not reported, so not told.
   */
  onStaffError?: StaffErrorListener;
}

export function validateClaims(claims: readonly ClaimInput[], ctx: ClaimCheckContext, options: ValidateOptions = {}): ValidationReport {
  return runAtOnce(validateClaimsInSteps(claims, ctx, options, Infinity));
}

/**
 * validateClaims as steps of about `linesPerStep` lines of work each: a caller that must stay
 * responsive (the service, while one request checks 20,000 lines) gives way to other work between two
 * steps. The answer is the same as validateClaims's: every phase runs over the whole batch before the
 * next begins, and nothing the steps read changes between them.
 */
export function* validateClaimsInSteps(claims: readonly ClaimInput[], ctx: ClaimCheckContext, options: ValidateOptions = {}, linesPerStep = 250): Generator<void, ValidationReport, void> {
  let done = 0;
  const work: ClaimWork[] = new Array(claims.length);
  const env = new Env(ctx, work);
  env.billed = options.billed ?? new BilledLines();
  env.onSession = options.onSession ?? null;
  env.explain = options.explain === true;
  env.onStaffError = options.onStaffError ?? null;
  const repeated = options.repeatedClaimIds ?? true;
  for (let i = 0; i < claims.length; i++) {
    work[i] = intakeClaim(claims[i], i, env, repeated);
    if ((done += claims[i].lines.length) >= linesPerStep) {
      done = 0;
      yield;
    }
  }
  if (options.evidence?.length) {
    // evidence is read, never compared or indexed: its claims are checked on their own
    env.billed = null;
    env.onSession = null;
    env.evidence = options.evidence.map((c, i) => intakeClaim(c, claims.length + i, env, false));
  }

  for (const claim of work) {
    if (claim.isVoid) {
      if (env.explain) for (const line of claim.lines) skipLineRules(line, 'a VOID claim is checked for its form only: it withdraws its original');
      continue;
    }
    for (const line of claim.lines) {
      if (line.state === 'OK') applyLineRules(line, env);
      else if (env.explain) skipLineRules(line, line.state === 'INVALID' ? 'the line is not well formed: no other rule is applied' : 'the service of the line could not be determined: no rule of a service applies');
    }
    if ((done += claim.lines.length) >= linesPerStep) {
      done = 0;
      yield;
    }
  }

  // a file's next batch compares with this one's lines: keep them compactly
  if (options.billed) options.billed.keep();
  const caps = applyCaps(work, env, options.carried ?? null);
  const out = new Array(work.length);
  for (let i = 0; i < work.length; i++) {
    out[i] = claimReport(work[i]);
    if ((done += work[i].lines.length) >= linesPerStep) {
      done = 0;
      yield;
    }
  }
  return { claims: out, caps };
}
