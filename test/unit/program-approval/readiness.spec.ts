import { evaluateReadiness, evidenceProblem, type ReadinessInput, type ReadinessMember, type ReadinessRole } from '../../../src/rules/program-approval';
import type { CredentialResult } from '../../../src/rules/credentials/types';
import { staffWithoutFacts, type CertificationFact, type StaffFacts } from '../../../src/rules/facts';
import type { Tier } from '../../../src/rules/vocabulary';

const ASOF = '2026-09-01';
const TIERS_FROM: Record<Tier, Tier[]> = { LPHA: ['LPHA', 'QMHP', 'MHP', 'RSA'], QMHP: ['QMHP', 'MHP', 'RSA'], MHP: ['MHP', 'RSA'], RSA: ['RSA'] };

function staff(id: string, extra: Partial<StaffFacts> = {}): StaffFacts {
  return { ...staffWithoutFacts({ id, providerId: 'p1', name: `Staff ${id}`, hireDate: '2025-01-06' }), highSchoolOrGed: true, ...extra };
}

function credential(id: string, tier: Tier | null, extra: Partial<CredentialResult> = {}): CredentialResult {
  const below = tier === 'MHP' || tier === 'RSA';
  return {
    staffId: id,
    asOf: ASOF,
    employed: true,
    tier,
    tiers: tier ? TIERS_FROM[tier] : [],
    basis: [],
    requiresQmhpSupervision: below,
    supervisorOk: below ? true : null,
    supervisorReason: null,
    mayAdministerMedication: { allowed: false, citation: '140.453(d)(2)(C)(v)', reason: '' },
    designations: [],
    validUntil: null,
    missingForNextTier: [],
    warnings: [],
    ...extra,
  };
}

const cert = (kind: CertificationFact['kind'], issuedOn = '2024-01-01', expiresOn: string | null = null): CertificationFact => ({ kind, issuedOn, expiresOn });

function member(id: string, role: ReadinessRole, tier: Tier | null, fte = 1, s: Partial<StaffFacts> = {}, c: Partial<CredentialResult> = {}): ReadinessMember {
  return { staff: staff(id, s), credential: credential(id, tier, c), role, fte };
}

const lead = () => member('lead', 'TEAM_LEAD', 'QMHP');
const peer = (kind: CertificationFact['kind'] = 'CRSS') => member('peer', 'PEER_SPECIALIST', 'RSA', 1, { certifications: [cert(kind)] });
const other = () => member('other', 'MEMBER', 'MHP');
const adultsOnly = { adults: 50, youth: 0 };

const byId = (program: 'CST' | 'IO' | 'PSR' | 'ACT', input: ReadinessInput) => Object.fromEntries(evaluateReadiness(program, input).criteria.map((c) => [c.id, c]));

/** documentation of every CST practice, current on ASOF */
const cstPractices = [
  { criterionId: 'CST_COMMUNITY_SETTING', documentedOn: '2026-08-01', percent: 64 },
  { criterionId: 'CST_WEEKLY_TEAM_REVIEW', documentedOn: '2026-08-28' },
  { criterionId: 'CST_MONTHLY_LPHA_REVIEW', documentedOn: '2026-08-15' },
  { criterionId: 'CST_AVAILABLE_24_7', documentedOn: '2026-01-05' },
];

