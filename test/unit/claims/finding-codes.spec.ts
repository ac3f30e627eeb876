/**
 * Every stable finding code of CONTRACT.md: a claim that triggers it, and a near-identical one that
 * does not. Each scenario starts from the baseline (a CMHC enrolled, an LPHA therapist employed, an
 * adult with a current assessment and plan; date of service 2026-09-14) and changes one thing.
 */
import { buildRuleCatalogue, validateClaims, FINDING_CODES, type FindingCode, type ValidationReport } from '../../../src/rules/claims';
import {
  ADULT_ID,
  CMHC_ID,
  LPHA_ID,
  baselineWorld,
  claim,
  contextFor,
  line,
  provider,
  shippedConfig,
  staff,
  type FakeWorld,
} from '../../../src/rules/claims/testing';
import type { ClaimInput, LicenseFact } from '../../../src/rules/facts';

type Scenario = (w: FakeWorld) => ClaimInput[];

interface Case {
  code: FindingCode;
  name: string;
  trigger: Scenario;
  control: Scenario;
}

function run(s: Scenario): ValidationReport {
  const w = baselineWorld();
  const claims = s(w);
  return validateClaims(claims, contextFor(w));
}

function codes(r: ValidationReport): FindingCode[] {
  return r.claims.flatMap((c) => [...c.findings, ...c.lines.flatMap((l) => l.findings)]).map((f) => f.code);
}

const one = (over: Parameters<typeof line>[0] = {}): ClaimInput[] => [claim({}, [line(over)])];
const setTier = (w: FakeWorld, tier: 'LPHA' | 'QMHP' | 'MHP' | 'RSA' | null) => {
  w.tierOf[LPHA_ID] = tier;
};
const recipientOf = (w: FakeWorld) => w.recipients[0];
const prescriber = () => staff({ id: 'st-md', name: 'Dr. R. Lee', licenses: [{ kind: 'PHYSICIAN', specialty: 'PSYCHIATRY', state: 'IL', number: '036-1', issuedOn: '2010-01-01', expiresOn: '2029-07-31' }] });
const psychologistLicence = (): LicenseFact[] => [{ kind: 'CLINICAL_PSYCHOLOGIST' as const, state: 'IL', number: '071-1', issuedOn: '2010-01-01', expiresOn: '2028-09-30' }];
/** The baseline assessment approved by someone (fake tier QMHP) registered at an IP of kind CLINICAL_PSYCHOLOGIST. */
const approvedAtIp = (w: FakeWorld, name: string, licenses: LicenseFact[]): ClaimInput[] => {
  w.providers.push(provider({ id: 'prov-ip', name: 'Dr. Solo', npi: '1234567819', type: 'IP', ipKind: 'CLINICAL_PSYCHOLOGIST' }));
  w.staff.push(staff({ id: 'st-q', name, providerId: 'prov-ip', licenses }));
  w.tierOf['st-q'] = 'QMHP';
  recipientOf(w).assessments[0].approvedByStaffId = 'st-q';
  return one();
};
const registryCheck = (checkedOn: string, result: 'CLEAR' | 'FINDING') => ({ kind: 'HEALTH_CARE_WORKER_REGISTRY' as const, checkedOn, result });
/** The baseline provider as an IP of kind CLINICAL_PSYCHOLOGIST, the baseline staff member its practitioner. */
const asIp = (w: FakeWorld) => {
  Object.assign(w.providers[0], { type: 'IP', ipKind: 'CLINICAL_PSYCHOLOGIST' });
  w.staff[0].licenses = psychologistLicence();
};

