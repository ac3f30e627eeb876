/**
 * The claim report as CSV (`Accept: text/csv`) on POST /claims/validate, /claims and /claims/x12: the
 * columns billing staff filter on, UTF-8 with a byte order mark, CRLF, and no cell a spreadsheet would
 * run as a formula (an 837 whose claim ID was `=HYPERLINK(1)`).
 */
import { parse } from 'csv-parse/sync';
import { demoBhInput } from '../../src/x12/demo-bh';
import { write837, type Write837Provider, type Write837Subscriber } from '../../src/x12/write837';
import { auth, startTestApp, type TestApp } from '../support/app';
import { CLAIM_CSV_HEADERS, OKAFOR_THERAPY_LINE } from '../support/claim-csv';

const BILLING = 'bhk_demo_billing_prairie_9KdF3sQ6';
const LAKESIDE_BILLING = 'bhk_demo_billing_lakeside_2HtY8wN4';
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ demo: true });
});
afterAll(async () => t?.close());

type Row = Record<string, string>;

/** The CSV as a spreadsheet reads it: the byte order mark, CRLF rows, then records by header. */
function readCsv(res: { status: number; headers: Record<string, string>; body: Buffer }): Row[] {
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
  expect(res.headers['content-disposition']).toMatch(/^attachment; filename="claims-(check|recorded)-\d{4}-\d{2}-\d{2}\.csv"$/);
  expect(res.headers.vary).toMatch(/Accept/);
  expect([...res.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = res.body.toString('utf8');
  expect(text.replace(/"[^"]*"/g, '').split('\n').every((l, i, all) => i === all.length - 1 || l.endsWith('\r'))).toBe(true);
  return parse(text, { bom: true, columns: true });
}

const asCsv = (path: string, key = BILLING) =>
  t
    .http()
    .post(path)
    .set(auth(key))
    .set('Accept', 'text/csv')
    .buffer(true)
    .parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });

const line = (lineId: string, extra: object = {}) => ({ lineId, dateOfService: '2026-09-14', units: 4, renderingNpi: '1204784908', procedureCode: 'H0004', ...extra });

it('POST /claims/validate: one row per finding or per line, with what was billed and what was found', async () => {
  const body = {
    claims: [
      { claimId: 'CSV-1', billingNpi: '1648123457', medicaidId: '400112233', placeOfService: '11', lines: [line('1'), line('2', { renderingNpi: '1999999999', procedureCode: 'H2015', modifiers: ['HN'], units: 60 })] },
    ],
  };
  const json = await t.http().post('/api/v1/claims/validate').set(auth(BILLING)).send(body);
  const rows = readCsv(await asCsv('/api/v1/claims/validate').send(body));
  expect(Object.keys(rows[0])).toEqual(CLAIM_CSV_HEADERS);
  expect(rows[0]).toMatchObject({
    claimId: 'CSV-1',
    lineId: '1',
    dateOfService: '2026-09-14',
    ...OKAFOR_THERAPY_LINE,
    status: 'PASS',
    code: '',
    claimStatus: 'FAIL',
    service: 'THERAPY_COUNSELING',
  });
  // the same findings as the JSON report, each with its citation and message; the unregistered NPI has no name
  const jsonLine = json.body.claims[0].lines[1];
  const csvLine = rows.filter((r) => r.lineId === '2');
  expect(csvLine.map((r) => [r.code, r.severity, r.citation, r.message, r.status])).toEqual(
    jsonLine.findings.map((f: { code: string; severity: string; citation: string; message: string }) => [f.code, f.severity, f.citation, f.message, jsonLine.status]),
  );
  expect(csvLine[0]).toMatchObject({ renderingNpi: '1999999999', renderingName: '', procedureCode: 'H2015', modifiers: 'HN', units: '60' });
  expect(csvLine.map((r) => r.code)).toContain('UNKNOWN_STAFF');
  // the action column is there for every finding (empty until a finding carries one)
  expect(csvLine.every((r) => r.action === (jsonLine.findings.find((f: { code: string }) => f.code === r.code).action ?? ''))).toBe(true);
});

it('a claim given by registry ids shows the Medicaid ID, billing NPI and rendering NPI the registry holds', async () => {
  const ids = t.demo!.ids;
  const claim = { claimId: 'CSV-IDS', providerId: ids.prairie, recipientId: ids.r_adult, placeOfService: '11', lines: [{ lineId: '1', dateOfService: '2026-09-14', units: 4, renderingStaffId: ids.okafor, service: 'THERAPY_COUNSELING' }] };
  const [row] = readCsv(await asCsv('/api/v1/claims/validate').send(claim));
  expect(row).toMatchObject({ claimId: 'CSV-IDS', medicaidId: '400112233', billingNpi: '1648123457', renderingNpi: '1204784908', renderingName: 'Samuel Okafor, LCSW', procedureCode: '', service: 'THERAPY_COUNSELING', status: 'PASS' });
});

it("names no one the key may not see: another provider's staff member is UNKNOWN_STAFF with no name", async () => {
  const claim = { claimId: 'CSV-SCOPE', billingNpi: '1729340566', medicaidId: '400445566', placeOfService: '11', lines: [line('1')] };
  const rows = readCsv(await asCsv('/api/v1/claims/validate', LAKESIDE_BILLING).send(claim));
  expect(rows.map((r) => [r.renderingNpi, r.renderingName])).toContainEqual(['1204784908', '']);
  expect(rows.map((r) => r.code)).toContain('UNKNOWN_STAFF');
  expect(rows.some((r) => r.renderingName.includes('Okafor'))).toBe(false);
});

it('POST /claims as CSV says which claims were recorded', async () => {
  const claim = { claimId: 'CSV-REC-1', billingNpi: '1648123457', medicaidId: '400112233', placeOfService: '11', lines: [line('1', { procedureCode: 'T1016', units: 2 })] };
  const rows = readCsv(await asCsv('/api/v1/claims').send(claim));
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ claimId: 'CSV-REC-1', recorded: 'true', status: 'PASS', service: 'MENTAL_HEALTH_CASE_MANAGEMENT', minutes: '30' });
  // the same claim again: nothing changes, the same answer
  expect(readCsv(await asCsv('/api/v1/claims').send(claim))).toEqual(rows);
});

