/**
 * Who an IP provider's practitioner is (140.452(a)(3)): the staff member registered there holding, valid
 * that day, the licence its ipKind names; and how the provider's credentials answer flags the rest.
 */
import { ipPractitionerCheck, ipStaffWarnings } from '../../../src/rules/credentials';
import type { ProviderFacts } from '../../../src/rules/facts';
import type { IpKind } from '../../../src/rules/vocabulary';
import { lic, staff } from './builder';

const D = '2026-03-01';
const ip = (ipKind: IpKind | null): ProviderFacts => ({ id: 'p-1', name: 'Dr. Solo', npi: '1234567819', type: 'IP', ipKind, enrollments: [], encounterRateClinic: false });

describe('ipPractitionerCheck', () => {
  it.each<[string, IpKind | null, ReturnType<typeof lic>[], boolean, string, IpKind | null]>([
    ['psychologist at a CLINICAL_PSYCHOLOGIST IP', 'CLINICAL_PSYCHOLOGIST', [lic('CLINICAL_PSYCHOLOGIST')], true, '140.452(a)(3)(A)', null],
    ['social worker at a CLINICAL_SOCIAL_WORKER IP', 'CLINICAL_SOCIAL_WORKER', [lic('CLINICAL_SOCIAL_WORKER')], true, '140.452(a)(3)(B)', null],
    ['psychiatrist (physician, PSYCHIATRY) at a PSYCHIATRIST IP', 'PSYCHIATRIST', [lic('PHYSICIAN', '2027-12-31', '2019-01-01', { specialty: 'PSYCHIATRY' })], true, '140.452(a)(3)(C)', null],
    ['physician without psychiatry at a PSYCHIATRIST IP', 'PSYCHIATRIST', [lic('PHYSICIAN')], false, '140.452(a)(3)(C)', null],
    ['licence valid through the day', 'CLINICAL_PSYCHOLOGIST', [lic('CLINICAL_PSYCHOLOGIST', D)], true, '140.452(a)(3)(A)', null],
    ['licence expired the day before', 'CLINICAL_PSYCHOLOGIST', [lic('CLINICAL_PSYCHOLOGIST', '2026-02-28')], false, '140.452(a)(3)(A)', null],
    ['social worker at a CLINICAL_PSYCHOLOGIST IP: the other kind is named', 'CLINICAL_PSYCHOLOGIST', [lic('CLINICAL_SOCIAL_WORKER')], false, '140.452(a)(3)(A)', 'CLINICAL_SOCIAL_WORKER'],
    ['no ipKind recorded', null, [lic('CLINICAL_PSYCHOLOGIST')], false, '140.452(a)(3)', null],
  ])('%s → %s', (_label, ipKind, licenses, isPractitioner, citation, otherKind) => {
    const check = ipPractitionerCheck(ip(ipKind), staff({ name: 'A. Person', licenses }), D);
    expect(check).toMatchObject({ isPractitioner, citation, otherKind });
  });
});

describe('ipStaffWarnings: the provider credentials answer', () => {
  const psychologist = () => staff({ name: 'Dr. Solo', licenses: [lic('CLINICAL_PSYCHOLOGIST')] });
  const counselor = () => staff({ name: 'C. Associate', licenses: [lic('CLINICAL_PROFESSIONAL_COUNSELOR')] });

  it('none for a CMHC or BHC, or an IP with its one practitioner', () => {
    expect(ipStaffWarnings({ ...ip(null), type: 'CMHC' }, [counselor()], D)).toEqual([]);
    expect(ipStaffWarnings(ip('CLINICAL_PSYCHOLOGIST'), [psychologist()], D)).toEqual([]);
  });

  it("flags an IP whose practitioner's licence does not match its ipKind", () => {
    const [w] = ipStaffWarnings(ip('PSYCHIATRIST'), [psychologist()], D);
    expect(w).toMatch(/^no practitioner on 2026-03-01: Dr\. Solo is not the practitioner of Dr\. Solo, an Independent Practitioner of kind PSYCHIATRIST/);
    expect(w).toContain("fits kind CLINICAL_PSYCHOLOGIST; if Dr. Solo is the practitioner, correct the provider's ipKind");
    expect(w).toContain('every line Dr. Solo bills fails NOT_INDEPENDENT_PRACTITIONER');
  });

  it('names anyone else registered at the IP, and a second practitioner', () => {
    expect(ipStaffWarnings(ip('CLINICAL_PSYCHOLOGIST'), [psychologist(), counselor()], D)).toEqual([
      expect.stringMatching(/^C\. Associate is not the practitioner of Dr\. Solo, .*: holds no such licence valid on 2026-03-01\. Only the IP personally bills .*: lines C\. Associate renders here fail NOT_INDEPENDENT_PRACTITIONER\.$/),
    ]);
    expect(ipStaffWarnings(ip('CLINICAL_PSYCHOLOGIST'), [psychologist(), { ...psychologist(), name: 'Dr. Two' }], D)[0]).toMatch(/^Dr\. Solo and Dr\. Two each hold the licence of CLINICAL_PSYCHOLOGIST/);
  });

  it('leaves out staff not employed that day', () => {
    expect(ipStaffWarnings(ip('CLINICAL_PSYCHOLOGIST'), [psychologist(), { ...counselor(), endDate: '2026-02-28' }], D)).toEqual([]);
  });
});
