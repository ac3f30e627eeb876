/**
 * A PSR program from intent through approval, a Notice of Deficiencies, a Final Notice, an informal
 * review and a formal appeal, with the status and the deadlines checked on chosen dates.
 */
import { ADMIN_KEY, auth, startTestApp, type TestApp } from '../support/app';

const REVIEWER = 'bhk_demo_reviewer_4GbR7kX2';
let t: TestApp;
let approvalId: string;
let providerId: string;

beforeAll(async () => {
  // the story runs to mid-2027 and an event is never dated after the day it is recorded: the service's today is pinned after it
  t = await startTestApp({ demo: true, today: '2027-12-31' });
  const p = await t.http().post('/api/v1/providers').set(auth(ADMIN_KEY)).send({ name: 'Westside CMHC', npi: '1436906121', type: 'CMHC', enrollments: [{ from: '2025-07-01', to: null }] });
  providerId = p.body.id;
  const pa = await t.http().post('/api/v1/program-approvals').set(auth(REVIEWER)).send({ providerId, program: 'PSR' });
  expect(pa.status).toBe(201);
  approvalId = pa.body.id;
});
afterAll(async () => t?.close());

const event = (body: Record<string, unknown>) => t.http().post(`/api/v1/program-approvals/${approvalId}/events`).set(auth(REVIEWER)).send(body);
const stateOn = async (asOf: string) => (await t.http().get(`/api/v1/program-approvals/${approvalId}?asOf=${asOf}`).set(auth(REVIEWER))).body;
const openKinds = (s: { deadlines: { kind: string; dueOn: string }[] }) => Object.fromEntries(s.deadlines.map((d) => [d.kind, d.dueOn]));

async function accepted(body: Record<string, unknown>): Promise<void> {
  const res = await event(body);
  if (res.status !== 201) throw new Error(`${body.type} refused: ${JSON.stringify(res.body)}`);
}

async function refused(body: Record<string, unknown>, citation: RegExp): Promise<void> {
  const res = await event(body);
  expect(res.status).toBe(409);
  expect(res.headers['content-type']).toMatch(/problem\+json/);
  expect(res.body.citation).toMatch(citation);
  expect(res.body.detail).toMatch(new RegExp(String(body.type)));
}

