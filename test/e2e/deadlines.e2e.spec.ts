/**
 * The deadline board as people use it: a calendar feed made through the API and read by an
 * iCalendar library (ical.js) with no Authorization header, in the scope of the key that made it,
 * with reminders, overdue items marked and UIDs that survive edits, until it is revoked; the list
 * filtered by program, kind and party; the CSV for a spreadsheet; provider names in the lists.
 *
 * The service's today is pinned to 2026-12-15: Lakeside's CST is past its 12 months (2026-11-16),
 * its remedy period (2026-12-09) and the day its Final Notice was due (2026-12-10).
 */
import { parse } from 'csv-parse/sync';
import ICAL from 'ical.js';
import request from 'supertest';
import { ADMIN_KEY, auth, DEMO_KEYS, startTestApp, type TestApp } from '../support/app';

const REVIEWER = DEMO_KEYS.reviewer;
const LAKESIDE_BILLING = DEMO_KEYS.billingLakeside;
const PRAIRIE_DIRECTOR = DEMO_KEYS.directorPrairie;
const TODAY = '2026-12-15';
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ demo: true, today: TODAY });
}, 30_000);
afterAll(async () => t?.close());

interface FeedEvent {
  uid: string;
  start: string;
  isDate: boolean;
  summary: string;
  description: string;
  categories: string[];
  triggers: string[];
}

/** Reads a feed with ical.js, as a calendar client would. */
function readCalendar(text: string): FeedEvent[] {
  const cal = new ICAL.Component(ICAL.parse(text));
  expect(cal.name).toBe('vcalendar');
  return cal.getAllSubcomponents('vevent').map((v) => {
    const e = new ICAL.Event(v);
    return {
      uid: e.uid,
      start: e.startDate.toString(),
      isDate: e.startDate.isDate,
      summary: e.summary,
      description: e.description,
      categories: v.getAllProperties('categories').flatMap((p) => p.getValues().map(String)),
      triggers: v.getAllSubcomponents('valarm').map((a) => String(a.getFirstPropertyValue('trigger'))),
    };
  });
}

/** GET a feed URL exactly as a calendar client would: no Authorization header. */
async function fetchFeed(url: string) {
  const { pathname } = new URL(url);
  return request(t.app.getHttpServer()).get(pathname);
}

async function makeFeed(key: string, body: Record<string, unknown> = {}) {
  const res = await t.http().post('/api/v1/calendar-feeds').set(auth(key)).send(body);
  expect(res.status).toBe(201);
  return res.body as { id: string; url: string; name: string };
}

