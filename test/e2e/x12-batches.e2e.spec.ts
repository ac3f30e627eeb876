/**
 * A file is checked in batches, with registry answers kept from one batch to the next (LoaderCache):
 * the reports must not depend on where the batches are cut. Dates of service rise through the file, so
 * even the cap totals (date order within a batch, file order across batches) come out the same.
 */
import { DataSource } from 'typeorm';
import { Readable } from 'node:stream';
import type { Actor } from '../../src/auth/actor';
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
function file(): string {
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

async function check(actor: Actor, batchSize: number): Promise<X12Report> {
  const text = file();
  return t.app.get(X12IntakeService).check(actor, () => Readable.from([Buffer.from(text)]), { commit: false, envelope: 'strict', batchSize });
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

  it.each([1, 3, 17])('batches of %i claims give the same reports as one batch', async (size) => {
    const r = await check(actor(), size);
    expect(r.claims).toEqual(whole.claims);
    expect(r.caps).toEqual(whole.caps);
  });
});

it('a recipient of another provider is unknown to the Prairie key, known to the system', async () => {
  const unknownRecipients = (r: X12Report) => r.claims.filter((c) => [...c.findings, ...c.lines.flatMap((l) => l.findings)].some((f) => f.code === 'UNKNOWN_RECIPIENT')).length;
  // Ellis (Lakeside's) every fifth day, plus the unknown Medicaid ID every seventh
  expect(unknownRecipients(await check(SYSTEM, 3))).toBe(6);
  expect(unknownRecipients(await check(prairieActor, 3))).toBe(6 + 8);
});