it('walks the whole lifecycle', async () => {
  expect((await stateOn('2026-01-01')).status).toBe('PENDING');

  await accepted({ type: 'INTENT_SUBMITTED', occurredOn: '2026-01-05' });
  await accepted({ type: 'ENROLLMENT_PROCESSED', occurredOn: '2026-01-12' });
  expect(openKinds(await stateOn('2026-01-12'))).toMatchObject({ INITIAL_APPROVAL_DUE: '2026-04-12' });
  await accepted({ type: 'ATTESTATION_SUBMITTED', occurredOn: '2026-01-20' });

  // PSR needs an on-site review before approval, and 10 days' notice of it
  await refused({ type: 'APPROVED', occurredOn: '2026-01-26' }, /140\.TABLE N\(b\)\(1\)\(D\)\(iii\)/);
  await refused({ type: 'ONSITE_REVIEW_SCHEDULED', occurredOn: '2026-02-02', noticeOn: '2026-02-02', reviewOn: '2026-02-10' }, /140\.TABLE N\(b\)\(1\)\(E\)/);
  await accepted({ type: 'ONSITE_REVIEW_SCHEDULED', occurredOn: '2026-02-02', noticeOn: '2026-02-02', reviewOn: '2026-02-13' });
  await accepted({ type: 'ONSITE_REVIEW_HELD', occurredOn: '2026-02-13' });
  // 10 business days after Friday 2026-02-13, skipping Presidents' Day (Monday 2026-02-16)
  expect(openKinds(await stateOn('2026-02-13'))).toMatchObject({ FINDINGS_DUE: '2026-03-02' });

  await accepted({ type: 'APPROVED', occurredOn: '2026-02-20' });
  const approved = await stateOn('2026-06-01');
  expect(approved).toMatchObject({ status: 'APPROVED', approvedThrough: '2027-02-19', inForce: true });
  expect(approved.deadlines.find((d: { kind: string }) => d.kind === 'REAPPROVAL_DUE')).toMatchObject({ citation: expect.stringMatching(/140\.TABLE N/) });
  expect(openKinds(approved)).not.toHaveProperty('FINDINGS_DUE');

  // annual re-approval finds deficiencies: 30 days to remedy
  await accepted({ type: 'ATTESTATION_SUBMITTED', occurredOn: '2027-01-04' });
  await accepted({ type: 'NOTICE_OF_DEFICIENCIES', occurredOn: '2027-01-15' });
  const remedy = await stateOn('2027-01-20');
  expect(remedy).toMatchObject({ status: 'IN_REMEDY', inForce: true });
  expect(openKinds(remedy)).toMatchObject({ REMEDY_PERIOD_ENDS: '2027-02-14' });

  // a Final Notice only at the close of the 30 days
  await refused({ type: 'FINAL_NOTICE', occurredOn: '2027-02-10' }, /140\.TABLE N\(b\)\(2\)\(B\)/);
  await accepted({ type: 'FINAL_NOTICE', occurredOn: '2027-02-15' });
  expect(openKinds(await stateOn('2027-02-15'))).toMatchObject({ INFORMAL_REVIEW_REQUEST_DUE: '2027-02-25' });

  // informal review received before the action takes effect: stayed
  await accepted({ type: 'INFORMAL_REVIEW_REQUESTED', occurredOn: '2027-02-22' });
  const stayed = await stateOn('2027-03-01');
  expect(stayed).toMatchObject({ status: 'STAYED', inForce: true, citation: expect.stringMatching(/\(e\)\(3\)\(A\)\(ii\)/) });
  expect(openKinds(stayed)).toMatchObject({ BBH_DECISION_DUE: '2027-03-24' });

  await accepted({ type: 'INFORMAL_REVIEW_DECIDED', occurredOn: '2027-03-15', outcome: 'MAINTAINED' });
  const afterReview = await stateOn('2027-03-20');
  expect(afterReview.status).toBe('STAYED');
  expect(openKinds(afterReview)).toMatchObject({ BAH_APPEAL_DUE: '2027-03-25' });

  // formal appeal to BAH within 10 days of the result: stayed until the final decision
  await refused({ type: 'FINAL_DECISION', occurredOn: '2027-03-21', outcome: 'UPHELD' }, /140\.TABLE N\(e\)/);
  await accepted({ type: 'FORMAL_APPEAL_FILED', occurredOn: '2027-03-22' });
  const appeal = await stateOn('2027-04-01');
  expect(appeal.status).toBe('STAYED');
  expect(openKinds(appeal)).toMatchObject({ FINAL_DECISION_DUE: '2027-06-20' });

  await accepted({ type: 'FINAL_DECISION', occurredOn: '2027-06-01', outcome: 'UPHELD' });
  expect(openKinds(await stateOn('2027-06-01'))).toMatchObject({ IMPLEMENTATION_DUE: '2027-07-01' });
  await accepted({ type: 'ACTION_IMPLEMENTED', occurredOn: '2027-06-15' });
  const revoked = await stateOn('2027-06-30');
  expect(revoked).toMatchObject({ status: 'REVOKED', inForce: false });
  expect(revoked.deadlines).toEqual([]);

  // history as of an earlier date is unchanged by later events
  expect((await stateOn('2026-06-01')).status).toBe('APPROVED');
});

it('refuses events out of date order and malformed events', async () => {
  await refused({ type: 'ATTESTATION_SUBMITTED', occurredOn: '2026-01-01' }, /140\.TABLE N/);
  const bad = await event({ type: 'ONSITE_REVIEW_SCHEDULED', occurredOn: '2027-07-01' });
  expect(bad.status).toBe(400);
  expect(bad.body.errors).toContainEqual(expect.objectContaining({ path: '/reviewOn' }));
  const unknown = await event({ type: 'APPROVED_MAYBE', occurredOn: '2027-07-01' });
  expect(unknown.status).toBe(400);
  expect(unknown.body.errors[0].path).toBe('/type');
});

