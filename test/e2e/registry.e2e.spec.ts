/**
 * The registry over HTTP: CRUD for providers, staff and recipients, roles and provider scope, and
 * every kind of bad input answered with a 4xx problem+json that names the field, with nothing written.
 */
import { ProvidersService } from '../../src/providers/providers.service';
import { ADMIN_KEY, auth, startTestApp, tableCounts, type TestApp } from '../support/app';

const DEMO = {
  billingPrairie: 'bhk_demo_billing_prairie_9KdF3sQ6',
  billingLakeside: 'bhk_demo_billing_lakeside_2HtY8wN4',
  directorPrairie: 'bhk_demo_director_prairie_6PzM1cV3',
  reviewer: 'bhk_demo_reviewer_4GbR7kX2',
};

let t: TestApp;
let ids: Record<string, string>;

beforeAll(async () => {
  t = await startTestApp({ demo: true });
  ids = t.demo!.ids;
});
afterAll(async () => t?.close());

const validProvider = () => ({
  name: 'North Shore CMHC',
  npi: '1234567893',
  type: 'CMHC',
  enrollments: [{ from: '2024-07-01', to: null }],
  encounterRateClinic: false,
});

function expectProblem(res: { status: number; headers: Record<string, string>; body: Record<string, unknown> }, status: number): void {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toEqual(expect.objectContaining({ type: expect.any(String), title: expect.any(String), status, detail: expect.any(String) }));
}

describe('service basics', () => {
  it('/health says the database is up, without a key', async () => {
    const res = await t.http().get('/health');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'ok', info: { database: { status: 'up' } } });
  });

  it('/docs-json lists every registry endpoint', async () => {
    const res = await t.http().get('/docs-json');
    expect(res.status).toBe(200);
    const paths = Object.keys(res.body.paths);
    for (const p of [
      '/api/v1/providers',
      '/api/v1/providers/{id}',
      '/api/v1/staff',
      '/api/v1/staff/{id}',
      '/api/v1/recipients',
      '/api/v1/recipients/{id}',
      '/api/v1/recipients/{id}/assessments',
      '/api/v1/recipients/{id}/assessments/{assessmentId}',
      '/api/v1/recipients/{id}/treatment-plans',
      '/api/v1/recipients/{id}/treatment-plans/{planId}',
      '/api/v1/api-keys',
    ]) {
      expect(paths).toContain(p);
    }
    const html = await t.http().get('/docs/');
    expect(html.status).toBe(200);
    expect(html.text).toContain('swagger');
  });

  it('an unknown route is a problem+json 404', async () => {
    const res = await t.http().get('/api/v1/nothing-here').set(auth(ADMIN_KEY));
    expectProblem(res, 404);
  });
});

