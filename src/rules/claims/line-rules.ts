/**
 * The per-line rules, one small function each, in the order of the regulation: who may bill
 * (140.452, 140.460(c), Table N, site), who may render (140.453(b) and each service's "may only be
 * provided by"), how (modality, contact, group ratio), to whom (age), and on what clinical basis
 * (Assessment, Treatment Plan, General MRO). Catalogue-driven rules take their citation from the
 * catalogue record and report `<record id>#<field>` as the rule ID; the others carry their own.
 */
import { addDays, isWithin, toEpochDay } from '../dates';
import { ipPractitionerCheck } from '../credentials/independent-practitioner';
import { PEER_WINDOW_CITATIONS, peerCertificationWindow } from '../credentials/peer';
import { prescribingLicence } from '../credentials/routes';
import { BACKGROUND_CHECK_NAMES, exclusionOn } from '../enrollment/background-checks';
import type { AssessmentFact, ProviderFacts, RecipientFacts, StaffFacts } from '../facts';
import { encounterRateProblem } from '../provider-records';
import { CHILD_CRITERIA_UNDER_AGE, PLAN_VALID_MONTHS, assessmentOn, definitiveDiagnosisOverdue, isCurrentOn, planOn, planSignedBy } from './clinical-records';
import { error, lower, orList, providerTypeList, providerTypeName, tierHeld, tierList, warning } from './findings';
import type { Env, LineWork, RuleInput } from './work';

export const RULE_ENROLLED = 'CLM-PROVIDER-ENROLLED-v1';
export const RULE_ENCOUNTER = 'CLM-ENCOUNTER-RATE-v1';
export const RULE_EMPLOYED = 'CLM-STAFF-EMPLOYED-v1';
export const RULE_INDEPENDENT_PRACTITIONER = 'CLM-INDEPENDENT-PRACTITIONER-v1';
export const RULE_SUPERVISION = 'CLM-SUPERVISION-v1';
export const RULE_ASSESSMENT = 'CLM-ASSESSMENT-CURRENT-v1';
export const RULE_DIAGNOSIS = 'CLM-DIAGNOSIS-DEFINITIVE-v1';
export const RULE_PLAN = 'CLM-TREATMENT-PLAN-CURRENT-v1';
export const RULE_DIAGNOSIS_RECORDED = 'CLM-DIAGNOSIS-RECORDED-v1';
export const RULE_PLAN_SIGNED = 'CLM-TREATMENT-PLAN-SIGNED-v1';
export const RULE_FINAL_NOTICE = 'CLM-TABLE-N-FINAL-NOTICE-OVERDUE-v1';
export const RULE_STAFF_EXCLUDED = 'CLM-STAFF-EXCLUDED-v1';
/** What clears STAFF_EXCLUDED and who can do it (the finding's `action` in the rule catalogue). */
export const STAFF_EXCLUDED_ACTION =
  'Do not bill services this person renders; if the finding was wrong or has been removed, record a later CLEAR check of the same list on their staff record (clinical director).';


type LineRule = (x: RuleInput) => void;

const ruleId = (x: RuleInput, field: string) => `${x.rule.id}#${field}`;

function holdsAny(held: readonly string[], allowed: readonly string[]): boolean {
  for (const t of held) if (allowed.includes(t)) return true;
  return false;
}

// ---------------------------------------------------------------------------------------------
// Who may bill
// ---------------------------------------------------------------------------------------------

/** 140.452(b): the provider is enrolled on the date of service. */
export function providerEnrolled(line: LineWork, provider: ProviderFacts): void {
  for (const e of provider.enrollments) if (isWithin(line.dos, e.from, e.to)) return;
  const periods = provider.enrollments.length ? provider.enrollments.map((e) => `${e.from} to ${e.to ?? 'open'}`).join(', ') : 'none recorded';
  error(line, 'PROVIDER_NOT_ENROLLED', `${provider.name} is not enrolled on ${line.dos} (enrollment periods: ${periods}); payment requires enrollment, 140.452(b)`, '140.452(b)', RULE_ENROLLED, {
    providerId: provider.id,
    dateOfService: line.dos,
  });
}