describe('CST readiness (Table N (c)(1))', () => {
  const full: ReadinessInput = { asOf: ASOF, members: [lead(), peer(), other()], census: adultsOnly, evidence: cstPractices };

  // issue 13 added the documented practices after the four staffing criteria
  it('all criteria met with a full-time QMHP lead, a CRSS, an MHP, 50 adults for 3 FTE and the practices documented', () => {
    const r = evaluateReadiness('CST', full);
    expect(r.status).toBe('MET');
    expect(r.criteria.map((c) => [c.id, c.status, c.citation])).toEqual([
      ['CST_TEAM_LEAD', 'MET', '140.TABLE N(c)(1)(B)(i)'],
      ['CST_PEER', 'MET', '140.TABLE N(c)(1)(B)(ii)'],
      ['CST_OTHER_STAFF', 'MET', '140.TABLE N(c)(1)(B)(iii)'],
      ['CST_STAFFING_RATIO', 'MET', '140.TABLE N(c)(1)(A)(iii)'],
      ['CST_COMMUNITY_SETTING', 'MET', '140.TABLE N(c)(1)(A)(ii)'],
      ['CST_WEEKLY_TEAM_REVIEW', 'MET', '140.TABLE N(c)(1)(D)(i)'],
      ['CST_MONTHLY_LPHA_REVIEW', 'MET', '140.TABLE N(c)(1)(D)(ii)'],
      ['CST_AVAILABLE_24_7', 'MET', '140.453(d)(4)(B)(i)'],
    ]);
    expect(r.criteria[0].detail).toMatch(/140\.453\(d\)\(4\)\(B\)\(i\)/);
  });

  describe('team lead', () => {
    it('not met: no TEAM_LEAD, below QMHP, part-time fte, part-time staff record, not employed', () => {
      const none = byId('CST', { ...full, members: [peer(), other()] }).CST_TEAM_LEAD;
      expect(none.status).toBe('NOT_MET');
      expect(none.detail).toMatch(/^no member has the role TEAM_LEAD/);
      expect(byId('CST', { ...full, members: [member('lead', 'TEAM_LEAD', 'MHP'), peer(), other()] }).CST_TEAM_LEAD.detail).toMatch(/does not hold QMHP \(tier MHP\)/);
      expect(byId('CST', { ...full, members: [member('lead', 'TEAM_LEAD', 'QMHP', 0.8), peer(), other()] }).CST_TEAM_LEAD.detail).toMatch(/not full-time \(fte 0\.8\)/);
      expect(byId('CST', { ...full, members: [member('lead', 'TEAM_LEAD', 'QMHP', 1, { fullTime: false }), peer(), other()] }).CST_TEAM_LEAD.detail).toMatch(/staff record part-time/);
      expect(byId('CST', { ...full, members: [member('lead', 'TEAM_LEAD', 'QMHP', 1, {}, { employed: false }), peer(), other()] }).CST_TEAM_LEAD.detail).toMatch(/not employed/);
    });

    it('an LPHA lead counts (higher tiers include QMHP)', () => {
      expect(byId('CST', { ...full, members: [member('lead', 'TEAM_LEAD', 'LPHA'), peer(), other()] }).CST_TEAM_LEAD.status).toBe('MET');
    });

    it('not recorded without a roster', () => {
      const r = evaluateReadiness('CST', { asOf: ASOF, members: null, census: adultsOnly });
      expect(r.status).toBe('NOT_RECORDED');
      expect(r.criteria.every((c) => c.status === 'NOT_RECORDED')).toBe(true);
    });
  });

  describe('peer (CRSS / CFPP / lived experience)', () => {
    it('not met without a certified member; an expired certification does not count', () => {
      expect(byId('CST', { ...full, members: [lead(), other(), member('x', 'MEMBER', 'RSA')] }).CST_PEER.status).toBe('NOT_MET');
      const expired = member('peer', 'PEER_SPECIALIST', 'RSA', 1, { certifications: [cert('CRSS', '2023-01-01', '2026-08-31')] });
      expect(byId('CST', { ...full, members: [lead(), expired, other()] }).CST_PEER.status).toBe('NOT_MET');
    });

    it('follows the ages served: CFPP for youth only, CRSS for adults only, either when mixed or unknown', () => {
      expect(byId('CST', { ...full, members: [lead(), peer('CFPP'), other()], census: { adults: 0, youth: 20 } }).CST_PEER.status).toBe('MET');
      const wrong = byId('CST', { ...full, members: [lead(), peer('CRSS'), other()], census: { adults: 0, youth: 20 } }).CST_PEER;
      expect(wrong.status).toBe('NOT_MET');
      expect(wrong.detail).toMatch(/certification for the other age group/);
      expect(byId('CST', { ...full, members: [lead(), peer('CFPP'), other()], census: adultsOnly }).CST_PEER.status).toBe('NOT_MET');
      expect(byId('CST', { ...full, members: [lead(), peer('CFPP'), other()], census: { adults: 10, youth: 10 } }).CST_PEER.status).toBe('MET');
      expect(byId('CST', { ...full, members: [lead(), peer('CFPP'), other()], census: null }).CST_PEER.detail).toMatch(/ages served not recorded/);
    });

    it('a person with lived experience counts within 18 months after hire, not after', () => {
      const lived = (hireDate: string) => member('lived', 'PEER_SPECIALIST', null, 1, { livedExperience: true, hireDate });
      const within = byId('CST', { ...full, members: [lead(), lived('2025-03-01'), other()] }).CST_PEER;
      expect(within.status).toBe('MET');
      expect(within.detail).toMatch(/by 2026-09-01 \(18 months after hire on 2025-03-01\)/);
      const past = byId('CST', { ...full, members: [lead(), lived('2025-02-28'), other()] }).CST_PEER;
      expect(past.status).toBe('NOT_MET');
      expect(past.detail).toMatch(/passed 18 months after hire on 2026-08-28/);
    });

    it('the team lead cannot also be the peer', () => {
      const certifiedLead = member('lead', 'TEAM_LEAD', 'QMHP', 1, { certifications: [cert('CRSS')] });
      expect(byId('CST', { ...full, members: [certifiedLead, other()] }).CST_PEER.status).toBe('NOT_MET');
    });
  });

  describe('one other staff member', () => {
    it('not met when the only others are the lead and the peer, or hold no tier', () => {
      expect(byId('CST', { ...full, members: [lead(), peer()] }).CST_OTHER_STAFF).toMatchObject({ status: 'NOT_MET', detail: 'no employed member besides the team lead and the peer' });
      expect(byId('CST', { ...full, members: [lead(), peer(), member('x', 'MEMBER', null)] }).CST_OTHER_STAFF.detail).toMatch(/holds no tier/);
    });

    it('an RSA counts (community support), but not without a QMHP supervisor', () => {
      expect(byId('CST', { ...full, members: [lead(), peer(), member('x', 'MEMBER', 'RSA')] }).CST_OTHER_STAFF.status).toBe('MET');
      const unsupervised = member('x', 'MEMBER', 'RSA', 1, {}, { supervisorOk: false });
      expect(byId('CST', { ...full, members: [lead(), peer(), unsupervised] }).CST_OTHER_STAFF.detail).toMatch(/no QMHP supervisor/);
    });

    it('picks the peer so that someone is left for "one other" (two CRSS holders, one without a tier)', () => {
      const a = member('a', 'MEMBER', 'RSA', 1, { certifications: [cert('CRSS')] });
      const b = member('b', 'PEER_SPECIALIST', null, 1, { certifications: [cert('CRSS')] });
      const r = byId('CST', { ...full, members: [lead(), a, b] });
      expect(r.CST_PEER.status).toBe('MET');
      expect(r.CST_OTHER_STAFF.status).toBe('MET');
    });

    it('staff not employed on the date are not counted', () => {
      expect(byId('CST', { ...full, members: [lead(), peer(), member('x', 'MEMBER', 'MHP', 1, {}, { employed: false })] }).CST_OTHER_STAFF.status).toBe('NOT_MET');
    });
  });

  describe('18 individuals per FTE', () => {
    it('54 for 3 FTE is met; 55 is not', () => {
      expect(byId('CST', { ...full, census: { adults: 54, youth: 0 } }).CST_STAFFING_RATIO.status).toBe('MET');
      const over = byId('CST', { ...full, census: { adults: 40, youth: 15 } }).CST_STAFFING_RATIO;
      expect(over.status).toBe('NOT_MET');
      expect(over.detail).toBe('55 individuals, 3 FTE: 18.33 per FTE (needs 3.06 FTE)');
    });

    it('counts fractional FTE', () => {
      const members = [lead(), member('peer', 'PEER_SPECIALIST', 'RSA', 0.5, { certifications: [cert('CRSS')] }), member('other', 'MEMBER', 'MHP', 0.5)];
      expect(byId('CST', { ...full, members, census: { adults: 36, youth: 0 } }).CST_STAFFING_RATIO.status).toBe('MET');
      expect(byId('CST', { ...full, members, census: { adults: 37, youth: 0 } }).CST_STAFFING_RATIO.status).toBe('NOT_MET');
    });

    it('census unknown (null or a null part) is NOT_RECORDED, never MET', () => {
      expect(byId('CST', { ...full, census: null }).CST_STAFFING_RATIO.status).toBe('NOT_RECORDED');
      expect(byId('CST', { ...full, census: { adults: 10, youth: null } }).CST_STAFFING_RATIO.status).toBe('NOT_RECORDED');
      expect(evaluateReadiness('CST', { ...full, census: null }).status).toBe('NOT_RECORDED');
    });

    it('overall NOT_MET wins over NOT_RECORDED', () => {
      expect(evaluateReadiness('CST', { ...full, members: [peer(), other()], census: null }).status).toBe('NOT_MET');
    });
  });
});

