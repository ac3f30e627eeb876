/**
 * The annual access review (IDHS HRFCM manual 1.9.1 D, 1.9.8): keys name their holder and stop working
 * the day after the holder's employment ends; administrators list every active key with its holder,
 * role, providers, created and last-used dates and flags, record a completed review (audited), and see
 * the next one among the deadlines.
 */
import { ADMIN_KEY, auth, DEMO_KEYS, startTestApp, tableCounts, type TestApp } from '../support/app';

const PRAIRIE_BILLING = DEMO_KEYS.billingPrairie;
const PRAIRIE_DIRECTOR = DEMO_KEYS.directorPrairie;

let t: TestApp;
let ids: Record<string, string>;

beforeAll(async () => {
  t = await startTestApp({ demo: true });
  ids = t.demo!.ids;
});
afterAll(async () => {
  jest.useRealTimers();
  await t?.close();
});

const today = () => new Date().toISOString().slice(0, 10);
const daysFrom = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

async function newStaff(name: string, provider = ids.prairie): Promise<string> {
  const r = await t.http().post('/api/v1/staff').set(auth(ADMIN_KEY)).send({ providerId: provider, name, hireDate: '2024-01-08' });
  expect(r.status).toBe(201);
  return r.body.id;
}

async function issue(name: string, over: Record<string, unknown> = {}): Promise<{ id: string; key: string }> {
  const r = await t.http().post('/api/v1/api-keys').set(auth(ADMIN_KEY)).send({ name, role: 'BILLING', providerIds: [ids.prairie], ...over });
  expect(r.status).toBe(201);
  return r.body;
}

