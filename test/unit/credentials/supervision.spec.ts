/** Supervision, medication administration (140.453(d)(2)(C)(v)) and prescriber designations ((d)(2)(D)(iv), (E)(v)). */
import { evaluateCredential } from '../../../src/rules/credentials';
import type { StaffFacts } from '../../../src/rules/facts';
import { cert, ctxOf, deg, designation, lic, NO_ONE, staff, training } from './builder';

const D = '2026-03-01';

function qmhp(over: Partial<StaffFacts> = {}): StaffFacts {
  return staff({ name: 'Quinn Supervisor', licenses: [lic('REGISTERED_NURSE', '2026-06-30')], trainings: [training('MENTAL_HEALTH_SERVICES')], ...over });
}

function mhpUnder(sup: StaffFacts | null, over: Partial<StaffFacts> = {}): StaffFacts {
  return staff({ degrees: [deg('BACHELOR', 'PSYCHOLOGY')], supervisorStaffId: sup ? sup.id : null, ...over });
}

describe('supervision', () => {
  it('an MHP supervised by a QMHP at the same provider, employed on the date', () => {
    const sup = qmhp();
    const r = evaluateCredential(mhpUnder(sup), D, ctxOf(sup));
    expect(r.requiresQmhpSupervision).toBe(true);
    expect(r.supervisorOk).toBe(true);
    expect(r.supervisorReason).toBe(`supervised by Quinn Supervisor (${sup.id}), QMHP by 140.453(b)(4)(B) on ${D}, employed by the same provider.`);
  });

  it.each<[string, (sup: StaffFacts) => Partial<StaffFacts>, string]>([
    ['supervisor at another provider', () => ({ providerId: 'p-2' }), 'is staff of another provider (p-2)'],
    ['supervisor whose licence lapsed the day before', () => ({ licenses: [lic('REGISTERED_NURSE', '2026-02-28')] }), 'does not hold QMHP on 2026-03-01 (holds no tier)'],
    ['supervisor who ended employment the day before', () => ({ endDate: '2026-02-28' }), 'is not employed on 2026-03-01 (employment ended 2026-02-28)'],
    ['supervisor not yet hired', () => ({ hireDate: '2026-03-02' }), 'hired only on 2026-03-02'],
    ['supervisor who is only an MHP', () => ({ licenses: [], degrees: [deg('BACHELOR', 'SOCIAL_WORK')] }), 'does not hold QMHP on 2026-03-01 (highest tier MHP)'],
  ])('%s → not ok', (_label, change, reason) => {
    const sup = qmhp();
    const changed = { ...sup, ...change(sup) };
    const r = evaluateCredential(mhpUnder(changed), D, ctxOf(changed));
    expect(r.requiresQmhpSupervision).toBe(true);
    expect(r.supervisorOk).toBe(false);
    expect(r.supervisorReason).toContain(reason);
    // the person's own tier is by qualifications and does not depend on supervision
    expect(r.tier).toBe('MHP');
  });

  it('no supervisor recorded', () => {
    const r = evaluateCredential(mhpUnder(null), D, NO_ONE);
    expect(r.supervisorOk).toBe(false);
    expect(r.supervisorReason).toContain('no QMHP supervisor is recorded');
  });

  it('supervisor not registered', () => {
    const r = evaluateCredential(mhpUnder(null, { supervisorStaffId: 'ghost' }), D, NO_ONE);
    expect(r.supervisorOk).toBe(false);
    expect(r.supervisorReason).toBe('supervisor ghost is not a registered staff member.');
  });

  it('an RSA by age and attestation needs supervision too', () => {
    const sup = qmhp();
    const rsa = staff({ birthDate: '2000-01-01', rsaAbilitiesAttestedOn: '2025-01-01', supervisorStaffId: sup.id });
    const r = evaluateCredential(rsa, D, ctxOf(sup));
    expect(r.tier).toBe('RSA');
    expect(r.requiresQmhpSupervision).toBe(true);
    expect(r.supervisorOk).toBe(true);
  });

  it('a QMHP needs no supervision', () => {
    const r = evaluateCredential(qmhp(), D, NO_ONE);
    expect(r.requiresQmhpSupervision).toBe(false);
    expect(r.supervisorOk).toBeNull();
    expect(r.supervisorReason).toBe('holds QMHP: no supervision required.');
  });

  it('an MHP by the pre-2011 designation (140.453(b)(5)(B)) needs none: the text attaches no supervision', () => {
    const r = evaluateCredential(staff({ mhpDesignatedBefore2011: true, hireDate: '2008-04-01' }), D, NO_ONE);
    expect(r.tier).toBe('MHP');
    expect(r.requiresQmhpSupervision).toBe(false);
    expect(r.supervisorOk).toBeNull();
  });

  it('someone holding no tier is not reported as needing supervision', () => {
    const r = evaluateCredential(staff(), D, NO_ONE);
    expect(r.requiresQmhpSupervision).toBe(false);
    expect(r.supervisorOk).toBeNull();
    expect(r.supervisorReason).toContain('holds no tier');
  });

  it('does not recurse into the supervisor’s own supervisor (a cycle terminates)', () => {
    const a = mhpUnder(null, { id: 'cyc-a', supervisorStaffId: 'cyc-b' });
    const b = mhpUnder(null, { id: 'cyc-b', supervisorStaffId: 'cyc-a' });
    const r = evaluateCredential(a, D, ctxOf(a, b));
    expect(r.supervisorOk).toBe(false);
  });

  it('self-supervision is refused', () => {
    const s = mhpUnder(null, { id: 'self' });
    const me = { ...s, supervisorStaffId: 'self' };
    expect(evaluateCredential(me, D, ctxOf(me)).supervisorReason).toBe('a person cannot be their own supervisor.');
  });
});

