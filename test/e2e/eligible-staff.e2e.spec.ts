/**
 * GET /providers/{id}/eligible-staff on the demo registry (real PostgreSQL, the real migrations), and the
 * names a staff finding's action ends with in a claim check: who at Prairie may bill Intensive Outpatient
 * or Therapy on a date, why the others may not, and that a changed credential changes the answer.
 */
import { ADMIN_KEY, auth, DEMO_KEYS, startTestApp, type TestApp } from '../support/app';

let t: TestApp;
let ids: Record<string, string>;
const PRAIRIE_NPI = '1648123457';

beforeAll(async () => {
  t = await startTestApp({ demo: true });
  ids = t.demo!.ids;
});
afterAll(async () => t?.close());

interface Entry {
  staffId: string;
  name: string;
  tier: string | null;
  tierBasis: { tier: string; citation: string }[];
  findings: { code: string; severity: string; message: string }[];
  checks: { ruleId: string; outcome: string; reason: string }[];
}
const ask = (providerId: string, query: string, key: string = DEMO_KEYS.directorPrairie) => t.http().get(`/api/v1/providers/${providerId}/eligible-staff?${query}`).set(auth(key));
const names = (entries: Entry[]) => entries.map((e) => e.name);

describe('who at Prairie may render a service on a date', () => {
  it('Intensive Outpatient on 2026-09-14: the LPHAs and QMHPs; every MHP and RSA is named with the tier rule', async () => {
    const res = await ask(ids.prairie, 'service=INTENSIVE_OUTPATIENT&date=2026-09-14&modality=GROUP&contact=FACE_TO_FACE');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ providerId: ids.prairie, service: 'INTENSIVE_OUTPATIENT', serviceName: 'Intensive Outpatient', date: '2026-09-14', modality: 'GROUP', contact: 'FACE_TO_FACE', serviceBillable: true, providerFindings: [] });
    expect(names(res.body.eligible)).toEqual(['Grace Kim, LCPC', 'Hannah Novak, MSW', 'Luis Hernandez, RN', 'Maya Patel, MD', 'Priya Shah, OTR/L', 'Samuel Okafor, LCSW']);
    expect(res.body.eligible.map((e: Entry) => e.tier)).toEqual(['LPHA', 'QMHP', 'QMHP', 'LPHA', 'QMHP', 'LPHA']);
    const kim = res.body.eligible.find((e: Entry) => e.staffId === ids.kim) as Entry;
    expect(kim.tierBasis).toEqual([expect.objectContaining({ tier: 'LPHA', citation: '140.453(b)(3)(D)' })]);
    expect(kim.checks.filter((c) => c.outcome === 'passed').map((c) => c.ruleId)).toEqual(['CLM-STAFF-EMPLOYED-v1', 'CLM-STAFF-EXCLUDED-v1', 'SVC-INTENSIVE_OUTPATIENT-v1#tiers']);
    for (const e of res.body.notEligible as Entry[]) {
      expect(['MHP', 'RSA']).toContain(e.tier);
      expect(e.findings.map((f) => f.code)).toContain('STAFF_TIER_INSUFFICIENT');
    }
    expect(res.body.notEligible).toHaveLength(6);
  });

  it('Therapy on 2026-11-22: an MHP without a QMHP supervisor (Marcus Green) is named with SUPERVISION_MISSING; a supervised MHP is eligible with the supervisor named', async () => {
    const res = await ask(ids.prairie, 'service=THERAPY_COUNSELING&date=2026-11-22');
    expect(res.status).toBe(200);
    const green = (res.body.notEligible as Entry[]).find((e) => e.staffId === ids.green)!;
    expect(green.findings.map((f) => f.code)).toEqual(['SUPERVISION_MISSING']);
    const johnson = (res.body.eligible as Entry[]).find((e) => e.staffId === ids.johnson)!;
    expect(johnson.checks.find((c) => c.ruleId === 'CLM-SUPERVISION-v1')).toMatchObject({ outcome: 'passed', reason: expect.stringContaining('Samuel Okafor') });
  });

  it('the boundary day: Grace Kim may render Intensive Outpatient on the last day of her licence, and not the day after', async () => {
    const onLastDay = await ask(ids.prairie, 'service=INTENSIVE_OUTPATIENT&date=2026-12-31');
    expect(names(onLastDay.body.eligible)).toContain('Grace Kim, LCPC');
    const after = await ask(ids.prairie, 'service=INTENSIVE_OUTPATIENT&date=2027-01-01');
    expect(names(after.body.eligible)).not.toContain('Grace Kim, LCPC');
    expect((after.body.notEligible as Entry[]).find((e) => e.staffId === ids.kim)!.findings[0]).toMatchObject({ code: 'STAFF_TIER_INSUFFICIENT' });
  });

  it('says when nobody can bill the service for a reason that is not about staff: provider type, Table N approval, modality and contact', async () => {
    // Reyes is an Independent Practitioner: Intensive Outpatient is for a CMHC or BHC, through a Table N program
    const ip = await ask(ids.reyes, 'service=INTENSIVE_OUTPATIENT&date=2026-09-14&modality=INDIVIDUAL&contact=VIDEO', ADMIN_KEY);
    expect(ip.status).toBe(200);
    expect(ip.body.serviceBillable).toBe(false);
    expect(ip.body.providerFindings.map((f: { code: string; citation: string }) => [f.code, f.citation])).toEqual([
      ['PROVIDER_TYPE_NOT_ALLOWED', expect.stringMatching(/^140\./)],
      ['PROGRAM_APPROVAL_MISSING', expect.stringMatching(/^140\./)],
      ['MODALITY_NOT_ALLOWED', expect.stringMatching(/^140\./)],
      ['CONTACT_NOT_ALLOWED', expect.stringMatching(/^140\./)],
    ]);
    // Prairie before its IO approval (2026-03-06)
    const early = await ask(ids.prairie, 'service=INTENSIVE_OUTPATIENT&date=2026-02-01');
    expect(early.body.serviceBillable).toBe(false);
    expect(early.body.providerFindings.map((f: { code: string }) => f.code)).toEqual(['PROGRAM_APPROVAL_MISSING']);
  });

  it('a changed credential changes the answer at once: Marcus Green with a QMHP supervisor recorded', async () => {
    const before = await ask(ids.prairie, 'service=THERAPY_COUNSELING&date=2026-11-22');
    expect(names(before.body.eligible)).not.toContain('Marcus Green');
    const patch = await t.http().patch(`/api/v1/staff/${ids.green}`).set(auth(DEMO_KEYS.directorPrairie)).send({ supervisorStaffId: ids.okafor });
    expect(patch.status).toBe(200);
    const after = await ask(ids.prairie, 'service=THERAPY_COUNSELING&date=2026-11-22');
    expect(names(after.body.eligible)).toContain('Marcus Green');
    await t.http().patch(`/api/v1/staff/${ids.green}`).set(auth(DEMO_KEYS.directorPrairie)).send({ supervisorStaffId: null });
  });
});

