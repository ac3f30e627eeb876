/**
 * Commit benchmark: the real application over real HTTP (loopback, keep-alive) on a throwaway embedded
 * PostgreSQL (fsync on), with the demo data and 50 more recipients.
 *
 * 1. POST /api/v1/claims, single-line claims from 50 concurrent clients spread over 50 recipients
 *    (different cap locks): commits/s and latency.
 * 2. The same, all 50 clients on ONE recipient and SFY (every commit waits for the same advisory
 *    lock): 1-minute lines (unitBasis MINUTES) so the whole run fits the 240-hour cap.
 * 3. POST /api/v1/claims/validate with 1,000-line batches, 1 and 4 clients: lines/s (goal 10,000).
 *    Its recipients' lines recorded by run 1 are read as the duplicate check's history.
 *
 * Every claim of a run bills a session of its own (one session on two claims is DUPLICATE_LINE).
 *
 * Prints recorded vs refused (with the refusal codes) for each commit run; stops by itself and removes
 * its temporary directory.
 * Run: npx ts-node --transpile-only bench/claims-commit.bench.ts [commits per run, default 2000]
 */
process.env.TZ = 'UTC';

import * as http from 'node:http';
import * as os from 'node:os';
import { performance } from 'node:perf_hooks';
import { DataSource } from 'typeorm';
import { percentile, runBench } from './support/run';
import { startBenchService } from './support/service';

const COMMITS = Number(process.argv[2] ?? 2_000);
const CLIENTS = 50;
const RECIPIENTS = 50;
const VALIDATE_BATCH_LINES = 1_000;
const VALIDATE_REQUESTS = 30;
const BILLING = 'bhk_demo_billing_prairie_9KdF3sQ6';
const DIRECTOR = 'bhk_demo_director_prairie_6PzM1cV3';
const PRAIRIE_NPI = '1648123457';
const OKAFOR_NPI = '1204784908';
const PATEL_NPI = '1103673897';

const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS });
let port = 0;

interface Reply {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  ms: number;
}