describe('IO readiness (Table N (c)(2)(B))', () => {
  const qmhp = (id: string, fte = 1) => member(id, 'MEMBER', 'QMHP', fte);

  it('1 FTE to 8 adults: 16 adults with 2 QMHP FTE met, 17 not', () => {
    const members = [qmhp('a'), qmhp('b')];
    expect(byId('IO', { asOf: ASOF, members, census: { adults: 16, youth: 0 } }).IO_STAFFING_RATIO).toMatchObject({ status: 'MET', citation: '140.TABLE N(c)(2)(B)' });
    expect(byId('IO', { asOf: ASOF, members, census: { adults: 17, youth: 0 } }).IO_STAFFING_RATIO.status).toBe('NOT_MET');
  });

  it('1 FTE to 4 youth: 8 youth with 2 FTE met, 9 not; mixed adds up (8 adults + 4 youth need 2 FTE)', () => {
    const members = [qmhp('a'), qmhp('b')];
    expect(byId('IO', { asOf: ASOF, members, census: { adults: 0, youth: 8 } }).IO_STAFFING_RATIO.status).toBe('MET');
    expect(byId('IO', { asOf: ASOF, members, census: { adults: 0, youth: 9 } }).IO_STAFFING_RATIO.status).toBe('NOT_MET');
    expect(byId('IO', { asOf: ASOF, members, census: { adults: 8, youth: 4 } }).IO_STAFFING_RATIO.status).toBe('MET');
    expect(byId('IO', { asOf: ASOF, members, census: { adults: 9, youth: 4 } }).IO_STAFFING_RATIO.status).toBe('NOT_MET');
  });

  it('only QMHP staff count (IO is provided by a QMHP)', () => {
    const r = byId('IO', { asOf: ASOF, members: [qmhp('a'), member('m', 'MEMBER', 'MHP')], census: { adults: 16, youth: 0 } }).IO_STAFFING_RATIO;
    expect(r.status).toBe('NOT_MET');
    expect(r.detail).toMatch(/1 FTE below QMHP not counted/);
  });

  it('census unknown is NOT_RECORDED', () => {
    expect(byId('IO', { asOf: ASOF, members: [qmhp('a')], census: null }).IO_STAFFING_RATIO.status).toBe('NOT_RECORDED');
    expect(byId('IO', { asOf: ASOF, members: [qmhp('a')], census: { adults: null, youth: 0 } }).IO_STAFFING_RATIO.status).toBe('NOT_RECORDED');
    expect(byId('IO', { asOf: ASOF, members: null, census: { adults: 1, youth: 0 } }).IO_STAFFING_RATIO.status).toBe('NOT_RECORDED');
  });
});

