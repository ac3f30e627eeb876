/** "What is missing for the next tier up", in sentences. Never guesses: a fact that is not recorded is named. */
import { ageOn, type DateOnly } from '../dates';
import type { StaffFacts } from '../facts';
import type { CertificationKind, LicenseKind, Tier } from '../vocabulary';
import { daysCounted, REQUIREMENTS, type RequirementKey } from './experience';
import {
  currentCertification,
  degreeHeld,
  experienceDone,
  findDegree,
  isEmployed,
  isValidOn,
  MHP_DESIGNATION_CUTOFF,
  QMHP_DEGREE_FIELDS,
  licencesOfTier,
  trainingDone,
  validLicence,
  type Prepared,
} from './routes';
import { CERTIFICATION_NAMES, degreeText, hours, LICENSE_NAMES, lapseText } from './text';

const LPHA_LICENCES = licencesOfTier('LPHA');
const QMHP_LICENCES = licencesOfTier('QMHP');
const MHP_LICENCES = licencesOfTier('MHP');
const MHP_CERTIFICATIONS: readonly CertificationKind[] = ['CRSS', 'CFPP', 'PSYCH_REHAB'];

const GENERIC: Record<Tier, string> = {
  LPHA:
    "LPHA needs a valid licence as a physician, an advanced practice nurse with psychiatric specialty, a clinical psychologist, a marriage and family therapist, or a clinical professional counselor or clinical social worker with a master's or doctorate (140.453(b)(3)).",
  QMHP:
    "QMHP needs a master's or doctorate in a (b)(4)(D) field with 1,000 practicum hours or one year of clinical experience supervised by a QMHP, or a valid licence: registered nurse with mental health training or one year of supervised clinical experience, occupational therapist with one year of mental health clinical experience, or an LPHA licence (140.453(b)(4)).",
  MHP:
    "MHP (under QMHP supervision) needs one of the qualifications of 140.453(b)(5)(A)(ii): a bachelor's in counseling and guidance, rehabilitation counseling, social work, education, vocational counseling, psychology, pastoral counseling, family therapy or a related human service field; a bachelor's in another field with two years of mental health clinical experience supervised by a QMHP; a valid practical nurse licence; a certificate of psychiatric rehabilitation with a high school diploma or GED and two years' experience providing mental health services; current CRSS or CFPP certification; a valid occupational therapy assistant licence with one year of mental health experience; or a high school diploma or GED with five years of clinical experience in mental health or human services.",
  RSA: 'RSA (under QMHP supervision) needs an MHP qualification, or to be at least 21 years old with the three abilities of 140.453(b)(6)(B)(ii) attested by the provider.',
};

export function nextTierUp(highest: Tier | null): Tier | null {
  switch (highest) {
    case null:
      return 'RSA';
    case 'RSA':
      return 'MHP';
    case 'MHP':
      return 'QMHP';
    case 'QMHP':
      return 'LPHA';
    default:
      return null;
  }
}

function progress(p: Prepared, key: RequirementKey, date: DateOnly): string {
  const req = REQUIREMENTS[key];
  const days = daysCounted(p.merged[key], date);
  const done = p.done[key];
  if (days === 0 && done == null) return `no experience counting toward ${req.label} is recorded`;
  const tail = done != null ? `; it completes on ${done} if the recorded periods continue` : '; the recorded periods do not reach it';
  return `${req.label} is not complete: ${hours(days)} days counted up to ${date}${tail}`;
}

/** The most recently issued item of a kind. */
function latestOf<T extends { kind: string; issuedOn: DateOnly }>(items: readonly T[], kind: string): T | undefined {
  let best: T | undefined;
  for (const it of items) if (it.kind === kind && (!best || it.issuedOn > best.issuedOn)) best = it;
  return best;
}

/** Sentences for licences and certificates that would count but are not valid on the date. */
function lapsed(staff: StaffFacts, date: DateOnly, kinds: readonly LicenseKind[], certs: readonly CertificationKind[]): string[] {
  const out: string[] = [];
  for (const kind of kinds) {
    const latest = latestOf(staff.licenses, kind);
    if (latest && !validLicence(staff, kind, date))
      out.push(`${LICENSE_NAMES[kind]} licence ${latest.state} ${latest.number} is not valid on ${date}: ${lapseText(latest, date)}.`);
  }
  for (const kind of certs) {
    const latest = latestOf(staff.certifications, kind);
    if (latest && !currentCertification(staff, kind, date) && !isValidOn(latest, date))
      out.push(`${CERTIFICATION_NAMES[kind]} is not current on ${date}: ${lapseText(latest, date)}.`);
  }
  return out;
}

function degreesNotYetConferred(staff: StaffFacts, date: DateOnly): string[] {
  return staff.degrees.filter((d) => !degreeHeld(d, date)).map((d) => `${degreeText(d)} is conferred only on ${d.conferredOn}.`);
}

function forLpha(p: Prepared, date: DateOnly): string[] {
  const s = p.staff;
  const out: string[] = [];
  const apn = validLicence(s, 'ADVANCED_PRACTICE_NURSE', date);
  if (apn && apn.specialty !== 'PSYCHIATRY')
    out.push(`advanced practice nurse licence ${apn.state} ${apn.number} has no psychiatric specialty recorded (140.453(b)(3)(B)).`);
  const graduate = findDegree(s, date, 'MASTER');
  for (const [kind, cite] of [
    ['CLINICAL_PROFESSIONAL_COUNSELOR', '140.453(b)(3)(D)'],
    ['CLINICAL_SOCIAL_WORKER', '140.453(b)(3)(F)'],
  ] as const) {
    const l = validLicence(s, kind, date);
    if (l && !graduate) out.push(`${LICENSE_NAMES[kind]} licence ${l.state} ${l.number} is valid, but no master's or doctorate is recorded (${cite}).`);
  }
  return [...out, ...lapsed(s, date, LPHA_LICENCES, [])];
}

