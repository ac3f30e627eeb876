/**
 * Every enrollment criterion, derived or resting on evidence: one world where it is MET and a
 * near-identical one where it is NOT_MET. Each world starts from a BHC (or CMHC, or IP) that meets
 * everything on 2026-11-22 and changes one thing. The credential engine runs for real.
 */
import { ENROLLMENT_CRITERIA } from '../../../src/rules/enrollment';
import { basisOf, bhcWorld, check, clearChecks, cmhcWorld, ev, ipWorld, only, person, staffOf, statusOf, type World } from './world';

type Mutation = (w: World) => void;
interface Case {
  id: string;
  world: () => World;
  met?: Mutation;
  notMet: Mutation;
  /** the NOT_MET basis says this */
  says: RegExp;
}

/** For an evidence criterion: MET with current evidence, NOT_MET once it has lapsed. */
function lapsed(id: string, notMet: Mutation, says: RegExp): Case {
  return { id, world: bhcWorld, notMet, says };
}

const attestationLapsed = (id: string) => lapsed(id, (w) => only(w, ev(id, '2024-01-01', '2026-11-21')), /lapsed after 2026-11-21: record current evidence/);

const CASES: Case[] = [
  // 140.452
  { id: 'CMHC_CERTIFICATION', world: cmhcWorld, notMet: (w) => only(w, ev('CMHC_CERTIFICATION', '2021-07-01', '2026-06-30')), says: /lapsed after 2026-06-30/ },
  { id: 'ENROLLED', world: cmhcWorld, notMet: (w) => (w.provider.enrollments = [{ from: '2015-07-01', to: '2026-11-21' }]), says: /not enrolled on 2026-11-22 \(enrollment periods: 2015-07-01 to 2026-11-21\)/ },
  {
    id: 'IP_CLINICAL_PSYCHOLOGIST',
    world: () => ipWorld('CLINICAL_PSYCHOLOGIST'),
    notMet: (w) => (w.staff[0].licenses[0].expiresOn = '2026-11-21'),
    says: /holds no such licence valid on 2026-11-22/,
  },
  {
    id: 'IP_CLINICAL_SOCIAL_WORKER',
    world: () => ipWorld('CLINICAL_SOCIAL_WORKER'),
    notMet: (w) => (w.staff[0].licenses[0].kind = 'CLINICAL_PSYCHOLOGIST'),
    says: /holds a clinical psychologist licence .*, which fits kind CLINICAL_PSYCHOLOGIST/,
  },
  {
    id: 'IP_PSYCHIATRIST',
    world: () => ipWorld('PSYCHIATRIST'),
    // a physician without the psychiatry training is not the psychiatrist of (a)(3)(C)
    notMet: (w) => (w.staff[0].licenses[0].specialty = null),
    says: /not the practitioner of Dr\. Solo/,
  },

  // 140.499
  lapsed('BHC_COMMUNITY_SERVICES', (w) => only(w, ev('BHC_COMMUNITY_SERVICES', '2021-09-01', '2026-08-31')), /lapsed after 2026-08-31/),
  { id: 'BHC_ENROLLED', world: bhcWorld, notMet: (w) => (w.provider.enrollments = [{ from: '2019-01-01', to: '2021-06-30' }]), says: /not enrolled on 2026-11-22/ },
  { id: 'BHC_NOT_CLINIC_OR_CMHC', world: bhcWorld, notMet: (w) => (w.provider.encounterRateClinic = true), says: /cannot be an encounter-rate clinic \(140\.499\(c\)\)/ },
  attestationLapsed('BHC_COST_REPORTING'),
  { id: 'BHC_TABLE_O', world: bhcWorld, notMet: (w) => only(w, ev('O_B7_FIRE_MARSHAL_LETTER', '2025-11-21')), says: /^Of the 26 Table O criteria, not met: \(b\)\(7\)$/ },

  // Table O (a)
  attestationLapsed('O_A1_LAWFUL_OPERATION'),
  attestationLapsed('O_A2_POLICIES'),
  attestationLapsed('O_A3_CULTURAL_COMPETENCE'),
  {
    id: 'O_A4_PRESCRIBER_ACCESS',
    world: bhcWorld,
    // no prescriber on staff (the APN's licence is Wisconsin's), and the outside agreement has ended
    notMet: (w) => {
      staffOf(w, 'apn').licenses[0].state = 'WI';
      only(w, ev('O_A4_PRESCRIBER_ACCESS', '2025-01-01', '2026-10-31'));
    },
    says: /: Pat Prescriber, APRN's advanced practice nurse .* is not an Illinois licence; the agreement with an outside prescriber: .* lapsed after 2026-10-31/,
  },
  lapsed('O_A5_QUARTERLY_MEETINGS', (w) => only(w, ev('O_A5_QUARTERLY_MEETINGS', '2026-06-30')), /due every calendar quarter.*lapsed after 2026-09-30/),

  // Table O (b)
  attestationLapsed('O_B1_NOT_A_RESIDENCE'),
  attestationLapsed('O_B2_SANITARY_ENVIRONMENT'),
  attestationLapsed('O_B3_EMERGENCY_PLANS'),
  attestationLapsed('O_B4_PRIVACY'),
  attestationLapsed('O_B5_HEALTH_AND_SAFETY'),
  attestationLapsed('O_B6_ACCESSIBILITY'),
  lapsed('O_B7_FIRE_MARSHAL_LETTER', (w) => only(w, ev('O_B7_FIRE_MARSHAL_LETTER', '2025-11-21')), /\(annual\).*lapsed after 2026-11-21/),
  attestationLapsed('O_B8_BUILDING_CODES'),

  // Table O (c)
  {
    id: 'O_C1_SUFFICIENT_STAFF',
    world: bhcWorld,
    notMet: (w) => (staffOf(w, 'mhp').supervisorStaffId = null),
    says: /3 people employed on 2026-11-22 \(2 LPHA, 1 MHP\): Morgan Helper \(MHP\) works without an accepted QMHP supervisor/,
  },
  {
    id: 'O_C2_CLINICAL_DIRECTOR',
    world: bhcWorld,
    notMet: (w) => (staffOf(w, 'dir').fullTime = false),
    says: /Dr\. Dana Director, recorded as Clinical Director, is part-time/,
  },
  {
    id: 'O_C3_BACKGROUND_CHECKS',
    world: bhcWorld,
    notMet: (w) => staffOf(w, 'mhp').backgroundChecks.push({ kind: 'HEALTH_CARE_WORKER_REGISTRY', checkedOn: '2026-10-01', result: 'FINDING' }),
    says: /2 of the 3 people .*; Morgan Helper has a finding on the Health Care Worker Registry \(checked 2026-10-01\) and may not be engaged in any capacity/,
  },
  {
    id: 'O_C3A_HEALTH_CARE_WORKER_REGISTRY',
    world: bhcWorld,
    notMet: (w) => staffOf(w, 'mhp').backgroundChecks.push({ kind: 'HEALTH_CARE_WORKER_REGISTRY', checkedOn: '2026-10-01', result: 'FINDING' }),
    says: /a finding for Morgan Helper \(checked 2026-10-01\), who may not be engaged in any capacity/,
  },
  {
    id: 'O_C3B_FINGERPRINT_CHECKS',
    world: bhcWorld,
    notMet: (w) => (staffOf(w, 'apn').backgroundChecks = [...clearChecks().filter((c) => c.kind !== 'FINGERPRINT'), { kind: 'FINGERPRINT', checkedOn: '2020-01-06', result: 'FINDING' }]),
    says: /a finding for Pat Prescriber, APRN \(checked 2020-01-06\), who may be employed only with a waiver/,
  },
  {
    id: 'O_C3C_OIG_SANCTIONS',
    world: bhcWorld,
    notMet: (w) => staffOf(w, 'dir').backgroundChecks.push({ kind: 'OIG_SANCTIONS', checkedOn: '2026-11-22', result: 'FINDING' }),
    says: /HFS OIG Provider Sanctions List: a finding for Dr\. Dana Director \(checked 2026-11-22\)/,
  },
  attestationLapsed('O_C3D_ADDITIONAL_CHECKS'),

  // Table O (d)
  lapsed('O_D1_LIABILITY_INSURANCE', (w) => only(w, ev('O_D1_LIABILITY_INSURANCE', '2025-07-01', '2026-06-30')), /lapsed after 2026-06-30/),
  {
    id: 'O_D2_NO_SUBCONTRACTING',
    world: bhcWorld,
    notMet: (w) => {
      w.staff.push(person('outside', 'Quinn Outside, LCSW', 'other-cmhc', { licenses: [{ kind: 'CLINICAL_SOCIAL_WORKER', state: 'IL', number: '149.1', issuedOn: '2010-01-01', expiresOn: '2028-01-31' }] }));
      staffOf(w, 'mhp').supervisorStaffId = 'outside';
    },
    says: /Morgan Helper works under QMHP supervision by Quinn Outside, LCSW who is not staff of Test BHC/,
  },

  // Table O (e)
  attestationLapsed('O_E1_CARE_COORDINATION'),
  attestationLapsed('O_E2A_NON_TRADITIONAL_HOURS'),
  attestationLapsed('O_E2B_COMMUNITY_SETTINGS'),
  attestationLapsed('O_E3_SUD_REFERRALS'),
];

