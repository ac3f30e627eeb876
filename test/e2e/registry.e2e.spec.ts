/**
 * The registry over HTTP: CRUD for providers, staff and recipients, roles and provider scope, and
 * every kind of bad input answered with a 4xx problem+json that names the field, with nothing written.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ProvidersService } from '../../src/providers/providers.service';
import { ADMIN_KEY, auth, DEMO_KEYS, startTestApp, tableCounts, type TestApp } from '../support/app';

const DEMO = DEMO_KEYS;

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

  it('the audit log is append-only (the service role may only add to it; test/integration/database-roles.spec.ts has the rest)', async () => {
    await expect(t.ds.query(`UPDATE audit_log SET action = 'X'`)).rejects.toThrow(/permission denied for table audit_log/);
    await expect(t.ds.query(`DELETE FROM audit_log`)).rejects.toThrow(/permission denied for table audit_log/);
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

describe('bad input found by fuzzing: a 400 naming the field, never a 500, the database unchanged', () => {
  interface Operation {
    method: 'get' | 'post' | 'put' | 'patch';
    path: string;
    query: string[];
    body: boolean;
  }
  let operations: Operation[];
  let realIds: Record<string, string>;

  beforeAll(async () => {
    const doc = await t.http().get('/docs-json');
    operations = Object.entries(doc.body.paths as Record<string, Record<string, { parameters?: { name: string; in: string }[]; requestBody?: unknown }>>).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({
        method: method as Operation['method'],
        path,
        query: (op.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name),
        body: !!op.requestBody,
      })),
    );
    const approvals = await t.http().get('/api/v1/program-approvals').set(auth(ADMIN_KEY));
    const recipient = await t.http().get(`/api/v1/recipients/${ids.r_adult}`).set(auth(ADMIN_KEY));
    const keys = await t.http().get('/api/v1/api-keys').set(auth(ADMIN_KEY));
    realIds = {
      '/api/v1/providers/{id}': ids.prairie,
      '/api/v1/staff/{id}': ids.okafor,
      '/api/v1/recipients/{id}': ids.r_adult,
      '/api/v1/program-approvals/{id}': approvals.body.items[0].id,
      '/api/v1/api-keys/{id}': keys.body.find((k: { role: string }) => k.role === 'BILLING').id,
      '{assessmentId}': recipient.body.assessments[0].id,
      '{planId}': recipient.body.treatmentPlans[0].id,
      '{usageId}': (await t.ds.query('SELECT id FROM external_usage LIMIT 1'))[0].id,
    };
  });

  /** The operation's URL with the registered records it names (so the request would reach its handler). */
  function urlOf(op: Operation): string {
    return op.path
      .replace(/^(\/api\/v1\/[a-z-]+)\/\{id\}/, (prefix, base: string) => realIds[`${base}/{id}`] ? `${base}/${realIds[`${base}/{id}`]}` : prefix)
      .replace('{assessmentId}', realIds['{assessmentId}'])
      .replace('{planId}', realIds['{planId}'])
      .replace('{usageId}', realIds['{usageId}'])
      .replace('{providerId}', ids.prairie);
  }

  const jsonOperations = () => operations.filter((op) => op.body && !op.path.endsWith('/claims/x12'));

  /** Family therapy by Grace Kim for Riley Brooks, billed by Prairie. */
  const prairieClaim = (claimId: string, dateOfService: string) => ({
    claimId,
    billingNpi: '1648123457',
    medicaidId: '400223344',
    lines: [{ lineId: '1', dateOfService, units: 4, renderingNpi: '1305895017', procedureCode: 'H0004' }],
  });

  it('the OpenAPI document lists the JSON endpoints this block covers', () => {
    expect(jsonOperations().length).toBeGreaterThanOrEqual(17);
    for (const op of jsonOperations()) expect(urlOf(op)).not.toMatch(/\{/);
  });

  it('JSON nested 5,000 levels deep, on every JSON endpoint', async () => {
    const before = await tableCounts(t.ds);
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    for (const op of jsonOperations()) {
      const res = await t.http()[op.method](urlOf(op)).set(auth(ADMIN_KEY)).set('Content-Type', 'application/json').send(`{"name":${deep}}`);
      expectProblem(res, 400);
      expect({ op: `${op.method} ${op.path}`, path: res.body.errors[0].path }).toEqual({ op: `${op.method} ${op.path}`, path: expect.stringMatching(/^\/name(\/0)+$/) });
      expect(res.body.errors[0].message).toMatch(/nested more than 32 levels/);
    }
    expect(await tableCounts(t.ds)).toEqual(before);
  });

  it('a NUL character in a string, on every JSON endpoint and in a query string', async () => {
    const before = await tableCounts(t.ds);
    for (const op of jsonOperations()) {
      const res = await t.http()[op.method](urlOf(op)).set(auth(ADMIN_KEY)).send({ note: 'before\u0000after' });
      expectProblem(res, 400);
      expect(res.body.errors).toEqual([{ path: '/note', message: expect.stringMatching(/NUL character/) }]);
    }
    const list = await t.http().get('/api/v1/staff?name=%00').set(auth(ADMIN_KEY));
    expectProblem(list, 400);
    expect(list.body.errors).toEqual([{ path: 'name', message: expect.stringMatching(/NUL character/) }]);
    expect(await tableCounts(t.ds)).toEqual(before);
  });

  it('a NUL character in a field that would be stored: a provider, a staff licence, a claim', async () => {
    const before = await tableCounts(t.ds);
    const provider = await t.http().post('/api/v1/providers').set(auth(ADMIN_KEY)).send({ ...validProvider(), name: 'North\u0000Shore' });
    expectProblem(provider, 400);
    expect(provider.body.errors).toEqual([{ path: '/name', message: expect.stringMatching(/NUL/) }]);
    const staff = await t.http().post('/api/v1/staff').set(auth(ADMIN_KEY)).send({
      providerId: ids.prairie,
      name: 'Pat Example',
      hireDate: '2025-01-06',
      licenses: [{ kind: 'REGISTERED_NURSE', state: 'IL', number: '041\u0000', issuedOn: '2025-01-01', expiresOn: null }],
    });
    expectProblem(staff, 400);
    expect(staff.body.errors).toEqual([{ path: '/licenses/0/number', message: expect.stringMatching(/NUL/) }]);
    const claim = await t.http().post('/api/v1/claims').set(auth(DEMO.billingPrairie)).send(prairieClaim('NUL\u00001', '2026-09-14'));
    expectProblem(claim, 400);
    expect(claim.body.errors).toEqual([{ path: '/claimId', message: expect.stringMatching(/NUL/) }]);
    expect(await tableCounts(t.ds)).toEqual(before);
  });

  it('half of a UTF-16 surrogate pair (a sibling of NUL: jsonb refuses it, text would store U+FFFD)', async () => {
    const before = await tableCounts(t.ds);
    const res = await t.http()
      .post('/api/v1/staff')
      .set(auth(ADMIN_KEY))
      .set('Content-Type', 'application/json')
      .send(`{"providerId":"${ids.prairie}","name":"Pat \\ud800","hireDate":"2025-01-06","licenses":[{"kind":"REGISTERED_NURSE","state":"IL","number":"\\udc00","issuedOn":"2025-01-01","expiresOn":null}]}`);
    expectProblem(res, 400);
    expect(res.body.errors).toEqual([
      { path: '/name', message: expect.stringMatching(/not valid Unicode/) },
      { path: '/licenses/0/number', message: expect.stringMatching(/not valid Unicode/) },
    ]);
    expect(await tableCounts(t.ds)).toEqual(before);
  });

  it('a NUL byte in an X12 file sent with commit=true: 422 naming its segment, nothing recorded', async () => {
    const before = await tableCounts(t.ds);
    const file = fs.readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'x12', 'demo-bh.837'), 'latin1');
    expect(file).toContain('CLM*PCMHC-260803-01*');
    const res = await t.http().post('/api/v1/claims/x12?commit=true').set(auth(DEMO.billingPrairie)).set('Content-Type', 'application/edi-x12').send(file.replace('CLM*PCMHC-260803-01*', 'CLM*PCMHC-2608\u000003-01*'));
    expectProblem(res, 422);
    expect(res.body.x12).toMatchObject({ code: 'X12_SYNTAX', segmentId: 'CLM' });
    expect(res.body.detail).toMatch(/NUL character/);
    expect(await tableCounts(t.ds)).toEqual(before);
  });

  it('?offset=1e21 and other absurd numbers, on every list', async () => {
    const before = await tableCounts(t.ds);
    const lists = operations.filter((op) => op.method === 'get' && op.query.includes('offset'));
    expect(lists.length).toBeGreaterThanOrEqual(4);
    for (const op of lists) {
      for (const [name, value] of [['offset', '1e21'], ['offset', '9007199254740993'], ['limit', '1e21'], ['offset', '-1'], ['limit', 'NaN']]) {
        const res = await t.http().get(`${urlOf(op)}?${name}=${value}`).set(auth(ADMIN_KEY));
        expectProblem(res, 400);
        expect(res.body.errors[0].path).toBe(`/${name}`);
      }
      const far = await t.http().get(`${urlOf(op)}?offset=1000000000`).set(auth(ADMIN_KEY));
      expect(far.status).toBe(200);
      expect(far.body.items).toEqual([]);
    }
    const days = await t.http().get(`/api/v1/providers/${ids.prairie}/credentials?expiringWithinDays=1e21`).set(auth(ADMIN_KEY));
    expectProblem(days, 400);
    expect(days.body.errors[0].path).toBe('expiringWithinDays');
    expect(await tableCounts(t.ds)).toEqual(before);
  });

  it('outside usage dated 9999-12-31, and every other date that breaks State fiscal year arithmetic', async () => {
    const before = await tableCounts(t.ds);
    for (const date of ['9999-12-31', '2200-01-01', '0001-01-01', '1899-12-31']) {
      const res = await t.http().post(`/api/v1/recipients/${ids.r_adult}/usage`).set(auth(DEMO.billingPrairie)).send({
        dateOfService: date,
        service: 'MENTAL_HEALTH_CASE_MANAGEMENT',
        minutes: 30,
        externalReference: `far-${date}`,
      });
      expectProblem(res, 400);
      expect(res.body.errors).toEqual([{ path: '/dateOfService', message: expect.stringMatching(/1900-01-01 to 2199-12-31/) }]);
    }
    const claim = await t.http().post('/api/v1/claims').set(auth(DEMO.billingPrairie)).send(prairieClaim('FAR-1', '9999-12-31'));
    expectProblem(claim, 400);
    expect(claim.body.errors).toEqual([{ path: '/lines/0/dateOfService', message: expect.stringMatching(/YYYY-MM-DD/) }]);
    const event = await t.http().post(`/api/v1/program-approvals/${realIds['/api/v1/program-approvals/{id}']}/events`).set(auth(ADMIN_KEY)).send({ type: 'INTENT_SUBMITTED', occurredOn: '9999-12-31' });
    expectProblem(event, 400);
    expect(event.body.errors[0].path).toBe('/occurredOn');
    const staff = await t.http().patch(`/api/v1/staff/${ids.okafor}`).set(auth(ADMIN_KEY)).send({ endDate: '9999-12-31' });
    expectProblem(staff, 400);
    expect(staff.body.errors[0].path).toBe('/endDate');
    const caps = await t.http().get(`/api/v1/recipients/${ids.r_adult}/caps?sfy=SFY10000`).set(auth(ADMIN_KEY));
    expectProblem(caps, 400);
    expect(caps.body.errors[0].path).toBe('sfy');
    expect(await tableCounts(t.ds)).toEqual(before);
  });

  it('a date past 2199 in any date query parameter', async () => {
    const dateQueries = operations.flatMap((op) => op.query.filter((q) => ['asOf', 'from', 'to', 'employedOn', 'birthDate'].includes(q)).map((q) => ({ op, q })));
    expect(dateQueries.length).toBeGreaterThanOrEqual(8);
    for (const { op, q } of dateQueries) {
      const res = await t.http().get(`${urlOf(op)}?${q}=9999-12-31`).set(auth(ADMIN_KEY));
      expectProblem(res, 400);
      expect(res.body.errors[0].path.replace(/^\//, '')).toBe(q);
    }
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
