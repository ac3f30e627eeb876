/**
 * The claim engine's own rules as data: one record each, with a stable ID, what it cites, the finding
 * codes it can raise and what clears them (`actions`, naming the role that can act, by the roles of the
 * README), and a passing and a failing example. The service catalogue's fields, the caps and the
 * procedure code entries are rules too; catalogue.ts makes their records from config/ and puts all of
 * them in one catalogue (GET /rules, docs/rules.md).
 *
 * A changed rule is a new record with a new ID (`-v2`) and its own effectiveFrom, as for the catalogue.
 */
import { SERVICES, type Service } from '../vocabulary';
import { BASE_DATE, exampleAssessment, exampleClaim, exampleLine, examplePlan, fail, pass, type RuleExamples } from './examples';
import type { FindingCode, RuleRef } from './finding-codes';

/** Where a rule sits in the check: intake, who may bill (provider), who may render (staff), how (service), to whom (recipient), caps, recording. */
export const RULE_GROUPS = ['intake', 'provider', 'staff', 'service', 'recipient', 'caps', 'recording'] as const;
export type RuleGroup = (typeof RULE_GROUPS)[number];
export type RuleSeverity = 'error' | 'warning' | 'error or warning';

export interface RuleAppliesTo {
  /** a claim's rule is applied once per claim, and shown in the checks of each of its lines */
  level: 'claim' | 'line';
  /** the services it applies to (every service: all fifteen) */
  services: readonly Service[];
  /** a further condition, in words (null: always) */
  when: string | null;
}

/** A record of the rule catalogue (GET /rules, docs/rules.md): the engine's own rules and those of config/ alike. */
export interface RuleRecord {
  id: string;
  title: string;
  /** where the rule is written: the engine's code, or a record of config/ */
  source: 'engine' | 'service-catalog' | 'procedure-codes';
  group: RuleGroup;
  citations: readonly string[];
  findingCodes: readonly FindingCode[];
  severity: RuleSeverity;
  appliesTo: RuleAppliesTo;
  effectiveFrom: string;
  effectiveTo: string | null;
  /** what clears its findings and which role can do it */
  action: string;
  /** when its finding codes are cleared differently, each one's action */
  actions?: Readonly<Partial<Record<FindingCode, string>>>;
  examples: RuleExamples;
}

/** An engine rule: its record, and the refs its findings and checks name (citation: its citations joined). */
export interface EngineRule extends Omit<RuleRecord, 'source' | 'actions' | 'action' | 'id'>, RuleRef {
  /** the action of each finding code it raises */
  actions: Readonly<Partial<Record<FindingCode, string>>>;
}

/**
 * The engine's rules read the text in force from 2018-07-01 (the first version of the service catalogue,
 * config/service-catalog.json's effectiveFromNote says why).
 */
const ENGINE_FROM = '2018-07-01';

type Definition = Omit<EngineRule, 'action' | 'citation' | 'effectiveFrom' | 'effectiveTo' | 'findingCodes'>;

/** One action text for the record: the code's own when there is one code, else each code's. */
function define(d: Definition): EngineRule {
  const codes = Object.keys(d.actions) as FindingCode[];
  const texts = [...new Set(codes.map((c) => d.actions[c] as string))];
  const action = texts.length === 1 ? texts[0] : codes.map((c) => `${c}: ${d.actions[c]}`).join(' ');
  return { ...d, findingCodes: codes, action, citation: d.citations.join('; '), effectiveFrom: ENGINE_FROM, effectiveTo: null };
}

/** The action of one finding code of a rule. */
export function actionOf(rule: EngineRule, code: FindingCode): string {
  return rule.actions[code] ?? rule.action;
}

const ALL: readonly Service[] = SERVICES;
const one = (over: Parameters<typeof exampleLine>[0] = {}) => exampleClaim({}, [exampleLine(over)]);
const baseline = 'Therapy/Counseling (H0004, 60 minutes) by an LPHA employed by the CMHC, for an adult with a current assessment and plan';

