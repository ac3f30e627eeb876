/**
 * A file is checked in batches, with registry answers kept from one batch to the next (LoaderCache):
 * the reports must not depend on where the batches are cut. Dates of service rise through the file, so
 * even the cap totals (date order within a batch, file order across batches) come out the same. The
 * duplicate check sees the whole file: a session billed again near its end, and a claimId used again,
 * are found however far apart the batches put them.
 */
import { DataSource } from 'typeorm';
import { Readable } from 'node:stream';
import type { Actor } from '../../src/auth/actor';
import type { CommittedClaimReport } from '../../src/claims/claims.service';
import { X12IntakeService, type X12Report } from '../../src/claims/x12-intake.service';
import { write837, type Write837Claim, type Write837Line, type Write837Subscriber } from '../../src/x12';
import { startTestApp, type TestApp } from '../support/app';

const NPI = { prairie: '1648123457', lakeside: '1729340566', okafor: '1204784908', kim: '1305895017', hernandez: '1406906127', moore: '1507017238', unknown: '1999999992' };
const WHO = {
  adult: { medicaidId: '400112233', lastName: 'AVERY', firstName: 'JORDAN', birthDate: '1985-09-14' },
  youngAdult: { medicaidId: '400334455', lastName: 'MORGAN', firstName: 'CASEY', birthDate: '2008-11-30' },
  lakeside: { medicaidId: '400445566', lastName: 'ELLIS', firstName: 'MORGAN', birthDate: '1990-01-15' },
  nobody: { medicaidId: '499999999', lastName: 'NOBODY', firstName: 'PAT', birthDate: '1980-01-01' },
};

const day = (n: number) => new Date(Date.UTC(2026, 7, 3) + n * 86_400_000).toISOString().slice(0, 10);

/** Prairie claims for four people (one of them another provider's, one unknown), dates rising. */
function file({ reuseClaimId = true } = {}): string {
  let seq = 0;
  const claim = (n: number, lines: Omit<Write837Line, 'date'>[]): Write837Claim => ({ claimId: `B${String(++seq).padStart(4, '0')}`, diagnoses: ['F331'], renderingNpi: NPI.okafor, lines: lines.map((l, i) => ({ ...l, date: day(n), lineControl: `${seq}-${i + 1}` })) });
  const subscribers: Write837Subscriber[] = [];
  for (let n = 0; n < 40; n++) {
    subscribers.push({ ...WHO.adult, claims: [claim(n, [{ procedureCode: 'H0004', modifiers: ['HO'], units: 4 }, { procedureCode: 'H2015', unitBasis: 'MJ', units: 45, renderingNpi: NPI.kim }])] });
    // 4 hours of case management a day: past the 240-hour cap within the file
    subscribers.push({ ...WHO.youngAdult, claims: [claim(n, [{ procedureCode: 'T1016', units: 16, renderingNpi: NPI.hernandez }])] });
    if (n % 5 === 0) subscribers.push({ ...WHO.lakeside, claims: [claim(n, [{ procedureCode: 'H0004', units: 4, renderingNpi: NPI.moore }])] });
    if (n % 7 === 0) subscribers.push({ ...WHO.nobody, claims: [claim(n, [{ procedureCode: 'H0004', units: 4, renderingNpi: NPI.unknown }])] });
  }
  // at the end of the file: the first claim's therapy session again on a new claim (a duplicate), the
  // same day's family therapy (another session), and the second claimId used again as an ORIGINAL
  subscribers.push({ ...WHO.adult, claims: [claim(0, [{ procedureCode: 'H0004', modifiers: ['HO'], units: 3 }]), claim(0, [{ procedureCode: 'H0004', modifiers: ['HR'], units: 4 }])] });
  if (reuseClaimId) subscribers.push({ ...WHO.youngAdult, claims: [{ ...claim(41, [{ procedureCode: 'T1016', units: 1, renderingNpi: NPI.hernandez }]), claimId: 'B0002' }] });
  return write837({
    interchangeControl: '000000777',
    groupControl: '777',
    created: '20261122',
    transactions: [{ control: '0001', providers: [{ npi: NPI.prairie, name: 'PRAIRIE COMMUNITY MENTAL HEALTH CENTER', subscribers }] }],
  });
}

let t: TestApp;
let prairieActor: Actor;
const SYSTEM: Actor = { keyId: null, name: 'test', role: 'ADMIN', providerIds: [], allProviders: true };

beforeAll(async () => {
  t = await startTestApp({ demo: true });
  const [{ id }] = await t.app.get(DataSource).query('SELECT id FROM providers WHERE npi = $1', [NPI.prairie]);
  prairieActor = { keyId: null, name: 'test', role: 'BILLING', providerIds: [id], allProviders: false };
});
afterAll(async () => t?.close());

async function check(actor: Actor, batchSize: number, explain = false): Promise<X12Report> {
  const text = file();
  return t.app.get(X12IntakeService).check(actor, () => Readable.from([Buffer.from(text)]), { commit: false, envelope: 'strict', batchSize, explain });
}