function call(method: string, pathname: string, key: string, body?: unknown): Promise<Reply> {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        method,
        path: pathname,
        agent,
        headers: { Authorization: `Bearer ${key}`, ...(payload ? { 'Content-Type': 'application/json', 'Content-Length': payload.length } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: res.statusCode ?? 0, body: parsed, ms: performance.now() - started });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

async function must(method: string, pathname: string, key: string, body: unknown, status: number): Promise<Reply> {
  const r = await call(method, pathname, key, body);
  if (r.status !== status) throw new Error(`${method} ${pathname}: ${r.status} ${JSON.stringify(r.body).slice(0, 500)}`);
  return r;
}

const day = (n: number): string => new Date(Date.UTC(2026, 7, 1 + n)).toISOString().slice(0, 10); // 2026-08-01 + n

/**
 * One recipient's n-th case-management session: a day of the plan window (180 days), then, once every
 * day has one, another way of billing it that day (TLA, video, phone, the psychiatrist). No two
 * claims of a run bill the same session, which would be DUPLICATE_LINE.
 */
const SESSION_KINDS: { renderingNpi: string; modifiers: string[] }[] = [OKAFOR_NPI, PATEL_NPI].flatMap((renderingNpi) =>
  [[], ['U1'], ['GT'], ['93'], ['U1', 'GT'], ['U1', '93']].map((modifiers) => ({ renderingNpi, modifiers })),
);
const session = (n: number) => ({ dateOfService: day(n % 180), ...SESSION_KINDS[Math.floor(n / 180) % SESSION_KINDS.length] });

async function addRecipient(medicaidId: string, ids: Record<string, string>): Promise<void> {
  const r = await must('POST', '/api/v1/recipients', BILLING, { medicaidId, name: `Bench ${medicaidId}`, birthDate: '1980-01-01', providerIds: [ids.prairie] }, 201);
  const id = r.body.id as string;
  await must('POST', `/api/v1/recipients/${id}/assessments`, DIRECTOR, { providerId: ids.prairie, completedOn: '2026-06-10', approvedByStaffId: ids.okafor, diagnoses: ['F33.1'] }, 201);
  await must(
    'POST',
    `/api/v1/recipients/${id}/treatment-plans`,
    DIRECTOR,
    {
      providerId: ids.prairie,
      approvedOn: '2026-08-01',
      approvedByStaffId: ids.okafor,
      clientSignedOn: '2026-08-01',
      services: ['MENTAL_HEALTH_CASE_MANAGEMENT', 'TRANSITION_LINKAGE_AFTERCARE', 'CLIENT_CENTERED_CONSULTATION', 'THERAPY_COUNSELING'],
    },
    201,
  );
}

const medicaidIdOf = (i: number): string => `8000${String(i).padStart(5, '0')}`;

/**
 * Times the duplicate check's history queries (reads per batch or per recorded claim, the insert of a
 * recorded claim's lines, the release by a REPLACEMENT or VOID), when this version has them.
 */
type Token = abstract new (...args: never[]) => unknown;

function timeHistory(app: { get: (token: Token) => unknown }) {
  let HistoryService: Token;
  try {
    HistoryService = (require('../src/claims/claim-history.service') as { ClaimHistoryService: Token }).ClaimHistoryService;
  } catch {
    return null;
  }
  const service = app.get(HistoryService) as Record<'read' | 'record' | 'release', (...a: unknown[]) => Promise<unknown>>;
  const totals = { read: { n: 0, ms: 0 }, record: { n: 0, ms: 0 }, release: { n: 0, ms: 0 } };
  for (const name of ['read', 'record', 'release'] as const) {
    const inner = service[name].bind(service);
    service[name] = async (...a: unknown[]) => {
      const t0 = performance.now();
      try {
        return await inner(...a);
      } finally {
        totals[name].n++;
        totals[name].ms += performance.now() - t0;
      }
    };
  }
  return totals;
}

interface RunResult {
  seconds: number;
  latencies: number[];
  recorded: number;
  refused: number;
  errors: number;
  refusals: Map<string, number>;
  errorSample: string | null;
  /** when each request finished, seconds from the start */
  finishedAt: number[];
}

/** `total` requests from `clients` concurrent clients, each taking the next index until none is left. */
async function run(total: number, clients: number, send: (i: number) => Promise<Reply>, judge: (r: Reply) => 'recorded' | 'refused' | 'error', refusalCodes: (r: Reply) => string[]): Promise<RunResult> {
  const out: RunResult = { seconds: 0, latencies: [], recorded: 0, refused: 0, errors: 0, refusals: new Map(), errorSample: null, finishedAt: [] };
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = next++; i < total; i = next++) {
        let r: Reply;
        try {
          r = await send(i);
        } catch (e) {
          out.errors++;
          out.errorSample ??= String(e);
          continue;
        }
        out.latencies.push(r.ms);
        out.finishedAt.push((performance.now() - started) / 1000);
        const verdict = judge(r);
        out[verdict === 'recorded' ? 'recorded' : verdict === 'refused' ? 'refused' : 'errors']++;
        if (verdict === 'refused') for (const c of refusalCodes(r)) out.refusals.set(c, (out.refusals.get(c) ?? 0) + 1);
        if (verdict === 'error') out.errorSample ??= `${r.status} ${JSON.stringify(r.body).slice(0, 300)}`;
      }
    }),
  );
  out.seconds = (performance.now() - started) / 1000;
  out.latencies.sort((a, b) => a - b);
  return out;
}

