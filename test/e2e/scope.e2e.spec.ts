/**
 * Scope leaks found outside the role/scope matrix: shared identity fields, registration that revealed
 * another provider's patient, other providers' staff named or accepted in claim checks and credentials,
 * and reads of recipient records recorded (and queryable by administrators).
 */
import { Client } from 'pg';
import { ADMIN_KEY, auth, DEMO_KEYS, startTestApp, tableCounts, type TestApp } from '../support/app';

const PRAIRIE_BILLING = DEMO_KEYS.billingPrairie;
const LAKESIDE_BILLING = DEMO_KEYS.billingLakeside;
const PRAIRIE_DIRECTOR = DEMO_KEYS.directorPrairie;
const PRAIRIE_NPI = '1648123457';
const LAKESIDE_NPI = '1729340566';
const NPI = { kim: '1305895017', moore: '1507017238', okafor: '1204784908' };

let t: TestApp;
let ids: Record<string, string>;

beforeAll(async () => {
  t = await startTestApp({ demo: true });
  ids = t.demo!.ids;
});
afterAll(async () => t?.close());

async function linksOf(recipientId: string): Promise<string[]> {
  return (await t.ds.query('SELECT provider_id FROM recipient_providers WHERE recipient_id = $1 ORDER BY provider_id', [recipientId])).map((r: { provider_id: string }) => r.provider_id);
}

async function registerPrairieRecipient(medicaidId: string, name = 'Alex Sample', birthDate = '1991-03-03'): Promise<string> {
  const r = await t.http().post('/api/v1/recipients').set(auth(PRAIRIE_DIRECTOR)).send({ medicaidId, name, birthDate, providerIds: [ids.prairie] });
  expect(r.status).toBe(201);
  return r.body.id;
}

const therapyClaim = (claimId: string, medicaidId: string, renderingNpi = NPI.kim) => ({
  claimId,
  billingNpi: PRAIRIE_NPI,
  medicaidId,
  placeOfService: '11',
  lines: [{ lineId: '1', dateOfService: '2026-09-14', units: 4, renderingNpi, procedureCode: 'H0004' }],
});

