/**
 * `bhcheck validate` end to end on large 837P files: MB/s and peak resident memory of the CLI process,
 * then where the time goes.
 *
 *   npx ts-node --transpile-only bench/x12-cli.bench.ts [--sizes 10,25,50] [--tokenizer x12-parser|fast|both]
 *        [--runs N] [--no-profile] [--keep (the temp dir: files and database)]
 *
 * 1. Generates 837P files of about each size (MB = 2^20 bytes, as in x12-parse.bench.ts) in a temp dir:
 *    behavioural-health claims against the demo registry (fixtures/demo/registry.json): Prairie CMHC and
 *    a little Lakeside BHC billing, the demo staff rendering, codes of config/procedure-codes.json, dates
 *    of service in Aug-Nov 2026, for about 5,300 recipients: each of the six demo recipients cloned with
 *    their records (CLONES), since a large file bills many people and six would bill each session dozens
 *    of times (DUPLICATE_LINE). Most lines pass; some fail for real reasons (plan not yet approved,
 *    service not in plan, supervision or designation missing, the 240-hour case-management cap reached,
 *    an expired assessment, a recipient without assessment, a session billed twice).
 * 2. With a throwaway BHCHECK_DATA_DIR (never the user's .data/; DATABASE_URL is unset for the children),
 *    runs the CLI once on a tiny file to create and load the demo database, adds the clones (not timed),
 *    once more on the
 *    tiny file (timed: the fixed cost of starting Nest and PostgreSQL), then per size and tokeniser
 *    `node bin/bhcheck.js validate FILE --quiet --format csv --envelope strict > /dev/null` under
 *    /usr/bin/time -v (peak RSS = "Maximum resident set size"; without it /proc/PID/status VmHWM is
 *    polled). The PostgreSQL server is a separate process and is not in the RSS figure.
 * 3. Breakdown on the largest file, per tokeniser, in a child process using the same dist/ code as the
 *    CLI: reading the file, parse837 alone, X12IntakeService.check() with ClaimContextLoader.load and
 *    each batch's ClaimCheckSession.check timed, the csv formatting and spool writes, the output pass (spool -> stdout); then a V8 CPU
 *    profile (node --cpu-prof) of the CLI on that file, by module and top functions (self time).
 * 4. Removes the temp dir; Ctrl-C stops the running child (and its PostgreSQL) first.
 */
process.env.TZ = 'UTC';

import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PerformanceObserver } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import { mulberry32 } from './support/prng';
import { runBench } from './support/run';
import { formatSegment, write837Segments, type Write837Claim, type Write837Line, type Write837Provider, type Write837Subscriber } from '../src/x12/write837';

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'bhcheck.js');
const DIST = path.join(ROOT, 'dist', 'src');
const MB = 1024 * 1024;
const TIME = '/usr/bin/time';

type Tokenizer = 'x12-parser' | 'fast';

// ------------------------------------------------------------------------------------------- options

interface Options {
  sizes: number[];
  tokenizers: Tokenizer[];
  runs: number;
  profile: boolean;
  keep: boolean;
}

function parseOptions(argv: string[]): Options {
  const o: Options = { sizes: [10, 25, 50], tokenizers: ['x12-parser', 'fast'], runs: 1, profile: true, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => (a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i]) ?? '';
    if (a.startsWith('--sizes')) o.sizes = value().split(',').map(Number);
    else if (a.startsWith('--tokenizer')) {
      const v = value();
      if (v !== 'both' && v !== 'x12-parser' && v !== 'fast') throw new Error(`--tokenizer must be x12-parser, fast or both, not "${v}"`);
      o.tokenizers = v === 'both' ? ['x12-parser', 'fast'] : [v];
    } else if (a.startsWith('--runs')) o.runs = Math.max(1, Number(value()));
    else if (a === '--no-profile') o.profile = false;
    else if (a === '--keep') o.keep = true;
    else throw new Error(`unknown option "${a}" (--sizes 10,25,50 --tokenizer x12-parser|fast|both --runs N --no-profile --keep)`);
  }
  if (!o.sizes.length || o.sizes.some((s) => !(s > 0))) throw new Error('--sizes must be positive numbers of MB, e.g. 10,25,50');
  o.sizes.sort((a, b) => a - b);
  return o;
}

// ------------------------------------------------------------------- the 837P, against the demo data

/** fixtures/demo/registry.json */
const NPI = {
  prairie: '1648123457',
  lakeside: '1729340566',
  okafor: '1204784908', // LCSW
  kim: '1305895017', // LCPC
  hernandez: '1406906127', // RN
  novak: '1144556671', // MSW, not licensed
  shah: '1244556688', // OTR/L
  johnson: '1344556695', // bachelor, supervised
  williams: '1444556702', // CRSS, supervised
  chen: '1544556719', // MHP designated before 2011
  lopez: '1644556726', // RSA, designated for medication training
  brown: '1744556733', // LPN, designated for monitoring and training
  green: '1844556740', // no supervisor on record: SUPERVISION_MISSING
  patel: '1103673897', // psychiatrist
  moore: '1507017238', // Lakeside PsyD
  carter: '1608128348', // Lakeside LMFT
};