export const WELL_FORMED = define({
  id: 'CLM-WELL-FORMED-v1',
  title: 'A claim the Department can read: identifiers, frequency, lines, dates, units, codes and rendering staff as the contract defines them',
  group: 'intake',
  citations: ['140.20'],
  severity: 'error',
  appliesTo: { level: 'line', services: ALL, when: null },
  actions: { INVALID_CLAIM: 'Correct the field the message names and send the claim again (billing).' },
  examples: {
    pass: pass(baseline, one()),
    fail: fail('a line billing zero units', 'INVALID_CLAIM', one({ units: 0 })),
  },
});

export const IDENTITY = define({
  id: 'CLM-IDENTITY-v1',
  title: 'The billing provider, the recipient and the rendering staff are registered (and visible to the API key)',
  group: 'intake',
  citations: ['140.452(b)', '140.20', '140.453(b)(2)'],
  severity: 'error',
  appliesTo: { level: 'line', services: ALL, when: null },
  actions: {
    UNKNOWN_PROVIDER: 'Correct the billing NPI or provider ID, or have the provider registered (administrator).',
    UNKNOWN_RECIPIENT: 'Correct the Medicaid ID or recipient ID, or register the recipient with this provider (billing or clinical director).',
    UNKNOWN_STAFF: 'Correct the rendering NPI or staff ID, or register the person as staff of this provider (clinical director).',
  },
  examples: {
    pass: pass(baseline, one()),
    fail: fail('a rendering NPI no staff member of the provider is registered with', 'UNKNOWN_STAFF', one({ renderingStaffId: undefined, renderingNpi: '1999999992' })),
  },
});

export const CODE_MAPPING = define({
  id: 'CLM-CODE-MAPPING-v1',
  title: 'The procedure code and modifiers map to a service in the code table in force on the date, and give the minutes',
  group: 'intake',
  citations: ['140.455(b)', '140.20'],
  severity: 'error',
  appliesTo: { level: 'line', services: ALL, when: null },
  actions: {
    UNMAPPED_PROCEDURE_CODE: "Bill the code and modifiers of the HFS fee schedule for the service delivered, or add the site's code to config/procedure-codes.json (administrator).",
    INVALID_CLAIM: 'Correct the procedure code, modifiers, modality or contact so they agree, or give unitBasis MINUTES (billing).',
  },
  examples: {
    pass: pass(baseline, one()),
    fail: fail('a procedure code not in the table', 'UNMAPPED_PROCEDURE_CODE', one({ procedureCode: 'H9999' })),
  },
});

export const CATALOGUE_IN_FORCE = define({
  id: 'CLM-CATALOGUE-IN-FORCE-v1',
  title: "A record of the service catalogue is in force on the date of service (otherwise no rule of the service can be applied)",
  group: 'intake',
  citations: ['140.20'],
  severity: 'error',
  appliesTo: { level: 'line', services: ALL, when: null },
  actions: { INVALID_CLAIM: 'Correct the date of service; if it is right, the service catalogue needs a record in force that day (administrator).' },
  examples: {
    pass: pass(baseline, one()),
    fail: fail('Therapy/Counseling on 2018-06-30, before the first catalogue record', 'INVALID_CLAIM', one({ procedureCode: undefined, service: 'THERAPY_COUNSELING', dateOfService: '2018-06-30' })),
  },
});

export const DUPLICATE_LINE = define({
  id: 'CLM-DUPLICATE-LINE-v2',
  title: 'The same session (recipient, date, service, rendering staff, modality, contact, code and modifiers) is billed once: on the claim, in the request or file, and among recorded claims',
  group: 'intake',
  citations: ['140.455(a)'],
  severity: 'error',
  appliesTo: { level: 'line', services: ALL, when: 'not for VOID claims' },
  actions: { DUPLICATE_LINE: 'Bill the session once: remove this line, or send a correction of the earlier claim as a REPLACEMENT of it (billing).' },
  examples: {
    pass: pass('two therapy sessions of one person on two days', exampleClaim({}, [exampleLine(), exampleLine({ lineId: '2', dateOfService: '2026-09-15' })])),
    fail: fail('the same therapy session on two lines of one claim', 'DUPLICATE_LINE', exampleClaim({}, [exampleLine(), exampleLine({ lineId: '2' })])),
  },
});