describe('PSR readiness (Table N (c)(3)(B)(i))', () => {
  it('met with a full-time QMHP program director and the access to a QMHP documented', () => {
    const r = evaluateReadiness('PSR', { asOf: ASOF, members: [member('d', 'PROGRAM_DIRECTOR', 'QMHP')], census: null, evidence: [{ criterionId: 'PSR_QMHP_ACCESS', documentedOn: '2026-06-01' }] });
    expect(r.status).toBe('MET');
    expect(r.criteria).toEqual([
      expect.objectContaining({ id: 'PSR_PROGRAM_DIRECTOR', status: 'MET', citation: '140.TABLE N(c)(3)(B)(i)' }),
      expect.objectContaining({ id: 'PSR_QMHP_ACCESS', status: 'MET', citation: '140.TABLE N(c)(3)(B)(ii)' }),
    ]);
  });

  it('not met: no director, a part-time director, a director below QMHP', () => {
    expect(byId('PSR', { asOf: ASOF, members: [member('x', 'MEMBER', 'QMHP')], census: null }).PSR_PROGRAM_DIRECTOR.status).toBe('NOT_MET');
    expect(byId('PSR', { asOf: ASOF, members: [member('d', 'PROGRAM_DIRECTOR', 'QMHP', 0.5)], census: null }).PSR_PROGRAM_DIRECTOR.status).toBe('NOT_MET');
    expect(byId('PSR', { asOf: ASOF, members: [member('d', 'PROGRAM_DIRECTOR', 'MHP')], census: null }).PSR_PROGRAM_DIRECTOR.status).toBe('NOT_MET');
  });

  it('not recorded without a roster', () => {
    expect(byId('PSR', { asOf: ASOF, members: null, census: null }).PSR_PROGRAM_DIRECTOR.status).toBe('NOT_RECORDED');
  });
});