interface Recipient {
  medicaidId: string;
  lastName: string;
  firstName: string;
  birthDate: string;
  gender: 'M' | 'F';
}
const R: Record<string, Recipient> = {
  adult: { medicaidId: '400112233', lastName: 'AVERY', firstName: 'JORDAN', birthDate: '1985-09-14', gender: 'F' },
  child: { medicaidId: '400223344', lastName: 'BROOKS', firstName: 'RILEY', birthDate: '2012-02-29', gender: 'M' },
  youngAdult: { medicaidId: '400334455', lastName: 'DIAZ', firstName: 'SAM', birthDate: '2008-11-30', gender: 'M' },
  lapsed: { medicaidId: '400445566', lastName: 'ELLIS', firstName: 'MORGAN', birthDate: '1990-01-15', gender: 'M' },
  teen: { medicaidId: '400556677', lastName: 'FOSTER', firstName: 'CASEY', birthDate: '2010-06-01', gender: 'F' },
  new: { medicaidId: '400778899', lastName: 'GRANT', firstName: 'ALEX', birthDate: '1999-04-04', gender: 'F' },
};

/** [weight, code, modifiers, SV103, units, rendering staff, place of service] */
type LineKind = [number, string, string[], 'UN' | 'MJ', number, string, string?];
const MENUS: Record<string, LineKind[]> = {
  // plan approved 2026-08-01 with every outpatient service: nearly everything passes
  adult: [
    [14, 'H0004', ['HO'], 'UN', 4, NPI.okafor],
    [8, 'H0004', ['HO'], 'UN', 3, NPI.kim],
    [4, 'H0004', ['HQ'], 'UN', 6, NPI.okafor],
    [3, 'H0004', [], 'UN', 4, NPI.novak],
    [10, 'H2015', ['HN'], 'MJ', 45, NPI.johnson, '12'],
    [6, 'H2015', ['HN'], 'MJ', 60, NPI.williams, '12'],
    [5, 'H2015', [], 'UN', 4, NPI.kim],
    [2, 'H2015', [], 'UN', 2, NPI.chen],
    [6, 'H2017', ['HQ'], 'UN', 8, NPI.shah],
    [3, 'H2017', ['HQ'], 'UN', 8, NPI.williams],
    [3, 'H0034', [], 'UN', 2, NPI.lopez],
    [2, 'H2010', [], 'UN', 1, NPI.brown],
    [1, 'H2010', ['U1'], 'UN', 1, NPI.hernandez],
    [1, 'H0031', [], 'UN', 4, NPI.okafor],
    [2, 'T1016', [], 'UN', 2, NPI.hernandez], // counts toward the 240-hour cap: fails once it is reached
    [1, 'H2015', ['HN'], 'MJ', 30, NPI.green], // SUPERVISION_MISSING
    [1, 'H2010', [], 'UN', 1, NPI.hernandez], // PRESCRIBER_DESIGNATION_MISSING
  ],
  // plan approved 2026-09-01 (August lines fail TREATMENT_PLAN_MISSING)
  child: [
    [10, 'H0004', ['HO'], 'UN', 4, NPI.kim],
    [4, 'H0004', ['HA'], 'UN', 3, NPI.okafor],
    [6, 'H2015', ['HN'], 'MJ', 45, NPI.johnson, '03'],
    [1, 'T1016', [], 'UN', 2, NPI.hernandez],
    [1, 'H2017', ['HQ'], 'UN', 4, NPI.shah], // SERVICE_NOT_IN_PLAN
  ],
  // near the case-management cap already (demo outside usage): CAP_NEAR, then TCM_CAP_EXCEEDED
  youngAdult: [
    [4, 'T1016', [], 'UN', 2, NPI.hernandez],
    [2, 'T1016', ['U1'], 'UN', 2, NPI.novak],
    [2, 'T1017', [], 'UN', 1, NPI.okafor],
    [2, 'H0031', [], 'UN', 4, NPI.patel],
  ],
  // no assessment or plan: the assessment passes, therapy fails
  new: [
    [2, 'H0031', [], 'UN', 4, NPI.okafor],
    [1, 'H0004', [], 'UN', 4, NPI.kim],
  ],
  // Lakeside: an expired assessment and plan; a rule-out diagnosis never made definitive
  lapsed: [[1, 'H0004', [], 'UN', 4, NPI.moore]],
  teen: [
    [2, 'H0004', ['HA'], 'UN', 4, NPI.carter],
    [1, 'H2015', [], 'UN', 4, NPI.carter],
  ],
};
/**
 * Each demo recipient (kind) cloned this many times, with its birth date, providers, assessments,
 * plans and outside case-management usage, under Medicaid IDs `${prefix}0000001`...
 */
const CLONES: Record<string, { prefix: string; count: number }> = {
  adult: { prefix: '91', count: 2_500 },
  child: { prefix: '92', count: 2_500 },
  youngAdult: { prefix: '93', count: 100 },
  new: { prefix: '94', count: 100 },
  lapsed: { prefix: '95', count: 50 },
  teen: { prefix: '96', count: 50 },
};
const cloneId = (kind: string, n: number): string => `${CLONES[kind].prefix}${String(n).padStart(7, '0')}`;

const PRAIRIE_MIX: [number, string][] = [
  [65, 'adult'],
  [25, 'child'],
  [5, 'youngAdult'],
  [5, 'new'],
];
const DIAGNOSES: Record<string, string[]> = { adult: ['F331', 'F411'], child: ['F902', 'F411'], youngAdult: ['F209'], new: ['F321'], lapsed: ['F3181'], teen: ['F4310'] };