const codes = (r: X12Report) => r.claims.flatMap((c) => [...c.findings, ...c.lines.flatMap((l) => l.findings)].map((f) => f.code));

describe.each([
  ['a billing key for Prairie', () => prairieActor],
  ['the system (every provider)', () => SYSTEM],
])('as %s', (_label, actor) => {
  let whole: X12Report;
  beforeAll(async () => {
    whole = await check(actor(), 2000);
  });

  it('the file exercises what is kept across batches', () => {
    const found = new Set(codes(whole));
    expect(found).toContain('TCM_CAP_EXCEEDED');
    expect(found).toContain('UNKNOWN_RECIPIENT');
    expect(found).toContain('UNKNOWN_STAFF');
    expect(whole.claims.some((c) => c.status === 'PASS')).toBe(true);
    expect(whole.file.claims).toBe(whole.claims.length);
  });

  it('the session billed again at the end of the file is DUPLICATE_LINE naming the first claim and where it is; nothing else is', () => {
    const dups = whole.claims.flatMap((c) => c.lines.flatMap((l) => l.findings.filter((f) => f.code === 'DUPLICATE_LINE').map((f) => ({ claimId: c.claimId, f }))));
    const last = whole.claims.length;
    expect(dups.map((d) => d.claimId)).toEqual([whole.claims[last - 3].claimId]);
    // named by LX01 and the segment of its SV1, as the first claim's line is located in the report
    const firstLine = whole.claims[0].lines[0].location!;
    expect(dups[0].f.fact).toMatchObject({ firstClaimId: 'B0001', firstLineNumber: 1, firstSegmentIndex: firstLine.segmentIndex, firstRecorded: false, code: 'H0004 HO' });
    expect(dups[0].f.message).toMatch(new RegExp(`^line \\S+ repeats line 1 of claim B0001 \\(transaction 0001, segment ${firstLine.segmentIndex}\\): the same session`));
    // family therapy the same day is another session
    expect(whole.claims[last - 2].lines[0].findings.map((f) => f.code)).toEqual([]);
    // the claimId used again
    expect(whole.claims[last - 1].findings.map((f) => f.message)).toEqual([expect.stringMatching(/^claim B0002 of PRAIRIE COMMUNITY MENTAL HEALTH CENTER appears twice in this request or file/i)]);
  });

  it.each([1, 3, 17])('batches of %i claims give the same reports as one batch', async (size) => {
    const r = await check(actor(), size);
    expect(r.claims).toEqual(whole.claims);
    expect(r.caps).toEqual(whole.caps);
  });

  it('and the same explanations: every check, passed, failed or skipped, in the same words', async () => {
    const one = await check(actor(), 2000, true);
    const cut = await check(actor(), 3, true);
    expect(cut.claims).toEqual(one.claims);
    // the cap rules say how much was used with each line, across the batches
    expect(one.claims.flatMap((c) => c.lines.flatMap((l) => l.checks ?? [])).some((k) => k.ruleId === 'CAP-TCM-v1' && k.outcome === 'failed')).toBe(true);
  });
});

it('a recipient of another provider is unknown to the Prairie key, known to the system', async () => {
  const unknownRecipients = (r: X12Report) => r.claims.filter((c) => [...c.findings, ...c.lines.flatMap((l) => l.findings)].some((f) => f.code === 'UNKNOWN_RECIPIENT')).length;
  // Ellis (Lakeside's) every fifth day, plus the unknown Medicaid ID every seventh
  expect(unknownRecipients(await check(SYSTEM, 3))).toBe(6);
  expect(unknownRecipients(await check(prairieActor, 3))).toBe(6 + 8);
});

it('recording a file in batches of 3: the duplicate is found across batches and not recorded; its first claim is', async () => {
  // (without the claimId used again: recording refuses a file that reuses a claimId with other content)
  const text = file({ reuseClaimId: false });
  const report = await t.app.get(X12IntakeService).check(prairieActor, () => Readable.from([Buffer.from(text)]), { commit: true, envelope: 'strict', batchSize: 3 });
  const dup = report.claims[report.claims.length - 2] as CommittedClaimReport;
  expect(dup.lines[0].findings.map((f) => f.code)).toEqual(['DUPLICATE_LINE']);
  expect(dup.recorded).toBe(false);
  expect((report.claims[0] as CommittedClaimReport)).toMatchObject({ claimId: 'B0001', recorded: true });
  const rows: { claim_id: string }[] = await t.ds.query(
    `SELECT DISTINCT c.claim_id FROM recorded_claim_lines l JOIN claim_records c ON c.id = l.claim_record_id WHERE l.date_of_service = '2026-08-03' AND l.procedure_code = 'H0004' ORDER BY 1`,
  );
  // the first claim's therapy (HO) and the family therapy (HR) of the same day: two sessions, two claims
  expect(rows.map((r) => r.claim_id)).toEqual(['B0001', report.claims[report.claims.length - 1].claimId]);
});
