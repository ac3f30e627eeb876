/**
 * The rule catalogue's examples: real claims, as sent to POST /claims/validate, against a small example
 * registry (described by ExampleRegistry: the baseline plus what an example changes). Pure data: the
 * catalogue serves them (GET /rules), and a unit test runs every one through the engine and checks that
 * it gives the outcome it claims (src/rules/claims/testing.ts builds the registry).
 *
 * The baseline: Lakeside CMHC (`prov-cmhc`, NPI 1234567893), a CMHC enrolled since 2018-07-01 with Table N
 * approvals for CST, IO and PSR; J. Doe (`st-lpha`), an LPHA employed there since 2020; Dr. M. Director
 * (`st-director`, LPHA) who approved the recipient's records; A. Client (`rec-adult`, Medicaid ID
 * MCD000001, born 1990-05-01) with an assessment completed 2026-06-01 (diagnosis F32.1) and a treatment
 * plan approved and signed 2026-06-15 naming every service. Date of service 2026-09-14 (SFY2027).
 */
import { addDays, addYears, type DateOnly } from '../dates';
import type { AssessmentFact, ClaimInput, ClaimLineInput, ProviderFacts, RecipientFacts, StaffFacts, TreatmentPlanFact } from '../facts';
import { PROVIDER_TYPES, SERVICES, TIERS, type Contact, type Modality, type Program, type ProviderType, type Service, type Tier } from '../vocabulary';
import type { CodeMapping, ProcedureCodeTable } from './procedure-codes';
import type { CapRule, ServiceField, ServiceRule } from './service-catalog';
import type { FindingCode } from './finding-codes';

export const BASE_DATE: DateOnly = '2026-09-14';
export const CMHC_ID = 'prov-cmhc';
export const LPHA_ID = 'st-lpha';
export const ADULT_ID = 'rec-adult';
/** the clinical director (LPHA) who approves the baseline assessment and plan */
export const DIRECTOR_ID = 'st-director';
/** a psychiatrist who designates others for medication monitoring and training */
export const PRESCRIBER_ID = 'st-md';

/** What an example changes in the example registry (the baseline is described at the top of this file). */
export interface ExampleRegistry {
  /** changes to the billing provider `prov-cmhc` */
  provider?: Partial<ProviderFacts>;
  /** changes to the rendering staff member `st-lpha` */
  staff?: Partial<StaffFacts>;
  /** the rendering staff member's credential tier on every date (default LPHA) */
  tier?: Tier | null;
  /** an MHP or RSA whose QMHP supervision is not in place */
  unsupervised?: boolean;
  /** the rendering staff member holds a licence to administer medication */
  mayAdministerMedication?: boolean;
  /** more staff (a prescriber, an approver at another provider...), each with a tier */
  otherStaff?: (Partial<StaffFacts> & { id: string; name: string; tier?: Tier | null })[];
  /** more providers */
  otherProviders?: (Partial<ProviderFacts> & { id: string; name: string; npi: string })[];
  /** changes to the recipient `rec-adult` */
  recipient?: Partial<RecipientFacts>;
  /** the Table N programs approved for `prov-cmhc` on every date (default CST, IO, PSR) */
  programApprovals?: Program[];
  /** programs in force only because the Department's Final Notice is overdue */
  finalNoticeOverdue?: Program[];
  /** minutes of the recipient already in the cap ledger for SFY2027 */
  capMinutesUsed?: { TCM?: number; TLA?: number };
  /** lines of claims recorded earlier (the duplicate check's history), all for `rec-adult` */
  recordedLines?: { claimId: string; lineId: string; dateOfService: DateOnly; service: Service; staffId: string; modality: Modality; contact: Contact; procedureCode: string; recordedOn: DateOnly }[];
  /** claims of `prov-cmhc` recorded earlier, for the recording rule (the example is then recorded, not only checked) */
  recordedClaims?: { claimId: string; status: 'RECORDED' | 'VOIDED'; version: number; sameContent: boolean }[];
}

