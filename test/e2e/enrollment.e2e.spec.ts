/**
 * Enrollment over HTTP on the demo data, the service's today pinned to 2026-11-22: the check in the
 * CONTRACT's shape, evidence that moves a criterion from MET to EXPIRING to NOT_MET and back, evidence
 * history, background checks and STAFF_EXCLUDED, the deadline board, and every bad input refused with
 * the field named and nothing written.
 */
import { ADMIN_KEY, auth, DEMO_KEYS, startTestApp, tableCounts, type TestApp } from '../support/app';

const TODAY = '2026-11-22';
const REVIEWER = DEMO_KEYS.reviewer;
const PRAIRIE_DIRECTOR = DEMO_KEYS.directorPrairie;
const FIRE = 'O_B7_FIRE_MARSHAL_LETTER';
let t: TestApp;
let ids: Record<string, string>;

beforeAll(async () => {
  t = await startTestApp({ demo: true, today: TODAY });
  ids = t.demo!.ids;
}, 30_000);
afterAll(async () => t?.close());

interface Criterion {
  id: string;
  citation: string;
  title: string;
  status: string;
  basis: string;
  dueOn: string | null;
}
const check = (providerId: string, asOf?: string, key: string = REVIEWER) => t.http().get(`/api/v1/providers/${providerId}/enrollment-check${asOf ? `?asOf=${asOf}` : ''}`).set(auth(key));
const criterion = (body: { criteria: Criterion[] }, id: string) => body.criteria.find((c) => c.id === id)!;
const record = (providerId: string, body: Record<string, unknown>, key: string = REVIEWER) => t.http().post(`/api/v1/providers/${providerId}/evidence`).set(auth(key)).send(body);

function expectProblem(res: { status: number; headers: Record<string, string>; body: Record<string, unknown> }, status: number, path: string, message: RegExp): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String) });
  expect(res.body.errors).toContainEqual({ path, message: expect.stringMatching(message) });
}

