/**
 * Response headers and rate limits: nosniff and a Content Security Policy on every answer (one that
 * still lets the API documentation at /docs load: only same-origin scripts, served as JavaScript);
 * `Cache-Control: no-store` on API answers, errors included; failed authentication limited per client
 * (429 problem+json with Retry-After, other clients unaffected); the general limit per API key; an
 * `x-request-id` on every answer, recorded with the audit rows (logging is off here: no pino-http).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ADMIN_KEY, auth, startTestApp, type TestApp } from '../support/app';

const BILLING = 'bhk_demo_billing_prairie_9KdF3sQ6';
const DIRECTOR = 'bhk_demo_director_prairie_6PzM1cV3';
const ATTACKER = '203.0.113.7';
const COLLEAGUE = '198.51.100.9';

/** The directives of a Content-Security-Policy header, by name. */
function directives(csp: string): Record<string, string[]> {
  return Object.fromEntries(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name, values]),
  );
}

function expectProblem429(res: { status: number; headers: Record<string, string>; body: Record<string, unknown> }, maxSeconds: number): void {
  expect(res.status).toBe(429);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status: 429, title: 'Too Many Requests', code: 'TOO_MANY_REQUESTS', detail: expect.stringMatching(/try again in \d+ s$/) });
  const retryAfter = Number(res.headers['retry-after']);
  expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= maxSeconds).toBe(true);
  expect(res.headers['cache-control']).toBe('no-store');
}

describe('headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ demo: true });
  });
  afterAll(async () => t?.close());

  it('API answers carry nosniff, a strict CSP and no-store; errors too', async () => {
    for (const res of [
      await t.http().get('/api/v1/recipients').set(auth(BILLING)),
      await t.http().get('/api/v1/recipients'),
      await t.http().get('/api/v1/recipients/00000000-0000-4000-8000-000000000000').set(auth(BILLING)),
      await t.http().get('/health'),
    ]) {
      expect([200, 401, 404]).toContain(res.status);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      // (the health check sends its own "no-cache, no-store, must-revalidate")
      expect(res.headers['cache-control']).toMatch(/(^|, )no-store(,|$)/);
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['x-powered-by']).toBeUndefined();
      const csp = directives(res.headers['content-security-policy']);
      expect(csp['default-src']).toEqual(["'self'"]);
      expect(csp['script-src']).toEqual(["'self'"]);
      expect(csp['script-src-attr']).toEqual(["'none'"]);
      expect(csp['object-src']).toEqual(["'none'"]);
      expect(csp['frame-ancestors']).toEqual(["'none'"]);
      expect(csp['upgrade-insecure-requests']).toBeUndefined();
    }
  });

  it('every answer carries an x-request-id: the caller\'s plain token, else a new one; the audit rows of a claim check record it', async () => {
    const fresh = await t.http().get('/health');
    expect(fresh.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    const unauthenticated = await t.http().get('/api/v1/recipients').set('x-request-id', 'not a token!');
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(unauthenticated.headers['x-request-id']).not.toBe(fresh.headers['x-request-id']);

    const claim = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'demo', 'claims.json'), 'utf8')).claims[0];
    const requestId = `req-${Date.now()}`;
    const checked = await t.http().post('/api/v1/claims/validate').set(auth(BILLING)).set('x-request-id', requestId).send(claim);
    expect(checked.status).toBe(200);
    expect(checked.headers['x-request-id']).toBe(requestId);
    const reads: { action: string; entity: string; actor_role: string }[] = await t.ds.query(`SELECT action, entity, actor_role FROM audit_log WHERE request_id = $1`, [requestId]);
    expect(reads).toEqual([{ action: 'READ', entity: 'recipient', actor_role: 'BILLING' }]);
  });

  it('the API documentation loads under the CSP: every script is same-origin, served as JavaScript', async () => {
    const page = await t.http().get('/docs/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const csp = directives(page.headers['content-security-policy']);
    expect(csp['script-src']).toEqual(["'self'"]);
    expect(csp['style-src']).toEqual(["'self'", "'unsafe-inline'"]);
    // no inline script (the CSP would block it); every script and stylesheet a same-origin path
    const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(body.trim()).toBe('');
      expect(attributes).toMatch(/src=['"](?!https?:|\/\/)[^'"]+['"]/);
    }
    const sources = [...page.text.matchAll(/<(?:script|link)[^>]*(?:src|href)=['"]([^'"]+)['"]/g)].map((m) => m[1]);
    for (const source of sources) {
      const asset = await t.http().get(new URL(source, 'http://localhost/docs/').pathname);
      expect([source, asset.status]).toEqual([source, 200]);
      if (source.endsWith('.js')) expect(asset.headers['content-type']).toMatch(/^(application|text)\/javascript/);
      if (source.endsWith('.css')) expect(asset.headers['content-type']).toMatch(/^text\/css/);
    }
    expect((await t.http().get('/docs-json')).status).toBe(200);
  });
});