export interface RuleExample {
  /** what it shows, in words */
  description: string;
  registry: ExampleRegistry;
  claim: ClaimInput;
  /** the finding a failing example raises */
  findingCode?: FindingCode;
}

export interface RuleExamples {
  pass: RuleExample;
  /** null when no claim can fail the rule as the record stands (`cannotFail` says why) */
  fail: RuleExample | null;
  cannotFail?: string;
}

export function exampleLine(over: Partial<ClaimLineInput> = {}): ClaimLineInput {
  return { lineId: '1', dateOfService: BASE_DATE, units: 4, renderingStaffId: LPHA_ID, placeOfService: '11', procedureCode: 'H0004', ...over };
}

export function exampleClaim(over: Partial<ClaimInput> = {}, lines: ClaimLineInput[] = [exampleLine()]): ClaimInput {
  return { claimId: 'EX-1', providerId: CMHC_ID, recipientId: ADULT_ID, frequency: 'ORIGINAL', lines, ...over };
}

/** The example recipient's assessment (completed 2026-06-01, approved by the director, F32.1), with changes. */
export const exampleAssessment = (over: Partial<AssessmentFact> = {}): AssessmentFact => ({
  id: 'as-1',
  providerId: CMHC_ID,
  completedOn: '2026-06-01',
  approvedByStaffId: DIRECTOR_ID,
  diagnoses: ['F32.1'],
  ruleOut: false,
  definitiveOn: null,
  ...over,
});

/** The example recipient's treatment plan (approved and signed 2026-06-15, naming every service), with changes. */
export const examplePlan = (over: Partial<TreatmentPlanFact> = {}): TreatmentPlanFact => ({
  id: 'tp-1',
  providerId: CMHC_ID,
  approvedOn: '2026-06-15',
  approvedByStaffId: DIRECTOR_ID,
  clientSignedOn: '2026-06-15',
  services: [...SERVICES],
  ...over,
});

export const pass = (description: string, claim: ClaimInput, registry: ExampleRegistry = {}): RuleExample => ({ description, registry, claim });
export const fail = (description: string, findingCode: FindingCode, claim: ClaimInput, registry: ExampleRegistry = {}): RuleExample => ({ description, registry, claim, findingCode });

/** A prescriber at the example provider, who may designate others in writing (140.453(d)(2)(D)(iv)). */
export const EXAMPLE_PRESCRIBER: NonNullable<ExampleRegistry['otherStaff']>[number] = {
  id: PRESCRIBER_ID,
  name: 'Dr. R. Lee',
  tier: 'LPHA',
  licenses: [{ kind: 'PHYSICIAN', specialty: 'PSYCHIATRY', state: 'IL', number: '036-1', issuedOn: '2010-01-01', expiresOn: '2029-07-31' }],
};

// ---------------------------------------------------------------------------------------------
// Examples of the service catalogue's fields, caps and procedure codes, made from the records
// ---------------------------------------------------------------------------------------------

/** A date on which the record is in force: the example date when it is, else its first day. */
function dateFor(record: { effectiveFrom: DateOnly; effectiveTo: DateOnly | null }): DateOnly {
  if (record.effectiveFrom <= BASE_DATE && (record.effectiveTo === null || BASE_DATE <= record.effectiveTo)) return BASE_DATE;
  return record.effectiveFrom;
}

/** The recipient's records moved to a date that is not the example date (so they are current on it). */
function recordsOn(date: DateOnly): ExampleRegistry {
  if (date === BASE_DATE) return {};
  return {
    recipient: { assessments: [exampleAssessment({ completedOn: date })], treatmentPlans: [examplePlan({ approvedOn: date, clientSignedOn: date })] },
  };
}

function merge(a: ExampleRegistry, b: ExampleRegistry): ExampleRegistry {
  return { ...a, ...b, recipient: a.recipient || b.recipient ? { ...a.recipient, ...b.recipient } : undefined, staff: a.staff || b.staff ? { ...a.staff, ...b.staff } : undefined };
}