/** 140.452(c)-(e) and each service's "may only be provided by a ...". */
const providerTypeAllowed: LineRule = (x) => {
  const { providerTypes } = x.rule;
  if (providerTypes.allowed.includes(x.provider.type)) return;
  error(
    x.line,
    'PROVIDER_TYPE_NOT_ALLOWED',
    `${x.provider.name} is ${providerTypeName(x.provider.type)}; ${x.rule.name} may only be provided by ${providerTypeList(providerTypes.allowed)}, ${providerTypes.citation}`,
    providerTypes.citation,
    ruleId(x, 'providerTypes'),
    { providerId: x.provider.id, providerType: x.provider.type },
  );
};

/**
 * 140.460(c): a clinic paid on an encounter-rate basis may be paid for 140.453 services only at its
 * behavioral health encounter rate. Read as: its claim carries the encounter code (a code table entry
 * marked `encounter`, T1015 by default) on the same date of service, the service lines detailing it.
 */
const encounterRate: LineRule = (x) => {
  if (!x.provider.encounterRateClinic) return;
  if (encounterFlagContradicted(x.line, x.provider)) return;
  if (x.line.claim.encounterDates?.has(x.line.dos)) return;
  error(
    x.line,
    'ENCOUNTER_RATE_CLINIC',
    `${x.provider.name} is an encounter-rate clinic; it may bill ${x.rule.name} only at its behavioral health encounter rate, and this claim has no encounter line on ${x.line.dos}, 140.460(c)`,
    '140.460(c)',
    RULE_ENCOUNTER,
    { providerId: x.provider.id, encounterRateClinic: true, dateOfService: x.line.dos },
  );
};

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
    RULE_ENCOUNTER,
    { providerId: provider.id, providerType: provider.type, encounterRateClinic: true },
  );
  return true;
}

/** An encounter line (140.460(c)) billed by a provider that is not an encounter-rate clinic. */
export function encounterLineAllowed(line: LineWork, provider: ProviderFacts): void {
  if (provider.encounterRateClinic) {
    encounterFlagContradicted(line, provider);
    return;
  }
  error(
    line,
    'ENCOUNTER_RATE_CLINIC',
    `${provider.name} is not an encounter-rate clinic, so it cannot bill the behavioral health encounter code ${line.mapping?.code ?? ''}: bill each 140.453 service on its own code, 140.460(c)`,
    '140.460(c)',
    RULE_ENCOUNTER,
    { providerId: provider.id, encounterRateClinic: false, procedureCode: line.mapping?.code ?? null },
  );
}

/**
 * IO, PSR, CST: "through programs approved pursuant to Table N", in force on the date of service. An
 * approval in force only because the Department's Final Notice is overdue (Table N (b)(2)(B)(ii)) is
 * a warning: the date stays covered (a Final Notice never takes effect before its own date), but the
 * biller should know the approval rests on the Department not having acted.
 */
const programApproved: LineRule = (x) => {
  const pa = x.rule.programApproval;
  if (!pa) return;
  const p = x.env.program(x.provider.id, pa.program, x.line.dos);
  if (p.inForce) {
    if (p.warning) {
      warning(x.line, p.warning.code, `${x.provider.name}: ${p.warning.message}`, p.warning.citation, RULE_FINAL_NOTICE, {
        providerId: x.provider.id,
        program: pa.program,
        status: p.status,
        dateOfService: x.line.dos,
        finalNoticeDueOn: p.warning.dueOn,
      });
    }
    return;
  }
  error(
    x.line,
    'PROGRAM_APPROVAL_MISSING',
    `${x.provider.name} has no ${pa.program} program approval in force on ${x.line.dos} (${p.reason}); ${x.rule.name} may only be provided through a program approved pursuant to Table N, ${pa.citation}`,
    pa.citation,
    ruleId(x, 'programApproval'),
    { providerId: x.provider.id, program: pa.program, status: p.status, dateOfService: x.line.dos },
  );
};