describe('the enrollment check', () => {
  it("answers in the CONTRACT's shape: the demo BHC meets most criteria, lacks a few, and its Fire Marshal letter is lapsing", async () => {
    const res = await check(ids.lakeside);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['asOf', 'criteria', 'providerId', 'status', 'type']);
    expect(res.body).toMatchObject({ providerId: ids.lakeside, type: 'BHC', asOf: TODAY, status: 'NOT_MET' });
    for (const c of res.body.criteria) expect(Object.keys(c).sort()).toEqual(['basis', 'citation', 'dueOn', 'id', 'status', 'title']);
    expect(res.body.criteria).toHaveLength(31);
    const notMet = Object.fromEntries(res.body.criteria.filter((c: Criterion) => c.status !== 'MET').map((c: Criterion) => [c.id, c.status]));
    expect(notMet).toEqual({
      BHC_TABLE_O: 'NOT_MET',
      O_B7_FIRE_MARSHAL_LETTER: 'EXPIRING',
      O_C3_BACKGROUND_CHECKS: 'NOT_MET',
      O_C3B_FINGERPRINT_CHECKS: 'NOT_RECORDED',
      O_C3C_OIG_SANCTIONS: 'NOT_MET',
      O_E2A_NON_TRADITIONAL_HOURS: 'NOT_RECORDED',
    });
    expect(criterion(res.body, FIRE)).toMatchObject({ citation: '140.TABLE O(b)(7)', dueOn: '2026-12-15', basis: expect.stringMatching(/^Evidence version 2, documented 2025-12-15 \(annual\).*lapses after 2026-12-15, in 23 days: renew it$/) });
    expect(criterion(res.body, 'O_C2_CLINICAL_DIRECTOR').basis).toMatch(/^Evelyn Moore, PsyD is the Clinical Director, employed full-time on 2026-11-22: LPHA by 140\.453\(b\)\(3\)\(C\)/);
    expect(criterion(res.body, 'O_C3C_OIG_SANCTIONS').basis).toMatch(/a finding for Olivia Reed, APRN-PMHNP \(checked 2026-09-01\), who may not be employed or contracted with: end their employment/);
    // Reed is excluded, so access to a prescriber rests on the agreement recorded since
    expect(criterion(res.body, 'O_A4_PRESCRIBER_ACCESS')).toMatchObject({ status: 'MET', basis: expect.stringMatching(/: Olivia Reed, APRN-PMHNP holds the .* but has a finding .*; the agreement with an outside prescriber: Evidence version 1, documented 2026-09-15/) });
    expect(criterion(res.body, 'BHC_NOT_CLINIC_OR_CMHC').status).toBe('MET');
    expect(criterion(res.body, 'O_A5_QUARTERLY_MEETINGS')).toMatchObject({ status: 'MET', dueOn: '2027-03-31' });
  });

  it('a CMHC: its 59 Ill. Adm. Code 132 certification; an IP: its licence; the clinical director sees their own provider only', async () => {
    const prairie = await check(ids.prairie, undefined, PRAIRIE_DIRECTOR);
    expect(prairie.status).toBe(200);
    expect(prairie.body.criteria.map((c: Criterion) => [c.id, c.status, c.dueOn])).toEqual([
      ['CMHC_CERTIFICATION', 'MET', '2027-06-30'],
      ['ENROLLED', 'MET', null],
    ]);
    const reyes = await check(ids.reyes);
    expect(reyes.body.criteria.map((c: Criterion) => [c.id, c.citation, c.status])).toEqual([
      ['IP_CLINICAL_PSYCHOLOGIST', '140.452(a)(3)(A)', 'MET'],
      ['ENROLLED', '140.452(b)', 'MET'],
    ]);
    expect(criterion(reyes.body, 'IP_CLINICAL_PSYCHOLOGIST').basis).toMatch(/^Alma Reyes, PsyD is the practitioner of Alma Reyes, PsyD: clinical psychologist licence IL 071\.009911 valid through 2028-09-30/);
    expect((await check(ids.riverbend)).body.criteria[0]).toMatchObject({ id: 'CMHC_CERTIFICATION', status: 'NOT_RECORDED', dueOn: null });
    expect((await check(ids.lakeside, undefined, PRAIRIE_DIRECTOR)).status).toBe(403);
    expect((await check(ids.prairie, undefined, DEMO_KEYS.billingPrairie)).status).toBe(403);
    expect((await check('00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expectProblem(await check(ids.lakeside, '2026-02-30'), 400, 'asOf', /must be a calendar date/);
  });
});

describe('the deadline board', () => {
  it('shows evidence coming due beside Table N deadlines, in the key\'s scope, as JSON, CSV and iCalendar', async () => {
    const res = await t.http().get(`/api/v1/deadlines?providerId=${ids.lakeside}`).set(auth(REVIEWER));
    expect(res.status).toBe(200);
    const enrollment = res.body.filter((d: { source: string }) => d.source === 'ENROLLMENT');
    expect(enrollment.map((d: { kind: string; dueOn: string; citation: string }) => [d.kind, d.dueOn, d.citation])).toEqual(
      expect.arrayContaining([
        ['FIRE_MARSHAL_LETTER_DUE', '2026-12-15', '140.TABLE O(b)(7)'],
        ['QUARTERLY_MEETING_DUE', '2027-03-31', '140.TABLE O(a)(5)'],
        ['INSURANCE_EXPIRES', '2027-06-30', '140.TABLE O(d)(1)'],
      ]),
    );
    const fire = enrollment.find((d: { kind: string }) => d.kind === 'FIRE_MARSHAL_LETTER_DUE');
    expect(fire).toMatchObject({ providerId: ids.lakeside, providerName: 'Lakeside Behavioral Health Clinic', program: null, programApprovalId: null, party: 'PROVIDER', overdue: false, openedOn: '2025-12-15' });
    expect(res.body.some((d: { source: string }) => d.source === 'TABLE_N')).toBe(true);
    // overdue once the day has passed
    const later = await t.http().get(`/api/v1/deadlines?providerId=${ids.lakeside}&kind=FIRE_MARSHAL_LETTER_DUE&asOf=2026-12-20`).set(auth(REVIEWER));
    expect(later.body).toEqual([expect.objectContaining({ dueOn: '2026-12-15', overdue: true })]);

    const csv = await t.http().get(`/api/v1/deadlines?kind=FIRE_MARSHAL_LETTER_DUE&format=csv`).set(auth(REVIEWER));
    expect(csv.text).toMatch(/2026-12-15,no,Lakeside Behavioral Health Clinic,,FIRE_MARSHAL_LETTER_DUE,PROVIDER,140\.TABLE O\(b\)\(7\),/);
    const ics = await t.http().get(`/api/v1/deadlines?kind=FIRE_MARSHAL_LETTER_DUE&format=ics`).set(auth(REVIEWER));
    expect(ics.text).toMatch(/SUMMARY:fire marshal letter due: Lakeside Behavioral Health Clinic/);

    // a clinical director sees their own provider's; billing does not use the enrollment check
    const director = await t.http().get('/api/v1/deadlines').set(auth(PRAIRIE_DIRECTOR));
    expect(director.body.filter((d: { source: string }) => d.source === 'ENROLLMENT').map((d: { kind: string; providerId: string }) => [d.kind, d.providerId])).toEqual([['CMHC_CERTIFICATION_EXPIRES', ids.prairie]]);
    const billing = await t.http().get('/api/v1/deadlines').set(auth(DEMO_KEYS.billingLakeside));
    expect(billing.body.filter((d: { source: string }) => d.source === 'ENROLLMENT')).toEqual([]);
    // a program filter is about Table N programs
    expect((await t.http().get('/api/v1/deadlines?program=CST').set(auth(REVIEWER))).body.every((d: { source: string }) => d.source === 'TABLE_N')).toBe(true);
  });
});

describe('evidence', () => {
  it('moves a criterion from MET to EXPIRING to NOT_MET as its evidence lapses, and a new record makes it MET again', async () => {
    const on = async (asOf: string) => criterion((await check(ids.lakeside, asOf)).body, FIRE);
    expect(await on('2026-10-15')).toMatchObject({ status: 'MET', dueOn: '2026-12-15' });
    expect(await on('2026-10-16')).toMatchObject({ status: 'EXPIRING', dueOn: '2026-12-15' });
    expect(await on('2026-12-15')).toMatchObject({ status: 'EXPIRING', dueOn: '2026-12-15' });
    expect(await on('2026-12-16')).toMatchObject({ status: 'NOT_MET', dueOn: '2026-12-15', basis: expect.stringMatching(/lapsed after 2026-12-15: record current evidence$/) });

    const before = await tableCounts(t.ds);
    const res = await record(ids.lakeside, { criterionId: FIRE, documentedOn: '2026-11-20', note: 'Letter of the Lakeside Fire Protection District, inspection of 2026-11-18' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ criterionId: FIRE, citation: '140.TABLE O(b)(7)', version: 3, documentedOn: '2026-11-20', expiresOn: null, dueOn: '2027-11-20', repeat: false, recordedByRole: 'REVIEWER' });
    const after = await tableCounts(t.ds);
    expect(after).toEqual({ ...before, enrollment_evidence: before.enrollment_evidence + 1, audit_log: before.audit_log + 1 });
    const audit = await t.ds.query(`SELECT action, actor_role FROM audit_log WHERE entity = 'enrollment_evidence' AND entity_id = $1`, [res.body.id]);
    expect(audit).toEqual([{ action: 'RECORD_EVIDENCE', actor_role: 'REVIEWER' }]);

    expect(await on(TODAY)).toMatchObject({ status: 'MET', dueOn: '2027-11-20' });
    expect(await on('2026-11-19')).toMatchObject({ status: 'EXPIRING', dueOn: '2026-12-15' });
    // the same evidence again (a retried request) is recognised, and nothing is written
    const again = await record(ids.lakeside, { criterionId: FIRE, documentedOn: '2026-11-20', note: 'Letter of the Lakeside Fire Protection District, inspection of 2026-11-18' });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ id: res.body.id, version: 3, repeat: true });
    expect(await tableCounts(t.ds)).toEqual(after);
  });

  it('keeps every version: the history of a criterion, newest first, and a correction that replaces a record without erasing it', async () => {
    const meetings = await t.http().get(`/api/v1/providers/${ids.lakeside}/evidence?criterionId=O_A5_QUARTERLY_MEETINGS`).set(auth(REVIEWER));
    expect(meetings.status).toBe(200);
    expect(meetings.body.map((e: { version: number; documentedOn: string; dueOn: string }) => [e.version, e.documentedOn, e.dueOn])).toEqual([
      [3, '2026-10-15', '2027-03-31'],
      [2, '2026-07-21', '2026-12-31'],
      [1, '2026-04-16', '2026-09-30'],
    ]);
    const wrong = await record(ids.lakeside, { criterionId: 'O_D1_LIABILITY_INSURANCE', documentedOn: '2026-11-01', expiresOn: '2036-10-31', note: 'typo in the expiry' });
    expect(wrong.status).toBe(201);
    expect(criterion((await check(ids.lakeside)).body, 'O_D1_LIABILITY_INSURANCE').dueOn).toBe('2036-10-31');
    const fix = await record(ids.lakeside, { criterionId: 'O_D1_LIABILITY_INSURANCE', documentedOn: '2026-11-01', expiresOn: '2027-10-31', correctsEvidenceId: wrong.body.id });
    expect(fix.status).toBe(201);
    expect(criterion((await check(ids.lakeside)).body, 'O_D1_LIABILITY_INSURANCE').dueOn).toBe('2027-10-31');
    const history = await t.http().get(`/api/v1/providers/${ids.lakeside}/evidence?criterionId=O_D1_LIABILITY_INSURANCE`).set(auth(REVIEWER));
    expect(history.body.map((e: { version: number; correctsEvidenceId: string | null; correctedByEvidenceId: string | null }) => [e.version, e.correctsEvidenceId, e.correctedByEvidenceId])).toEqual([
      [3, wrong.body.id, null],
      [2, null, fix.body.id],
      [1, null, null],
    ]);
    // a record corrected once is not corrected again; the correction is
    const twice = await record(ids.lakeside, { criterionId: 'O_D1_LIABILITY_INSURANCE', documentedOn: '2026-11-01', expiresOn: '2027-09-30', correctsEvidenceId: wrong.body.id });
    expectProblem(twice, 400, '/correctsEvidenceId', /is already corrected by version 3/);
    // the runtime role cannot change or erase evidence
    await expect(t.ds.query(`UPDATE enrollment_evidence SET expires_on = '2099-01-01' WHERE id = $1`, [wrong.body.id])).rejects.toThrow(/permission denied|append-only/);
    await expect(t.ds.query(`DELETE FROM enrollment_evidence WHERE id = $1`, [wrong.body.id])).rejects.toThrow(/permission denied|append-only/);
    // the whole history of the provider, and the clinical director of another provider may not read it
    expect((await t.http().get(`/api/v1/providers/${ids.lakeside}/evidence`).set(auth(REVIEWER))).body.length).toBeGreaterThan(20);
    expect((await t.http().get(`/api/v1/providers/${ids.lakeside}/evidence`).set(auth(PRAIRIE_DIRECTOR))).status).toBe(403);
    expectProblem(await t.http().get(`/api/v1/providers/${ids.lakeside}/evidence?criterionId=O_Z9_NOTHING`).set(auth(REVIEWER)), 400, 'criterionId', /O_Z9_NOTHING is not an enrollment criterion/);
  });

  it('the clinical director records their own provider\'s evidence; billing may not', async () => {
    const res = await record(ids.prairie, { criterionId: 'CMHC_CERTIFICATION', documentedOn: '2026-11-15', expiresOn: '2029-11-14', note: 'recertified' }, PRAIRIE_DIRECTOR);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ version: 2, recordedByRole: 'CLINICAL_DIRECTOR' });
    expect((await record(ids.lakeside, { criterionId: FIRE, documentedOn: '2026-11-20' }, PRAIRIE_DIRECTOR)).status).toBe(403);
    expect((await record(ids.prairie, { criterionId: 'CMHC_CERTIFICATION', documentedOn: '2026-11-15', expiresOn: '2029-11-14' }, DEMO_KEYS.billingPrairie)).status).toBe(403);
  });

  it.each([
    ['a criterion that does not exist', { criterionId: 'O_B9_PARKING', documentedOn: '2026-11-20' }, '/criterionId', /^O_B9_PARKING is not an enrollment criterion/],
    ['a criterion not for a BHC', { criterionId: 'CMHC_CERTIFICATION', documentedOn: '2026-11-20', expiresOn: '2029-11-19' }, '/criterionId', /^CMHC_CERTIFICATION \(140\.452\(a\)\(1\)\) applies to CMHC, not to Lakeside Behavioral Health Clinic/],
    ['a derived criterion', { criterionId: 'O_C1_SUFFICIENT_STAFF', documentedOn: '2026-11-20' }, '/criterionId', /is derived from the registry/],
    ['expiresOn before documentedOn', { criterionId: 'O_D1_LIABILITY_INSURANCE', documentedOn: '2026-11-20', expiresOn: '2026-11-19' }, '/expiresOn', /^expiresOn \(2026-11-19\) is before documentedOn \(2026-11-20\)$/],
    ['insurance without its expiry', { criterionId: 'O_D1_LIABILITY_INSURANCE', documentedOn: '2026-11-20' }, '/expiresOn', /needs expiresOn/],
    ['documented after today', { criterionId: FIRE, documentedOn: '2026-11-23' }, '/documentedOn', /2026-11-23 is after today \(2026-11-22\)/],
    ['a date that is not one', { criterionId: FIRE, documentedOn: '2026-11-31' }, '/documentedOn', /.+/],
    ['an id that is not one', { criterionId: 'fire marshal', documentedOn: '2026-11-20' }, '/criterionId', /criterionId must be a criterion id/],
    ['an unknown field', { criterionId: FIRE, documentedOn: '2026-11-20', colour: 'red' }, '/colour', /.+/],
    ['a correction of a record of another criterion', { criterionId: FIRE, documentedOn: '2026-11-20', correctsEvidenceId: '00000000-0000-4000-8000-000000000000' }, '/correctsEvidenceId', /is not a record of O_B7_FIRE_MARSHAL_LETTER for this provider/],
  ])('refuses %s: 400 naming the field, nothing written', async (_what, body, path, message) => {
    const before = await tableCounts(t.ds);
    expectProblem(await record(ids.lakeside, body), 400, path, message);
    expect(await tableCounts(t.ds)).toEqual(before);
  });
});

