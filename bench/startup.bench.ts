/**
 * Start-up: the time from `npm start` to the first healthy `GET /health` (200), as a user sees it.
 *
 *   npx ts-node --transpile-only bench/startup.bench.ts [--warm N (default 3)] [--keep]
 *
 * Works on a scratch copy of the project (sources, config, fixtures; node_modules linked), so the
 * checkout's own dist/ and .data/ are never touched:
 * 1. first start: nothing built, no database: builds dist/ once, initialises the embedded PostgreSQL,
 *    runs the migrations and loads the demo data;
 * 2. warm starts (N): built, existing data: the goal is under 5 s.
 * Each start runs as its own process group and is stopped with SIGTERM (which stops its PostgreSQL)
 * before the next. Besides the wall time it prints the CPU time the group used until /health answered
 * (Linux /proc; npm, the build, node, PostgreSQL): on a busy machine the wall time grows with the load,
 * the CPU time much less, and on an idle one the wall time is close to it. Removes the scratch copy
 * unless --keep.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { freePort } from '../src/database/embedded-postgres';

const ROOT = path.resolve(__dirname, '..');
const COPIED = ['bin', 'config', 'fixtures', 'migrations', 'scripts', 'src', 'package.json', 'tsconfig.json', 'tsconfig.build.json'];
const LIMIT_MS = 180_000;

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

function healthy(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/health', timeout: 1_000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
  });
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

let running: number | null = null;

/** CPU seconds used by the processes of a group so far, with their waited-for children (Linux only). */
function groupCpuSeconds(pgid: number): number | null {
  if (!fs.existsSync('/proc/self/stat')) return null;
  let ticks = 0;
  for (const pid of fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      // after the command name (which may hold spaces): state ppid pgrp ... utime(14) stime cutime cstime
      const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
      if (Number(fields[2]) === pgid) ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    } catch {
      // gone meanwhile
    }
  }
  return ticks / 100; // USER_HZ
}

interface Start {
  ms: number;
  cpu: number | null;
}

/** `npm start` in dir until /health answers 200; then SIGTERM and wait for the whole group to exit. */
async function timedStart(dir: string, label: string): Promise<Start> {
  const port = await freePort();
  const log = fs.openSync(path.join(dir, `${label.replace(/\W+/g, '-')}.log`), 'w');
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', BHCHECK_DATA_DIR: path.join(dir, 'data'), TZ: 'UTC' };
  delete env.DATABASE_URL;
  delete env.NODE_OPTIONS;
  const t0 = process.hrtime.bigint();
  const child = spawn('npm', ['start'], { cwd: dir, env, stdio: ['ignore', log, log], detached: true });
  running = child.pid!;
  let exited = false;
  child.once('exit', () => (exited = true));
  let ms = 0;
  let cpu: number | null = null;
  while (!exited) {
    if (await healthy(port)) {
      ms = Number(process.hrtime.bigint() - t0) / 1e6;
      cpu = groupCpuSeconds(child.pid!);
      break;
    }
    if (Number(process.hrtime.bigint() - t0) / 1e6 > LIMIT_MS) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  if (groupAlive(child.pid!)) process.kill(-child.pid!, 'SIGTERM');
  const until = Date.now() + 30_000;
  while (groupAlive(child.pid!) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  if (groupAlive(child.pid!)) process.kill(-child.pid!, 'SIGKILL');
  if (!exited) await once(child, 'exit');
  running = null;
  fs.closeSync(log);
  if (!ms) throw new Error(`${label}: /health never answered 200 (see ${path.join(dir, `${label.replace(/\W+/g, '-')}.log`)})`);
  return { ms, cpu };
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const cpuNote = (cpu: number | null) => (cpu === null ? '' : `, ${cpu.toFixed(1)} s of CPU`);

async function main(): Promise<void> {
  const warmRuns = option('--warm', 3);
  const keep = process.argv.includes('--keep');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bhcheck-startup-'));
  for (const entry of COPIED) fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const cores = os.cpus().length;
  console.log(`node ${process.version}, ${cores} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  try {
    const first = await timedStart(dir, 'first start');
    console.log(`first start (build dist/, new database, demo data): ${seconds(first.ms)} to a healthy /health${cpuNote(first.cpu)}`);
    const warm: Start[] = [];
    for (let i = 0; i < warmRuns; i++) warm.push(await timedStart(dir, `warm start ${i + 1}`));
    const sorted = [...warm].sort((a, b) => a.ms - b.ms);
    const median = sorted[Math.floor(sorted.length / 2)];
    console.log(`warm start (built, existing data), ${warmRuns} runs: best ${seconds(sorted[0].ms)}${cpuNote(sorted[0].cpu)}; median ${seconds(median.ms)}${cpuNote(median.cpu)} (goal: under 5 s)`);
    console.log(`load average after: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  } finally {
    if (keep) console.log(`kept ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

process.once('SIGINT', () => {
  if (running && groupAlive(running)) process.kill(-running, 'SIGTERM');
  process.exit(130);
});

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