const CASES: Case[] = [
  { code: 'INVALID_CLAIM', name: 'zero units', trigger: () => one({ units: 0 }), control: () => one({ units: 1 }) },
  { code: 'INVALID_CLAIM', name: 'a date not YYYY-MM-DD', trigger: () => one({ dateOfService: '2026-9-14' }), control: () => one({ dateOfService: '2026-09-14' }) },
  { code: 'INVALID_CLAIM', name: 'fractional units', trigger: () => one({ units: 1.5 }), control: () => one({ units: 2 }) },
  { code: 'INVALID_CLAIM', name: 'no rendering staff', trigger: () => one({ renderingStaffId: undefined }), control: () => one({ renderingStaffId: undefined, renderingNpi: '1003000126' }) },
  { code: 'INVALID_CLAIM', name: 'unknown frequency', trigger: () => [claim({ frequency: 'ADJUST' as never })], control: () => [claim({ frequency: 'ORIGINAL' })] },
  { code: 'INVALID_CLAIM', name: 'modifiers disagreeing on modality', trigger: () => one({ modifiers: ['HQ', 'HR'] }), control: () => one({ modifiers: ['HQ'] }) },
  { code: 'UNKNOWN_PROVIDER', name: 'provider not registered', trigger: () => [claim({ providerId: 'prov-x' })], control: () => [claim({ providerId: CMHC_ID })] },
  { code: 'UNKNOWN_PROVIDER', name: 'billing NPI not registered', trigger: () => [claim({ providerId: undefined, billingNpi: '1999999999' })], control: () => [claim({ providerId: undefined, billingNpi: '1234567893' })] },
  { code: 'UNKNOWN_RECIPIENT', name: 'recipient not registered', trigger: () => [claim({ recipientId: 'rec-x' })], control: () => [claim({ recipientId: ADULT_ID })] },
  { code: 'UNKNOWN_RECIPIENT', name: 'birth date on the claim differs', trigger: () => [claim({ recipientBirthDate: '1990-05-02' })], control: () => [claim({ recipientBirthDate: '1990-05-01' })] },
  { code: 'UNKNOWN_STAFF', name: 'rendering staff not registered', trigger: () => one({ renderingStaffId: 'st-x' }), control: () => one({ renderingStaffId: LPHA_ID }) },
  { code: 'UNMAPPED_PROCEDURE_CODE', name: 'code not in the table', trigger: () => one({ procedureCode: 'H9999' }), control: () => one({ procedureCode: 'H0004' }) },
  { code: 'UNMAPPED_PROCEDURE_CODE', name: 'modifier not in the table', trigger: () => one({ modifiers: ['XX'] }), control: () => one({ modifiers: ['HA'] }) },
  {
    code: 'SERVICE_CODE_CONFLICT',
    name: 'code and service disagree',
    trigger: () => one({ procedureCode: 'H0004', service: 'COMMUNITY_SUPPORT' }),
    control: () => one({ procedureCode: 'H0004', service: 'THERAPY_COUNSELING' }),
  },
  {
    code: 'DUPLICATE_LINE',
    name: 'same service, staff and date twice',
    trigger: () => [claim({}, [line(), line({ lineId: '2' })])],
    control: () => [claim({}, [line(), line({ lineId: '2', dateOfService: '2026-09-15' })])],
  },
  {
    code: 'PROVIDER_NOT_ENROLLED',
    name: 'enrollment ended the day before',
    trigger: (w) => {
      w.providers[0].enrollments = [{ from: '2018-07-01', to: '2026-09-13' }];
      return one();
    },
    control: (w) => {
      w.providers[0].enrollments = [{ from: '2018-07-01', to: '2026-09-14' }];
      return one();
    },
  },
  {
    code: 'PROVIDER_TYPE_NOT_ALLOWED',
    name: 'a BHC billing PSR (140.452(d))',
    trigger: (w) => {
      w.providers[0].type = 'BHC';
      return one({ procedureCode: 'H2017' });
    },
    control: () => one({ procedureCode: 'H2017' }),
  },
  {
    code: 'PROVIDER_TYPE_NOT_ALLOWED',
    name: 'an IP billing community support (140.452(e))',
    trigger: (w) => {
      asIp(w);
      return one({ procedureCode: 'H2015' });
    },
    control: (w) => {
      asIp(w);
      return one({ procedureCode: 'H0004' });
    },
  },
  {
    code: 'PROVIDER_TYPE_NOT_ALLOWED',
    name: 'a BHC billing ACT (140.452(d))',
    trigger: (w) => {
      w.providers[0].type = 'BHC';
      return one({ procedureCode: 'H0039' });
    },
    control: (w) => {
      w.providers[0].type = 'BHC';
      return one({ procedureCode: 'H2016' });
    },
  },
  {
    code: 'ENCOUNTER_RATE_CLINIC',
    name: 'encounter-rate clinic without an encounter line',
    trigger: (w) => {
      w.providers[0].encounterRateClinic = true;
      return one();
    },
    control: (w) => {
      w.providers[0].encounterRateClinic = true;
      return [claim({}, [line({ lineId: 'E', procedureCode: 'T1015', units: 1 }), line()])];
    },
  },
  {
    code: 'ENCOUNTER_RATE_CLINIC',
    name: 'encounter code billed by a clinic not paid by encounter',
    trigger: () => [claim({}, [line({ lineId: 'E', procedureCode: 'T1015', units: 1 }), line()])],
    control: () => one(),
  },
  {
    code: 'PROGRAM_APPROVAL_MISSING',
    name: 'IO without a Table N approval',
    trigger: (w) => {
      w.approvals.delete(`${CMHC_ID}|IO`);
      return one({ procedureCode: 'S9480' });
    },
    control: () => one({ procedureCode: 'S9480' }),
  },
  {
    code: 'PROGRAM_APPROVAL_MISSING',
    name: 'CST without a Table N approval',
    trigger: (w) => {
      w.approvals.delete(`${CMHC_ID}|CST`);
      return one({ procedureCode: 'H2016' });
    },
    control: () => one({ procedureCode: 'H2016' }),
  },
  {
    code: 'FINAL_NOTICE_OVERDUE',
    name: 'CST in force only while the Final Notice is overdue',
    trigger: (w) => {
      w.finalNoticeOverdue.add(`${CMHC_ID}|CST`);
      return one({ procedureCode: 'H2016' });
    },
    control: () => one({ procedureCode: 'H2016' }),
  },
  { code: 'SITE_NOT_ALLOWED', name: 'PSR at home (POS 12)', trigger: () => one({ procedureCode: 'H2017', placeOfService: '12' }), control: () => one({ procedureCode: 'H2017', placeOfService: '53' }) },
  {
    code: 'SITE_NOT_ALLOWED',
    name: 'PSR with no place of service',
    trigger: () => one({ procedureCode: 'H2017', placeOfService: undefined }),
    control: () => [claim({ placeOfService: '11' }, [line({ procedureCode: 'H2017', placeOfService: undefined })])],
  },
  {
    code: 'STAFF_NOT_EMPLOYED',
    name: 'left the day before',
    trigger: (w) => {
      w.staff[0].endDate = '2026-09-13';
      return one();
    },
    control: (w) => {
      w.staff[0].endDate = '2026-09-14';
      return one();
    },
  },
  {
    code: 'STAFF_NOT_EMPLOYED',
    name: 'staff of another provider',
    trigger: (w) => {
      w.providers.push(provider({ id: 'prov-2', name: 'Other CMHC', npi: '1234567801' }));
      w.staff[0].providerId = 'prov-2';
      return one();
    },
    control: (w) => {
      w.providers.push(provider({ id: 'prov-2', name: 'Other CMHC', npi: '1234567801' }));
      return one();
    },
  },
  {
    code: 'STAFF_EXCLUDED',
    name: 'a Health Care Worker Registry finding checked on the date of service, at a CMHC (Table O(c)(3)(A))',
    trigger: (w) => {
      w.staff[0].backgroundChecks = [registryCheck('2026-09-14', 'FINDING')];
      return one();
    },
    control: (w) => {
      // checked the day after the date of service
      w.staff[0].backgroundChecks = [registryCheck('2026-09-15', 'FINDING')];
      return one();
    },
  },
  {
    code: 'STAFF_EXCLUDED',
    name: 'on the HFS OIG sanctions list, at a BHC (Table O(c)(3)(C)); a later CLEAR check lifts it',
    trigger: (w) => {
      w.providers[0].type = 'BHC';
      w.staff[0].backgroundChecks = [{ kind: 'OIG_SANCTIONS', checkedOn: '2026-08-01', result: 'FINDING' }];
      return one();
    },
    control: (w) => {
      w.providers[0].type = 'BHC';
      w.staff[0].backgroundChecks = [
        { kind: 'OIG_SANCTIONS', checkedOn: '2026-08-01', result: 'FINDING' },
        { kind: 'OIG_SANCTIONS', checkedOn: '2026-09-01', result: 'CLEAR' },
        // a fingerprint finding alone does not exclude (a waiver may stand)
        { kind: 'FINGERPRINT', checkedOn: '2026-08-01', result: 'FINDING' },
      ];
      return one();
    },
  },
  {
    code: 'NOT_INDEPENDENT_PRACTITIONER',
    name: 'an IP line rendered by an associate registered there, not the practitioner',
    trigger: (w) => {
      asIp(w);
      w.staff[0].licenses = [{ kind: 'CLINICAL_PROFESSIONAL_COUNSELOR', state: 'IL', number: '180-1', issuedOn: '2010-01-01', expiresOn: '2028-09-30' }];
      return one();
    },
    control: (w) => {
      asIp(w);
      return one();
    },
  },
  {
    code: 'NOT_INDEPENDENT_PRACTITIONER',
    name: "the practitioner's licence does not match the IP's kind",
    trigger: (w) => {
      asIp(w);
      w.providers[0].ipKind = 'PSYCHIATRIST';
      return one();
    },
    control: (w) => {
      asIp(w);
      return one();
    },
  },
  {
    code: 'STAFF_TIER_INSUFFICIENT',
    name: 'IO by an MHP',
    trigger: (w) => {
      setTier(w, 'MHP');
      return one({ procedureCode: 'S9480' });
    },
    control: (w) => {
      setTier(w, 'QMHP');
      return one({ procedureCode: 'S9480' });
    },
  },
  {
    code: 'STAFF_TIER_INSUFFICIENT',
    name: 'therapy by an RSA',
    trigger: (w) => {
      setTier(w, 'RSA');
      return one();
    },
    control: (w) => {
      setTier(w, 'MHP');
      return one();
    },
  },
  {
    code: 'SUPERVISION_MISSING',
    name: 'an MHP without a QMHP supervisor',
    trigger: (w) => {
      setTier(w, 'MHP');
      w.unsupervised.add(LPHA_ID);
      return one();
    },
    control: (w) => {
      setTier(w, 'MHP');
      return one();
    },
  },
  {
    code: 'MEDICATION_LICENSE_REQUIRED',
    name: 'medication administration by unlicensed staff',
    trigger: () => one({ procedureCode: 'H2010', modifiers: ['U1'] }),
    control: (w) => {
      w.mayAdminister.add(LPHA_ID);
      return one({ procedureCode: 'H2010', modifiers: ['U1'] });
    },
  },
  {
    code: 'PRESCRIBER_DESIGNATION_MISSING',
    name: 'medication monitoring without a written designation',
    trigger: (w) => {
      w.staff.push(prescriber());
      return one({ procedureCode: 'H2010' });
    },
    control: (w) => {
      w.staff.push(prescriber());
      w.staff[0].prescriberDesignations = [{ designatedByStaffId: 'st-md', designatedOn: '2026-01-01', services: ['MEDICATION_MONITORING'], endsOn: null }];
      return one({ procedureCode: 'H2010' });
    },
  },
  {
    code: 'PRESCRIBER_DESIGNATION_MISSING',
    name: 'medication training designated by someone who cannot prescribe',
    trigger: (w) => {
      w.staff.push(staff({ id: 'st-rn', name: 'N. Nurse', licenses: [{ kind: 'REGISTERED_NURSE', state: 'IL', number: '041-1', issuedOn: '2010-01-01', expiresOn: '2029-05-31' }] }));
      w.staff[0].prescriberDesignations = [{ designatedByStaffId: 'st-rn', designatedOn: '2026-01-01', services: ['MEDICATION_TRAINING'], endsOn: null }];
      return one({ procedureCode: 'H0034' });
    },
    control: (w) => {
      w.staff.push(prescriber());
      w.staff[0].prescriberDesignations = [{ designatedByStaffId: 'st-md', designatedOn: '2026-01-01', services: ['MEDICATION_TRAINING'], endsOn: null }];
      return one({ procedureCode: 'H0034' });
    },
  },
  { code: 'MODALITY_NOT_ALLOWED', name: 'assessment in a group', trigger: () => one({ procedureCode: 'H0031', modifiers: ['HQ'] }), control: () => one({ procedureCode: 'H0031' }) },
  { code: 'MODALITY_NOT_ALLOWED', name: 'CST in a family modality', trigger: () => one({ procedureCode: 'H2016', modality: 'FAMILY' }), control: () => one({ procedureCode: 'H2016', modality: 'INDIVIDUAL' }) },
  {
    code: 'CONTACT_NOT_ALLOWED',
    name: 'medication training by phone',
    trigger: (w) => {
      w.staff[0].licenses = prescriber().licenses;
      return one({ procedureCode: 'H0034', modifiers: ['93'] });
    },
    control: (w) => {
      w.staff[0].licenses = prescriber().licenses;
      return one({ procedureCode: 'H0034', modifiers: ['GT'] });
    },
  },
  { code: 'CONTACT_NOT_ALLOWED', name: 'PSR by video', trigger: () => one({ procedureCode: 'H2017', contact: 'VIDEO' }), control: () => one({ procedureCode: 'H2017', contact: 'FACE_TO_FACE' }) },
  { code: 'GROUP_RATIO_EXCEEDED', name: 'IO: 9 adults for one staff', trigger: () => one({ procedureCode: 'S9480', groupSize: 9 }), control: () => one({ procedureCode: 'S9480', groupSize: 8 }) },
  {
    code: 'GROUP_RATIO_EXCEEDED',
    name: 'IO: 5 youth for one staff',
    trigger: (w) => {
      recipientOf(w).birthDate = '2008-09-15'; // 17 on 2026-09-14
      return one({ procedureCode: 'S9480', groupSize: 5 });
    },
    control: (w) => {
      recipientOf(w).birthDate = '2008-09-14'; // 18 that day: the adult ratio
      return one({ procedureCode: 'S9480', groupSize: 5 });
    },
  },
  {
    code: 'GROUP_RATIO_EXCEEDED',
    name: 'PSR: 31 for two staff',
    trigger: () => one({ procedureCode: 'H2017', modifiers: ['HQ'], groupSize: 31, groupStaff: 2 }),
    control: () => one({ procedureCode: 'H2017', modifiers: ['HQ'], groupSize: 30, groupStaff: 2 }),
  },
  {
    code: 'AGE_NOT_ALLOWED',
    name: 'ACT the day before the 18th birthday',
    trigger: (w) => {
      recipientOf(w).birthDate = '2008-09-15';
      return one({ procedureCode: 'H0039' });
    },
    control: (w) => {
      recipientOf(w).birthDate = '2008-09-14';
      return one({ procedureCode: 'H0039' });
    },
  },
  {
    code: 'ASSESSMENT_MISSING',
    name: 'no assessment',
    trigger: (w) => {
      recipientOf(w).assessments = [];
      return one();
    },
    control: () => one(),
  },
  {
    code: 'ASSESSMENT_MISSING',
    name: 'assessment approved by a QMHP, not an LPHA',
    trigger: (w) => {
      w.staff.push(staff({ id: 'st-q', name: 'Q. Person' }));
      w.tierOf['st-q'] = 'QMHP';
      recipientOf(w).assessments[0].approvedByStaffId = 'st-q';
      return one();
    },
    // the IP's approval counts whatever the fake tier
    control: (w) => approvedAtIp(w, 'Dr. Solo', psychologistLicence()),
  },
  {
    code: 'ASSESSMENT_MISSING',
    name: 'assessment approved by an associate registered at an IP, not its practitioner (140.452(a)(3))',
    trigger: (w) => approvedAtIp(w, 'A. Associate', []),
    control: (w) => approvedAtIp(w, 'Dr. Solo', psychologistLicence()),
  },
  {
    code: 'ASSESSMENT_EXPIRED',
    name: 'completed 12 months and a day before (12 months to the day is still current)',
    trigger: (w) => {
      recipientOf(w).assessments[0].completedOn = '2025-09-13';
      return one();
    },
    control: (w) => {
      recipientOf(w).assessments[0].completedOn = '2025-09-14';
      return one();
    },
  },
  {
    code: 'TREATMENT_PLAN_MISSING',
    name: 'no plan',
    trigger: (w) => {
      recipientOf(w).treatmentPlans = [];
      return one();
    },
    control: () => one(),
  },
  {
    code: 'TREATMENT_PLAN_MISSING',
    name: "another provider's plan",
    trigger: (w) => {
      recipientOf(w).treatmentPlans[0].providerId = 'prov-2';
      return one();
    },
    control: () => one(),
  },
  {
    code: 'TREATMENT_PLAN_EXPIRED',
    name: 'approved 6 months and a day before (6 months to the day is still current)',
    trigger: (w) => {
      Object.assign(recipientOf(w).treatmentPlans[0], { approvedOn: '2026-03-13', clientSignedOn: '2026-03-13' });
      return one();
    },
    control: (w) => {
      Object.assign(recipientOf(w).treatmentPlans[0], { approvedOn: '2026-03-14', clientSignedOn: '2026-03-14' });
      return one();
    },
  },
  {
    code: 'TREATMENT_PLAN_UNSIGNED',
    name: 'signed by the individual the day after the date of service',
    trigger: (w) => {
      recipientOf(w).treatmentPlans[0].clientSignedOn = '2026-09-15';
      return one();
    },
    control: (w) => {
      recipientOf(w).treatmentPlans[0].clientSignedOn = '2026-09-14';
      return one();
    },
  },
  {
    code: 'TREATMENT_PLAN_UNSIGNED',
    name: 'no signature recorded',
    trigger: (w) => {
      recipientOf(w).treatmentPlans[0].clientSignedOn = null;
      return one();
    },
    control: () => one(),
  },
  {
    code: 'DIAGNOSIS_MISSING',
    name: 'an adult whose assessment records no diagnosis',
    trigger: (w) => {
      recipientOf(w).assessments[0].diagnoses = [];
      return one();
    },
    control: (w) => {
      recipientOf(w).assessments[0].diagnoses = ['F41.1'];
      return one();
    },
  },
  {
    code: 'SERVICE_NOT_IN_PLAN',
    name: 'plan names community support only',
    trigger: (w) => {
      recipientOf(w).treatmentPlans[0].services = ['COMMUNITY_SUPPORT'];
      return one();
    },
    control: (w) => {
      recipientOf(w).treatmentPlans[0].services = ['COMMUNITY_SUPPORT', 'THERAPY_COUNSELING'];
      return one();
    },
  },
  {
    code: 'DIAGNOSIS_NOT_DEFINITIVE',
    name: 'rule-out still open 105 days after the assessment',
    trigger: (w) => {
      Object.assign(recipientOf(w).assessments[0], { ruleOut: true, definitiveOn: null });
      return one();
    },
    control: (w) => {
      Object.assign(recipientOf(w).assessments[0], { ruleOut: true, definitiveOn: '2026-08-01' });
      return one();
    },
  },
  {
    code: 'DIAGNOSIS_NOT_DEFINITIVE',
    name: 'rule-out on day 91 vs day 90',
    trigger: (w) => {
      Object.assign(recipientOf(w).assessments[0], { ruleOut: true, definitiveOn: null });
      return one({ dateOfService: '2026-08-31' }); // 2026-06-01 + 91 days
    },
    control: (w) => {
      Object.assign(recipientOf(w).assessments[0], { ruleOut: true, definitiveOn: null });
      return one({ dateOfService: '2026-08-30' }); // + 90 days: still within
    },
  },
  {
    code: 'GENERAL_MRO_REQUIRED',
    name: 'client-centered consultation with no General MRO service',
    trigger: (w) => {
      recipientOf(w).treatmentPlans[0].services = ['CLIENT_CENTERED_CONSULTATION', 'MENTAL_HEALTH_CASE_MANAGEMENT'];
      return one({ procedureCode: 'T1017' });
    },
    control: (w) => {
      recipientOf(w).treatmentPlans[0].services = ['CLIENT_CENTERED_CONSULTATION', 'MENTAL_HEALTH_CASE_MANAGEMENT', 'MEDICATION_MONITORING'];
      return one({ procedureCode: 'T1017' });
    },
  },
  {
    code: 'TCM_CAP_EXCEEDED',
    name: '75 minutes with 60 left',
    trigger: (w) => {
      w.ledger.push({ recipientId: ADULT_ID, sfy: 'SFY2027', category: 'TCM', minutes: 14340, claim: { providerId: CMHC_ID, claimId: 'OLD' } });
      return one({ procedureCode: 'T1016', units: 5 });
    },
    control: (w) => {
      w.ledger.push({ recipientId: ADULT_ID, sfy: 'SFY2027', category: 'TCM', minutes: 14340, claim: { providerId: CMHC_ID, claimId: 'OLD' } });
      return one({ procedureCode: 'T1016', units: 4 });
    },
  },
  {
    code: 'TLA_CAP_EXCEEDED',
    name: '75 minutes of TLA with 60 left',
    trigger: (w) => {
      w.ledger.push({ recipientId: ADULT_ID, sfy: 'SFY2027', category: 'TLA', minutes: 2340, claim: { providerId: CMHC_ID, claimId: 'OLD' } });
      return one({ procedureCode: 'T1016', modifiers: ['U1'], units: 5 });
    },
    control: (w) => {
      w.ledger.push({ recipientId: ADULT_ID, sfy: 'SFY2027', category: 'TLA', minutes: 2340, claim: { providerId: CMHC_ID, claimId: 'OLD' } });
      return one({ procedureCode: 'T1016', modifiers: ['U1'], units: 4 });
    },
  },
  {
    code: 'CAP_NEAR',
    name: 'TCM reaching exactly 90%',
    trigger: (w) => {
      w.ledger.push({ recipientId: ADULT_ID, sfy: 'SFY2027', category: 'TCM', minutes: 12900, claim: { providerId: CMHC_ID, claimId: 'OLD' } });
      return one({ procedureCode: 'T1016', units: 4 }); // 12,960 = 90% of 14,400
    },
    control: (w) => {
      w.ledger.push({ recipientId: ADULT_ID, sfy: 'SFY2027', category: 'TCM', minutes: 12899, claim: { providerId: CMHC_ID, claimId: 'OLD' } });
      return one({ procedureCode: 'T1016', units: 4 });
    },
  },
];

