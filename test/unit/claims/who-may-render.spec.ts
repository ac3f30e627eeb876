/**
 * Who may render and bill, at the edges the second audit found: the Independent Practitioner personally
 * (140.452(a)(3), 140.453(b)(2)), prescribers with one definition of a valid licence, a person with lived
 * experience (140.453(d)(4)(A)(i), 140.TABLE N(c)(1)(B)(ii)), and encounter-rate records a BHC cannot hold
 * (140.499(c)). Each table has a passing and a failing row, and the boundary day where there is one.
 */
import { validateClaims, type Finding, type ValidationReport } from '../../../src/rules/claims';
import { BASE_DATE, LPHA_ID, baselineWorld, claim, contextFor, line, provider, staff, type FakeWorld } from '../../../src/rules/claims/testing';
import { evaluateCredential, peerCertificationWindow } from '../../../src/rules/credentials';
import type { ClaimInput, LicenseFact, ProviderFacts } from '../../../src/rules/facts';
import { providerRecordProblems } from '../../../src/rules/provider-records';
import type { IpKind, Tier } from '../../../src/rules/vocabulary';

const run = (w: FakeWorld, claims: ClaimInput[]): ValidationReport => validateClaims(claims, contextFor(w));
const lineFindings = (r: ValidationReport): Finding[] => r.claims[0].lines.flatMap((l) => l.findings);
const codes = (r: ValidationReport) => lineFindings(r).map((f) => f.code);

const licence = (kind: LicenseFact['kind'], over: Partial<LicenseFact> = {}): LicenseFact => ({ kind, state: 'IL', number: `${kind.slice(0, 3)}-7`, issuedOn: '2010-01-01', expiresOn: '2028-09-30', ...over });

