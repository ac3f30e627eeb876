/**
 * validateClaims: checks a batch of claims against 89 Ill. Adm. Code Part 140 before billing. Pure: the
 * context holds everything already loaded (registry facts, the credential and Table N engines' answers,
 * the cap ledger), and nothing is written.
 *
 * 1. intake: well-formedness, identities, code mapping, minutes, catalogue record (intake.ts);
 * 2. the per-line rules (line-rules.ts), skipped for VOID claims, which are only checked for form;
 * 3. cap accounting across the batch in date-of-service order (caps.ts);
 * 4. report assembly (report.ts).
 */
import { intakeClaim } from './intake';
import { applyCaps } from './caps';
import { applyLineRules } from './line-rules';
import { claimReport } from './report';
import type { ClaimCheckContext, ValidationReport } from './types';
import type { ClaimInput } from '../facts';
import { Env, type ClaimWork } from './work';

export interface ValidateOptions {
  /**
   * Other claims of the same request, checked separately (POST /claims records one claim per
   * transaction): their lines count as evidence for the rules that look across the batch, so a claim
   * gets the same answer whether its request is validated or recorded. Not reported, no cap counted.
   */
  evidence?: readonly ClaimInput[];
}

export function validateClaims(claims: readonly ClaimInput[], ctx: ClaimCheckContext, options: ValidateOptions = {}): ValidationReport {
  const work: ClaimWork[] = new Array(claims.length);
  const env = new Env(ctx, work);
  const seenClaims = new Set<string>();
  for (let i = 0; i < claims.length; i++) work[i] = intakeClaim(claims[i], i, env, seenClaims);
  if (options.evidence?.length) {
    const seenEvidence = new Set<string>();
    env.evidence = options.evidence.map((c, i) => intakeClaim(c, claims.length + i, env, seenEvidence));
  }

  for (const claim of work) {
    if (claim.isVoid) continue;
    for (const line of claim.lines) if (line.state === 'OK') applyLineRules(line, env);
  }

  const caps = applyCaps(work, env);
  const out = new Array(work.length);
  for (let i = 0; i < work.length; i++) out[i] = claimReport(work[i]);
  return { claims: out, caps };
}
