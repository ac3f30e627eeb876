/** rosterExpirations and peerCertificationWindow. */
import { evaluateCredential, peerCertificationWindow, rosterExpirations } from '../../../src/rules/credentials';
import { cert, ctxOf, deg, lic, NO_ONE, staff, training } from './builder';

const D = '2026-03-01';

describe('rosterExpirations', () => {
  const rn = staff({ name: 'Rita RN', licenses: [lic('REGISTERED_NURSE', '2026-03-20')], trainings: [training('MENTAL_HEALTH_SERVICES')] });
  const lcsw = staff({
    name: 'Lee LCSW',
    licenses: [lic('CLINICAL_SOCIAL_WORKER', '2026-03-31')],
    degrees: [deg('MASTER', 'SOCIAL_WORK')],
    practicumHours: 1000,
  });
  const peer = staff({ name: 'Pat Peer', degrees: [deg('BACHELOR', 'EDUCATION')], certifications: [cert('CRSS', '2026-03-10')] });
  const renewed = staff({ name: 'Ray Renewed', licenses: [lic('PHYSICIAN', '2026-03-15', '2024-03-16'), lic('PHYSICIAN', '2028-03-15', '2026-03-16')] });
  const lapsedAlready = staff({ name: 'Old Licence', licenses: [lic('PRACTICAL_NURSE', '2026-02-28')] });
  const all = [rn, lcsw, peer, renewed, lapsedAlready];
  const ctx = ctxOf(...all);

  it('lists each person with their tier and what lapses within N days, soonest first', () => {
    const roster = rosterExpirations(all, D, 30, ctx);
    expect(roster.map((e) => [e.name, e.tier, e.expiring.map((x) => x.kind)])).toEqual([
      ['Rita RN', 'QMHP', ['REGISTERED_NURSE']],
      ['Lee LCSW', 'LPHA', ['CLINICAL_SOCIAL_WORKER']],
      ['Pat Peer', 'MHP', ['CRSS']],
      ['Ray Renewed', 'LPHA', []],
      ['Old Licence', null, []],
    ]);
  });

  it('names the route of the highest tier held (its citation and sentence), none without a tier', () => {
    const roster = rosterExpirations(all, D, 30, ctx);
    expect(roster[1].route).toEqual({ citation: expect.stringMatching(/^140\.453\(b\)\(3\)/), reason: expect.stringMatching(/^LPHA by 140\.453\(b\)\(3\)/) });
    expect(roster[2].route?.reason).toMatch(/^MHP by /);
    expect(roster[4].route).toBeNull();
  });

  it('gives the tier they would drop to, evaluated the day after the lapse', () => {
    const [r, l, p] = rosterExpirations(all, D, 30, ctx);
    expect(r.expiring[0]).toMatchObject({
      type: 'LICENSE',
      expiresOn: '2026-03-20',
      lapsesOn: '2026-03-21',
      tierAfter: null,
      tiersAfter: [],
      dropsTier: true,
      mayAdministerMedicationAfter: false,
    });
    expect(r.expiring[0].description).toBe(
      'registered nurse licence IL REG-0001 valid through 2026-03-20 lapses on 2026-03-21: QMHP → no tier; may no longer administer medication.',
    );
    expect(l.expiring[0]).toMatchObject({ tierAfter: 'QMHP', tiersAfter: ['QMHP', 'MHP', 'RSA'], dropsTier: true });
    expect(p.expiring[0]).toMatchObject({ type: 'CERTIFICATION', kind: 'CRSS', tierAfter: 'MHP', dropsTier: false, state: null });
  });

  it('the window is inclusive: expiring exactly N days after asOf is listed, N+1 is not', () => {
    expect(rosterExpirations([rn], D, 19, ctx)[0].expiring).toHaveLength(1);
    expect(rosterExpirations([rn], D, 18, ctx)[0].expiring).toHaveLength(0);
  });

  it('several credentials, sorted by expiry', () => {
    const s = staff({ licenses: [lic('PRACTICAL_NURSE', '2026-04-20')], certifications: [cert('CFPP', '2026-03-05'), cert('CRSS', '2026-04-01')] });
    const e = rosterExpirations([s], D, 60, NO_ONE)[0].expiring;
    expect(e.map((x) => [x.kind, x.tierAfter])).toEqual([
      ['CFPP', 'MHP'],
      ['CRSS', 'MHP'],
      ['PRACTICAL_NURSE', null],
    ]);
  });

  it('reports supervision status alongside', () => {
    const sup = staff({ licenses: [lic('PHYSICIAN')] });
    const mhp = staff({ degrees: [deg('BACHELOR', 'PSYCHOLOGY')], supervisorStaffId: sup.id });
    const [, m] = rosterExpirations([sup, mhp], D, 30, ctxOf(sup, mhp));
    expect(m).toMatchObject({ tier: 'MHP', requiresQmhpSupervision: true, supervisorOk: true });
  });

  it('refuses a negative or fractional window', () => {
    expect(() => rosterExpirations(all, D, -1, ctx)).toThrow(RangeError);
    expect(() => rosterExpirations(all, D, 1.5, ctx)).toThrow(RangeError);
  });
});

describe('peerCertificationWindow (140.453(d)(4)(A)(i), 140.TABLE N(c)(1)(B)(ii))', () => {
  const peer = (over = {}) => staff({ livedExperience: true, hireDate: '2025-01-15', ...over });

  it.each([
    ['not lived experience', staff({ hireDate: '2025-01-15' }), '2026-01-01', { applies: false, certified: false, windowEndsOn: null, withinWindow: false }],
    ['inside the window', peer(), '2026-01-01', { applies: true, certified: false, windowEndsOn: '2026-07-15', withinWindow: true }],
    ['on the last day of the window', peer(), '2026-07-15', { applies: true, certified: false, windowEndsOn: '2026-07-15', withinWindow: true }],
    ['the day after the window', peer(), '2026-07-16', { applies: true, certified: false, windowEndsOn: '2026-07-15', withinWindow: false }],
    ['certified CRSS', peer({ certifications: [cert('CRSS', '2027-01-01', '2025-10-01')] }), '2026-01-01', { applies: true, certified: true, windowEndsOn: '2026-07-15', withinWindow: true }],
    ['CFPP not yet issued', peer({ certifications: [cert('CFPP', '2028-01-01', '2026-01-02')] }), '2026-01-01', { applies: true, certified: false, windowEndsOn: '2026-07-15', withinWindow: true }],
    ['hired on 31 August: window closes on 28 February', peer({ hireDate: '2024-08-31' }), '2026-02-28', { applies: true, certified: false, windowEndsOn: '2026-02-28', withinWindow: true }],
  ])('%s', (_label, s, asOf, expected) => {
    expect(peerCertificationWindow(s, asOf)).toEqual(expected);
  });

  it('evaluateCredential warns with the closing date, and says when it has passed', () => {
    const open = evaluateCredential(peer(), '2026-01-01', NO_ONE).warnings.find((w) => w.includes('lived experience'));
    expect(open).toContain('the window closes on 2026-07-15');
    expect(open).toContain('140.TABLE N(c)(1)(B)(ii)');
    const passed = evaluateCredential(peer(), '2026-07-16', NO_ONE).warnings.find((w) => w.includes('lived experience'));
    expect(passed).toContain('closed on 2026-07-15 and has passed');
    const certified = evaluateCredential(peer({ certifications: [cert('CRSS')] }), '2026-07-16', NO_ONE);
    expect(certified.warnings.some((w) => w.includes('lived experience'))).toBe(false);
  });
});