describe('authentication and roles', () => {
  it('refuses a request without a key (401)', async () => {
    expectProblem(await t.http().get('/api/v1/providers'), 401);
  });

  it('refuses an unknown key (401)', async () => {
    expectProblem(await t.http().get('/api/v1/providers').set(auth('bhk_not_a_key')), 401);
  });

  it('refuses a key without the role and writes nothing (403)', async () => {
    const before = await tableCounts(t.ds);
    const res = await t.http().post('/api/v1/providers').set(auth(DEMO.billingPrairie)).send(validProvider());
    expectProblem(res, 403);
    expect(res.body.detail).toMatch(/ADMIN/);
    expect(await tableCounts(t.ds)).toEqual(before);
  });

  it('a billing key sees only its own providers', async () => {
    const res = await t.http().get('/api/v1/providers').set(auth(DEMO.billingPrairie));
    expect(res.status).toBe(200);
    expect(res.body.items.map((p: { id: string }) => p.id)).toEqual([ids.prairie]);
    expectProblem(await t.http().get(`/api/v1/providers/${ids.lakeside}`).set(auth(DEMO.billingPrairie)), 403);
  });

  it("nobody reads another provider's recipients (404, not even acknowledged)", async () => {
    const res = await t.http().get(`/api/v1/recipients/${ids.r_lakeside_lapsed}`).set(auth(DEMO.billingPrairie));
    expectProblem(res, 404);
    const list = await t.http().get('/api/v1/recipients').set(auth(DEMO.billingPrairie));
    expect(list.body.items.every((r: { providerIds: string[] }) => r.providerIds.includes(ids.prairie))).toBe(true);
    expect(list.body.items.map((r: { id: string }) => r.id)).not.toContain(ids.r_lakeside_lapsed);
  });

  it('a reviewer may not read recipients at all (403)', async () => {
    expectProblem(await t.http().get('/api/v1/recipients').set(auth(DEMO.reviewer)), 403);
  });

  it("a clinical director edits staff of their own provider only", async () => {
    const before = await tableCounts(t.ds);
    const other = await t.http().patch(`/api/v1/staff/${ids.moore}`).set(auth(DEMO.directorPrairie)).send({ name: 'X' });
    expectProblem(other, 403);
    const create = await t.http().post('/api/v1/staff').set(auth(DEMO.directorPrairie)).send({ providerId: ids.lakeside, name: 'X', hireDate: '2026-01-01' });
    expectProblem(create, 403);
    expect(await tableCounts(t.ds)).toEqual(before);
    const own = await t.http().patch(`/api/v1/staff/${ids.green}`).set(auth(DEMO.directorPrairie)).send({ supervisorStaffId: ids.okafor });
    expect(own.status).toBe(200);
    expect(own.body.supervisorStaffId).toBe(ids.okafor);
  });

  it('an admin issues a key that works, and revokes it', async () => {
    const issued = await t.http().post('/api/v1/api-keys').set(auth(ADMIN_KEY)).send({ name: 'test billing', role: 'BILLING', providerIds: [ids.reyes] });
    expect(issued.status).toBe(201);
    expect(issued.body.key).toMatch(/^bhk_/);
    const ok = await t.http().get('/api/v1/providers').set(auth(issued.body.key));
    expect(ok.body.items.map((p: { id: string }) => p.id)).toEqual([ids.reyes]);
    const keys = await t.http().get('/api/v1/api-keys').set(auth(ADMIN_KEY));
    expect(JSON.stringify(keys.body)).not.toContain(issued.body.key);
    const revoked = await t.http().post(`/api/v1/api-keys/${issued.body.id}/revoke`).set(auth(ADMIN_KEY));
    expect(revoked.status).toBe(200);
    expectProblem(await t.http().get('/api/v1/providers').set(auth(issued.body.key)), 401);
  });
});