describe('mayAdministerMedication (140.453(d)(2)(C)(v))', () => {
  it.each([
    ['physician', [lic('PHYSICIAN')], true],
    ['advanced practice nurse (any specialty)', [lic('ADVANCED_PRACTICE_NURSE')], true],
    ['registered nurse', [lic('REGISTERED_NURSE')], true],
    ['practical nurse', [lic('PRACTICAL_NURSE')], true],
    ['registered nurse expired the day before', [lic('REGISTERED_NURSE', '2026-02-28')], false],
    ['practical nurse issued the day after', [lic('PRACTICAL_NURSE', '2028-01-01', '2026-03-02')], false],
    ['clinical social worker', [lic('CLINICAL_SOCIAL_WORKER')], false],
    ['occupational therapist', [lic('OCCUPATIONAL_THERAPIST')], false],
    ['no licence', [], false],
  ] as const)('%s → %s', (_label, licenses, allowed) => {
    const r = evaluateCredential(staff({ licenses: [...licenses] }), D, NO_ONE);
    expect(r.mayAdministerMedication.allowed).toBe(allowed);
    expect(r.mayAdministerMedication.citation).toBe('140.453(d)(2)(C)(v)');
  });

  it('explains a lapsed licence', () => {
    const r = evaluateCredential(staff({ licenses: [lic('REGISTERED_NURSE', '2026-02-28')] }), D, NO_ONE);
    expect(r.mayAdministerMedication.reason).toContain('registered nurse licence IL REG-0001 expired 2026-02-28');
  });
});

describe('prescriber designations', () => {
  const doc = staff({ id: 'doc', name: 'Dr Pat', providerId: 'p-9', licenses: [lic('PHYSICIAN', '2026-12-31', '2020-01-01')] });
  const apn = staff({ id: 'apn', name: 'Nurse Ada', licenses: [lic('ADVANCED_PRACTICE_NURSE', '2026-12-31', '2025-06-01')] });
  const lcsw = staff({ id: 'lcsw', licenses: [lic('CLINICAL_SOCIAL_WORKER')], degrees: [deg('MASTER', 'SOCIAL_WORK')] });
  const ctx = ctxOf(doc, apn, lcsw);
  const designee = (d: ReturnType<typeof designation>) => staff({ certifications: [cert('CRSS')], prescriberDesignations: [d] });

  it.each([
    ['in force from designatedOn', designation('doc', D), D, 1],
    ['not yet in force the day before', designation('doc', '2026-03-02'), D, 0],
    ['in force on endsOn', designation('doc', '2025-01-01', D), D, 1],
    ['ended the day before', designation('doc', '2025-01-01', '2026-02-28'), D, 0],
  ])('%s', (_label, d, date, count) => {
    expect(evaluateCredential(designee(d), date, ctx).designations).toHaveLength(count);
  });

  it.each([
    ['physician (another provider) licensed on designatedOn', designation('doc', '2024-01-01'), true, 'who held a physician licence'],
    ['APN of any specialty licensed on designatedOn', designation('apn', '2025-06-01'), true, 'advanced practice nurse licence'],
    ['APN licensed only after designatedOn', designation('apn', '2025-05-31'), false, 'held no valid physician or advanced practice nurse licence on 2025-05-31'],
    ['designator whose licence had expired on designatedOn', designation('doc', '2019-12-31'), false, 'held no valid physician'],
    ['a clinical social worker cannot prescribe', designation('lcsw', '2025-01-01'), false, 'held no valid physician'],
    ['unknown designator', designation('nobody', '2025-01-01'), false, 'not a registered staff member'],
  ])('%s → prescriberLicensed %s', (_label, d, licensed, reason) => {
    const r = evaluateCredential(designee(d), D, ctx);
    expect(r.designations).toHaveLength(1);
    expect(r.designations[0].prescriberLicensed).toBe(licensed);
    expect(r.designations[0].reason).toContain(reason);
    expect(r.designations[0].services).toEqual(['MEDICATION_MONITORING', 'MEDICATION_TRAINING']);
    expect(r.warnings.some((w) => w.includes(reason))).toBe(!licensed);
  });
});