describe('every enrollment criterion: MET, and NOT_MET when one thing changes', () => {
  it.each(CASES.map((c) => [c.id, c] as const))('%s', (id, c) => {
    const met = c.world();
    c.met?.(met);
    const ok = check(met);
    expect({ id, status: statusOf(ok, id) }).toEqual({ id, status: 'MET' });
    const bad = c.world();
    c.notMet(bad);
    const r = check(bad);
    expect({ id, status: statusOf(r, id) }).toEqual({ id, status: 'NOT_MET' });
    expect(basisOf(r, id)).toMatch(c.says);
  });

  it('covers every criterion of the table', () => {
    expect(CASES.map((c) => c.id).sort()).toEqual([...new Set(ENROLLMENT_CRITERIA.map((c) => c.id))].sort());
  });

  it('the baseline worlds are MET as a whole, each criterion with a citation and a basis', () => {
    for (const w of [bhcWorld(), cmhcWorld(), ipWorld('PSYCHIATRIST')]) {
      const r = check(w);
      expect(r.criteria.filter((c) => c.status !== 'MET')).toEqual([]);
      expect(r.status).toBe('MET');
      for (const c of r.criteria) {
        expect(c.citation).toMatch(/^140\.(452|499|TABLE O)\(/);
        expect(c.basis.length).toBeGreaterThan(20);
      }
    }
  });
});

describe('which criteria apply', () => {
  it('a BHC: 140.499(a)-(e) and every item of Table O (a)(1)-(5), (b)(1)-(8), (c)(1)-(3)(A)-(D), (d)(1)-(2), (e)(1)-(3)', () => {
    const cites = check(bhcWorld()).criteria.map((c) => c.citation.replace('140.TABLE O', 'O'));
    expect(cites).toEqual([
      '140.499(a)',
      '140.499(b)',
      '140.499(c)',
      '140.499(d)',
      '140.499(e)',
      ...['(a)(1)', '(a)(2)', '(a)(3)', '(a)(4)', '(a)(5)'],
      ...['(b)(1)', '(b)(2)', '(b)(3)', '(b)(4)', '(b)(5)', '(b)(6)', '(b)(7)', '(b)(8)'],
      ...['(c)(1)', '(c)(2)', '(c)(3)', '(c)(3)(A)', '(c)(3)(B)', '(c)(3)(C)', '(c)(3)(D)'],
      ...['(d)(1)', '(d)(2)'],
      ...['(e)(1)', '(e)(2)(A)', '(e)(2)(B)', '(e)(3)'],
    ].map((c) => (c.startsWith('(') ? `O${c}` : c)));
  });

  it('a CMHC: its 59 Ill. Adm. Code 132 certification and enrollment; an IP: the licence of its kind and enrollment', () => {
    expect(check(cmhcWorld()).criteria.map((c) => [c.id, c.citation])).toEqual([
      ['CMHC_CERTIFICATION', '140.452(a)(1)'],
      ['ENROLLED', '140.452(b)'],
    ]);
    expect(check(ipWorld('CLINICAL_SOCIAL_WORKER')).criteria.map((c) => [c.id, c.citation])).toEqual([
      ['IP_CLINICAL_SOCIAL_WORKER', '140.452(a)(3)(B)'],
      ['ENROLLED', '140.452(b)'],
    ]);
  });
});

describe('NOT_RECORDED, never MET, when the registry does not know', () => {
  it.each([
    ['evidence never recorded', 'O_E2A_NON_TRADITIONAL_HOURS', (w: World) => (w.evidence = w.evidence.filter((e) => e.criterionId !== 'O_E2A_NON_TRADITIONAL_HOURS')), /^No evidence recorded on or before 2026-11-22: the schedule of services/],
    ['evidence documented only after the day', 'O_B7_FIRE_MARSHAL_LETTER', (w: World) => only(w, ev('O_B7_FIRE_MARSHAL_LETTER', '2026-11-23')), /\(the first is documented 2026-11-23\)$/],
    ['no Clinical Director recorded', 'O_C2_CLINICAL_DIRECTOR', (w: World) => (staffOf(w, 'dir').clinicalDirector = false), /No staff member of Test BHC is recorded as its Clinical Director/],
    ['a person with no check recorded', 'O_C3_BACKGROUND_CHECKS', (w: World) => (staffOf(w, 'mhp').backgroundChecks = []), /Morgan Helper: no background check recorded \(140\.TABLE O\(c\)\(3\)\)/],
    ['a person without a fingerprint check', 'O_C3B_FINGERPRINT_CHECKS', (w: World) => (staffOf(w, 'mhp').backgroundChecks = clearChecks().filter((c) => c.kind !== 'FINGERPRINT')), /no check of a fingerprint-based check .* recorded for Morgan Helper/],
    ['no prescriber on staff and no agreement', 'O_A4_PRESCRIBER_ACCESS', (w: World) => {
      staffOf(w, 'apn').endDate = '2026-10-31';
      w.evidence = w.evidence.filter((e) => e.criterionId !== 'O_A4_PRESCRIBER_ACCESS');
    }, /and no agreement with an outside prescriber is recorded/],
    ['no enrollment period', 'BHC_ENROLLED', (w: World) => (w.provider.enrollments = []), /No enrollment period of Test BHC is recorded/],
    ['no staff employed', 'O_C1_SUFFICIENT_STAFF', (w: World) => w.staff.forEach((s) => (s.endDate = '2026-01-31')), /No staff of Test BHC employed on 2026-11-22 is recorded/],
  ])('%s', (_what, id, change, says) => {
    const w = bhcWorld();
    change(w);
    const r = check(w);
    expect(statusOf(r, id)).toBe('NOT_RECORDED');
    expect(basisOf(r, id)).toMatch(says);
  });

  it('a summary of a NOT_RECORDED and an EXPIRING criterion is NOT_RECORDED; the whole takes the worst status', () => {
    const w = bhcWorld();
    w.evidence = w.evidence.filter((e) => e.criterionId !== 'O_E3_SUD_REFERRALS');
    only(w, ev('O_B7_FIRE_MARSHAL_LETTER', '2025-12-15'));
    const r = check(w);
    expect(statusOf(r, 'BHC_TABLE_O')).toBe('NOT_RECORDED');
    expect(basisOf(r, 'BHC_TABLE_O')).toBe('Of the 26 Table O criteria, not recorded: (e)(3); expiring: (b)(7)');
    expect(r.status).toBe('NOT_RECORDED');
  });
});

describe('background check readings', () => {
  it('a later CLEAR check of the same list lifts a finding; a FINDING wins a tie on the same day', () => {
    const w = bhcWorld();
    staffOf(w, 'mhp').backgroundChecks.push({ kind: 'OIG_SANCTIONS', checkedOn: '2026-09-01', result: 'FINDING' }, { kind: 'OIG_SANCTIONS', checkedOn: '2026-10-01', result: 'CLEAR' });
    expect(statusOf(check(w), 'O_C3C_OIG_SANCTIONS')).toBe('MET');
    expect(statusOf(check(w, '2026-09-15'), 'O_C3C_OIG_SANCTIONS')).toBe('NOT_MET');
    staffOf(w, 'mhp').backgroundChecks.push({ kind: 'OIG_SANCTIONS', checkedOn: '2026-10-01', result: 'FINDING' });
    expect(statusOf(check(w), 'O_C3C_OIG_SANCTIONS')).toBe('NOT_MET');
  });

  it('a prescriber on staff with a finding does not give access to one (Table O(a)(4)): the agreement must', () => {
    const w = bhcWorld();
    staffOf(w, 'apn').backgroundChecks.push({ kind: 'OIG_SANCTIONS', checkedOn: '2026-09-01', result: 'FINDING' });
    expect(statusOf(check(w), 'O_A4_PRESCRIBER_ACCESS')).toBe('NOT_RECORDED');
    only(w, ev('O_A4_PRESCRIBER_ACCESS', '2026-09-15', '2027-09-14'));
    const r = check(w);
    expect(statusOf(r, 'O_A4_PRESCRIBER_ACCESS')).toBe('MET');
    expect(basisOf(r, 'O_A4_PRESCRIBER_ACCESS')).toMatch(/: Pat Prescriber, APRN holds the advanced practice nurse .* but has a finding on the HFS OIG Provider Sanctions List \(checked 2026-09-01\) and may not be employed or contracted with; the agreement with an outside prescriber: Evidence version 1/);
  });

  it('someone who left is not counted; someone not yet hired is not counted', () => {
    const w = bhcWorld();
    w.staff.push(person('gone', 'Gone Person', 'bhc', { backgroundChecks: [], endDate: '2026-06-30' }), person('next', 'Next Person', 'bhc', { backgroundChecks: [], hireDate: '2026-12-01' }));
    expect(statusOf(check(w), 'O_C3_BACKGROUND_CHECKS')).toBe('MET');
  });
});
