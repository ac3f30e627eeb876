/**
 * Building findings and, when explaining, the checks behind them; and the few words the messages share.
 * Findings and checks are made only here: a rule reports a failure with error()/warning() (which also
 * notes the failed check) and, when explaining, its pass or skip with passed()/skipped().
 */
import type { ProviderType, Tier } from '../vocabulary';
import type { Check, Finding, FindingCode, FindingFact, Severity } from './types';

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

/** A rule as a finding or check names it: its ID, the citation it rests on, and what clears it. */
export interface RuleRef {
  readonly id: string;
  readonly citation: string;
  /** what would clear its findings and which role can do it */
  readonly action: string;
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

/** The regulation's own order, lowest tier first: "an RSA, MHP, QMHP or LPHA". */
const TIER_ORDER: Tier[] = ['RSA', 'MHP', 'QMHP', 'LPHA'];
const TIER_ARTICLE: Record<Tier, string> = { RSA: 'an', MHP: 'an', QMHP: 'a', LPHA: 'an' };

export function tierList(tiers: readonly Tier[]): string {
  const ordered = TIER_ORDER.filter((t) => tiers.includes(t));
  if (ordered.length === 0) return 'no tier';
  return `${TIER_ARTICLE[ordered[0]]} ${orList(ordered)}`;
}

export function tierHeld(tier: Tier | null): string {
  return tier ?? 'no tier of 140.453(b)';
}

const PROVIDER_TYPE_NAMES: Record<ProviderType, string> = {
  CMHC: 'a Community Mental Health Center',
  BHC: 'a Behavioral Health Clinic',
  IP: 'an Independent Practitioner',
};

export function providerTypeName(type: ProviderType): string {
  return PROVIDER_TYPE_NAMES[type];
}

export function providerTypeList(types: readonly ProviderType[]): string {
  return orList(types.map(providerTypeName));
}

export function orList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

export function lower(value: string): string {
  return value.toLowerCase().replace(/_/g, '-');
}

/** 14400 → "14,400" (no locale dependence). */
export function thousands(n: number): string {
  const s = String(Math.abs(n));
  let out = '';
  for (let i = 0; i < s.length; i++) {
    if (i > 0 && (s.length - i) % 3 === 0) out += ',';
    out += s[i];
  }
  return n < 0 ? `-${out}` : out;
}

/** 14400 → "240:00" (hours:minutes). */
export function hoursMinutes(minutes: number): string {
  const h = Math.trunc(minutes / 60);
  const m = Math.abs(minutes % 60);
  return `${h}:${m < 10 ? '0' : ''}${m}`;
}
