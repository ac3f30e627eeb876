/**
 * First page interactive, in Chromium, on the demo data (goal: under 2 s). The real service over
 * loopback on a throwaway embedded PostgreSQL, the pages as `npm run build:web` builds them, Debian's
 * Chromium (BHCHECK_CHROMIUM, default /usr/bin/chromium) driven by playwright-core.
 *
 * "Interactive" is measured in the page (performance.now(), from the start of navigation) at the
 * moment the page's heading and its first control are on screen with their data: the sign-in form;
 * Claims check with its file input; Staff credentials with the roster; Program approvals with the
 * deadline board. Each page is loaded cold (a new browser profile: nothing cached) and warm (reload).
 * Prints the median and the slowest of the runs; asserts nothing.
 * Run: npx ts-node --transpile-only bench/web-first-page.bench.ts [runs, default 7]
 */
process.env.TZ = 'UTC';

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium, type Page } from 'playwright-core';
import { createApp } from '../src/bootstrap';
import { loadConfig } from '../src/config/config';
import { runMigrations } from '../src/database/data-source-options';
import { freePort, startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { loadDemoIfNew } from '../src/demo/demo-loader';

const RUNS = Number(process.argv[2] ?? 7);
const ROOT = path.resolve(__dirname, '..');
const CHROMIUM = process.env.BHCHECK_CHROMIUM || '/usr/bin/chromium';

interface Target {
  name: string;
  path: string;
  key: string | null;
  ready: (page: Page) => Promise<unknown>;
}

const TARGETS: Target[] = [
  { name: 'Sign-in', path: '/', key: null, ready: (p) => p.getByLabel('API key').waitFor() },
  { name: 'Claims check', path: '/claims', key: 'bhk_demo_billing_prairie_9KdF3sQ6', ready: (p) => p.getByLabel('Claim file').waitFor() },
  { name: 'Staff credentials', path: '/staff', key: 'bhk_demo_director_prairie_6PzM1cV3', ready: (p) => p.locator('table tbody tr').first().waitFor() },
  { name: 'Program approvals', path: '/approvals', key: 'bhk_demo_reviewer_4GbR7kX2', ready: (p) => p.locator('.board .deadline').first().waitFor() },
];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install chromium, or set BHCHECK_CHROMIUM)`);
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-web.js')], { stdio: 'inherit' });
  const assets = path.join(ROOT, 'web', 'dist', 'assets');
  const bytes = fs.readdirSync(assets).reduce((n, f) => n + fs.statSync(path.join(assets, f)).size, 0);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bhcheck-web-bench-'));
  const db = await startEmbeddedPostgres(dir, () => undefined, { persistent: false });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  let app: Awaited<ReturnType<typeof createApp>> | undefined;
  try {
    await runMigrations(db.ownerUrl, { runtimeRole: db.runtime.user });
    const config = loadConfig({ TZ: 'UTC', LOG_LEVEL: 'silent', DATABASE_URL: db.runtimeUrl, BHCHECK_DATA_DIR: dir, BHCHECK_RATE_LIMIT: '0' });
    app = await createApp(config, db.runtimeUrl);
    await loadDemoIfNew(app);
    const port = await freePort();
    await app.listen(port, '127.0.0.1');
    const base = `http://127.0.0.1:${port}`;
    console.log(`pages: ${(bytes / 1024).toFixed(0)} KiB of scripts and styles (uncompressed); ${RUNS} runs each; ${os.cpus().length} CPUs, load average ${os.loadavg()[0].toFixed(1)}`);
    console.log('page                 cold median  cold max   warm median  warm max');
    for (const target of TARGETS) {
      const cold: number[] = [];
      const warm: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const context = await browser.newContext({ baseURL: base });
        if (target.key) {
          // sign in through the API, as the sign-in page would: the session cookie, then the page
          const res = await context.request.post('/api/v1/session', { data: { apiKey: target.key } });
          if (!res.ok()) throw new Error(`sign-in failed: ${res.status()}`);
        }
        const page = await context.newPage();
        const started = performance.now();
        await page.goto(target.path);
        await target.ready(page);
        cold.push((await page.evaluate('performance.now()')) as number);
        await page.reload();
        await target.ready(page);
        warm.push((await page.evaluate('performance.now()')) as number);
        if (performance.now() - started > 60_000) throw new Error(`${target.name} took over a minute`);
        await context.close();
      }
      const f = (ms: number) => `${ms.toFixed(0).padStart(6)} ms`;
      console.log(`${target.name.padEnd(20)} ${f(median(cold))}  ${f(Math.max(...cold))}  ${f(median(warm))}  ${f(Math.max(...warm))}`);
    }
    console.log('goal: first page interactive under 2,000 ms');
  } finally {
    await browser.close().catch(() => undefined);
    await app?.close().catch(() => undefined);
    await db.stop().catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
