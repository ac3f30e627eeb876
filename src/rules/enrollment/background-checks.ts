/**
 * Background checks of Table O(c)(3), person by person: the latest check of each kind on or before a
 * day, whether it excludes the person, and what is missing.
 *
 * Readings taken:
 * - The latest check of a kind on or before the day decides (a FINDING is decisive when a CLEAR check
 *   is recorded the same day): a later CLEAR check of the same list records that the finding is no
 *   longer there, and lifts it from that day.
 * - A FINDING on the Health Care Worker Registry ((c)(3)(A): "shall not engage him/her in any capacity")
 *   or the HFS OIG Provider Sanctions List ((c)(3)(C): "shall not employ or contract with") excludes the
 *   person from the day it was checked. A FINDING on a fingerprint-based check ((c)(3)(B)) does not by
 *   itself (the Health Care Worker Background Check Act lets a waiver stand, and STAFF_EXCLUDED names only
 *   the other two lists), but (c)(3)(B) is not met while it stands: a waiver is recorded as a later CLEAR
 *   check.
 * - Those checked are the people employed on the day; their checks before and after hire alike.
 */
import type { DateOnly } from '../dates';
import { isEmployed } from '../credentials/routes';
import { listText } from '../credentials/text';
import type { BackgroundCheckFact, ProviderFacts, StaffFacts } from '../facts';
import { BACKGROUND_CHECK_KINDS, type BackgroundCheckKind } from '../vocabulary';

export const BACKGROUND_CHECK_CITATIONS: Readonly<Record<BackgroundCheckKind, string>> = {
  HEALTH_CARE_WORKER_REGISTRY: '140.TABLE O(c)(3)(A)',
  FINGERPRINT: '140.TABLE O(c)(3)(B)',
  OIG_SANCTIONS: '140.TABLE O(c)(3)(C)',
};

export const BACKGROUND_CHECK_NAMES: Readonly<Record<BackgroundCheckKind, string>> = {
  HEALTH_CARE_WORKER_REGISTRY: 'the Health Care Worker Registry',
  FINGERPRINT: 'a fingerprint-based check under the Health Care Worker Background Check Act',
  OIG_SANCTIONS: 'the HFS OIG Provider Sanctions List',
};

/** Each kind as the thing recorded: "no fingerprint-based check ... recorded". */
const CHECK_NOUNS: Readonly<Record<BackgroundCheckKind, string>> = {
  HEALTH_CARE_WORKER_REGISTRY: 'Health Care Worker Registry check',
  FINGERPRINT: 'fingerprint-based check (Health Care Worker Background Check Act)',
  OIG_SANCTIONS: 'HFS OIG sanctions list check',
};

/** The kinds whose FINDING means the person may not be engaged (STAFF_EXCLUDED), and what (c)(3)(A) and (C) say of them. */
export const EXCLUDING_KINDS: readonly BackgroundCheckKind[] = ['HEALTH_CARE_WORKER_REGISTRY', 'OIG_SANCTIONS'];
export const EXCLUDED_WORDS: Readonly<Record<BackgroundCheckKind, string>> = {
  HEALTH_CARE_WORKER_REGISTRY: 'may not be engaged in any capacity',
  FINGERPRINT: 'may be employed only with a waiver under the Health Care Worker Background Check Act',
  OIG_SANCTIONS: 'may not be employed or contracted with',
};

/** The latest check of a kind on or before `date` (a FINDING wins a tie), or null. */
export function latestCheck(staff: Pick<StaffFacts, 'backgroundChecks'>, kind: BackgroundCheckKind, date: DateOnly): BackgroundCheckFact | null {
  let best: BackgroundCheckFact | null = null;
  for (const c of staff.backgroundChecks) {
    if (c.kind !== kind || c.checkedOn > date) continue;
    if (best === null || c.checkedOn > best.checkedOn || (c.checkedOn === best.checkedOn && c.result === 'FINDING')) best = c;
  }
  return best;
}