describe('a key names its holder and stops working the day after their employment ends', () => {
  it('issued with a holder; an unknown holder or one who has left is refused, nothing written', async () => {
    const holder = await newStaff('Kay Holder');
    const k = await issue('held key', { holderStaffId: holder });
    const keys = await t.http().get('/api/v1/api-keys').set(auth(ADMIN_KEY));
    expect(keys.body.find((x: { id: string }) => x.id === k.id)).toMatchObject({ holderStaffId: holder, lastUsedOn: null });
    const gone = await newStaff('Gone Already');
    await t.http().patch(`/api/v1/staff/${gone}`).set(auth(ADMIN_KEY)).send({ endDate: daysFrom(today(), -1) });
    const before = await tableCounts(t.ds);
    const unknown = await t.http().post('/api/v1/api-keys').set(auth(ADMIN_KEY)).send({ name: 'x', role: 'BILLING', providerIds: [ids.prairie], holderStaffId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([{ path: '/holderStaffId', message: 'staff member 00000000-0000-4000-8000-000000000000 is not registered' }]);
    const left = await t.http().post('/api/v1/api-keys').set(auth(ADMIN_KEY)).send({ name: 'x', role: 'BILLING', providerIds: [ids.prairie], holderStaffId: gone });
    expect(left.status).toBe(400);
    expect(left.body.errors[0].message).toMatch(/ended on/);
    expect(await tableCounts(t.ds)).toEqual(before);
  });

  it('works through the end date; the day after, 401 naming it, at once (the guard forgets the key when employment changes)', async () => {
    const holder = await newStaff('Lee Leaving');
    const k = await issue('leaving key', { holderStaffId: holder });
    expect((await t.http().get('/api/v1/providers').set(auth(k.key))).status).toBe(200);
    await t.http().patch(`/api/v1/staff/${holder}`).set(auth(ADMIN_KEY)).send({ endDate: today() });
    expect((await t.http().get('/api/v1/providers').set(auth(k.key))).status).toBe(200);
    await t.http().patch(`/api/v1/staff/${holder}`).set(auth(ADMIN_KEY)).send({ endDate: daysFrom(today(), -1) });
    const refused = await t.http().get('/api/v1/providers').set(auth(k.key));
    expect(refused.status).toBe(401);
    expect(refused.body.detail).toBe(`the API key is no longer valid: its holder's employment ended on ${daysFrom(today(), -1)}`);
  });

  it('a key used just before midnight of the end date is refused just after it, though the guard still holds it', async () => {
    const holder = await newStaff('Max Midnight');
    await t.http().patch(`/api/v1/staff/${holder}`).set(auth(ADMIN_KEY)).send({ endDate: '2030-06-30' });
    const k = await issue('midnight key', { holderStaffId: holder });
    // only Date is faked: the database, sockets and timers run as usual
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'queueMicrotask', 'hrtime', 'performance'] });
    try {
      jest.setSystemTime(new Date('2030-06-30T23:59:58Z'));
      expect((await t.http().get('/api/v1/providers').set(auth(k.key))).status).toBe(200);
      jest.setSystemTime(new Date('2030-07-01T00:00:01Z')); // 3 s later: within the guard's 5 s
      expect((await t.http().get('/api/v1/providers').set(auth(k.key))).status).toBe(401);
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('last use: tracked by day, one write per key per day', () => {
  it('null until used; then today, written once however many requests', async () => {
    const k = await issue('busy key');
    const listed = async () => (await t.http().get('/api/v1/api-keys').set(auth(ADMIN_KEY))).body.find((x: { id: string }) => x.id === k.id);
    expect((await listed()).lastUsedOn).toBeNull();
    const query = jest.spyOn(t.ds, 'query');
    try {
      for (let i = 0; i < 10; i++) expect((await t.http().get('/api/v1/providers').set(auth(k.key))).status).toBe(200);
      const writes = query.mock.calls.filter(([sql]) => String(sql).startsWith('UPDATE api_keys SET last_used_on'));
      expect(writes).toHaveLength(1);
    } finally {
      query.mockRestore();
    }
    expect((await listed()).lastUsedOn).toBe(today());
  });
});

describe('GET /api-keys/access-review', () => {
  it('lists every active key with holder, role, providers, created and last-used dates, and flags', async () => {
    const moved = await newStaff('Mo Moved', ids.lakeside);
    const movedKey = await issue('moved key', { holderStaffId: moved });
    const idle = await issue('idle key');
    await t.ds.query(`UPDATE api_keys SET created_at = now() - interval '120 days' WHERE id = $1`, [idle.id]);
    const quitter = await newStaff('Quinn Quit');
    const quitKey = await issue('quit key', { holderStaffId: quitter });
    await t.http().patch(`/api/v1/staff/${quitter}`).set(auth(ADMIN_KEY)).send({ endDate: daysFrom(today(), -2) });
    const revoked = await issue('revoked key');
    await t.http().post(`/api/v1/api-keys/${revoked.id}/revoke`).set(auth(ADMIN_KEY));
    await t.http().get('/api/v1/providers').set(auth(PRAIRIE_BILLING));

    const res = await t.http().get('/api/v1/api-keys/access-review').set(auth(ADMIN_KEY));
    expect(res.status).toBe(200);
    const byName = (name: string) => res.body.keys.find((k: { name: string }) => k.name === name);
    expect(byName('revoked key')).toBeUndefined();
    expect(byName('quit key')).toMatchObject({
      id: quitKey.id,
      role: 'BILLING',
      providers: [{ id: ids.prairie, name: expect.stringMatching(/Prairie/) }],
      holder: { staffId: quitter, name: 'Quinn Quit', providerId: ids.prairie, endDate: daysFrom(today(), -2), employed: false },
      flags: ['HOLDER_NOT_EMPLOYED'],
    });
    expect(byName('idle key')).toMatchObject({ id: idle.id, lastUsedOn: null, daysSinceUse: 120, flags: ['UNUSED_90_DAYS'] });
    expect(byName('moved key')).toMatchObject({ id: movedKey.id, holder: { providerName: expect.stringMatching(/Lakeside/) }, flags: ['HOLDER_AT_OTHER_PROVIDER'] });
    expect(byName('Prairie billing office')).toMatchObject({ lastUsedOn: today(), daysSinceUse: 0, flags: [], holder: null });
    expect(byName('Prairie clinical director').holder).toMatchObject({ name: 'Samuel Okafor, LCSW', employed: true });
    expect(res.body).toMatchObject({ asOf: today(), citation: 'IDHS HRFCM Policy and Procedure Manual 1.9.1 D, 1.9.8', lastReview: null });
    expect(res.body.activeKeys).toBe(res.body.keys.length);
    expect(res.body.flaggedKeys).toBe(res.body.keys.filter((k: { flags: string[] }) => k.flags.length).length);
    expect(byName('idle key').createdAt < byName('quit key').createdAt).toBe(true);
  });

  it('is for administrators only', async () => {
    expect((await t.http().get('/api/v1/api-keys/access-review').set(auth(PRAIRIE_DIRECTOR))).status).toBe(403);
  });
});

describe('PATCH /api-keys/{id}: correcting access for someone who changed position', () => {
  it('new providers and holder, audited, seen by the guard at once', async () => {
    const k = await issue('changing key');
    expect((await t.http().get('/api/v1/providers').set(auth(k.key))).body.items.map((p: { id: string }) => p.id)).toEqual([ids.prairie]);
    const holder = await newStaff('Pat Changer', ids.lakeside);
    const res = await t.http().patch(`/api/v1/api-keys/${k.id}`).set(auth(ADMIN_KEY)).send({ providerIds: [ids.lakeside], holderStaffId: holder });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ providerIds: [ids.lakeside], holderStaffId: holder });
    expect((await t.http().get('/api/v1/providers').set(auth(k.key))).body.items.map((p: { id: string }) => p.id)).toEqual([ids.lakeside]);
    const audit = await t.ds.query(`SELECT action FROM audit_log WHERE entity = 'api_key' AND entity_id = $1 ORDER BY id`, [k.id]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['ISSUE_KEY', 'UPDATE_KEY']);
    const before = await tableCounts(t.ds);
    const role = await t.http().patch(`/api/v1/api-keys/${k.id}`).set(auth(ADMIN_KEY)).send({ role: 'ADMIN' });
    expect(role.status).toBe(400);
    expect(role.body.errors).toEqual([{ path: '/role', message: 'unknown field "role"' }]);
    const none = await t.http().patch(`/api/v1/api-keys/${k.id}`).set(auth(ADMIN_KEY)).send({ providerIds: [] });
    expect(none.status).toBe(400);
    expect(await tableCounts(t.ds)).toEqual(before);
  });
});

describe('POST /api-keys/access-review and the next one among the deadlines', () => {
  it('before any review, the first one is due 12 months after the first key was issued', async () => {
    const [{ d }] = await t.ds.query(`SELECT min((created_at AT TIME ZONE 'UTC')::date)::text AS d FROM api_keys`);
    const res = await t.http().get(`/api/v1/deadlines?from=2000-01-01&to=2199-12-31`).set(auth(ADMIN_KEY));
    const review = res.body.find((x: { kind: string }) => x.kind === 'ACCESS_REVIEW_DUE');
    const [y, m, day] = d.split('-');
    expect(review).toMatchObject({ dueOn: `${Number(y) + 1}-${m}-${day}`, programApprovalId: null, providerId: null, program: null, party: 'ADMINISTRATOR' });
  });

  it('bad input is refused with nothing written', async () => {
    const before = await tableCounts(t.ds);
    const future = await t.http().post('/api/v1/api-keys/access-review').set(auth(ADMIN_KEY)).send({ reviewedOn: daysFrom(today(), 1) });
    expect(future.status).toBe(400);
    expect(future.body.errors[0].path).toBe('/reviewedOn');
    const unknownKey = await t.http().post('/api/v1/api-keys/access-review').set(auth(ADMIN_KEY)).send({ changes: [{ keyId: '00000000-0000-4000-8000-000000000000', change: 'revoked' }] });
    expect(unknownKey.status).toBe(400);
    expect(unknownKey.body.errors[0].path).toBe('/changes/0/keyId');
    expect((await t.http().post('/api/v1/api-keys/access-review').set(auth(PRAIRIE_DIRECTOR)).send({})).status).toBe(403);
    expect(await tableCounts(t.ds)).toEqual(before);
  });

  it('records who, when and what changed (audited), and the next review is due 12 months later among the deadlines', async () => {
    const stale = await issue('stale key');
    await t.http().post(`/api/v1/api-keys/${stale.id}/revoke`).set(auth(ADMIN_KEY));
    const res = await t.http()
      .post('/api/v1/api-keys/access-review')
      .set(auth(ADMIN_KEY))
      .send({ note: 'annual review with the security coordinator', changes: [{ keyId: stale.id, change: 'revoked: no longer in the program' }] });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      reviewedOn: today(),
      reviewedByName: 'bootstrap admin (BHCHECK_ADMIN_KEY)',
      note: 'annual review with the security coordinator',
      changes: [{ keyId: stale.id, change: 'revoked: no longer in the program' }],
      nextReviewDue: `${Number(today().slice(0, 4)) + 1}${today().slice(4)}`.replace(/-02-29$/, '-02-28'),
    });
    expect(res.body.keyChanges).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'REVOKE_KEY', keyId: stale.id, keyName: 'stale key' })]));
    expect(res.body.keysReviewed.map((k: { name: string }) => k.name)).not.toContain('stale key');
    expect(res.body.keysReviewed.find((k: { name: string }) => k.name === 'idle key').flags).toEqual(['UNUSED_90_DAYS']);
    const audit = await t.ds.query(`SELECT action, actor_role FROM audit_log WHERE entity = 'access_review' AND entity_id = $1`, [res.body.id]);
    expect(audit).toEqual([{ action: 'RECORD_ACCESS_REVIEW', actor_role: 'ADMIN' }]);

    const list = await t.http().get('/api/v1/api-keys/access-review').set(auth(ADMIN_KEY));
    expect(list.body.lastReview).toMatchObject({ id: res.body.id, reviewedOn: today() });
    expect(list.body.nextReviewDue).toBe(res.body.nextReviewDue);
    expect(list.body.overdue).toBe(false);

    const deadlines = await t.http().get(`/api/v1/deadlines?to=${daysFrom(today(), 400)}`).set(auth(ADMIN_KEY));
    const review = deadlines.body.find((d: { kind: string }) => d.kind === 'ACCESS_REVIEW_DUE');
    expect(review).toMatchObject({ dueOn: res.body.nextReviewDue, citation: 'IDHS HRFCM Policy and Procedure Manual 1.9.1 D, 1.9.8', overdue: false });
    expect(review.description).toMatch(`The last review was on ${today()}`);
    const sorted = deadlines.body.map((d: { dueOn: string }) => d.dueOn);
    expect(sorted).toEqual([...sorted].sort());
    // a year later, it is overdue
    const late = await t.http().get(`/api/v1/deadlines?asOf=${daysFrom(today(), 400)}&overdue=true`).set(auth(ADMIN_KEY));
    expect(late.body.find((d: { kind: string }) => d.kind === 'ACCESS_REVIEW_DUE')).toMatchObject({ overdue: true });
    // it concerns every key: not a billing key's deadline, nor one provider's
    const billing = await t.http().get(`/api/v1/deadlines?to=${daysFrom(today(), 400)}`).set(auth(PRAIRIE_BILLING));
    expect(billing.body.map((d: { kind: string }) => d.kind)).not.toContain('ACCESS_REVIEW_DUE');
    const oneProvider = await t.http().get(`/api/v1/deadlines?to=${daysFrom(today(), 400)}&providerId=${ids.prairie}`).set(auth(ADMIN_KEY));
    expect(oneProvider.body.map((d: { kind: string }) => d.kind)).not.toContain('ACCESS_REVIEW_DUE');
    const ics = await t.http().get(`/api/v1/deadlines?to=${daysFrom(today(), 400)}`).set(auth(ADMIN_KEY)).set('Accept', 'text/calendar');
    expect(ics.text).toContain('SUMMARY:access review due');
    expect(ics.text).toContain(`DTSTART;VALUE=DATE:${res.body.nextReviewDue.replace(/-/g, '')}`);
  });

  it('the next review lists only the key changes since the previous one', async () => {
    const fresh = await issue('fresh key');
    const res = await t.http().post('/api/v1/api-keys/access-review').set(auth(ADMIN_KEY)).send({});
    expect(res.status).toBe(201);
    expect(res.body.keyChanges.map((c: { keyId: string }) => c.keyId)).toEqual([fresh.id]);
  });
});