/** The code a line of the service is billed with on the date (the first entry of the table for it). */
function codeFor(codes: ProcedureCodeTable, service: Service, date: DateOnly): CodeMapping | undefined {
  return codes.codes.find((m) => m.service === service && !m.encounter && m.effectiveFrom <= date && (m.effectiveTo === null || date <= m.effectiveTo));
}

interface Base {
  date: DateOnly;
  line: ClaimLineInput;
  registry: ExampleRegistry;
  modality: Modality;
  contact: Contact;
}

/** A line of the service that passes every rule of its record, and the registry it needs. */
function baseFor(rule: ServiceRule, codes: ProcedureCodeTable): Base | null {
  const date = dateFor(rule);
  const mapping = codeFor(codes, rule.service, date);
  if (!mapping) return null;
  const codeModality = mapping.modality ?? 'INDIVIDUAL';
  const modality = rule.modalities.allowed.includes(codeModality) ? codeModality : rule.modalities.allowed[0];
  const codeContact = mapping.contact ?? 'FACE_TO_FACE';
  const contact = rule.contacts.allowed.includes(codeContact) ? codeContact : rule.contacts.allowed[0];
  const line: ClaimLineInput = exampleLine({ dateOfService: date, procedureCode: mapping.code, ...(mapping.modifiers.length ? { modifiers: [...mapping.modifiers] } : {}) });
  if (modality !== codeModality) line.modality = modality;
  if (contact !== codeContact) line.contact = contact;
  if (modality === 'GROUP' && rule.groupRatio) line.groupSize = 2;
  if (rule.onSiteOnly) line.placeOfService = rule.onSiteOnly.placesOfService[0];
  let registry: ExampleRegistry = recordsOn(date);
  if (!rule.providerTypes.allowed.includes('CMHC')) registry = merge(registry, { provider: { type: rule.providerTypes.allowed[0] } });
  if (rule.tiers && !rule.tiers.allowed.includes('LPHA')) registry = merge(registry, { tier: rule.tiers.allowed[0] });
  if (rule.tiers === null) registry = merge(registry, { tier: null });
  if (rule.licensedStaffOnly) registry = merge(registry, { mayAdministerMedication: true });
  if (rule.designationRequired) {
    registry = merge(registry, {
      otherStaff: [EXAMPLE_PRESCRIBER],
      staff: { prescriberDesignations: [{ designatedByStaffId: PRESCRIBER_ID, designatedOn: '2018-07-01', services: [rule.service as 'MEDICATION_MONITORING'], endsOn: null }] },
    });
  }
  return { date, line, registry, modality, contact };
}

const lower = (s: string) => s.toLowerCase().replace(/_/g, '-');
const claimOf = (line: ClaimLineInput): ClaimInput => exampleClaim({}, [line]);

/** The tier just below the lowest allowed one (null: no tier at all). */
function tierBelow(allowed: readonly Tier[]): Tier | null {
  const lowest = Math.max(...allowed.map((t) => TIERS.indexOf(t)));
  return lowest + 1 < TIERS.length ? TIERS[lowest + 1] : null;
}

/**
 * A passing and a failing example of one field of a service record: the passing one is a line of the
 * service that passes every rule; the failing one changes the one fact the field is about.
 */
