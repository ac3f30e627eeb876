/**
 * A claim is recorded whole or not at all: the real service (a child process) is killed with SIGKILL
 * in the middle of a 400-claim commit; the database then holds only whole claims (a version row for
 * every record, exactly the ledger entries each recorded claim's lines produce, no orphan entries).
 * Restarted, the same batch again gives repeats for what was recorded and records the rest, and the
 * ledger ends where one clean run ends.
 *
 * No timing assertions: every wait is a bounded poll.
 */
import { Client } from 'pg';
import { auth, startTestApp, type TestApp } from '../support/app';
import { BILLING_PRAIRIE as BILLING, OKAFOR_NPI, PRAIRIE_NPI, type ClaimBody, type ClaimLineBody } from '../support/claim-body';
import type { TestDatabase } from '../support/database';
import { killAllServices, killHard, startService } from '../support/service-process';

// two cold ts-node starts and three 400-claim commits: about a minute here, much more on a busy machine
jest.setTimeout(300_000);

const DIRECTOR = 'bhk_demo_director_prairie_6PzM1cV3';
const BATCH = 400;
/** kill once this many claims are committed (far from the end, so the batch cannot finish first) */
const KILL_AFTER = 40;
const RECIPIENTS = ['910000001', '910000002', '910000003', '910000004', '910000005', '910000006', '910000007', '910000008'];

const dayFrom = (start: [number, number, number], n: number): string => new Date(Date.UTC(start[0], start[1] - 1, start[2] + n)).toISOString().slice(0, 10);

/** 400 claims of 1 to 3 lines over eight recipients, every 7th line TLA (T1016-U1), all within both caps. */
function buildBatch(): ClaimBody[] {
  const claims: ClaimBody[] = [];
  let lineNo = 0;
  // each recipient's lines on distinct days (one session a day: no DUPLICATE_LINE within or across
  // claims), about 100 each inside the plan window 2026-08-01..2027-01-31
  const days = new Map<string, number>();
  for (let i = 0; i < BATCH; i++) {
    const lines: ClaimLineBody[] = [];
    const medicaidId = RECIPIENTS[i % RECIPIENTS.length];
    for (let j = 0; j < 1 + (i % 3); j++) {
      const tla = lineNo++ % 7 === 0;
      const day = days.get(medicaidId) ?? 0;
      days.set(medicaidId, day + 1);
      lines.push({
        lineId: String(j + 1),
        dateOfService: dayFrom([2026, 8, 1], day),
        units: 1 + ((i + j) % 2),
        renderingNpi: OKAFOR_NPI,
        procedureCode: 'T1016',
        ...(tla ? { modifiers: ['U1'] } : {}),
      });
    }
    claims.push({ claimId: `KILL-${String(i).padStart(4, '0')}`, billingNpi: PRAIRIE_NPI, medicaidId, placeOfService: '11', lines });
  }
  return claims;
}

/** What each claim's lines must put in the ledger: `lineId|category|minutes`, sorted. */
function expectedEntries(c: ClaimBody): string[] {
  return c.lines.flatMap((l) => (l.modifiers?.includes('U1') ? ['TCM', 'TLA'] : ['TCM']).map((cat) => `${l.lineId}|${cat}|${l.units * 15}`)).sort();
}

/** Open minutes per `medicaidId|sfy|category`, from the database. */
async function ledgerTotals(db: Client): Promise<Record<string, number>> {
  const rows: { medicaid_id: string; sfy: string; category: string; minutes: number }[] = (
    await db.query(
      `SELECT r.medicaid_id, l.sfy, l.category, sum(l.minutes)::int AS minutes
         FROM cap_ledger_entries l JOIN recipients r ON r.id = l.recipient_id
        WHERE l.released_at IS NULL GROUP BY 1, 2, 3`,
    )
  ).rows;
  return Object.fromEntries(rows.map((r) => [`${r.medicaid_id}|${r.sfy}|${r.category}`, r.minutes]));
}