/** PSR: "on-site at a Community Mental Health Center": the place of service is one of the site's own. */
const onSite: LineRule = (x) => {
  const site = x.rule.onSiteOnly;
  if (!site) return;
  const pos = x.line.input.placeOfService ?? x.line.claim.input.placeOfService;
  if (pos !== undefined && site.placesOfService.includes(pos)) return;
  error(
    x.line,
    'SITE_NOT_ALLOWED',
    `${pos === undefined ? 'no place of service is given' : `place of service ${pos}`} is not on-site (on-site codes: ${site.placesOfService.join(', ')}); ${x.rule.name} may only be provided on-site at a Community Mental Health Center, ${site.citation}`,
    site.citation,
    ruleId(x, 'onSiteOnly'),
    { placeOfService: pos ?? null },
  );
};

// ---------------------------------------------------------------------------------------------
// Who may render
// ---------------------------------------------------------------------------------------------

/**
 * 140.453(b)(2): credentialed staff must be employees of the CMHC or BHC billing; an IP bills for
 * themselves (their staff record is at the IP provider). Employed = hireDate <= date <= endDate.
 */
const staffEmployed: LineRule = (x) => {
  const s = x.staff as StaffFacts;
  const dos = x.line.dos;
  if (s.providerId === x.provider.id && s.hireDate <= dos && (s.endDate === null || dos <= s.endDate)) return;
  const why =
    s.providerId !== x.provider.id
      ? `is staff of another provider (${x.env.provider(s.providerId)?.name ?? s.providerId}), not of ${x.provider.name}`
      : s.hireDate > dos
        ? `was not hired by ${x.provider.name} until ${s.hireDate}`
        : `left ${x.provider.name} on ${s.endDate}`;
  error(x.line, 'STAFF_NOT_EMPLOYED', `${s.name} ${why} (date of service ${dos}); staff must be employees of the provider billing, 140.453(b)(2)`, '140.453(b)(2)', RULE_EMPLOYED, {
    staffId: s.id,
    staffProviderId: s.providerId,
    providerId: x.provider.id,
    dateOfService: dos,
  });
};

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
const staffExcluded: LineRule = (x) => {
  const s = x.staff as StaffFacts;
  const exclusion = exclusionOn(s, x.line.dos);
  if (!exclusion) return;
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
    RULE_STAFF_EXCLUDED,
    { staffId: s.id, checkKind: exclusion.kind, checkedOn: exclusion.checkedOn, dateOfService: x.line.dos, providerType: provider?.type ?? null },
  );
};

/**
 * 140.452(a)(3), 140.453(b)(2): a line billed by an Independent Practitioner is rendered by the practitioner
 * personally, the staff member holding (valid that day) the licence the provider's ipKind names. Staff of
 * another provider are STAFF_NOT_EMPLOYED already; this is about anyone else registered at the IP.
 */
const independentPractitioner: LineRule = (x) => {
  if (x.provider.type !== 'IP') return;
  const s = x.staff as StaffFacts;
  if (s.providerId !== x.provider.id) return;
  const check = ipPractitionerCheck(x.provider, s, x.line.dos);
  if (check.isPractitioner) return;
  error(
    x.line,
    'NOT_INDEPENDENT_PRACTITIONER',
    `${check.reason}; an Independent Practitioner is paid only for services rendered personally, and all other credentialed staff must be employees of a CMHC or BHC, which bills for them, 140.453(b)(2)`,
    '140.453(b)(2)',
    RULE_INDEPENDENT_PRACTITIONER,
    { staffId: s.id, providerId: x.provider.id, ipKind: x.provider.ipKind, otherIpKind: check.otherKind, dateOfService: x.line.dos },
  );
};

