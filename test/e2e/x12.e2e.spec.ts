/**
 * POST /claims/x12 over every public sample in the X12 corpus (skipped without it, see
 * test/support/x12-corpus.js) and every hand-made fixture:
 * valid files give the same report as the JSON path with each line located; broken or foreign files
 * are refused (422) with the segment where they went wrong; nothing is recorded from a refused file.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { auth, startTestApp, type TestApp } from '../support/app';
import { x12Corpus } from '../support/x12-corpus';

const BILLING = 'bhk_demo_billing_prairie_9KdF3sQ6';
const CORPUS = x12Corpus();
const SAMPLES = path.join(CORPUS ?? '', 'imsweb-x12-parser');
const itWithCorpus = CORPUS ? it : it.skip;
const describeWithCorpus = CORPUS ? describe : describe.skip;
const FIXTURES = path.resolve(__dirname, '../../fixtures/x12');
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ demo: true });
});
afterAll(async () => t?.close());

const post = (file: string, query = '', type = 'application/edi-x12') =>
  t.http().post(`/api/v1/claims/x12${query}`).set(auth(BILLING)).set('Content-Type', type).send(fs.readFileSync(file));

// claims / service lines in each valid 837P sample (counted from the files)
const VALID: [string, number, number][] = [
  ['x12_valid.txt', 2, 2],
  ['x12_valid_different_separators.txt', 2, 2],
  ['x12_complex.txt', 6, 10],
  ['x12_many_claims.txt', 820, 820],
  ['x12_multiple_gs.txt', 6, 6],
  ['x12_multiple_isa.txt', 4, 4],
  ['x12_multiple_st.txt', 4, 4],
  ['x12_multiple_transactions.txt', 624, 624],
  ['x12_writer_test.txt', 1, 1],
  ['x12_no_errors.txt', 2, 2],
  ['x12_ambiguous_loop.txt', 1, 1],
];

const REFUSED: [string, string, number, string][] = [
  ['x12_999_accepted.txt', 'X12_NOT_837P', 3, 'ST'],
  ['x12_999_rejected.txt', 'X12_NOT_837P', 3, 'ST'],
  ['x223-test.txt', 'X12_NOT_837P', 3, 'ST'],
  ['x12_bad_first_line.txt', 'X12_SYNTAX', 1, 'ISA'],
  ['x12_bad_segment_identifier.txt', 'X12_SYNTAX', 6, ''],
  ['x12_bad_valid_code.txt', 'X12_STRUCTURE', 9, 'NM1'],
  ['x12_loop_errors1_exceeds_max_1_parent.txt', 'X12_STRUCTURE', 15, 'NM1'],
  ['x12_loop_errors2_exceeds_max_repeats_multiple_parents.txt', 'X12_STRUCTURE', 34, 'NM1'],
  ['x12_loop_errors3_missing_loops.txt', 'X12_STRUCTURE', 9, ''],
  ['x12_missing_elements.txt', 'X12_ELEMENT', 7, 'NM1'],
  ['x12_missing_required_loop_in_one_repeat.txt', 'X12_STRUCTURE', 20, ''],
  ['x12_missing_required_loops_mult_repeats.txt', 'X12_STRUCTURE', 33, 'SV1'],
  ['x12_no_isa_line.txt', 'X12_ENVELOPE', 1, 'GS'],
  ['x12_segment_errors.txt', 'X12_STRUCTURE', 10, ''],
  ['x12_segments_out_of_order.txt', 'X12_STRUCTURE', 11, 'REF'],
];

itWithCorpus('covers every file in the shared samples folder', () => {
  const listed = new Set([...VALID.map((v) => v[0]), ...REFUSED.map((r) => r[0])]);
  const files = fs.readdirSync(SAMPLES).filter((f) => f.endsWith('.txt'));
  expect(files.filter((f) => !listed.has(f))).toEqual([]);
});

describeWithCorpus.each(VALID)('%s', (file, claims, lines) => {
  it(`reads ${claims} claims and ${lines} service lines, each located`, async () => {
    const res = await post(path.join(SAMPLES, file), '?envelope=lenient');
    expect(res.status).toBe(200);
    expect(res.body.file).toMatchObject({ claims, lines });
    expect(res.body.claims).toHaveLength(claims);
    const reportLines = res.body.claims.flatMap((c: { lines: unknown[] }) => c.lines);
    expect(reportLines).toHaveLength(lines);
    for (const c of res.body.claims) {
      expect(c.location).toEqual({ transactionControlNumber: expect.any(String), claimId: c.claimId, segmentIndex: expect.any(Number) });
      for (const l of c.lines) expect(l.location).toMatchObject({ claimId: c.claimId, lineNumber: expect.any(Number), segmentIndex: expect.any(Number) });
    }
  });
});

itWithCorpus('strict envelope mode refuses the samples, whose SE01 segment counts are wrong, naming the SE', async () => {
  const res = await post(path.join(SAMPLES, 'x12_valid.txt'));
  expect(res.status).toBe(422);
  expect(res.body.x12).toMatchObject({ code: 'X12_ENVELOPE', segmentId: 'SE' });
  expect(res.body.detail).toMatch(/SE01/);
});

itWithCorpus.each(REFUSED)('refuses %s (%s at segment %i)', async (file, code, segmentIndex, segmentId) => {
  const res = await post(path.join(SAMPLES, file), '?envelope=lenient');
  expect(res.status).toBe(422);
  expect(res.headers['content-type']).toMatch(/problem\+json/);
  expect(res.body.x12).toEqual({ code, segmentIndex, segmentId: segmentId || expect.any(String) });
  expect(res.body.detail).toMatch(new RegExp(`at segment ${segmentIndex}`));
});

describe('an upload that is not an X12 file', () => {
  const send = (body: Buffer) => t.http().post('/api/v1/claims/x12').set(auth(BILLING)).set('Content-Type', 'text/plain').send(body);

  it('saved as UTF-16: 422 naming the byte order mark, with the text it holds', async () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'valid-small.837'), 'latin1');
    const res = await send(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    expect(res.status).toBe(422);
    expect(res.body.x12).toEqual({ code: 'X12_ENVELOPE', segmentIndex: 1, segmentId: '' });
    expect(res.body.detail).toMatch(/it starts with a UTF-16 little-endian byte order mark \(FF FE\) at byte 0, then reads "ISA\*00\*.*" as UTF-16; an X12 file is 8-bit text, so save it as ASCII or UTF-8/);
  });

  it('no ISA at all: 422 showing its first bytes and where they start', async () => {
    const res = await send(Buffer.from('\n\nPatient,Date,Code\n'));
    expect(res.status).toBe(422);
    expect(res.body.detail).toMatch(/missing ISA: .*; it starts with "Patient,Date,Cod" \(50 61 74 69 65 6E 74 2C 44 61 74 65 2C 43 6F 64\) at byte 2 at segment 1/);
  });
});

describe('hand-made fixtures', () => {
  const envelopeErrors = fs.readdirSync(FIXTURES).filter((f) => f.startsWith('env-'));
  it.each(envelopeErrors)('%s is refused with X12_ENVELOPE and a segment', async (file) => {
    const res = await post(path.join(FIXTURES, file));
    expect(res.status).toBe(422);
    expect(res.body.x12.code).toBe('X12_ENVELOPE');
    expect(res.body.x12.segmentIndex).toBeGreaterThan(0);
  });

  it.each(['structure-clm-before-subscriber.837', 'structure-sv1-without-lx.837', 'not-837p-835.837'])('%s is refused with its segment', async (file) => {
    const res = await post(path.join(FIXTURES, file));
    expect(res.status).toBe(422);
    expect(res.body.x12.segmentIndex).toBeGreaterThan(0);
  });

  it.each(['bom.837', 'crlf.837', 'no-line-breaks.837', 'sep-pipe-newline.837', 'name-latin1.837', 'name-utf8.837', 'valid-small.837', 'mj-minutes.837', 'line-rendering.837', 'rd8.837', 'frequency.837', 'auto-accident.837'])(
    '%s reads',
    async (file) => {
      const res = await post(path.join(FIXTURES, file), '', 'text/plain');
      expect(res.status).toBe(200);
      expect(res.body.file.claims).toBeGreaterThan(0);
    },
  );

  it('a multi-day RD8 range is an INVALID_CLAIM finding located at its line, the location said once', async () => {
    const res = await post(path.join(FIXTURES, 'rd8.837'));
    const located = res.body.claims.flatMap((c: { lines: { findings: { code: string; message: string; fact: { segmentIndex?: number } }[]; location: { segmentIndex: number } }[] }) =>
      c.lines.flatMap((l) => l.findings.filter((f) => f.code === 'INVALID_CLAIM').map((f) => ({ f, l }))),
    );
    expect(located.length).toBeGreaterThan(0);
    for (const { f } of located) {
      expect(f.fact.segmentIndex).toBeGreaterThan(0);
      expect(f.message).toBe('service date range 2026-08-10 to 2026-08-12 spans more than one day; bill each day of service on its own line (segment 28, DTP)');
    }
  });

  itWithCorpus('claim and line problems of a public sample name their segment once', async () => {
    const res = await post(path.join(SAMPLES, 'x12_complex.txt'), '?envelope=lenient');
    const messages: string[] = res.body.claims.flatMap((c: { findings: { ruleId: string; message: string }[]; lines: { findings: { ruleId: string; message: string }[] }[] }) =>
      [...c.findings, ...c.lines.flatMap((l) => l.findings)].filter((f) => f.ruleId === 'X12-CONTENT-v1').map((f) => f.message),
    );
    expect(messages.length).toBeGreaterThan(3);
    for (const m of messages) expect(m.match(/\(segment \d+, [A-Z0-9]+\)/g)).toHaveLength(1);
  });
});

describe('the demo 837P', () => {
  const demo = path.join(FIXTURES, 'demo-bh.837');

  it('gives the same findings as the JSON path, located in the file', async () => {
    const res = await post(demo);
    expect(res.status).toBe(200);
    const failing = res.body.claims.find((c: { status: string }) => c.status === 'FAIL');
    const line = failing.lines.find((l: { status: string }) => l.status === 'FAIL');
    expect(line.location).toEqual({ transactionControlNumber: '0001', claimId: failing.claimId, lineNumber: expect.any(Number), segmentIndex: expect.any(Number) });
    expect(line.findings.map((f: { code: string }) => f.code)).toContain('ASSESSMENT_MISSING');
    expect(await t.ds.query('SELECT count(*)::int AS n FROM claim_records')).toEqual([{ n: 0 }]);
  });

  it('?commit=true records the claims without errors, and again changes nothing', async () => {
    const first = await post(demo, '?commit=true');
    expect(first.status).toBe(200);
    const recorded = first.body.claims.filter((c: { recorded: boolean }) => c.recorded).map((c: { claimId: string }) => c.claimId);
    expect(recorded.length).toBeGreaterThan(0);
    expect(first.body.claims.filter((c: { status: string; recorded: boolean }) => c.status === 'FAIL' && c.recorded)).toEqual([]);
    const ledger = await t.ds.query('SELECT count(*)::int AS n, sum(minutes)::int AS m FROM cap_ledger_entries WHERE released_at IS NULL');
    const again = await post(demo, '?commit=true');
    expect(again.body.claims.filter((c: { repeat: boolean }) => c.repeat).map((c: { claimId: string }) => c.claimId)).toEqual(recorded);
    expect(await t.ds.query('SELECT count(*)::int AS n, sum(minutes)::int AS m FROM cap_ledger_entries WHERE released_at IS NULL')).toEqual(ledger);
  });

  it('a file with a claim that cannot be recorded as sent (a VOID with no original) records nothing at all', async () => {
    // the demo file with its last claim turned into a VOID (CLM05-3 = 8, REF*F8) of a claim never recorded
    const text = fs
      .readFileSync(demo, 'utf8')
      .replace('CLM*PCMHC-260710-03*100.00***11:B:1*Y*A*Y*Y~', 'CLM*PCMHC-260710-99*100.00***11:B:8*Y*A*Y*Y~\nREF*F8*2026192000456~');
    const before = await t.ds.query('SELECT count(*)::int AS n FROM claim_versions');
    const res = await t
      .http()
      .post('/api/v1/claims/x12?commit=true&envelope=lenient')
      .set(auth(BILLING))
      .set('Content-Type', 'application/edi-x12')
      .send(Buffer.from(text));
    expect(res.status).toBe(409);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.body.errors).toEqual([{ path: '/segment/56/frequency', message: expect.stringMatching(/VOID of claim PCMHC-260710-99: no original/) }]);
    expect(await t.ds.query('SELECT count(*)::int AS n FROM claim_versions')).toEqual(before);
  });

  it('a refused file records nothing, even with commit', async () => {
    const before = await t.ds.query('SELECT count(*)::int AS n FROM claim_versions');
    const res = await post(path.join(FIXTURES, 'env-truncated.837'), '?commit=true');
    expect(res.status).toBe(422);
    expect(await t.ds.query('SELECT count(*)::int AS n FROM claim_versions')).toEqual(before);
  });
});

it('refuses other content types (415) and bad query parameters (400)', async () => {
  const json = await post(path.join(FIXTURES, 'demo-bh.837'), '', 'application/json');
  expect([400, 415]).toContain(json.status);
  const xml = await post(path.join(FIXTURES, 'demo-bh.837'), '', 'application/xml');
  expect(xml.status).toBe(415);
  const bad = await post(path.join(FIXTURES, 'demo-bh.837'), '?envelope=loose');
  expect(bad.status).toBe(400);
  expect(bad.body.errors).toEqual([{ path: 'envelope', message: expect.any(String) }]);
});

it('refuses a file over BHCHECK_X12_LIMIT with 413', async () => {
  const small = await startTestApp({ env: { BHCHECK_X12_LIMIT: '1kb' } });
  try {
    const res = await small
      .http()
      .post('/api/v1/claims/x12')
      .set(auth('bhk_test_admin_key_000000000000'))
      .set('Content-Type', 'application/edi-x12')
      .send(fs.readFileSync(path.join(FIXTURES, 'demo-bh.837')));
    expect(res.status).toBe(413);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
  } finally {
    await small.close();
  }
});