async function addRecipients(t: TestApp): Promise<void> {
  const prairie = t.demo!.ids.prairie;
  const okafor = t.demo!.ids.okafor;
  for (const medicaidId of RECIPIENTS) {
    const r = await t.http().post('/api/v1/recipients').set(auth(BILLING)).send({ medicaidId, name: `Kill ${medicaidId}`, birthDate: '1980-01-01', providerIds: [prairie] });
    if (r.status !== 201) throw new Error(`recipient: ${r.status} ${JSON.stringify(r.body)}`);
    const a = await t.http().post(`/api/v1/recipients/${r.body.id}/assessments`).set(auth(DIRECTOR)).send({ providerId: prairie, completedOn: '2026-06-10', approvedByStaffId: okafor, diagnoses: ['F33.1'] });
    if (a.status !== 201) throw new Error(`assessment: ${a.status} ${JSON.stringify(a.body)}`);
    const p = await t.http().post(`/api/v1/recipients/${r.body.id}/treatment-plans`).set(auth(DIRECTOR)).send({
      providerId: prairie,
      approvedOn: '2026-08-01',
      approvedByStaffId: okafor,
      clientSignedOn: '2026-08-01',
      services: ['MENTAL_HEALTH_CASE_MANAGEMENT', 'TRANSITION_LINKAGE_AFTERCARE'],
    });
    if (p.status !== 201) throw new Error(`plan: ${p.status} ${JSON.stringify(p.body)}`);
  }
}

const postBatch = (port: number, claims: ClaimBody[]) =>
  fetch(`http://127.0.0.1:${port}/api/v1/claims`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...auth(BILLING) },
    body: JSON.stringify({ claims }),
  });

const count = async (db: Client, sql: string): Promise<number> => Number((await db.query(`SELECT count(*)::int AS n FROM (${sql}) q`)).rows[0].n);

let t: TestApp | undefined;
let database: TestDatabase | undefined;
let db: Client | undefined;

beforeAll(async () => {
  // the demo and eight more recipients, written by an in-process app that is then closed (the database stays)
  t = await startTestApp({ demo: true });
  database = t.db;
  await addRecipients(t);
  await t.app.close();
  db = new Client({ connectionString: database.url });
  await db.connect();
});

afterAll(async () => {
  await killAllServices();
  await db?.end().catch(() => undefined);
  await database?.drop();
});