function pick<T>(rnd: () => number, items: [number, T][]): T {
  const total = items.reduce((n, [w]) => n + w, 0);
  let r = rnd() * total;
  for (const [w, v] of items) if ((r -= w) < 0) return v;
  return items[items.length - 1][1];
}

const DAY0 = Date.UTC(2026, 7, 1); // 2026-08-01
const DAYS = 122; // to 2026-11-30
const isoDay = (n: number) => new Date(DAY0 + n * 86_400_000).toISOString().slice(0, 10);

interface Generated {
  file: string;
  bytes: number;
  claims: number;
  lines: number;
}

async function generate(file: string, targetMb: number, seed = 837): Promise<Generated> {
  const rnd = mulberry32(seed);
  const target = targetMb * MB;
  let written = 0;
  let buf = '';
  const size = () => written + buf.length;
  let claims = 0;
  let lines = 0;
  let claimSeq = 0;
  // several transaction sets (about 5 MB each), billing provider blocks of up to 150 subscribers
  const transactions = Math.max(1, Math.round(targetMb / 5));

  function* subscribers(kinds: [number, string][], bytesLimit: number): Generator<Write837Subscriber> {
    for (let s = 0; s < 150 && size() < bytesLimit; s++) {
      const kind = pick(rnd, kinds);
      const who = { ...R[kind], medicaidId: cloneId(kind, 1 + Math.floor(rnd() * CLONES[kind].count)) };
      const menu = MENUS[kind].map((k) => [k[0], k] as [number, LineKind]);
      const cs: Write837Claim[] = [];
      const nClaims = 1 + Math.floor(rnd() * 4);
      for (let c = 0; c < nClaims; c++) {
        // one claim: a week of services, one line a day (so no DUPLICATE_LINE within a claim)
        const start = Math.floor(rnd() * (DAYS - 7));
        const nLines = 1 + Math.floor(rnd() * 6);
        const ls: Write837Line[] = [];
        let claimStaff: string | undefined;
        for (let l = 0; l < nLines; l++) {
          const [, code, modifiers, unitBasis, units, npi, pos] = pick(rnd, menu);
          claimStaff ??= npi;
          const line: Write837Line = { procedureCode: code, modifiers, unitBasis, units, date: isoDay(start + l), charge: 25 * units, lineControl: `${claimSeq + 1}-${l + 1}` };
          if (npi !== claimStaff) line.renderingNpi = npi;
          if (pos) line.placeOfService = pos;
          ls.push(line);
        }
        claimSeq++;
        claims++;
        lines += ls.length;
        cs.push({ claimId: `BH${String(claimSeq).padStart(8, '0')}`, diagnoses: DIAGNOSES[kind], renderingNpi: claimStaff, lines: ls });
      }
      yield { ...who, claims: cs };
    }
  }

  function* providers(bytesLimit: number): Generator<Write837Provider> {
    for (let p = 0; size() < bytesLimit; p++) {
      if (p % 40 === 39) yield { npi: NPI.lakeside, name: 'LAKESIDE BEHAVIORAL HEALTH CLINIC', taxId: '371234568', subscribers: subscribers([[3, 'lapsed'], [2, 'teen']], bytesLimit) };
      else yield { npi: NPI.prairie, name: 'PRAIRIE COMMUNITY MENTAL HEALTH CENTER', subscribers: subscribers(PRAIRIE_MIX, bytesLimit) };
    }
  }

  const out = fs.createWriteStream(file);
  const txs = Array.from({ length: transactions }, (_, t) => ({ control: String(t + 1).padStart(4, '0'), providers: providers(((t + 1) * target) / transactions) }));
  for (const seg of write837Segments({ interchangeControl: '000008370', groupControl: '837', created: '20261201', transactions: txs })) {
    buf += formatSegment(seg) + '\n';
    if (buf.length > 1 << 20) {
      written += buf.length;
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  written += buf.length;
  out.end(buf);
  await once(out, 'finish');
  return { file, bytes: fs.statSync(file).size, claims, lines };
}

// ------------------------------------------------------------------------------- running the CLI

interface Run {
  seconds: number;
  peakRssMb: number;
  cpuPercent: number | null;
  code: number | null;
  stderr: string;
}

let current: { pid: number } | null = null;

function childEnv(dataDir: string, tmp: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, BHCHECK_DATA_DIR: dataDir, BHCHECK_DEMO: 'true', TZ: 'UTC', TMPDIR: tmp, LOG_LEVEL: 'silent' };
  delete env.DATABASE_URL;
  delete env.NODE_OPTIONS;
  return env;
}

/** One command as its own process group; wall time and peak RSS (via /usr/bin/time -v, or VmHWM). */
async function measure(cmd: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const useTime = fs.existsSync(TIME);
  const argv = useTime ? [TIME, '-v', ...cmd] : cmd;
  const t0 = process.hrtime.bigint();
  const child = spawn(argv[0], argv.slice(1), { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  current = { pid: child.pid! };
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  let hwm = 0;
  const poll = useTime
    ? null
    : setInterval(() => {
        try {
          const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
          if (m) hwm = Math.max(hwm, Number(m[1]));
        } catch {
          /* exited */
        }
      }, 20);
  const [code] = (await once(child, 'close')) as [number | null];
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (poll) clearInterval(poll);
  current = null;
  let peakKb = hwm;
  let cpuPercent: number | null = null;
  if (useTime) {
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
    if (m) peakKb = Number(m[1]);
    const c = /Percent of CPU this job got: (\d+)%/.exec(stderr);
    if (c) cpuPercent = Number(c[1]);
    const x = /Exit status: (\d+)/.exec(stderr);
    return { seconds, peakRssMb: peakKb / 1024, cpuPercent, code: x ? Number(x[1]) : code, stderr };
  }
  return { seconds, peakRssMb: peakKb / 1024, cpuPercent, code, stderr };
}

async function cli(file: string, tokenizer: Tokenizer, env: NodeJS.ProcessEnv, quiet = true): Promise<Run> {
  const args = [process.execPath, BIN, 'validate', file, '--format', 'csv', '--envelope', 'strict', '--tokenizer', tokenizer];
  if (quiet) args.push('--quiet');
  const r = await measure(args, env);
  if (r.code !== 0 && r.code !== 1) throw new Error(`bhcheck exited with ${r.code} on ${file}:\n${r.stderr}`);
  return r;
}

// ------------------------------------------------------------- breakdown (child process, dist/ code)

interface Phases {
  tokenizer: Tokenizer;
  readSeconds: number;
  parseSeconds: number;
  checkSeconds: number;
  loadSeconds: number;
  /** the duplicate check's history queries, within the registry loads (0 where this version has none) */
  historySeconds: number;
  historyReads: number;
  validateSeconds: number;
  batches: number;
  spoolSeconds: number;
  spoolMb: number;
  outputSeconds: number;
  gcSeconds: number;
  claims: number;
  lines: number;
  lineStatus: Record<string, number>;
  claimStatus: Record<string, number>;
  findings: Record<string, number>;
}

const secondsSince = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;

async function phasesChild(file: string, tokenizer: Tokenizer): Promise<void> {
  require('reflect-metadata');
  const { NestFactory } = require('@nestjs/core') as typeof import('@nestjs/core');
  const { AppModule } = require(path.join(DIST, 'app.module')) as typeof import('../src/app.module');
  const { loadConfig } = require(path.join(DIST, 'config', 'config')) as typeof import('../src/config/config');
  const { openDatabase } = require(path.join(DIST, 'database', 'open-database')) as typeof import('../src/database/open-database');
  const { X12IntakeService } = require(path.join(DIST, 'claims', 'x12-intake.service')) as typeof import('../src/claims/x12-intake.service');
  const { ClaimCheckSession } = require(path.join(DIST, 'claims', 'claim-check.session')) as typeof import('../src/claims/claim-check.session');
  const { ClaimContextLoader } = require(path.join(DIST, 'claims', 'claim-context.loader')) as typeof import('../src/claims/claim-context.loader');
  const { SYSTEM_ACTOR } = require(path.join(DIST, 'auth', 'actor')) as typeof import('../src/auth/actor');
  const { parse837 } = require(path.join(DIST, 'x12')) as typeof import('../src/x12');
  const { count, emptyTotals } = require(path.join(DIST, 'cli', 'format')) as typeof import('../src/cli/format');
  const { ClaimsCsvService } = require(path.join(DIST, 'claims', 'claims-csv')) as typeof import('../src/claims/claims-csv');
  const { limitHeapGrowth } = require(path.join(DIST, 'cli', 'main')) as typeof import('../src/cli/main');
  limitHeapGrowth(); // as the CLI does

  const config = loadConfig();
  const db = await openDatabase(config, () => undefined);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, db.url), { logger: false });
  const open = () => fs.createReadStream(file, { highWaterMark: 64 * 1024 });
  try {
    const p: Phases = {
      tokenizer,
      readSeconds: 0,
      parseSeconds: 0,
      checkSeconds: 0,
      loadSeconds: 0,
      historySeconds: 0,
      historyReads: 0,
      validateSeconds: 0,
      batches: 0,
      spoolSeconds: 0,
      spoolMb: 0,
      outputSeconds: 0,
      gcSeconds: 0,
      claims: 0,
      lines: 0,
      lineStatus: {},
      claimStatus: {},
      findings: {},
    };
    // 1. the bytes alone
    let t0 = process.hrtime.bigint();
    for await (const _ of open()) void _;
    p.readSeconds = secondsSince(t0);

    // 2. the reader alone
    t0 = process.hrtime.bigint();
    for await (const c of parse837(open(), { envelopeCounts: 'strict', tokenizer })) {
      p.claims++;
      p.lines += c.lines.length;
    }
    p.parseSeconds = secondsSince(t0);

    // 3. what the CLI does: check() with the reports spooled as JSON lines; registry loads and each
    //    batch's session check (loads + engine) timed from outside
    const loader = app.get(ClaimContextLoader);
    const load = loader.load.bind(loader);
    loader.load = async (...a: Parameters<typeof load>) => {
      const t = process.hrtime.bigint();
      try {
        return await load(...a);
      } finally {
        p.loadSeconds += secondsSince(t);
        p.batches++;
      }
    };
    try {
      const { ClaimHistoryService } = require(path.join(DIST, 'claims', 'claim-history.service')) as typeof import('../src/claims/claim-history.service');
      const history = app.get(ClaimHistoryService);
      const read = history.read.bind(history);
      history.read = async (...a: Parameters<typeof read>) => {
        const t = process.hrtime.bigint();
        try {
          return await read(...a);
        } finally {
          p.historySeconds += secondsSince(t);
          p.historyReads++;
        }
      };
    } catch {
      // a version without the duplicate check's history
    }
    const sessionCheck = ClaimCheckSession.prototype.check;
    ClaimCheckSession.prototype.check = async function (this: InstanceType<typeof ClaimCheckSession>, ...a: Parameters<typeof sessionCheck>) {
      const t = process.hrtime.bigint();
      try {
        return await sessionCheck.apply(this, a);
      } finally {
        p.validateSeconds += secondsSince(t);
      }
    };
    let gc = 0;
    const obs = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) gc += e.duration;
    });
    obs.observe({ entryTypes: ['gc'] });
    const spool = path.join(os.tmpdir(), `bench-spool-${process.pid}.csv`);
    const out = fs.openSync(spool, 'w');
    const totals = emptyTotals();
    const csv = app.get(ClaimsCsvService).writer({ ...SYSTEM_ACTOR, name: 'bench' });
    let pending: string[] = [];
    const flush = () => {
      if (pending.length) fs.writeSync(out, pending.join(''));
      pending = [];
    };
    t0 = process.hrtime.bigint();
    await app.get(X12IntakeService).check({ ...SYSTEM_ACTOR, name: 'bench' }, open, {
      commit: false,
      envelope: 'strict',
      tokenizer,
      onClaim: async (r, claim) => {
        // as the CLI does: each claim formatted once, written to the spool 500 claims at a time
        const t = process.hrtime.bigint();
        count(totals, r);
        pending.push(await csv.add(r, claim));
        if (pending.length >= 500) flush();
        p.spoolSeconds += secondsSince(t);
        p.claimStatus[r.status] = (p.claimStatus[r.status] ?? 0) + 1;
        for (const l of r.lines) {
          p.lineStatus[l.status] = (p.lineStatus[l.status] ?? 0) + 1;
          for (const f of l.findings) p.findings[f.code] = (p.findings[f.code] ?? 0) + 1;
        }
      },
    });
    pending.push(await csv.flush());
    flush();
    p.checkSeconds = secondsSince(t0);
    fs.closeSync(out);
    p.spoolMb = fs.statSync(spool).size / MB;

    // 4. the output pass: the spool copied to stdout (here /dev/null)
    const sink = fs.createWriteStream('/dev/null');
    t0 = process.hrtime.bigint();
    sink.write(csv.head());
    await pipeline(fs.createReadStream(spool), sink);
    p.outputSeconds = secondsSince(t0);
    obs.disconnect();
    p.gcSeconds = gc / 1000;
    fs.rmSync(spool, { force: true });
    process.stdout.write(JSON.stringify(p) + '\n');
  } finally {
    await app.close();
    await db.stop();
  }
}

