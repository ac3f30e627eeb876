/**
 * Case-management minutes billed outside bhcheck (POST /recipients/{id}/usage): idempotent per
 * (provider, externalReference), corrected and voided without deleting anything, recorded past a cap
 * with the answer saying so.
 */
import { ADMIN_KEY, auth, DEMO_KEYS, startTestApp, tableCounts, type TestApp } from '../support/app';

const PRAIRIE = DEMO_KEYS.billingPrairie;
const LAKESIDE = DEMO_KEYS.billingLakeside;
const REVIEWER = DEMO_KEYS.reviewer;

let t: TestApp;
let ids: Record<string, string>;

beforeAll(async () => {
  t = await startTestApp({ demo: true });
  ids = t.demo!.ids;
});
afterAll(async () => t?.close());

const usageUrl = (recipient: string) => `/api/v1/recipients/${recipient}/usage`;
const body = (over: Record<string, unknown> = {}) => ({ dateOfService: '2026-09-14', service: 'MENTAL_HEALTH_CASE_MANAGEMENT', minutes: 60, externalReference: 'NFS-0914-1', ...over });

/** The open (unreleased) ledger minutes: the truth, not what the API says. */
async function openMinutes(recipientId: string, category = 'TCM', sfy = 'SFY2027'): Promise<number> {
  const [row] = await t.ds.query(`SELECT coalesce(sum(minutes), 0)::int AS n FROM cap_ledger_entries WHERE recipient_id = $1 AND category = $2 AND sfy = $3 AND released_at IS NULL`, [recipientId, category, sfy]);
  return row.n;
}

async function auditOf(entityId: string): Promise<string[]> {
  return (await t.ds.query(`SELECT action FROM audit_log WHERE entity = 'external_usage' AND entity_id = $1 ORDER BY id`, [entityId])).map((r: { action: string }) => r.action);
}

const withoutRepeat = ({ repeat: _r, ...rest }: Record<string, unknown>) => rest;

describe('idempotent per (provider, externalReference)', () => {
  it('20 identical retries at once record 60 minutes, once, and all get the same answer', async () => {
    const before = await openMinutes(ids.r_child);
    const responses = await Promise.all(Array.from({ length: 20 }, () => t.http().post(usageUrl(ids.r_child)).set(auth(PRAIRIE)).send(body())));
    expect(responses.map((r) => r.status)).toEqual(Array(20).fill(201));
    expect(responses.filter((r) => r.body.repeat === false)).toHaveLength(1);
    const first = responses.find((r) => r.body.repeat === false)!.body;
    for (const r of responses) expect(withoutRepeat(r.body)).toEqual(withoutRepeat(first));
    expect(first.usage).toMatchObject({ recipientId: ids.r_child, providerId: ids.prairie, externalReference: 'NFS-0914-1', minutes: 60, status: 'RECORDED', version: 1 });
    expect(first.tcm.usedMinutes).toBe(before + 60);
    expect(await openMinutes(ids.r_child)).toBe(before + 60);
    expect(await t.ds.query(`SELECT count(*)::int AS n FROM external_usage WHERE external_reference = 'NFS-0914-1'`)).toEqual([{ n: 1 }]);
    expect(await auditOf(first.usage.id)).toEqual(['RECORD_USAGE']);
  });

  it('a later retry still answers the same, with nothing written', async () => {
    const counts = await tableCounts(t.ds);
    const again = await t.http().post(usageUrl(ids.r_child)).set(auth(PRAIRIE)).send(body());
    expect(again.status).toBe(201);
    expect(again.body.repeat).toBe(true);
    expect(again.body.usage.minutes).toBe(60);
    expect(await tableCounts(t.ds)).toEqual(counts);
  });

  it('another body under the same reference is a 409 naming the entry, with nothing written', async () => {
    const counts = await tableCounts(t.ds);
    const before = await openMinutes(ids.r_child);
    for (const other of [body({ minutes: 90 }), body({ dateOfService: '2026-09-15' }), body({ note: 'second visit' })]) {
      const res = await t.http().post(usageUrl(ids.r_child)).set(auth(PRAIRIE)).send(other);
      expect(res.status).toBe(409);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect(res.body.detail).toMatch(/already recorded .* with other content: correct it with PATCH/);
      expect(res.body.usageId).toEqual(expect.any(String));
    }
    // the same reference for another recipient of the same provider is other content too
    const elsewhere = await t.http().post(usageUrl(ids.r_adult)).set(auth(PRAIRIE)).send(body());
    expect(elsewhere.status).toBe(409);
    expect(await openMinutes(ids.r_child)).toBe(before);
    expect(await tableCounts(t.ds)).toEqual(counts);
  });

  it("references are each provider's own: another provider may use the same one", async () => {
    const prairie = await t.http().post(usageUrl(ids.r_new)).set(auth(PRAIRIE)).send(body({ externalReference: 'SHARED-REF', minutes: 30 }));
    const lakeside = await t.http().post(usageUrl(ids.r_new)).set(auth(LAKESIDE)).send(body({ externalReference: 'SHARED-REF', minutes: 45 }));
    expect([prairie.status, lakeside.status]).toEqual([201, 201]);
    expect(prairie.body.usage.providerId).toBe(ids.prairie);
    expect(lakeside.body.usage.providerId).toBe(ids.lakeside);
    expect(lakeside.body.tcm.usedMinutes - prairie.body.tcm.usedMinutes).toBe(45);
  });

  it('externalReference is required', async () => {
    const { externalReference: _x, ...rest } = body();
    const res = await t.http().post(usageUrl(ids.r_child)).set(auth(PRAIRIE)).send(rest);
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('/externalReference');
  });
});