it('SIGKILL in the middle of a batch commit leaves only whole claims; the batch again completes it', async () => {
  const batch = buildBatch();
  const byId = new Map(batch.map((c) => [c.claimId, c]));
  // the test's own premise: one clean run records every claim (each recipient within both caps)
  const expectedTotals: Record<string, number> = {};
  for (const c of batch) {
    for (const e of expectedEntries(c)) {
      const [, category, minutes] = e.split('|');
      const key = `${c.medicaidId}|SFY2027|${category}`;
      expectedTotals[key] = (expectedTotals[key] ?? 0) + Number(minutes);
    }
  }
  for (const [key, minutes] of Object.entries(expectedTotals)) expect(minutes).toBeLessThan(key.endsWith('TLA') ? 2_400 : 14_400);

  // 1. start, send the batch, and kill the process once part of it is committed
  const first = await startService({ DATABASE_URL: database!.url });
  let settled: { status?: number; error?: string } | undefined;
  const inFlight = postBatch(first.port, batch).then(
    async (r) => (settled = { status: r.status, error: (await r.text().catch(() => '')).slice(0, 300) }),
    (e: Error) => (settled = { error: String(e) }),
  );
  let committed = 0;
  for (let i = 0; i < 12_000 && committed < KILL_AFTER && !settled; i++) {
    committed = await count(db!, 'SELECT 1 FROM claim_records');
    if (committed < KILL_AFTER) await new Promise((r) => setTimeout(r, 10));
  }
  await killHard(first);
  await inFlight;
  expect(committed).toBeGreaterThanOrEqual(KILL_AFTER);
  // the request died with the process: no response
  expect(settled?.status).toBeUndefined();

  // PostgreSQL rolls back what the dead process had open once it sees the connections gone
  let backends = -1;
  for (let i = 0; i < 300 && backends !== 0; i++) {
    backends = await count(db!, `SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
    if (backends !== 0) await new Promise((r) => setTimeout(r, 100));
  }
  expect(backends).toBe(0);

  // 2. only whole claims
  const recorded: { claim_id: string; current_version: number }[] = (await db!.query(`SELECT claim_id, current_version FROM claim_records ORDER BY claim_id`)).rows;
  expect(recorded.length).toBeGreaterThan(0);
  expect(recorded.length).toBeLessThan(BATCH);
  for (const r of recorded) expect(r.current_version).toBe(1);
  // every record has its version row
  expect(await count(db!, `SELECT 1 FROM claim_records c LEFT JOIN claim_versions v ON v.claim_record_id = c.id AND v.version = c.current_version WHERE v.id IS NULL`)).toBe(0);
  expect(await count(db!, 'SELECT 1 FROM claim_versions')).toBe(recorded.length);
  // no ledger entry of a claim version that was not recorded
  expect(
    await count(db!, `SELECT 1 FROM cap_ledger_entries l LEFT JOIN claim_versions v ON v.claim_record_id = l.claim_record_id AND v.version = l.claim_version WHERE l.source = 'CLAIM' AND v.id IS NULL`),
  ).toBe(0);
  // the duplicate check's history: each recorded claim's lines, nothing of a claim not recorded
  const historyLines: { claim_id: string; lines: string[] }[] = (
    await db!.query(`SELECT c.claim_id, array_agg(l.line_id ORDER BY l.line_id) AS lines FROM recorded_claim_lines l JOIN claim_records c ON c.id = l.claim_record_id GROUP BY c.claim_id`)
  ).rows;
  expect(historyLines.map((h) => h.claim_id).sort()).toEqual(recorded.map((r) => r.claim_id).sort());
  for (const h of historyLines) expect(h.lines).toEqual(byId.get(h.claim_id)!.lines.map((l) => l.lineId));
  // one audit entry per recorded claim (written in the same transaction)
  expect(await count(db!, `SELECT 1 FROM audit_log WHERE action = 'COMMIT_CLAIM'`)).toBe(recorded.length);
  // each recorded claim holds exactly the entries its lines produce
  const entries: { claim_id: string; line_id: string; category: string; minutes: number }[] = (
    await db!.query(`SELECT c.claim_id, l.line_id, l.category, l.minutes FROM cap_ledger_entries l JOIN claim_records c ON c.id = l.claim_record_id WHERE l.released_at IS NULL`)
  ).rows;
  const actual = new Map<string, string[]>();
  for (const e of entries) actual.set(e.claim_id, [...(actual.get(e.claim_id) ?? []), `${e.line_id}|${e.category}|${e.minutes}`]);
  for (const r of recorded) {
    const c = byId.get(r.claim_id);
    expect(c).toBeDefined();
    expect({ claimId: r.claim_id, entries: (actual.get(r.claim_id) ?? []).sort() }).toEqual({ claimId: r.claim_id, entries: expectedEntries(c!) });
  }
  expect([...actual.keys()].every((id) => recorded.some((r) => r.claim_id === id))).toBe(true);
  const recordedBefore = new Set(recorded.map((r) => r.claim_id));

  // 3. restart and send the same batch: repeats for what was recorded, the rest recorded now
  const second = await startService({ DATABASE_URL: database!.url });
  const res = await postBatch(second.port, batch);
  expect(res.status).toBe(200);
  const report = (await res.json()) as { claims: { claimId: string; status: string; recorded: boolean; repeat: boolean; version: number }[] };
  expect(report.claims).toHaveLength(BATCH);
  const wrong = report.claims.filter((c) => !c.recorded || c.version !== 1 || c.status === 'FAIL' || c.repeat !== recordedBefore.has(c.claimId));
  expect(wrong).toEqual([]);
  expect(await count(db!, 'SELECT 1 FROM claim_records')).toBe(BATCH);
  expect(await count(db!, 'SELECT 1 FROM claim_versions')).toBe(BATCH);
  await killHard(second);

  // 4. the ledger ends where one clean run ends
  const clean = await startTestApp({ demo: true });
  let cleanTotals: Record<string, number>;
  try {
    await addRecipients(clean);
    const r = await clean.http().post('/api/v1/claims').set(auth(BILLING)).send({ claims: batch });
    expect(r.status).toBe(200);
    expect(r.body.claims.filter((c: { recorded: boolean }) => !c.recorded)).toEqual([]);
    const cleanDb = new Client({ connectionString: clean.db.url });
    await cleanDb.connect();
    try {
      cleanTotals = await ledgerTotals(cleanDb);
    } finally {
      await cleanDb.end();
    }
  } finally {
    await clean.close();
  }
  // (the demo's own usage of other recipients is in both databases too)
  const totals = await ledgerTotals(db!);
  expect(totals).toEqual(cleanTotals);
  const ours = Object.fromEntries(Object.entries(totals).filter(([k]) => RECIPIENTS.includes(k.split('|')[0])));
  expect(ours).toEqual(expectedTotals);
});