const catalogue = buildRuleCatalogue(shippedConfig().catalog, shippedConfig().procedureCodes);

describe('finding codes', () => {
  it.each(CASES.map((c) => [c.code, c.name, c] as const))('%s: %s', (code, _name, c) => {
    const hit = run(c.trigger);
    const miss = run(c.control);
    expect(codes(hit)).toContain(code);
    expect(codes(miss)).not.toContain(code);
    // Controls are clean: the claims pass, or at most warn.
    for (const cl of miss.claims) expect(cl.status).not.toBe('FAIL');
    // Every finding names its rule (a rule of the catalogue) and citation, and says what clears it.
    for (const f of hit.claims.flatMap((cl) => [...cl.findings, ...cl.lines.flatMap((l) => l.findings)])) {
      expect(f.citation).toMatch(/^140\./);
      expect(f.ruleId).not.toBe('');
      expect(f.message.length).toBeGreaterThan(20);
      // one sentence: a reason borrowed from another answer does not end it early ("recorded (needed on D)., 140...")
      expect(f.message).not.toMatch(/\.,/);
      expect(f.action).toBe(catalogue.actionFor(f.ruleId, f.code));
    }
  });

  it('has a trigger and a control for every stable code of the contract', () => {
    const covered = new Set(CASES.map((c) => c.code));
    expect(FINDING_CODES.filter((c) => !covered.has(c))).toEqual([]);
  });

  it('every code is produced by the engine across the scenarios', () => {
    const produced = new Set(CASES.flatMap((c) => codes(run(c.trigger))));
    expect(FINDING_CODES.filter((c) => !produced.has(c))).toEqual([]);
  });
});