describe('calendar feeds', () => {
  it('a feed made through the API is read by an iCalendar library without an Authorization header, with reminders and overdue items marked', async () => {
    const feed = await makeFeed(REVIEWER, { name: 'HFS reviewer calendar' });
    expect(feed.url).toMatch(new RegExp(`^http://[^/]+/api/v1/calendar-feeds/${feed.id}/[A-Za-z0-9_-]{43}\\.ics$`));
    const res = await fetchFeed(feed.url);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar/);
    const events = readCalendar(res.text);
    const lakeside = events.filter((e) => e.summary.includes('Lakeside Behavioral Health Clinic') && e.categories.includes('Table N'));
    expect(lakeside.map((e) => [e.start, e.summary])).toEqual([
      ['2026-11-16', 'OVERDUE: CST reapproval due: Lakeside Behavioral Health Clinic'],
      ['2026-12-09', 'OVERDUE: CST remedy period ends: Lakeside Behavioral Health Clinic'],
      ['2026-12-10', 'OVERDUE: CST final notice due: Lakeside Behavioral Health Clinic'],
    ]);
    for (const e of events) {
      expect(e.isDate).toBe(true);
      // 9:00 seven days before, and 9:00 the day before
      expect(e.triggers).toEqual(['-P6DT15H', '-PT15H']);
      expect(e.description).toMatch(e.categories.includes('Table N') ? /\(140\.TABLE N\(/ : /\(140\.(TABLE O\(|452\(|499\()/);
      expect(e.uid).toMatch(/@bhcheck$/);
    }
    expect(lakeside[2].categories).toEqual(expect.arrayContaining(['Table N', 'OVERDUE']));
    // enrollment evidence coming due sits beside them (issue 16), in its own category
    expect(events.filter((e) => e.summary.includes('Lakeside') && e.categories.includes('ENROLLMENT')).map((e) => [e.start, e.summary])).toContainEqual(['2026-12-15', 'fire marshal letter due: Lakeside Behavioral Health Clinic']);
    expect(lakeside[2].description).toMatch(/Final Notice due from the Department .* Who acts: DEPARTMENT\. Overdue/);
    const upcoming = events.find((e) => e.summary.startsWith('IO reapproval due: Prairie'));
    expect(upcoming).toMatchObject({ start: '2027-03-05', categories: ['Table N'] });
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);
  });

  it("is scoped like the key that made it, and narrows by the feed's own filters", async () => {
    const lakesideFeed = await makeFeed(LAKESIDE_BILLING);
    const lakesideEvents = readCalendar((await fetchFeed(lakesideFeed.url)).text);
    expect(lakesideEvents.length).toBe(3);
    expect(lakesideEvents.every((e) => e.summary.includes('Lakeside'))).toBe(true);
    const departmentOnly = await makeFeed(REVIEWER, { parties: ['DEPARTMENT'], program: 'CST' });
    const summaries = readCalendar((await fetchFeed(departmentOnly.url)).text).map((e) => e.summary);
    expect(summaries.length).toBeGreaterThan(0);
    expect(summaries.every((s) => s.includes('CST') && !s.includes('remedy period'))).toBe(true);
    // a provider outside the key's scope cannot be put in a feed
    const other = await t.http().post('/api/v1/calendar-feeds').set(auth(LAKESIDE_BILLING)).send({ providerId: t.demo!.ids.prairie });
    expect(other.status).toBe(403);
    const bad = await t.http().post('/api/v1/calendar-feeds').set(auth(REVIEWER)).send({ parties: ['nobody'] });
    expect(bad.status).toBe(400);
  });

  it('keeps its UIDs when a provider is renamed and when an event changes the deadlines around them', async () => {
    const feed = await makeFeed(REVIEWER, { providerId: t.demo!.ids.lakeside });
    const before = readCalendar((await fetchFeed(feed.url)).text);
    const renamed = await t.http().patch(`/api/v1/providers/${t.demo!.ids.lakeside}`).set(auth(ADMIN_KEY)).send({ name: 'Lakeside Behavioral Health' });
    expect(renamed.status).toBe(200);
    // the Department issues the overdue Final Notice today: that deadline is met, the others remain
    const fn = await t.http().post(`/api/v1/program-approvals/${t.demo!.ids.lakeside_CST}/events`).set(auth(REVIEWER)).send({ type: 'FINAL_NOTICE', occurredOn: TODAY });
    expect(fn.status).toBe(201);
    expect(fn.body.events.at(-1).recordedAt.slice(0, 10)).toBe(TODAY);
    const after = readCalendar((await fetchFeed(feed.url)).text);
    const uidOf = (events: FeedEvent[], words: string) => events.find((e) => e.summary.includes(words))?.uid;
    expect(uidOf(after, 'reapproval due')).toBe(uidOf(before, 'reapproval due'));
    expect(after.find((e) => e.summary.includes('reapproval due'))?.summary).toMatch(/Lakeside Behavioral Health$/);
    expect(uidOf(after, 'final notice due')).toBeUndefined();
    expect(uidOf(after, 'informal review request due')).toBeDefined();
    await t.http().patch(`/api/v1/providers/${t.demo!.ids.lakeside}`).set(auth(ADMIN_KEY)).send({ name: 'Lakeside Behavioral Health Clinic' });
  });

  it('stops working once revoked, by the key that made it or an administrator, and when that key is revoked', async () => {
    const feed = await makeFeed(PRAIRIE_DIRECTOR);
    expect((await fetchFeed(feed.url)).status).toBe(200);
    expect((await t.http().delete(`/api/v1/calendar-feeds/${feed.id}`).set(auth(LAKESIDE_BILLING))).status).toBe(403);
    const mine = await t.http().get('/api/v1/calendar-feeds').set(auth(PRAIRIE_DIRECTOR));
    expect(mine.body.map((f: { id: string }) => f.id)).toContain(feed.id);
    expect(JSON.stringify(mine.body)).not.toMatch(/\.ics/);
    expect((await t.http().delete(`/api/v1/calendar-feeds/${feed.id}`).set(auth(PRAIRIE_DIRECTOR))).status).toBe(204);
    const gone = await fetchFeed(feed.url);
    expect(gone.status).toBe(404);
    expect(gone.headers['content-type']).toMatch(/problem\+json/);
    expect((await t.http().delete(`/api/v1/calendar-feeds/${feed.id}`).set(auth(ADMIN_KEY))).status).toBe(204);

    const key = await t.http().post('/api/v1/api-keys').set(auth(ADMIN_KEY)).send({ name: 'temporary reviewer', role: 'REVIEWER', allProviders: true });
    const keyFeed = await makeFeed(key.body.key);
    expect((await fetchFeed(keyFeed.url)).status).toBe(200);
    expect((await t.http().post(`/api/v1/api-keys/${key.body.id}/revoke`).set(auth(ADMIN_KEY))).status).toBe(200);
    expect((await fetchFeed(keyFeed.url)).status).toBe(404);
  });

  it('a wrong or malformed secret is a 404 that tells nothing, and the secret is stored only as a hash', async () => {
    const feed = await makeFeed(REVIEWER);
    const wrong = feed.url.replace(/\/[^/]+\.ics$/, `/${'A'.repeat(43)}.ics`);
    expect((await fetchFeed(wrong)).status).toBe(404);
    expect((await fetchFeed(feed.url.replace(/\.ics$/, '.txt'))).status).toBe(404);
    const secret = /\/([^/]+)\.ics$/.exec(feed.url)![1];
    const rows = await t.ds.query('SELECT token_hash FROM calendar_feeds WHERE id = $1', [feed.id]);
    expect(rows[0].token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(secret);
  });
});

describe('the deadline list', () => {
  it('filters by program, kind and party, and names the provider', async () => {
    const res = await t.http().get('/api/v1/deadlines?program=CST&party=DEPARTMENT').set(auth(REVIEWER));
    expect(res.status).toBe(200);
    expect(res.body.length).toBeGreaterThan(0);
    for (const d of res.body) expect(d).toMatchObject({ program: 'CST', party: 'DEPARTMENT', providerName: expect.any(String), source: 'TABLE_N' });
    const kinds = await t.http().get('/api/v1/deadlines?kind=REMEDY_PERIOD_ENDS,FINAL_NOTICE_DUE&asOf=2026-12-01').set(auth(REVIEWER));
    expect(kinds.body.map((d: { kind: string }) => d.kind).sort()).toEqual(['FINAL_NOTICE_DUE', 'REMEDY_PERIOD_ENDS']);
    expect((await t.http().get('/api/v1/deadlines?party=provider').set(auth(REVIEWER))).status).toBe(400);
    expect((await t.http().get('/api/v1/deadlines?program=ACT').set(auth(REVIEWER))).status).toBe(400);
  });

  it('is offered as CSV for a spreadsheet, with cells that could be formulas neutralised', async () => {
    const evil = await t.http().post('/api/v1/providers').set(auth(ADMIN_KEY)).send({ name: '=HYPERLINK("http://x","y")', npi: '1245319599', type: 'CMHC', enrollments: [{ from: '2025-07-01', to: null }] });
    expect(evil.status).toBe(201);
    const pa = await t.http().post('/api/v1/program-approvals').set(auth(REVIEWER)).send({ providerId: evil.body.id, program: 'CST' });
    for (const e of [
      { type: 'INTENT_SUBMITTED', occurredOn: '2026-12-01' },
      { type: 'ENROLLMENT_PROCESSED', occurredOn: '2026-12-02' },
    ]) {
      expect((await t.http().post(`/api/v1/program-approvals/${pa.body.id}/events`).set(auth(REVIEWER)).send(e)).status).toBe(201);
    }
    const csv = await t.http().get('/api/v1/deadlines?program=CST').set(auth(REVIEWER)).set('Accept', 'text/csv');
    expect(csv.status).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.headers['content-disposition']).toMatch(/attachment; filename="deadlines-2026-12-15\.csv"/);
    expect(csv.text.startsWith('\uFEFF')).toBe(true);
    const rows: string[][] = parse(csv.text, { bom: true, record_delimiter: '\r\n' });
    expect(rows[0]).toEqual(['dueOn', 'overdue', 'providerName', 'program', 'kind', 'party', 'citation', 'description', 'openedOn', 'providerId', 'programApprovalId', 'source']);
    const row = rows.find((r) => r[9] === evil.body.id)!;
    expect(row[2]).toBe(`'=HYPERLINK("http://x","y")`);
    expect(row.slice(0, 2)).toEqual(['2027-03-02', 'no']);
    expect(row[4]).toBe('INITIAL_APPROVAL_DUE');
    // the same with ?format=csv
    expect((await t.http().get('/api/v1/deadlines?program=CST&format=csv').set(auth(REVIEWER))).text).toBe(csv.text);
  });

  it('program approvals list the provider name; an event dated after today is refused; a request carries submittedOn', async () => {
    const list = await t.http().get('/api/v1/program-approvals').set(auth(REVIEWER));
    expect(list.body.items.every((a: { providerName: string }) => a.providerName.length > 0)).toBe(true);
    const id = t.demo!.ids.prairie_IO;
    const future = await t.http().post(`/api/v1/program-approvals/${id}/events`).set(auth(REVIEWER)).send({ type: 'ATTESTATION_SUBMITTED', occurredOn: '2026-12-16' });
    expect(future.status).toBe(409);
    expect(future.body).toMatchObject({ citation: '140.TABLE N', guardId: 'TN-G-NOT-FUTURE' });
    expect(future.body.detail).toMatch(/dated 2026-12-16, after the day it is being recorded \(2026-12-15\)/);
    const bad = await t.http().post(`/api/v1/program-approvals/${id}/events`).set(auth(REVIEWER)).send({ type: 'ATTESTATION_SUBMITTED', occurredOn: '2026-12-15', submittedOn: '2026-12-14' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toContainEqual(expect.objectContaining({ path: '/submittedOn' }));
  });

  it('shows what the record said on an earlier day (knownOn)', async () => {
    const id = t.demo!.ids.lakeside_CST;
    const now = await t.http().get(`/api/v1/program-approvals/${id}?asOf=${TODAY}`).set(auth(REVIEWER));
    expect(now.body.contestedAction).toMatchObject({ kind: 'FINAL_NOTICE', noticeOn: TODAY });
    const before = await t.http().get(`/api/v1/program-approvals/${id}?asOf=${TODAY}&knownOn=2026-12-14`).set(auth(REVIEWER));
    expect(before.body).toMatchObject({ knownOn: '2026-12-14', contestedAction: null, status: 'IN_REMEDY', finalNoticeOverdueSince: '2026-12-10' });
    expect((await t.http().get(`/api/v1/program-approvals/${id}?knownOn=2026-13-01`).set(auth(REVIEWER))).status).toBe(400);
  });
});
