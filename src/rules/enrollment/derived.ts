/**
 * How each derived criterion is read from the registry: one function per criterion id. A fact the
 * registry does not hold gives NOT_RECORDED, never MET; each outcome says what it rests on.
 *
 * Readings taken (docs/decisions.md):
 * - Table O(c)(1) "sufficient staff of appropriate training and credentialing": everyone employed on
 *   the day holds a tier of 140.453(b), someone holds LPHA (Assessments and Treatment Plans need one,
 *   140.453(d)(1)), and everyone below QMHP works under a QMHP supervisor the credential engine accepts.
 * - Table O(c)(2): the person recorded as `clinicalDirector`, employed and full-time on the day (the
 *   staff record not marked part-time), holding LPHA by the credential engine.
 * - Table O(a)(4): someone employed holding an Illinois licence to prescribe (physician or advanced
 *   practice nurse; the one definition of a valid licence), not excluded by a background check; otherwise a
 *   recorded agreement with an outside prescriber (evidence).
 * - Table O(d)(2) "not subcontract the delivery of services": bhcheck registers rendering staff only as
 *   a provider's employees (a line rendered by anyone else fails STAFF_NOT_EMPLOYED), so what the
 *   registry can show is supervision: an MHP or RSA working under a QMHP who is not the clinic's
 *   employee is service delivery done in part by someone outside it.
 */
import { evaluateCredential } from '../credentials/engine';
import { ipPractitionerCheck } from '../credentials/independent-practitioner';
import { isEmployed, prescribingLicence } from '../credentials/routes';
import { licenceText, listText } from '../credentials/text';
import type { CredentialResult } from '../credentials/types';
import { isWithin, type DateOnly } from '../dates';
import type { ProviderFacts, StaffFacts } from '../facts';
import { encounterRateProblem } from '../provider-records';
import { TIERS, type BackgroundCheckKind, type EnrollmentStatus } from '../vocabulary';
import { BACKGROUND_CHECK_NAMES, EXCLUDED_WORDS, fingerprintFinding, latestCheck, personCheckProblem, personChecks } from './background-checks';
import type { EnrollmentCriterion } from './criteria';
import { evidenceOutcome, lapseOutcome, type CriterionOutcome, type EvidenceFact } from './evidence';

export interface EnrollmentInput {
  provider: ProviderFacts;
  asOf: DateOnly;
  /** a criterion whose evidence lapses within this many days is EXPIRING */
  expiringWithinDays: number;
  /** the provider's own staff records, employed on asOf or not */
  staff: readonly StaffFacts[];
  /** staff the records name (supervisors), as far as the caller may see them; undefined: not known */
  staffById(id: string): StaffFacts | undefined;
  /** the credential engine's answer for one of `staff` on asOf (default: evaluated here with staffById) */
  credentialOf?(staff: StaffFacts): CredentialResult;
  /** every evidence record of the provider, all versions */
  evidence: readonly EvidenceFact[];
}

/** A criterion's outcome; `others` holds the outcomes of the criteria it summarises. */
export type Derivation = (x: EnrollmentInput, c: EnrollmentCriterion, others: readonly (CriterionOutcome & { criterion: EnrollmentCriterion })[]) => CriterionOutcome;

const outcome = (status: EnrollmentStatus, basis: string, dueOn: DateOnly | null = null): CriterionOutcome => ({ status, basis, dueOn });

const employedOn = (x: EnrollmentInput): StaffFacts[] => x.staff.filter((s) => s.providerId === x.provider.id && isEmployed(s, x.asOf));

function credentialOf(x: EnrollmentInput, s: StaffFacts): CredentialResult {
  return x.credentialOf ? x.credentialOf(s) : evaluateCredential(s, x.asOf, { staffById: (id) => x.staffById(id) });
}

function noStaff(x: EnrollmentInput): CriterionOutcome {
  return outcome('NOT_RECORDED', `No staff of ${x.provider.name} employed on ${x.asOf} is recorded`);
}

function notEmployedWhy(s: StaffFacts, asOf: DateOnly): string {
  return s.hireDate > asOf ? `is not hired until ${s.hireDate}` : `left on ${s.endDate}`;
}

