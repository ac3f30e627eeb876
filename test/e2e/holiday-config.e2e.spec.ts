/**
 * The holiday calendar is rule data read from the configuration directory at start-up, not compiled
 * in: a site's copy (BHCHECK_CONFIG_DIR) with one more closed day moves a business-day deadline.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ADMIN_KEY, auth, DEMO_KEYS, startTestApp, type TestApp } from '../support/app';

const REVIEWER = DEMO_KEYS.reviewer;
let t: TestApp;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bhcheck-config-'));
  const shipped = path.join(__dirname, '..', '..', 'config');
  for (const f of fs.readdirSync(shipped)) fs.copyFileSync(path.join(shipped, f), path.join(dir, f));
  const holidays = JSON.parse(fs.readFileSync(path.join(dir, 'illinois-holidays.json'), 'utf8'));
  holidays.exceptions = [{ date: '2026-02-20', name: 'State offices closed (test)', closed: true }];
  fs.writeFileSync(path.join(dir, 'illinois-holidays.json'), JSON.stringify(holidays));
  t = await startTestApp({ demo: true, env: { BHCHECK_CONFIG_DIR: dir }, today: '2026-03-01' });
}, 30_000);
afterAll(async () => {
  await t?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it("findings due 10 business days after Friday 2026-02-13 skip Presidents' Day and the site's closed day: 2026-03-03", async () => {
  const p = await t.http().post('/api/v1/providers').set(auth(ADMIN_KEY)).send({ name: 'Eastside CMHC', npi: '1245319599', type: 'CMHC', enrollments: [{ from: '2025-07-01', to: null }] });
  const pa = await t.http().post('/api/v1/program-approvals').set(auth(REVIEWER)).send({ providerId: p.body.id, program: 'IO' });
  for (const e of [
    { type: 'INTENT_SUBMITTED', occurredOn: '2026-01-05' },
    { type: 'ENROLLMENT_PROCESSED', occurredOn: '2026-01-12' },
    { type: 'ONSITE_REVIEW_SCHEDULED', occurredOn: '2026-02-02', noticeOn: '2026-02-02', reviewOn: '2026-02-13' },
    { type: 'ONSITE_REVIEW_HELD', occurredOn: '2026-02-13' },
  ]) {
    expect((await t.http().post(`/api/v1/program-approvals/${pa.body.id}/events`).set(auth(REVIEWER)).send(e)).status).toBe(201);
  }
  const st = await t.http().get(`/api/v1/program-approvals/${pa.body.id}?asOf=2026-02-13`).set(auth(REVIEWER));
  // with the shipped calendar it is 2026-03-02
  expect(st.body.deadlines.find((d: { kind: string }) => d.kind === 'FINDINGS_DUE').dueOn).toBe('2026-03-03');
});
