/**
 * Single-claim validation over HTTP: the real application on a throwaway embedded PostgreSQL with the
 * demo data, loaded by autocannon from a process of its own (bench/support/load-client.js).
 *
 * 1. GET /health (pings the database) and POST /api/v1/claims/validate with the 7-line demo claim
 *    (PR-0914-A of fixtures/demo/claims.json), at 1 and at 10 connections: requests/s, p50, p99.
 *    Goal (issue 14): 1,000 claims/s at 10 connections with p99 under 20 ms, or at least half the
 *    /health rate of the same run.
 * 2. The same small validation at 1 connection while one 20,000-line validation runs: the slowest
 *    small request that overlapped the large one (goal: never stalled more than 100 ms).
 *
 * Run: npx ts-node --transpile-only bench/claims-validate.bench.ts [seconds per run, default 10] [--profile]
 * --profile writes claims-validate.cpuprofile (open it in Chrome DevTools or VS Code): the service's
 * CPU during the validation run at 10 connections only (the load client is another process).
 */
process.env.TZ = 'UTC';

import { fork } from 'node:child_process';
import { Session } from 'node:inspector/promises';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { addDays } from '../src/rules/dates';
import { percentile, runBench } from './support/run';
import { startBenchService } from './support/service';

const SECONDS = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 10);
const PROFILE = process.argv.includes('--profile');
const BIG_LINES = 20_000;
const BILLING = 'bhk_demo_billing_prairie_9KdF3sQ6';
const ROOT = path.resolve(__dirname, '..');

interface DemoClaim {
  claimId: string;
  lines: { lineId: string; dateOfService: string }[];
  [k: string]: unknown;
}
const DEMO_CLAIM: DemoClaim = JSON.parse(fs.readFileSync(path.join(ROOT, 'fixtures', 'demo', 'claims.json'), 'utf8')).claims[0];

interface Summary {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; max: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
interface Job {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  connections: number;
  duration: number;
  track?: boolean;
}
interface Load {
  done: Promise<{ result: Summary; track: [number, number, number][] }>;
  stop: () => void;
}

/** Runs one autocannon job in a process of its own. */
function load(job: Job): Load {
  const client = fork(path.join(__dirname, 'support', 'load-client.js'), [], { execArgv: [] });
  const done = new Promise<{ result: Summary; track: [number, number, number][] }>((resolve, reject) => {
    client.once('message', (m: { error?: string; result: Summary; track: [number, number, number][] }) => (m.error ? reject(new Error(m.error)) : resolve(m)));
    client.once('error', reject);
    client.once('exit', (code) => reject(new Error(`the load client exited (${code})`)));
  });
  client.send(job);
  return { done, stop: () => client.send('stop') };
}

const now = () => performance.timeOrigin + performance.now();

/** Starts profiling this process; the function returned stops and writes claims-validate.cpuprofile. */
async function startProfile(): Promise<() => Promise<string>> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async () => {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    const file = path.resolve('claims-validate.cpuprofile');
    fs.writeFileSync(file, JSON.stringify(profile));
    return file;
  };
}

/** A validation of `lines` lines: the demo claim's lines again and again, on other claims and days. */
function bigBody(lines: number): string {
  const claims: DemoClaim[] = [];
  for (let i = 0, n = 0; n < lines; i++) {
    const take = DEMO_CLAIM.lines.slice(0, Math.min(DEMO_CLAIM.lines.length, lines - n));
    claims.push({ ...DEMO_CLAIM, claimId: `BIG-${i}`, lines: take.map((l) => ({ ...l, dateOfService: addDays(l.dateOfService, (i % 40) - 10) })) });
    n += take.length;
  }
  return JSON.stringify({ claims });
}