describe('bad input: 4xx problem+json naming the field, nothing written', () => {
  const cases: [string, () => Record<string, unknown>, string, RegExp][] = [
    ['a wrong NPI check digit', () => ({ ...validProvider(), npi: '1234567890' }), '/npi', /check digit/],
    ['an unknown enum', () => ({ ...validProvider(), type: 'HOSPITAL' }), '/type', /type must be one of/],
    ['an impossible date', () => ({ ...validProvider(), enrollments: [{ from: '2026-02-30', to: null }] }), '/enrollments/0/from', /YYYY-MM-DD/],
    ['an end before a start', () => ({ ...validProvider(), enrollments: [{ from: '2026-03-01', to: '2026-02-01' }] }), '/enrollments/0/to', /after from/],
    [
      'overlapping enrollment periods',
      () => ({ ...validProvider(), enrollments: [{ from: '2020-01-01', to: '2022-12-31' }, { from: '2022-06-01', to: null }] }),
      '/enrollments/1/from',
      /overlaps period 0/,
    ],
    ['a missing required field', () => { const p: Record<string, unknown> = validProvider(); delete p.name; return p; }, '/name', /name/],
    ['an unknown field', () => ({ ...validProvider(), colour: 'blue' }), '/colour', /unknown field/],
    ['an IP without its kind', () => ({ ...validProvider(), type: 'IP' }), '/ipKind', /ipKind/],
    ['a BHC flagged as an encounter-rate clinic', () => ({ ...validProvider(), type: 'BHC', encounterRateClinic: true }), '/encounterRateClinic', /Behavioral Health Clinic .*140\.499\(c\)/],
  ];

  it.each(cases)('%s', async (_name, body, path, message) => {
    const before = await tableCounts(t.ds);
    const res = await t.http().post('/api/v1/providers').set(auth(ADMIN_KEY)).send(body());
    expectProblem(res, 400);
    const hit = (res.body.errors as { path: string; message: string }[]).find((e) => e.path === path);
    expect(hit).toBeDefined();
    expect(hit!.message).toMatch(message);
    expect(await tableCounts(t.ds)).toEqual(before);
  });

  it('a BHC cannot be made an encounter-rate clinic by an update either (140.499(c)), nor a clinic flagged so made a BHC', async () => {
    const before = await tableCounts(t.ds);
    const flag = await t.http().patch(`/api/v1/providers/${ids.lakeside}`).set(auth(ADMIN_KEY)).send({ encounterRateClinic: true });
    expectProblem(flag, 400);
    expect(flag.body.errors).toContainEqual({ path: '/encounterRateClinic', message: expect.stringContaining('140.499(c)') });
    const retype = await t.http().patch(`/api/v1/providers/${ids.riverbend}`).set(auth(ADMIN_KEY)).send({ type: 'BHC' });
    expectProblem(retype, 400);
    expect(await tableCounts(t.ds)).toEqual(before);
    const lakeside = await t.http().get(`/api/v1/providers/${ids.lakeside}`).set(auth(ADMIN_KEY));
    expect(lakeside.body).toMatchObject({ type: 'BHC', encounterRateClinic: false });
  });

  it('an experience period supervised by a QMHP but recorded as not supervised is refused', async () => {
    const before = await tableCounts(t.ds);
    const res = await t.http().post('/api/v1/staff').set(auth(ADMIN_KEY)).send({
      providerId: ids.prairie,
      name: 'Pat Example',
      hireDate: '2025-01-06',
      experience: [{ kind: 'MENTAL_HEALTH_CLINICAL', from: '2023-01-01', to: null, supervisedByQmhp: true, supervised: false }],
    });
    expectProblem(res, 400);
    expect(res.body.errors).toContainEqual({ path: '/experience/0/supervised', message: expect.stringMatching(/supervisedByQmhp: true implies supervised: true/) });
    expect(await tableCounts(t.ds)).toEqual(before);
  });

  it('a licence whose expiry is before its issue date is refused at registration', async () => {
    const before = await tableCounts(t.ds);
    const res = await t.http().post('/api/v1/staff').set(auth(ADMIN_KEY)).send({
      providerId: ids.prairie,
      name: 'Pat Example',
      hireDate: '2025-01-06',
      licenses: [{ kind: 'REGISTERED_NURSE', state: 'IL', number: '041.1', issuedOn: '2025-01-01', expiresOn: '2024-12-31' }],
    });
    expectProblem(res, 400);
    expect(res.body.errors).toContainEqual({ path: '/licenses/0/expiresOn', message: expect.stringMatching(/before issuedOn/) });
    expect(await tableCounts(t.ds)).toEqual(before);
  });

  it('staff whose employment ends before it starts is refused', async () => {
    const res = await t.http().post('/api/v1/staff').set(auth(ADMIN_KEY)).send({ providerId: ids.prairie, name: 'P', hireDate: '2025-01-06', endDate: '2025-01-05' });
    expectProblem(res, 400);
    expect(res.body.errors[0].path).toBe('/endDate');
  });

  it('an unknown field inside a nested array element is named by its path', async () => {
    const res = await t.http().post('/api/v1/staff').set(auth(ADMIN_KEY)).send({
      providerId: ids.prairie,
      name: 'P',
      hireDate: '2025-01-06',
      degrees: [{ level: 'MASTER', field: 'SOCIAL_WORK', honours: true }],
    });
    expectProblem(res, 400);
    expect(res.body.errors).toContainEqual({ path: '/degrees/0/honours', message: 'unknown field "honours"' });
  });

  it('a 20 MB body is refused with 413 and nothing is written', async () => {
    const before = await tableCounts(t.ds);
    const big = JSON.stringify({ ...validProvider(), name: 'x'.repeat(20 * 1024 * 1024) });
    const res = await t.http().post('/api/v1/providers').set(auth(ADMIN_KEY)).set('Content-Type', 'application/json').send(big);
    expectProblem(res, 413);
    expect(await tableCounts(t.ds)).toEqual(before);
  });

  it('malformed JSON is a 400', async () => {
    const res = await t.http().post('/api/v1/providers').set(auth(ADMIN_KEY)).set('Content-Type', 'application/json').send('{"name": ');
    expectProblem(res, 400);
  });

  it('a malformed id in the URL is a 400 naming it', async () => {
    const res = await t.http().get('/api/v1/staff/not-a-uuid').set(auth(ADMIN_KEY));
    expectProblem(res, 400);
    expect(res.body.errors).toEqual([{ path: 'id', message: expect.stringMatching(/UUID/) }]);
  });

  it('an unknown staff member is a 404', async () => {
    expectProblem(await t.http().get('/api/v1/staff/00000000-0000-4000-8000-000000000000').set(auth(ADMIN_KEY)), 404);
  });

  it('null for a field that cannot be null is a 400 naming it, not a 500', async () => {
    const before = await tableCounts(t.ds);
    const staff = await t.http().patch(`/api/v1/staff/${ids.okafor}`).set(auth(ADMIN_KEY)).send({ licenses: null });
    expectProblem(staff, 400);
    expect(staff.body.errors).toEqual([{ path: '/licenses', message: 'licenses cannot be null' }]);
    const provider = await t.http().patch(`/api/v1/providers/${ids.prairie}`).set(auth(ADMIN_KEY)).send({ enrollments: null });
    expectProblem(provider, 400);
    const recipient = await t.http().patch(`/api/v1/recipients/${ids.r_adult}`).set(auth(ADMIN_KEY)).send({ birthDate: null });
    expectProblem(recipient, 400);
    expect(await tableCounts(t.ds)).toEqual(before);
  });

  it('a bad paging parameter is a 400', async () => {
    const res = await t.http().get('/api/v1/providers?limit=0').set(auth(ADMIN_KEY));
    expectProblem(res, 400);
    expect(res.body.errors[0].path).toBe('/limit');
  });
});