describe('identity fields of a recipient served by more than one provider change only through an administrator', () => {
  it("a billing key of one provider cannot rewrite a shared recipient's Medicaid ID, name or birth date; the other provider's claims still find them", async () => {
    const before = await tableCounts(t.ds);
    for (const change of [{ medicaidId: '400999999' }, { name: 'Someone Else' }, { birthDate: '2000-01-01' }]) {
      const res = await t.http().patch(`/api/v1/recipients/${ids.r_new}`).set(auth(PRAIRIE_BILLING)).send(change);
      expect(res.status).toBe(403);
      expect(res.body.detail).toMatch(/served by more than one provider .* an administrator changes them/);
    }
    expect(await tableCounts(t.ds)).toEqual(before);
    const lakesideClaim = await t.http().post('/api/v1/claims/validate').set(auth(LAKESIDE_BILLING)).send({ ...therapyClaim('LK-1', '400778899'), billingNpi: LAKESIDE_NPI, lines: [{ lineId: '1', dateOfService: '2026-09-14', units: 4, renderingNpi: NPI.moore, procedureCode: 'H0004' }] });
    expect(lakesideClaim.status).toBe(200);
    expect(lakesideClaim.body.claims[0].findings.map((f: { code: string }) => f.code)).not.toContain('UNKNOWN_RECIPIENT');
    expect(lakesideClaim.body.claims[0].recipientId).toBe(ids.r_new);
  });

  it('the same values again are not a change; a recipient of one provider only is still edited by its key', async () => {
    const same = await t.http().patch(`/api/v1/recipients/${ids.r_new}`).set(auth(PRAIRIE_BILLING)).send({ name: 'Drew Parker', birthDate: '1999-04-04' });
    expect(same.status).toBe(200);
    const own = await registerPrairieRecipient('499100001');
    const renamed = await t.http().patch(`/api/v1/recipients/${own}`).set(auth(PRAIRIE_DIRECTOR)).send({ name: 'Alex Q. Sample' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.name).toBe('Alex Q. Sample');
  });

  it('an administrator changes them, audited', async () => {
    const res = await t.http().patch(`/api/v1/recipients/${ids.r_new}`).set(auth(ADMIN_KEY)).send({ name: 'Drew A. Parker' });
    expect(res.status).toBe(200);
    expect(res.body.name).toBe('Drew A. Parker');
    const audit = await t.ds.query(`SELECT action, actor_role FROM audit_log WHERE entity = 'recipient' AND entity_id = $1 AND action = 'UPDATE' ORDER BY id DESC LIMIT 1`, [ids.r_new]);
    expect(audit).toEqual([{ action: 'UPDATE', actor_role: 'ADMIN' }]);
  });

  it("a key's provider links change without touching (or naming) the links it cannot see", async () => {
    const res = await t.http().patch(`/api/v1/recipients/${ids.r_new}`).set(auth(PRAIRIE_BILLING)).send({ providerIds: [ids.prairie] });
    expect(res.status).toBe(200);
    expect(res.body.providerIds).toEqual([ids.prairie]);
    expect(await linksOf(ids.r_new)).toEqual([ids.prairie, ids.lakeside].sort());
  });

  it("filtering recipients by a provider the key may not see is refused (it would tell which recipients that provider serves)", async () => {
    const res = await t.http().get(`/api/v1/recipients?providerId=${ids.lakeside}`).set(auth(PRAIRIE_BILLING));
    expect(res.status).toBe(403);
  });
});

describe("registering a Medicaid ID that only another provider serves reveals nothing of that provider", () => {
  let prairieOnly: string;
  let started: string;

  beforeAll(async () => {
    prairieOnly = await registerPrairieRecipient('499200002', 'Jamie Rivera', '1988-08-08');
    await t.http().post(`/api/v1/recipients/${prairieOnly}/assessments`).set(auth(PRAIRIE_DIRECTOR)).send({ providerId: ids.prairie, completedOn: '2026-08-01', approvedByStaffId: ids.okafor, diagnoses: ['F33.1'] });
    started = new Date().toISOString();
  });

  it('with a different birth date: a 409 that names no provider and no record, nothing written', async () => {
    const before = await tableCounts(t.ds);
    const res = await t.http().post('/api/v1/recipients').set(auth(LAKESIDE_BILLING)).send({ medicaidId: '499200002', name: 'Jamie Rivera', birthDate: '1988-08-09', providerIds: [ids.lakeside] });
    expect(res.status).toBe(409);
    expect(res.body.detail).toBe('Medicaid ID 499200002 cannot be registered with this name and birth date; ask an administrator to check it');
    expect(JSON.stringify(res.body)).not.toContain(prairieOnly);
    expect(JSON.stringify(res.body)).not.toContain(ids.prairie);
    expect(await tableCounts(t.ds)).toEqual(before);
  });

  it('with the same birth date and name: linked, answered like a new registration, audited', async () => {
    const res = await t.http().post('/api/v1/recipients').set(auth(LAKESIDE_BILLING)).send({ medicaidId: '499200002', name: 'jamie  rivera', birthDate: '1988-08-08', providerIds: [ids.lakeside] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ medicaidId: '499200002', birthDate: '1988-08-08', providerIds: [ids.lakeside], assessments: [], treatmentPlans: [] });
    expect(res.body.createdAt >= started).toBe(true);
    expect(res.body.updatedAt >= started).toBe(true);
    expect(JSON.stringify(res.body)).not.toContain(ids.prairie);
    expect(await linksOf(prairieOnly)).toEqual([ids.prairie, ids.lakeside].sort());
    const link = await t.ds.query(`SELECT action, actor_role FROM audit_log WHERE entity = 'recipient' AND entity_id = $1 AND action = 'LINK'`, [prairieOnly]);
    expect(link).toEqual([{ action: 'LINK', actor_role: 'BILLING' }]);
    // Prairie's view is as it was: its own provider and assessment
    const prairieView = await t.http().get(`/api/v1/recipients/${prairieOnly}`).set(auth(PRAIRIE_BILLING));
    expect(prairieView.body.providerIds).toEqual([ids.prairie]);
    expect(prairieView.body.assessments).toHaveLength(1);
  });

  it('a key that already sees the person gets the plain 409 with the record', async () => {
    const res = await t.http().post('/api/v1/recipients').set(auth(PRAIRIE_BILLING)).send({ medicaidId: '499200002', name: 'Jamie Rivera', birthDate: '1988-08-08', providerIds: [ids.prairie] });
    expect(res.status).toBe(409);
    expect(res.body.recipientId).toBe(prairieOnly);
  });
});

describe("another provider's staff are neither named nor accepted", () => {
  it('a claim naming another provider\'s staff NPI gets UNKNOWN_STAFF, without their name or employer', async () => {
    for (const line of [{ renderingNpi: NPI.moore }, { renderingStaffId: ids.moore }]) {
      const res = await t.http().post('/api/v1/claims/validate').set(auth(PRAIRIE_BILLING)).send({ ...therapyClaim('X-1', '400112233'), lines: [{ lineId: '1', dateOfService: '2026-09-14', units: 4, procedureCode: 'H0004', ...line }] });
      expect(res.status).toBe(200);
      const codes = res.body.claims[0].lines[0].findings.map((f: { code: string }) => f.code);
      expect(codes).toEqual(['UNKNOWN_STAFF']);
      const text = JSON.stringify(res.body);
      for (const leak of ['Moore', 'Evelyn', 'Lakeside', ids.lakeside]) expect(text).not.toContain(leak);
    }
  });

  it("another provider's staff are refused as supervisor, prescriber and approver (400 naming the field, nothing written)", async () => {
    const before = await tableCounts(t.ds);
    const staff = await t.http().post('/api/v1/staff').set(auth(PRAIRIE_DIRECTOR)).send({
      providerId: ids.prairie,
      name: 'Pat Example',
      hireDate: '2025-01-06',
      degrees: [{ level: 'BACHELOR', field: 'SOCIAL_WORK' }],
      supervisorStaffId: ids.carter,
      prescriberDesignations: [{ designatedByStaffId: ids.reed, designatedOn: '2025-02-01', services: ['MEDICATION_TRAINING'] }],
    });
    expect(staff.status).toBe(400);
    expect(staff.body.errors).toEqual([
      { path: '/supervisorStaffId', message: `staff member ${ids.carter} is not registered at a provider this key acts for` },
      { path: '/prescriberDesignations/0/designatedByStaffId', message: `staff member ${ids.reed} is not registered at a provider this key acts for` },
    ]);
    const moved = await t.http().patch(`/api/v1/staff/${ids.johnson}`).set(auth(PRAIRIE_DIRECTOR)).send({ supervisorStaffId: ids.carter });
    expect(moved.status).toBe(400);
    const assessment = await t.http().post(`/api/v1/recipients/${ids.r_adult}/assessments`).set(auth(PRAIRIE_DIRECTOR)).send({ providerId: ids.prairie, completedOn: '2026-10-01', approvedByStaffId: ids.moore, diagnoses: ['F33.1'] });
    expect(assessment.status).toBe(400);
    expect(assessment.body.errors).toEqual([{ path: '/approvedByStaffId', message: `staff member ${ids.moore} is not registered at a provider this key acts for` }]);
    const plan = await t.http().post(`/api/v1/recipients/${ids.r_adult}/treatment-plans`).set(auth(PRAIRIE_DIRECTOR)).send({ providerId: ids.prairie, approvedOn: '2026-10-01', approvedByStaffId: ids.moore, services: ['THERAPY_COUNSELING'] });
    expect(plan.status).toBe(400);
    expect(plan.body.errors[0].path).toBe('/approvedByStaffId');
    expect(await tableCounts(t.ds)).toEqual(before);
  });

  it("an approver of another provider on a record of the key's own provider is not accepted in claim checks (records an administrator made)", async () => {
    const rid = await registerPrairieRecipient('499300003');
    const a = await t.http().post(`/api/v1/recipients/${rid}/assessments`).set(auth(ADMIN_KEY)).send({ providerId: ids.prairie, completedOn: '2026-08-01', approvedByStaffId: ids.moore, diagnoses: ['F33.1'] });
    expect(a.status).toBe(201);
    await t.http().post(`/api/v1/recipients/${rid}/treatment-plans`).set(auth(PRAIRIE_DIRECTOR)).send({ providerId: ids.prairie, approvedOn: '2026-08-05', approvedByStaffId: ids.okafor, clientSignedOn: '2026-08-05', services: ['THERAPY_COUNSELING'] });
    const res = await t.http().post('/api/v1/claims/validate').set(auth(PRAIRIE_BILLING)).send(therapyClaim('X-2', '499300003'));
    const finding = res.body.claims[0].lines[0].findings.find((f: { code: string }) => f.code === 'ASSESSMENT_MISSING');
    expect(finding.message).toMatch(`approver ${ids.moore} is not registered`);
    for (const leak of ['Moore', 'Evelyn', 'Lakeside']) expect(JSON.stringify(res.body)).not.toContain(leak);
    // the administrator, who sees every provider, is told the real reason
    const admin = await t.http().post('/api/v1/claims/validate').set(auth(ADMIN_KEY)).send(therapyClaim('X-2', '499300003'));
    expect(admin.body.claims[0].lines[0].findings.map((f: { code: string }) => f.code)).not.toContain('ASSESSMENT_MISSING');
  });

  it("another provider's own assessment of a shared recipient still counts, its approver unnamed", async () => {
    const a = await t.http().post(`/api/v1/recipients/${ids.r_new}/assessments`).set(auth(ADMIN_KEY)).send({ providerId: ids.lakeside, completedOn: '2026-08-01', approvedByStaffId: ids.moore, diagnoses: ['F41.1'] });
    expect(a.status).toBe(201);
    const p = await t.http().post(`/api/v1/recipients/${ids.r_new}/treatment-plans`).set(auth(PRAIRIE_DIRECTOR)).send({ providerId: ids.prairie, approvedOn: '2026-08-10', approvedByStaffId: ids.okafor, clientSignedOn: '2026-08-10', services: ['THERAPY_COUNSELING'] });
    expect(p.status).toBe(201);
    const res = await t.http().post('/api/v1/claims/validate').set(auth(PRAIRIE_BILLING)).send(therapyClaim('X-3', '400778899'));
    expect(res.body.claims[0].lines[0].findings.map((f: { code: string }) => f.code)).toEqual([]);
    expect(res.body.claims[0].status).toBe('PASS');
    // and when it lapses, the message says so without naming anyone of the other provider
    const late = await t.http().post('/api/v1/claims/validate').set(auth(PRAIRIE_BILLING)).send({ ...therapyClaim('X-4', '400778899'), lines: [{ lineId: '1', dateOfService: '2027-09-14', units: 4, renderingNpi: NPI.kim, procedureCode: 'H0004' }] });
    expect(late.body.claims[0].lines[0].findings.map((f: { code: string }) => f.code)).toContain('ASSESSMENT_EXPIRED');
    for (const leak of ['Moore', 'Evelyn', 'Lakeside']) expect(JSON.stringify(late.body)).not.toContain(leak);
  });

  it("a credential does not name a supervisor of another provider", async () => {
    await t.http().patch(`/api/v1/staff/${ids.johnson}`).set(auth(ADMIN_KEY)).send({ supervisorStaffId: ids.carter });
    try {
      const res = await t.http().get(`/api/v1/staff/${ids.johnson}/credential?asOf=2026-09-14`).set(auth(PRAIRIE_DIRECTOR));
      expect(res.status).toBe(200);
      expect(res.body.supervisorOk).toBe(false);
      expect(JSON.stringify(res.body)).not.toMatch(/Carter|Jamal/);
      const roster = await t.http().get(`/api/v1/providers/${ids.prairie}/credentials?asOf=2026-09-14`).set(auth(PRAIRIE_DIRECTOR));
      expect(JSON.stringify(roster.body)).not.toMatch(/Carter|Jamal/);
      const claim = await t.http().post('/api/v1/claims/validate').set(auth(PRAIRIE_BILLING)).send(therapyClaim('X-5', '400112233', '1344556695'));
      expect(JSON.stringify(claim.body)).not.toMatch(/Carter|Jamal|Lakeside/);
      // an administrator sees why
      const admin = await t.http().get(`/api/v1/staff/${ids.johnson}/credential?asOf=2026-09-14`).set(auth(ADMIN_KEY));
      expect(admin.body.supervisorReason).toMatch(/Jamal Carter, LMFT .* is staff of another provider/);
    } finally {
      await t.http().patch(`/api/v1/staff/${ids.johnson}`).set(auth(ADMIN_KEY)).send({ supervisorStaffId: ids.okafor });
    }
  });
});

describe('reads of recipient records are recorded, and administrators can ask who looked', () => {
  const reads = async (recipientId: string) =>
    (await t.ds.query(`SELECT actor_key_id, actor_role, before_hash, after_hash FROM audit_log WHERE action = 'READ' AND entity = 'recipient' AND entity_id = $1 ORDER BY id`, [recipientId])) as {
      actor_key_id: string;
      actor_role: string;
      before_hash: string | null;
      after_hash: string | null;
    }[];

  let keyIds: Record<string, string>;
  beforeAll(async () => {
    const keys = await t.http().get('/api/v1/api-keys').set(auth(ADMIN_KEY));
    keyIds = Object.fromEntries(keys.body.map((k: { name: string; id: string }) => [k.name, k.id]));
  });

  it('reading a record, its assessments, plans, caps and outside usage each leave a READ row: who, when, which recipient, no PHI', async () => {
    const rid = await registerPrairieRecipient('499400004');
    expect(await reads(rid)).toEqual([]);
    for (const path of ['', '/assessments', '/treatment-plans', '/caps', '/usage']) {
      expect((await t.http().get(`/api/v1/recipients/${rid}${path}`).set(auth(PRAIRIE_BILLING))).status).toBe(200);
    }
    const rows = await reads(rid);
    expect(rows).toHaveLength(5);
    expect(rows[0]).toEqual({ actor_key_id: keyIds['Prairie billing office'], actor_role: 'BILLING', before_hash: null, after_hash: null });
  });

  it('a list records a read of each recipient it returns; a refused read records nothing', async () => {
    const before = (await reads(ids.r_child)).length;
    const list = await t.http().get('/api/v1/recipients?medicaidId=400223344').set(auth(PRAIRIE_BILLING));
    expect(list.body.items).toHaveLength(1);
    expect(await reads(ids.r_child)).toHaveLength(before + 1);
    const lapsed = (await reads(ids.r_lakeside_lapsed)).length;
    expect((await t.http().get(`/api/v1/recipients/${ids.r_lakeside_lapsed}`).set(auth(PRAIRIE_BILLING))).status).toBe(404);
    expect(await reads(ids.r_lakeside_lapsed)).toHaveLength(lapsed);
  });

  it('a claim check looks the recipient up: one read per recipient per request', async () => {
    const before = (await reads(ids.r_adult)).length;
    const batch = { claims: [therapyClaim('R-1', '400112233'), therapyClaim('R-2', '400112233')] };
    expect((await t.http().post('/api/v1/claims/validate').set(auth(PRAIRIE_BILLING)).send(batch)).status).toBe(200);
    expect(await reads(ids.r_adult)).toHaveLength(before + 1);
  });

  it('GET /audit-log answers "who looked at this person", for administrators only', async () => {
    const rid = await registerPrairieRecipient('499500005');
    await t.http().get(`/api/v1/recipients/${rid}`).set(auth(PRAIRIE_BILLING));
    await t.http().get(`/api/v1/recipients/${rid}`).set(auth(PRAIRIE_DIRECTOR));
    const res = await t.http().get(`/api/v1/audit-log?entity=recipient&entityId=${rid}&action=READ`).set(auth(ADMIN_KEY));
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(2);
    expect(res.body.items.map((r: { actorName: string; actorRole: string }) => [r.actorName, r.actorRole])).toEqual([
      ['Prairie clinical director', 'CLINICAL_DIRECTOR'],
      ['Prairie billing office', 'BILLING'],
    ]);
    expect(res.body.items[0]).toEqual({
      id: expect.any(String),
      at: expect.any(String),
      actorKeyId: keyIds['Prairie clinical director'],
      actorName: 'Prairie clinical director',
      actorRole: 'CLINICAL_DIRECTOR',
      action: 'READ',
      entity: 'recipient',
      entityId: rid,
      beforeHash: null,
      afterHash: null,
      requestId: expect.any(String),
    });
    const all = await t.http().get(`/api/v1/audit-log?entityId=${rid}`).set(auth(ADMIN_KEY));
    expect(all.body.items.map((r: { action: string }) => r.action)).toEqual(['READ', 'READ', 'CREATE']);
    const byKey = await t.http().get(`/api/v1/audit-log?actorKeyId=${keyIds['Prairie clinical director']}&action=CREATE&limit=500`).set(auth(ADMIN_KEY));
    expect(byKey.body.items.every((r: { actorKeyId: string }) => r.actorKeyId === keyIds['Prairie clinical director'])).toBe(true);
    const today = new Date().toISOString().slice(0, 10);
    const dated = await t.http().get(`/api/v1/audit-log?entityId=${rid}&from=${today}&to=${today}`).set(auth(ADMIN_KEY));
    expect(dated.body.total).toBe(3);
    const yesterday = await t.http().get(`/api/v1/audit-log?entityId=${rid}&to=2020-01-01`).set(auth(ADMIN_KEY));
    expect(yesterday.body.total).toBe(0);
    expect((await t.http().get('/api/v1/audit-log').set(auth(PRAIRIE_DIRECTOR))).status).toBe(403);
    const bad = await t.http().get('/api/v1/audit-log?from=2026-02-30').set(auth(ADMIN_KEY));
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('/from');
  });

  it('reading the audit log does not add to it, and it stays append-only', async () => {
    const before = (await t.ds.query('SELECT count(*)::int AS n FROM audit_log'))[0].n;
    await t.http().get('/api/v1/audit-log').set(auth(ADMIN_KEY));
    expect((await t.ds.query('SELECT count(*)::int AS n FROM audit_log'))[0].n).toBe(before);
    // the service's own role may not delete from it at all; even the owner is refused by the trigger
    await expect(t.ds.query(`DELETE FROM audit_log WHERE action = 'READ'`)).rejects.toThrow(/permission denied for table audit_log/);
    const owner = new Client({ connectionString: t.db.ownerUrl });
    await owner.connect();
    try {
      await expect(owner.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    } finally {
      await owner.end();
    }
  });
});