const enrolled: Derivation = (x) => {
  const { provider: p, asOf } = x;
  if (p.enrollments.length === 0) return outcome('NOT_RECORDED', `No enrollment period of ${p.name} is recorded`);
  const period = p.enrollments.find((e) => isWithin(asOf, e.from, e.to));
  if (!period) {
    const periods = p.enrollments.map((e) => `${e.from} to ${e.to ?? 'open'}`).join(', ');
    return outcome('NOT_MET', `${p.name} is not enrolled on ${asOf} (enrollment periods: ${periods})`);
  }
  if (period.to === null) return outcome('MET', `${p.name} is enrolled from ${period.from}, with no end recorded`);
  return lapseOutcome(`${p.name} is enrolled from ${period.from} through ${period.to}`, period.to, asOf, x.expiringWithinDays);
};

/** 140.499(c), by the check registration makes (providerRecordProblems). */
const notClinicOrCmhc: Derivation = (x) => {
  const problem = encounterRateProblem(x.provider);
  if (problem) return outcome('NOT_MET', `${x.provider.name} is registered as an encounter-rate clinic: ${problem.message}`);
  return outcome('MET', `${x.provider.name} is registered as a Behavioral Health Clinic, not as a Community Mental Health Center, and not as an encounter-rate clinic enrolled under 140.460(a) (registration refuses that for a BHC)`);
};

/** 140.452(a)(3)(A)-(C): the practitioner's licence matches the IP's kind, valid on the date. */
const ipPractitioner: Derivation = (x) => {
  const employed = employedOn(x);
  if (employed.length === 0) return outcome('NOT_RECORDED', `No staff record of ${x.provider.name} is employed on ${x.asOf}: register the practitioner`);
  const checks = employed.map((s) => ipPractitionerCheck(x.provider, s, x.asOf));
  const held = checks.filter((c) => c.isPractitioner);
  if (held.length === 0) return outcome('NOT_MET', checks.map((c) => c.reason).join('; '));
  const others = held.length > 1 ? `; ${held.length} people hold that licence, but an Independent Practitioner is one practitioner billing personally (140.453(b)(2))` : '';
  return outcome('MET', `${held[0].reason}${others}`);
};

const IL = (l: { state: string }) => l.state === 'IL';

const prescriberAccess: Derivation = (x, c) => {
  const notes: string[] = [];
  for (const s of employedOn(x)) {
    const licence = prescribingLicence(s, x.asOf, IL);
    if (!licence) {
      const elsewhere = prescribingLicence(s, x.asOf);
      if (elsewhere) notes.push(`${s.name}'s ${licenceText(elsewhere)} is not an Illinois licence`);
      continue;
    }
    const excluded = personChecks(s, x.asOf).exclusion;
    if (excluded) {
      notes.push(`${s.name} holds the ${licenceText(licence)} but has a finding on ${BACKGROUND_CHECK_NAMES[excluded.kind]} (checked ${excluded.checkedOn}) and ${EXCLUDED_WORDS[excluded.kind]}`);
      continue;
    }
    return outcome('MET', `${s.name}, employed by ${x.provider.name} on ${x.asOf}, holds the ${licenceText(licence)}: individuals have access to a practitioner licensed by Illinois to prescribe and manage medication`);
  }
  const none = `No one employed by ${x.provider.name} on ${x.asOf} gives access to a prescriber (an Illinois physician or advanced practice nurse licence, and no background check finding)${notes.length ? `: ${notes.join('; ')}` : ''}`;
  const agreement = evidenceOutcome(c, x.evidence, x.asOf, x.expiringWithinDays);
  if (agreement.status === 'NOT_RECORDED') return outcome('NOT_RECORDED', `${none}, and no agreement with an outside prescriber is recorded: record ${c.evidence!.what}`);
  return { ...agreement, basis: `${none}; the agreement with an outside prescriber: ${agreement.basis}` };
};

function tierCounts(credentials: CredentialResult[]): string {
  return TIERS.map((t) => [t, credentials.filter((c) => c.tier === t).length] as const)
    .filter(([, n]) => n > 0)
    .map(([t, n]) => `${n} ${t}`)
    .join(', ');
}