describe('the action of a staff finding names who could have rendered the line', () => {
  const ioLine = (renderingStaffId: string) => ({
    claimId: `IO-${renderingStaffId.slice(0, 8)}`,
    billingNpi: PRAIRIE_NPI,
    recipientId: ids.r_adult,
    placeOfService: '11',
    lines: [{ lineId: '1', dateOfService: '2026-09-14', units: 4, renderingStaffId, service: 'INTENSIVE_OUTPATIENT', modality: 'GROUP' }],
  });

  it('an MHP billing Intensive Outpatient: the action names the eligible, five at most, and where the whole answer is', async () => {
    const res = await t.http().post('/api/v1/claims/validate').set(auth(DEMO_KEYS.billingPrairie)).send(ioLine(ids.johnson));
    expect(res.status).toBe(200);
    const f = res.body.claims[0].lines[0].findings.find((x: { code: string }) => x.code === 'STAFF_TIER_INSUFFICIENT');
    const generic = (await t.http().get('/api/v1/rules').set(auth(DEMO_KEYS.billingPrairie))).body.find((r: { id: string }) => r.id === 'SVC-INTENSIVE_OUTPATIENT-v1#tiers').action;
    expect(f.action).toBe(
      `${generic} Eligible to render Intensive Outpatient on 2026-09-14: Grace Kim, LCPC (LPHA); Hannah Novak, MSW (QMHP); Luis Hernandez, RN (QMHP); Maya Patel, MD (LPHA); Priya Shah, OTR/L (QMHP); and 1 more (all, and why others are not: GET /api/v1/providers/${ids.prairie}/eligible-staff?service=INTENSIVE_OUTPATIENT&date=2026-09-14).`,
    );
    // the catalogue keeps the generic text
    expect(generic).not.toMatch(/Eligible/);
  });

  it('recording a claim a staff rule refuses answers with the names too (and records nothing)', async () => {
    const res = await t.http().post('/api/v1/claims').set(auth(DEMO_KEYS.billingPrairie)).send(ioLine(ids.lopez));
    expect(res.status).toBe(200);
    const claim = res.body.claims[0];
    expect(claim).toMatchObject({ recorded: false, status: 'FAIL' });
    const f = claim.lines[0].findings.find((x: { code: string }) => x.code === 'STAFF_TIER_INSUFFICIENT');
    expect(f.action).toMatch(/ Eligible to render Intensive Outpatient on 2026-09-14: Grace Kim, LCPC \(LPHA\);/);
  });
});

