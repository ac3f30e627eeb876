/**
 * What `npm start` prints: on a database holding the demo, the demo keys still active and then the
 * listening line come last, once it listens; Nest's start-up lines (modules, every mapped route) are
 * debug, so at the default level they do not bury them. The real service runs as a child process.
 * No timing assertions: the wait for /health is a bounded poll.
 */
import { spawn } from 'node:child_process';
import * as http from 'node:http';
import * as path from 'node:path';
import { freePort } from '../../src/database/embedded-postgres';
import { ADMIN_KEY, startTestApp, type TestApp } from '../support/app';

// a cold ts-node start of the service on a busy 2-core machine
jest.setTimeout(180_000);

const ROOT = path.resolve(__dirname, '..', '..');
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ demo: true });
});
afterAll(async () => t?.close());

const healthy = (port: number) =>
  new Promise<boolean>((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/health', timeout: 2_000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
  });

/** Starts the service on the test database until /health answers; returns what it wrote, then stops it. */
async function startService(): Promise<{ stdout: string; stderr: string }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: t.db.url, PORT: String(port), HOST: '127.0.0.1', BHCHECK_ADMIN_KEY: ADMIN_KEY, LOG_LEVEL: 'info', TZ: 'UTC' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    const until = Date.now() + 150_000;
    while (!(await healthy(port))) {
      if (child.exitCode !== null || Date.now() > until) throw new Error(`the service did not answer /health:\n${stderr}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    // the listening line is written right after listen(); give the pipe a moment to deliver it
    const wait = Date.now() + 10_000;
    while (!/listening on/.test(stderr) && Date.now() < wait) await new Promise((r) => setTimeout(r, 50));
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
  return { stdout, stderr };
}

it('lists the active demo keys and then where it listens, last; Nest start-up lines are not at info level', async () => {
  await t.ds.query(`UPDATE api_keys SET revoked_at = now() WHERE name = 'HFS program approval reviewer'`);

  const { stdout, stderr } = await startService();
  const said = stderr
    .split('\n')
    .filter((l) => l.startsWith('[bhcheck]'))
    .map((l) => l.replace(/^\[bhcheck\] /, ''));
  const keysAt = said.indexOf('demo API keys (use as "Authorization: Bearer <key>"):');
  expect(keysAt).toBeGreaterThanOrEqual(0);
  expect(said.slice(keysAt + 1, keysAt + 5)).toEqual([
    expect.stringMatching(/^ {2}ADMIN +bhk_demo_admin_5JxQ2mT8vR4pL7nW +\(demo administrator\)$/),
    expect.stringMatching(/^ {2}BILLING +bhk_demo_billing_prairie_9KdF3sQ6 /),
    expect.stringMatching(/^ {2}BILLING +bhk_demo_billing_lakeside_2HtY8wN4 /),
    expect.stringMatching(/^ {2}CLINICAL_DIRECTOR +bhk_demo_director_prairie_6PzM1cV3 /),
  ]);
  // the revoked reviewer key is not offered; the listening line closes the start-up
  expect(said.slice(keysAt + 5)).toEqual([expect.stringMatching(/^listening on http:\/\/localhost:\d+ {2}\(web pages \/, API \/api\/v1, docs \/docs, health \/health\)$/), 'SIGTERM: shutting down']);
  expect(stderr).not.toContain('bhk_demo_reviewer_4GbR7kX2');

  const logLines = stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { level: number; context?: string; msg: string });
  expect(logLines.filter((l) => l.level >= 30 && ['NestFactory', 'NestApplication', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer'].includes(l.context ?? ''))).toEqual([]);
});
