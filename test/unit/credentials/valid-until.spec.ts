/** validUntil: the first day after asOf on which the answer changes. */
import { evaluateCredential } from '../../../src/rules/credentials';
import { cert, ctxOf, deg, designation, exp, lic, NO_ONE, staff, training } from './builder';

const D = '2026-03-01';

describe('validUntil', () => {
  it('a licence lapses: the day after expiresOn', () => {
    const r = evaluateCredential(staff({ licenses: [lic('PHYSICIAN', '2026-09-30')] }), D, NO_ONE);
    expect(r.validUntil).toBe('2026-10-01');
    expect(evaluateCredential(staff({ licenses: [lic('PHYSICIAN', '2026-09-30')] }), '2026-10-01', NO_ONE).tier).toBeNull();
  });

  it('a renewal recorded in advance carries over to the renewed licence’s lapse', () => {
    const s = staff({ licenses: [lic('PHYSICIAN', '2026-09-30', '2024-10-01'), lic('PHYSICIAN', '2028-09-30', '2026-10-01')] });
    expect(evaluateCredential(s, D, NO_ONE).validUntil).toBe('2028-10-01');
  });

  it('experience completing raises the tier on the completion day', () => {
    const s = staff({ licenses: [lic('REGISTERED_NURSE')], experience: [exp('MENTAL_HEALTH_CLINICAL', '2025-06-15')] });
    const r = evaluateCredential(s, D, NO_ONE);
    // the RN may already administer medication; QMHP arrives with the supervised year
    expect(r.tier).toBeNull();
    expect(r.validUntil).toBe('2026-06-15');
  });

  it('a 21st birthday (with abilities attested) makes an RSA', () => {
    const s = staff({ birthDate: '2005-07-04', rsaAbilitiesAttestedOn: '2025-01-01' });
    expect(evaluateCredential(s, D, NO_ONE).validUntil).toBe('2026-07-04');
  });

  it('a 29 February birthday is reached on 1 March in a common year', () => {
    const s = staff({ birthDate: '2004-02-29', rsaAbilitiesAttestedOn: '2024-01-01' });
    expect(evaluateCredential(s, '2025-01-10', NO_ONE).validUntil).toBe('2025-03-01');
  });

  it('employment ending changes the answer the day after endDate', () => {
    const s = staff({ certifications: [cert('CRSS', '2030-01-01')], endDate: '2026-05-31' });
    expect(evaluateCredential(s, D, NO_ONE).validUntil).toBe('2026-06-01');
  });

  it('the supervisor’s licence lapsing ends supervisorOk', () => {
    const sup = staff({ licenses: [lic('REGISTERED_NURSE', '2026-04-30')], trainings: [training('MENTAL_HEALTH_SERVICES')] });
    const s = staff({ degrees: [deg('BACHELOR', 'SOCIAL_WORK')], supervisorStaffId: sup.id });
    const r = evaluateCredential(s, D, ctxOf(sup));
    expect(r.supervisorOk).toBe(true);
    expect(r.validUntil).toBe('2026-05-01');
  });

  it('the supervisor’s employment ending ends supervisorOk', () => {
    const sup = staff({ licenses: [lic('PHYSICIAN', '2030-01-01')], endDate: '2026-08-15' });
    const s = staff({ certifications: [cert('CFPP', '2030-12-31')], supervisorStaffId: sup.id });
    expect(evaluateCredential(s, D, ctxOf(sup)).validUntil).toBe('2026-08-16');
  });

  it('a designation ending changes the answer', () => {
    const doc = staff({ licenses: [lic('PHYSICIAN', '2031-01-01')] });
    const s = staff({ mhpDesignatedBefore2011: true, hireDate: '2005-01-01', prescriberDesignations: [designation(doc.id, '2025-01-01', '2026-12-31')] });
    expect(evaluateCredential(s, D, ctxOf(doc)).validUntil).toBe('2027-01-01');
  });

  it('a lapse that changes nothing is skipped (PN licence lapses but MHP by degree remains; medication changes)', () => {
    const s = staff({
      degrees: [deg('BACHELOR', 'EDUCATION')],
      certifications: [cert('CRSS', '2026-04-30')],
      licenses: [lic('PRACTICAL_NURSE', '2026-09-30')],
    });
    // the CRSS lapse on 2026-05-01 changes no tier, supervision or medication: the PN lapse does (medication)
    expect(evaluateCredential(s, D, NO_ONE).validUntil).toBe('2026-10-01');
  });

  it('nothing known to change → null', () => {
    const s = staff({ degrees: [deg('BACHELOR', 'SOCIAL_WORK')] });
    expect(evaluateCredential(s, D, NO_ONE).validUntil).toBeNull();
  });

  it('a licence with no expiry recorded: valid, warned, no lapse date', () => {
    const r = evaluateCredential(staff({ licenses: [lic('CLINICAL_PSYCHOLOGIST', null)] }), D, NO_ONE);
    expect(r.tier).toBe('LPHA');
    expect(r.validUntil).toBeNull();
    expect(r.warnings).toContain(`clinical psychologist licence IL CLI-0001 has no expiry date recorded: treated as valid on ${D}; record its expiry.`);
  });
});
