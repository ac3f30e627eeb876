/**
 * The golden report: the demo claims (fixtures/demo/claims.json) validated against the demo registry
 * must give exactly fixtures/demo/claims.report.json (server-assigned UUIDs replaced by fixture refs).
 * After a deliberate rule change, regenerate with `UPDATE_GOLDEN=1 npm test -- claims.golden` and
 * review the diff line by line.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FINDING_CODES } from '../../src/rules/claims';
import { ADMIN_KEY, auth, startTestApp, type TestApp } from '../support/app';

const FIXTURES = path.resolve(__dirname, '../../fixtures/demo');
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ demo: true });
});
afterAll(async () => t?.close());

const UUID_IN_TEXT = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** Server-assigned UUIDs replaced by fixture refs, whole values and within text (an action names the provider in a path). */
function withRefs(value: unknown, refs: Map<string, string>): unknown {
  return JSON.parse(JSON.stringify(value), (_k, v) => (typeof v === 'string' ? (refs.has(v) ? `<${refs.get(v)}>` : v.replace(UUID_IN_TEXT, (id) => (refs.has(id) ? `<${refs.get(id)}>` : id))) : v));
}

it('validates the demo claims exactly as the golden report says', async () => {
  const body = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'claims.json'), 'utf8'));
  const before = await t.ds.query('SELECT count(*)::int AS n FROM cap_ledger_entries');
  const res = await t.http().post('/api/v1/claims/validate').set(auth(ADMIN_KEY)).send({ claims: body.claims });
  expect(res.status).toBe(200);
  // validation changes nothing
  expect(await t.ds.query('SELECT count(*)::int AS n FROM cap_ledger_entries')).toEqual(before);
  expect(await t.ds.query('SELECT count(*)::int AS n FROM claim_records')).toEqual([{ n: 0 }]);

  const refs = new Map(Object.entries(t.demo!.ids).map(([ref, id]) => [id, ref]));
  const report = withRefs(res.body, refs);
  const goldenFile = path.join(FIXTURES, 'claims.report.json');
  if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(goldenFile, JSON.stringify(report, null, 1) + '\n');
  const golden = JSON.parse(fs.readFileSync(goldenFile, 'utf8'));
  expect(report).toEqual(golden);
});

it('the demo batch exercises every finding code', () => {
  const golden = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'claims.report.json'), 'utf8'));
  const seen = new Set<string>();
  for (const c of golden.claims) {
    for (const f of c.findings) seen.add(f.code);
    for (const l of c.lines) for (const f of l.findings) seen.add(f.code);
  }
  // INVALID_CLAIM needs a malformed claim, which the API refuses with 400 before the engine runs
  const expected = FINDING_CODES.filter((c) => c !== 'INVALID_CLAIM');
  expect(expected.filter((c) => !seen.has(c))).toEqual([]);
  const statuses = new Set(golden.claims.flatMap((c: { lines: { status: string }[] }) => c.lines.map((l) => l.status)));
  expect([...statuses].sort()).toEqual(['FAIL', 'PASS', 'UNCHECKED', 'WARN']);
});