/**
 * The service's "by an RSA, MHP, QMHP, LPHA" on the date of service (each higher tier includes the lower).
 *
 * A person with lived experience (140.453(d)(4)(A)(i), 140.TABLE N(c)(1)(B)(ii)) is no exception: the
 * 18-month window says who may stand in for an ACT or CST team's CRSS or CFPP member while certification is
 * pending, not who may render. Only individuals qualified under 140.453(b) provide its services, so with no
 * tier the line fails like any other; the message says where the window stands and the usual route (RSA).
 */
const staffTier: LineRule = (x) => {
  const tiers = x.rule.tiers;
  if (!tiers) return;
  const s = x.staff as StaffFacts;
  const cred = x.env.lineCredential(x.line);
  const fact = { staffId: s.id, tier: cred.tier, dateOfService: x.line.dos };
  if (!holdsAny(cred.tiers, tiers.allowed)) {
    const refused = `${s.name} holds ${tierHeld(cred.tier)} on ${x.line.dos}; ${x.rule.name} may only be provided by ${tierList(tiers.allowed)}, ${tiers.citation}`;
    const peer = s.livedExperience && cred.tier === null ? peerCertificationWindow(s, x.line.dos) : null;
    if (peer === null) {
      error(x.line, 'STAFF_TIER_INSUFFICIENT', refused, tiers.citation, ruleId(x, 'tiers'), fact);
      return;
    }
    const window = peer.withinWindow ? `still open, through ${peer.windowEndsOn}` : `closed after ${peer.windowEndsOn}`;
    error(
      x.line,
      'STAFF_TIER_INSUFFICIENT',
      `${refused}. Lived experience lets a person stand in for an ACT or CST team's CRSS or CFPP member while certification is pending (18 months after hire: ${window}, ${PEER_WINDOW_CITATIONS.join(', ')}), but does not qualify them to render services: record a tier of 140.453(b), usually RSA by 140.453(b)(6)(B)(ii) (aged 21, the three abilities attested, under QMHP supervision)`,
      tiers.citation,
      ruleId(x, 'tiers'),
      { ...fact, livedExperience: true, peerWindowEndsOn: peer.windowEndsOn, withinPeerWindow: peer.withinWindow },
    );
    return;
  }
  if (tiers.mhpRequiresQmhpAccess && !cred.tiers.includes('QMHP') && cred.tiers.includes('MHP')) {
    warning(
      x.line,
      'STAFF_TIER_INSUFFICIENT',
      `${s.name} holds MHP on ${x.line.dos}; ${x.rule.name} by an MHP requires immediate access to a QMHP: document that access, ${tiers.citation}`,
      tiers.citation,
      ruleId(x, 'tiers'),
      fact,
    );
  }
};

/** 140.453(b)(5)(A)(ii), (b)(6)(B): an MHP or RSA below QMHP delivers services under the supervision of a QMHP. */
const supervised: LineRule = (x) => {
  if (!x.rule.tiers) return;
  const s = x.staff as StaffFacts;
  const cred = x.env.lineCredential(x.line);
  if (!cred.requiresQmhpSupervision || cred.supervisorOk !== false) return;
  const citation = cred.tier === 'RSA' ? '140.453(b)(6)(B)' : '140.453(b)(5)(A)(ii)';
  error(
    x.line,
    'SUPERVISION_MISSING',
    `${s.name} holds ${tierHeld(cred.tier)} on ${x.line.dos} and must deliver services under the supervision of a QMHP, but ${cred.supervisorReason ?? 'no QMHP supervisor is recorded'}, ${citation}`,
    citation,
    RULE_SUPERVISION,
    { staffId: s.id, tier: cred.tier, supervisorStaffId: s.supervisorStaffId, dateOfService: x.line.dos },
  );
};