describe('create, read, update, list', () => {
  it('a provider round trip, with its audit entries', async () => {
    const created = await t.http().post('/api/v1/providers').set(auth(ADMIN_KEY)).send({ ...validProvider(), npi: '1537017232' });
    expect(created.status).toBe(201);
    const id = created.body.id;
    const updated = await t.http().patch(`/api/v1/providers/${id}`).set(auth(ADMIN_KEY)).send({ enrollments: [{ from: '2024-07-01', to: '2026-06-30' }] });
    expect(updated.status).toBe(200);
    expect(updated.body.enrollments).toEqual([{ from: '2024-07-01', to: '2026-06-30' }]);
    expect(updated.body.version).toBe(2);
    const got = await t.http().get(`/api/v1/providers/${id}`).set(auth(ADMIN_KEY));
    expect(got.body.name).toBe('North Shore CMHC');
    const audit = await t.ds.query(`SELECT action, before_hash, after_hash FROM audit_log WHERE entity = 'provider' AND entity_id = $1 ORDER BY id`, [id]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['CREATE', 'UPDATE']);
    expect(audit[0].before_hash).toBeNull();
    expect(audit[1].before_hash).toBe(audit[0].after_hash);
  });

  it('the audit log is append-only', async () => {
    await expect(t.ds.query(`UPDATE audit_log SET action = 'X'`)).rejects.toThrow(/append-only/);
    await expect(t.ds.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
  });

  it('lists are paged and filterable', async () => {
    const page1 = await t.http().get('/api/v1/staff?limit=5&offset=0').set(auth(ADMIN_KEY));
    const page2 = await t.http().get('/api/v1/staff?limit=5&offset=5').set(auth(ADMIN_KEY));
    expect(page1.body.items).toHaveLength(5);
    expect(page1.body.total).toBeGreaterThanOrEqual(18);
    expect(page2.body.items[0].id).not.toBe(page1.body.items[0].id);
    const lakeside = await t.http().get(`/api/v1/staff?providerId=${ids.lakeside}`).set(auth(ADMIN_KEY));
    expect(lakeside.body.items.map((s: { name: string }) => s.name).sort()).toEqual(['Evelyn Moore, PsyD', 'Jamal Carter, LMFT', 'Nina Ford', 'Olivia Reed, APRN-PMHNP']);
    // Lakeside only: the demo's encounter-rate clinic is a CMHC (a BHC cannot be one, 140.499(c))
    const bhcs = await t.http().get('/api/v1/providers?type=BHC').set(auth(ADMIN_KEY));
    expect(bhcs.body.items.map((p: { name: string }) => p.name)).toEqual(['Lakeside Behavioral Health Clinic']);
    const byMid = await t.http().get('/api/v1/recipients?medicaidId=400112233').set(auth(DEMO.billingPrairie));
    expect(byMid.body.items).toHaveLength(1);
  });

  it('employment ends with an end date; the record and its history stay', async () => {
    const created = await t.http().post('/api/v1/staff').set(auth(DEMO.directorPrairie)).send({
      providerId: ids.prairie,
      name: 'Jo Temp',
      hireDate: '2025-01-06',
      degrees: [{ level: 'BACHELOR', field: 'SOCIAL_WORK' }],
      supervisorStaffId: ids.okafor,
    });
    expect(created.status).toBe(201);
    const ended = await t.http().patch(`/api/v1/staff/${created.body.id}`).set(auth(DEMO.directorPrairie)).send({ endDate: '2026-10-31' });
    expect(ended.status).toBe(200);
    expect(ended.body.endDate).toBe('2026-10-31');
    const employedNow = await t.http().get(`/api/v1/staff?providerId=${ids.prairie}&employedOn=2026-11-15`).set(auth(ADMIN_KEY));
    expect(employedNow.body.items.map((s: { id: string }) => s.id)).not.toContain(created.body.id);
    const employedThen = await t.http().get(`/api/v1/staff?providerId=${ids.prairie}&employedOn=2026-06-15`).set(auth(ADMIN_KEY));
    expect(employedThen.body.items.map((s: { id: string }) => s.id)).toContain(created.body.id);
    const audit = await t.ds.query(`SELECT action FROM audit_log WHERE entity_id = $1 ORDER BY id`, [created.body.id]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['CREATE', 'END_EMPLOYMENT']);
  });

  it('recipients with assessments and treatment plans', async () => {
    const r = await t.http().post('/api/v1/recipients').set(auth(DEMO.directorPrairie)).send({ medicaidId: '499000001', name: 'Lee Example', birthDate: '2001-01-01', providerIds: [ids.prairie] });
    expect(r.status).toBe(201);
    const a = await t.http().post(`/api/v1/recipients/${r.body.id}/assessments`).set(auth(DEMO.directorPrairie)).send({
      providerId: ids.prairie,
      completedOn: '2026-10-01',
      approvedByStaffId: ids.okafor,
      diagnoses: ['F32.1'],
      ruleOut: true,
    });
    expect(a.status).toBe(201);
    const fixed = await t.http().patch(`/api/v1/recipients/${r.body.id}/assessments/${a.body.id}`).set(auth(DEMO.directorPrairie)).send({ definitiveOn: '2026-11-01' });
    expect(fixed.body.definitiveOn).toBe('2026-11-01');
    const bad = await t.http().patch(`/api/v1/recipients/${r.body.id}/assessments/${a.body.id}`).set(auth(DEMO.directorPrairie)).send({ definitiveOn: '2026-09-01' });
    expectProblem(bad, 400);
    const p = await t.http().post(`/api/v1/recipients/${r.body.id}/treatment-plans`).set(auth(DEMO.directorPrairie)).send({
      providerId: ids.prairie,
      approvedOn: '2026-10-05',
      approvedByStaffId: ids.okafor,
      clientSignedOn: '2026-10-05',
      services: ['THERAPY_COUNSELING', 'NOT_A_SERVICE'],
    });
    expectProblem(p, 400);
    expect(p.body.errors[0].path).toBe('/services');
    const full = await t.http().get(`/api/v1/recipients/${r.body.id}`).set(auth(DEMO.billingPrairie));
    expect(full.body.assessments).toHaveLength(1);
    expect(full.body.treatmentPlans).toHaveLength(0);
    const dup = await t.http().post('/api/v1/recipients').set(auth(DEMO.billingLakeside)).send({ medicaidId: '499000001', birthDate: '2001-01-01', providerIds: [ids.lakeside] });
    expectProblem(dup, 409);
  });
});

describe('records stored before a registration rule existed (140.499(c))', () => {
  it('are named at start-up, and their claims fail until corrected', async () => {
    const created = await t.http().post('/api/v1/providers').set(auth(ADMIN_KEY)).send({ ...validProvider(), name: 'Old Town Clinic', npi: '1639128341', type: 'BHC' });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    // as an older version of the service let it be written
    await t.ds.query('UPDATE providers SET encounter_rate_clinic = true WHERE id = $1', [id]);
    const warnings = await t.app.get(ProvidersService).storedRecordWarnings();
    expect(warnings).toEqual([
      `provider "Old Town Clinic" (${id}, BHC) breaks a registration rule: a Behavioral Health Clinic is not enrolled as a clinic under 140.460(a), so it cannot be an encounter-rate clinic (140.499(c)): leave encounterRateClinic false, or register the clinic as the CMHC it is certified as. New records like it are refused; correct this one with PATCH /api/v1/providers/${id}. Until then every line it bills fails ENCOUNTER_RATE_CLINIC.`,
    ]);
    const staff = await t.http().post('/api/v1/staff').set(auth(ADMIN_KEY)).send({ providerId: id, name: 'Dr. Old', hireDate: '2024-01-02', licenses: [{ kind: 'CLINICAL_PSYCHOLOGIST', state: 'IL', number: '071.1', issuedOn: '2010-01-01', expiresOn: '2028-09-30' }] });
    const claim = { claimId: 'OT-1', providerId: id, medicaidId: '400112233', frequency: 'ORIGINAL', lines: [{ lineId: '1', dateOfService: '2026-09-14', units: 1, renderingStaffId: staff.body.id, procedureCode: 'T1015' }] };
    const res = await t.http().post('/api/v1/claims/validate').set(auth(ADMIN_KEY)).send(claim);
    expect(res.body.claims[0].lines[0].findings.map((f: { code: string; citation: string }) => [f.code, f.citation])).toContainEqual(['ENCOUNTER_RATE_CLINIC', '140.499(c)']);
    // corrected through the API, the record is no longer named
    expect((await t.http().patch(`/api/v1/providers/${id}`).set(auth(ADMIN_KEY)).send({ encounterRateClinic: false })).status).toBe(200);
    expect(await t.app.get(ProvidersService).storedRecordWarnings()).toEqual([]);
  });
});
