/** Evidence: lapse rules and their boundary days, EXPIRING, versions and corrections, what may be recorded, and the deadlines it puts on the board. */
import { endOfNextQuarter, evidenceDeadlines, evidenceDueOn, evidenceProblems, currentEvidence, criterionOn, type EvidenceRule } from '../../../src/rules/enrollment';
import { basisOf, bhcWorld, check, cmhcWorld, ev, only, statusOf } from './world';

const rule = (id: string): EvidenceRule => criterionOn(id, '2026-11-22')!.evidence!;
const FIRE = 'O_B7_FIRE_MARSHAL_LETTER';

describe('lapse rules', () => {
  it('annual: current through the anniversary of the letter (the anniversary inside); an earlier expiresOn ends it, a later one does not extend it', () => {
    expect(evidenceDueOn(rule(FIRE), { documentedOn: '2025-12-15', expiresOn: null })).toBe('2026-12-15');
    expect(evidenceDueOn(rule(FIRE), { documentedOn: '2024-02-29', expiresOn: null })).toBe('2025-02-28');
    expect(evidenceDueOn(rule(FIRE), { documentedOn: '2025-12-15', expiresOn: '2026-06-30' })).toBe('2026-06-30');
    expect(evidenceDueOn(rule(FIRE), { documentedOn: '2025-12-15', expiresOn: '2027-06-30' })).toBe('2026-12-15');
  });

  it.each([
    ['2026-01-01', '2026-06-30'],
    ['2026-03-31', '2026-06-30'],
    ['2026-04-01', '2026-09-30'],
    ['2026-08-20', '2026-12-31'],
    ['2026-10-01', '2027-03-31'],
    ['2026-12-31', '2027-03-31'],
  ])('quarterly: a meeting on %s keeps it met through the end of the next quarter, %s', (held, through) => {
    expect(endOfNextQuarter(held)).toBe(through);
    expect(evidenceDueOn(rule('O_A5_QUARTERLY_MEETINGS'), { documentedOn: held, expiresOn: null })).toBe(through);
  });

  it('its own expiresOn (insurance); an attestation without one does not lapse', () => {
    expect(evidenceDueOn(rule('O_D1_LIABILITY_INSURANCE'), { documentedOn: '2026-07-01', expiresOn: '2027-06-30' })).toBe('2027-06-30');
    expect(evidenceDueOn(rule('O_A2_POLICIES'), { documentedOn: '2021-08-15', expiresOn: null })).toBeNull();
  });
});

describe('a Fire Marshal letter moves from MET to EXPIRING to NOT_MET', () => {
  const w = bhcWorld();
  only(w, ev(FIRE, '2025-12-15'));
  it.each([
    ['2026-09-01', 60, 'MET', /current through 2026-12-15$/],
    // 61 days before its last day: not yet
    ['2026-10-15', 60, 'MET', /current through/],
    ['2026-10-16', 60, 'EXPIRING', /lapses after 2026-12-15, in 60 days: renew it$/],
    ['2026-10-16', 59, 'MET', /current through/],
    ['2026-12-14', 60, 'EXPIRING', /in 1 day: renew it$/],
    ['2026-12-15', 60, 'EXPIRING', /lapses after 2026-12-15, today: renew it$/],
    ['2026-12-16', 60, 'NOT_MET', /lapsed after 2026-12-15: record current evidence$/],
  ])('on %s, EXPIRING within %i days: %s', (asOf, within, status, says) => {
    const r = check(w, asOf, within);
    expect(statusOf(r, FIRE)).toBe(status);
    expect(r.criteria.find((c) => c.id === FIRE)!.dueOn).toBe('2026-12-15');
    expect(basisOf(r, FIRE)).toMatch(says);
  });

  it('and the whole with it: EXPIRING, then NOT_MET', () => {
    expect(check(w, '2026-10-15').status).toBe('MET');
    expect(check(w, '2026-11-22').status).toBe('EXPIRING');
    expect(statusOf(check(w, '2026-11-22'), 'BHC_TABLE_O')).toBe('EXPIRING');
    expect(check(w, '2026-12-16').status).toBe('NOT_MET');
  });

  it('a new letter makes it MET again, with the next due day', () => {
    const renewed = bhcWorld();
    renewed.evidence = [...w.evidence, ev(FIRE, '2026-11-20', null, { version: 2 })];
    const r = check(renewed, '2026-11-22');
    expect(statusOf(r, FIRE)).toBe('MET');
    expect(r.criteria.find((c) => c.id === FIRE)!.dueOn).toBe('2027-11-20');
    expect(basisOf(r, FIRE)).toMatch(/^Evidence version 2, documented 2026-11-20 \(annual\); current through 2027-11-20$/);
  });
});