const sufficientStaff: Derivation = (x) => {
  const employed = employedOn(x);
  if (employed.length === 0) return noStaff(x);
  const problems: string[] = [];
  const credentials = employed.map((s) => {
    const cred = credentialOf(x, s);
    if (cred.tier === null) problems.push(`${s.name} holds no tier of 140.453(b)`);
    else if (cred.requiresQmhpSupervision && cred.supervisorOk !== true) problems.push(`${s.name} (${cred.tier}) works without an accepted QMHP supervisor: ${cred.supervisorReason ?? 'none is recorded'}`);
    return cred;
  });
  if (!credentials.some((c) => c.tiers.includes('LPHA'))) problems.push('no one employed holds LPHA, which Assessments and Treatment Plans need (140.453(d)(1))');
  const staffing = `${employed.length} ${employed.length === 1 ? 'person' : 'people'} employed on ${x.asOf} (${tierCounts(credentials) || 'no tier'})`;
  if (problems.length) return outcome('NOT_MET', `${staffing}: ${problems.join('; ')}`);
  return outcome('MET', `${staffing}: everyone holds a tier of 140.453(b), an LPHA among them, and everyone below QMHP works under an accepted QMHP supervisor`);
};

const clinicalDirector: Derivation = (x) => {
  const designated = x.staff.filter((s) => s.providerId === x.provider.id && s.clinicalDirector === true);
  if (designated.length === 0) return outcome('NOT_RECORDED', `No staff member of ${x.provider.name} is recorded as its Clinical Director (clinicalDirector on the staff record)`);
  const problems: string[] = [];
  for (const s of designated) {
    if (!isEmployed(s, x.asOf)) {
      problems.push(`${s.name}, recorded as Clinical Director, ${notEmployedWhy(s, x.asOf)}`);
      continue;
    }
    if (s.fullTime === false) {
      problems.push(`${s.name}, recorded as Clinical Director, is part-time (the staff record is not full-time)`);
      continue;
    }
    const cred = credentialOf(x, s);
    const lpha = cred.basis.find((b) => b.tier === 'LPHA');
    if (!lpha) {
      problems.push(`${s.name}, recorded as Clinical Director, holds ${cred.tier ?? 'no tier'} on ${x.asOf}, not LPHA`);
      continue;
    }
    return outcome('MET', `${s.name} is the Clinical Director, employed full-time on ${x.asOf}: ${lpha.reason}`);
  }
  return outcome('NOT_MET', problems.join('; '));
};

/** Table O(c)(3): each person employed, all three kinds, with the sentence personCheckProblem gives. */
const backgroundChecks: Derivation = (x) => {
  const employed = employedOn(x);
  if (employed.length === 0) return noStaff(x);
  const people = employed.map((s) => personChecks(s, x.asOf));
  const problems = people.map(personCheckProblem).filter((p): p is string => p !== null);
  const status: EnrollmentStatus = people.some((p) => p.exclusion || fingerprintFinding(p)) ? 'NOT_MET' : problems.length ? 'NOT_RECORDED' : 'MET';
  if (status === 'MET') return outcome('MET', `All ${employed.length} people employed on ${x.asOf} have the three checks recorded, none with a finding`);
  const complete = people.length - problems.length;
  return outcome(status, `${complete} of the ${people.length} people employed on ${x.asOf} have the three checks recorded, clear; ${problems.join('; ')}`);
};

/** Table O(c)(3)(A), (B) or (C): the latest check of one kind for each person employed. */
function checkKind(kind: BackgroundCheckKind): Derivation {
  return (x) => {
    const employed = employedOn(x);
    if (employed.length === 0) return noStaff(x);
    const findings: string[] = [];
    const missing: string[] = [];
    const clear: string[] = [];
    for (const s of employed) {
      const c = latestCheck(s, kind, x.asOf);
      if (!c) missing.push(s.name);
      else if (c.result === 'FINDING') findings.push(`${s.name} (checked ${c.checkedOn})`);
      else clear.push(`${s.name} (${c.checkedOn})`);
    }
    const parts: string[] = [];
    if (findings.length) {
      parts.push(
        `a finding for ${listText(findings, 'and')}, who ${EXCLUDED_WORDS[kind]}: ${kind === 'FINGERPRINT' ? 'once it is granted, record it as a later CLEAR check' : 'end their employment (lines they render fail STAFF_EXCLUDED)'}`,
      );
    }
    if (missing.length) parts.push(`no check of ${BACKGROUND_CHECK_NAMES[kind]} recorded for ${listText(missing, 'and')}`);
    if (parts.length === 0) return outcome('MET', `${BACKGROUND_CHECK_NAMES[kind]}: all ${employed.length} people employed on ${x.asOf} checked, clear: ${clear.join(', ')}`);
    const status: EnrollmentStatus = findings.length ? 'NOT_MET' : 'NOT_RECORDED';
    return outcome(status, `${BACKGROUND_CHECK_NAMES[kind]}: ${parts.join('; ')}`);
  };
}