it('POST /claims/x12: an 837 whose claim ID is =HYPERLINK(1) puts no live formula in any cell', async () => {
  const input = demoBhInput();
  const [provider] = input.transactions[0].providers as Write837Provider[];
  const [subscriber] = provider.subscribers as Write837Subscriber[];
  subscriber.claims[0].claimId = '=HYPERLINK(1)';
  subscriber.claims[0].lines[0].lineControl = '@SUM(A1)';
  const file = write837(input);
  const json = await t.http().post('/api/v1/claims/x12').set(auth(BILLING)).set('Content-Type', 'application/edi-x12').send(file);
  expect(json.status).toBe(200);
  expect(json.body.claims[0].claimId).toBe('=HYPERLINK(1)');

  const rows = readCsv(await asCsv('/api/v1/claims/x12').set('Content-Type', 'application/edi-x12').send(file));
  expect(rows[0]).toMatchObject({
    claimId: "'=HYPERLINK(1)",
    lineId: "'@SUM(A1)",
    dateOfService: '2026-08-03',
    ...OKAFOR_THERAPY_LINE,
    segmentIndex: '24',
    lineNumber: '1',
  });
  expect(rows.every((r) => Object.values(r).every((cell) => !/^[=+\-@\t\r]/.test(cell)))).toBe(true);
  // every line of the file is there: 6 lines, the two failing ones with two findings each
  expect(rows).toHaveLength(4 + 2 + 2);
  expect(new Set(rows.map((r) => r.claimId))).toEqual(new Set(["'=HYPERLINK(1)", 'PCMHC-260806-02', 'PCMHC-260710-03']));
});

it('JSON stays the default, and errors stay problem+json when CSV is asked for', async () => {
  const claim = { claimId: 'CSV-JSON', billingNpi: '1648123457', medicaidId: '400112233', placeOfService: '11', lines: [line('1')] };
  const plain = await t.http().post('/api/v1/claims/validate').set(auth(BILLING)).send(claim);
  expect(plain.headers['content-type']).toMatch(/^application\/json/);
  const either = await t.http().post('/api/v1/claims/validate').set(auth(BILLING)).set('Accept', 'application/json, text/csv;q=0.5').send(claim);
  expect(either.headers['content-type']).toMatch(/^application\/json/);
  const bad = await t.http().post('/api/v1/claims/validate').set(auth(BILLING)).set('Accept', 'text/csv').send({ ...claim, lines: [] });
  expect(bad.status).toBe(400);
  expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
  const broken = await t.http().post('/api/v1/claims/x12').set(auth(BILLING)).set('Accept', 'text/csv').set('Content-Type', 'application/edi-x12').send('ISA*oops~');
  expect(broken.status).toBe(422);
  expect(broken.headers['content-type']).toMatch(/^application\/problem\+json/);
});