describe('background checks', () => {
  it('person by person for everyone employed, and the roster warns', async () => {
    const res = await t.http().get(`/api/v1/providers/${ids.lakeside}/background-checks`).set(auth(REVIEWER));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ providerId: ids.lakeside, asOf: TODAY });
    const byName = Object.fromEntries(res.body.people.map((p: { name: string }) => [p.name, p]));
    expect(Object.keys(byName)).toEqual(['Evelyn Moore, PsyD', 'Jamal Carter, LMFT', 'Nina Ford', 'Olivia Reed, APRN-PMHNP']);
    expect(byName['Nina Ford'].checks.map((c: { kind: string; state: string }) => [c.kind, c.state])).toEqual([
      ['HEALTH_CARE_WORKER_REGISTRY', 'CLEAR'],
      ['FINGERPRINT', 'NOT_RECORDED'],
      ['OIG_SANCTIONS', 'CLEAR'],
    ]);
    expect(byName['Olivia Reed, APRN-PMHNP'].exclusion).toEqual({ kind: 'OIG_SANCTIONS', checkedOn: '2026-09-01', citation: '140.TABLE O(c)(3)(C)' });
    expect(byName['Evelyn Moore, PsyD'].problem).toBeNull();
    const roster = await t.http().get(`/api/v1/providers/${ids.lakeside}/credentials?asOf=${TODAY}`).set(auth(REVIEWER));
    expect(roster.body.warnings).toEqual([
      'Nina Ford: no fingerprint-based check (Health Care Worker Background Check Act) recorded (140.TABLE O(c)(3)).',
      'Olivia Reed, APRN-PMHNP has a finding on the HFS OIG Provider Sanctions List (checked 2026-09-01) and may not be employed or contracted with (140.TABLE O(c)(3)(C)); lines they render fail STAFF_EXCLUDED.',
    ]);
  });

  it('a person with no check recorded is NOT_RECORDED on the checklist and a warning on the roster; recording them settles both', async () => {
    const hire = await t.http().post('/api/v1/staff').set(auth(ADMIN_KEY)).send({ providerId: ids.lakeside, name: 'Sam New, LCSW', hireDate: '2026-11-02', licenses: [{ kind: 'CLINICAL_SOCIAL_WORKER', state: 'IL', number: '149.5', issuedOn: '2020-01-01', expiresOn: '2028-11-30' }], degrees: [{ level: 'MASTER', field: 'SOCIAL_WORK' }] });
    expect(hire.status).toBe(201);
    expect(hire.body.backgroundChecks).toEqual([]);
    expect(criterion((await check(ids.lakeside)).body, 'O_C3A_HEALTH_CARE_WORKER_REGISTRY')).toMatchObject({ status: 'NOT_RECORDED', basis: expect.stringMatching(/no check of the Health Care Worker Registry recorded for Sam New, LCSW/) });
    const roster = await t.http().get(`/api/v1/providers/${ids.lakeside}/credentials?asOf=${TODAY}`).set(auth(REVIEWER));
    expect(roster.body.warnings).toContain('Sam New, LCSW: no background check recorded (140.TABLE O(c)(3)).');
    const checks = ['HEALTH_CARE_WORKER_REGISTRY', 'FINGERPRINT', 'OIG_SANCTIONS'].map((kind) => ({ kind, checkedOn: '2026-10-20', result: 'CLEAR' }));
    const patched = await t.http().patch(`/api/v1/staff/${hire.body.id}`).set(auth(ADMIN_KEY)).send({ backgroundChecks: checks });
    expect(patched.status).toBe(200);
    expect(patched.body.backgroundChecks).toEqual(checks);
    expect(criterion((await check(ids.lakeside)).body, 'O_C3A_HEALTH_CARE_WORKER_REGISTRY').status).toBe('MET');
  });

  it.each([
    ['a check dated after today', [{ kind: 'FINGERPRINT', checkedOn: '2026-11-23', result: 'CLEAR' }], '/backgroundChecks/0/checkedOn', /^a check is recorded once it is done: 2026-11-23 is after today \(2026-11-22\)$/],
    ['an unknown kind', [{ kind: 'CREDIT_CHECK', checkedOn: '2026-11-01', result: 'CLEAR' }], '/backgroundChecks/0/kind', /.+/],
    ['an unknown result', [{ kind: 'FINGERPRINT', checkedOn: '2026-11-01', result: 'MAYBE' }], '/backgroundChecks/0/result', /.+/],
  ])('refuses %s on a new person and on a change: 400 naming the field, nothing written', async (_what, backgroundChecks, path, message) => {
    const before = await tableCounts(t.ds);
    const created = await t.http().post('/api/v1/staff').set(auth(ADMIN_KEY)).send({ providerId: ids.lakeside, name: 'Refused Person', hireDate: '2026-11-02', backgroundChecks });
    expectProblem(created, 400, path, message);
    const changed = await t.http().patch(`/api/v1/staff/${ids.carter}`).set(auth(ADMIN_KEY)).send({ backgroundChecks });
    expectProblem(changed, 400, path, message);
    expect(await tableCounts(t.ds)).toEqual(before);
    expect((await t.http().get(`/api/v1/staff/${ids.carter}`).set(auth(ADMIN_KEY))).body.backgroundChecks).toHaveLength(3);
  });
});