function forQmhp(p: Prepared, date: DateOnly): string[] {
  const s = p.staff;
  const out: string[] = [];
  const rn = validLicence(s, 'REGISTERED_NURSE', date);
  if (rn)
    out.push(
      `registered nurse licence ${rn.state} ${rn.number} is valid, but no training in mental health services or in the treatment of children and adolescents is recorded by ${date}, and ${progress(p, 'rnSupervisedClinical12', date)} (140.453(b)(4)(B)).`,
    );
  const ot = validLicence(s, 'OCCUPATIONAL_THERAPIST', date);
  if (ot && !experienceDone(p, 'clinical12', date))
    out.push(`occupational therapist licence ${ot.state} ${ot.number} is valid, but ${progress(p, 'clinical12', date)} (140.453(b)(4)(C)).`);
  const grad = findDegree(s, date, 'MASTER', QMHP_DEGREE_FIELDS);
  if (grad) {
    const practicum =
      s.practicumHours == null ? 'practicum/internship hours are not recorded' : `${hours(s.practicumHours)} practicum/internship hours are recorded (1,000 needed)`;
    out.push(`${degreeText(grad)} is a (b)(4)(D) degree, but ${practicum} and ${progress(p, 'qmhpSupervisedClinical12', date)} (140.453(b)(4)(D)).`);
  } else {
    const other = findDegree(s, date, 'MASTER');
    if (other) out.push(`${degreeText(other)} is not in a 140.453(b)(4)(D) field.`);
  }
  return [...out, ...lapsed(s, date, QMHP_LICENCES, [])];
}

function forMhp(p: Prepared, date: DateOnly): string[] {
  const s = p.staff;
  const out: string[] = [];
  const otherBachelor = findDegree(s, date, 'BACHELOR', undefined, QMHP_DEGREE_FIELDS);
  if (otherBachelor) out.push(`${degreeText(otherBachelor)}: ${progress(p, 'supervisedClinical24', date)}.`);
  const psr = currentCertification(s, 'PSYCH_REHAB', date);
  if (psr) {
    if (!s.highSchoolOrGed) out.push('certificate of psychiatric rehabilitation is recorded, but no high school diploma or GED.');
    if (!experienceDone(p, 'services24', date)) out.push(`certificate of psychiatric rehabilitation: ${progress(p, 'services24', date)}.`);
  }
  const ota = validLicence(s, 'OCCUPATIONAL_THERAPY_ASSISTANT', date);
  if (ota) out.push(`occupational therapy assistant licence ${ota.state} ${ota.number} is valid, but ${progress(p, 'mentalHealth12', date)}.`);
  if (s.highSchoolOrGed && p.merged.clinical60.length > 0) out.push(`high school diploma or GED: ${progress(p, 'clinical60', date)}.`);
  if (s.mhpDesignatedBefore2011) {
    if (s.hireDate >= MHP_DESIGNATION_CUTOFF)
      out.push(
        `the MHP designation before ${MHP_DESIGNATION_CUTOFF} does not carry over: this employment began ${s.hireDate}, so the employer changed (140.453(b)(5)(B)).`,
      );
    else if (!isEmployed(s, date)) out.push(`the MHP designation of 140.453(b)(5)(B) holds only while employed; not employed on ${date}.`);
  }
  return [...out, ...lapsed(s, date, MHP_LICENCES, MHP_CERTIFICATIONS)];
}

function forRsa(p: Prepared, date: DateOnly): string[] {
  const s = p.staff;
  const out: string[] = [];
  if (!s.birthDate) out.push('birth date is not recorded, so age 21 cannot be confirmed (140.453(b)(6)(B)(ii)).');
  else if (ageOn(s.birthDate, date) < 21) out.push(`aged ${ageOn(s.birthDate, date)} on ${date}; turns 21 on ${p.turns21} (140.453(b)(6)(B)(ii)).`);
  if (!s.rsaAbilitiesAttestedOn) out.push('the three abilities of 140.453(b)(6)(B)(ii) are not attested.');
  else if (s.rsaAbilitiesAttestedOn > date) out.push(`the three abilities of 140.453(b)(6)(B)(ii) are attested only on ${s.rsaAbilitiesAttestedOn}.`);
  return out;
}

function unique(v: string, i: number, all: string[]): boolean {
  return all.indexOf(v) === i;
}

/**
 * The generic requirement of the next tier up, then the specific near misses: for that tier and every tier
 * above it (an APN without psychiatric specialty holds no tier, but the missing specialty is what matters),
 * lapsed licences and certificates that would count, and degrees or trainings recorded with a later date.
 */
export function missingForNextTier(p: Prepared, date: DateOnly, highest: Tier | null): string[] {
  const next = nextTierUp(highest);
  if (!next) return [];
  const specific: string[] = [];
  if (next === 'RSA') specific.push(...forRsa(p, date));
  if (next === 'RSA' || next === 'MHP') specific.push(...forMhp(p, date));
  if (next !== 'LPHA') specific.push(...forQmhp(p, date));
  specific.push(...forLpha(p, date));
  const later = p.staff.trainings
    .filter((t) => t.completedOn > date && !trainingDone(p.staff, t.kind, date))
    .map((t) => `training ${t.kind} is completed only on ${t.completedOn}.`);
  const trainings = next === 'LPHA' ? [] : later;
  return [GENERIC[next], ...specific, ...degreesNotYetConferred(p.staff, date), ...trainings].filter(unique);
}
