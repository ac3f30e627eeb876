/**
 * `npx bhcheck validate FILE [--format text|json|csv] [--commit] [--explain] [--envelope strict|lenient]
 *  [--tokenizer x12-parser|fast] [--quiet]`
 *
 * Checks an X12 837P or a JSON claim file against the same database as the service (DATABASE_URL, or
 * the embedded PostgreSQL in BHCHECK_DATA_DIR, started here if no service is running). Exit status: 0
 * every claim passes (warnings allowed), 1 any claim fails, 2 the input cannot be read, 3 bhcheck
 * itself could not run (configuration, database).
 */
process.env.TZ = process.env.TZ ?? 'UTC';
process.env.LOG_LEVEL = process.env.LOG_LEVEL ?? 'silent';

import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import * as v8 from 'node:v8';
import { pipeline } from 'node:stream/promises';
import { AppModule } from '../app.module';
import { SYSTEM_ACTOR, type Actor } from '../auth/actor';
import { parseClaimsBody } from '../claims/claim-input';
import { ClaimsCsvService, withClaims } from '../claims/claims-csv';
import { ClaimsService } from '../claims/claims.service';
import { X12IntakeService, type X12Report } from '../claims/x12-intake.service';
import { DomainError } from '../common/domain-error';
import { ConfigError, describeDatabaseUrl, loadConfig, PROJECT_ROOT, type AppConfig } from '../config/config';
import { openDatabase } from '../database/open-database';
import { isDatabaseUnavailable } from '../database/unavailable';
import { loadDemoIfNew } from '../demo/demo-loader';
import { ProvidersService } from '../providers/providers.service';
import type { CapReport, ClaimReport } from '../rules/claims';
import type { ClaimInput } from '../rules/facts';
import { describeStart } from '../x12';
import { count, emptyTotals, textClaim, textTotals, type OutputFormat } from './format';

const USAGE = `usage: bhcheck validate FILE [options]
       bhcheck --version

Checks an X12 837P (005010X222A1) or JSON claim file against 89 Ill. Adm. Code Part 140.
FILE may be - for standard input.

options:
  --format text|json|csv     output (default text)
  --commit                   record claims without errors in the cap ledger, as POST /claims does
  --explain                  list every rule applied to each line: passed, failed or skipped, and why
  --envelope strict|lenient  lenient accepts wrong SE/GE/IEA counts, listing them as warnings
  --tokenizer x12-parser|fast  the X12 splitter (default x12-parser)
  --quiet                    no progress on stderr (the line naming the database stays)
  --help                     this text

exit status: 0 every claim passes, 1 any claim fails, 2 the input cannot be read, 3 bhcheck could not run
database: DATABASE_URL, or the embedded PostgreSQL in BHCHECK_DATA_DIR (default .data/)`;

class UsageError extends Error {}
class InputError extends Error {}
/** `--version`: not an error, just nothing to check */
class VersionRequest extends Error {}

interface Args {
  file: string;
  format: OutputFormat;
  commit: boolean;
  explain: boolean;
  envelope: 'strict' | 'lenient';
  tokenizer: 'x12-parser' | 'fast';
  quiet: boolean;
}

