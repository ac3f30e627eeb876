/**
 * The Independent Practitioner (140.452(a)(3), 140.453(b)(2)): an IP is the licensed practitioner
 * personally, a clinical psychologist ((a)(3)(A)), a clinical social worker ((a)(3)(B)) or a psychiatrist,
 * "a physician ... who has successfully completed a training program in psychiatry" ((a)(3)(C)), recorded
 * as a PHYSICIAN licence with specialty PSYCHIATRY. "All other credentialed staff ... must be employees
 * of a Community Mental Health Center or Behavioral Health Clinic."
 *
 * So the practitioner of an IP provider on a date is the staff member registered there who holds, valid
 * that day, the licence its `ipKind` names. Only that person renders lines billed by the IP, and only that
 * person approves an Assessment Report or Treatment Plan as "the IP". An IP provider none of whose staff
 * holds that licence (the practitioner's licence does not match `ipKind`) is flagged: every line it bills
 * fails, the message saying which of the two records to correct, and the provider's credentials answer
 * (and each of its staff's) carries a warning. Nothing here guesses which record is wrong.
 */
import type { DateOnly } from '../dates';
import type { LicenseFact, ProviderFacts, StaffFacts } from '../facts';
import type { IpKind, LicenseKind } from '../vocabulary';
import { isEmployed, validLicence } from './routes';
import { LICENSE_NAMES, licenceText } from './text';

export interface IpLicence {
  kind: LicenseKind;
  /** the licence must record specialty PSYCHIATRY (the psychiatrist of (a)(3)(C)) */
  psychiatry: boolean;
  citation: string;
  /** "a licensed clinical psychologist" */
  name: string;
}

export const IP_LICENCES: Readonly<Record<IpKind, IpLicence>> = {
  CLINICAL_PSYCHOLOGIST: { kind: 'CLINICAL_PSYCHOLOGIST', psychiatry: false, citation: '140.452(a)(3)(A)', name: 'a licensed clinical psychologist' },
  CLINICAL_SOCIAL_WORKER: { kind: 'CLINICAL_SOCIAL_WORKER', psychiatry: false, citation: '140.452(a)(3)(B)', name: 'a licensed clinical social worker' },
  PSYCHIATRIST: { kind: 'PHYSICIAN', psychiatry: true, citation: '140.452(a)(3)(C)', name: 'a psychiatrist (a physician licence with specialty PSYCHIATRY)' },
};

const isPsychiatry = (l: LicenseFact): boolean => l.specialty === 'PSYCHIATRY';

/** The licence, valid on the date (the credential engine's one definition), that makes `staff` an IP of `ipKind`. */
export function ipLicence(staff: StaffFacts, ipKind: IpKind, date: DateOnly): LicenseFact | undefined {
  const want = IP_LICENCES[ipKind];
  return validLicence(staff, want.kind, date, want.psychiatry ? isPsychiatry : undefined);
}

/** The IP kind the person's licences would fit, other than `ipKind` (for "which record is wrong"). */
function otherFit(staff: StaffFacts, ipKind: IpKind | null, date: DateOnly): { kind: IpKind; licence: LicenseFact } | null {
  for (const kind of Object.keys(IP_LICENCES) as IpKind[]) {
    if (kind === ipKind) continue;
    const licence = ipLicence(staff, kind, date);
    if (licence) return { kind, licence };
  }
  return null;
}

export interface IpPractitionerCheck {
  /** `staff` is the practitioner of the IP provider on the date */
  isPractitioner: boolean;
  /** the (a)(3) clause for the provider's ipKind, or 140.452(a)(3) when none is recorded */
  citation: string;
  /** a sentence saying why (or why not), naming the licence */
  reason: string;
  /** the person holds the licence of another IP kind: the provider's ipKind may be the record to correct */
  otherKind: IpKind | null;
}

/** Is `staff` (registered at the IP `provider`) its practitioner on `date`? */
export function ipPractitionerCheck(provider: ProviderFacts, staff: StaffFacts, date: DateOnly): IpPractitionerCheck {
  const ipKind = provider.ipKind;
  if (ipKind === null) {
    return { isPractitioner: false, citation: '140.452(a)(3)', reason: `${provider.name} is an Independent Practitioner with no ipKind recorded, so no licence can show who the practitioner is`, otherKind: null };
  }
  const want = IP_LICENCES[ipKind];
  const held = ipLicence(staff, ipKind, date);
  if (held) return { isPractitioner: true, citation: want.citation, reason: `${staff.name} is the practitioner of ${provider.name}: ${licenceText(held)}`, otherKind: null };
  const other = otherFit(staff, ipKind, date);
  const base = `${staff.name} is not the practitioner of ${provider.name}, an Independent Practitioner of kind ${ipKind} (${want.name}, ${want.citation})`;
  if (other) {
    return {
      isPractitioner: false,
      citation: want.citation,
      reason: `${base}: ${staff.name} holds a ${licenceText(other.licence)}, which fits kind ${other.kind}; if ${staff.name} is the practitioner, correct the provider's ipKind, otherwise record the ${LICENSE_NAMES[want.kind]} licence`,
      otherKind: other.kind,
    };
  }
  return { isPractitioner: false, citation: want.citation, reason: `${base}: holds no such licence valid on ${date}`, otherKind: null };
}

/**
 * The flags of an IP provider's staff on a date (none for a CMHC or BHC): no practitioner at all (the
 * licence does not match `ipKind`), more than one, and anyone else registered there. Staff not employed
 * on the date are left out.
 */
export function ipStaffWarnings(provider: ProviderFacts, staff: readonly StaffFacts[], asOf: DateOnly): string[] {
  if (provider.type !== 'IP') return [];
  const employed = staff.filter((s) => s.providerId === provider.id && isEmployed(s, asOf));
  const checks = employed.map((s) => ({ s, check: ipPractitionerCheck(provider, s, asOf) }));
  const practitioners = checks.filter((c) => c.check.isPractitioner);
  const out: string[] = [];
  if (practitioners.length === 0) {
    const why = checks.length ? checks.map((c) => c.check.reason).join('; ') : `${provider.name} has no staff employed on ${asOf}`;
    out.push(`no practitioner on ${asOf}: ${why}. Until one is recorded every line ${provider.name} bills fails NOT_INDEPENDENT_PRACTITIONER (140.453(b)(2)).`);
  } else if (practitioners.length > 1) {
    out.push(
      `${practitioners.map((c) => c.s.name).join(' and ')} each hold the licence of ${provider.ipKind}: an Independent Practitioner is one licensed practitioner billing personally (140.452(a)(3), 140.453(b)(2)); register the others at the CMHC or BHC that employs them.`,
    );
  }
  if (practitioners.length > 0) {
    for (const c of checks) {
      if (c.check.isPractitioner) continue;
      out.push(
        `${c.check.reason}. Only the IP personally bills through an IP, and all other credentialed staff must be employees of a CMHC or BHC (140.453(b)(2)): lines ${c.s.name} renders here fail NOT_INDEPENDENT_PRACTITIONER.`,
      );
    }
  }
  return out;
}
