/**
 * The embedded PostgreSQL shared by real processes on one data directory (no DATABASE_URL):
 * - two `bhcheck validate` runs started at the same moment on a new data directory both succeed, and
 *   the last one out stops the PostgreSQL they started;
 * - a CLI run beside a service shares its database and says so on stderr; the service killed (SIGKILL)
 *   and started again adopts the PostgreSQL left running, and a SIGTERM then stops it;
 * - a data directory made when one superuser owned everything is upgraded in place: the roles split,
 *   every object handed to the owner role, nothing lost.
 * Every wait is a bounded poll.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { runMigrations } from '../../src/database/data-source-options';
import { freePort, initdb, isAlive, readPostmaster, startEmbeddedPostgres, startPostmaster, stopPostmaster } from '../../src/database/embedded-postgres';
import { startTestApp, tableCounts } from '../support/app';
import type { TestDatabase } from '../support/database';
import { bhcheck, eventually, killAllServices, killHard, ROOT, startService, terminate, type CliResult } from '../support/service-process';

// cold starts of the CLI and the service, initdb, on a busy 2-core machine
jest.setTimeout(400_000);

const DEMO_837 = path.join(ROOT, 'fixtures/x12/demo-bh.837');
const dirs: string[] = [];

function newDataDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bhcheck-shared-'));
  dirs.push(dir);
  return dir;
}
/** The settings of a process on the embedded database of `dir` (never a DATABASE_URL from outside). */
const embeddedIn = (dir: string) => ({ BHCHECK_DATA_DIR: dir, DATABASE_URL: '', DATABASE_OWNER_URL: '' });

const postmasterOf = (dir: string) => readPostmaster(path.join(dir, 'pg'));
const postmasterRunning = (dir: string) => {
  const state = postmasterOf(dir);
  return state !== null && isAlive(state.pid);
};
const registered = (dir: string) => (fs.existsSync(path.join(dir, 'bhcheck-processes')) ? fs.readdirSync(path.join(dir, 'bhcheck-processes')) : []);