describe('failed authentication is limited per client', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ demo: true, env: { BHCHECK_AUTH_FAILURE_LIMIT: '20', BHCHECK_AUTH_FAILURE_BLOCK: '300', BHCHECK_TRUST_PROXY: 'loopback' } });
  });
  afterAll(async () => t?.close());

  it('500 requests with bad keys: 20 answered 401, then 429 with Retry-After, even with a valid key; another client is not slowed', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 500; i++) {
      const res = await t.http().get('/api/v1/providers').set(auth(`bhk_guess_${i}`)).set('X-Forwarded-For', ATTACKER);
      statuses.push(res.status);
      if (res.status === 429) expectProblem429(res, 300);
      else expect(res.body.code).toBe('UNAUTHENTICATED');
    }
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses.slice(20)).toEqual(Array(480).fill(429));

    // the refused client cannot try a key meanwhile, not even a valid one
    expectProblem429(await t.http().get('/api/v1/providers').set(auth(BILLING)).set('X-Forwarded-For', ATTACKER), 300);

    // another client: its valid key works, its own mistakes are still a plain 401
    const colleague = await t.http().get('/api/v1/providers').set(auth(BILLING)).set('X-Forwarded-For', COLLEAGUE);
    expect(colleague.status).toBe(200);
    expect((await t.http().get('/api/v1/providers').set(auth('bhk_typo')).set('X-Forwarded-For', COLLEAGUE)).status).toBe(401);
    // /health needs no key and is never refused
    expect((await t.http().get('/health').set('X-Forwarded-For', ATTACKER)).status).toBe(200);
  });

  it('the web sign-in counts wrong keys with the same limit: past it, 429, and the refused client cannot sign in with a valid key', async () => {
    const guesser = '198.51.100.77';
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await t.http().post('/api/v1/session').set('X-Forwarded-For', guesser).send({ apiKey: `bhk_guess_${i}` })).status);
    expect(statuses).toEqual([...Array(20).fill(401), ...Array(5).fill(429)]);
    const refused = await t.http().post('/api/v1/session').set('X-Forwarded-For', guesser).send({ apiKey: BILLING });
    expectProblem429(refused, 300);
    expect(refused.headers['set-cookie']).toBeUndefined();
    // failures at sign-in and with Bearer keys are one count per client: the guesser is refused on the API too
    expectProblem429(await t.http().get('/api/v1/providers').set(auth(BILLING)).set('X-Forwarded-For', guesser), 300);
  });

  it('without BHCHECK_TRUST_PROXY, X-Forwarded-For does not choose the client: changing it does not escape the limit', async () => {
    const direct = await startTestApp({ env: { BHCHECK_AUTH_FAILURE_LIMIT: '3' } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await direct.http().get('/api/v1/providers').set(auth('bhk_nope')).set('X-Forwarded-For', `192.0.2.${i}`)).status);
      expect(statuses).toEqual([401, 401, 401, 429, 429, 429]);
    } finally {
      await direct.close();
    }
  });

  it('once the refusal has run out, the client is served again', async () => {
    const brief = await startTestApp({ env: { BHCHECK_AUTH_FAILURE_LIMIT: '2', BHCHECK_AUTH_FAILURE_BLOCK: '1' } });
    try {
      for (const want of [401, 401, 429]) expect((await brief.http().get('/api/v1/providers').set(auth('bhk_nope'))).status).toBe(want);
      const refused = await brief.http().get('/api/v1/providers').set(auth(ADMIN_KEY));
      expectProblem429(refused, 1);
      await new Promise((r) => setTimeout(r, 1_100 * Number(refused.headers['retry-after'])));
      expect((await brief.http().get('/api/v1/providers').set(auth(ADMIN_KEY))).status).toBe(200);
    } finally {
      await brief.close();
    }
  });
});

describe('the general limit is per API key', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ demo: true, env: { BHCHECK_RATE_LIMIT: '5' } });
  });
  afterAll(async () => t?.close());

  it('the sixth request in a minute with one key is 429; another key, and /health, are not affected', async () => {
    const remaining: string[] = [];
    for (let i = 0; i < 5; i++) {
      // across endpoints: one budget per key
      const res = await t.http().get(i % 2 ? '/api/v1/providers' : '/api/v1/recipients').set(auth(BILLING));
      expect(res.status).toBe(200);
      expect(res.headers['x-ratelimit-limit']).toBe('5');
      remaining.push(res.headers['x-ratelimit-remaining']);
    }
    expect(remaining).toEqual(['4', '3', '2', '1', '0']);
    const over = await t.http().get('/api/v1/providers').set(auth(BILLING));
    expectProblem429(over, 60);
    expect(over.body.detail).toMatch(/^more than 5 requests in a minute with this API key; try again in \d+ s$/);
    expect((await t.http().get('/api/v1/providers').set(auth(DIRECTOR))).status).toBe(200);
    for (let i = 0; i < 10; i++) expect((await t.http().get('/health')).status).toBe(200);
  });
});