describe('documented practices (NOT_RECORDED until documented)', () => {
  const base: ReadinessInput = { asOf: ASOF, members: [lead(), peer(), other()], census: adultsOnly };
  const practice = (program: 'CST' | 'IO' | 'PSR' | 'ACT', input: ReadinessInput, id: string) => byId(program, input)[id];

  it('NOT_RECORDED with no documentation, never MET', () => {
    for (const id of ['CST_COMMUNITY_SETTING', 'CST_WEEKLY_TEAM_REVIEW', 'CST_MONTHLY_LPHA_REVIEW', 'CST_AVAILABLE_24_7']) {
      expect(practice('CST', base, id)).toMatchObject({ status: 'NOT_RECORDED', detail: 'documentation not recorded' });
    }
    expect(practice('IO', { asOf: ASOF, members: null, census: null }, 'IO_WEEKLY_LPHA_REVIEW')).toMatchObject({ status: 'NOT_RECORDED', citation: '140.TABLE N(c)(2)(D)(i)' });
    expect(evaluateReadiness('CST', base).status).toBe('NOT_RECORDED');
  });

  it('documentation counts for 12 months: documented 2025-09-02 counts on 2026-09-01, 2025-09-01 does not; documentation dated after asOf does not count', () => {
    expect(practice('CST', { ...base, evidence: [{ criterionId: 'CST_WEEKLY_TEAM_REVIEW', documentedOn: '2025-09-02' }] }, 'CST_WEEKLY_TEAM_REVIEW').status).toBe('MET');
    const stale = practice('CST', { ...base, evidence: [{ criterionId: 'CST_WEEKLY_TEAM_REVIEW', documentedOn: '2025-09-01' }] }, 'CST_WEEKLY_TEAM_REVIEW');
    expect(stale).toMatchObject({ status: 'NOT_RECORDED' });
    expect(stale.detail).toMatch(/last documented 2025-09-01/);
    expect(practice('CST', { ...base, evidence: [{ criterionId: 'CST_WEEKLY_TEAM_REVIEW', documentedOn: '2026-09-02' }] }, 'CST_WEEKLY_TEAM_REVIEW').status).toBe('NOT_RECORDED');
  });

  it('CST in the community: 60% met, 59.9% not, the latest documentation counts', () => {
    const at = (percent: number) => practice('CST', { ...base, evidence: [{ criterionId: 'CST_COMMUNITY_SETTING', documentedOn: '2026-08-01', percent }] }, 'CST_COMMUNITY_SETTING');
    expect(at(60).status).toBe('MET');
    expect(at(59.9)).toMatchObject({ status: 'NOT_MET', detail: '59.9% documented 2026-08-01 (at least 60% required)' });
    const latest = practice(
      'CST',
      { ...base, evidence: [{ criterionId: 'CST_COMMUNITY_SETTING', documentedOn: '2026-03-01', percent: 70 }, { criterionId: 'CST_COMMUNITY_SETTING', documentedOn: '2026-08-01', percent: 50 }] },
      'CST_COMMUNITY_SETTING',
    );
    expect(latest.status).toBe('NOT_MET');
  });

  it('evidenceProblem names what may be documented for each program', () => {
    expect(evidenceProblem('PSR', { criterionId: 'PSR_QMHP_ACCESS' })).toBeNull();
    expect(evidenceProblem('PSR', { criterionId: 'CST_WEEKLY_TEAM_REVIEW' })).toMatchObject({ path: '/criterionId', message: expect.stringMatching(/PSR_QMHP_ACCESS/) });
    expect(evidenceProblem('CST', { criterionId: 'CST_COMMUNITY_SETTING' })).toMatchObject({ path: '/percent' });
    expect(evidenceProblem('CST', { criterionId: 'CST_WEEKLY_TEAM_REVIEW', percent: 50 })).toMatchObject({ path: '/percent' });
  });
});