describe('which provider records it', () => {
  it('the only provider of the key serving the recipient, when none is named', async () => {
    const res = await t.http().post(usageUrl(ids.r_new)).set(auth(LAKESIDE)).send(body({ externalReference: 'LK-IMPLICIT' }));
    expect(res.status).toBe(201);
    expect(res.body.usage.providerId).toBe(ids.lakeside);
  });

  it('a key serving the recipient through several providers must name one; the one named must serve them', async () => {
    const counts = await tableCounts(t.ds);
    const ambiguous = await t.http().post(usageUrl(ids.r_new)).set(auth(ADMIN_KEY)).send(body({ externalReference: 'ADM-1' }));
    expect(ambiguous.status).toBe(400);
    expect(ambiguous.body.errors).toEqual([{ path: '/providerId', message: 'name the provider recording it: 2 providers of this key serve this recipient' }]);
    const notServing = await t.http().post(usageUrl(ids.r_new)).set(auth(LAKESIDE)).send(body({ externalReference: 'LK-2', providerId: ids.reyes }));
    expect(notServing.status).toBe(400);
    expect(notServing.body.errors[0]).toEqual({ path: '/providerId', message: `provider ${ids.reyes} does not serve this recipient` });
    const notMine = await t.http().post(usageUrl(ids.r_new)).set(auth(PRAIRIE)).send(body({ externalReference: 'PR-2', providerId: ids.lakeside }));
    expect(notMine.status).toBe(403);
    expect(await tableCounts(t.ds)).toEqual(counts);
    const named = await t.http().post(usageUrl(ids.r_new)).set(auth(ADMIN_KEY)).send(body({ externalReference: 'ADM-1', providerId: ids.lakeside }));
    expect(named.status).toBe(201);
    expect(named.body.usage.providerId).toBe(ids.lakeside);
  });

  it("another provider's recipient is 404 and a reviewer 403, nothing written", async () => {
    const counts = await tableCounts(t.ds);
    expect((await t.http().post(usageUrl(ids.r_lakeside_lapsed)).set(auth(PRAIRIE)).send(body({ externalReference: 'X-1' }))).status).toBe(404);
    expect((await t.http().post(usageUrl(ids.r_child)).set(auth(REVIEWER)).send(body({ externalReference: 'X-2' }))).status).toBe(403);
    expect(await tableCounts(t.ds)).toEqual(counts);
  });
});