it('lists open deadlines soonest first, as JSON and as an iCalendar feed that parses', async () => {
  const json = await t.http().get('/api/v1/deadlines?asOf=2026-02-13&from=2026-01-01&to=2027-12-31').set(auth(REVIEWER));
  expect(json.status).toBe(200);
  const mine = json.body.filter((d: { providerId: string }) => d.providerId === providerId);
  expect(mine).toEqual([
    expect.objectContaining({ program: 'PSR', kind: 'FINDINGS_DUE', dueOn: '2026-03-02', citation: '140.TABLE N(b)(1)(G)' }),
    expect.objectContaining({ program: 'PSR', kind: 'INITIAL_APPROVAL_DUE', dueOn: '2026-04-12', citation: '140.TABLE N(b)(1)(C)' }),
  ]);
  const dues = json.body.map((d: { dueOn: string }) => d.dueOn);
  expect([...dues].sort()).toEqual(dues);

  const ics = await t.http().get(`/api/v1/deadlines?asOf=2026-02-13&from=2026-01-01&to=2027-12-31&providerId=${providerId}`).set(auth(REVIEWER)).set('Accept', 'text/calendar');
  expect(ics.status).toBe(200);
  expect(ics.headers['content-type']).toMatch(/^text\/calendar/);
  const events = parseICalendar(ics.text);
  expect(events).toHaveLength(2);
  expect(events[0]).toMatchObject({ 'DTSTART;VALUE=DATE': '20260302', 'DTEND;VALUE=DATE': '20260303' });
  expect(events[0].SUMMARY).toMatch(/PSR findings due: Westside CMHC/);
  expect(events[0].DESCRIPTION).toMatch(/140\.TABLE N\(b\)\(1\)\(G\)/);
  expect(new Set(events.map((e) => e.UID)).size).toBe(2);

  // on 2026-11-22 Lakeside's CST is in its remedy period, its re-approval overdue
  const overdue = await t.http().get('/api/v1/deadlines?asOf=2026-11-22&from=2026-01-01&to=2027-12-31&overdue=true').set(auth(REVIEWER));
  expect(overdue.body.length).toBeGreaterThan(0);
  expect(overdue.body.every((d: { overdue: boolean }) => d.overdue)).toBe(true);
  const badRange = await t.http().get('/api/v1/deadlines?from=2026-05-01&to=2026-01-01').set(auth(REVIEWER));
  expect(badRange.status).toBe(400);
});

it('lists approvals with their status on a date', async () => {
  const then = await t.http().get(`/api/v1/program-approvals?providerId=${providerId}&asOf=2026-06-01`).set(auth(REVIEWER));
  expect(then.status).toBe(200);
  expect(then.body.items.map((a: { status: string }) => a.status)).toEqual(['APPROVED']);
  const bad = await t.http().get('/api/v1/program-approvals?asOf=2026-13-01').set(auth(REVIEWER));
  expect(bad.status).toBe(400);
});

it('readiness lists each criterion with its citation', async () => {
  const list = await t.http().get('/api/v1/program-approvals?program=CST').set(auth(REVIEWER));
  const lakeside = list.body.items.find((a: { providerId: string }) => a.providerId === t.demo!.ids.lakeside);
  expect(lakeside.status).toBe('IN_REMEDY');
  const res = await t.http().get(`/api/v1/program-approvals/${lakeside.id}/readiness?asOf=2026-11-22`).set(auth(REVIEWER));
  expect(res.status).toBe(200);
  for (const c of res.body.criteria) {
    expect(['MET', 'NOT_MET', 'NOT_RECORDED']).toContain(c.status);
    expect(c.citation).toMatch(/^140\./);
  }
  // Lakeside's CST team has no CRSS/CFPP and no census recorded
  expect(res.body.criteria.some((c: { status: string }) => c.status === 'NOT_MET')).toBe(true);
  expect(res.body.criteria.some((c: { status: string }) => c.status === 'NOT_RECORDED')).toBe(true);
});

/** A small RFC 5545 reader: unfold lines, split VEVENTs, check structure. */
function parseICalendar(text: string): Record<string, string>[] {
  expect(text.endsWith('\r\n')).toBe(true);
  const lines = text.split('\r\n').filter((l) => l.length > 0);
  const unfolded: string[] = [];
  for (const l of lines) {
    if (l.startsWith(' ')) unfolded[unfolded.length - 1] += l.slice(1);
    else unfolded.push(l);
  }
  expect(unfolded[0]).toBe('BEGIN:VCALENDAR');
  expect(unfolded[unfolded.length - 1]).toBe('END:VCALENDAR');
  expect(unfolded).toContain('VERSION:2.0');
  const events: Record<string, string>[] = [];
  let current: Record<string, string> | null = null;
  for (const l of unfolded) {
    if (l === 'BEGIN:VEVENT') current = {};
    else if (l === 'END:VEVENT') {
      expect(current).toEqual(expect.objectContaining({ UID: expect.any(String), DTSTAMP: expect.stringMatching(/^\d{8}T\d{6}Z$/), SUMMARY: expect.any(String) }));
      events.push(current!);
      current = null;
    } else if (current) {
      const i = l.indexOf(':');
      current[l.slice(0, i)] = l.slice(i + 1).replace(/\\,/g, ',').replace(/\\;/g, ';').replace(/\\n/g, '\n');
    }
  }
  return events;
}