describe('STAFF_EXCLUDED', () => {
  const claim = (providerId: string, recipientId: string, renderingStaffId: string, dateOfService = '2026-09-17') => ({
    claimId: `X-${renderingStaffId.slice(0, 6)}-${dateOfService}`,
    providerId,
    recipientId,
    placeOfService: '11',
    lines: [{ lineId: '1', dateOfService, units: 4, renderingStaffId, procedureCode: 'H0004' }],
  });
  const findings = async (body: object) => {
    const res = await t.http().post('/api/v1/claims/validate').set(auth(ADMIN_KEY)).send(body);
    expect(res.status).toBe(200);
    return res.body.claims[0].lines[0].findings as { code: string; severity: string; message: string; citation: string; ruleId: string }[];
  };

  it('a BHC line rendered by someone on the HFS OIG sanctions list on or before the date of service fails, citing Table O(c)(3)(C)', async () => {
    const after = await findings(claim(ids.lakeside, ids.r_no_diagnosis, ids.reed));
    expect(after.find((f) => f.code === 'STAFF_EXCLUDED')).toEqual({
      code: 'STAFF_EXCLUDED',
      severity: 'error',
      message: expect.stringMatching(/^Olivia Reed, APRN-PMHNP has a finding recorded on the HFS OIG Provider Sanctions List \(checked 2026-09-01, on or before the date of service 2026-09-17\); Lakeside Behavioral Health Clinic is a Behavioral Health Clinic/),
      citation: '140.TABLE O(c)(3)(C)',
      ruleId: 'CLM-STAFF-EXCLUDED-v1',
      fact: expect.objectContaining({ checkKind: 'OIG_SANCTIONS' }),
      // the rule's action, then who at Lakeside could have rendered the line (issue 14: a staff finding names them)
      action:
        'Do not bill services this person renders; if the finding was wrong or has been removed, record a later CLEAR check of the same list on their staff record (clinical director). ' +
        `Eligible to render Therapy/Counseling on 2026-09-17: Evelyn Moore, PsyD (LPHA); Jamal Carter, LMFT (LPHA); Nina Ford (MHP) (all, and why others are not: GET /api/v1/providers/${ids.lakeside}/eligible-staff?service=THERAPY_COUNSELING&date=2026-09-17).`,
    });
    // the day before the check, the line is not excluded
    expect((await findings(claim(ids.lakeside, ids.r_no_diagnosis, ids.reed, '2026-08-31'))).map((f) => f.code)).not.toContain('STAFF_EXCLUDED');
  });

  it('at a CMHC the message says what the Table O citation rests on; a later CLEAR check of the list lifts it', async () => {
    const person = await t.http().post('/api/v1/staff').set(auth(ADMIN_KEY)).send({
      providerId: ids.prairie,
      name: 'Lee Registry, LCSW',
      hireDate: '2024-01-08',
      licenses: [{ kind: 'CLINICAL_SOCIAL_WORKER', state: 'IL', number: '149.6', issuedOn: '2015-01-01', expiresOn: '2028-11-30' }],
      degrees: [{ level: 'MASTER', field: 'SOCIAL_WORK' }],
      backgroundChecks: [{ kind: 'HEALTH_CARE_WORKER_REGISTRY', checkedOn: '2026-09-10', result: 'FINDING' }],
    });
    expect(person.status).toBe(201);
    const body = claim(ids.prairie, ids.r_adult, person.body.id, '2026-09-14');
    const excluded = (await findings(body)).find((f) => f.code === 'STAFF_EXCLUDED')!;
    expect(excluded.citation).toBe('140.TABLE O(c)(3)(A)');
    expect(excluded.message).toMatch(
      /Prairie Community Mental Health Center is a Community Mental Health Center, not a Behavioral Health Clinic, which Table O binds; the citation rests on the finding itself: a person with a finding of abuse or neglect on the Registry is not to be engaged in any capacity, and bhcheck applies that to every provider type, 140\.TABLE O\(c\)\(3\)\(A\)$/,
    );
    const cleared = await t.http().patch(`/api/v1/staff/${person.body.id}`).set(auth(ADMIN_KEY)).send({
      backgroundChecks: [
        { kind: 'HEALTH_CARE_WORKER_REGISTRY', checkedOn: '2026-09-10', result: 'FINDING' },
        { kind: 'HEALTH_CARE_WORKER_REGISTRY', checkedOn: '2026-09-12', result: 'CLEAR' },
      ],
    });
    expect(cleared.status).toBe(200);
    expect((await findings(body)).map((f) => f.code)).not.toContain('STAFF_EXCLUDED');
  });
});