describe('ACT readiness (140.453(d)(4)(A))', () => {
  const lpha = () => member('lead', 'TEAM_LEAD', 'LPHA');
  const act: ReadinessInput = { asOf: ASOF, members: [lpha(), peer(), other()], census: adultsOnly, providerType: 'CMHC', evidence: [{ criterionId: 'ACT_AVAILABLE_24_7', documentedOn: '2026-07-01' }] };

  it('met with a CMHC, a full-time LPHA lead, a CRSS, adults only and 24/7 availability documented, each with its citation', () => {
    const r = evaluateReadiness('ACT', act);
    expect(r).toMatchObject({ program: 'ACT', status: 'MET' });
    expect(r.criteria.map((c) => [c.id, c.status, c.citation])).toEqual([
      ['ACT_CMHC', 'MET', '140.453(d)(4)(A)(i)'],
      ['ACT_TEAM_LEAD', 'MET', '140.453(d)(4)(A)(i)'],
      ['ACT_PEER', 'MET', '140.453(d)(4)(A)(i)'],
      ['ACT_ADULTS_ONLY', 'MET', '140.453(d)(4)(A)(ii)'],
      ['ACT_AVAILABLE_24_7', 'MET', '140.453(d)(4)(A)(i)'],
    ]);
  });

  it('the lead must be a full-time LPHA (a QMHP lead is not enough; part-time is not)', () => {
    expect(byId('ACT', { ...act, members: [lead(), peer(), other()] }).ACT_TEAM_LEAD).toMatchObject({ status: 'NOT_MET', detail: expect.stringMatching(/does not hold LPHA \(tier QMHP\)/) });
    expect(byId('ACT', { ...act, members: [member('lead', 'TEAM_LEAD', 'LPHA', 0.9), peer()] }).ACT_TEAM_LEAD.status).toBe('NOT_MET');
  });

  it('a CRSS or CFPP by the ages served, or lived experience within 18 months after hire', () => {
    expect(byId('ACT', { ...act, members: [lpha(), other()] }).ACT_PEER.status).toBe('NOT_MET');
    expect(byId('ACT', { ...act, members: [lpha(), peer('CFPP')] }).ACT_PEER.status).toBe('NOT_MET');
    const lived = member('lived', 'PEER_SPECIALIST', null, 1, { livedExperience: true, hireDate: '2025-03-01' });
    expect(byId('ACT', { ...act, members: [lpha(), lived] }).ACT_PEER.status).toBe('MET');
  });

  it('only a CMHC; only adults; unknown facts NOT_RECORDED', () => {
    expect(byId('ACT', { ...act, providerType: 'BHC' }).ACT_CMHC).toMatchObject({ status: 'NOT_MET', detail: 'the provider is a BHC, not a CMHC' });
    expect(byId('ACT', { ...act, census: { adults: 20, youth: 1 } }).ACT_ADULTS_ONLY.status).toBe('NOT_MET');
    const unknown = evaluateReadiness('ACT', { asOf: ASOF, members: null, census: null });
    expect(unknown.status).toBe('NOT_RECORDED');
    expect(unknown.criteria.every((c) => c.status === 'NOT_RECORDED')).toBe(true);
  });
});

describe('input validation', () => {
  it('refuses an fte outside 0..1, an unknown role and a negative census', () => {
    expect(() => evaluateReadiness('CST', { asOf: ASOF, members: [member('a', 'MEMBER', 'QMHP', 1.5)], census: null })).toThrow(/fte must be a number from 0 to 1/);
    expect(() => evaluateReadiness('CST', { asOf: ASOF, members: [member('a', 'BOSS' as ReadinessRole, 'QMHP')], census: null })).toThrow(/role must be one of/);
    expect(() => evaluateReadiness('IO', { asOf: ASOF, members: [], census: { adults: -1, youth: 0 } })).toThrow(/census\.adults/);
    expect(() => evaluateReadiness('CST', { asOf: ASOF, members: [], census: null, evidence: [{ criterionId: 'CST_COMMUNITY_SETTING', documentedOn: ASOF, percent: 101 }] })).toThrow(/percent must be a number from 0 to 100/);
  });
});