/** Medication Administration: by staff licensed to administer medication, 140.453(d)(2)(C)(v). */
const licensedToAdminister: LineRule = (x) => {
  const lic = x.rule.licensedStaffOnly;
  if (!lic) return;
  const s = x.staff as StaffFacts;
  const med = x.env.lineCredential(x.line).mayAdministerMedication;
  if (med.allowed) return;
  error(x.line, 'MEDICATION_LICENSE_REQUIRED', `${s.name} on ${x.line.dos}: ${med.reason}; ${x.rule.name} may only be provided by staff licensed to administer medication, ${lic.citation}`, lic.citation, ruleId(x, 'licensedStaffOnly'), {
    staffId: s.id,
    dateOfService: x.line.dos,
  });
};

/**
 * Medication Monitoring/Training: "as designated in writing to provide the service by staff that hold a
 * valid license ... to prescribe medication". A rendering person who holds a prescribing licence
 * (physician or advanced practice nurse, valid on the date by the credential engine's one definition, so
 * an unrecorded expiry counts as valid here exactly as it does for LPHA) is the prescriber and needs no
 * designation.
 */
const designatedByPrescriber: LineRule = (x) => {
  const des = x.rule.designationRequired;
  if (!des) return;
  const s = x.staff as StaffFacts;
  const dos = x.line.dos;
  if (prescribingLicence(s, dos)) return;
  const service = x.rule.service;
  const cred = x.env.lineCredential(x.line);
  let unlicensed: string | null = null;
  for (const d of cred.designations) {
    if (!(d.services as string[]).includes(service)) continue;
    if (d.prescriberLicensed) return;
    unlicensed = `${x.env.ctx.staffById(d.designatedByStaffId)?.name ?? d.designatedByStaffId} (designation of ${d.designatedOn}) did not hold a licence to prescribe then`;
  }
  const what = unlicensed ?? `no written designation to provide ${x.rule.name} is in force`;
  error(x.line, 'PRESCRIBER_DESIGNATION_MISSING', `${s.name} on ${dos}: ${what}; ${x.rule.name} must be designated in writing by staff licensed to prescribe, ${des.citation}`, des.citation, ruleId(x, 'designationRequired'), {
    staffId: s.id,
    dateOfService: dos,
    designatorUnlicensed: unlicensed !== null,
  });
};

// ---------------------------------------------------------------------------------------------
// How
// ---------------------------------------------------------------------------------------------

const modalityAllowed: LineRule = (x) => {
  const m = x.rule.modalities;
  if (m.allowed.includes(x.line.modality)) return;
  error(
    x.line,
    'MODALITY_NOT_ALLOWED',
    `the line is billed in the ${lower(x.line.modality)} modality${x.line.input.modality === undefined ? ' (from the code, modifiers or default)' : ''}; ${x.rule.name} may only be provided in ${orList(m.allowed.map(lower))} modality, ${m.citation}`,
    m.citation,
    ruleId(x, 'modalities'),
    { modality: x.line.modality },
  );
};

const contactAllowed: LineRule = (x) => {
  const c = x.rule.contacts;
  const contact = x.line.contact;
  if (c.allowed.includes(contact)) return;
  for (const cond of c.conditional) {
    if (cond.contact !== contact) continue;
    warning(x.line, 'CONTACT_NOT_ALLOWED', `the line is billed by ${lower(contact)} contact; for ${x.rule.name}, ${cond.requirement}, ${cond.citation}`, cond.citation, ruleId(x, 'contacts'), {
      contact,
      conditional: true,
    });
    return;
  }
  error(x.line, 'CONTACT_NOT_ALLOWED', `the line is billed by ${lower(contact)} contact; ${x.rule.name} may only be provided by ${orList(c.allowed.map(lower))} contact, ${c.citation}`, c.citation, ruleId(x, 'contacts'), {
    contact,
  });
};

/**
 * Staffing ratio for groups: individuals per full-time-equivalent staff (PSR 15, 140.453(d)(2)(F)(i);
 * IO 8 adults, 4 youth, 140.TABLE N(c)(2)(B)). Checked when the group line gives groupSize.
 */
