/**
 * bhcheck as several service processes on one PostgreSQL (README "Several processes on one
 * PostgreSQL"): two real services started at the same moment on an empty database (DATABASE_URL the
 * runtime role, DATABASE_OWNER_URL the owner) migrate it once; 50 commits for one recipient at the TCM
 * cap boundary, sent across both, record exactly the claims that fit. The cap lock is PostgreSQL's,
 * so it holds between processes as it does within one.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { runMigrations } from '../../src/database/data-source-options';
import { ADMIN_KEY, auth, startTestApp } from '../support/app';
import { augustPlus, BILLING_PRAIRIE, prairieClaim, R_ADULT_MEDICAID_ID, TCM_CAP, tcmLine, type ClaimBody } from '../support/claim-body';
import { freshDatabase, type TestDatabase } from '../support/database';
import { killAllServices, ROOT, startService, terminate, type Service } from '../support/service-process';

// two cold ts-node starts at once on a busy 2-core machine
jest.setTimeout(300_000);

const CONCURRENT = 50;
const FIT = 10; // 60-minute claims that fit in the last 600 minutes

let db: TestDatabase;
let owner: Client;
let services: Service[] = [];

beforeAll(async () => {
  db = await freshDatabase({ migrated: false });
  owner = new Client({ connectionString: db.ownerUrl });
  await owner.connect();
});
afterAll(async () => {
  await killAllServices();
  await owner?.end();
  await db?.drop();
});

const call = (svc: Service, method: string, url: string, key: string, body?: unknown) =>
  fetch(`http://127.0.0.1:${svc.port}${url}`, {
    method,
    headers: { 'Content-Type': 'application/json', ...auth(key) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

it('two services started together on an empty database migrate it once, then both serve it', async () => {
  expect((await owner.query(`SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = 'public'`)).rows[0].n).toBe(0);
  const env = { DATABASE_URL: db.url, DATABASE_OWNER_URL: db.ownerUrl };
  services = await Promise.all([startService(env), startService(env)]);

  const migrationFiles = fs.readdirSync(path.join(ROOT, 'migrations')).filter((f) => /^\d+-\w+\.ts$/.test(f));
  const { rows } = await owner.query(`SELECT name, count(*)::int AS times FROM migrations GROUP BY name ORDER BY name`);
  expect(rows).toHaveLength(migrationFiles.length);
  for (const row of rows) expect(row).toMatchObject({ times: 1 });
  // one process ran them; the other waited on the lock and found nothing to do
  const applied = services.map((s) => /migrations applied/.test(s.output()));
  expect(applied.filter(Boolean)).toHaveLength(1);
  for (const svc of services) expect(svc.output()).toMatch(/database: PostgreSQL bhcheck\w*@127\.0\.0\.1:\d+\/t_\w+/);

  for (const svc of services) expect((await call(svc, 'GET', '/api/v1/providers', ADMIN_KEY)).status).toBe(200);
});

it('the start-up migrations of four processes at the same instant run each migration once (an advisory lock)', async () => {
  // the step each start runs, four times at once (process starts are seconds apart; this is the race)
  const empty = await freshDatabase({ migrated: false });
  try {
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => runMigrations(empty.ownerUrl, { runtimeRole: empty.roles.runtime.user })));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    const ran = results.map((r) => (r as PromiseFulfilledResult<string[]>).value);
    expect(ran.filter((names) => names.length > 0)).toHaveLength(1);
    const check = new Client({ connectionString: empty.ownerUrl });
    await check.connect();
    try {
      const { rows } = await check.query(`SELECT count(*)::int AS n, count(DISTINCT name)::int AS distinct FROM migrations`);
      expect(rows[0]).toEqual({ n: ran.flat().length, distinct: ran.flat().length });
    } finally {
      await check.end();
    }
  } finally {
    await empty.drop();
  }
});

it('50 commits at the TCM cap boundary across both processes: exactly the claims that fit are recorded', async () => {
  // the demo registry, written by an in-process app on the same database (the services keep running)
  const loader = await startTestApp({ demo: true, database: db });
  const recipientId = loader.demo!.ids.r_adult;
  await loader.close();
  const [a, b] = services;
  const usage = await call(a, 'POST', `/api/v1/recipients/${recipientId}/usage`, BILLING_PRAIRIE, {
    dateOfService: '2026-08-03',
    service: 'MENTAL_HEALTH_CASE_MANAGEMENT',
    minutes: TCM_CAP - FIT * 60,
    externalReference: 'OTHER-PROVIDER-2026-08',
  });
  expect(usage.status).toBe(201);

  const bodies: ClaimBody[] = Array.from({ length: CONCURRENT }, (_, i) => prairieClaim(`TWO-PROC-${i}`, R_ADULT_MEDICAID_ID, [tcmLine('1', augustPlus(i), 4)]));
  const responses = await Promise.all(bodies.map((body, i) => call(i % 2 ? b : a, 'POST', '/api/v1/claims', BILLING_PRAIRIE, body)));
  const outcomes = await Promise.all(
    responses.map(async (r, i) => {
      expect({ claim: i, status: r.status }).toEqual({ claim: i, status: 200 });
      const claim = ((await r.json()) as { claims: { claimId: string; recorded: boolean; lines: { findings: { code: string; severity: string }[] }[] }[] }).claims[0];
      return { claimId: claim.claimId, recorded: claim.recorded, via: i % 2 ? 'b' : 'a', errors: claim.lines.flatMap((l) => l.findings.filter((f) => f.severity === 'error').map((f) => f.code)) };
    }),
  );
  const recorded = outcomes.filter((o) => o.recorded);
  expect(recorded).toHaveLength(FIT);
  for (const o of outcomes.filter((x) => !x.recorded)) expect(o.errors).toEqual(['TCM_CAP_EXCEEDED']);
  // both processes took part in the race (each was sent 25 claims)
  expect(new Set(outcomes.map((o) => o.via))).toEqual(new Set(['a', 'b']));

  const [ledger] = (
    await owner.query(`SELECT coalesce(sum(minutes), 0)::int AS minutes FROM cap_ledger_entries WHERE recipient_id = $1 AND sfy = 'SFY2027' AND category = 'TCM' AND released_at IS NULL`, [
      recipientId,
    ])
  ).rows;
  expect(ledger.minutes).toBe(TCM_CAP);
  const rows = (await owner.query(`SELECT claim_id FROM claim_records WHERE claim_id LIKE 'TWO-PROC-%' ORDER BY claim_id`)).rows.map((r) => r.claim_id);
  expect(rows).toEqual(recorded.map((o) => o.claimId).sort());
  // either process answers the same totals
  for (const svc of services) {
    const caps = (await (await call(svc, 'GET', `/api/v1/recipients/${recipientId}/caps?sfy=SFY2027`, BILLING_PRAIRIE)).json()) as { tcm: { usedMinutes: number; remainingMinutes: number } };
    expect(caps.tcm).toMatchObject({ usedMinutes: TCM_CAP, remainingMinutes: 0 });
  }
});

it('SIGTERM stops each service cleanly, and the database stays', async () => {
  for (const svc of services) expect(await terminate(svc)).toBe(0);
  expect((await owner.query(`SELECT count(*)::int AS n FROM claim_records WHERE claim_id LIKE 'TWO-PROC-%'`)).rows[0].n).toBe(FIT);
});
