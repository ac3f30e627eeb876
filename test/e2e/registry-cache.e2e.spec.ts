/**
 * The registry answers kept between claim checks (src/claims/registry-cache.ts) never outlive a change:
 * a licence changed through the API, or employment ended by plain SQL on another connection (as another
 * service process or an administrator's script would), changes the very next check; and the answers
 * kept for one key's scope are never served to a key of another scope.
 */
import { Client } from 'pg';
import { auth, DEMO_KEYS, startTestApp, type TestApp } from '../support/app';
import { OKAFOR_NPI, PRAIRIE_NPI, R_ADULT_MEDICAID_ID } from '../support/claim-body';

const LAKESIDE_NPI = '1729340566';
const DOS = '2026-09-15';

let t: TestApp;
let ids: Record<string, string>;
let owner: Client;

beforeAll(async () => {
  t = await startTestApp({ demo: true });
  ids = t.demo!.ids;
  owner = new Client({ connectionString: t.db.ownerUrl });
  await owner.connect();
});
afterAll(async () => {
  await owner?.end();
  await t?.close();
});

/** Okafor (LPHA, LCSW) gives individual therapy to the demo adult of Prairie. */
const therapy = (claimId: string, billingNpi = PRAIRIE_NPI) => ({
  claimId,
  billingNpi,
  medicaidId: R_ADULT_MEDICAID_ID,
  placeOfService: '11',
  lines: [{ lineId: '1', dateOfService: DOS, units: 4, renderingNpi: OKAFOR_NPI, procedureCode: 'H0004' }],
});

interface Checked {
  status: string;
  codes: string[];
}

async function check(claimId: string, key: string = DEMO_KEYS.billingPrairie, billingNpi?: string): Promise<Checked> {
  const res = await t.http().post('/api/v1/claims/validate').set(auth(key)).send(therapy(claimId, billingNpi));
  expect(res.status).toBe(200);
  const claim = res.body.claims[0];
  const findings = [...claim.findings, ...claim.lines[0].findings];
  return { status: claim.lines[0].status, codes: findings.filter((f: { severity: string }) => f.severity === 'error').map((f: { code: string }) => f.code) };
}

const registryVersion = async (): Promise<number> => Number((await owner.query('SELECT version FROM registry_version')).rows[0].version);

it("a licence removed through the API fails the next check, and restored passes it again; each write moves the registry's change counter", async () => {
  expect(await check('RC-1')).toEqual({ status: 'PASS', codes: [] });
  expect(await check('RC-1b')).toEqual({ status: 'PASS', codes: [] }); // answered from the kept registry answers

  const okafor = await t.http().get(`/api/v1/staff/${ids.okafor}`).set(auth(DEMO_KEYS.directorPrairie));
  expect(okafor.status).toBe(200);
  const licenses = okafor.body.licenses;
  expect(licenses.length).toBeGreaterThan(0);

  const before = await registryVersion();
  const removed = await t.http().patch(`/api/v1/staff/${ids.okafor}`).set(auth(DEMO_KEYS.directorPrairie)).send({ licenses: [] });
  expect(removed.status).toBe(200);
  expect(await registryVersion()).toBeGreaterThan(before);
  const without = await check('RC-2');
  expect(without.status).toBe('FAIL');
  expect(without.codes.length).toBeGreaterThan(0);

  const restored = await t.http().patch(`/api/v1/staff/${ids.okafor}`).set(auth(DEMO_KEYS.directorPrairie)).send({ licenses });
  expect(restored.status).toBe(200);
  expect(await check('RC-3')).toEqual({ status: 'PASS', codes: [] });
});

it('employment ended by SQL on another connection (as the owner role) fails the next check; the end undone passes it again', async () => {
  expect((await check('RC-4')).status).toBe('PASS');
  await owner.query(`UPDATE staff SET end_date = '2026-09-01' WHERE id = $1`, [ids.okafor]);
  try {
    const ended = await check('RC-5');
    expect(ended.status).toBe('FAIL');
    expect(ended.codes.length).toBeGreaterThan(0);
  } finally {
    await owner.query('UPDATE staff SET end_date = NULL WHERE id = $1', [ids.okafor]);
  }
  expect((await check('RC-6')).status).toBe('PASS');
});

it('a change not yet committed is not seen, and leaves the kept answers right; every registry table the checks read moves the counter', async () => {
  expect((await check('RC-7')).status).toBe('PASS');
  await owner.query('BEGIN');
  try {
    await owner.query(`UPDATE staff SET end_date = '2026-09-01' WHERE id = $1`, [ids.okafor]);
    expect((await check('RC-8')).status).toBe('PASS');
  } finally {
    await owner.query('ROLLBACK');
  }
  expect((await check('RC-9')).status).toBe('PASS');

  const tables = ['providers', 'staff', 'recipients', 'recipient_providers', 'assessments', 'treatment_plans', 'program_approvals', 'program_approval_events', 'act_teams', 'enrollment_evidence'];
  for (const table of tables) {
    const before = await registryVersion();
    await owner.query(`DELETE FROM ${table} WHERE false`); // a statement writing no row counts too
    expect({ table, moved: (await registryVersion()) > before }).toEqual({ table, moved: true });
  }
});

it("the answers kept for one key's providers are never served to a key of another provider", async () => {
  // Prairie's key finds its recipient (and keeps the answer for Prairie's scope)
  expect((await check('RC-10')).codes).not.toContain('UNKNOWN_RECIPIENT');
  // Lakeside's key never finds Prairie's recipient, nor Prairie's staff
  const lakeside = await check('RC-11', DEMO_KEYS.billingLakeside, LAKESIDE_NPI);
  expect(lakeside.codes).toContain('UNKNOWN_RECIPIENT');
  // and Prairie's answers are still Prairie's
  expect((await check('RC-12')).status).toBe('PASS');
});