describe('the Independent Practitioner renders personally (140.452(a)(3), 140.453(b)(2))', () => {
  const IP_ID = 'prov-ip';
  function ipWorld(ipKind: IpKind, licenses: LicenseFact[]): FakeWorld {
    const w = baselineWorld();
    w.providers.push(provider({ id: IP_ID, name: 'Dr. Solo', npi: '1234567819', type: 'IP', ipKind }));
    w.staff.push(staff({ id: 'st-ip', name: 'Dr. Solo', npi: '1003000142', providerId: IP_ID, licenses }));
    w.tierOf['st-ip'] = 'LPHA';
    w.recipients[0].treatmentPlans.push({ id: 'tp-ip', providerId: IP_ID, approvedOn: '2026-07-01', approvedByStaffId: 'st-ip', clientSignedOn: '2026-07-01', services: ['THERAPY_COUNSELING'] });
    return w;
  }
  const ipLine = (w: FakeWorld) => run(w, [claim({ providerId: IP_ID }, [line({ renderingStaffId: 'st-ip' })])]);

  it.each<[string, IpKind, LicenseFact[], boolean]>([
    ['a clinical psychologist at a CLINICAL_PSYCHOLOGIST IP', 'CLINICAL_PSYCHOLOGIST', [licence('CLINICAL_PSYCHOLOGIST')], true],
    ['a clinical social worker at a CLINICAL_SOCIAL_WORKER IP', 'CLINICAL_SOCIAL_WORKER', [licence('CLINICAL_SOCIAL_WORKER')], true],
    ['a physician with specialty PSYCHIATRY at a PSYCHIATRIST IP', 'PSYCHIATRIST', [licence('PHYSICIAN', { specialty: 'PSYCHIATRY' })], true],
    ['a physician without psychiatry at a PSYCHIATRIST IP', 'PSYCHIATRIST', [licence('PHYSICIAN')], false],
    ['an advanced practice nurse in psychiatry at a PSYCHIATRIST IP', 'PSYCHIATRIST', [licence('ADVANCED_PRACTICE_NURSE', { specialty: 'PSYCHIATRY' })], false],
    ['a clinical professional counselor (an LPHA) at a CLINICAL_PSYCHOLOGIST IP', 'CLINICAL_PSYCHOLOGIST', [licence('CLINICAL_PROFESSIONAL_COUNSELOR')], false],
    ['a clinical psychologist at a PSYCHIATRIST IP (the kind does not match)', 'PSYCHIATRIST', [licence('CLINICAL_PSYCHOLOGIST')], false],
    ['the licence valid through the date of service', 'CLINICAL_PSYCHOLOGIST', [licence('CLINICAL_PSYCHOLOGIST', { expiresOn: BASE_DATE })], true],
    ['the licence expired the day before', 'CLINICAL_PSYCHOLOGIST', [licence('CLINICAL_PSYCHOLOGIST', { expiresOn: '2026-09-13' })], false],
    ['the licence with no expiry recorded (valid, as everywhere)', 'CLINICAL_PSYCHOLOGIST', [licence('CLINICAL_PSYCHOLOGIST', { expiresOn: null })], true],
  ])('%s → %s', (_label, ipKind, licenses, passes) => {
    const r = ipLine(ipWorld(ipKind, licenses));
    expect(codes(r)).toEqual(passes ? [] : ['NOT_INDEPENDENT_PRACTITIONER']);
    if (!passes) expect(lineFindings(r)[0]).toMatchObject({ severity: 'error', citation: '140.453(b)(2)', ruleId: 'CLM-INDEPENDENT-PRACTITIONER-v1' });
  });

  it('a mismatched kind says which record to correct', () => {
    const f = lineFindings(ipLine(ipWorld('PSYCHIATRIST', [licence('CLINICAL_PSYCHOLOGIST')])))[0];
    expect(f.message).toMatch(/^Dr\. Solo is not the practitioner of Dr\. Solo, an Independent Practitioner of kind PSYCHIATRIST \(a psychiatrist .*, 140\.452\(a\)\(3\)\(C\)\): Dr\. Solo holds a clinical psychologist licence/);
    expect(f.message).toContain("fits kind CLINICAL_PSYCHOLOGIST; if Dr. Solo is the practitioner, correct the provider's ipKind, otherwise record the physician licence");
    expect(f.fact).toMatchObject({ ipKind: 'PSYCHIATRIST', otherIpKind: 'CLINICAL_PSYCHOLOGIST' });
  });

  it("another provider's staff at an IP are STAFF_NOT_EMPLOYED only", () => {
    const r = run(ipWorld('CLINICAL_PSYCHOLOGIST', [licence('CLINICAL_PSYCHOLOGIST')]), [claim({ providerId: IP_ID }, [line({ renderingStaffId: LPHA_ID })])]);
    expect(codes(r)).toEqual(['STAFF_NOT_EMPLOYED']);
  });

  describe('only the practitioner approves as "the IP" (140.453(d)(1)(A)(ii), (B)(ii))', () => {
    // the approver's fake tier is QMHP: only being the IP can make the approval count
    it.each<[string, LicenseFact[], boolean]>([
      ['the practitioner', [licence('CLINICAL_PSYCHOLOGIST')], true],
      ['the practitioner, licence expired the day before the approval', [licence('CLINICAL_PSYCHOLOGIST', { expiresOn: '2026-05-31' })], false],
      ['an associate registered at the IP', [licence('CLINICAL_PROFESSIONAL_COUNSELOR')], false],
    ])('%s → %s', (_label, licenses, approves) => {
      const w = ipWorld('CLINICAL_PSYCHOLOGIST', licenses);
      w.tierOf['st-ip'] = 'QMHP';
      w.recipients[0].assessments[0].approvedByStaffId = 'st-ip'; // completed 2026-06-01, a CMHC claim
      const r = run(w, [claim()]);
      expect(codes(r)).toEqual(approves ? [] : ['ASSESSMENT_MISSING']);
      if (!approves) expect(lineFindings(r)[0].message).toMatch(/held QMHP on 2026-06-01, not LPHA; Dr\. Solo is not the practitioner of Dr\. Solo, an Independent Practitioner of kind CLINICAL_PSYCHOLOGIST/);
    });
  });
});

describe('prescribers: one definition of a valid licence (140.453(d)(2)(D)(iv))', () => {
  // Medication monitoring by a physician with no written designation: they are the prescriber if,
  // and only if, the credential engine finds the licence valid (it then holds LPHA by (b)(3)(A)).
  it.each<[string, Partial<LicenseFact>, boolean]>([
    ['expiry not recorded', { expiresOn: null }, true],
    ['valid through the date of service', { expiresOn: BASE_DATE }, true],
    ['expired the day before', { expiresOn: '2026-09-13' }, false],
    ['issued the day after', { issuedOn: '2026-09-15', expiresOn: '2028-01-31' }, false],
  ])('physician licence, %s → prescriber %s', (_label, over, prescriber) => {
    const w = baselineWorld();
    w.staff[0].licenses = [licence('PHYSICIAN', over)];
    const r = run(w, [claim({}, [line({ procedureCode: 'H2010' })])]);
    expect(codes(r)).toEqual(prescriber ? [] : ['PRESCRIBER_DESIGNATION_MISSING']);
    expect(evaluateCredential(w.staff[0], BASE_DATE, { staffById: () => undefined }).tiers.includes('LPHA')).toBe(prescriber);
  });

  it('a designation by a physician whose expiry is not recorded is a designation by a prescriber', () => {
    const w = baselineWorld();
    w.staff.push(staff({ id: 'st-md', name: 'Dr. R. Lee', licenses: [licence('PHYSICIAN', { expiresOn: null })] }));
    w.staff[0].prescriberDesignations = [{ designatedByStaffId: 'st-md', designatedOn: '2026-01-01', services: ['MEDICATION_TRAINING'], endsOn: null }];
    expect(codes(run(w, [claim({}, [line({ procedureCode: 'H0034' })])]))).toEqual([]);
  });
});