/** Adds the CLONES to the bench database, by SQL in one transaction (records copied from each demo recipient). */
async function clonesChild(): Promise<void> {
  const { DataSource } = require('typeorm') as typeof import('typeorm');
  const { loadConfig } = require(path.join(DIST, 'config', 'config')) as typeof import('../src/config/config');
  const { openDatabase } = require(path.join(DIST, 'database', 'open-database')) as typeof import('../src/database/open-database');
  const config = loadConfig();
  const db = await openDatabase(config, () => undefined);
  const ds = new DataSource({ type: 'postgres', url: db.url });
  await ds.initialize();
  try {
    await ds.transaction(async (em) => {
      for (const [kind, { count }] of Object.entries(CLONES)) {
        // the clones' ids and Medicaid IDs, the same in every statement (the service's role may not create temporary tables)
        const params = [R[kind].medicaidId, CLONES[kind].prefix, count];
        const cloneMap = `WITH clone_map AS (SELECT md5($2 || n::text)::uuid AS id, $2 || lpad(n::text, 7, '0') AS medicaid_id FROM generate_series(1, $3::int) n) `;
        await em.query(`${cloneMap}INSERT INTO recipients (id, medicaid_id, name, birth_date) SELECT m.id, m.medicaid_id, s.name, s.birth_date FROM clone_map m, recipients s WHERE s.medicaid_id = $1`, params);
        await em.query(
          `${cloneMap}INSERT INTO recipient_providers (recipient_id, provider_id) SELECT m.id, rp.provider_id FROM clone_map m, recipient_providers rp JOIN recipients s ON s.id = rp.recipient_id WHERE s.medicaid_id = $1`,
          params,
        );
        await em.query(
          `${cloneMap}INSERT INTO assessments (recipient_id, provider_id, completed_on, approved_by_staff_id, diagnoses, rule_out, definitive_on)
           SELECT m.id, a.provider_id, a.completed_on, a.approved_by_staff_id, a.diagnoses, a.rule_out, a.definitive_on FROM clone_map m, assessments a JOIN recipients s ON s.id = a.recipient_id WHERE s.medicaid_id = $1`,
          params,
        );
        await em.query(
          `${cloneMap}INSERT INTO treatment_plans (recipient_id, provider_id, approved_on, approved_by_staff_id, client_signed_on, services)
           SELECT m.id, t.provider_id, t.approved_on, t.approved_by_staff_id, t.client_signed_on, t.services FROM clone_map m, treatment_plans t JOIN recipients s ON s.id = t.recipient_id WHERE s.medicaid_id = $1`,
          params,
        );
        await em.query(
          `${cloneMap}INSERT INTO cap_ledger_entries (recipient_id, sfy, category, minutes, date_of_service, source, external_reference, note)
           SELECT m.id, l.sfy, l.category, l.minutes, l.date_of_service, l.source, l.external_reference, l.note FROM clone_map m, cap_ledger_entries l JOIN recipients s ON s.id = l.recipient_id
            WHERE s.medicaid_id = $1 AND l.source = 'EXTERNAL' AND l.released_at IS NULL`,
          params,
        );
      }
    });
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM recipients`);
    process.stdout.write(`${n}\n`);
  } finally {
    await ds.destroy();
    await db.stop();
  }
}

/** Runs this script as a child (`--child ...`, same dist/ code as the CLI) and returns the last line it prints. */
async function childStep(args: string[], env: NodeJS.ProcessEnv, what: string): Promise<string> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', __filename, '--child', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  current = { pid: child.pid! };
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const [code] = (await once(child, 'close')) as [number | null];
  current = null;
  if (code !== 0) throw new Error(`${what} failed (${code}):\n${stderr}`);
  return stdout.trim().split('\n').pop()!;
}

const addClones = async (env: NodeJS.ProcessEnv): Promise<number> => Number(await childStep(['clones'], env, 'adding the recipients'));

const phases = async (file: string, tokenizer: Tokenizer, env: NodeJS.ProcessEnv): Promise<Phases> => JSON.parse(await childStep(['phases', file, tokenizer], env, 'breakdown child')) as Phases;

// --------------------------------------------------------------------------------- CPU profile

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

function moduleOf(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : `(native) ${fn}`;
  const u = url.replace(/^file:\/\//, '');
  const nm = u.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = u.slice(nm + 13).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (u.startsWith('node:')) {
    if (/streams|stream/.test(u)) return 'node: streams';
    if (/readline/.test(u)) return 'node: readline';
    if (/fs/.test(u)) return 'node: fs';
    return 'node: other';
  }
  const rel = path.relative(ROOT, u);
  const m = /^dist\/src\/([^/]+)(?:\/([^/]+))?/.exec(rel);
  if (m) return m[1] === 'rules' && m[2] ? `src/rules/${m[2]}` : `src/${m[1]}`;
  return rel;
}

/** Inclusive time of the functions that answer "where does the time go" (each counted once per stack). */
const KEY_FUNCTIONS: [string, (fn: string, url: string) => boolean][] = [
  ['module loading (require at start-up)', (fn, url) => fn === 'Module._load' && url.includes('loader')],
  ['ClaimContextLoader.load (CPU: queries, hydration)', (fn, url) => fn === 'load' && url.includes('claim-context.loader')],
  ['validateClaims (the rule engine)', (fn, url) => (fn === 'validateClaims' || fn === 'validateClaimsInSteps') && url.includes('rules/claims/engine')],
  ['  credentialOf -> evaluateCredential', (fn, url) => fn === 'credentialOf' && url.includes('claim-context.loader')],
  ['  programInForce -> programInForceOn (event fold)', (fn, url) => fn === 'programInForceOn' && url.includes('program-approval/engine')],
  ['  applyCaps', (fn, url) => fn === 'applyCaps' && url.includes('rules/claims/caps')],
  ['  intakeClaim (form, identities, codes, X12 content)', (fn, url) => fn === 'intakeClaim' && url.includes('rules/claims/intake')],
  ['onClaim: csvRows + writeSync (spool)', (fn, url) => fn === 'onClaim' && url.includes('cli/main')],
  ['(garbage collector)', (fn) => fn === '(garbage collector)'],
  ['(idle): waiting for PostgreSQL or the disk', (fn) => fn === '(idle)'],
];

function summariseProfile(p: CpuProfile): { total: number; byModule: [string, number][]; top: [string, number][]; key: [string, number][] } {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0));
  const modules = new Map<string, number>();
  const fns = new Map<string, number>();
  let total = 0;
  for (const [id, us] of self) {
    const n = byId.get(id)!;
    const { functionName, url, lineNumber } = n.callFrame;
    const mod = moduleOf(url, functionName || '(anonymous)');
    modules.set(mod, (modules.get(mod) ?? 0) + us);
    const where = url ? `${path.relative(ROOT, url.replace(/^file:\/\//, ''))}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'}  ${where}`;
    fns.set(key, (fns.get(key) ?? 0) + us);
    total += us;
  }
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const key = KEY_FUNCTIONS.map(([label]) => [label, 0] as [string, number]);
  for (const [id, us] of self) {
    const hit = new Set<number>();
    for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) {
      const { functionName, url } = byId.get(x)!.callFrame;
      KEY_FUNCTIONS.forEach(([, match], i) => {
        if (!hit.has(i) && match(functionName, url)) hit.add(i);
      });
    }
    for (const i of hit) key[i][1] += us;
  }
  const sort = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]);
  return { total, byModule: sort(modules), top: sort(fns), key };
}

