/**
 * BHCHECK_ADMIN_KEY when several service processes start together on one database (README, "Several
 * processes"): each makes sure the key exists; whichever issues it first wins and the others find it,
 * none fails to start.
 */
import { ensureAdminKey } from '../../src/bootstrap';
import { freshDatabase, type TestDatabase } from '../support/database';
import { startTestApp, type TestApp } from '../support/app';

let db: TestDatabase;
const apps: TestApp[] = [];

beforeAll(async () => {
  db = await freshDatabase();
  for (let i = 0; i < 4; i++) apps.push(await startTestApp({ database: db }));
});
afterAll(async () => {
  for (const a of apps) await a.close();
  await db.drop();
});

it('four processes ensuring the same new admin key at once: it is issued once, and every one starts', async () => {
  const key = 'bhk_raced_admin_key_0000000000000';
  const results = await Promise.all(apps.map((a) => ensureAdminKey(a.app, { ...a.config, adminKey: key })));
  expect(results.filter((issued) => issued)).toHaveLength(1);
  const rows = await apps[0].ds.query(`SELECT count(*)::int AS n FROM api_keys WHERE name = 'bootstrap admin (BHCHECK_ADMIN_KEY)'`);
  // the test harness's own admin key, and this one
  expect(rows[0].n).toBe(2);
});