export const CONTENT_X12 = define({
  id: 'X12-CONTENT-v1',
  title: 'Every segment of an 837P claim read as written: frequency code, dates (one day per line), unit basis, quantities, names and identifiers',
  group: 'intake',
  citations: ['140.20'],
  severity: 'error',
  appliesTo: { level: 'line', services: ALL, when: 'X12 837P files (POST /claims/x12, bhcheck validate on an 837P)' },
  actions: { INVALID_CLAIM: 'Correct the 837P segment the message names and send the file again (billing).' },
  examples: {
    pass: pass('an 837P service line read as written', exampleClaim({ problems: [] }, [{ ...exampleLine(), problems: [] }])),
    fail: fail(
      'an 837P service line dated with a range of three days (DTP*472*RD8)',
      'INVALID_CLAIM',
      exampleClaim({ problems: [] }, [{ ...exampleLine(), problems: [{ message: 'service date range 2026-09-14 to 2026-09-16 spans more than one day; bill each day of service on its own line (segment 26, DTP)', segmentIndex: 26, segmentId: 'DTP' }] }]),
    ),
  },
});

export const PROVIDER_ENROLLED = define({
  id: 'CLM-PROVIDER-ENROLLED-v1',
  title: 'The billing provider is enrolled on the date of service',
  group: 'provider',
  citations: ['140.452(b)'],
  severity: 'error',
  appliesTo: { level: 'line', services: ALL, when: null },
  actions: { PROVIDER_NOT_ENROLLED: "Bill only dates within the provider's enrollment; if it was enrolled, record the enrollment period (administrator)." },
  examples: {
    pass: pass('a date of service on the last day of the enrollment', one(), { provider: { enrollments: [{ from: '2018-07-01', to: BASE_DATE }] } }),
    fail: fail('a date of service the day after the enrollment ended', 'PROVIDER_NOT_ENROLLED', one(), { provider: { enrollments: [{ from: '2018-07-01', to: '2026-09-13' }] } }),
  },
});

export const ENCOUNTER_RATE = define({
  id: 'CLM-ENCOUNTER-RATE-v1',
  title: 'An encounter-rate clinic bills 140.453 services only with its behavioral health encounter line (T1015) on the same date; no other provider bills the encounter code',
  group: 'provider',
  citations: ['140.460(c)', '140.499(c)'],
  severity: 'error',
  appliesTo: { level: 'line', services: ALL, when: 'an encounter-rate clinic, or a line billing the encounter code' },
  actions: {
    ENCOUNTER_RATE_CLINIC: "Add the clinic's encounter line (T1015) on the same date, or bill each service on its own code if the provider is not paid by encounter (billing); if the provider's encounter-rate flag is wrong, correct the provider record (administrator).",
  },
  examples: {
    pass: pass('an encounter-rate clinic billing therapy with its encounter line the same day', exampleClaim({}, [exampleLine({ lineId: 'E', procedureCode: 'T1015', units: 1 }), exampleLine()]), { provider: { encounterRateClinic: true } }),
    fail: fail('an encounter-rate clinic billing therapy without its encounter line', 'ENCOUNTER_RATE_CLINIC', one(), { provider: { encounterRateClinic: true } }),
  },
});

export const FINAL_NOTICE_OVERDUE = define({
  id: 'CLM-TABLE-N-FINAL-NOTICE-OVERDUE-v1',
  title: "A Table N approval in force only because the Department's Final Notice after an unremedied Notice of Deficiencies is overdue (a warning)",
  group: 'provider',
  citations: ['140.TABLE N(b)(2)(B)(ii)'],
  severity: 'warning',
  appliesTo: { level: 'line', services: ['INTENSIVE_OUTPATIENT', 'PSYCHOSOCIAL_REHABILITATION', 'COMMUNITY_SUPPORT_TEAM'], when: null },
  actions: { FINAL_NOTICE_OVERDUE: 'Nothing to correct on the claim; record the remedy of the deficiencies, or the Final Notice when it comes (reviewer).' },
  examples: {
    pass: pass('Community Support Team under an approval in force', one({ procedureCode: 'H2016' })),
    fail: fail('Community Support Team under an approval kept in force only by a Notice of Deficiencies', 'FINAL_NOTICE_OVERDUE', one({ procedureCode: 'H2016' }), { finalNoticeOverdue: ['CST'] }),
  },
});