async function profile(file: string, tokenizer: Tokenizer, env: NodeJS.ProcessEnv, dir: string): Promise<{ seconds: number; summary: ReturnType<typeof summariseProfile> }> {
  const profDir = fs.mkdtempSync(path.join(dir, 'prof-'));
  const entry = path.join(DIST, 'cli', 'main.js');
  const r = await measure([process.execPath, '--cpu-prof', `--cpu-prof-dir=${profDir}`, entry, 'validate', file, '--quiet', '--format', 'csv', '--envelope', 'strict', '--tokenizer', tokenizer], env);
  if (r.code !== 0 && r.code !== 1) throw new Error(`profiled run exited with ${r.code}:\n${r.stderr}`);
  const f = fs.readdirSync(profDir).find((n) => n.endsWith('.cpuprofile'));
  if (!f) throw new Error('node --cpu-prof wrote no profile');
  const prof = JSON.parse(fs.readFileSync(path.join(profDir, f), 'utf8')) as CpuProfile;
  fs.rmSync(profDir, { recursive: true, force: true });
  return { seconds: r.seconds, summary: summariseProfile(prof) };
}

// ------------------------------------------------------------------------------------------ main

const f1 = (n: number) => n.toFixed(1);
const f2 = (n: number) => n.toFixed(2);
const pct = (part: number, whole: number) => `${((100 * part) / whole).toFixed(0)}%`.padStart(4);

