/**
 * The web pages' sign-in: an API key exchanged for an HttpOnly, SameSite=Strict session cookie, stored
 * as a hash, with an expiry and sign-out; cookie-authenticated writes need the CSRF token and a
 * same-site request. Also the two endpoints the pages added: recipient lookup by Medicaid ID in the
 * body, and the cap ledger entries behind a recipient's cap usage.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { auth, startTestApp, type TestApp } from '../support/app';

const BILLING = 'bhk_demo_billing_prairie_9KdF3sQ6';
const LAKESIDE_BILLING = 'bhk_demo_billing_lakeside_2HtY8wN4';
const DIRECTOR = 'bhk_demo_director_prairie_6PzM1cV3';
const REVIEWER = 'bhk_demo_reviewer_4GbR7kX2';
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ demo: true });
});
afterAll(async () => t?.close());

async function signIn(key: string): Promise<{ cookie: string; csrf: string; token: string; body: Record<string, unknown> }> {
  const res = await t.http().post('/api/v1/session').send({ apiKey: key });
  expect(res.status).toBe(201);
  const setCookie = String(res.headers['set-cookie']?.[0] ?? '');
  const token = /^bhcheck_session=([^;]+)/.exec(setCookie)![1];
  return { cookie: `bhcheck_session=${token}`, csrf: res.body.csrfToken, token, body: res.body };
}

describe('sign-in', () => {
  it('exchanges a key for an HttpOnly, SameSite=Strict cookie with an expiry, and says who is signed in', async () => {
    const res = await t.http().post('/api/v1/session').send({ apiKey: DIRECTOR });
    expect(res.status).toBe(201);
    const cookie = String(res.headers['set-cookie']?.[0]);
    expect(cookie).toMatch(/^bhcheck_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(cookie).toMatch(/; Expires=/);
    expect(cookie).not.toContain(DIRECTOR);
    expect(res.body).toMatchObject({
      name: 'Prairie clinical director',
      role: 'CLINICAL_DIRECTOR',
      allProviders: false,
      providers: [{ id: expect.any(String), name: 'Prairie Community Mental Health Center' }],
      authenticatedBy: 'session',
    });
    const minutes = (Date.parse(res.body.expiresAt) - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(470);
    expect(minutes).toBeLessThanOrEqual(480);
    expect(typeof res.body.csrfToken).toBe('string');
  });

  it('keeps only a hash of the session token, and records the sign-in in the audit log', async () => {
    const { token } = await signIn(BILLING);
    const rows: { token_hash: string }[] = await t.ds.query('SELECT token_hash FROM web_sessions');
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain(token);
    const audit = await t.ds.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'SIGN_IN'`);
    expect(audit[0].n).toBeGreaterThan(0);
  });

  it('refuses a wrong or revoked key, and a sign-in posted from another site', async () => {
    const wrong = await t.http().post('/api/v1/session').send({ apiKey: 'bhk_not_a_key_at_all' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const empty = await t.http().post('/api/v1/session').send({});
    expect(empty.status).toBe(400);
    expect(empty.body.errors[0].path).toBe('/apiKey');
    const crossSite = await t.http().post('/api/v1/session').set('Sec-Fetch-Site', 'cross-site').send({ apiKey: BILLING });
    expect(crossSite.status).toBe(403);
  });

  it('the cookie authenticates reads with the same role and scope as the key; Bearer keys still work', async () => {
    const { cookie } = await signIn(REVIEWER);
    const who = await t.http().get('/api/v1/session').set('Cookie', cookie);
    expect(who.status).toBe(200);
    expect(who.body).toMatchObject({ role: 'REVIEWER', allProviders: true, authenticatedBy: 'session' });
    expect(who.body.providers.length).toBe(4);
    expect((await t.http().get('/api/v1/deadlines').set('Cookie', cookie)).status).toBe(200);
    // a reviewer never sees recipients, through the pages or the API
    expect((await t.http().get('/api/v1/recipients').set('Cookie', cookie)).status).toBe(403);
    const bearer = await t.http().get('/api/v1/session').set(auth(REVIEWER));
    expect(bearer.body).toMatchObject({ role: 'REVIEWER', authenticatedBy: 'bearer', csrfToken: null, expiresAt: null });
    expect((await t.http().get('/api/v1/session')).status).toBe(401);
  });
});

describe('cookie-authenticated writes', () => {
  const lookup = (cookie: string) => t.http().post('/api/v1/recipients/lookup').set('Cookie', cookie).send({ medicaidId: '400223344' });

  it('need the CSRF token of the session', async () => {
    const { cookie, csrf } = await signIn(BILLING);
    const other = await signIn(BILLING);
    const without = await lookup(cookie);
    expect(without.status).toBe(403);
    expect(without.body.detail).toMatch(/x-csrf-token/);
    expect((await lookup(cookie).set('X-CSRF-Token', other.csrf)).status).toBe(403);
    expect((await lookup(cookie).set('X-CSRF-Token', csrf)).status).toBe(200);
  });

  it('are refused from another site even with the token', async () => {
    const { cookie, csrf } = await signIn(BILLING);
    expect((await lookup(cookie).set('X-CSRF-Token', csrf).set('Sec-Fetch-Site', 'cross-site')).status).toBe(403);
    expect((await lookup(cookie).set('X-CSRF-Token', csrf).set('Origin', 'https://evil.example')).status).toBe(403);
    expect((await lookup(cookie).set('X-CSRF-Token', csrf).set('Sec-Fetch-Site', 'same-origin')).status).toBe(200);
  });
});

describe('sign-out and expiry', () => {
  it('sign-out ends the session and clears the cookie', async () => {
    const { cookie, csrf } = await signIn(DIRECTOR);
    expect((await t.http().delete('/api/v1/session').set('Cookie', cookie)).status).toBe(403);
    const out = await t.http().delete('/api/v1/session').set('Cookie', cookie).set('X-CSRF-Token', csrf);
    expect(out.status).toBe(204);
    expect(String(out.headers['set-cookie']?.[0])).toMatch(/^bhcheck_session=;.*Expires=Thu, 01 Jan 1970/);
    const after = await t.http().get('/api/v1/session').set('Cookie', cookie);
    expect(after.status).toBe(401);
    expect(after.body).toMatchObject({ detail: 'you are signed out; sign in again', session: 'ENDED' });
  });

  it('an expired session is refused with a 401 saying so', async () => {
    const { cookie, token } = await signIn(DIRECTOR);
    await t.ds.query(`UPDATE web_sessions SET expires_at = now() - interval '1 second' WHERE token_hash = $1`, [crypto.createHash('sha256').update(token).digest('hex')]);
    const res = await t.http().get('/api/v1/providers').set('Cookie', cookie);
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ detail: 'the session has expired; sign in again', session: 'EXPIRED' });
  });

  it('revoking the key ends its sessions', async () => {
    const issued = await t.http().post('/api/v1/api-keys').set(auth('bhk_test_admin_key_000000000000')).send({ name: 'temp', role: 'REVIEWER', allProviders: true });
    const { cookie } = await signIn(issued.body.key);
    expect((await t.http().get('/api/v1/session').set('Cookie', cookie)).status).toBe(200);
    await t.http().post(`/api/v1/api-keys/${issued.body.id}/revoke`).set(auth('bhk_test_admin_key_000000000000'));
    expect((await t.http().get('/api/v1/session').set('Cookie', cookie)).status).toBe(401);
  });
});

describe('POST /recipients/lookup', () => {
  const lookup = (key: string, body: unknown) => t.http().post('/api/v1/recipients/lookup').set(auth(key)).send(body as object);

  it("finds a recipient of the key's providers by Medicaid ID in the body", async () => {
    const res = await lookup(BILLING, { medicaidId: '400223344' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ medicaidId: '400223344', birthDate: '2012-02-29' });
  });

  it("answers 404 for another provider's recipient and one never registered, 400 for a malformed ID, 403 for a reviewer", async () => {
    expect((await lookup(BILLING, { medicaidId: '400445566' })).status).toBe(404);
    const none = await lookup(BILLING, { medicaidId: '499999999' });
    expect(none.status).toBe(404);
    expect(none.body.detail).not.toContain('499999999');
    const bad = await lookup(BILLING, { medicaidId: '4002-23' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('/medicaidId');
    expect((await lookup(REVIEWER, { medicaidId: '400223344' })).status).toBe(403);
  });
});

describe('GET /recipients/{id}/cap-ledger', () => {
  const idOf = async (key: string, medicaidId: string): Promise<string> => (await t.http().post('/api/v1/recipients/lookup').set(auth(key)).send({ medicaidId })).body.id;

  it('lists the claims and outside records that used the minutes, in date order', async () => {
    const file = fs.readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'x12', 'demo-bh.837'), 'utf8');
    const committed = await t.http().post('/api/v1/claims/x12?commit=true').set(auth(BILLING)).set('Content-Type', 'application/edi-x12').send(file);
    expect(committed.status).toBe(200);
    const adult = await idOf(BILLING, '400112233');
    const res = await t.http().get(`/api/v1/recipients/${adult}/cap-ledger?sfy=SFY2027`).set(auth(BILLING));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ recipientId: adult, sfy: 'SFY2027', from: '2026-07-01', to: '2027-06-30' });
    expect(res.body.entries).toEqual([
      expect.objectContaining({
        category: 'TCM',
        minutes: 30,
        dateOfService: '2026-08-05',
        source: 'CLAIM',
        inScope: true,
        providerName: 'Prairie Community Mental Health Center',
        claimId: 'PCMHC-260803-01',
        lineId: 'PC-0805-1',
        service: 'MENTAL_HEALTH_CASE_MANAGEMENT',
      }),
    ]);
    const caps = await t.http().get(`/api/v1/recipients/${adult}/caps?sfy=SFY2027`).set(auth(BILLING));
    expect(caps.body.tcm.usedMinutes).toBe(30);

    const young = await idOf(BILLING, '400334455');
    const outside = await t.http().get(`/api/v1/recipients/${young}/cap-ledger?sfy=SFY2027`).set(auth(BILLING));
    expect(outside.body.entries.map((e: { source: string; category: string; minutes: number }) => [e.source, e.category, e.minutes])).toEqual([
      ['EXTERNAL', 'TCM', 10700],
      ['EXTERNAL', 'TCM', 2340],
      ['EXTERNAL', 'TLA', 2340],
    ]);
  });

  it("shows another provider's claim without naming it", async () => {
    const claim = {
      claimId: 'LK-MHCM-1',
      billingNpi: '1729340566',
      medicaidId: '400778899',
      placeOfService: '11',
      lines: [{ lineId: '1', dateOfService: '2026-09-10', units: 4, renderingNpi: '1608128348', procedureCode: 'T1016' }],
    };
    const committed = await t.http().post('/api/v1/claims').set(auth(LAKESIDE_BILLING)).send(claim);
    expect(committed.status).toBe(200);
    expect(committed.body.claims[0].status).not.toBe('FAIL');
    const shared = await idOf(BILLING, '400778899');
    const res = await t.http().get(`/api/v1/recipients/${shared}/cap-ledger?sfy=SFY2027`).set(auth(BILLING));
    const lakeside = res.body.entries.find((e: { dateOfService: string }) => e.dateOfService === '2026-09-10');
    expect(lakeside).toMatchObject({ source: 'CLAIM', inScope: false, providerId: null, providerName: null, claimId: null, lineId: null });
    const own = await t.http().get(`/api/v1/recipients/${shared}/cap-ledger?sfy=SFY2027`).set(auth(LAKESIDE_BILLING));
    expect(own.body.entries.find((e: { dateOfService: string }) => e.dateOfService === '2026-09-10')).toMatchObject({ inScope: true, claimId: 'LK-MHCM-1', providerName: 'Lakeside Behavioral Health Clinic' });
  });

  it('refuses a bad year, a reviewer and a recipient out of scope', async () => {
    const adult = await idOf(BILLING, '400112233');
    const bad = await t.http().get(`/api/v1/recipients/${adult}/cap-ledger?sfy=2027`).set(auth(BILLING));
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('sfy');
    expect((await t.http().get(`/api/v1/recipients/${adult}/cap-ledger`).set(auth(REVIEWER))).status).toBe(403);
    expect((await t.http().get(`/api/v1/recipients/${adult}/cap-ledger`).set(auth(LAKESIDE_BILLING))).status).toBe(404);
  });
});