export const STAFF_EMPLOYED = define({
  id: 'CLM-STAFF-EMPLOYED-v1',
  title: 'The rendering staff member is employed by the billing provider on the date of service',
  group: 'staff',
  citations: ['140.453(b)(2)'],
  severity: 'error',
  appliesTo: { level: 'line', services: ALL, when: null },
  actions: { STAFF_NOT_EMPLOYED: "Correct the rendering staff, or record the person's hire and end dates at this provider (clinical director)." },
  examples: {
    pass: pass('a date of service on the last day of employment', one(), { staff: { endDate: BASE_DATE } }),
    fail: fail('a date of service the day after the person left', 'STAFF_NOT_EMPLOYED', one(), { staff: { endDate: '2026-09-13' } }),
  },
});

export const STAFF_EXCLUDED = define({
  id: 'CLM-STAFF-EXCLUDED-v1',
  title: 'The rendering person has no finding on the Health Care Worker Registry or the HFS OIG sanctions list on or before the date of service (the latest check of each list decides)',
  group: 'staff',
  citations: ['140.TABLE O(c)(3)(A)', '140.TABLE O(c)(3)(C)'],
  severity: 'error',
  appliesTo: { level: 'line', services: ALL, when: null },
  actions: {
    STAFF_EXCLUDED:
      'Do not bill services this person renders; if the finding was wrong or has been removed, record a later CLEAR check of the same list on their staff record (clinical director).',
  },
  examples: {
    pass: pass('a Registry finding checked the day after the date of service', one(), { staff: { backgroundChecks: [{ kind: 'HEALTH_CARE_WORKER_REGISTRY', checkedOn: '2026-09-15', result: 'FINDING' }] } }),
    fail: fail('a Registry finding checked on the date of service', 'STAFF_EXCLUDED', one(), { staff: { backgroundChecks: [{ kind: 'HEALTH_CARE_WORKER_REGISTRY', checkedOn: BASE_DATE, result: 'FINDING' }] } }),
  },
});

const psychologist = [{ kind: 'CLINICAL_PSYCHOLOGIST' as const, state: 'IL', number: '071-1', issuedOn: '2010-01-01', expiresOn: '2029-09-30' }];

export const INDEPENDENT_PRACTITIONER = define({
  id: 'CLM-INDEPENDENT-PRACTITIONER-v1',
  title: "An Independent Practitioner's line is rendered by the practitioner personally: the staff member holding, on the date, the licence its kind names",
  group: 'staff',
  citations: ['140.453(b)(2)', '140.452(a)(3)'],
  severity: 'error',
  appliesTo: { level: 'line', services: ALL, when: 'a provider of type IP' },
  actions: { NOT_INDEPENDENT_PRACTITIONER: 'Bill the service through the CMHC or BHC that employs the person: an Independent Practitioner bills only what the practitioner renders (billing).' },
  examples: {
    pass: pass('a clinical psychologist practising as an IP, rendering therapy', one(), { provider: { type: 'IP', ipKind: 'CLINICAL_PSYCHOLOGIST' }, staff: { licenses: psychologist } }),
    fail: fail(
      'a counselor registered at a clinical psychologist IP rendering therapy',
      'NOT_INDEPENDENT_PRACTITIONER',
      one(),
      { provider: { type: 'IP', ipKind: 'CLINICAL_PSYCHOLOGIST' }, staff: { licenses: [{ kind: 'CLINICAL_PROFESSIONAL_COUNSELOR', state: 'IL', number: '180-1', issuedOn: '2010-01-01', expiresOn: '2028-09-30' }] } },
    ),
  },
});

export const SUPERVISION = define({
  id: 'CLM-SUPERVISION-v1',
  title: 'An MHP or RSA (below QMHP) renders under the supervision of a QMHP on the date of service',
  group: 'staff',
  citations: ['140.453(b)(5)(A)(ii)', '140.453(b)(6)(B)'],
  severity: 'error',
  appliesTo: { level: 'line', services: ALL, when: 'services that name the tiers who may render them' },
  actions: { SUPERVISION_MISSING: 'Record a QMHP of this provider as the supervisor on the staff record (clinical director).' },
  examples: {
    pass: pass('therapy by an MHP with a QMHP supervisor', one(), { tier: 'MHP' }),
    fail: fail('therapy by an MHP with no QMHP supervisor', 'SUPERVISION_MISSING', one(), { tier: 'MHP', unsupervised: true }),
  },
});