const noSubcontracting: Derivation = (x) => {
  const employed = employedOn(x);
  if (employed.length === 0) return noStaff(x);
  const outside: string[] = [];
  for (const s of employed) {
    if (!s.supervisorStaffId) continue;
    const sup = x.staffById(s.supervisorStaffId);
    if (sup && sup.providerId === x.provider.id) continue;
    outside.push(`${s.name} works under QMHP supervision by ${sup ? sup.name : 'someone'} who is not staff of ${x.provider.name}`);
  }
  if (outside.length) {
    return outcome('NOT_MET', `${outside.join('; ')}: service delivery supervised from outside the clinic is delivery in part by a non-employee; record one of its own QMHPs as supervisor`);
  }
  return outcome(
    'MET',
    `The ${employed.length} people employed on ${x.asOf} are staff of ${x.provider.name} (bhcheck registers rendering staff only as a provider's employees: a line rendered by anyone else fails STAFF_NOT_EMPLOYED, 140.453(b)(2)), and the QMHP supervision they work under is given by its employees`,
  );
};

/** 140.499(e): every Table O criterion, the worst status first. */
const summary: Derivation = (_x, c, others) => {
  const parts = others.filter((o) => c.summarises?.includes(o.criterion.section));
  const of = (status: EnrollmentStatus) => parts.filter((p) => p.status === status);
  const cite = (ps: typeof parts) => ps.map((p) => p.criterion.citation.replace('140.TABLE O', '')).join(', ');
  const bits: string[] = [];
  if (of('NOT_MET').length) bits.push(`not met: ${cite(of('NOT_MET'))}`);
  if (of('NOT_RECORDED').length) bits.push(`not recorded: ${cite(of('NOT_RECORDED'))}`);
  if (of('EXPIRING').length) bits.push(`expiring: ${cite(of('EXPIRING'))}`);
  const total = `${parts.length} Table O criteria`;
  if (of('NOT_MET').length) return outcome('NOT_MET', `Of the ${total}, ${bits.join('; ')}`);
  if (of('NOT_RECORDED').length) return outcome('NOT_RECORDED', `Of the ${total}, ${bits.join('; ')}`);
  const expiring = of('EXPIRING').map((p) => p.dueOn as DateOnly).sort()[0];
  if (expiring) return outcome('EXPIRING', `All ${total} are met; ${bits.join('; ')}`, expiring);
  // the next day one of them lapses
  return outcome('MET', `All ${total} are met`, parts.map((p) => p.dueOn).filter((d): d is DateOnly => d !== null).sort()[0] ?? null);
};

/** Every derived criterion's reading, by criterion id (a test checks each DERIVED record has one). */
export const DERIVATIONS: Readonly<Record<string, Derivation>> = {
  ENROLLED: enrolled,
  BHC_ENROLLED: enrolled,
  BHC_NOT_CLINIC_OR_CMHC: notClinicOrCmhc,
  BHC_TABLE_O: summary,
  IP_CLINICAL_PSYCHOLOGIST: ipPractitioner,
  IP_CLINICAL_SOCIAL_WORKER: ipPractitioner,
  IP_PSYCHIATRIST: ipPractitioner,
  O_A4_PRESCRIBER_ACCESS: prescriberAccess,
  O_C1_SUFFICIENT_STAFF: sufficientStaff,
  O_C2_CLINICAL_DIRECTOR: clinicalDirector,
  O_C3_BACKGROUND_CHECKS: backgroundChecks,
  O_C3A_HEALTH_CARE_WORKER_REGISTRY: checkKind('HEALTH_CARE_WORKER_REGISTRY'),
  O_C3B_FINGERPRINT_CHECKS: checkKind('FINGERPRINT'),
  O_C3C_OIG_SANCTIONS: checkKind('OIG_SANCTIONS'),
  O_D2_NO_SUBCONTRACTING: noSubcontracting,
};