async function main(): Promise<void> {
  const childAt = process.argv.indexOf('--child');
  if (childAt >= 0) {
    const [what, file, tokenizer] = process.argv.slice(childAt + 1);
    return what === 'clones' ? clonesChild() : phasesChild(file, tokenizer as Tokenizer);
  }
  const opts = parseOptions(process.argv.slice(2));
  const started = Date.now();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bhcheck-cli-bench-'));
  const dataDir = path.join(dir, 'data');
  const tmp = path.join(dir, 'tmp');
  fs.mkdirSync(tmp);
  const env = childEnv(dataDir, tmp);

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`\n${signal}: stopping the running child and removing ${dir}\n`);
    if (current) {
      try {
        process.kill(-current.pid, 'SIGTERM');
      } catch {
        /* gone */
      }
    }
    // the child's PostgreSQL stops with it (SIGTERM to the group); give it a moment before removing its files
    setTimeout(() => {
      stopPostgres(dataDir);
      fs.rmSync(dir, { recursive: true, force: true });
      process.exit(130);
    }, 3000);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);

  try {
    console.log(`bhcheck CLI end-to-end bench: node ${process.version}, ${os.cpus().length} CPUs, load average ${os.loadavg().map(f2).join(' ')}; temp dir ${dir}`);
    console.log(`peak RSS: ${fs.existsSync(TIME) ? '/usr/bin/time -v (Maximum resident set size)' : '/proc/PID/status VmHWM polled'} of the CLI's node process (PostgreSQL is separate)\n`);

    // files
    const tiny = await generate(path.join(dir, 'tiny.837'), 0.05);
    const files: Generated[] = [];
    for (const size of opts.sizes) {
      const t0 = process.hrtime.bigint();
      const g = await generate(path.join(dir, `bh-${size}mb.837`), size);
      files.push(g);
      console.log(`generated ${path.basename(g.file)}: ${f1(g.bytes / MB)} MB, ${g.claims.toLocaleString('en-US')} claims, ${g.lines.toLocaleString('en-US')} lines (${f1(secondsSince(t0))} s)`);
    }

    // the database: created and loaded by a first run (compiles dist/ too if src/ changed), not timed
    const first = await cli(tiny.file, 'x12-parser', env, false);
    process.stdout.write(
      first.stderr
        .split('\n')
        .filter((l) => l.startsWith('bhcheck:'))
        .map((l) => `  ${l}\n`)
        .join(''),
    );
    const recipients = await addClones(env);
    console.log(`  added the clones of the demo recipients: ${recipients.toLocaleString('en-US')} recipients`);
    const fixed = await cli(tiny.file, 'x12-parser', env);
    console.log(`fixed cost (tiny ${f1(tiny.bytes / 1024)} KB file: node + Nest + embedded PostgreSQL start, migrations check, stop): ${f2(fixed.seconds)} s, peak RSS ${f1(fixed.peakRssMb)} MB\n`);

    // end to end
    const rows: { size: number; tokenizer: Tokenizer; g: Generated; run: Run }[] = [];
    console.log(`${'size MB'.padStart(8)}  ${'tokenizer'.padEnd(10)} ${'seconds'.padStart(8)} ${'MB/s'.padStart(6)} ${'peak RSS MB'.padStart(11)} ${'CPU%'.padStart(5)} ${'claims'.padStart(9)} ${'lines'.padStart(10)}`);
    for (const g of files) {
      for (const tokenizer of opts.tokenizers) {
        let best: Run | undefined;
        for (let i = 0; i < opts.runs; i++) {
          const r = await cli(g.file, tokenizer, env);
          if (/building dist/.test(r.stderr)) console.log('  (that run rebuilt dist/ because src/ changed: timing includes tsc)');
          if (!best || r.seconds < best.seconds) best = { ...r, peakRssMb: Math.max(r.peakRssMb, best?.peakRssMb ?? 0) };
        }
        const run = best!;
        rows.push({ size: g.bytes / MB, tokenizer, g, run });
        console.log(
          `${f1(g.bytes / MB).padStart(8)}  ${tokenizer.padEnd(10)} ${f2(run.seconds).padStart(8)} ${f1(g.bytes / MB / run.seconds).padStart(6)} ${f1(run.peakRssMb).padStart(11)} ${String(run.cpuPercent ?? '-').padStart(5)} ${g.claims.toLocaleString('en-US').padStart(9)} ${g.lines.toLocaleString('en-US').padStart(10)}`,
        );
      }
    }
    console.log('');
    for (const tokenizer of opts.tokenizers) {
      const rs = rows.filter((r) => r.tokenizer === tokenizer);
      if (rs.length < 2) continue;
      const [a, b] = [rs[0], rs[rs.length - 1]];
      const ratio = b.run.peakRssMb / a.run.peakRssMb;
      console.log(
        `${tokenizer}: peak RSS ${f1(b.size)} MB / ${f1(a.size)} MB file = ${f1(b.run.peakRssMb)} / ${f1(a.run.peakRssMb)} = ${f2(ratio)} (${ratio < 1.25 ? 'flat' : 'GROWS with the file'}); ` +
          `throughput without the fixed cost: ${f1(b.size / Math.max(0.01, b.run.seconds - fixed.seconds))} MB/s`,
      );
    }

    // where the time goes, on the largest file
    const big = files[files.length - 1];
    const e2e = (t: Tokenizer) => rows.find((r) => r.g === big && r.tokenizer === t)!.run.seconds;
    for (const tokenizer of opts.tokenizers) {
      const p = await phases(big.file, tokenizer, env);
      const mbs = (s: number) => `${f1(big.bytes / MB / s).padStart(6)} MB/s`;
      const engine = p.validateSeconds - p.loadSeconds;
      const readerAndGlue = p.checkSeconds - p.validateSeconds - p.spoolSeconds;
      const total = e2e(tokenizer);
      console.log(`\nbreakdown, ${f1(big.bytes / MB)} MB, tokenizer ${tokenizer} (in-process, dist/ code; CLI end to end took ${f2(total)} s):`);
      console.log(`  read the file only                                  ${f2(p.readSeconds).padStart(6)} s ${mbs(p.readSeconds)}`);
      console.log(`  parse837 alone (prelude + tokeniser + assembler)    ${f2(p.parseSeconds).padStart(6)} s ${mbs(p.parseSeconds)}`);
      console.log(`  X12IntakeService.check(), spooling reports          ${f2(p.checkSeconds).padStart(6)} s ${mbs(p.checkSeconds)}   ${pct(p.checkSeconds, total)} of e2e`);
      console.log(`    reader + intake glue (check - validate - spool)   ${f2(readerAndGlue).padStart(6)} s               ${pct(readerAndGlue, total)}`);
      console.log(`    ${`registry loads (ClaimContextLoader.load x${p.batches})`.padEnd(50)}${f2(p.loadSeconds).padStart(6)} s               ${pct(p.loadSeconds, total)}`);
      if (p.historyReads) console.log(`      ${`of which recorded lines (history.read x${p.historyReads})`.padEnd(48)}${f2(p.historySeconds).padStart(6)} s               ${pct(p.historySeconds, total)}`);
      console.log(`    rule engine (session check - load)                ${f2(engine).padStart(6)} s               ${pct(engine, total)}`);
      console.log(`${`    csv rows + spool writes (${f1(p.spoolMb)} MB)`.padEnd(52)}${f2(p.spoolSeconds).padStart(6)} s               ${pct(p.spoolSeconds, total)}`);
      console.log(`  output (spool -> stdout, here /dev/null)           ${f2(p.outputSeconds).padStart(6)} s               ${pct(p.outputSeconds, total)}`);
      console.log(`  fixed cost (tiny-file run above)                    ${f2(fixed.seconds).padStart(6)} s               ${pct(fixed.seconds, total)}`);
      console.log(`  GC pauses during check + output                     ${f2(p.gcSeconds).padStart(6)} s (included above)`);
      const st = (m: Record<string, number>) => Object.entries(m).map(([k, v]) => `${v.toLocaleString('en-US')} ${k.toLowerCase()}`).join(', ');
      console.log(`  claims: ${st(p.claimStatus)}; lines: ${st(p.lineStatus)}`);
      const fcodes = Object.entries(p.findings).sort((a, b) => b[1] - a[1]);
      console.log(`  line findings: ${fcodes.map(([k, v]) => `${k} ${v.toLocaleString('en-US')}`).join(', ')}`);
    }

    if (opts.profile) {
      for (const tokenizer of opts.tokenizers) {
        const { seconds, summary } = await profile(big.file, tokenizer, env, dir);
        const ms = (us: number) => `${(us / 1e6).toFixed(2).padStart(6)} s`;
        console.log(`\nCPU profile of the CLI (node --cpu-prof dist/src/cli/main.js), ${f1(big.bytes / MB)} MB, tokenizer ${tokenizer}: ${f2(seconds)} s wall, self time by module:`);
        for (const [m, us] of summary.byModule.slice(0, 12)) console.log(`  ${m.padEnd(50)} ${ms(us)} ${pct(us, summary.total)}`);
        console.log('  inclusive time of key functions (the reader runs in stream callbacks: see x12-parser, src/x12 and node: streams above):');
        for (const [label, us] of summary.key) console.log(`  ${label.padEnd(50)} ${ms(us)} ${pct(us, summary.total)}`);
        console.log('  top functions (self time):');
        for (const [fn, us] of summary.top.slice(0, 12)) console.log(`    ${ms(us)} ${pct(us, summary.total)}  ${fn}`);
      }
    }
    console.log(`\ndone in ${f1((Date.now() - started) / 1000)} s`);
  } finally {
    stopPostgres(dataDir);
    if (opts.keep) console.log(`kept ${dir}`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Should a child have died without stopping its PostgreSQL, stop it (fast shutdown) before removing the files. */
function stopPostgres(dataDir: string): void {
  const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!(pid > 0)) return;
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return;
  }
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    spawnSync('sleep', ['0.1']);
  }
}

runBench(main);
