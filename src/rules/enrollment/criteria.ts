/**
 * The enrollment criteria as data: one record per criterion of 140.452(a)-(b), 140.499 and every item
 * of Table O, with a stable id (the `criterionId` evidence is recorded against), its citation and
 * title, the provider types (and IP kinds) it applies to, and whether the registry derives it or it rests
 * on dated evidence the provider records, with that evidence's lapse rule:
 *
 * - ANNUAL: current through the anniversary of the day it was documented (the anniversary itself is
 *   inside, the convention of every period in bhcheck); the Fire Marshal letter of Table O(b)(7)
 *   "demonstrating annual compliance".
 * - QUARTERLY: one per calendar quarter; evidence documented in a quarter is current through the last
 *   day of the next quarter (the meetings of Table O(a)(5) "at a minimum, quarterly").
 * - EXPIRES_ON: the evidence's own `expiresOn` (insurance, a certification); `expiresOnRequired` when the
 *   document always carries one, otherwise an attestation that stands until replaced unless it says when
 *   it ends.
 *
 * An `expiresOn` given on ANNUAL or QUARTERLY evidence ends it earlier, never later. How a derived
 * criterion is derived is in derived.ts; this file is pure data (the web pages import it).
 *
 * A changed criterion (a new lapse rule, a new citation) is a new version with its own effectiveFrom
 * and effectiveTo on the old one, under the same id, so evidence recorded against it keeps counting.
 */
import type { DateOnly } from '../dates';
import type { IpKind, ProviderType } from '../vocabulary';

export const CRITERION_SECTIONS = [
  { id: '140.452', title: '140.452 Qualified providers' },
  { id: '140.499', title: '140.499 Behavioral Health Clinic' },
  { id: 'O(a)', title: 'Table O (a) General requirements' },
  { id: 'O(b)', title: 'Table O (b) Clinic location' },
  { id: 'O(c)', title: 'Table O (c) Personnel standards' },
  { id: 'O(d)', title: 'Table O (d) Organizational requirements' },
  { id: 'O(e)', title: 'Table O (e) Service delivery requirements' },
] as const;
export type CriterionSection = (typeof CRITERION_SECTIONS)[number]['id'];

export type LapseRule = 'ANNUAL' | 'QUARTERLY' | 'EXPIRES_ON';

export interface EvidenceRule {
  lapse: LapseRule;
  /** the evidence must carry its expiresOn (refused without it) */
  expiresOnRequired: boolean;
  /** what the evidence is, in a sentence: "a current letter from the Office of the State Fire Marshal or the local fire authority" */
  what: string;
  /** the deadline the board shows while the evidence runs: its kind and title */
  deadline: { kind: string; title: string };
}

export interface EnrollmentCriterion {
  /** stable: evidence is recorded against it */
  id: string;
  /** this version's rule id, e.g. `ENR-O_B7_FIRE_MARSHAL_LETTER-v1` */
  ruleId: string;
  version: number;
  effectiveFrom: DateOnly;
  effectiveTo: DateOnly | null;
  citation: string;
  title: string;
  section: CriterionSection;
  providerTypes: readonly ProviderType[];
  /** for an IP: only these kinds (140.452(a)(3)(A)-(C)) */
  ipKinds?: readonly IpKind[];
  /** DERIVED: from the registry (derived.ts); EVIDENCE: from dated evidence the provider records */
  rests: 'DERIVED' | 'EVIDENCE';
  /** for a derived criterion: the registry facts it is derived from (the README's list) */
  derivedFrom?: string;
  /** EVIDENCE criteria; a DERIVED criterion with one also accepts evidence instead (Table O(a)(4): an agreement) */
  evidence?: EvidenceRule;
  /** a derived criterion that summarises others (140.499(e): every Table O criterion) */
  summarises?: CriterionSection[];
}

/** The first version of every record, in force from 2018-07-01 like config/service-catalog.json and the Table N tables. */
const V1 = { version: 1, effectiveFrom: '2018-07-01', effectiveTo: null } as const;
const O = '140.TABLE O';
const BHC = ['BHC'] as const;

const attestation = (what: string): EvidenceRule => ({
  lapse: 'EXPIRES_ON',
  expiresOnRequired: false,
  what,
  deadline: { kind: 'ENROLLMENT_EVIDENCE_EXPIRES', title: 'enrollment evidence expires' },
});