async function main(): Promise<void> {
  const service = await startBenchService();
  try {
    const base = `http://127.0.0.1:${service.port}`;
    const headers = { Authorization: `Bearer ${BILLING}`, 'Content-Type': 'application/json' };
    const small = JSON.stringify(DEMO_CLAIM);

    const check = await fetch(`${base}/api/v1/claims/validate`, { method: 'POST', headers, body: small });
    const report = (await check.json()) as { claims: { lines: { status: string }[] }[] };
    if (check.status !== 200) throw new Error(`POST /claims/validate: ${check.status} ${JSON.stringify(report)}`);
    console.log(`${os.cpus().length} CPUs, Node ${process.version}, load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    console.log(`the demo claim ${DEMO_CLAIM.claimId}: ${report.claims[0].lines.map((l) => l.status).join(' ')}`);

    await load({ url: `${base}/api/v1/claims/validate`, method: 'POST', headers, body: small, connections: 10, duration: 3 }).done; // warm-up
    const rates: Record<string, number> = {};
    for (const connections of [1, 10]) {
      for (const [label, job] of [
        ['GET /health', { url: `${base}/health` }],
        ['POST /claims/validate', { url: `${base}/api/v1/claims/validate`, method: 'POST', headers, body: small }],
      ] as const) {
        const profiler = PROFILE && connections === 10 && label.startsWith('POST') ? await startProfile() : null;
        const { result: r } = await load({ ...job, connections, duration: SECONDS }).done;
        if (profiler) console.log(`(CPU profile of this run: ${await profiler()})`);
        rates[`${label}|${connections}`] = r.requests.average;
        const bad = r.non2xx + r.errors + r.timeouts;
        console.log(
          `${label.padEnd(22)} ${String(connections).padStart(2)} conn: ${r.requests.average.toFixed(0).padStart(5)} req/s, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, max ${r.latency.max} ms${bad ? `, ${bad} not 2xx/errors` : ''}`,
        );
      }
    }
    const ratio = rates['POST /claims/validate|10'] / rates['GET /health|10'];
    console.log(`validate / health at 10 connections: ${(ratio * 100).toFixed(0)}% (goal: 1,000/s with p99 < 20 ms, or 50%)`);

    // 2. small requests while a large one runs
    const big = bigBody(BIG_LINES);
    const smalls = load({ url: `${base}/api/v1/claims/validate`, method: 'POST', headers, body: small, connections: 1, duration: 600, track: true });
    await new Promise((r) => setTimeout(r, 1_000));
    const loopDelay = monitorEventLoopDelay({ resolution: 5 });
    loopDelay.enable();
    const bigFrom = now();
    const bigReply = await fetch(`${base}/api/v1/claims/validate`, { method: 'POST', headers, body: big });
    const replyBytes = (await bigReply.arrayBuffer()).byteLength;
    const bigTo = now();
    loopDelay.disable();
    await new Promise((r) => setTimeout(r, 500));
    smalls.stop();
    const { track } = await smalls.done;
    // the small requests whose time overlapped the large one's
    const during = track.filter(([finishedAt, ms]) => finishedAt >= bigFrom && finishedAt - ms <= bigTo).map(([, ms]) => ms);
    const before = track.filter(([finishedAt]) => finishedAt < bigFrom).map(([, ms]) => ms);
    during.sort((a, b) => a - b);
    console.log(`\none ${BIG_LINES}-line validation (${(big.length / 1e6).toFixed(1)} MB, status ${bigReply.status}, report ${(replyBytes / 1e6).toFixed(1)} MB): ${((bigTo - bigFrom) / 1000).toFixed(2)} s`);
    console.log(`  the service's event loop meanwhile: longest delay ${(loopDelay.max / 1e6).toFixed(0)} ms, p99 ${(loopDelay.percentile(99) / 1e6).toFixed(0)} ms`);
    console.log(`  meanwhile ${during.length} small validations at 1 connection: p50 ${percentile(during, 50).toFixed(0)} ms, p99 ${percentile(during, 99).toFixed(0)} ms, max ${percentile(during, 100).toFixed(0)} ms (goal: max under 100 ms; before it: max ${Math.max(...before).toFixed(0)} ms)`);
    console.log(`load average after the runs: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  } finally {
    await service.stop();
  }
}

runBench(main);
