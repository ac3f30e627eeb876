/**
 * PostgreSQL outages, with the application in this process on a PostgreSQL of its own:
 * - killed and not restarted by bhcheck (as an external server would be): every API call answers 503
 *   problem+json with Retry-After, never 500; once the server is back, the service works again by
 *   itself (its connection pool reconnects);
 * - the embedded PostgreSQL's postmaster killed: bhcheck restarts it on the same port, and the
 *   service works again by itself; meanwhile nothing but 200 or 503.
 * Every wait is a bounded poll; no timing is asserted.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildOpenApi } from '../../src/bootstrap';
import { runMigrations } from '../../src/database/data-source-options';
import { isAlive, readPostmaster, startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/database/embedded-postgres';
import { ADMIN_KEY, auth, startTestApp, type TestApp } from '../support/app';
import type { TestDatabase } from '../support/database';
import { eventually } from '../support/service-process';

// initdb and crash recovery on a busy 2-core machine
jest.setTimeout(300_000);

const dirs: string[] = [];
const clusters: EmbeddedDatabase[] = [];
const apps: TestApp[] = [];

/** A PostgreSQL of its own, migrated, and the application on it (as the runtime role). */
async function appOnOwnPostgres(options: { restartOnExit: boolean }): Promise<{ t: TestApp; cluster: EmbeddedDatabase; log: string[] }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bhcheck-outage-'));
  dirs.push(dir);
  const log: string[] = [];
  const cluster = await startEmbeddedPostgres(dir, (m) => log.push(m), { persistent: false, label: 'tests', restartOnExit: options.restartOnExit });
  clusters.push(cluster);
  await runMigrations(cluster.ownerUrl, { runtimeRole: cluster.runtime.user });
  const database: TestDatabase = {
    url: cluster.runtimeUrl,
    ownerUrl: cluster.ownerUrl,
    name: cluster.database,
    roles: { owner: cluster.owner, runtime: cluster.runtime },
    drop: async () => undefined,
  };
  const t = await startTestApp({ database, demo: true });
  apps.push(t);
  return { t, cluster, log };
}

