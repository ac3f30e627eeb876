/**
 * The cap ledger under concurrent commits, and idempotency over HTTP.
 *
 * - 50 concurrent POST /claims for one recipient at the TCM boundary, the TLA boundary, and across
 *   the SFY boundary (June 30 / July 1): the ledger never passes a cap, and exactly the claims that
 *   fit are recorded. 50 concurrent claims of one session: exactly one is recorded (DUPLICATE_LINE
 *   reads the recorded lines under the same lock).
 * - The advisory lock itself (CapLedgerService.lock): a second transaction wanting the same
 *   (recipient, SFY) waits for the first; another SFY does not.
 * - The same claim twice, a changed ORIGINAL, REPLACEMENT, VOID, and REPLACEMENT/VOID of nothing.
 */
import type { EntityManager, QueryRunner } from 'typeorm';
import { CapLedgerService } from '../../src/claims/cap-ledger.service';
import { auth, startTestApp, type TestApp } from '../support/app';
import { augustPlus, BILLING_PRAIRIE as BILLING, prairieClaim as claim, tcmLine as line, TCM_CAP, TLA_CAP, type ClaimBody } from '../support/claim-body';

jest.setTimeout(120_000);

const DIRECTOR = 'bhk_demo_director_prairie_6PzM1cV3';
const CONCURRENT = 50;

let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ demo: true });
});
afterAll(async () => t?.close());

const post = (body: unknown) => t.http().post('/api/v1/claims').set(auth(BILLING)).send(body as object);

/** A prairie recipient with an assessment and a plan naming every case-management service. */
async function newRecipient(medicaidId: string, assessedOn: string, plannedOn: string): Promise<string> {
  const okafor = t.demo!.ids.okafor;
  const prairie = t.demo!.ids.prairie;
  const r = await t.http().post('/api/v1/recipients').set(auth(BILLING)).send({ medicaidId, name: `Load ${medicaidId}`, birthDate: '1980-01-01', providerIds: [prairie] });
  if (r.status !== 201) throw new Error(`recipient: ${r.status} ${JSON.stringify(r.body)}`);
  const a = await t.http().post(`/api/v1/recipients/${r.body.id}/assessments`).set(auth(DIRECTOR)).send({ providerId: prairie, completedOn: assessedOn, approvedByStaffId: okafor, diagnoses: ['F33.1'] });
  if (a.status !== 201) throw new Error(`assessment: ${a.status} ${JSON.stringify(a.body)}`);
  const p = await t.http().post(`/api/v1/recipients/${r.body.id}/treatment-plans`).set(auth(DIRECTOR)).send({
    providerId: prairie,
    approvedOn: plannedOn,
    approvedByStaffId: okafor,
    clientSignedOn: plannedOn,
    services: ['MENTAL_HEALTH_CASE_MANAGEMENT', 'TRANSITION_LINKAGE_AFTERCARE', 'CLIENT_CENTERED_CONSULTATION', 'THERAPY_COUNSELING'],
  });
  if (p.status !== 201) throw new Error(`plan: ${p.status} ${JSON.stringify(p.body)}`);
  return r.body.id as string;
}

async function usage(recipientId: string, service: string, dateOfService: string, minutes: number): Promise<void> {
  const externalReference = `elsewhere-${recipientId}-${service}-${dateOfService}`;
  const r = await t.http().post(`/api/v1/recipients/${recipientId}/usage`).set(auth(BILLING)).send({ dateOfService, service, minutes, externalReference });
  if (r.status !== 201) throw new Error(`usage: ${r.status} ${JSON.stringify(r.body)}`);
}

/** SQL sum of the open ledger minutes (the truth, not what the API says). */
async function ledgerSum(recipientId: string, sfy: string, category: 'TCM' | 'TLA'): Promise<number> {
  const [row] = await t.ds.query(`SELECT coalesce(sum(minutes), 0)::int AS n FROM cap_ledger_entries WHERE recipient_id = $1 AND sfy = $2 AND category = $3 AND released_at IS NULL`, [
    recipientId,
    sfy,
    category,
  ]);
  return row.n as number;
}