beforeAll(async () => {
  // the first run may compile dist/ (a fresh clone): once, before the runs that race
  const version = await bhcheck(['--version'], {});
  expect(version.status).toBe(0);
});
afterAll(async () => {
  await killAllServices();
  for (const dir of dirs) {
    const state = postmasterOf(dir);
    if (state && isAlive(state.pid)) await stopPostmaster(state.pid);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

const expectDemoReport = (r: CliResult) => {
  expect({ status: r.status, couldNotRun: /could not run/.test(r.stderr) }).toEqual({ status: 1, couldNotRun: false });
  expect(r.stdout).toMatch(/3 claims: 1 pass, 2 fail; 6 lines: 4 pass, 2 fail/);
};

it('two validate runs started at the same moment on a new data directory both succeed; the last one out stops PostgreSQL', async () => {
  const dir = newDataDir();
  const [a, b] = await Promise.all([bhcheck(['validate', DEMO_837], embeddedIn(dir)), bhcheck(['validate', DEMO_837], embeddedIn(dir))]);
  expectDemoReport(a);
  expectDemoReport(b);
  expect(a.stdout).toBe(b.stdout);
  // each says which database it used: one created it, the other shared it (or, had the first finished, started it)
  const lines = [a, b].map((r) => r.stderr.split('\n').find((l) => l.startsWith('bhcheck: database: ')));
  for (const line of lines) expect(line).toMatch(new RegExp(`^bhcheck: database: embedded PostgreSQL in ${dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(`));
  expect(lines.some((l) => /\(new: created now\)/.test(l!))).toBe(true);
  expect(lines.some((l) => /\(shared with cli \(process \d+\)\)|\(started now\)/.test(l!))).toBe(true);
  // the demo was loaded once
  expect([a, b].filter((r) => /loaded the demo data/.test(r.stderr))).toHaveLength(1);

  await eventually(() => !postmasterRunning(dir), 'PostgreSQL to be stopped by the last run');
  expect(registered(dir)).toEqual([]);
});

it('a CLI run beside a service shares its database; the service killed and started again adopts it, and SIGTERM then stops it', async () => {
  const dir = newDataDir();
  const first = await startService(embeddedIn(dir));
  expect(first.output()).toMatch(/database: embedded PostgreSQL in .* \(new: created now\)/);
  const postmaster = postmasterOf(dir)!.pid;

  const cli = await bhcheck(['validate', DEMO_837, '--quiet'], embeddedIn(dir));
  expect(cli.status).toBe(1);
  expect(cli.stderr).toBe(`bhcheck: database: embedded PostgreSQL in ${dir} (shared with service (process ${first.child.pid}))\n`);
  // the CLI left the service's database running
  expect(postmasterOf(dir)!.pid).toBe(postmaster);
  expect(isAlive(postmaster)).toBe(true);
  expect((await fetch(`http://127.0.0.1:${first.port}/health`)).status).toBe(200);

  // a crash: the postmaster outlives the service
  await killHard(first);
  expect(isAlive(postmaster)).toBe(true);

  const second = await startService(embeddedIn(dir));
  expect(second.output()).toMatch(new RegExp(`left running by a process that is gone \\(pid ${postmaster}\\): adopting it`));
  expect(postmasterOf(dir)!.pid).toBe(postmaster);
  expect(await terminate(second)).toBe(0);
  await eventually(() => !isAlive(postmaster), 'the adopted PostgreSQL to be stopped with the service');
  expect(postmasterOf(dir)).toBeNull();
  expect(registered(dir)).toEqual([]);
});

describe('a data directory made when one superuser owned everything', () => {
  const superuser = { user: 'bhcheck', password: 'legacy-password-0123456789' };
  let dir: string;
  let before: Record<string, number>;
  let auditBefore: unknown[];

  /** As earlier versions made it: initdb with the superuser bhcheck, which created the database, migrated it and loaded the demo. */
  async function makeLegacyDataDir(): Promise<void> {
    dir = newDataDir();
    const pgDir = path.join(dir, 'pg');
    fs.writeFileSync(path.join(dir, 'bhcheck-db.json'), JSON.stringify({ ...superuser, database: 'bhcheck' }), { mode: 0o600 });
    await initdb(dir, pgDir, superuser);
    const port = await freePort();
    const pid = await startPostmaster(pgDir, port, path.join(dir, 'postgres.log'));
    try {
      const url = (database: string) => `postgresql://${superuser.user}:${superuser.password}@127.0.0.1:${port}/${database}`;
      const admin = new Client({ connectionString: url('postgres') });
      await admin.connect();
      await admin.query('CREATE DATABASE bhcheck');
      await admin.end();
      await runMigrations(url('bhcheck'));
      const asSuperuser: TestDatabase = { url: url('bhcheck'), ownerUrl: url('bhcheck'), name: 'bhcheck', roles: { owner: superuser, runtime: superuser }, drop: async () => undefined };
      const t = await startTestApp({ database: asSuperuser, demo: true });
      before = await tableCounts(t.ds);
      auditBefore = await t.ds.query('SELECT * FROM audit_log ORDER BY id');
      await t.close();
    } finally {
      await stopPostmaster(pid);
    }
  }

  beforeAll(makeLegacyDataDir);

  it('is upgraded in place by the first run: two roles, the owner owns everything, nothing is lost', async () => {
    expect(before.providers).toBeGreaterThan(0);
    const run = await bhcheck(['validate', DEMO_837], embeddedIn(dir));
    expectDemoReport(run);
    expect(run.stderr).toMatch(/upgrading .*bhcheck-db\.json: the service will work as the role bhcheck_app; bhcheck_owner owns the schema/);
    expect(run.stderr).toMatch(/handed \d+ database objects to the owner role bhcheck_owner/);
    expect(run.stderr).not.toMatch(/loaded the demo data/);
    expect(postmasterRunning(dir)).toBe(false);

    const settingsFile = path.join(dir, 'bhcheck-db.json');
    expect(fs.statSync(settingsFile).mode & 0o777).toBe(0o600);
    const settings = JSON.parse(fs.readFileSync(settingsFile, 'utf8'));
    expect(settings).toEqual({
      database: 'bhcheck',
      superuser,
      owner: { user: 'bhcheck_owner', password: expect.stringMatching(/^[\w-]{20,}$/) },
      runtime: { user: 'bhcheck_app', password: expect.stringMatching(/^[\w-]{20,}$/) },
    });

    // look inside, as the superuser
    const db = await startEmbeddedPostgres(dir, () => undefined, { label: 'tests' });
    try {
      const admin = new Client({ connectionString: db.superuserUrl('bhcheck') });
      await admin.connect();
      try {
        // (the objects of an extension, pgcrypto's functions, stay with the extension)
        const notExtension = (catalog: string) => `NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '${catalog}'::regclass AND d.objid = o.oid AND d.deptype = 'e')`;
        const owners = await admin.query(
          `SELECT DISTINCT pg_get_userbyid(relowner) AS owner FROM pg_class o WHERE relnamespace = 'public'::regnamespace AND ${notExtension('pg_class')}
           UNION SELECT DISTINCT pg_get_userbyid(proowner) FROM pg_proc o WHERE pronamespace = 'public'::regnamespace AND ${notExtension('pg_proc')}
           UNION SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = 'bhcheck'`,
        );
        expect(owners.rows).toEqual([{ owner: 'bhcheck_owner' }]);
        expect((await admin.query(`SELECT count(*)::int AS n FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'`)).rows[0].n).toBeGreaterThan(10);
        const roles = await admin.query(`SELECT rolname, rolsuper, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname LIKE 'bhcheck%' ORDER BY 1`);
        expect(roles.rows).toEqual([
          { rolname: 'bhcheck', rolsuper: true, rolcreatedb: true, rolcreaterole: true },
          { rolname: 'bhcheck_app', rolsuper: false, rolcreatedb: false, rolcreaterole: false },
          { rolname: 'bhcheck_owner', rolsuper: false, rolcreatedb: false, rolcreaterole: false },
        ]);
        expect(await admin.query('SELECT * FROM audit_log ORDER BY id').then((r) => r.rows)).toEqual(auditBefore);
      } finally {
        await admin.end();
      }
      const runtime = new Client({ connectionString: db.runtimeUrl });
      await runtime.connect();
      try {
        const counts: Record<string, number> = {};
        for (const table of Object.keys(before)) counts[table] = (await runtime.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n;
        expect(counts).toEqual(before);
        await expect(runtime.query(`DELETE FROM audit_log`)).rejects.toMatchObject({ code: '42501' });
      } finally {
        await runtime.end();
      }
    } finally {
      await db.stop();
    }

    // the next run finds nothing to upgrade
    const again = await bhcheck(['validate', DEMO_837, '--quiet'], embeddedIn(dir));
    expect(again.status).toBe(1);
    expect(again.stderr).toBe(`bhcheck: database: embedded PostgreSQL in ${dir} (started now)\n`);
  });
});