describe('which record counts', () => {
  const a = ev(FIRE, '2025-12-15', null, { version: 1 });
  const b = ev(FIRE, '2026-11-20', null, { version: 2 });
  it('the latest documented on or before the day; an older letter recorded later does not replace a newer one', () => {
    const older = ev(FIRE, '2024-12-10', null, { version: 3 });
    expect(currentEvidence([a, b, older], FIRE, '2026-11-19')).toBe(a);
    expect(currentEvidence([a, b, older], FIRE, '2026-11-20')).toBe(b);
    expect(currentEvidence([a, b, older], FIRE, '2025-01-01')).toBe(older);
    expect(currentEvidence([a, b], FIRE, '2024-01-01')).toBeNull();
  });

  it('on the same day the later version; a corrected record no longer counts', () => {
    const sameDay = ev(FIRE, '2026-11-20', null, { version: 3, note: 'the letter, rescanned' });
    expect(currentEvidence([a, b, sameDay], FIRE, '2026-11-22')).toBe(sameDay);
    const fix = ev(FIRE, '2026-11-18', null, { version: 4, correctsEvidenceId: b.id });
    expect(currentEvidence([a, b, fix], FIRE, '2026-11-22')).toBe(fix);
  });
});

describe('what may be recorded', () => {
  const bhc = bhcWorld().provider;
  const cmhc = cmhcWorld().provider;
  const today = '2026-11-22';
  it('evidence of a criterion that takes it, for the provider type, dated by today', () => {
    expect(evidenceProblems(bhc, { criterionId: FIRE, documentedOn: '2026-11-20' }, today)).toEqual([]);
    // a derived criterion that also accepts evidence (an agreement with an outside prescriber)
    expect(evidenceProblems(bhc, { criterionId: 'O_A4_PRESCRIBER_ACCESS', documentedOn: '2026-11-20', expiresOn: '2027-11-19' }, today)).toEqual([]);
    expect(evidenceProblems(cmhc, { criterionId: 'CMHC_CERTIFICATION', documentedOn: '2026-11-22', expiresOn: '2029-11-21' }, today)).toEqual([]);
  });

  it.each([
    ['a criterion that does not exist', bhc, { criterionId: 'O_B9_PARKING', documentedOn: '2026-11-20' }, '/criterionId', /^O_B9_PARKING is not an enrollment criterion: evidence for Test BHC \(BHC\) is recorded for BHC_COMMUNITY_SERVICES, BHC_COST_REPORTING, O_A1_LAWFUL_OPERATION, /],
    ['a criterion of another provider type', cmhc, { criterionId: FIRE, documentedOn: '2026-11-20' }, '/criterionId', /^O_B7_FIRE_MARSHAL_LETTER \(140\.TABLE O\(b\)\(7\)\) applies to BHC, not to Test CMHC; evidence for Test CMHC \(CMHC\) is recorded for CMHC_CERTIFICATION$/],
    ['a BHC recording a CMHC certification', bhc, { criterionId: 'CMHC_CERTIFICATION', documentedOn: '2026-11-20', expiresOn: '2029-11-19' }, '/criterionId', /applies to CMHC, not to Test BHC/],
    ['a derived criterion', bhc, { criterionId: 'O_C2_CLINICAL_DIRECTOR', documentedOn: '2026-11-20' }, '/criterionId', /is derived from the registry \(.*clinicalDirector.*\), not from evidence: record those facts instead$/],
    ['insurance without its expiry', bhc, { criterionId: 'O_D1_LIABILITY_INSURANCE', documentedOn: '2026-11-20' }, '/expiresOn', /^O_D1_LIABILITY_INSURANCE needs expiresOn: the certificate of professional and general liability insurance/],
    ['expiresOn before documentedOn', bhc, { criterionId: 'O_D1_LIABILITY_INSURANCE', documentedOn: '2026-11-20', expiresOn: '2026-11-19' }, '/expiresOn', /^expiresOn \(2026-11-19\) is before documentedOn \(2026-11-20\)$/],
    ['documented after today', bhc, { criterionId: FIRE, documentedOn: '2026-11-23' }, '/documentedOn', /^evidence is recorded once it exists: 2026-11-23 is after today \(2026-11-22\)$/],
  ])('refuses %s, naming the field', (_what, provider, draft, path, message) => {
    const problems = evidenceProblems(provider, draft, today);
    expect(problems).toEqual([{ path, message: expect.stringMatching(message) }]);
  });
});

describe('deadlines on the board', () => {
  it('each evidence that lapses, with its kind, last day and citation; overdue once past; none for a standing attestation', () => {
    const w = bhcWorld();
    only(w, ev(FIRE, '2025-12-15'));
    only(w, ev('O_A5_QUARTERLY_MEETINGS', '2026-05-12'));
    const deadlines = evidenceDeadlines(w.provider, w.evidence, '2026-11-22');
    expect(deadlines.map((d) => [d.kind, d.dueOn, d.overdue, d.citation])).toEqual([
      ['QUARTERLY_MEETING_DUE', '2026-09-30', true, '140.TABLE O(a)(5)'],
      ['FIRE_MARSHAL_LETTER_DUE', '2026-12-15', false, '140.TABLE O(b)(7)'],
      ['INSURANCE_EXPIRES', '2027-09-30', false, '140.TABLE O(d)(1)'],
    ]);
    expect(deadlines[1].description).toBe(
      'Fire Marshal letter due: Displays a current letter from the Office of the State Fire Marshal or the local fire authority (annual compliance with 41 Ill. Adm. Code 100). The evidence documented 2025-12-15 (version 1) counts through 2026-12-15; record the next before then',
    );
    expect(evidenceDeadlines(cmhcWorld().provider, cmhcWorld().evidence, '2026-11-22').map((d) => [d.kind, d.dueOn])).toEqual([['CMHC_CERTIFICATION_EXPIRES', '2027-06-30']]);
  });
});