async function count(sql: string, params: unknown[] = []): Promise<number> {
  const [row] = await t.ds.query(`SELECT count(*)::int AS n FROM (${sql}) q`, params);
  return row.n as number;
}

async function caps(recipientId: string, sfy: string) {
  const r = await t.http().get(`/api/v1/recipients/${recipientId}/caps?sfy=${sfy}`).set(auth(BILLING));
  expect(r.status).toBe(200);
  return r.body as { tcm: { usedMinutes: number; remainingMinutes: number }; tla: { usedMinutes: number; remainingMinutes: number } };
}

interface CommitOutcome {
  claimId: string;
  recorded: boolean;
  codes: string[];
}

/** Fires every body at once (one request each) and returns each claim's outcome; any non-200 throws. */
async function fireTogether(bodies: ClaimBody[]): Promise<CommitOutcome[]> {
  const responses = await Promise.all(bodies.map((b) => post(b)));
  return responses.map((r, i) => {
    if (r.status !== 200) throw new Error(`claim ${bodies[i].claimId}: ${r.status} ${JSON.stringify(r.body)}`);
    const c = r.body.claims[0];
    return {
      claimId: c.claimId as string,
      recorded: c.recorded as boolean,
      codes: (c.lines as { findings: { code: string; severity: string }[] }[]).flatMap((l) => l.findings.filter((f) => f.severity === 'error').map((f) => f.code)),
    };
  });
}

