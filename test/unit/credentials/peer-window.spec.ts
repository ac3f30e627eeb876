/**
 * The 18-month window of 140.453(d)(4)(A)(i) and 140.TABLE N(c)(1)(B)(ii) is one function: the credential
 * answer, CST readiness and the claim engine agree on its last day (the 18-month anniversary of the hire
 * date, included) and on the day after.
 */
import { validateClaims } from '../../../src/rules/claims';
import { baselineWorld, claim, contextFor, line } from '../../../src/rules/claims/testing';
import { evaluateCredential, peerCertificationWindow } from '../../../src/rules/credentials';
import { evaluateReadiness } from '../../../src/rules/program-approval';
import { deg, lic, staff } from './builder';

const lived = staff({ id: 'lived', livedExperience: true, hireDate: '2025-03-15' });
const lead = staff({ id: 'lead', licenses: [lic('PHYSICIAN')] });
const other = staff({ id: 'other', licenses: [lic('CLINICAL_SOCIAL_WORKER')], degrees: [deg('MASTER', 'SOCIAL_WORK')] });
const people = new Map([lived, lead, other].map((s) => [s.id, s]));
const ctx = { staffById: (id: string) => people.get(id) };

describe.each([
  ['the last day of the window', '2026-09-15', true],
  ['the day after', '2026-09-16', false],
])('%s (%s)', (_label, asOf, within) => {
  it('peerCertificationWindow', () => {
    expect(peerCertificationWindow(lived, asOf)).toEqual({ applies: true, certified: false, windowEndsOn: '2026-09-15', withinWindow: within });
  });

  it('the credential answer', () => {
    const warnings = evaluateCredential(lived, asOf, ctx).warnings.join('\n');
    expect(warnings).toContain(within ? 'the window closes on 2026-09-15' : 'closed on 2026-09-15 and has passed');
  });

  it('CST readiness', () => {
    const members = [
      { staff: lead, credential: evaluateCredential(lead, asOf, ctx), role: 'TEAM_LEAD' as const, fte: 1 },
      { staff: lived, credential: evaluateCredential(lived, asOf, ctx), role: 'PEER_SPECIALIST' as const, fte: 1 },
      { staff: other, credential: evaluateCredential(other, asOf, ctx), role: 'MEMBER' as const, fte: 1 },
    ];
    const peer = evaluateReadiness('CST', { asOf, members, census: { adults: 20, youth: 0 } }).criteria.find((c) => c.id === 'CST_PEER');
    expect(peer?.status).toBe(within ? 'MET' : 'NOT_MET');
    expect(peer?.detail).toContain('2026-09-15');
  });

  it('the claim engine (which never lets the window stand in for a tier)', () => {
    const w = baselineWorld();
    w.tierOf[w.staff[0].id] = null;
    Object.assign(w.staff[0], { livedExperience: true, hireDate: '2025-03-15' });
    const f = validateClaims([claim({}, [line({ procedureCode: 'H2016', dateOfService: asOf })])], contextFor(w)).claims[0].lines[0].findings;
    expect(f.map((x) => [x.code, x.severity])).toEqual([['STAFF_TIER_INSUFFICIENT', 'error']]);
    expect(f[0].fact.withinPeerWindow).toBe(within);
  });
});