const commitJudge = (r: Reply): 'recorded' | 'refused' | 'error' => (r.status !== 200 ? 'error' : r.body.claims[0].recorded ? 'recorded' : 'refused');
const errorCodes = (r: Reply): string[] => {
  const c = r.body?.claims?.[0];
  if (!c) return [];
  const codes = [...c.findings, ...c.lines.flatMap((l: { findings: unknown[] }) => l.findings)].filter((f: { severity: string }) => f.severity === 'error').map((f: { code: string }) => f.code);
  return codes.length ? [...new Set<string>(codes)] : ['(no error finding)'];
};

function report(label: string, r: RunResult): void {
  const perSecond = r.recorded / r.seconds;
  console.log(`\n${label}`);
  console.log(`  requests ${r.recorded + r.refused + r.errors} in ${r.seconds.toFixed(2)} s: recorded ${r.recorded}, refused ${r.refused}, errors ${r.errors}`);
  if (r.refusals.size) console.log(`  refusals: ${[...r.refusals.entries()].map(([c, n]) => `${c} x${n}`).join(', ')}`);
  if (r.errorSample) console.log(`  first error: ${r.errorSample}`);
  console.log(`  ${perSecond.toFixed(0)} commits/s (${((r.recorded + r.refused) / r.seconds).toFixed(0)} claims checked/s)`);
  console.log(`  latency p50 ${percentile(r.latencies, 50).toFixed(1)} ms, p95 ${percentile(r.latencies, 95).toFixed(1)} ms, max ${percentile(r.latencies, 100).toFixed(1)} ms`);
  // requests/s in each quarter of the run (does throughput hold as the ledger grows?)
  const q = Math.floor(r.finishedAt.length / 4);
  if (q > 0) {
    const rates = [0, 1, 2, 3].map((k) => {
      const from = k === 0 ? 0 : r.finishedAt[k * q - 1];
      const to = r.finishedAt[(k + 1) * q - 1];
      return (q / (to - from)).toFixed(0);
    });
    console.log(`  requests/s by quarter of the run: ${rates.join(' / ')}`);
  }
}

const singleLine = (claimId: string, medicaidId: string, n: number, extra: Record<string, unknown> = {}) => ({
  claimId,
  billingNpi: PRAIRIE_NPI,
  medicaidId,
  placeOfService: '11',
  lines: [{ lineId: '1', units: 1, procedureCode: 'T1016', ...session(n), ...extra }],
});

/**
 * 1,000 lines: 250 claims of 4 lines (case management, TLA, therapy) over the 50 bench recipients, on
 * days after the 40 that run 1 recorded for them (its lines are read as history, none is repeated).
 */