const groupRatio: LineRule = (x) => {
  const g = x.rule.groupRatio;
  const size = x.line.input.groupSize;
  if (!g || x.line.modality !== 'GROUP' || size === undefined) return;
  const staffCount = x.line.input.groupStaff ?? 1;
  let perStaff = g.perStaff;
  let youth = false;
  if (g.youthPerStaff !== null && g.youthUnderAge !== null && x.recipient && x.env.ageOn(x.recipient, x.line.dos) < g.youthUnderAge) {
    perStaff = g.youthPerStaff;
    youth = true;
  }
  if (size <= perStaff * staffCount) return;
  error(
    x.line,
    'GROUP_RATIO_EXCEEDED',
    `the group had ${size} individuals for ${staffCount} staff; ${x.rule.name} groups may not exceed ${perStaff} individuals per staff${youth ? ` for youth (under ${g.youthUnderAge} on ${x.line.dos})` : ''}, so at most ${perStaff * staffCount}, ${g.citation}`,
    g.citation,
    ruleId(x, 'groupRatio'),
    { groupSize: size, groupStaff: staffCount, perStaff, youth },
  );
};

// ---------------------------------------------------------------------------------------------
// To whom, and on what clinical basis
// ---------------------------------------------------------------------------------------------

const ageAllowed: LineRule = (x) => {
  const a = x.rule.age;
  if (!a || !x.recipient) return;
  const age = x.env.ageOn(x.recipient, x.line.dos);
  if ((a.minAge === null || age >= a.minAge) && (a.maxAge === null || age <= a.maxAge)) return;
  const range = a.minAge !== null && a.maxAge !== null ? `aged ${a.minAge} to ${a.maxAge}` : a.minAge !== null ? `age ${a.minAge} or older` : `age ${a.maxAge} or younger`;
  error(x.line, 'AGE_NOT_ALLOWED', `the recipient (born ${x.recipient.birthDate}) is ${age} on ${x.line.dos}; ${x.rule.name} may only be provided to individuals ${range}, ${a.citation}`, a.citation, ruleId(x, 'age'), {
    recipientId: x.recipient.id,
    age,
    dateOfService: x.line.dos,
  });
};

/**
 * 140.453(c)(1)(B): services other than Assessment and Treatment Planning are those identified by the
 * LPHA or IP following the completion of an Assessment and Treatment Plan (Crisis Intervention and
 * Mental Health Case Management may come before: their records say required: false).
 */