const needsRecords: RuleAppliesTo = { level: 'line', services: ALL, when: 'services whose catalogue record requires an Assessment and Treatment Plan (not Crisis Intervention, Mental Health Case Management, Assessment, Treatment Plan Development)' };

export const ASSESSMENT = define({
  id: 'CLM-ASSESSMENT-CURRENT-v1',
  title: 'An Assessment Report approved by an LPHA or IP, completed on or before the date of service and updated at least every 12 months',
  group: 'recipient',
  citations: ['140.453(d)(1)(A)(ii)', '140.453(d)(1)(A)(iii)'],
  severity: 'error',
  appliesTo: needsRecords,
  actions: {
    ASSESSMENT_MISSING: 'Record an Assessment Report approved by an LPHA or IP, completed on or before the date of service (clinical director).',
    ASSESSMENT_EXPIRED: 'Record the updated Assessment Report (at least every 12 months), approved by an LPHA or IP (clinical director).',
  },
  examples: {
    pass: pass('an assessment completed 12 months to the day before the date of service', one(), { recipient: { assessments: [exampleAssessment({ completedOn: '2025-09-14' })] } }),
    fail: fail('an assessment completed 12 months and a day before', 'ASSESSMENT_EXPIRED', one(), { recipient: { assessments: [exampleAssessment({ completedOn: '2025-09-13' })] } }),
  },
});

export const DIAGNOSIS_RECORDED = define({
  id: 'CLM-DIAGNOSIS-RECORDED-v1',
  title: 'The current assessment records a diagnosis (under 21: a warning, documented DSM-5 criteria and impact on functioning may stand instead)',
  group: 'recipient',
  citations: ['140.453(c)(2)(A)', '140.453(c)(2)(B)', '140.453(d)(1)(B)(i)'],
  severity: 'error or warning',
  appliesTo: needsRecords,
  actions: { DIAGNOSIS_MISSING: 'Record the diagnosis on the assessment, or, for someone under 21, document the DSM-5 criteria and the impact on functioning that establish the mental disability (clinical director).' },
  examples: {
    pass: pass('an adult whose assessment records F32.1', one()),
    fail: fail('an adult whose assessment records no diagnosis', 'DIAGNOSIS_MISSING', one(), { recipient: { assessments: [exampleAssessment({ diagnoses: [] })] } }),
  },
});

export const DIAGNOSIS_DEFINITIVE = define({
  id: 'CLM-DIAGNOSIS-DEFINITIVE-v1',
  title: 'A rule-out diagnosis is made definitive within 90 days after the Assessment Report',
  group: 'recipient',
  citations: ['140.453(d)(1)(A)(i)'],
  severity: 'error',
  appliesTo: needsRecords,
  actions: { DIAGNOSIS_NOT_DEFINITIVE: 'Record the day the rule-out diagnosis was made definitive on the assessment (clinical director).' },
  examples: {
    pass: pass('a rule-out diagnosis on day 90 after the assessment', one({ dateOfService: '2026-08-30' }), { recipient: { assessments: [exampleAssessment({ ruleOut: true })] } }),
    fail: fail('a rule-out diagnosis still open on day 91', 'DIAGNOSIS_NOT_DEFINITIVE', one({ dateOfService: '2026-08-31' }), { recipient: { assessments: [exampleAssessment({ ruleOut: true })] } }),
  },
});

export const TREATMENT_PLAN = define({
  id: 'CLM-TREATMENT-PLAN-CURRENT-v1',
  title: "A Treatment Plan of the billing provider approved by an LPHA or IP on or before the date of service, updated at least every six months, naming the service",
  group: 'recipient',
  citations: ['140.453(d)(1)(B)(ii)', '140.453(d)(1)(B)(iii)', '140.453(c)(1)(B)'],
  severity: 'error',
  appliesTo: needsRecords,
  actions: {
    TREATMENT_PLAN_MISSING: 'Record a current Treatment Plan approved by an LPHA or IP (clinical director).',
    TREATMENT_PLAN_EXPIRED: 'Record the updated Treatment Plan (at least every six months), approved by an LPHA or IP (clinical director).',
    SERVICE_NOT_IN_PLAN: 'Bill only services the Treatment Plan names (billing), or record a plan, approved by an LPHA or IP, that names this service (clinical director).',
  },
  examples: {
    pass: pass(baseline, one()),
    fail: fail("therapy for a recipient whose only plan is another provider's", 'TREATMENT_PLAN_MISSING', one(), {
      recipient: { treatmentPlans: [examplePlan({ providerId: 'prov-other' })] },
    }),
  },
});