export function serviceFieldExamples(rule: ServiceRule, field: ServiceField, codes: ProcedureCodeTable): RuleExamples | null {
  const base = baseFor(rule, codes);
  if (!base) return null;
  const name = rule.name;
  const passing = pass(`${name} on ${base.date} that meets every rule of ${rule.id}`, claimOf(base.line), base.registry);
  const failing = (description: string, code: FindingCode, line: Partial<ClaimLineInput>, registry: ExampleRegistry = {}): RuleExamples => ({
    pass: passing,
    fail: fail(description, code, claimOf({ ...base.line, ...line }), merge(base.registry, registry)),
  });
  const cannot = (why: string): RuleExamples => ({ pass: passing, fail: null, cannotFail: why });
  switch (field) {
    case 'providerTypes': {
      const other = (['BHC', 'IP', 'CMHC'] as ProviderType[]).find((t) => !rule.providerTypes.allowed.includes(t));
      if (!other) return cannot(`every provider type (${PROVIDER_TYPES.join(', ')}) may provide ${name}`);
      const ip: ExampleRegistry = other === 'IP' ? { provider: { type: 'IP', ipKind: 'CLINICAL_PSYCHOLOGIST' }, staff: { licenses: [{ kind: 'CLINICAL_PSYCHOLOGIST', state: 'IL', number: '071-1', issuedOn: '2010-01-01', expiresOn: '2029-09-30' }] } } : { provider: { type: other } };
      return failing(`${name} billed by a provider of type ${other}`, 'PROVIDER_TYPE_NOT_ALLOWED', {}, ip);
    }
    case 'programApproval': {
      const pa = rule.programApproval;
      if (!pa) return null;
      return failing(`${name} by a provider with no ${pa.program} approval in force`, 'PROGRAM_APPROVAL_MISSING', {}, { programApprovals: (['CST', 'IO', 'PSR'] as Program[]).filter((p) => p !== pa.program) });
    }
    case 'onSiteOnly':
      return rule.onSiteOnly ? failing(`${name} in the recipient's home (place of service 12)`, 'SITE_NOT_ALLOWED', { placeOfService: '12' }) : null;
    case 'tiers': {
      if (!rule.tiers) return null;
      const below = tierBelow(rule.tiers.allowed);
      return failing(`${name} rendered by ${below ? `an ${below}` : 'staff holding no tier'}`, 'STAFF_TIER_INSUFFICIENT', {}, { tier: below });
    }
    case 'licensedStaffOnly':
      return rule.licensedStaffOnly ? failing(`${name} by staff holding no licence to administer medication`, 'MEDICATION_LICENSE_REQUIRED', {}, { mayAdministerMedication: false }) : null;
    case 'designationRequired':
      return rule.designationRequired ? failing(`${name} by staff not designated in writing by a prescriber`, 'PRESCRIBER_DESIGNATION_MISSING', {}, { staff: { prescriberDesignations: [] } }) : null;
    case 'modalities': {
      const other = (['GROUP', 'FAMILY', 'INDIVIDUAL'] as Modality[]).find((m) => !rule.modalities.allowed.includes(m));
      if (!other) return cannot(`${name} may be provided in every modality`);
      return failing(`${name} billed in the ${lower(other)} modality`, 'MODALITY_NOT_ALLOWED', { modality: other, groupSize: undefined });
    }
    case 'contacts': {
      const c = rule.contacts;
      const other = (['PHONE', 'VIDEO', 'FACE_TO_FACE'] as Contact[]).find((x) => !c.allowed.includes(x) && !c.conditional.some((k) => k.contact === x));
      const conditional = c.conditional[0]?.contact;
      if (other) return failing(`${name} billed by ${lower(other)} contact`, 'CONTACT_NOT_ALLOWED', { contact: other });
      if (conditional) return failing(`${name} billed by ${lower(conditional)} contact (a warning: allowed only under a condition the claim cannot show)`, 'CONTACT_NOT_ALLOWED', { contact: conditional });
      return cannot(`${name} may be provided by every contact`);
    }
    case 'groupRatio': {
      const g = rule.groupRatio;
      if (!g || !rule.modalities.allowed.includes('GROUP')) return null;
      const group = { ...base.line, modality: base.modality === 'GROUP' ? base.line.modality : ('GROUP' as const) };
      return {
        pass: pass(`${name} in a group of ${g.perStaff} adults for one staff member`, claimOf({ ...group, groupSize: g.perStaff }), base.registry),
        fail: fail(`${name} in a group of ${g.perStaff + 1} adults for one staff member`, 'GROUP_RATIO_EXCEEDED', claimOf({ ...group, groupSize: g.perStaff + 1 }), base.registry),
      };
    }
    case 'age': {
      const a = rule.age;
      if (!a) return null;
      const birthDate = a.minAge !== null ? addDays(addYears(base.date, -a.minAge), 1) : addYears(base.date, -((a.maxAge as number) + 1));
      return failing(`${name} for a recipient born ${birthDate} (${a.minAge !== null ? `under ${a.minAge}` : `over ${a.maxAge}`} on ${base.date})`, 'AGE_NOT_ALLOWED', {}, { recipient: { birthDate } });
    }
    case 'requiresGeneralMro': {
      if (!rule.requiresGeneralMro) return null;
      const plan = examplePlan({ approvedOn: addDays(base.date, -91), clientSignedOn: addDays(base.date, -91), services: [rule.service] });
      return failing(`${name} for a recipient whose plan names no General MRO service, with no such line in the batch`, 'GENERAL_MRO_REQUIRED', {}, { recipient: { treatmentPlans: [plan] } });
    }
  }
}