describe('corrections and voids: audited, never deleted', () => {
  let usageId: string;
  let base: number;

  beforeAll(async () => {
    base = await openMinutes(ids.r_adult);
    const res = await t.http().post(usageUrl(ids.r_adult)).set(auth(PRAIRIE)).send(body({ externalReference: 'FIX-1', minutes: 60 }));
    usageId = res.body.usage.id;
  });

  it('a correction is a new version: the old minutes are released, the new ones recorded', async () => {
    const res = await t.http().patch(`${usageUrl(ids.r_adult)}/${usageId}`).set(auth(PRAIRIE)).send({ minutes: 45, reason: 'the other provider corrected its claim' });
    expect(res.status).toBe(200);
    expect(res.body.usage).toMatchObject({ id: usageId, minutes: 45, version: 2, status: 'RECORDED' });
    expect(res.body.repeat).toBe(false);
    expect(await openMinutes(ids.r_adult)).toBe(base + 45);
    const rows = await t.ds.query(`SELECT minutes, external_usage_version AS v, released_at IS NOT NULL AS released, released_by_version AS by FROM cap_ledger_entries WHERE external_usage_id = $1 ORDER BY recorded_at, external_usage_version`, [usageId]);
    expect(rows).toEqual([
      { minutes: 60, v: 1, released: true, by: 2 },
      { minutes: 45, v: 2, released: false, by: null },
    ]);
    expect(await auditOf(usageId)).toEqual(['RECORD_USAGE', 'CORRECT_USAGE']);
  });

  it('the same correction again changes nothing', async () => {
    const counts = await tableCounts(t.ds);
    const res = await t.http().patch(`${usageUrl(ids.r_adult)}/${usageId}`).set(auth(PRAIRIE)).send({ minutes: 45, reason: 'retried' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ repeat: true, usage: { version: 2, minutes: 45 } });
    expect(await tableCounts(t.ds)).toEqual(counts);
  });

  it('a correction into another State fiscal year moves the minutes there', async () => {
    const res = await t.http().patch(`${usageUrl(ids.r_adult)}/${usageId}`).set(auth(PRAIRIE)).send({ dateOfService: '2027-07-02', reason: 'date of service was mistyped' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ sfy: 'SFY2028', usage: { version: 3, dateOfService: '2027-07-02', minutes: 45 } });
    expect(await openMinutes(ids.r_adult)).toBe(base);
    expect(await openMinutes(ids.r_adult, 'TCM', 'SFY2028')).toBe(45);
  });

  it('a void releases the minutes, keeps every row, and repeats', async () => {
    const res = await t.http().post(`${usageUrl(ids.r_adult)}/${usageId}/void`).set(auth(PRAIRIE)).send({ reason: 'recorded for the wrong person' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ repeat: false, recordedCategories: [], capsExceeded: [], usage: { status: 'VOIDED', version: 4 } });
    expect(await openMinutes(ids.r_adult, 'TCM', 'SFY2028')).toBe(0);
    expect(await t.ds.query(`SELECT count(*)::int AS n FROM cap_ledger_entries WHERE external_usage_id = $1`, [usageId])).toEqual([{ n: 3 }]);
    const counts = await tableCounts(t.ds);
    const again = await t.http().post(`${usageUrl(ids.r_adult)}/${usageId}/void`).set(auth(PRAIRIE)).send({ reason: 'retried' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ repeat: true, usage: { status: 'VOIDED', version: 4 } });
    expect(await tableCounts(t.ds)).toEqual(counts);
    expect(await auditOf(usageId)).toEqual(['RECORD_USAGE', 'CORRECT_USAGE', 'CORRECT_USAGE', 'VOID_USAGE']);
  });

  it('a voided entry cannot be corrected (409)', async () => {
    const counts = await tableCounts(t.ds);
    const res = await t.http().patch(`${usageUrl(ids.r_adult)}/${usageId}`).set(auth(PRAIRIE)).send({ minutes: 30, reason: 'late change' });
    expect(res.status).toBe(409);
    expect(res.body.detail).toMatch(/was voided/);
    expect(await tableCounts(t.ds)).toEqual(counts);
  });

  it('the list shows each entry with its history; a correction needs a reason', async () => {
    const list = await t.http().get(usageUrl(ids.r_adult)).set(auth(PRAIRIE));
    expect(list.status).toBe(200);
    const entry = list.body.find((e: { id: string }) => e.id === usageId);
    expect(entry.history.map((h: { action: string; reason: string | null }) => [h.action, h.reason])).toEqual([
      ['RECORD', null],
      ['CORRECT', 'the other provider corrected its claim'],
      ['CORRECT', 'date of service was mistyped'],
      ['VOID', 'recorded for the wrong person'],
    ]);
    const noReason = await t.http().patch(`${usageUrl(ids.r_adult)}/${usageId}`).set(auth(PRAIRIE)).send({ minutes: 30 });
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors[0].path).toBe('/reason');
  });

  it("another provider's entry is not found, and not listed", async () => {
    const lakesideEntry = (await t.http().get(usageUrl(ids.r_new)).set(auth(LAKESIDE))).body.find((e: { externalReference: string }) => e.externalReference === 'SHARED-REF');
    expect(lakesideEntry.providerId).toBe(ids.lakeside);
    const res = await t.http().post(`${usageUrl(ids.r_new)}/${lakesideEntry.id}/void`).set(auth(PRAIRIE)).send({ reason: 'not mine' });
    expect(res.status).toBe(404);
    const prairieList = await t.http().get(usageUrl(ids.r_new)).set(auth(PRAIRIE));
    expect(prairieList.body.map((e: { providerId: string }) => e.providerId)).toEqual(prairieList.body.map(() => ids.prairie));
  });
});