afterAll(async () => {
  for (const t of apps) await t.close().catch(() => undefined);
  for (const c of clusters.reverse()) await c.stop().catch(() => undefined);
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

const pgDirOf = (cluster: EmbeddedDatabase) => path.join(cluster.dataDir, 'pg');


async function killPostmaster(cluster: EmbeddedDatabase): Promise<number> {
  const state = readPostmaster(pgDirOf(cluster));
  expect(state).not.toBeNull();
  process.kill(state!.pid, 'SIGKILL');
  await eventually(() => !isAlive(state!.pid), 'the killed postmaster to be gone');
  return state!.pid;
}

function expectUnavailable(what: string, r: { status: number; headers: Record<string, string>; body: unknown }): void {
  expect({ what, status: r.status, type: r.headers['content-type'], retryAfter: r.headers['retry-after'] }).toEqual({
    what,
    status: 503,
    type: expect.stringMatching(/^application\/problem\+json/),
    retryAfter: '5',
  });
  expect(r.body).toMatchObject({ status: 503, code: 'DATABASE_UNAVAILABLE', title: 'Service Unavailable', detail: expect.stringMatching(/retry in 5 seconds/) });
}

const claim = {
  claimId: 'OUTAGE-1',
  billingNpi: '1648123457',
  medicaidId: '400112233',
  placeOfService: '11',
  lines: [{ lineId: '1', dateOfService: '2026-09-14', units: 4, renderingNpi: '1204784908', procedureCode: 'H0004' }],
};

describe('PostgreSQL killed and not restarted by bhcheck (an external server)', () => {
  it('every API call answers 503 problem+json with Retry-After; when the server is back the service works again by itself', async () => {
    const { t, cluster } = await appOnOwnPostgres({ restartOnExit: false });
    const http = () => t.http();
    expect((await http().get('/api/v1/providers').set(auth(ADMIN_KEY))).status).toBe(200); // the key is now cached

    await killPostmaster(cluster);

    // past the key check (cached): each handler's own queries and transactions
    const unknownId = '00000000-0000-4000-8000-000000000000';
    expectUnavailable('list providers', await http().get('/api/v1/providers').set(auth(ADMIN_KEY)));
    expectUnavailable('read a recipient', await http().get(`/api/v1/recipients/${unknownId}`).set(auth(ADMIN_KEY)));
    expectUnavailable('validate a claim', await http().post('/api/v1/claims/validate').set(auth(ADMIN_KEY)).send(claim));
    expectUnavailable('commit a claim', await http().post('/api/v1/claims').set(auth(ADMIN_KEY)).send(claim));
    const recipient = (medicaidId: string) => ({ medicaidId, name: 'Out Age', birthDate: '1980-01-01', providerIds: [t.demo!.ids.prairie] });
    expectUnavailable('register a recipient', await http().post('/api/v1/recipients').set(auth(ADMIN_KEY)).send(recipient('499999999')));

    // every route of the API, with a key not seen before (so the key check itself needs the database)
    const doc = buildOpenApi(t.app);
    let routes = 0;
    for (const [route, item] of Object.entries(doc.paths)) {
      if (!route.startsWith('/api/v1/')) continue;
      // a calendar feed's file is its secret + .ics (anything else is a 404 before any query)
      const url = route.replace('{file}', `${'x'.repeat(43)}.ics`).replace(/\{[^}]+\}/g, unknownId);
      for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
        if (!(item as Record<string, unknown>)[method]) continue;
        routes++;
        const key = `bhk_never_seen_${routes}_000000000000`;
        // signing in takes the key in its body (an empty one is a 400 before any query)
        const r = await http()[method](url).set(auth(key)).send(route === '/api/v1/session' && method === 'post' ? { apiKey: key } : {});
        expectUnavailable(`${method.toUpperCase()} ${route}`, r);
      }
    }
    expect(routes).toBeGreaterThan(20);
    expect((await http().get('/health')).status).toBe(503);

    // the server is back (on its port, as an external server would be); no restart of the service
    let back: EmbeddedDatabase | undefined;
    await eventually(async () => {
      // the killed postmaster's backends may hold its shared memory for a moment: try again
      back = await startEmbeddedPostgres(cluster.dataDir, () => undefined, { persistent: false, label: 'tests', port: cluster.port, restartOnExit: false }).catch(() => undefined);
      return back !== undefined;
    }, 'PostgreSQL to start again on its port');
    clusters.push(back!);
    await eventually(async () => (await http().get('/api/v1/providers').set(auth(ADMIN_KEY))).status === 200, 'the service to answer 200 again');
    const recorded = await http().post('/api/v1/recipients').set(auth(ADMIN_KEY)).send(recipient('499999999'));
    expect(recorded.status).toBe(201);
    expect((await http().get('/health')).status).toBe(200);
  });
});

describe('the embedded PostgreSQL killed', () => {
  it('is restarted by bhcheck on the same port; meanwhile nothing but 200 or 503, then the service works again by itself', async () => {
    const { t, cluster, log } = await appOnOwnPostgres({ restartOnExit: true });
    expect((await t.http().get('/api/v1/providers').set(auth(ADMIN_KEY))).status).toBe(200);

    const killed = await killPostmaster(cluster);
    const seen = new Map<number, number>();
    await eventually(async () => {
      const r = await t.http().get('/api/v1/staff?limit=1').set(auth(ADMIN_KEY));
      seen.set(r.status, (seen.get(r.status) ?? 0) + 1);
      if (r.status === 503) expectUnavailable('during the restart', r);
      else expect(r.status).toBe(200);
      return r.status === 200;
    }, 'the service to answer 200 again');
    expect([...seen.keys()].every((s) => s === 200 || s === 503)).toBe(true);

    const now = readPostmaster(pgDirOf(cluster));
    expect(now).toMatchObject({ port: cluster.port, ready: true });
    expect(now!.pid).not.toBe(killed);
    await eventually(() => log.includes('embedded PostgreSQL restarted'), 'the restart to be logged');
    expect(log.join('\n')).toMatch(new RegExp(`embedded PostgreSQL has stopped \\(pid ${killed}\\): restarting it on port ${cluster.port}`));
    // a write, too
    const r = await t.http().post('/api/v1/recipients').set(auth(ADMIN_KEY)).send({ medicaidId: '499999998', name: 'After Restart', birthDate: '1980-01-01', providerIds: [t.demo!.ids.prairie] });
    expect(r.status).toBe(201);
  });
});
