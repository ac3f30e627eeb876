/**
 * Building findings and, when explaining, the checks behind them.
 * Findings and checks are made only here: a rule reports a failure with error()/warning() (which also
 * notes the failed check) and, when explaining, its pass or skip with passed()/skipped().
 */
import type { FindingCode, Severity } from './finding-codes';
import type { Check, Finding, FindingFact } from './types';

export type { RuleRef } from './finding-codes';
export { hoursMinutes, lower, orList, providerTypeList, providerTypeName, thousands, tierHeld, tierList } from './words';

/**
 * Whatever collects findings: a claim or a line. The array is created on the first finding. `checks` is
 * null unless the call explains (nothing is allocated for a check otherwise).
 */
export interface FindingSink {
  findings: Finding[] | null;
  errors: number;
  warnings: number;
  checks: Check[] | null;
}

export function report(
  sink: FindingSink,
  code: FindingCode,
  severity: Severity,
  message: string,
  citation: string,
  ruleId: string,
  fact: FindingFact,
  action: string,
): void {
  const finding: Finding = { code, severity, message, citation, ruleId, fact, action };
  if (sink.findings === null) sink.findings = [finding];
  else sink.findings.push(finding);
  if (severity === 'error') sink.errors++;
  else sink.warnings++;
  if (sink.checks !== null) sink.checks.push({ ruleId, citation, outcome: 'failed', reason: message });
}

export const error = (sink: FindingSink, code: FindingCode, message: string, citation: string, ruleId: string, fact: FindingFact, action: string): void =>
  report(sink, code, 'error', message, citation, ruleId, fact, action);

export const warning = (sink: FindingSink, code: FindingCode, message: string, citation: string, ruleId: string, fact: FindingFact, action: string): void =>
  report(sink, code, 'warning', message, citation, ruleId, fact, action);

/** A rule that held (explaining only: callers test `sink.checks !== null` before building the reason). */
export function passed(sink: FindingSink, rule: { id: string; citation: string }, reason: string): void {
  if (sink.checks !== null) sink.checks.push({ ruleId: rule.id, citation: rule.citation, outcome: 'passed', reason });
}

/** A rule not applied, and why (explaining only). */
export function skipped(sink: FindingSink, rule: { id: string; citation: string }, reason: string): void {
  if (sink.checks !== null) sink.checks.push({ ruleId: rule.id, citation: rule.citation, outcome: 'skipped', reason });
}
