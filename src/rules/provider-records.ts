/**
 * What a provider record may say for its type (140.452(a)): one definition for registration (a 400
 * naming the field), the start-up check of records stored before a rule existed, and the claim engine
 * (which never bills on a record that contradicts itself).
 *
 * - An IP has an ipKind (140.452(a)(3)); no other type has one.
 * - The encounter-rate flag (140.460(c)) belongs to a clinic enrolled under 140.460(a). A Behavioral
 *   Health Clinic is by definition not enrolled as one (140.499(c)), and an Independent Practitioner is a
 *   licensed person, not a clinic (140.452(a)(3)): of the three types, only a CMHC may carry it (a
 *   CMHC certified under 59 Ill. Adm. Code 132 that is also enrolled as an encounter-rate clinic).
 */
import type { ProviderFacts } from './facts';

export interface ProviderRecordProblem {
  /** JSON Pointer of the field in the provider record */
  path: string;
  message: string;
  citation: string | null;
}

type ProviderRecord = Pick<ProviderFacts, 'type' | 'ipKind' | 'encounterRateClinic'>;

export function providerRecordProblems(p: ProviderRecord): ProviderRecordProblem[] {
  const out: ProviderRecordProblem[] = [];
  if (p.type === 'IP' && !p.ipKind) out.push({ path: '/ipKind', message: 'an IP needs ipKind (140.452(a)(3))', citation: '140.452(a)(3)' });
  if (p.type !== 'IP' && p.ipKind) out.push({ path: '/ipKind', message: 'ipKind applies only to an IP', citation: null });
  const encounter = encounterRateProblem(p);
  if (encounter) out.push({ path: '/encounterRateClinic', message: encounter.message, citation: encounter.citation });
  return out;
}

/** Why this provider cannot be an encounter-rate clinic, or null when it may be (or is not flagged). */
export function encounterRateProblem(p: ProviderRecord): { message: string; citation: string } | null {
  if (!p.encounterRateClinic) return null;
  if (p.type === 'BHC') {
    return {
      message:
        'a Behavioral Health Clinic is not enrolled as a clinic under 140.460(a), so it cannot be an encounter-rate clinic (140.499(c)): leave encounterRateClinic false, or register the clinic as the CMHC it is certified as',
      citation: '140.499(c)',
    };
  }
  if (p.type === 'IP') {
    return {
      message: 'an Independent Practitioner is a licensed practitioner, not a clinic enrolled under 140.460(a), so it cannot be an encounter-rate clinic (140.452(a)(3), 140.460(c))',
      citation: '140.452(a)(3)',
    };
  }
  return null;
}
