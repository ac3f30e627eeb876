/**
 * The per-line rules, in the order of the regulation and in four groups: who may bill (140.452,
 * 140.460(c), Table N, site), who may render (140.453(b) and each service's "may only be provided
 * by"), how (modality, contact, group ratio), and to whom and on what clinical basis (age, Assessment,
 * Treatment Plan, General MRO). Catalogue-driven rules take their ID and citation from the catalogue
 * record (`<record id>#<field>`, ServiceRule.refs); the others are the engine's own (rule-book.ts).
 *
 * Each rule reports its failure as a finding; when the call explains (the line's `checks` is not
 * null) it also says why it passed or was skipped. The reasons are built only then.
 */
import { addDays, isWithin, toEpochDay, type DateOnly } from '../dates';
import { ipPractitionerCheck } from '../credentials/independent-practitioner';
import { PEER_WINDOW_CITATIONS, peerCertificationWindow } from '../credentials/peer';
import { prescribingLicence } from '../credentials/routes';
import { BACKGROUND_CHECK_NAMES, exclusionOn } from '../enrollment/background-checks';
import type { AssessmentFact, ProviderFacts, RecipientFacts, StaffFacts } from '../facts';
import { encounterRateProblem } from '../provider-records';
import type { Contact, Modality } from '../vocabulary';
import { CHILD_CRITERIA_UNDER_AGE, PLAN_VALID_MONTHS, assessmentOn, definitiveDiagnosisOverdue, isCurrentOn, planOn, planSignedBy } from './clinical-records';
import { error, lower, orList, passed, providerTypeList, providerTypeName, skipped, tierHeld, tierList, warning, type RuleRef } from './findings';
import {
  ASSESSMENT,
  DIAGNOSIS_DEFINITIVE,
  DIAGNOSIS_RECORDED,
  ENCOUNTER_RATE,
  FINAL_NOTICE_OVERDUE,
  INDEPENDENT_PRACTITIONER,
  PROVIDER_ENROLLED,
  STAFF_EMPLOYED,
  STAFF_EXCLUDED,
  SUPERVISION,
  TREATMENT_PLAN,
  TREATMENT_PLAN_SIGNED,
  actionOf,
  type RuleGroup,
} from './rule-book';
import type { ServiceField, ServiceRule } from './service-catalog';
import type { Check, ClaimCheckContext, Finding } from './types';
import { Env, newLine, type ClaimWork, type LineWork, type RuleInput, type StaffErrorListener } from './work';

/**
 * One rule of a line: how its checks name it for a line of a service (null: the service's record sets
 * no such rule), and the rule itself.
 */
export interface LineRule {
  readonly group: RuleGroup;
  ref(rule: ServiceRule | undefined): RuleRef | null;
  apply(x: RuleInput): void;
}

const engine = (group: RuleGroup, ref: RuleRef, apply: (x: RuleInput) => void): LineRule => ({ group, ref: () => ref, apply });
const field = (group: RuleGroup, name: ServiceField, apply: (x: RuleInput) => void): LineRule => ({ group, ref: (rule) => rule?.refs[name] ?? null, apply });

/** Is the line being explained (its checks kept)? The reasons for passes and skips are built only then. */
const explaining = (line: LineWork): boolean => line.checks !== null;