/** How many backends of this database have overlapped on the cap lock: seen by a sampler while the burst runs. */
async function withLockWaitSampler<T>(work: () => Promise<T>): Promise<{ result: T; sawWaiters: boolean }> {
  let done = false;
  let sawWaiters = false;
  const sampler = (async () => {
    while (!done) {
      const [row] = await t.ds.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND classid = 7262002 AND NOT granted`);
      if (row.n > 0) sawWaiters = true;
      await new Promise((r) => setImmediate(r));
    }
  })();
  try {
    const result = await work();
    return { result, sawWaiters };
  } finally {
    done = true;
    await sampler;
  }
}

describe('50 concurrent commits at a cap boundary', () => {
  it('TCM: exactly the 10 claims that fit are recorded, the ledger ends at 14,400 minutes', async () => {
    const recipientId = t.demo!.ids.r_adult;
    await usage(recipientId, 'MENTAL_HEALTH_CASE_MANAGEMENT', '2026-08-03', TCM_CAP - 10 * 60);
    expect(await ledgerSum(recipientId, 'SFY2027', 'TCM')).toBe(TCM_CAP - 600);

    const bodies = Array.from({ length: CONCURRENT }, (_, i) => claim(`TCM-RACE-${i}`, '400112233', [line('1', augustPlus(i), 4)]));
    const { result: outcomes, sawWaiters } = await withLockWaitSampler(() => fireTogether(bodies));

    const recorded = outcomes.filter((o) => o.recorded);
    const refused = outcomes.filter((o) => !o.recorded);
    expect(recorded).toHaveLength(10);
    expect(refused).toHaveLength(40);
    for (const o of refused) expect(o.codes).toEqual(['TCM_CAP_EXCEEDED']);
    for (const o of recorded) expect(o.codes).toEqual([]);

    expect(await ledgerSum(recipientId, 'SFY2027', 'TCM')).toBe(TCM_CAP);
    expect(await count(`SELECT 1 FROM claim_records WHERE recipient_id = $1 AND claim_id LIKE 'TCM-RACE-%'`, [recipientId])).toBe(10);
    // the recorded claims are exactly the ones the responses said
    const rows: { claim_id: string }[] = await t.ds.query(`SELECT claim_id FROM claim_records WHERE claim_id LIKE 'TCM-RACE-%'`);
    expect(rows.map((r) => r.claim_id).sort()).toEqual(recorded.map((o) => o.claimId).sort());
    const view = await caps(recipientId, 'SFY2027');
    expect(view.tcm).toMatchObject({ usedMinutes: TCM_CAP, remainingMinutes: 0 });
    // not a timing assertion: a record of whether the burst really contended (it should, 50 at once)
    if (!sawWaiters) console.warn('TCM burst: no waiter on the cap lock was sampled; the requests may not have overlapped');
  });

  it('TLA: exactly the 10 T1016-U1 claims that fit the 40 hours are recorded while TCM has room', async () => {
    const recipientId = await newRecipient('900000001', '2026-06-10', '2026-08-01');
    await usage(recipientId, 'TRANSITION_LINKAGE_AFTERCARE', '2026-08-03', TLA_CAP - 10 * 60);
    expect(await ledgerSum(recipientId, 'SFY2027', 'TLA')).toBe(TLA_CAP - 600);
    expect(await ledgerSum(recipientId, 'SFY2027', 'TCM')).toBe(TLA_CAP - 600); // TLA counts toward both

    const bodies = Array.from({ length: CONCURRENT }, (_, i) => claim(`TLA-RACE-${i}`, '900000001', [line('1', augustPlus(i), 4, ['U1'])]));
    const outcomes = await fireTogether(bodies);

    const recorded = outcomes.filter((o) => o.recorded);
    const refused = outcomes.filter((o) => !o.recorded);
    expect(recorded).toHaveLength(10);
    expect(refused).toHaveLength(40);
    for (const o of refused) expect(o.codes).toEqual(['TLA_CAP_EXCEEDED']);

    expect(await ledgerSum(recipientId, 'SFY2027', 'TLA')).toBe(TLA_CAP);
    expect(await ledgerSum(recipientId, 'SFY2027', 'TCM')).toBe(TLA_CAP);
    const view = await caps(recipientId, 'SFY2027');
    expect(view.tla).toMatchObject({ usedMinutes: TLA_CAP, remainingMinutes: 0 });
    expect(view.tcm).toMatchObject({ usedMinutes: TLA_CAP, remainingMinutes: TCM_CAP - TLA_CAP });
  });

  it('June 30 and July 1 are two State fiscal years: a full SFY2026 does not stop SFY2027', async () => {
    // plan 2026-06-15 covers both 2026-06-30 (SFY2026) and 2026-07-01 (SFY2027)
    const recipientId = await newRecipient('900000002', '2026-06-01', '2026-06-15');
    await usage(recipientId, 'MENTAL_HEALTH_CASE_MANAGEMENT', '2026-06-16', TCM_CAP - 5 * 60);
    expect(await ledgerSum(recipientId, 'SFY2026', 'TCM')).toBe(TCM_CAP - 300);
    expect(await ledgerSum(recipientId, 'SFY2027', 'TCM')).toBe(0);

    // 20 June-only, 20 July-only, 10 with one line on each side (they take both locks, in order). Each
    // line a session of its own (one person's case management on one day, face to face, by video or
    // by phone: 30 in the last days of June, 30 in the first days of July), so none is DUPLICATE_LINE.
    const contacts = [undefined, ['GT'], ['93']];
    let june = 0;
    let july = 0;
    const juneLine = (id: string) => line(id, `2026-06-${30 - (june % 15)}`, 4, contacts[Math.floor(june++ / 15)]);
    const julyLine = (id: string) => line(id, `2026-07-${String(1 + (july % 15)).padStart(2, '0')}`, 4, contacts[Math.floor(july++ / 15)]);
    const bodies: ClaimBody[] = [];
    for (let i = 0; i < CONCURRENT; i++) {
      const kind = i % 5 === 4 ? 'BOTH' : i % 2 === 0 ? 'JUNE' : 'JULY';
      const lines = kind === 'JUNE' ? [juneLine('1')] : kind === 'JULY' ? [julyLine('1')] : [juneLine('1'), julyLine('2')];
      bodies.push(claim(`SFY-${kind}-${i}`, '900000002', lines));
    }
    const outcomes = await fireTogether(bodies);
    const recordedOf = (kind: string) => outcomes.filter((o) => o.claimId.startsWith(`SFY-${kind}-`) && o.recorded).length;

    // SFY2026 had room for exactly 5 June lines, whichever claims carried them
    expect(recordedOf('JUNE') + recordedOf('BOTH')).toBe(5);
    // every July-only claim is recorded: SFY2027 is its own cap
    expect(recordedOf('JULY')).toBe(20);
    for (const o of outcomes.filter((x) => !x.recorded)) expect(o.codes).toEqual(['TCM_CAP_EXCEEDED']);

    expect(await ledgerSum(recipientId, 'SFY2026', 'TCM')).toBe(TCM_CAP);
    expect(await ledgerSum(recipientId, 'SFY2027', 'TCM')).toBe(60 * (20 + recordedOf('BOTH')));
    expect((await caps(recipientId, 'SFY2026')).tcm).toMatchObject({ usedMinutes: TCM_CAP, remainingMinutes: 0 });
    expect((await caps(recipientId, 'SFY2027')).tcm.usedMinutes).toBe(60 * (20 + recordedOf('BOTH')));
    // a refused BOTH claim left nothing behind in SFY2027 either: claims are whole
    expect(
      await count(`SELECT 1 FROM cap_ledger_entries l JOIN claim_records c ON c.id = l.claim_record_id WHERE c.claim_id LIKE 'SFY-BOTH-%' AND l.released_at IS NULL`),
    ).toBe(2 * recordedOf('BOTH'));
  });

  it('one session on 50 claims at once: exactly one is recorded, the 49 others are DUPLICATE_LINE naming it', async () => {
    const recipientId = await newRecipient('900000009', '2026-06-10', '2026-08-01');
    const bodies = Array.from({ length: CONCURRENT }, (_, i) => claim(`DUP-RACE-${i}`, '900000009', [line('1', '2026-12-01', 2)]));
    const responses = await Promise.all(bodies.map((b) => post(b)));
    const claims = responses.map((r) => {
      expect(r.status).toBe(200);
      return r.body.claims[0];
    });
    const recorded = claims.filter((c) => c.recorded);
    expect(recorded).toHaveLength(1);
    const first = recorded[0].claimId as string;
    for (const c of claims.filter((x) => !x.recorded)) {
      expect(c.lines[0].findings.map((f: { code: string }) => f.code)).toEqual(['DUPLICATE_LINE']);
      expect(c.lines[0].findings[0].fact).toMatchObject({ firstClaimId: first, firstRecorded: true });
    }
    expect(await count(`SELECT 1 FROM claim_records WHERE recipient_id = $1 AND claim_id LIKE 'DUP-RACE-%'`, [recipientId])).toBe(1);
    expect(await count(`SELECT 1 FROM recorded_claim_lines WHERE recipient_id = $1 AND date_of_service = '2026-12-01' AND released_at IS NULL`, [recipientId])).toBe(1);
  });
});

describe('the cap lock (CapLedgerService.lock) in the database', () => {
  const runners: QueryRunner[] = [];
  async function tx(): Promise<QueryRunner> {
    const qr = t.ds.createQueryRunner();
    runners.push(qr);
    await qr.connect();
    await qr.startTransaction();
    return qr;
  }
  const pidOf = async (qr: QueryRunner): Promise<number> => (await qr.query('SELECT pg_backend_pid() AS pid'))[0].pid as number;
  afterEach(async () => {
    for (const qr of runners.splice(0)) {
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      await qr.release().catch(() => undefined);
    }
  });

  const ledger = new CapLedgerService();
  const em = (qr: QueryRunner): EntityManager => qr.manager;

  it('a second transaction wanting the same recipient and SFY waits until the first commits', async () => {
    const key = { recipientId: t.demo!.ids.r_child, sfy: 'SFY2027' };
    const first = await tx();
    const second = await tx();
    await ledger.lock(em(first), [key]);
    const secondPid = await pidOf(second);

    let acquired = false;
    const waiting = ledger.lock(em(second), [key]).then(() => (acquired = true));
    // bounded poll until PostgreSQL shows the second backend waiting on an advisory lock
    let waits = false;
    for (let i = 0; i < 500 && !waits; i++) {
      const rows = await t.ds.query(`SELECT 1 FROM pg_locks WHERE pid = $1 AND locktype = 'advisory' AND NOT granted`, [secondPid]);
      waits = rows.length > 0;
      if (!waits) await new Promise((r) => setTimeout(r, 20));
    }
    expect(waits).toBe(true);
    expect(acquired).toBe(false);

    await first.commitTransaction();
    await waiting;
    expect(acquired).toBe(true);
    const held = await t.ds.query(`SELECT 1 FROM pg_locks WHERE pid = $1 AND locktype = 'advisory' AND granted AND classid = 7262002`, [secondPid]);
    expect(held).toHaveLength(1);
  });

  it('with a lock_timeout the second is refused while the first holds the key; another SFY or recipient is not blocked', async () => {
    const key = { recipientId: t.demo!.ids.r_child, sfy: 'SFY2027' };
    const first = await tx();
    await ledger.lock(em(first), [key]);

    const sameKey = await tx();
    await sameKey.query(`SET LOCAL lock_timeout = '300ms'`);
    await expect(ledger.lock(em(sameKey), [key])).rejects.toMatchObject({ driverError: expect.objectContaining({ code: '55P03' }) });

    const otherYear = await tx();
    await otherYear.query(`SET LOCAL lock_timeout = '300ms'`);
    await expect(ledger.lock(em(otherYear), [{ ...key, sfy: 'SFY2026' }])).resolves.toBeUndefined();

    const otherRecipient = await tx();
    await otherRecipient.query(`SET LOCAL lock_timeout = '300ms'`);
    await expect(ledger.lock(em(otherRecipient), [{ ...key, recipientId: t.demo!.ids.r_young_adult }])).resolves.toBeUndefined();

    // once the first commits, the key is free again
    await first.commitTransaction();
    const after = await tx();
    await after.query(`SET LOCAL lock_timeout = '300ms'`);
    await expect(ledger.lock(em(after), [key])).resolves.toBeUndefined();
  });

  it('two transactions wanting the same two keys in opposite order do not deadlock (keys are sorted)', async () => {
    const a = { recipientId: t.demo!.ids.r_child, sfy: 'SFY2026' };
    const b = { recipientId: t.demo!.ids.r_child, sfy: 'SFY2027' };
    const first = await tx();
    const second = await tx();
    await ledger.lock(em(first), [b, a]);
    const secondPid = await pidOf(second);
    const waiting = ledger.lock(em(second), [a, b]);
    let waits = false;
    for (let i = 0; i < 500 && !waits; i++) {
      waits = (await t.ds.query(`SELECT 1 FROM pg_locks WHERE pid = $1 AND locktype = 'advisory' AND NOT granted`, [secondPid])).length > 0;
      if (!waits) await new Promise((r) => setTimeout(r, 20));
    }
    expect(waits).toBe(true);
    // the second holds neither key while it waits (it asks for the lower one first)
    expect(await t.ds.query(`SELECT 1 FROM pg_locks WHERE pid = $1 AND locktype = 'advisory' AND granted AND classid = 7262002`, [secondPid])).toHaveLength(0);
    await first.commitTransaction();
    await expect(waiting).resolves.toBeUndefined();
    expect(await t.ds.query(`SELECT 1 FROM pg_locks WHERE pid = $1 AND locktype = 'advisory' AND granted AND classid = 7262002`, [secondPid])).toHaveLength(2);
  });
});

describe('idempotency, REPLACEMENT and VOID over HTTP', () => {
  const MID = '900000003';
  let recipientId: string;
  beforeAll(async () => {
    recipientId = await newRecipient(MID, '2026-06-10', '2026-08-01');
  });

  const openEntries = async (claimId: string) =>
    (await t.ds.query(
      `SELECT l.line_id, l.category, l.minutes, l.claim_version FROM cap_ledger_entries l JOIN claim_records c ON c.id = l.claim_record_id
        WHERE c.claim_id = $1 AND l.released_at IS NULL ORDER BY l.line_id, l.category`,
      [claimId],
    )) as { line_id: string; category: string; minutes: number; claim_version: number }[];
  const ledgerRows = async () => count(`SELECT 1 FROM cap_ledger_entries WHERE recipient_id = $1`, [recipientId]);
  const strip = (c: Record<string, unknown>) => {
    const { repeat: _r, ...rest } = c;
    return rest;
  };

  const original = () => claim('IDEM-1', MID, [line('1', '2026-09-16', 4), line('2', '2026-09-17', 2, ['U1'])]);

  it('the same claim twice: the second is a repeat with the same report, and the ledger is unchanged', async () => {
    const first = await post(original());
    expect(first.status).toBe(200);
    expect(first.body.claims[0]).toMatchObject({ recorded: true, version: 1, repeat: false, status: 'PASS' });
    expect(await ledgerSum(recipientId, 'SFY2027', 'TCM')).toBe(90);
    expect(await ledgerSum(recipientId, 'SFY2027', 'TLA')).toBe(30);
    const rowsBefore = await ledgerRows();
    expect(rowsBefore).toBe(3); // line 1: TCM; line 2 (TLA): TCM and TLA

    const second = await post(original());
    expect(second.status).toBe(200);
    expect(second.body.claims[0]).toMatchObject({ recorded: true, version: 1, repeat: true });
    expect(strip(second.body.claims[0])).toEqual(strip(first.body.claims[0]));
    expect(await ledgerRows()).toBe(rowsBefore);
    expect(await ledgerSum(recipientId, 'SFY2027', 'TCM')).toBe(90);
    expect(await count(`SELECT 1 FROM claim_versions v JOIN claim_records c ON c.id = v.claim_record_id WHERE c.claim_id = 'IDEM-1'`)).toBe(1);

    // the same claim sent concurrently 10 times: still one version, same ledger
    const burst = await Promise.all(Array.from({ length: 10 }, () => post(original())));
    for (const r of burst) expect(r.body.claims[0]).toMatchObject({ recorded: true, version: 1, repeat: true });
    expect(await ledgerRows()).toBe(rowsBefore);
  });

  it('the same claimId with different content as an ORIGINAL is a 409 and changes nothing', async () => {
    const rowsBefore = await ledgerRows();
    const changed = original();
    changed.lines[0].units = 8;
    const r = await post(changed);
    expect(r.status).toBe(409);
    expect(r.headers['content-type']).toMatch(/problem\+json/);
    expect(r.body).toMatchObject({ code: 'CONFLICT', claimId: 'IDEM-1' });
    expect(await ledgerRows()).toBe(rowsBefore);
    expect(await ledgerSum(recipientId, 'SFY2027', 'TCM')).toBe(90);
  });

  it('a REPLACEMENT with different minutes: the ledger holds only the replacement', async () => {
    const replacement = claim('IDEM-1', MID, [line('1', '2026-09-16', 8)], 'REPLACEMENT');
    const r = await post(replacement);
    expect(r.status).toBe(200);
    expect(r.body.claims[0]).toMatchObject({ recorded: true, version: 2, repeat: false, status: 'PASS' });
    expect(await openEntries('IDEM-1')).toEqual([{ line_id: '1', category: 'TCM', minutes: 120, claim_version: 2 }]);
    expect(await ledgerSum(recipientId, 'SFY2027', 'TCM')).toBe(120);
    expect(await ledgerSum(recipientId, 'SFY2027', 'TLA')).toBe(0);
    // the original's entries are kept, released by version 2
    expect(await count(`SELECT 1 FROM cap_ledger_entries WHERE recipient_id = $1 AND released_by_version = 2 AND claim_version = 1`, [recipientId])).toBe(3);
    expect((await caps(recipientId, 'SFY2027')).tcm).toMatchObject({ usedMinutes: 120, remainingMinutes: TCM_CAP - 120 });

    const again = await post(replacement);
    expect(again.body.claims[0]).toMatchObject({ recorded: true, version: 2, repeat: true });
    expect(await ledgerSum(recipientId, 'SFY2027', 'TCM')).toBe(120);
  });

  it('a VOID releases the minutes; an identical VOID again is a repeat, a different one or a REPLACEMENT after it is a 409', async () => {
    const voiding = claim('IDEM-1', MID, [line('1', '2026-09-16', 8)], 'VOID');
    const r = await post(voiding);
    expect(r.status).toBe(200);
    expect(r.body.claims[0]).toMatchObject({ recorded: true, version: 3, repeat: false });
    expect(await openEntries('IDEM-1')).toEqual([]);
    expect(await ledgerSum(recipientId, 'SFY2027', 'TCM')).toBe(0);
    expect((await caps(recipientId, 'SFY2027')).tcm).toMatchObject({ usedMinutes: 0, remainingMinutes: TCM_CAP });
    const [rec] = await t.ds.query(`SELECT status, current_version FROM claim_records WHERE claim_id = 'IDEM-1'`);
    expect(rec).toEqual({ status: 'VOIDED', current_version: 3 });

    // observed: the identical VOID is recognised by its content hash and answered as a repeat
    const again = await post(voiding);
    expect(again.status).toBe(200);
    expect(again.body.claims[0]).toMatchObject({ recorded: true, version: 3, repeat: true });

    const otherVoid = claim('IDEM-1', MID, [line('1', '2026-09-16', 4)], 'VOID');
    const conflict = await post(otherVoid);
    expect(conflict.status).toBe(409);
    expect(conflict.body.detail).toMatch(/voided/);

    const replaceVoided = await post(claim('IDEM-1', MID, [line('1', '2026-09-16', 4)], 'REPLACEMENT'));
    expect(replaceVoided.status).toBe(409);
    expect(await ledgerSum(recipientId, 'SFY2027', 'TCM')).toBe(0);
    expect(await count(`SELECT 1 FROM claim_versions v JOIN claim_records c ON c.id = v.claim_record_id WHERE c.claim_id = 'IDEM-1'`)).toBe(3);
  });

  it('a REPLACEMENT or VOID of a claim never recorded is a 409 and writes nothing', async () => {
    const before = {
      records: await count(`SELECT 1 FROM claim_records`),
      versions: await count(`SELECT 1 FROM claim_versions`),
      ledger: await count(`SELECT 1 FROM cap_ledger_entries`),
    };
    for (const frequency of ['REPLACEMENT', 'VOID'] as const) {
      const r = await post(claim(`NEVER-${frequency}`, MID, [line('1', '2026-09-20', 4)], frequency));
      expect(r.status).toBe(409);
      expect(r.headers['content-type']).toMatch(/problem\+json/);
      expect(r.body.detail).toMatch(/no original claim is recorded/);
    }
    expect({
      records: await count(`SELECT 1 FROM claim_records`),
      versions: await count(`SELECT 1 FROM claim_versions`),
      ledger: await count(`SELECT 1 FROM cap_ledger_entries`),
    }).toEqual(before);
  });

  it('a REPLACEMENT raced against itself 10 times records one new version only', async () => {
    const first = await post(claim('IDEM-2', MID, [line('1', '2026-10-01', 4)]));
    expect(first.body.claims[0]).toMatchObject({ recorded: true, version: 1 });
    const replacement = claim('IDEM-2', MID, [line('1', '2026-10-01', 6)], 'REPLACEMENT');
    const burst = await Promise.all(Array.from({ length: 10 }, () => post(replacement)));
    for (const r of burst) expect(r.status).toBe(200);
    const bodies = burst.map((r) => r.body.claims[0]);
    expect(bodies.filter((b) => !b.repeat)).toHaveLength(1);
    for (const b of bodies) expect(b).toMatchObject({ recorded: true, version: 2 });
    expect(await openEntries('IDEM-2')).toEqual([{ line_id: '1', category: 'TCM', minutes: 90, claim_version: 2 }]);
  });
});