describe('bad input and scope, as the other provider endpoints', () => {
  it.each([
    ['no service', 'date=2026-09-14', '/service'],
    ['an unknown service', 'service=YOGA', '/service'],
    ['a date that is not one', 'service=THERAPY_COUNSELING&date=2026-02-30', '/date'],
    ['an unknown modality', 'service=THERAPY_COUNSELING&modality=SOLO', '/modality'],
    ['an unknown contact', 'service=THERAPY_COUNSELING&contact=EMAIL', '/contact'],
    ['an unknown parameter', 'service=THERAPY_COUNSELING&dte=2026-09-14', '/dte'],
    ['a date before any catalogue record', 'service=THERAPY_COUNSELING&date=2018-06-30', 'date'],
  ])('%s: 400 naming the parameter', async (_label, query, path) => {
    const res = await ask(ids.prairie, query);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual([path]);
  });

  it('an unknown provider is 404, a malformed ID 400, another provider 403 (as GET /providers/{id}), and the date defaults to today', async () => {
    expect((await ask('00000000-0000-4000-8000-000000000000', 'service=THERAPY_COUNSELING')).status).toBe(404);
    expect((await ask('not-a-uuid', 'service=THERAPY_COUNSELING')).status).toBe(400);
    const other = await ask(ids.lakeside, 'service=THERAPY_COUNSELING');
    expect(other.status).toBe(403);
    expect((await t.http().get(`/api/v1/providers/${ids.lakeside}`).set(auth(DEMO_KEYS.directorPrairie))).status).toBe(403);
    const dayBefore = new Date().toISOString().slice(0, 10);
    const today = await ask(ids.prairie, 'service=THERAPY_COUNSELING', DEMO_KEYS.billingPrairie);
    expect(today.status).toBe(200);
    // UTC today, whichever side of midnight the request fell
    expect([dayBefore, new Date().toISOString().slice(0, 10)]).toContain(today.body.date);
  });

  it('the roles that read the roster and check claims may ask', async () => {
    for (const key of [DEMO_KEYS.billingPrairie, DEMO_KEYS.directorPrairie, DEMO_KEYS.reviewer, ADMIN_KEY]) {
      expect((await ask(ids.prairie, 'service=THERAPY_COUNSELING&date=2026-09-14', key)).status).toBe(200);
    }
  });
});