describe('past a cap: recorded (it happened elsewhere), and the answer says so', () => {
  it('TLA past 40 hours for the demo young adult (2,340 minutes already recorded outside)', async () => {
    const before = await openMinutes(ids.r_young_adult, 'TLA');
    expect(before).toBe(2340);
    const res = await t.http().post(usageUrl(ids.r_young_adult)).set(auth(PRAIRIE)).send(body({ service: 'TRANSITION_LINKAGE_AFTERCARE', minutes: 120, externalReference: 'NFS-TLA-0914' }));
    expect(res.status).toBe(201);
    expect(res.body.recordedCategories.sort()).toEqual(['TCM', 'TLA']);
    expect(res.body.capsExceeded).toEqual([
      expect.objectContaining({ category: 'TLA', code: 'TLA_CAP_EXCEEDED', sfy: 'SFY2027', limitMinutes: 2400, usedMinutes: 2460, overByMinutes: 60, citation: '140.453(e)(1)(C)(i)' }),
    ]);
    expect(res.body.capsExceeded[0].message).toMatch(/60 over the cap of 2,400 minutes/);
    expect(res.body.tla).toMatchObject({ usedMinutes: 2460, remainingMinutes: 0 });
    expect(await openMinutes(ids.r_young_adult, 'TLA')).toBe(2460);
  });

  it('within the caps there is nothing to say', async () => {
    const res = await t.http().post(usageUrl(ids.r_child)).set(auth(PRAIRIE)).send(body({ externalReference: 'NFS-SMALL', minutes: 15 }));
    expect(res.status).toBe(201);
    expect(res.body.capsExceeded).toEqual([]);
  });
});