type Draft = Omit<EnrollmentCriterion, 'ruleId' | 'version' | 'effectiveFrom' | 'effectiveTo'>;
const v1 = (c: Draft): EnrollmentCriterion => ({ ...c, ruleId: `ENR-${c.id}-v1`, ...V1 });

const ENROLLED_FROM = 'the provider record: an enrollment period covering the date';
const STAFF_FROM = "the provider's staff records and the credential engine's answer for each person on the date";

export const ENROLLMENT_CRITERIA: readonly EnrollmentCriterion[] = [
  // ---- 140.452: a CMHC and an IP ----
  v1({
    id: 'CMHC_CERTIFICATION',
    citation: '140.452(a)(1)',
    title: 'Certified by the Department, or its agent, as compliant with 59 Ill. Adm. Code 132',
    section: '140.452',
    providerTypes: ['CMHC'],
    rests: 'EVIDENCE',
    evidence: {
      lapse: 'EXPIRES_ON',
      expiresOnRequired: true,
      what: 'the certification under 59 Ill. Adm. Code 132, with the day it expires',
      deadline: { kind: 'CMHC_CERTIFICATION_EXPIRES', title: 'CMHC certification expires' },
    },
  }),
  v1({
    id: 'IP_CLINICAL_PSYCHOLOGIST',
    citation: '140.452(a)(3)(A)',
    title: 'The practitioner is a licensed clinical psychologist, licence valid on the date',
    section: '140.452',
    providerTypes: ['IP'],
    ipKinds: ['CLINICAL_PSYCHOLOGIST'],
    rests: 'DERIVED',
    derivedFrom: "the IP's staff record and its clinical psychologist licence",
  }),
  v1({
    id: 'IP_CLINICAL_SOCIAL_WORKER',
    citation: '140.452(a)(3)(B)',
    title: 'The practitioner is a licensed clinical social worker, licence valid on the date',
    section: '140.452',
    providerTypes: ['IP'],
    ipKinds: ['CLINICAL_SOCIAL_WORKER'],
    rests: 'DERIVED',
    derivedFrom: "the IP's staff record and its clinical social worker licence",
  }),
  v1({
    id: 'IP_PSYCHIATRIST',
    citation: '140.452(a)(3)(C)',
    title: 'The practitioner is a psychiatrist: a licensed physician who completed a training program in psychiatry, licence valid on the date',
    section: '140.452',
    providerTypes: ['IP'],
    ipKinds: ['PSYCHIATRIST'],
    rests: 'DERIVED',
    derivedFrom: "the IP's staff record and its physician licence with specialty PSYCHIATRY",
  }),
  v1({
    id: 'ENROLLED',
    citation: '140.452(b)',
    title: 'Enrolled for participation in the Medical Assistance Program on the date',
    section: '140.452',
    providerTypes: ['CMHC', 'IP'],
    rests: 'DERIVED',
    derivedFrom: ENROLLED_FROM,
  }),

  // ---- 140.499: a BHC ----
  v1({
    id: 'BHC_COMMUNITY_SERVICES',
    citation: '140.499(a)',
    title: 'Provides community-based mental health services pursuant to Section 140.453',
    section: '140.499',
    providerTypes: BHC,
    rests: 'EVIDENCE',
    evidence: attestation('an attestation that the clinic provides community-based mental health services pursuant to Section 140.453'),
  }),
  v1({
    id: 'BHC_ENROLLED',
    citation: '140.499(b)',
    title: 'Enrolled with the Department as a medical provider pursuant to Section 140.11',
    section: '140.499',
    providerTypes: BHC,
    rests: 'DERIVED',
    derivedFrom: ENROLLED_FROM,
  }),
  v1({
    id: 'BHC_NOT_CLINIC_OR_CMHC',
    citation: '140.499(c)',
    title: 'Not enrolled as a clinic under Section 140.460(a) or as a Community Mental Health Center under 59 Ill. Adm. Code 132',
    section: '140.499',
    providerTypes: BHC,
    rests: 'DERIVED',
    derivedFrom: 'the provider record: its type and its encounter-rate flag (the check registration makes)',
  }),
  v1({
    id: 'BHC_COST_REPORTING',
    citation: '140.499(d)',
    title: 'Provides cost reporting information to the Department in the manner and format it specifies',
    section: '140.499',
    providerTypes: BHC,
    rests: 'EVIDENCE',
    evidence: {
      lapse: 'EXPIRES_ON',
      expiresOnRequired: false,
      what: "the cost report last provided; as expiresOn, the day the next one is due once the Department's notice (at least 90 days) says so",
      deadline: { kind: 'COST_REPORT_DUE', title: 'cost report due' },
    },
  }),
  v1({
    id: 'BHC_TABLE_O',
    citation: '140.499(e)',
    title: 'Complies with the requirements of Table O',
    section: '140.499',
    providerTypes: BHC,
    rests: 'DERIVED',
    derivedFrom: 'every Table O criterion below',
    summarises: ['O(a)', 'O(b)', 'O(c)', 'O(d)', 'O(e)'],
  }),

  // ---- Table O (a) ----
  v1({
    id: 'O_A1_LAWFUL_OPERATION',
    citation: `${O}(a)(1)`,
    title: 'Operates in compliance with all applicable State and federal laws, regulations and adopted policies and procedures',
    section: 'O(a)',
    providerTypes: BHC,
    rests: 'EVIDENCE',
    evidence: attestation('an attestation of compliance with applicable State and federal laws, regulations and adopted policies and procedures'),
  }),
  v1({
    id: 'O_A2_POLICIES',
    citation: `${O}(a)(2)`,
    title: 'Policies and procedures used by all staff in administering programs and delivering services',
    section: 'O(a)',
    providerTypes: BHC,
    rests: 'EVIDENCE',
    evidence: attestation('the policies and procedures used by all staff'),
  }),
  v1({
    id: 'O_A3_CULTURAL_COMPETENCE',
    citation: `${O}(a)(3)`,
    title: 'Facilities, staff and services culturally competent: compliant with the national CLAS standards',
    section: 'O(a)',
    providerTypes: BHC,
    rests: 'EVIDENCE',
    evidence: attestation('documentation of compliance with the national Culturally and Linguistically Appropriate Services (CLAS) standards'),
  }),
  v1({
    id: 'O_A4_PRESCRIBER_ACCESS',
    citation: `${O}(a)(4)`,
    title: 'Individuals can access active support from a practitioner licensed by Illinois to prescribe and manage medication',
    section: 'O(a)',
    providerTypes: BHC,
    rests: 'DERIVED',
    derivedFrom: "the staff records: someone employed holding an Illinois physician or advanced practice nurse licence valid on the date; otherwise a recorded agreement with an outside prescriber",
    evidence: {
      lapse: 'EXPIRES_ON',
      expiresOnRequired: false,
      what: 'the contract or agreement with an independent practitioner licensed by Illinois to prescribe, and the day it ends if it does',
      deadline: { kind: 'PRESCRIBER_AGREEMENT_EXPIRES', title: 'prescriber agreement expires' },
    },
  }),
  v1({
    id: 'O_A5_QUARTERLY_MEETINGS',
    citation: `${O}(a)(5)`,
    title: 'Holds meetings with individuals served and community stakeholders at least quarterly',
    section: 'O(a)',
    providerTypes: BHC,
    rests: 'EVIDENCE',
    evidence: {
      lapse: 'QUARTERLY',
      expiresOnRequired: false,
      what: 'the day the latest meeting with individuals served and community stakeholders was held',
      deadline: { kind: 'QUARTERLY_MEETING_DUE', title: 'quarterly meeting due' },
    },
  }),

  // ---- Table O (b) ----
  v1({
    id: 'O_B1_NOT_A_RESIDENCE',
    citation: `${O}(b)(1)`,
    title: "The clinic location is not an individual's residence or a home",
    section: 'O(b)',
    providerTypes: BHC,
    rests: 'EVIDENCE',
    evidence: attestation("an attestation that no clinic location is an individual's residence or a home"),
  }),
  v1({
    id: 'O_B2_SANITARY_ENVIRONMENT',
    citation: `${O}(b)(2)`,
    title: 'A sanitary and comfortable environment for individuals and staff',
    section: 'O(b)',
    providerTypes: BHC,
    rests: 'EVIDENCE',
    evidence: attestation('an attestation or inspection of a sanitary and comfortable environment'),
  }),
  v1({
    id: 'O_B3_EMERGENCY_PLANS',
    citation: `${O}(b)(3)`,
    title: 'Policies and procedures for emergency disaster plans, fire evacuation plans and basic site maintenance',
    section: 'O(b)',
    providerTypes: BHC,
    rests: 'EVIDENCE',
    evidence: attestation('the emergency disaster, fire evacuation and site maintenance policies and procedures'),
  }),
  v1({
    id: 'O_B4_PRIVACY',
    citation: `${O}(b)(4)`,
    title: 'An environment reflecting the interventions and populations served that affords privacy to individuals',
    section: 'O(b)',
    providerTypes: BHC,
    rests: 'EVIDENCE',
    evidence: attestation('an attestation that the environment affords privacy to individuals'),
  }),
  v1({
    id: 'O_B5_HEALTH_AND_SAFETY',
    citation: `${O}(b)(5)`,
    title: 'Meets health and safety standards, as applicable',
    section: 'O(b)',
    providerTypes: BHC,
    rests: 'EVIDENCE',
    evidence: attestation('an attestation or inspection of the applicable health and safety standards'),
  }),
  v1({
    id: 'O_B6_ACCESSIBILITY',
    citation: `${O}(b)(6)`,
    title: 'Accessible under the ADA and the Illinois Accessibility Code, with a written reasonable accommodation policy',
    section: 'O(b)',
    providerTypes: BHC,
    rests: 'EVIDENCE',
    evidence: attestation('the accessibility review and the written policy for reasonable accommodations'),
  }),
  v1({
    id: 'O_B7_FIRE_MARSHAL_LETTER',
    citation: `${O}(b)(7)`,
    title: 'Displays a current letter from the Office of the State Fire Marshal or the local fire authority (annual compliance with 41 Ill. Adm. Code 100)',
    section: 'O(b)',
    providerTypes: BHC,
    rests: 'EVIDENCE',
    evidence: {
      lapse: 'ANNUAL',
      expiresOnRequired: false,
      what: 'the letter from the Office of the State Fire Marshal or the local fire authority, dated the day of the letter',
      deadline: { kind: 'FIRE_MARSHAL_LETTER_DUE', title: 'Fire Marshal letter due' },
    },
  }),
  v1({
    id: 'O_B8_BUILDING_CODES',
    citation: `${O}(b)(8)`,
    title: 'Complies with building codes adopted by local ordinance',
    section: 'O(b)',
    providerTypes: BHC,
    rests: 'EVIDENCE',
    evidence: attestation('an attestation or certificate of compliance with the local building codes'),
  }),

  // ---- Table O (c) ----
  v1({
    id: 'O_C1_SUFFICIENT_STAFF',
    citation: `${O}(c)(1)`,
    title: 'Sufficient staff of appropriate training and credentialing for service delivery',
    section: 'O(c)',
    providerTypes: BHC,
    rests: 'DERIVED',
    derivedFrom: `${STAFF_FROM}: everyone employed holds a tier of 140.453(b), an LPHA among them, and those below QMHP have a QMHP supervisor`,
  }),
  v1({
    id: 'O_C2_CLINICAL_DIRECTOR',
    citation: `${O}(c)(2)`,
    title: 'Employs a full-time Clinical Director who meets the requirements of an LPHA',
    section: 'O(c)',
    providerTypes: BHC,
    rests: 'DERIVED',
    derivedFrom: `${STAFF_FROM}: the person recorded as clinicalDirector, employed and full-time on the date, holding LPHA`,
  }),
  v1({
    id: 'O_C3_BACKGROUND_CHECKS',
    citation: `${O}(c)(3)`,
    title: 'Background checks performed and recorded on every person engaged',
    section: 'O(c)',
    providerTypes: BHC,
    rests: 'DERIVED',
    derivedFrom: 'the backgroundChecks on the staff record of everyone employed on the date, each of the three kinds below',
  }),
  v1({
    id: 'O_C3A_HEALTH_CARE_WORKER_REGISTRY',
    citation: `${O}(c)(3)(A)`,
    title: "The Department of Public Health's Health Care Worker Registry accessed for every person; no one with a finding engaged",
    section: 'O(c)',
    providerTypes: BHC,
    rests: 'DERIVED',
    derivedFrom: 'the HEALTH_CARE_WORKER_REGISTRY checks on the staff records',
  }),
  v1({
    id: 'O_C3B_FINGERPRINT_CHECKS',
    citation: `${O}(c)(3)(B)`,
    title: 'Background checks under the Health Care Worker Background Check Act and 77 Ill. Adm. Code 955',
    section: 'O(c)',
    providerTypes: BHC,
    rests: 'DERIVED',
    derivedFrom: 'the FINGERPRINT checks on the staff records',
  }),
  v1({
    id: 'O_C3C_OIG_SANCTIONS',
    citation: `${O}(c)(3)(C)`,
    title: 'The HFS OIG Provider Sanctions List reviewed for every person; no one on it employed',
    section: 'O(c)',
    providerTypes: BHC,
    rests: 'DERIVED',
    derivedFrom: 'the OIG_SANCTIONS checks on the staff records',
  }),
  v1({
    id: 'O_C3D_ADDITIONAL_CHECKS',
    citation: `${O}(c)(3)(D)`,
    title: 'Any additional background checks the population or funder requires, as approved by the Department',
    section: 'O(c)',
    providerTypes: BHC,
    rests: 'EVIDENCE',
    evidence: attestation('an attestation that the additional background checks required by the population served or the funder are met (or that none are required)'),
  }),

  // ---- Table O (d) ----
  v1({
    id: 'O_D1_LIABILITY_INSURANCE',
    citation: `${O}(d)(1)`,
    title: 'Insurance against professional and physical liabilities',
    section: 'O(d)',
    providerTypes: BHC,
    rests: 'EVIDENCE',
    evidence: {
      lapse: 'EXPIRES_ON',
      expiresOnRequired: true,
      what: 'the certificate of professional and general liability insurance, with the day the policy expires',
      deadline: { kind: 'INSURANCE_EXPIRES', title: 'insurance expires' },
    },
  }),
  v1({
    id: 'O_D2_NO_SUBCONTRACTING',
    citation: `${O}(d)(2)`,
    title: 'Does not subcontract the delivery of services detailed in Section 140.453',
    section: 'O(d)',
    providerTypes: BHC,
    rests: 'DERIVED',
    derivedFrom: "the staff records: everyone rendering is the clinic's employee, and the QMHP supervision they work under is given by its employees",
  }),

  // ---- Table O (e) ----
  v1({
    id: 'O_E1_CARE_COORDINATION',
    citation: `${O}(e)(1)`,
    title: "Coordinates service delivery with the individual's primary care provider, care coordination entity and/or managed care entity",
    section: 'O(e)',
    providerTypes: BHC,
    rests: 'EVIDENCE',
    evidence: attestation('the care coordination policy or agreements'),
  }),
  v1({
    id: 'O_E2A_NON_TRADITIONAL_HOURS',
    citation: `${O}(e)(2)(A)`,
    title: 'Services available during non-traditional working hours (weekends and evenings)',
    section: 'O(e)',
    providerTypes: BHC,
    rests: 'EVIDENCE',
    evidence: attestation('the schedule of services during weekends and evenings'),
  }),
  v1({
    id: 'O_E2B_COMMUNITY_SETTINGS',
    citation: `${O}(e)(2)(B)`,
    title: 'Services delivered in the home or other community-based settings',
    section: 'O(e)',
    providerTypes: BHC,
    rests: 'EVIDENCE',
    evidence: attestation('documentation of services delivered in the home or community-based settings'),
  }),
  v1({
    id: 'O_E3_SUD_REFERRALS',
    citation: `${O}(e)(3)`,
    title: 'Policies and procedures so that individuals receive referrals for substance use disorder treatment, as needed',
    section: 'O(e)',
    providerTypes: BHC,
    rests: 'EVIDENCE',
    evidence: attestation('the substance use disorder referral policies and procedures'),
  }),
];