const assessmentAndPlan: LineRule = (x) => {
  if (!x.rule.requiresAssessmentAndPlan.required || !x.recipient) return;
  const dos = x.line.dos;
  const rid = x.recipient.id;

  const a = assessmentOn(x.env, x.recipient, dos);
  if (a.kind === 'MISSING') {
    const detail = a.unapproved
      ? `its latest assessment, completed ${a.unapproved.record.completedOn}, was not approved by an LPHA or IP (${a.unapproved.approver.text})`
      : 'no assessment is recorded';
    error(x.line, 'ASSESSMENT_MISSING', `recipient ${x.recipient.medicaidId} has no Assessment Report approved by an LPHA or IP on or before ${dos}: ${detail}, 140.453(d)(1)(A)(ii)`, '140.453(d)(1)(A)(ii)', RULE_ASSESSMENT, {
      recipientId: rid,
      dateOfService: dos,
      assessmentsOnOrBefore: a.count,
    });
  } else if (a.kind === 'EXPIRED') {
    const rec = a.record!;
    const through = a.currentThrough!;
    error(
      x.line,
      'ASSESSMENT_EXPIRED',
      `the latest approved assessment of recipient ${x.recipient.medicaidId} was completed ${rec.completedOn} and had to be updated by ${through} (at least every 12 months); the date of service ${dos} is after that, 140.453(d)(1)(A)(iii)`,
      '140.453(d)(1)(A)(iii)',
      RULE_ASSESSMENT,
      { recipientId: rid, assessmentId: rec.id, completedOn: rec.completedOn, currentThrough: through, expiredOn: addDays(through, 1), dateOfService: dos },
    );
  } else {
    const rec = a.record!;
    if (rec.diagnoses.length === 0) diagnosisMissing(x, rec);
    const deadline = definitiveDiagnosisOverdue(rec, dos);
    if (deadline !== null) {
      error(
        x.line,
        'DIAGNOSIS_NOT_DEFINITIVE',
        `the assessment of ${rec.completedOn} used a rule-out diagnosis, to be made definitive within 90 days (by ${deadline}); ${rec.definitiveOn ? `it was made definitive only on ${rec.definitiveOn}` : 'none is recorded'} and the date of service is ${dos}, 140.453(d)(1)(A)(i)`,
        '140.453(d)(1)(A)(i)',
        RULE_DIAGNOSIS,
        { recipientId: rid, assessmentId: rec.id, completedOn: rec.completedOn, definitiveOn: rec.definitiveOn, deadline, dateOfService: dos },
      );
    }
  }

  const p = planOn(x.env, x.recipient, x.provider.id, dos);
  if (p.kind === 'MISSING') {
    const detail = p.unapproved
      ? `its latest plan, of ${p.unapproved.record.approvedOn}, was not approved by an LPHA or IP (${p.unapproved.approver.text})`
      : `no treatment plan of ${x.provider.name} is recorded`;
    error(x.line, 'TREATMENT_PLAN_MISSING', `recipient ${x.recipient.medicaidId} has no Treatment Plan of ${x.provider.name} approved by an LPHA or IP on or before ${dos}: ${detail}, 140.453(d)(1)(B)(ii)`, '140.453(d)(1)(B)(ii)', RULE_PLAN, {
      recipientId: rid,
      providerId: x.provider.id,
      dateOfService: dos,
      plansOnOrBefore: p.count,
    });
  } else if (p.kind === 'EXPIRED') {
    const rec = p.record!;
    const through = p.currentThrough!;
    error(
      x.line,
      'TREATMENT_PLAN_EXPIRED',
      `the latest approved treatment plan of recipient ${x.recipient.medicaidId} was approved ${rec.approvedOn} and had to be updated by ${through} (at least every six months); the date of service ${dos} is after that, 140.453(d)(1)(B)(iii)`,
      '140.453(d)(1)(B)(iii)',
      RULE_PLAN,
      { recipientId: rid, planId: rec.id, approvedOn: rec.approvedOn, currentThrough: through, expiredOn: addDays(through, 1), dateOfService: dos },
    );
  } else {
    const rec = p.record!;
    if (!planSignedBy(rec, dos)) {
      error(
        x.line,
        'TREATMENT_PLAN_UNSIGNED',
        `the treatment plan of ${rec.approvedOn} ${rec.clientSignedOn === null ? 'has no signature of the individual recorded' : `was signed by the individual only on ${rec.clientSignedOn}`} and the date of service is ${dos}; the individual (and the parent or guardian, if applicable) sign the plan to document their participation: record the signature date, 140.453(d)(1)(B)(iv)`,
        '140.453(d)(1)(B)(iv)',
        RULE_PLAN_SIGNED,
        { recipientId: rid, planId: rec.id, approvedOn: rec.approvedOn, clientSignedOn: rec.clientSignedOn, dateOfService: dos },
      );
    }
    if (!rec.services.includes(x.rule.service)) {
      error(
        x.line,
        'SERVICE_NOT_IN_PLAN',
        `the treatment plan of ${rec.approvedOn} names ${rec.services.length ? rec.services.join(', ') : 'no services'}, not ${x.rule.service}; services are those identified by the LPHA or IP in the plan, 140.453(c)(1)(B), 140.453(d)(1)(B)`,
        '140.453(c)(1)(B)',
        RULE_PLAN,
        { recipientId: rid, planId: rec.id, service: x.rule.service },
      );
    }
  }
};

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
      RULE_DIAGNOSIS_RECORDED,
      fact,
    );
    return;
  }
  error(
    x.line,
    'DIAGNOSIS_MISSING',
    `${what}; services rest on a diagnosis and a functional impairment established by the assessment, and the Treatment Plan includes the diagnosis: record it, 140.453(c)(2)(A), 140.453(d)(1)(B)(i)`,
    '140.453(c)(2)(A)',
    RULE_DIAGNOSIS_RECORDED,
    fact,
  );
}