function holdsAny(held: readonly string[], allowed: readonly string[]): boolean {
  for (const t of held) if (allowed.includes(t)) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// Who may bill
// ---------------------------------------------------------------------------------------------

/** 140.452(b): the provider is enrolled on the date of service. */
export function providerEnrolled(line: LineWork, provider: ProviderFacts): void {
  for (const e of provider.enrollments) {
    if (!isWithin(line.dos, e.from, e.to)) continue;
    if (explaining(line)) passed(line, PROVIDER_ENROLLED, `${provider.name} is enrolled on ${line.dos} (${e.from} to ${e.to ?? 'open'})`);
    return;
  }
  const periods = provider.enrollments.length ? provider.enrollments.map((e) => `${e.from} to ${e.to ?? 'open'}`).join(', ') : 'none recorded';
  error(line, 'PROVIDER_NOT_ENROLLED', `${provider.name} is not enrolled on ${line.dos} (enrollment periods: ${periods}); payment requires enrollment, 140.452(b)`, '140.452(b)', PROVIDER_ENROLLED.id, {
    providerId: provider.id,
    dateOfService: line.dos,
  }, PROVIDER_ENROLLED.action);
}

/** 140.452(c)-(e) and each service's "may only be provided by a ...". */
const providerTypeAllowed = field('provider', 'providerTypes', (x) => {
  const { providerTypes } = x.rule;
  const ref = x.rule.refs.providerTypes as RuleRef;
  if (providerTypes.allowed.includes(x.provider.type)) {
    if (explaining(x.line)) passed(x.line, ref, `${x.provider.name} is ${providerTypeName(x.provider.type)}; ${x.rule.name} may be provided by ${providerTypeList(providerTypes.allowed)}`);
    return;
  }
  error(
    x.line,
    'PROVIDER_TYPE_NOT_ALLOWED',
    `${x.provider.name} is ${providerTypeName(x.provider.type)}; ${x.rule.name} may only be provided by ${providerTypeList(providerTypes.allowed)}, ${providerTypes.citation}`,
    providerTypes.citation,
    ref.id,
    { providerId: x.provider.id, providerType: x.provider.type },
    ref.action,
  );
});

/**
 * 140.460(c): a clinic paid on an encounter-rate basis may be paid for 140.453 services only at its
 * behavioral health encounter rate. Read as: its claim carries the encounter code (a code table entry
 * marked `encounter`, T1015 by default) on the same date of service, the service lines detailing it.
 */
const encounterRate = engine('provider', ENCOUNTER_RATE, (x) => {
  if (!x.provider.encounterRateClinic) {
    if (explaining(x.line)) skipped(x.line, ENCOUNTER_RATE, `not applicable: ${x.provider.name} is not an encounter-rate clinic`);
    return;
  }
  if (encounterFlagContradicted(x.line, x.provider)) return;
  if (x.line.claim.encounterDates?.has(x.line.dos)) {
    if (explaining(x.line)) passed(x.line, ENCOUNTER_RATE, `${x.provider.name} is an encounter-rate clinic and the claim has its encounter line on ${x.line.dos}`);
    return;
  }
  error(
    x.line,
    'ENCOUNTER_RATE_CLINIC',
    `${x.provider.name} is an encounter-rate clinic; it may bill ${x.rule.name} only at its behavioral health encounter rate, and this claim has no encounter line on ${x.line.dos}, 140.460(c)`,
    '140.460(c)',
    ENCOUNTER_RATE.id,
    { providerId: x.provider.id, encounterRateClinic: true, dateOfService: x.line.dos },
    ENCOUNTER_RATE.action,
  );
});

/**
 * A provider record flagged encounter-rate that its type excludes (a BHC, 140.499(c); an IP): stored
 * before registration refused it. Neither reading of the record can be billed on, so every line fails
 * until it is corrected (the service names such records at start-up).
 */
function encounterFlagContradicted(line: LineWork, provider: ProviderFacts): boolean {
  const problem = encounterRateProblem(provider);
  if (problem === null) return false;
  error(
    line,
    'ENCOUNTER_RATE_CLINIC',
    `${provider.name} is registered as ${providerTypeName(provider.type)} and as an encounter-rate clinic: ${problem.message}; correct the provider record before billing, ${problem.citation}`,
    problem.citation,
    ENCOUNTER_RATE.id,
    { providerId: provider.id, providerType: provider.type, encounterRateClinic: true },
    ENCOUNTER_RATE.action,
  );
  return true;
}

/** An encounter line (140.460(c)) billed by a provider that is not an encounter-rate clinic. */
export function encounterLineAllowed(line: LineWork, provider: ProviderFacts): void {
  if (provider.encounterRateClinic) {
    if (!encounterFlagContradicted(line, provider) && explaining(line)) passed(line, ENCOUNTER_RATE, `${provider.name} is an encounter-rate clinic: it bills its behavioral health encounter on this line`);
    return;
  }
  error(
    line,
    'ENCOUNTER_RATE_CLINIC',
    `${provider.name} is not an encounter-rate clinic, so it cannot bill the behavioral health encounter code ${line.mapping?.code ?? ''}: bill each 140.453 service on its own code, 140.460(c)`,
    '140.460(c)',
    ENCOUNTER_RATE.id,
    { providerId: provider.id, encounterRateClinic: false, procedureCode: line.mapping?.code ?? null },
    ENCOUNTER_RATE.action,
  );
}

/**
 * IO, PSR, CST: "through programs approved pursuant to Table N", in force on the date of service. An
 * approval in force only because the Department's Final Notice is overdue (Table N (b)(2)(B)(ii)) is
 * a warning: the date stays covered (a Final Notice never takes effect before its own date), but the
 * biller should know the approval rests on the Department not having acted.
 */
const programApproved = field('provider', 'programApproval', (x) => {
  const pa = x.rule.programApproval;
  if (!pa) return;
  const ref = x.rule.refs.programApproval as RuleRef;
  const p = x.env.program(x.provider.id, pa.program, x.line.dos);
  if (p.inForce) {
    if (explaining(x.line)) passed(x.line, ref, `${x.provider.name}: ${p.reason}`);
    if (p.warning) {
      warning(x.line, p.warning.code, `${x.provider.name}: ${p.warning.message}`, p.warning.citation, FINAL_NOTICE_OVERDUE.id, {
        providerId: x.provider.id,
        program: pa.program,
        status: p.status,
        dateOfService: x.line.dos,
        finalNoticeDueOn: p.warning.dueOn,
      }, FINAL_NOTICE_OVERDUE.action);
    } else if (explaining(x.line)) passed(x.line, FINAL_NOTICE_OVERDUE, `the ${pa.program} approval is in force on its own terms, not kept in force by an overdue Final Notice`);
    return;
  }
  error(
    x.line,
    'PROGRAM_APPROVAL_MISSING',
    `${x.provider.name} has no ${pa.program} program approval in force on ${x.line.dos} (${p.reason}); ${x.rule.name} may only be provided through a program approved pursuant to Table N, ${pa.citation}`,
    pa.citation,
    ref.id,
    { providerId: x.provider.id, program: pa.program, status: p.status, dateOfService: x.line.dos },
    ref.action,
  );
  if (explaining(x.line)) skipped(x.line, FINAL_NOTICE_OVERDUE, `no ${pa.program} approval is in force on ${x.line.dos}`);
});

/** PSR: "on-site at a Community Mental Health Center": the place of service is one of the site's own. */
const onSite = field('provider', 'onSiteOnly', (x) => {
  const site = x.rule.onSiteOnly;
  if (!site) return;
  const ref = x.rule.refs.onSiteOnly as RuleRef;
  const pos = x.line.input.placeOfService ?? x.line.claim.input.placeOfService;
  if (pos !== undefined && site.placesOfService.includes(pos)) {
    if (explaining(x.line)) passed(x.line, ref, `place of service ${pos} is on-site (${site.placesOfService.join(', ')})`);
    return;
  }
  error(
    x.line,
    'SITE_NOT_ALLOWED',
    `${pos === undefined ? 'no place of service is given' : `place of service ${pos}`} is not on-site (on-site codes: ${site.placesOfService.join(', ')}); ${x.rule.name} may only be provided on-site at a Community Mental Health Center, ${site.citation}`,
    site.citation,
    ref.id,
    { placeOfService: pos ?? null },
    ref.action,
  );
});

// ---------------------------------------------------------------------------------------------
// Who may render
// ---------------------------------------------------------------------------------------------

/**
 * 140.453(b)(2): credentialed staff must be employees of the CMHC or BHC billing; an IP bills for
 * themselves (their staff record is at the IP provider). Employed = hireDate <= date <= endDate.
 */
const staffEmployed = engine('staff', STAFF_EMPLOYED, (x) => {
  const s = x.staff as StaffFacts;
  const dos = x.line.dos;
  if (s.providerId === x.provider.id && s.hireDate <= dos && (s.endDate === null || dos <= s.endDate)) {
    if (explaining(x.line)) passed(x.line, STAFF_EMPLOYED, `${s.name} is employed by ${x.provider.name} on ${dos} (hired ${s.hireDate}${s.endDate ? `, to ${s.endDate}` : ''})`);
    return;
  }
  const why =
    s.providerId !== x.provider.id
      ? `is staff of another provider (${x.env.provider(s.providerId)?.name ?? s.providerId}), not of ${x.provider.name}`
      : s.hireDate > dos
        ? `was not hired by ${x.provider.name} until ${s.hireDate}`
        : `left ${x.provider.name} on ${s.endDate}`;
  error(x.line, 'STAFF_NOT_EMPLOYED', `${s.name} ${why} (date of service ${dos}); staff must be employees of the provider billing, 140.453(b)(2)`, '140.453(b)(2)', STAFF_EMPLOYED.id, {
    staffId: s.id,
    staffProviderId: s.providerId,
    providerId: x.provider.id,
    dateOfService: dos,
  }, STAFF_EMPLOYED.action);
});

/** What Table O(c)(3)(A) and (C) say of a person with a finding, by the list. */
const EXCLUSION_RULE_TEXT: Record<string, string> = {
  HEALTH_CARE_WORKER_REGISTRY: 'a person with a finding of abuse or neglect on the Registry is not to be engaged in any capacity',
  OIG_SANCTIONS: 'no one found on the HFS OIG Provider Sanctions List is to be employed or contracted with',
};

/**
 * Table O(c)(3)(A), (C): the rendering person has a recorded FINDING on the Health Care Worker Registry or
 * the HFS OIG Provider Sanctions List on or before the date of service (the latest check of that list
 * decides, so a later CLEAR check lifts it). Table O binds a BHC; for any other provider the message
 * says so, and that the citation rests on the finding itself, which bars the person whoever bills.
 */
const staffExcluded = engine('staff', STAFF_EXCLUDED, (x) => {
  const s = x.staff as StaffFacts;
  const exclusion = exclusionOn(s, x.line.dos);
  if (!exclusion) {
    if (explaining(x.line)) passed(x.line, STAFF_EXCLUDED, `no finding on the Health Care Worker Registry or the HFS OIG sanctions list stands for ${s.name} on ${x.line.dos}`);
    return;
  }
  const provider = x.provider as ProviderFacts | undefined;
  const rule = EXCLUSION_RULE_TEXT[exclusion.kind];
  const basis =
    provider?.type === 'BHC'
      ? `${provider.name} is a Behavioral Health Clinic, and ${rule}`
      : `${provider ? `${provider.name} is ${providerTypeName(provider.type)}, not a Behavioral Health Clinic, which Table O binds; the citation rests on the finding itself` : 'the citation rests on the finding itself'}: ${rule}, and bhcheck applies that to every provider type`;
  error(
    x.line,
    'STAFF_EXCLUDED',
    `${s.name} has a finding recorded on ${BACKGROUND_CHECK_NAMES[exclusion.kind]} (checked ${exclusion.checkedOn}, on or before the date of service ${x.line.dos}); ${basis}, ${exclusion.citation}`,
    exclusion.citation,
    STAFF_EXCLUDED.id,
    { staffId: s.id, checkKind: exclusion.kind, checkedOn: exclusion.checkedOn, dateOfService: x.line.dos, providerType: provider?.type ?? null },
    STAFF_EXCLUDED.action,
  );
});

/**
 * 140.452(a)(3), 140.453(b)(2): a line billed by an Independent Practitioner is rendered by the practitioner
 * personally, the staff member holding (valid that day) the licence the provider's ipKind names. Staff of
 * another provider are STAFF_NOT_EMPLOYED already; this is about anyone else registered at the IP.
 */
const independentPractitioner = engine('staff', INDEPENDENT_PRACTITIONER, (x) => {
  if (x.provider.type !== 'IP') {
    if (explaining(x.line)) skipped(x.line, INDEPENDENT_PRACTITIONER, `not applicable: ${x.provider.name} is ${providerTypeName(x.provider.type)}, not an Independent Practitioner`);
    return;
  }
  const s = x.staff as StaffFacts;
  if (s.providerId !== x.provider.id) {
    if (explaining(x.line)) skipped(x.line, INDEPENDENT_PRACTITIONER, `${s.name} is not registered at ${x.provider.name} (see ${STAFF_EMPLOYED.id})`);
    return;
  }
  const check = ipPractitionerCheck(x.provider, s, x.line.dos);
  if (check.isPractitioner) {
    if (explaining(x.line)) passed(x.line, INDEPENDENT_PRACTITIONER, check.reason);
    return;
  }
  error(
    x.line,
    'NOT_INDEPENDENT_PRACTITIONER',
    `${check.reason}; an Independent Practitioner is paid only for services rendered personally, and all other credentialed staff must be employees of a CMHC or BHC, which bills for them, 140.453(b)(2)`,
    '140.453(b)(2)',
    INDEPENDENT_PRACTITIONER.id,
    { staffId: s.id, providerId: x.provider.id, ipKind: x.provider.ipKind, otherIpKind: check.otherKind, dateOfService: x.line.dos },
    INDEPENDENT_PRACTITIONER.action,
  );
});

/**
 * The service's "by an RSA, MHP, QMHP, LPHA" on the date of service (each higher tier includes the lower).
 *
 * A person with lived experience (140.453(d)(4)(A)(i), 140.TABLE N(c)(1)(B)(ii)) is no exception: the
 * 18-month window says who may stand in for an ACT or CST team's CRSS or CFPP member while certification is
 * pending, not who may render. Only individuals qualified under 140.453(b) provide its services, so with no
 * tier the line fails like any other; the message says where the window stands and the usual route (RSA).
 */
const staffTier = field('staff', 'tiers', (x) => {
  const tiers = x.rule.tiers;
  if (!tiers) return;
  const ref = x.rule.refs.tiers as RuleRef;
  const s = x.staff as StaffFacts;
  const cred = x.env.lineCredential(x.line);
  const fact = { staffId: s.id, tier: cred.tier, dateOfService: x.line.dos };
  if (!holdsAny(cred.tiers, tiers.allowed)) {
    const refused = `${s.name} holds ${tierHeld(cred.tier)} on ${x.line.dos}; ${x.rule.name} may only be provided by ${tierList(tiers.allowed)}, ${tiers.citation}`;
    const peer = s.livedExperience && cred.tier === null ? peerCertificationWindow(s, x.line.dos) : null;
    if (peer === null) {
      error(x.line, 'STAFF_TIER_INSUFFICIENT', refused, tiers.citation, ref.id, fact, ref.action);
      return;
    }
    const window = peer.withinWindow ? `still open, through ${peer.windowEndsOn}` : `closed after ${peer.windowEndsOn}`;
    error(
      x.line,
      'STAFF_TIER_INSUFFICIENT',
      `${refused}. Lived experience lets a person stand in for an ACT or CST team's CRSS or CFPP member while certification is pending (18 months after hire: ${window}, ${PEER_WINDOW_CITATIONS.join(', ')}), but does not qualify them to render services: record a tier of 140.453(b), usually RSA by 140.453(b)(6)(B)(ii) (aged 21, the three abilities attested, under QMHP supervision)`,
      tiers.citation,
      ref.id,
      { ...fact, livedExperience: true, peerWindowEndsOn: peer.windowEndsOn, withinPeerWindow: peer.withinWindow },
      ref.action,
    );
    return;
  }
  if (tiers.mhpRequiresQmhpAccess && !cred.tiers.includes('QMHP') && cred.tiers.includes('MHP')) {
    warning(
      x.line,
      'STAFF_TIER_INSUFFICIENT',
      `${s.name} holds MHP on ${x.line.dos}; ${x.rule.name} by an MHP requires immediate access to a QMHP: document that access, ${tiers.citation}`,
      tiers.citation,
      ref.id,
      fact,
      ref.action,
    );
    return;
  }
  if (explaining(x.line)) passed(x.line, ref, `${s.name} holds ${cred.tier} on ${x.line.dos}; ${x.rule.name} may be provided by ${tierList(tiers.allowed)}`);
});

/** 140.453(b)(5)(A)(ii), (b)(6)(B): an MHP or RSA below QMHP delivers services under the supervision of a QMHP. */
const supervised = engine('staff', SUPERVISION, (x) => {
  if (!x.rule.tiers) {
    if (explaining(x.line)) skipped(x.line, SUPERVISION, `not applicable: ${x.rule.name} names no tier (a licence governs who may render it)`);
    return;
  }
  const s = x.staff as StaffFacts;
  const cred = x.env.lineCredential(x.line);
  if (!cred.requiresQmhpSupervision) {
    if (explaining(x.line)) skipped(x.line, SUPERVISION, `not applicable: ${s.name} holds ${tierHeld(cred.tier)} on ${x.line.dos}, which needs no QMHP supervision`);
    return;
  }
  const citation = cred.tier === 'RSA' ? '140.453(b)(6)(B)' : '140.453(b)(5)(A)(ii)';
  if (cred.supervisorOk !== false) {
    if (explaining(x.line)) passed(x.line, { id: SUPERVISION.id, citation }, `${s.name} holds ${tierHeld(cred.tier)} on ${x.line.dos}: ${cred.supervisorReason ?? 'supervised by a QMHP'}`);
    return;
  }
  // the credential engine's reason is a sentence of its own; here it continues one
  const why = (cred.supervisorReason ?? 'no QMHP supervisor is recorded').replace(/\.$/, '');
  error(
    x.line,
    'SUPERVISION_MISSING',
    `${s.name} holds ${tierHeld(cred.tier)} on ${x.line.dos} and must deliver services under the supervision of a QMHP, but ${why}, ${citation}`,
    citation,
    SUPERVISION.id,
    { staffId: s.id, tier: cred.tier, supervisorStaffId: s.supervisorStaffId, dateOfService: x.line.dos },
    SUPERVISION.action,
  );
});

/** Medication Administration: by staff licensed to administer medication, 140.453(d)(2)(C)(v). */
const licensedToAdminister = field('staff', 'licensedStaffOnly', (x) => {
  const lic = x.rule.licensedStaffOnly;
  if (!lic) return;
  const ref = x.rule.refs.licensedStaffOnly as RuleRef;
  const s = x.staff as StaffFacts;
  const med = x.env.lineCredential(x.line).mayAdministerMedication;
  if (med.allowed) {
    if (explaining(x.line)) passed(x.line, ref, `${s.name} on ${x.line.dos}: ${med.reason}`);
    return;
  }
  error(x.line, 'MEDICATION_LICENSE_REQUIRED', `${s.name} on ${x.line.dos}: ${med.reason}; ${x.rule.name} may only be provided by staff licensed to administer medication, ${lic.citation}`, lic.citation, ref.id, {
    staffId: s.id,
    dateOfService: x.line.dos,
  }, ref.action);
});

/**
 * Medication Monitoring/Training: "as designated in writing to provide the service by staff that hold a
 * valid license ... to prescribe medication". A rendering person who holds a prescribing licence
 * (physician or advanced practice nurse, valid on the date by the credential engine's one definition, so
 * an unrecorded expiry counts as valid here exactly as it does for LPHA) is the prescriber and needs no
 * designation.
 */
const designatedByPrescriber = field('staff', 'designationRequired', (x) => {
  const des = x.rule.designationRequired;
  if (!des) return;
  const ref = x.rule.refs.designationRequired as RuleRef;
  const s = x.staff as StaffFacts;
  const dos = x.line.dos;
  const own = prescribingLicence(s, dos);
  if (own) {
    if (explaining(x.line)) passed(x.line, ref, `${s.name} holds a licence to prescribe (${lower(own.kind)}) on ${dos}: no designation is needed`);
    return;
  }
  const service = x.rule.service;
  const cred = x.env.lineCredential(x.line);
  let unlicensed: string | null = null;
  for (const d of cred.designations) {
    if (!(d.services as string[]).includes(service)) continue;
    if (d.prescriberLicensed) {
      if (explaining(x.line)) passed(x.line, ref, `${s.name} was designated in writing to provide ${x.rule.name} by ${x.env.ctx.staffById(d.designatedByStaffId)?.name ?? d.designatedByStaffId} on ${d.designatedOn}, who held a licence to prescribe`);
      return;
    }
    unlicensed = `${x.env.ctx.staffById(d.designatedByStaffId)?.name ?? d.designatedByStaffId} (designation of ${d.designatedOn}) did not hold a licence to prescribe then`;
  }
  const what = unlicensed ?? `no written designation to provide ${x.rule.name} is in force`;
  error(x.line, 'PRESCRIBER_DESIGNATION_MISSING', `${s.name} on ${dos}: ${what}; ${x.rule.name} must be designated in writing by staff licensed to prescribe, ${des.citation}`, des.citation, ref.id, {
    staffId: s.id,
    dateOfService: dos,
    designatorUnlicensed: unlicensed !== null,
  }, ref.action);
});

// ---------------------------------------------------------------------------------------------
// How
// ---------------------------------------------------------------------------------------------

const modalityAllowed = field('service', 'modalities', (x) => {
  const m = x.rule.modalities;
  const ref = x.rule.refs.modalities as RuleRef;
  if (m.allowed.includes(x.line.modality)) {
    if (explaining(x.line)) passed(x.line, ref, `billed in the ${lower(x.line.modality)} modality${fromCode(x.line.input.modality)}; ${x.rule.name} may be provided in ${orList(m.allowed.map(lower))} modality`);
    return;
  }
  error(
    x.line,
    'MODALITY_NOT_ALLOWED',
    `the line is billed in the ${lower(x.line.modality)} modality${x.line.input.modality === undefined ? ' (from the code, modifiers or default)' : ''}; ${x.rule.name} may only be provided in ${orList(m.allowed.map(lower))} modality, ${m.citation}`,
    m.citation,
    ref.id,
    { modality: x.line.modality },
    ref.action,
  );
});

const fromCode = (given: Modality | Contact | undefined): string => (given === undefined ? ' (from the code, modifiers or default)' : '');

const contactAllowed = field('service', 'contacts', (x) => {
  const c = x.rule.contacts;
  const ref = x.rule.refs.contacts as RuleRef;
  const contact = x.line.contact;
  if (c.allowed.includes(contact)) {
    if (explaining(x.line)) passed(x.line, ref, `billed by ${lower(contact)} contact${fromCode(x.line.input.contact)}; ${x.rule.name} may be provided by ${orList(c.allowed.map(lower))} contact`);
    return;
  }
  for (const cond of c.conditional) {
    if (cond.contact !== contact) continue;
    warning(x.line, 'CONTACT_NOT_ALLOWED', `the line is billed by ${lower(contact)} contact; for ${x.rule.name}, ${cond.requirement}, ${cond.citation}`, cond.citation, ref.id, {
      contact,
      conditional: true,
    }, ref.action);
    return;
  }
  error(x.line, 'CONTACT_NOT_ALLOWED', `the line is billed by ${lower(contact)} contact; ${x.rule.name} may only be provided by ${orList(c.allowed.map(lower))} contact, ${c.citation}`, c.citation, ref.id, {
    contact,
  }, ref.action);
});

/**
 * Staffing ratio for groups: individuals per full-time-equivalent staff (PSR 15, 140.453(d)(2)(F)(i);
 * IO 8 adults, 4 youth, 140.TABLE N(c)(2)(B)). Checked when the group line gives groupSize.
 */
const groupRatio = field('service', 'groupRatio', (x) => {
  const g = x.rule.groupRatio;
  if (!g) return;
  const ref = x.rule.refs.groupRatio as RuleRef;
  const size = x.line.input.groupSize;
  if (x.line.modality !== 'GROUP' || size === undefined) {
    if (explaining(x.line)) skipped(x.line, ref, x.line.modality !== 'GROUP' ? `not applicable: the line is billed in the ${lower(x.line.modality)} modality, not as a group` : 'the line gives no groupSize, so the ratio cannot be checked');
    return;
  }
  const staffCount = x.line.input.groupStaff ?? 1;
  let perStaff = g.perStaff;
  let youth = false;
  if (g.youthPerStaff !== null && g.youthUnderAge !== null && x.recipient && x.env.ageOn(x.recipient, x.line.dos) < g.youthUnderAge) {
    perStaff = g.youthPerStaff;
    youth = true;
  }
  if (size <= perStaff * staffCount) {
    if (explaining(x.line)) passed(x.line, ref, `a group of ${size} individuals for ${staffCount} staff; at most ${perStaff} per staff${youth ? ` for youth (under ${g.youthUnderAge})` : ''}`);
    return;
  }
  error(
    x.line,
    'GROUP_RATIO_EXCEEDED',
    `the group had ${size} individuals for ${staffCount} staff; ${x.rule.name} groups may not exceed ${perStaff} individuals per staff${youth ? ` for youth (under ${g.youthUnderAge} on ${x.line.dos})` : ''}, so at most ${perStaff * staffCount}, ${g.citation}`,
    g.citation,
    ref.id,
    { groupSize: size, groupStaff: staffCount, perStaff, youth },
    ref.action,
  );
});

// ---------------------------------------------------------------------------------------------
// To whom, and on what clinical basis
// ---------------------------------------------------------------------------------------------

const ageAllowed = field('recipient', 'age', (x) => {
  const a = x.rule.age;
  if (!a || !x.recipient) return;
  const ref = x.rule.refs.age as RuleRef;
  const age = x.env.ageOn(x.recipient, x.line.dos);
  const range = a.minAge !== null && a.maxAge !== null ? `aged ${a.minAge} to ${a.maxAge}` : a.minAge !== null ? `age ${a.minAge} or older` : `age ${a.maxAge} or younger`;
  if ((a.minAge === null || age >= a.minAge) && (a.maxAge === null || age <= a.maxAge)) {
    if (explaining(x.line)) passed(x.line, ref, `the recipient is ${age} on ${x.line.dos}; ${x.rule.name} is for individuals ${range}`);
    return;
  }
  error(x.line, 'AGE_NOT_ALLOWED', `the recipient (born ${x.recipient.birthDate}) is ${age} on ${x.line.dos}; ${x.rule.name} may only be provided to individuals ${range}, ${a.citation}`, a.citation, ref.id, {
    recipientId: x.recipient.id,
    age,
    dateOfService: x.line.dos,
  }, ref.action);
});

/** The five rules of the recipient's clinical records, in the order they are checked. */
const RECORD_RULES: readonly RuleRef[] = [ASSESSMENT, DIAGNOSIS_RECORDED, DIAGNOSIS_DEFINITIVE, TREATMENT_PLAN, TREATMENT_PLAN_SIGNED];

/**
 * 140.453(c)(1)(B): services other than Assessment and Treatment Planning are those identified by the
 * LPHA or IP following the completion of an Assessment and Treatment Plan (Crisis Intervention and
 * Mental Health Case Management may come before: their records say required: false).
 */
function assessmentAndPlan(x: RuleInput): void {
  if (!x.rule.requiresAssessmentAndPlan.required) {
    if (explaining(x.line)) {
      const why = `not required: ${x.rule.name} may be provided without a current Assessment and Treatment Plan (${x.rule.id}, ${x.rule.requiresAssessmentAndPlan.citation})`;
      for (const r of RECORD_RULES) skipped(x.line, r, why);
    }
    return;
  }
  const recipient = x.recipient as RecipientFacts;
  const dos = x.line.dos;
  const rid = recipient.id;

  const a = assessmentOn(x.env, recipient, dos);
  if (a.kind === 'MISSING') {
    const detail = a.unapproved
      ? `its latest assessment, completed ${a.unapproved.record.completedOn}, was not approved by an LPHA or IP (${a.unapproved.approver.text})`
      : 'no assessment is recorded';
    error(x.line, 'ASSESSMENT_MISSING', `recipient ${recipient.medicaidId} has no Assessment Report approved by an LPHA or IP on or before ${dos}: ${detail}, 140.453(d)(1)(A)(ii)`, '140.453(d)(1)(A)(ii)', ASSESSMENT.id, {
      recipientId: rid,
      dateOfService: dos,
      assessmentsOnOrBefore: a.count,
    }, actionOf(ASSESSMENT, 'ASSESSMENT_MISSING'));
  } else if (a.kind === 'EXPIRED') {
    const rec = a.record!;
    const through = a.currentThrough!;
    error(
      x.line,
      'ASSESSMENT_EXPIRED',
      `the latest approved assessment of recipient ${recipient.medicaidId} was completed ${rec.completedOn} and had to be updated by ${through} (at least every 12 months); the date of service ${dos} is after that, 140.453(d)(1)(A)(iii)`,
      '140.453(d)(1)(A)(iii)',
      ASSESSMENT.id,
      { recipientId: rid, assessmentId: rec.id, completedOn: rec.completedOn, currentThrough: through, expiredOn: addDays(through, 1), dateOfService: dos },
      actionOf(ASSESSMENT, 'ASSESSMENT_EXPIRED'),
    );
  } else {
    const rec = a.record!;
    if (explaining(x.line)) passed(x.line, ASSESSMENT, `the assessment completed ${rec.completedOn}, approved by ${a.approver?.text}, is current through ${a.currentThrough}`);
    if (rec.diagnoses.length === 0) diagnosisMissing(x, rec);
    else if (explaining(x.line)) passed(x.line, DIAGNOSIS_RECORDED, `the assessment of ${rec.completedOn} records ${rec.diagnoses.join(', ')}`);
    const deadline = definitiveDiagnosisOverdue(rec, dos);
    if (deadline !== null) {
      error(
        x.line,
        'DIAGNOSIS_NOT_DEFINITIVE',
        `the assessment of ${rec.completedOn} used a rule-out diagnosis, to be made definitive within 90 days (by ${deadline}); ${rec.definitiveOn ? `it was made definitive only on ${rec.definitiveOn}` : 'none is recorded'} and the date of service is ${dos}, 140.453(d)(1)(A)(i)`,
        '140.453(d)(1)(A)(i)',
        DIAGNOSIS_DEFINITIVE.id,
        { recipientId: rid, assessmentId: rec.id, completedOn: rec.completedOn, definitiveOn: rec.definitiveOn, deadline, dateOfService: dos },
        DIAGNOSIS_DEFINITIVE.action,
      );
    } else if (explaining(x.line)) {
      if (!rec.ruleOut) skipped(x.line, DIAGNOSIS_DEFINITIVE, `not applicable: the assessment of ${rec.completedOn} uses no rule-out diagnosis`);
      else passed(x.line, DIAGNOSIS_DEFINITIVE, rec.definitiveOn !== null && rec.definitiveOn <= dos ? `the rule-out diagnosis was made definitive on ${rec.definitiveOn}` : `the rule-out diagnosis of ${rec.completedOn} is within its 90 days on ${dos}`);
    }
  }
  if (a.kind !== 'CURRENT' && explaining(x.line)) {
    skipped(x.line, DIAGNOSIS_RECORDED, 'no current assessment to read the diagnosis from');
    skipped(x.line, DIAGNOSIS_DEFINITIVE, 'no current assessment to read the diagnosis from');
  }

  const p = planOn(x.env, recipient, x.provider.id, dos);
  if (p.kind === 'MISSING') {
    const detail = p.unapproved
      ? `its latest plan, of ${p.unapproved.record.approvedOn}, was not approved by an LPHA or IP (${p.unapproved.approver.text})`
      : `no treatment plan of ${x.provider.name} is recorded`;
    error(x.line, 'TREATMENT_PLAN_MISSING', `recipient ${recipient.medicaidId} has no Treatment Plan of ${x.provider.name} approved by an LPHA or IP on or before ${dos}: ${detail}, 140.453(d)(1)(B)(ii)`, '140.453(d)(1)(B)(ii)', TREATMENT_PLAN.id, {
      recipientId: rid,
      providerId: x.provider.id,
      dateOfService: dos,
      plansOnOrBefore: p.count,
    }, actionOf(TREATMENT_PLAN, 'TREATMENT_PLAN_MISSING'));
  } else if (p.kind === 'EXPIRED') {
    const rec = p.record!;
    const through = p.currentThrough!;
    error(
      x.line,
      'TREATMENT_PLAN_EXPIRED',
      `the latest approved treatment plan of recipient ${recipient.medicaidId} was approved ${rec.approvedOn} and had to be updated by ${through} (at least every six months); the date of service ${dos} is after that, 140.453(d)(1)(B)(iii)`,
      '140.453(d)(1)(B)(iii)',
      TREATMENT_PLAN.id,
      { recipientId: rid, planId: rec.id, approvedOn: rec.approvedOn, currentThrough: through, expiredOn: addDays(through, 1), dateOfService: dos },
      actionOf(TREATMENT_PLAN, 'TREATMENT_PLAN_EXPIRED'),
    );
  } else {
    const rec = p.record!;
    if (!planSignedBy(rec, dos)) {
      error(
        x.line,
        'TREATMENT_PLAN_UNSIGNED',
        `the treatment plan of ${rec.approvedOn} ${rec.clientSignedOn === null ? 'has no signature of the individual recorded' : `was signed by the individual only on ${rec.clientSignedOn}`} and the date of service is ${dos}; the individual (and the parent or guardian, if applicable) sign the plan to document their participation: record the signature date, 140.453(d)(1)(B)(iv)`,
        '140.453(d)(1)(B)(iv)',
        TREATMENT_PLAN_SIGNED.id,
        { recipientId: rid, planId: rec.id, approvedOn: rec.approvedOn, clientSignedOn: rec.clientSignedOn, dateOfService: dos },
        TREATMENT_PLAN_SIGNED.action,
      );
    } else if (explaining(x.line)) passed(x.line, TREATMENT_PLAN_SIGNED, `the individual signed the plan of ${rec.approvedOn} on ${rec.clientSignedOn}`);
    if (!rec.services.includes(x.rule.service)) {
      error(
        x.line,
        'SERVICE_NOT_IN_PLAN',
        `the treatment plan of ${rec.approvedOn} names ${rec.services.length ? rec.services.join(', ') : 'no services'}, not ${x.rule.service}; services are those identified by the LPHA or IP in the plan, 140.453(c)(1)(B), 140.453(d)(1)(B)`,
        '140.453(c)(1)(B)',
        TREATMENT_PLAN.id,
        { recipientId: rid, planId: rec.id, service: x.rule.service },
        actionOf(TREATMENT_PLAN, 'SERVICE_NOT_IN_PLAN'),
      );
    } else if (explaining(x.line)) {
      passed(x.line, TREATMENT_PLAN, `the plan of ${x.provider.name} approved ${rec.approvedOn} by ${p.approver?.text}, current through ${p.currentThrough}, names ${x.rule.service}`);
    }
  }
  if (p.kind !== 'CURRENT' && explaining(x.line)) skipped(x.line, TREATMENT_PLAN_SIGNED, 'no current treatment plan to read the signature from');
}

/**
 * An Assessment Report with no diagnosis (140.453(d)(1)(A), (c)(2)). For an adult this is an error: the
 * mental disability rests on "a diagnosis and a functional impairment" ((c)(2)(A)) and the Treatment Plan
 * includes the diagnosis ((d)(1)(B)(i)). Under 21 it is a warning: (c)(2)(B) lets more than one documented
 * DSM-5 criterion and a documented impact on functioning in more than one life domain stand instead, which
 * the registry does not record, so the finding asks for that documentation (or the diagnosis).
 */
function diagnosisMissing(x: RuleInput, rec: AssessmentFact): void {
  const r = x.recipient as RecipientFacts;
  const dos = x.line.dos;
  const age = x.env.ageOn(r, dos);
  const what = `the current assessment of recipient ${r.medicaidId}, completed ${rec.completedOn}, records no diagnosis`;
  const fact = { recipientId: r.id, assessmentId: rec.id, completedOn: rec.completedOn, age, dateOfService: dos };
  if (age < CHILD_CRITERIA_UNDER_AGE) {
    warning(
      x.line,
      'DIAGNOSIS_MISSING',
      `${what}; aged ${age} on ${dos}, the recipient's mental disability may rest instead on more than one documented DSM-5 criterion and a documented impact on functioning in more than one life domain: document them, or record the diagnosis, 140.453(c)(2)(B)`,
      '140.453(c)(2)(B)',
      DIAGNOSIS_RECORDED.id,
      fact,
      DIAGNOSIS_RECORDED.action,
    );
    return;
  }
  error(
    x.line,
    'DIAGNOSIS_MISSING',
    `${what}; services rest on a diagnosis and a functional impairment established by the assessment, and the Treatment Plan includes the diagnosis: record it, 140.453(c)(2)(A), 140.453(d)(1)(B)(i)`,
    '140.453(c)(2)(A)',
    DIAGNOSIS_RECORDED.id,
    fact,
    DIAGNOSIS_RECORDED.action,
  );
}

/**
 * Client-centered Consultation: "to eligible individuals receiving one or more services detailed in
 * Section 140.453(d)(2)". Evidence: a treatment plan of any provider current on the date and naming
 * one, or a line of one for the same recipient in this batch within the record's batchWindowDays.
 */
const receivingGeneralMro = field('recipient', 'requiresGeneralMro', (x) => {
  const g = x.rule.requiresGeneralMro;
  if (!g || !x.recipient) return;
  const ref = x.rule.refs.requiresGeneralMro as RuleRef;
  const dos = x.line.dos;
  for (const plan of x.recipient.treatmentPlans) {
    if (plan.approvedOn > dos) continue;
    const check = x.env.recordCheck(plan, plan.approvedOn, PLAN_VALID_MONTHS);
    if (!isCurrentOn(check, dos) || !check.approver.ok) continue;
    const named = plan.services.find((s) => g.services.includes(s));
    if (named) {
      if (explaining(x.line)) passed(x.line, ref, `the current treatment plan of ${plan.approvedOn} names ${named}, a General MRO service`);
      return;
    }
  }
  const day = toEpochDay(dos);
  for (const other of batchLines(x.env, x.recipient.id)) {
    if (other === x.line || other.service === null || other.state === 'INVALID' || !g.services.includes(other.service)) continue;
    if (Math.abs(toEpochDay(other.dos) - day) <= g.batchWindowDays) {
      if (explaining(x.line)) passed(x.line, ref, `line ${other.input.lineId} of claim ${other.claim.claimId} bills ${other.service}, a General MRO service, on ${other.dos}, within ${g.batchWindowDays} days`);
      return;
    }
  }
  error(
    x.line,
    'GENERAL_MRO_REQUIRED',
    `recipient ${x.recipient.medicaidId} is receiving no General MRO service on ${dos}: no current treatment plan names one and no line of one is in this batch within ${g.batchWindowDays} days; ${x.rule.name} may only be provided to individuals receiving one, ${g.citation}`,
    g.citation,
    ref.id,
    { recipientId: x.recipient.id, dateOfService: dos },
    ref.action,
  );
});

function batchLines(env: Env, recipientId: string): LineWork[] {
  if (env.batchLinesByRecipient === null) {
    const index = new Map<string, LineWork[]>();
    for (const c of [...env.claims, ...env.evidence]) {
      if (c.isVoid || !c.recipient) continue;
      let list = index.get(c.recipient.id);
      if (!list) index.set(c.recipient.id, (list = []));
      for (const l of c.lines) if (l.dos) list.push(l);
    }
    env.batchLinesByRecipient = index;
  }
  return env.batchLinesByRecipient.get(recipientId) ?? [];
}

// ---------------------------------------------------------------------------------------------

const enrolled = engine('provider', PROVIDER_ENROLLED, (x) => providerEnrolled(x.line, x.provider));
const clinicalRecords: LineRule = { group: 'recipient', ref: () => null, apply: assessmentAndPlan };

/** Rules that need the provider (and, where they read them, the staff and recipient). */
const PROVIDER_RULES: readonly LineRule[] = [enrolled, providerTypeAllowed, encounterRate, programApproved, onSite];
/**
 * Who may render: the rules about the rendering person for a service on a date. Kept as a group so that
 * "who here would pass every staff rule for this service on this day" is one question (staffChecks).
 */
export const STAFF_RULES: readonly LineRule[] = [staffEmployed, staffExcluded, independentPractitioner, staffTier, supervised, licensedToAdminister, designatedByPrescriber];
/** Staff rules that do not need the billing provider (the person's own credential and checks). */
const STAFF_RULES_WITHOUT_PROVIDER: readonly LineRule[] = [staffExcluded, staffTier, supervised, licensedToAdminister, designatedByPrescriber];
const SERVICE_RULES: readonly LineRule[] = [modalityAllowed, contactAllowed, groupRatio];
const RECIPIENT_RULES: readonly LineRule[] = [ageAllowed, receivingGeneralMro];

/** Every rule a line meets, in order (for the skipped checks of a line the rules cannot be applied to). */
export const LINE_RULES: readonly LineRule[] = [...PROVIDER_RULES, ...STAFF_RULES, ...SERVICE_RULES, ageAllowed, receivingGeneralMro];

/** The line's rules of a group, each noted as skipped with the reason (explaining only). */
function skipRules(line: LineWork, rules: readonly LineRule[], reason: string): void {
  for (const r of rules) {
    const ref = r.ref(line.rule);
    if (ref !== null) skipped(line, ref, reason);
  }
  if (rules === RECIPIENT_RULES || rules === LINE_RULES) for (const r of RECORD_RULES) skipped(line, r, reason);
}

/** Explaining a line no rule can be applied to: every rule it would have met, skipped, and why. */
export function skipLineRules(line: LineWork, reason: string): void {
  if (explaining(line)) skipRules(line, LINE_RULES, reason);
}

/**
 * Applies every rule to one resolved line. Rules that need the claim's provider or recipient are
 * skipped when it is unknown (the line is then marked incomplete: UNCHECKED unless it fails).
 */
export function applyLineRules(line: LineWork, env: Env): void {
  const provider = line.claim.provider;
  const recipient = line.claim.recipient;
  const explain = explaining(line);
  if (!provider || !recipient) line.incomplete = true;
  if (line.encounter) {
    if (provider) {
      providerEnrolled(line, provider);
      encounterLineAllowed(line, provider);
    }
    if (explain) skipRules(line, LINE_RULES.filter((r) => r !== enrolled && r !== encounterRate), 'not applicable: an encounter line names no service (the service lines of the claim detail it)');
    return;
  }
  const rule = line.rule;
  if (!rule) return;
  // One mutable input per batch: rules are synchronous and keep no reference to it.
  const x = env.ruleInput;
  x.line = line;
  x.rule = rule;
  x.provider = provider as ProviderFacts;
  x.recipient = recipient;
  x.staff = line.staff;
  x.env = env;
  if (provider) {
    for (const r of PROVIDER_RULES) r.apply(x);
    if (line.staff) {
      const errors = line.errors;
      for (const r of STAFF_RULES) r.apply(x);
      if (line.errors !== errors && env.onStaffError !== null) tellStaffErrors(line, provider, rule, line.errors - errors, env.onStaffError);
    } else if (explain) skipRules(line, STAFF_RULES, 'the rendering staff is unknown');
  } else {
    if (explain) skipRules(line, PROVIDER_RULES, 'the billing provider is unknown');
    // Without the provider, employment cannot be judged; the staff member's own credential and checks can.
    if (line.staff) {
      if (explain) skipRules(line, [staffEmployed, independentPractitioner], 'the billing provider is unknown');
      for (const r of STAFF_RULES_WITHOUT_PROVIDER) r.apply(x);
    } else if (explain) skipRules(line, STAFF_RULES, 'the rendering staff is unknown');
  }
  for (const r of SERVICE_RULES) r.apply(x);
  if (recipient) {
    ageAllowed.apply(x);
    // the plan must be the billing provider's own: without the provider only "not required" can be said
    if (provider || !rule.requiresAssessmentAndPlan.required) clinicalRecords.apply(x);
    else if (explain) for (const r of RECORD_RULES) skipped(line, r, 'the billing provider is unknown (the plan must be its own)');
    receivingGeneralMro.apply(x);
  } else if (explain) skipRules(line, RECIPIENT_RULES, 'the recipient is unknown');
}

/** The last `count` errors of the line, raised by its staff rules just now, told to whoever names the staff who could have rendered it. */
function tellStaffErrors(line: LineWork, provider: ProviderFacts, rule: ServiceRule, count: number, tell: StaffErrorListener): void {
  const findings = line.findings as Finding[];
  for (let i = findings.length - 1; i >= 0 && count > 0; i--) {
    if (findings[i].severity !== 'error') continue;
    tell(findings[i], { provider, rule, date: line.dos });
    count--;
  }
}

// ---------------------------------------------------------------------------------------------
// The rules of one group on their own, outside a claim: would this person pass every rule about who
// renders, and may this provider bill the service at all, for a service on a date?
// ---------------------------------------------------------------------------------------------

/** What the staff rules and the service's provider rules read: the engine's own lookups, nothing of a claim or recipient. */
export type GroupContext = Pick<ClaimCheckContext, 'credentialOf' | 'staffById' | 'providerById' | 'programInForce'>;

export interface StaffQuestion {
  staff: StaffFacts;
  provider: ProviderFacts;
  /** the service's catalogue record in force on the date (ServiceCatalog.ruleFor) */
  rule: ServiceRule;
  date: DateOnly;
}

/** What a group of rules said of a question line: its findings, and (explaining) every check. */
export interface GroupAnswer {
  passes: boolean;
  findings: Finding[];
  checks: Check[];
}

/**
 * A line of `rule` on `date` billed by `provider`, in a claim of its own with no recipient: what one group
 * of rules is run on to ask a question outside a claim. `env` is shared by the questions of one answer
 * (the credential engine is then asked once per person and date).
 */
function questionLine(env: Env, provider: ProviderFacts, rule: ServiceRule, date: DateOnly, explain: boolean, how: { modality?: Modality; contact?: Contact } = {}): RuleInput {
  const claim = { claimId: '', provider, recipient: undefined, checks: null } as unknown as ClaimWork;
  const line = newLine(claim, 0, { lineId: '', dateOfService: date, units: 1, modality: how.modality, contact: how.contact });
  line.dos = date;
  line.service = rule.service;
  line.rule = rule;
  if (how.modality) line.modality = how.modality;
  if (how.contact) line.contact = how.contact;
  line.checks = explain ? [] : null;
  return { line, rule, provider, recipient: undefined, staff: undefined, env };
}

function groupAnswer(x: RuleInput, rules: readonly LineRule[]): GroupAnswer {
  for (const r of rules) r.apply(x);
  return { passes: x.line.errors === 0, findings: x.line.findings ?? [], checks: x.line.checks ?? [] };
}

/** An Env for questions outside a claim (one per answer: it memoises the credential and Table N answers). */
export function questionEnv(ctx: GroupContext): Env {
  return new Env(ctx as ClaimCheckContext, []);
}

/**
 * Every staff rule for one person, service and date: the answer to "may this person render this service
 * here on this day, and on what basis" (explain: the checks, passed with the basis, failed with the
 * finding's words, or skipped and why). The staff rules read the person, the provider, the service's record
 * and the credential engine; nothing of a claim or recipient.
 */
export function staffChecks(q: StaffQuestion, ctx: GroupContext, options: { env?: Env; explain?: boolean } = {}): GroupAnswer {
  const x = questionLine(options.env ?? questionEnv(ctx), q.provider, q.rule, q.date, options.explain !== false);
  x.line.staff = q.staff;
  x.staff = q.staff;
  return groupAnswer(x, STAFF_RULES);
}

export interface ServiceQuestion {
  provider: ProviderFacts;
  rule: ServiceRule;
  date: DateOnly;
  /** checked only when given (a line gives one, or takes it from its code) */
  modality?: Modality;
  contact?: Contact;
}

/**
 * Whether the provider may bill the service on the date at all, whoever renders it: the rules of who may
 * bill that need no claim (enrolled, provider type, Table N approval) and, when given, the modality and
 * contact. The encounter rate (a claim's own encounter line), the site (a line's place of service) and the
 * group ratio (its group size) are about how a claim is written, not whether the service can be billed.
 */
export function serviceChecks(q: ServiceQuestion, ctx: GroupContext, options: { env?: Env; explain?: boolean } = {}): GroupAnswer {
  const x = questionLine(options.env ?? questionEnv(ctx), q.provider, q.rule, q.date, options.explain !== false, q);
  const rules: LineRule[] = [enrolled, providerTypeAllowed, programApproved];
  if (q.modality) rules.push(modalityAllowed);
  if (q.contact) rules.push(contactAllowed);
  return groupAnswer(x, rules);
}