describe('lived experience is not a tier (140.453(d)(4)(A)(i), 140.TABLE N(c)(1)(B)(ii))', () => {
  // hired 2025-03-15: the 18-month window runs through 2026-09-15
  it.each<[string, Tier | null, string, boolean, string | null]>([
    ['no tier, inside the window', null, '2026-09-14', false, 'still open, through 2026-09-15'],
    ['no tier, on the last day of the window', null, '2026-09-15', false, 'still open, through 2026-09-15'],
    ['no tier, the day after the window', null, '2026-09-16', false, 'closed after 2026-09-15'],
    ['RSA, inside the window', 'RSA', '2026-09-14', true, null],
    ['RSA, after the window', 'RSA', '2026-09-16', true, null],
  ])('CST by %s → passes %s', (_label, tier, dos, passes, windowText) => {
    const w = baselineWorld();
    w.tierOf[LPHA_ID] = tier;
    Object.assign(w.staff[0], { livedExperience: true, hireDate: '2025-03-15' });
    const r = run(w, [claim({}, [line({ procedureCode: 'H2016', dateOfService: dos })])]);
    expect(codes(r)).toEqual(passes ? [] : ['STAFF_TIER_INSUFFICIENT']);
    if (windowText) {
      const f = lineFindings(r)[0];
      expect(f.severity).toBe('error');
      expect(f.message).toContain(`(18 months after hire: ${windowText}, 140.453(d)(4)(A)(i), 140.TABLE N(c)(1)(B)(ii))`);
      expect(f.message).toContain('usually RSA by 140.453(b)(6)(B)(ii)');
      // the same window the credential engine and CST readiness read
      expect(f.fact).toMatchObject({ peerWindowEndsOn: '2026-09-15', withinPeerWindow: peerCertificationWindow(w.staff[0], dos).withinWindow });
    }
  });
});

describe('encounter-rate clinics are CMHCs here: a BHC is not enrolled under 140.460(a) (140.499(c))', () => {
  it.each<[string, Pick<ProviderFacts, 'type' | 'ipKind' | 'encounterRateClinic'>, string | null]>([
    ['a CMHC paid on an encounter rate', { type: 'CMHC', ipKind: null, encounterRateClinic: true }, null],
    ['a BHC not flagged', { type: 'BHC', ipKind: null, encounterRateClinic: false }, null],
    ['a BHC flagged', { type: 'BHC', ipKind: null, encounterRateClinic: true }, '140.499(c)'],
    ['an IP flagged', { type: 'IP', ipKind: 'CLINICAL_PSYCHOLOGIST', encounterRateClinic: true }, '140.452(a)(3)'],
  ])('%s → %s', (_label, record, citation) => {
    const problems = providerRecordProblems(record);
    expect(problems.map((p) => p.citation)).toEqual(citation ? [citation] : []);
    if (citation) expect(problems[0].path).toBe('/encounterRateClinic');
  });

  it('a BHC record flagged before registration refused it fails every line, the encounter line too', () => {
    const w = baselineWorld();
    Object.assign(w.providers[0], { type: 'BHC', encounterRateClinic: true });
    const withEncounter = [claim({}, [line({ lineId: 'E', procedureCode: 'T1015', units: 1 }), line()])];
    const r = run(w, withEncounter);
    expect(r.claims[0].lines.map((l) => l.findings.map((f) => `${f.code} ${f.citation}`))).toEqual([['ENCOUNTER_RATE_CLINIC 140.499(c)'], ['ENCOUNTER_RATE_CLINIC 140.499(c)']]);
    // the same claim from a CMHC paid on an encounter rate passes
    w.providers[0].type = 'CMHC';
    expect(run(w, withEncounter).claims[0].status).toBe('PASS');
  });
});