/** The version of a criterion in force on a day (the first version before any is in force). */
export function criterionOn(id: string, on: DateOnly, table: readonly EnrollmentCriterion[] = ENROLLMENT_CRITERIA): EnrollmentCriterion | undefined {
  const versions = table.filter((c) => c.id === id);
  if (versions.length === 0) return undefined;
  return versions.find((c) => c.effectiveFrom <= on && (c.effectiveTo === null || on <= c.effectiveTo)) ?? versions.reduce((a, b) => (a.effectiveFrom <= b.effectiveFrom ? a : b));
}

export function appliesTo(c: EnrollmentCriterion, provider: { type: ProviderType; ipKind: IpKind | null }): boolean {
  if (!c.providerTypes.includes(provider.type)) return false;
  return !c.ipKinds || (provider.ipKind !== null && c.ipKinds.includes(provider.ipKind));
}

/** Every criterion for a provider's type (and IP kind), in the order of the regulation, each in the version in force on the day. */
export function criteriaFor(provider: { type: ProviderType; ipKind: IpKind | null }, on: DateOnly, table: readonly EnrollmentCriterion[] = ENROLLMENT_CRITERIA): EnrollmentCriterion[] {
  const ids = [...new Set(table.map((c) => c.id))];
  return ids.map((id) => criterionOn(id, on, table)!).filter((c) => appliesTo(c, provider));
}