export interface Exclusion {
  kind: BackgroundCheckKind;
  checkedOn: DateOnly;
  citation: string;
}

/** The finding that excludes the person on `date` (Registry first), or null. */
export function exclusionOn(staff: Pick<StaffFacts, 'backgroundChecks'>, date: DateOnly): Exclusion | null {
  if (staff.backgroundChecks.length === 0) return null;
  for (const kind of EXCLUDING_KINDS) {
    const c = latestCheck(staff, kind, date);
    if (c?.result === 'FINDING') return { kind, checkedOn: c.checkedOn, citation: BACKGROUND_CHECK_CITATIONS[kind] };
  }
  return null;
}

export type CheckState = 'CLEAR' | 'FINDING' | 'NOT_RECORDED';

export interface PersonChecks {
  staffId: string;
  name: string;
  /** per kind: the latest check on or before the day */
  checks: { kind: BackgroundCheckKind; state: CheckState; checkedOn: DateOnly | null; citation: string }[];
  exclusion: Exclusion | null;
  /** the kinds with no check recorded */
  missing: BackgroundCheckKind[];
}

export function personChecks(staff: StaffFacts, asOf: DateOnly): PersonChecks {
  const checks = BACKGROUND_CHECK_KINDS.map((kind) => {
    const c = latestCheck(staff, kind, asOf);
    return { kind, state: (c ? c.result : 'NOT_RECORDED') as CheckState, checkedOn: c?.checkedOn ?? null, citation: BACKGROUND_CHECK_CITATIONS[kind] };
  });
  return { staffId: staff.id, name: staff.name, checks, exclusion: exclusionOn(staff, asOf), missing: checks.filter((c) => c.state === 'NOT_RECORDED').map((c) => c.kind) };
}

/** The fingerprint-based check that stands with a finding (a waiver not recorded), or undefined. */
export function fingerprintFinding(p: PersonChecks): PersonChecks['checks'][number] | undefined {
  return p.checks.find((c) => c.kind === 'FINGERPRINT' && c.state === 'FINDING');
}

/** The sentence a roster or a checklist gives about a person's checks, or null when all three are clear. */
export function personCheckProblem(p: PersonChecks): string | null {
  if (p.exclusion) {
    return `${p.name} has a finding on ${BACKGROUND_CHECK_NAMES[p.exclusion.kind]} (checked ${p.exclusion.checkedOn}) and ${EXCLUDED_WORDS[p.exclusion.kind]} (${p.exclusion.citation}); lines they render fail STAFF_EXCLUDED`;
  }
  const bits: string[] = [];
  if (p.missing.length === BACKGROUND_CHECK_KINDS.length) bits.push('no background check recorded');
  else if (p.missing.length) bits.push(`no ${listText(p.missing.map((k) => CHECK_NOUNS[k]), 'or')} recorded`);
  const fingerprint = fingerprintFinding(p);
  if (fingerprint) bits.push(`a finding on the fingerprint-based check of ${fingerprint.checkedOn}: they ${EXCLUDED_WORDS.FINGERPRINT}; record a later CLEAR check once it is granted`);
  return bits.length ? `${p.name}: ${bits.join('; ')} (140.TABLE O(c)(3))` : null;
}

/**
 * The roster's warnings about background checks on a date: for a BHC, everyone employed whose checks
 * are missing or not clear (Table O(c)(3) binds a BHC); for any provider, anyone employed whom a finding
 * excludes, since their lines fail STAFF_EXCLUDED whoever bills.
 */
export function backgroundCheckWarnings(provider: Pick<ProviderFacts, 'id' | 'type'>, staff: readonly StaffFacts[], asOf: DateOnly): string[] {
  const out: string[] = [];
  for (const s of staff) {
    if (s.providerId !== provider.id || !isEmployed(s, asOf)) continue;
    const p = personChecks(s, asOf);
    if (provider.type !== 'BHC' && !p.exclusion) continue;
    const problem = personCheckProblem(p);
    if (problem) out.push(`${problem}.`);
  }
  return out;
}