/**
 * Client-centered Consultation: "to eligible individuals receiving one or more services detailed in
 * Section 140.453(d)(2)". Evidence: a treatment plan of any provider current on the date and naming
 * one, or a line of one for the same recipient in this batch within the record's batchWindowDays.
 */
const receivingGeneralMro: LineRule = (x) => {
  const g = x.rule.requiresGeneralMro;
  if (!g || !x.recipient) return;
  const dos = x.line.dos;
  for (const plan of x.recipient.treatmentPlans) {
    if (plan.approvedOn > dos) continue;
    const check = x.env.recordCheck(plan, plan.approvedOn, PLAN_VALID_MONTHS);
    if (!isCurrentOn(check, dos) || !check.approver.ok) continue;
    if (plan.services.some((s) => g.services.includes(s))) return;
  }
  const day = toEpochDay(dos);
  for (const other of batchLines(x.env, x.recipient.id)) {
    if (other === x.line || other.service === null || other.state === 'INVALID' || !g.services.includes(other.service)) continue;
    if (Math.abs(toEpochDay(other.dos) - day) <= g.batchWindowDays) return;
  }
  error(
    x.line,
    'GENERAL_MRO_REQUIRED',
    `recipient ${x.recipient.medicaidId} is receiving no General MRO service on ${dos}: no current treatment plan names one and no line of one is in this batch within ${g.batchWindowDays} days; ${x.rule.name} may only be provided to individuals receiving one, ${g.citation}`,
    g.citation,
    ruleId(x, 'requiresGeneralMro'),
    { recipientId: x.recipient.id, dateOfService: dos },
  );
};

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

/** Rules that need the provider (and, where they read them, the staff and recipient). */
const PROVIDER_RULES: LineRule[] = [providerTypeAllowed, encounterRate, programApproved, onSite];
const STAFF_RULES: LineRule[] = [staffEmployed, staffExcluded, independentPractitioner, staffTier, supervised, licensedToAdminister, designatedByPrescriber];
const SERVICE_RULES: LineRule[] = [modalityAllowed, contactAllowed, groupRatio];

/**
 * Applies every rule to one resolved line. Rules that need the claim's provider or recipient are
 * skipped when it is unknown (the line is then marked incomplete: UNCHECKED unless it fails).
 */
export function applyLineRules(line: LineWork, env: Env): void {
  const provider = line.claim.provider;
  const recipient = line.claim.recipient;
  if (!provider || !recipient) line.incomplete = true;
  if (line.encounter) {
    if (provider) {
      providerEnrolled(line, provider);
      encounterLineAllowed(line, provider);
    }
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
    providerEnrolled(line, provider);
    for (const r of PROVIDER_RULES) r(x);
    if (line.staff) for (const r of STAFF_RULES) r(x);
  } else if (line.staff) {
    // Without the provider, employment cannot be judged; the staff member's own credential and checks can.
    staffExcluded(x);
    staffTier(x);
    supervised(x);
    licensedToAdminister(x);
    designatedByPrescriber(x);
  }
  for (const r of SERVICE_RULES) r(x);
  if (recipient) {
    ageAllowed(x);
    if (provider) assessmentAndPlan(x);
    receivingGeneralMro(x);
  }
}