export const TREATMENT_PLAN_SIGNED = define({
  id: 'CLM-TREATMENT-PLAN-SIGNED-v1',
  title: 'The individual signed the Treatment Plan on or before the date of service',
  group: 'recipient',
  citations: ['140.453(d)(1)(B)(iv)'],
  severity: 'error',
  appliesTo: needsRecords,
  actions: { TREATMENT_PLAN_UNSIGNED: 'Record the date the individual (and parent or guardian, if applicable) signed the Treatment Plan (clinical director).' },
  examples: {
    pass: pass('a plan signed on the date of service', one(), { recipient: { treatmentPlans: [examplePlan({ clientSignedOn: BASE_DATE })] } }),
    fail: fail('a plan signed the day after the date of service', 'TREATMENT_PLAN_UNSIGNED', one(), {
      recipient: { treatmentPlans: [examplePlan({ clientSignedOn: '2026-09-15' })] },
    }),
  },
});

export const RECORD_CONFLICT = define({
  id: 'CLM-RECORD-CONFLICT-v1',
  title: "A claim is recorded as sent: an ORIGINAL's claim ID is new for its provider (or the same content again), a REPLACEMENT or VOID has an original, a voided claim is not changed",
  group: 'recording',
  citations: ['140.20'],
  severity: 'error',
  appliesTo: { level: 'claim', services: ALL, when: 'when recording (POST /claims, POST /claims/x12?commit=true, bhcheck validate --commit)' },
  actions: {
    INVALID_CLAIM: 'Send a change to a recorded claim as a REPLACEMENT and a new claim under its own claim ID; a voided claim cannot be changed (billing).',
  },
  examples: {
    pass: pass('a REPLACEMENT of a recorded claim', exampleClaim({ frequency: 'REPLACEMENT' }), { recordedClaims: [{ claimId: 'EX-1', status: 'RECORDED', version: 1, sameContent: false }] }),
    fail: fail('a REPLACEMENT of a claim that was never recorded', 'INVALID_CLAIM', exampleClaim({ claimId: 'EX-9', frequency: 'REPLACEMENT' }), { recordedClaims: [] }),
  },
});

/** Every engine rule, in the order a line is checked. */
export const ENGINE_RULES: readonly EngineRule[] = [
  CONTENT_X12,
  WELL_FORMED,
  IDENTITY,
  CODE_MAPPING,
  CATALOGUE_IN_FORCE,
  DUPLICATE_LINE,
  PROVIDER_ENROLLED,
  ENCOUNTER_RATE,
  FINAL_NOTICE_OVERDUE,
  STAFF_EMPLOYED,
  STAFF_EXCLUDED,
  INDEPENDENT_PRACTITIONER,
  SUPERVISION,
  ASSESSMENT,
  DIAGNOSIS_RECORDED,
  DIAGNOSIS_DEFINITIVE,
  TREATMENT_PLAN,
  TREATMENT_PLAN_SIGNED,
  RECORD_CONFLICT,
];

/**
 * The actions of the findings whose rule is a catalogue record (its field), a cap or a procedure code
 * entry: written from the record's data where it names what is allowed (catalogue.ts).
 */
export const CAP_ACTIONS = {
  TCM_CAP_EXCEEDED: 'Bill no more than the minutes the message says were still allowed in this State fiscal year; the rest cannot be billed to Medicaid (billing).',
  TLA_CAP_EXCEEDED: 'Bill no more than the minutes the message says were still allowed in this State fiscal year; the rest cannot be billed to Medicaid (billing).',
  CAP_NEAR: "Nothing to correct on the claim: plan the rest of the year's case management within what remains (billing).",
} as const satisfies Partial<Record<FindingCode, string>>;

export const CODE_CONFLICT_ACTION = 'Bill the code of the service delivered, or leave out `service` so that the code decides (billing).';
