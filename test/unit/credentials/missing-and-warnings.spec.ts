/** missingForNextTier, warnings and employment. */
import { evaluateCredential, OT_42CFR_NUMBER } from '../../../src/rules/credentials';
import { cert, deg, exp, lic, NO_ONE, staff } from './builder';

const D = '2026-03-01';

describe('missingForNextTier', () => {
  it('MHP by bachelor’s: names what QMHP needs', () => {
    const r = evaluateCredential(staff({ degrees: [deg('BACHELOR', 'PSYCHOLOGY')] }), D, NO_ONE);
    expect(r.missingForNextTier[0]).toMatch(/^QMHP needs a master's or doctorate in a \(b\)\(4\)\(D\) field with 1,000 practicum hours or one year of clinical experience supervised by a QMHP/);
  });

  it.each([
    [
      'APN without psychiatric specialty',
      { licenses: [lic('ADVANCED_PRACTICE_NURSE')], degrees: [deg('MASTER', 'NURSING')], practicumHours: 0, experience: [] },
      'advanced practice nurse licence IL ADV-0001 has no psychiatric specialty recorded (140.453(b)(3)(B)).',
    ],
    [
      "LCPC without a master's",
      { licenses: [lic('CLINICAL_PROFESSIONAL_COUNSELOR')], degrees: [deg('BACHELOR', 'COUNSELING_AND_GUIDANCE')] },
      "clinical professional counselor licence IL CLI-0001 is valid, but no master's or doctorate is recorded (140.453(b)(3)(D)).",
    ],
    [
      "master's in social work, practicum not recorded",
      { degrees: [deg('MASTER', 'SOCIAL_WORK')] },
      "master's in social work is a (b)(4)(D) degree, but practicum/internship hours are not recorded and no experience counting toward one year of clinical experience supervised by a QMHP is recorded (140.453(b)(4)(D)).",
    ],
    [
      "RN: a year of supervised work under way (any supervisor)",
      { licenses: [lic('REGISTERED_NURSE')], experience: [exp('MENTAL_HEALTH_CLINICAL', '2025-09-01', null, false, true)] },
      'registered nurse licence IL REG-0001 is valid, but no training in mental health services or in the treatment of children and adolescents is recorded by 2026-03-01, and one year of supervised clinical experience treating mental illness is not complete: 182 days counted up to 2026-03-01; it completes on 2026-09-01 if the recorded periods continue (140.453(b)(4)(B)).',
    ],
    ["master's in an unlisted field", { degrees: [deg('BACHELOR', 'EDUCATION'), deg('MASTER', 'OTHER')] }, "master's in another field is not in a 140.453(b)(4)(D) field."],
    ['lapsed RN licence', { degrees: [deg('BACHELOR', 'EDUCATION')], licenses: [lic('REGISTERED_NURSE', '2026-02-28')] }, 'registered nurse licence IL REG-0001 is not valid on 2026-03-01: expired 2026-02-28.'],
    ['RSA: birth date missing', { birthDate: null, rsaAbilitiesAttestedOn: '2025-01-01' }, 'birth date is not recorded, so age 21 cannot be confirmed (140.453(b)(6)(B)(ii)).'],
    ['RSA: aged 20', { birthDate: '2005-03-02', rsaAbilitiesAttestedOn: '2025-01-01' }, 'aged 20 on 2026-03-01; turns 21 on 2026-03-02 (140.453(b)(6)(B)(ii)).'],
    ['RSA: abilities not attested', { birthDate: '1990-01-01' }, 'the three abilities of 140.453(b)(6)(B)(ii) are not attested.'],
    [
      'MHP: grandfathered designation after a change of employer',
      { mhpDesignatedBefore2011: true, hireDate: '2015-04-01', birthDate: '1980-01-01', rsaAbilitiesAttestedOn: '2015-04-01' },
      'the MHP designation before 2011-07-01 does not carry over: this employment began 2015-04-01, so the employer changed (140.453(b)(5)(B)).',
    ],
  ])('%s', (_label, facts, sentence) => {
    expect(evaluateCredential(staff(facts), D, NO_ONE).missingForNextTier).toContain(sentence);
  });

  it('an LPHA has nothing missing', () => {
    expect(evaluateCredential(staff({ licenses: [lic('PHYSICIAN')] }), D, NO_ONE).missingForNextTier).toEqual([]);
  });

  it('no tier: the next tier up is RSA', () => {
    expect(evaluateCredential(staff(), D, NO_ONE).missingForNextTier[0]).toMatch(/^RSA \(under QMHP supervision\) needs/);
  });

  it('RSA: the next tier up is MHP, with progress toward five years', () => {
    const s = staff({ birthDate: '1990-01-01', rsaAbilitiesAttestedOn: '2025-01-01', highSchoolOrGed: true, experience: [exp('HUMAN_SERVICES_CLINICAL', '2024-03-01', null, false)] });
    const r = evaluateCredential(s, D, NO_ONE);
    expect(r.tier).toBe('RSA');
    expect(r.missingForNextTier[0]).toMatch(/^MHP \(under QMHP supervision\) needs one of the qualifications of 140\.453\(b\)\(5\)\(A\)\(ii\)/);
    expect(r.missingForNextTier).toContain(
      'high school diploma or GED: five years of clinical experience in mental health or human services is not complete: 731 days counted up to 2026-03-01; it completes on 2029-03-01 if the recorded periods continue.',
    );
  });
});

describe('warnings and employment', () => {
  it('not employed before the hire date: tiers still come from qualifications', () => {
    const r = evaluateCredential(staff({ hireDate: '2026-04-01', licenses: [lic('PHYSICIAN')] }), D, NO_ONE);
    expect(r.employed).toBe(false);
    expect(r.tier).toBe('LPHA');
    expect(r.warnings[0]).toContain('not employed by provider p-1 on 2026-03-01');
  });

  it('not employed after the end date', () => {
    const r = evaluateCredential(staff({ endDate: '2026-02-28', certifications: [cert('CRSS')] }), D, NO_ONE);
    expect(r.employed).toBe(false);
    expect(r.tier).toBe('MHP');
  });

  it('employed on the last day', () => {
    expect(evaluateCredential(staff({ endDate: D }), D, NO_ONE).employed).toBe(true);
  });

  it('grandfathered MHP after a change of employer: warned, not valid', () => {
    const r = evaluateCredential(staff({ mhpDesignatedBefore2011: true, hireDate: '2012-01-01' }), D, NO_ONE);
    expect(r.tier).toBeNull();
    expect(r.warnings.some((w) => w.includes('this employment began 2012-01-01') && w.includes('140.453(b)(5)(B)'))).toBe(true);
  });

  it('the 42 CFR 484.4 record raises no "no expiry" warning', () => {
    const r = evaluateCredential(
      staff({ licenses: [lic('OCCUPATIONAL_THERAPIST', null, '2018-01-01', { number: OT_42CFR_NUMBER })], experience: [exp('MENTAL_HEALTH_CLINICAL', '2020-01-01')] }),
      D,
      NO_ONE,
    );
    expect(r.tier).toBe('QMHP');
    expect(r.warnings).toEqual([]);
  });

  it('a current CRSS with no expiry recorded: current, warned', () => {
    const r = evaluateCredential(staff({ certifications: [cert('CRSS', null)] }), D, NO_ONE);
    expect(r.tier).toBe('MHP');
    expect(r.warnings.some((w) => w.startsWith('CRSS') && w.includes('no expiry date recorded'))).toBe(true);
  });

  it('a malformed experience period is ignored and named', () => {
    const r = evaluateCredential(staff({ experience: [exp('MENTAL_HEALTH_CLINICAL', '2024-05-01', '2024-01-01')] }), D, NO_ONE);
    expect(r.warnings).toContain('experience MENTAL_HEALTH_CLINICAL from 2024-05-01 to 2024-01-01 ends before it starts: ignored.');
  });
});