function validateBatch(seed: number): unknown {
  const claims = [];
  for (let c = 0; c < VALIDATE_BATCH_LINES / 4; c++) {
    const n = seed * 1_000 + c;
    const codes: [string, string[]][] = [
      ['T1016', []],
      ['T1016', ['U1']],
      ['H0004', []],
      ['T1016', []],
    ];
    claims.push({
      claimId: `V-${n}`,
      billingNpi: PRAIRIE_NPI,
      medicaidId: medicaidIdOf(n % RECIPIENTS),
      placeOfService: '11',
      lines: codes.map(([procedureCode, modifiers], j) => ({ lineId: String(j + 1), dateOfService: day(40 + ((n + j * 37) % 140)), units: 2, renderingNpi: OKAFOR_NPI, procedureCode, modifiers })),
    });
  }
  return { claims };
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const service = await startBenchService(() => agent.destroy());
  try {
    const { app, demo } = service;
    port = service.port;
    const history = timeHistory(app);
    for (let i = 0; i < RECIPIENTS; i++) await addRecipient(medicaidIdOf(i), demo.ids);
    await addRecipient('800100000', demo.ids); // the hot recipient of run 2
    await addRecipient('800100001', demo.ids); // warm-up
    console.log(`setup (embedded PostgreSQL, migrations, demo, ${RECIPIENTS + 2} recipients): ${((performance.now() - t0) / 1000).toFixed(1)} s; ${os.cpus().length} CPUs, Node ${process.version}`);
    console.log(`${COMMITS} single-line claims per run from ${CLIENTS} concurrent clients over HTTP keep-alive`);

    // warm-up: JIT, connection pool, sockets
    await run(
      200,
      CLIENTS,
      (i) => call('POST', '/api/v1/claims', BILLING, singleLine(`W-${i}`, '800100001', i)),
      commitJudge,
      errorCodes,
    );

    // 1. spread: client traffic over 50 recipients, 15 minutes a claim (40 claims, 600 minutes each)
    const spread = await run(
      COMMITS,
      CLIENTS,
      (i) => call('POST', '/api/v1/claims', BILLING, singleLine(`S-${i}`, medicaidIdOf(i % RECIPIENTS), Math.floor(i / RECIPIENTS))),
      commitJudge,
      errorCodes,
    );
    report(`1. POST /claims, ${RECIPIENTS} recipients (${CLIENTS} clients)`, spread);

    // 2. hot: one recipient and SFY; 1-minute lines so 2,000 fit the 14,400-minute cap
    const hot = await run(
      COMMITS,
      CLIENTS,
      (i) => call('POST', '/api/v1/claims', BILLING, singleLine(`H-${i}`, '800100000', i, { unitBasis: 'MINUTES' })),
      commitJudge,
      errorCodes,
    );
    report(`2. POST /claims, ONE recipient and SFY: every commit takes the same lock (${CLIENTS} clients)`, hot);

    // 3. validation throughput
    for (const clients of [1, 4]) {
      const bodies = Array.from({ length: VALIDATE_REQUESTS }, (_, i) => validateBatch(i));
      await call('POST', '/api/v1/claims/validate', BILLING, bodies[0]); // warm-up
      let lines = 0;
      let failures = 0;
      const v = await run(
        VALIDATE_REQUESTS,
        clients,
        (i) => call('POST', '/api/v1/claims/validate', BILLING, bodies[i]),
        (r) => {
          if (r.status !== 200) return 'error';
          for (const c of r.body.claims) for (const l of c.lines) {
            lines++;
            if (l.status === 'FAIL' || l.status === 'UNCHECKED') failures++;
          }
          return 'recorded';
        },
        () => [],
      );
      console.log(`\n3. POST /claims/validate, ${VALIDATE_BATCH_LINES}-line batches, ${clients} client${clients === 1 ? '' : 's'}`);
      console.log(`  ${VALIDATE_REQUESTS} requests (${lines} lines, ${failures} failing lines) in ${v.seconds.toFixed(2)} s, errors ${v.errors}${v.errorSample ? ` (${v.errorSample})` : ''}`);
      console.log(`  ${(lines / v.seconds).toFixed(0)} lines/s (goal 10,000); per request p50 ${percentile(v.latencies, 50).toFixed(0)} ms, p95 ${percentile(v.latencies, 95).toFixed(0)} ms`);
    }

    // the ledger agrees with what was reported
    const ds = app.get(DataSource);
    const [row] = await ds.query(`SELECT count(*)::int AS n FROM claim_records WHERE claim_id LIKE 'S-%' OR claim_id LIKE 'H-%'`);
    console.log(`\nclaim_records from runs 1 and 2: ${row.n} (reported recorded: ${spread.recorded + hot.recorded})`);
    const [{ table }] = await ds.query(`SELECT to_regclass('recorded_claim_lines')::text AS table`);
    if (table) console.log(`recorded lines (the duplicate check's history): ${(await ds.query('SELECT count(*)::int AS n FROM recorded_claim_lines'))[0].n}`);
    if (history) {
      const avg = (t: { n: number; ms: number }) => `${t.n} x ${(t.ms / Math.max(1, t.n)).toFixed(2)} ms`;
      console.log(`the duplicate check's history, all runs: reads ${avg(history.read)}, writes ${avg(history.record)}, releases ${avg(history.release)}`);
    }
  } finally {
    await service.stop();
  }
}

runBench(main);