/** A cap: a line of a service counting toward it that fits, and one that would pass it. */
export function capExamples(cap: CapRule, services: readonly ServiceRule[], codes: ProcedureCodeTable): RuleExamples | null {
  const date = dateFor(cap);
  const rule = services.find((s) => s.capCategories.includes(cap.category) && dateFor(s) === date && (cap.category === 'TCM' ? s.capCategories.length === 1 && !s.requiresGeneralMro : true));
  if (!rule) return null;
  const base = baseFor(rule, codes);
  if (!base) return null;
  const line = { ...base.line, units: 4 };
  const minutes = 4 * (codeFor(codes, rule.service, date)?.unitMinutes ?? 15);
  const used = cap.minutesPerSfy - minutes + 15;
  return {
    pass: pass(`${minutes} minutes of ${rule.name} with the ${cap.category} cap unused`, claimOf(line), base.registry),
    fail: fail(`${minutes} minutes of ${rule.name} with only ${minutes - 15} left of ${cap.minutesPerSfy}`, cap.category === 'TCM' ? 'TCM_CAP_EXCEEDED' : 'TLA_CAP_EXCEEDED', claimOf(line), merge(base.registry, { capMinutesUsed: { [cap.category]: used } })),
  };
}

/** A procedure code entry: its code with the service it maps to, and with another service. */
export function codeExamples(mapping: CodeMapping, services: readonly ServiceRule[], codes: ProcedureCodeTable): RuleExamples | null {
  const date = dateFor(mapping);
  const withCode = { procedureCode: mapping.code, ...(mapping.modifiers.length ? { modifiers: [...mapping.modifiers] } : {}) };
  if (mapping.encounter) {
    const clinic: ExampleRegistry = { provider: { encounterRateClinic: true } };
    const therapy = exampleLine({ lineId: '2', dateOfService: date });
    return {
      pass: pass(`the encounter line ${mapping.code} of an encounter-rate clinic, with the service it details`, exampleClaim({}, [exampleLine({ ...withCode, units: 1, dateOfService: date }), therapy]), clinic),
      fail: fail(`the encounter code ${mapping.code} also naming a service`, 'SERVICE_CODE_CONFLICT', exampleClaim({}, [exampleLine({ ...withCode, units: 1, dateOfService: date, service: 'THERAPY_COUNSELING' }), therapy]), clinic),
    };
  }
  const rule = services.find((s) => s.service === mapping.service && dateFor(s) === date);
  if (!rule || !mapping.service) return null;
  const base = baseFor(rule, codes);
  if (!base) return null;
  const line = { ...base.line, ...withCode };
  const other: Service = mapping.service === 'THERAPY_COUNSELING' ? 'COMMUNITY_SUPPORT' : 'THERAPY_COUNSELING';
  return {
    pass: pass(`${mapping.code}${mapping.modifiers.length ? ` ${mapping.modifiers.join(' ')}` : ''} with the service it maps to (${mapping.service})`, claimOf({ ...line, service: mapping.service }), base.registry),
    fail: fail(`${mapping.code}${mapping.modifiers.length ? ` ${mapping.modifiers.join(' ')}` : ''} on a line that says ${other}`, 'SERVICE_CODE_CONFLICT', claimOf({ ...line, service: other }), base.registry),
  };
}