function parseArgs(argv: string[]): Args {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') throw new UsageError('');
  if (command === '--version' || command === '-V' || command === 'version') throw new VersionRequest();
  if (command !== 'validate') throw new UsageError(command ? `unknown command "${command}"` : 'no command given');
  const args: Args = { file: '', format: 'text', commit: false, explain: false, envelope: 'strict', tokenizer: 'x12-parser', quiet: false };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const value = (name: string): string => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : rest[++i];
      if (v === undefined) throw new UsageError(`${name} needs a value`);
      return v;
    };
    if (a === '--help' || a === '-h') throw new UsageError('');
    else if (a === '--commit') args.commit = true;
    else if (a === '--explain') args.explain = true;
    else if (a === '--quiet' || a === '-q') args.quiet = true;
    else if (a.startsWith('--format')) {
      const v = value('--format');
      if (v !== 'text' && v !== 'json' && v !== 'csv') throw new UsageError(`--format must be text, json or csv, not "${v}"`);
      args.format = v;
    } else if (a.startsWith('--envelope')) {
      const v = value('--envelope');
      if (v !== 'strict' && v !== 'lenient') throw new UsageError(`--envelope must be strict or lenient, not "${v}"`);
      args.envelope = v;
    } else if (a.startsWith('--tokenizer')) {
      const v = value('--tokenizer');
      if (v !== 'x12-parser' && v !== 'fast') throw new UsageError(`--tokenizer must be x12-parser or fast, not "${v}"`);
      args.tokenizer = v;
    } else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option "${a}"`);
    else if (!args.file) args.file = a;
    else throw new UsageError(`one file at a time ("${a}")`);
  }
  if (!args.file) throw new UsageError('no FILE given');
  return args;
}

/** The input as a file on disk (stdin is spooled), and whether it is X12 or JSON. */
async function openInput(file: string): Promise<{ path: string; kind: 'x12' | 'json'; bytes: number; cleanup: () => void }> {
  let p = file;
  let cleanup = () => undefined as void;
  if (file === '-') {
    p = path.join(os.tmpdir(), `bhcheck-stdin-${process.pid}`);
    await pipeline(process.stdin, fs.createWriteStream(p, { mode: 0o600 }));
    cleanup = () => fs.rmSync(p, { force: true });
  }
  let stat: fs.Stats;
  try {
    stat = fs.statSync(p);
  } catch (e) {
    throw new InputError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  if (!stat.isFile()) throw new InputError(`${file} is not a file`);
  const fd = fs.openSync(p, 'r');
  const head = Buffer.alloc(512);
  const n = fs.readSync(fd, head, 0, 512, 0);
  fs.closeSync(fd);
  const raw = head.subarray(0, n).toString('latin1');
  const afterMark = raw.startsWith('\xef\xbb\xbf') ? 3 : 0;
  const text = raw.slice(afterMark).trimStart();
  if (text.startsWith('ISA')) return { path: p, kind: 'x12', bytes: stat.size, cleanup };
  if (text.startsWith('{') || text.startsWith('[')) return { path: p, kind: 'json', bytes: stat.size, cleanup };
  cleanup();
  const offset = n - text.length;
  throw new InputError(`${file} is neither an X12 837P file (which starts with ISA) nor JSON claims: ${describeStart(head.subarray(offset, n), offset)}`);
}

function progressReporter(enabled: boolean, totalBytes: number): { update: (s: string) => void; done: () => void } {
  if (!enabled) return { update: () => undefined, done: () => undefined };
  const tty = process.stderr.isTTY;
  let last = 0;
  return {
    update: (s) => {
      const now = Date.now();
      if (now - last < (tty ? 200 : 2000)) return;
      last = now;
      const line = `bhcheck: ${s} (${(totalBytes / 1e6).toFixed(1)} MB file)`;
      if (tty) {
        readline.clearLine(process.stderr, 0);
        readline.cursorTo(process.stderr, 0);
        process.stderr.write(line);
      } else process.stderr.write(line + '\n');
    },
    done: () => {
      if (tty && last) process.stderr.write('\n');
    },
  };
}

function write(s: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (process.stdout.write(s)) resolve();
    else process.stdout.once('drain', resolve).once('error', reject);
  });
}

async function run(args: Args, config: AppConfig): Promise<number> {
  const input = await openInput(args.file);
  const say = (m: string) => (args.quiet ? undefined : process.stderr.write(`bhcheck: ${m}\n`));
  const db = await openDatabase(config, say, { label: 'cli' });
  // every run, also with --quiet: which data this run reads and writes is never a guess
  process.stderr.write(`bhcheck: database: ${db.description}\n`);
  const spool = path.join(os.tmpdir(), `bhcheck-report-${process.pid}-${Date.now()}.ndjson`);
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, db.url), { logger: false });
  try {
    if (db.embedded && config.loadDemo) {
      const demo = await loadDemoIfNew(app);
      if (demo) say(`new embedded database: loaded the demo data (${demo.summary})`);
    }
    for (const warning of await app.get(ProvidersService).storedRecordWarnings()) say(`warning: ${warning}`);
    const actor: Actor = { ...SYSTEM_ACTOR, name: 'cli' };
    const progress = progressReporter(!args.quiet && input.bytes > 2_000_000, input.bytes);
    let file: X12Report['file'] | undefined;
    let caps: CapReport[] = [];
    // Each claim's output is formatted once and spooled to a temporary file: memory stays flat, and
    // nothing is printed until the whole file has been read and checked (a refused file prints no
    // partial report).
    const totals = emptyTotals();
    const style = { color: Boolean(process.stdout.isTTY) && !process.env.NO_COLOR, width: Math.max(60, Math.min(process.stdout.columns ?? 100, 120)) };
    const out = fs.openSync(spool, 'w', 0o600);
    let pending: string[] = [];
    const flush = () => {
      if (pending.length) fs.writeSync(out, pending.join(''));
      pending = [];
    };
    // csv joins each report with its claim as read (date of service, codes, NPIs), as the API's CSV does
    const csv = args.format === 'csv' ? app.get(ClaimsCsvService).writer(actor) : null;
    const onClaim = async (report: ClaimReport, claim: ClaimInput) => {
      const first = totals.claims === 0;
      count(totals, report);
      pending.push(csv ? await csv.add(report, claim) : args.format === 'json' ? (first ? '' : ',\n') + JSON.stringify(report) : textClaim(report, style));
      if (pending.length >= 500) flush();
    };
    try {
      if (input.kind === 'x12') {
        const result = await app.get(X12IntakeService).check(actor, () => fs.createReadStream(input.path), {
          commit: args.commit,
          envelope: args.envelope,
          tokenizer: args.tokenizer,
          explain: args.explain,
          onClaim,
          onProgress: (p) => progress.update(`${p.phase} ${p.claims.toLocaleString('en-US')} claims, ${p.lines.toLocaleString('en-US')} lines`),
        });
        file = result.file;
        caps = result.caps;
      } else {
        let body: unknown;
        try {
          body = JSON.parse(fs.readFileSync(input.path, 'utf8').replace(/^\ufeff/, ''));
        } catch (e) {
          throw new InputError(`${args.file} is not valid JSON: ${(e as Error).message}`);
        }
        // a file may be one claim, an array of claims, or { claims: [...] } with notes beside it
        const wrapped = Array.isArray(body) ? { claims: body } : body && typeof body === 'object' && 'claims' in body ? { claims: (body as { claims: unknown }).claims } : body;
        const claims = parseClaimsBody(wrapped, Number.MAX_SAFE_INTEGER).claims;
        const service = app.get(ClaimsService);
        const options = { explain: args.explain };
        const report = args.commit ? await service.commit(actor, claims, options) : await service.validate(actor, claims, options);
        for (const [r, c] of withClaims(report.claims, claims)) await onClaim(r, c!);
        caps = report.caps;
      }
      if (csv) pending.push(await csv.flush());
      flush();
    } finally {
      fs.closeSync(out);
      progress.done();
    }
    // people know recipients by Medicaid ID, not by this database's ids
    const ids = [...new Set(caps.map((c) => c.recipientId))];
    const rows: { id: string; medicaid_id: string }[] = ids.length ? await app.get(DataSource).query('SELECT id, medicaid_id FROM recipients WHERE id = ANY($1::uuid[])', [ids]) : [];
    const medicaidIds = new Map(rows.map((r) => [r.id, r.medicaid_id]));

    if (args.format === 'json') await write(`{\n"file": ${JSON.stringify(file ?? null)},\n"claims": [\n`);
    if (csv) await write(csv.head());
    await pipeline(fs.createReadStream(spool), process.stdout, { end: false });
    if (args.format === 'json') await write(`\n],\n"caps": ${JSON.stringify(caps)}\n}\n`);
    if (args.format === 'text') await write(textTotals(totals, caps, file, medicaidIds));
    else if (!args.quiet) process.stderr.write(textTotals(totals, [], file));
    return (totals.claimsByStatus.FAIL ?? 0) > 0 ? 1 : 0;
  } finally {
    fs.rmSync(spool, { force: true });
    input.cleanup();
    await app.close();
    await db.stop();
  }
}

/**
 * A file's claims are garbage as soon as their report is spooled (about 45 MB stays live), but V8 lets
 * the heap grow to about four times what survived the last full collection before it collects again,
 * which put a 50 MB file at 280-310 MB resident. Growing by at most 100% keeps it near 200 MB for the
 * same run time (bench/x12-cli.bench.ts). A GC heuristic read at each collection, so setting it now
 * (rather than as a node option) takes effect.
 */
export function limitHeapGrowth(): void {
  v8.setFlagsFromString('--heap-growing-percent=100');
}

function version(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

/** What went wrong, in words: a message (and where, for a bug), never a bare "undefined". */
export function describeFailure(e: unknown): string {
  if (e instanceof Error) return e.stack ?? e.message;
  if (e === undefined || e === null) return `an operation failed without saying why (it gave ${String(e)})`;
  return typeof e === 'string' ? e : JSON.stringify(e);
}

export async function main(argv: string[]): Promise<number> {
  limitHeapGrowth();
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof VersionRequest) {
      process.stdout.write(`bhcheck ${version()}\n`);
      return 0;
    }
    if (e instanceof UsageError) {
      // asked for (--help): the usage on stdout; a mistake: what was wrong, then the usage, on stderr
      if (!e.message) {
        process.stdout.write(USAGE + '\n');
        return 0;
      }
      process.stderr.write(`bhcheck: ${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  let config: AppConfig | undefined;
  try {
    config = loadConfig();
    return await run(args, config);
  } catch (e) {
    if (e instanceof InputError) {
      process.stderr.write(`bhcheck: ${e.message}\n`);
      return 2;
    }
    if (e instanceof DomainError) {
      // an X12 refusal's message already names the segment (X12Error): not repeated here
      process.stderr.write(`bhcheck: ${e.message}\n`);
      for (const fe of e.errors.slice(0, 20)) process.stderr.write(`  ${fe.path}: ${fe.message}\n`);
      if (e.code === 'CONFLICT') return 1; // claims that cannot be recorded as sent: they fail
      return e.code === 'VALIDATION_FAILED' || e.code === 'UNPROCESSABLE_INPUT' || e.code === 'PAYLOAD_TOO_LARGE' ? 2 : 3;
    }
    if (e instanceof ConfigError) {
      process.stderr.write(`bhcheck: configuration error: ${e.message}\n`);
      return 3;
    }
    if (isDatabaseUnavailable(e)) {
      const where = config?.databaseUrl ? describeDatabaseUrl(config.databaseUrl) : `the embedded PostgreSQL in ${config?.dataDir}`;
      process.stderr.write(`bhcheck: could not run: the database (${where}) cannot be reached: ${(e as Error).message}\n`);
      return 3;
    }
    process.stderr.write(`bhcheck: could not run: ${describeFailure(e)}\n`);
    return 3;
  }
}

if (require.main === module) {
  // exit explicitly once stdout has drained: nothing left open (a pool's timer) may hold the process
  const exit = (code: number) => process.stdout.write('', () => process.exit(code));
  main(process.argv.slice(2)).then(exit, (e) => {
    process.stderr.write(`bhcheck: ${String(e)}\n`);
    exit(3);
  });
}
