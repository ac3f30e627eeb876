/**
 * DUPLICATE_LINE over HTTP (CONTRACT "Duplicates"): across the claims of a request, and against the
 * lines POST /claims recorded (released again by a REPLACEMENT or VOID); a claim sent again is a
 * repeat, never a duplicate of itself.
 */
import { ClaimHistoryService } from '../../src/claims/claim-history.service';
import { auth, startTestApp, type TestApp } from '../support/app';
import type { ClaimBody, ClaimLineBody } from '../support/claim-body';

const BILLING = 'bhk_demo_billing_prairie_9KdF3sQ6';
const PRAIRIE_NPI = '1648123457';
const OKAFOR_NPI = '1204784908';
const ADULT = '400112233';
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ demo: true });
});
afterAll(async () => t?.close());

/** Individual therapy by Okafor for the demo adult (it passes every other rule). */
const therapy = (dateOfService: string, over: Partial<ClaimLineBody> = {}): ClaimLineBody => ({ lineId: '1', dateOfService, units: 4, renderingNpi: OKAFOR_NPI, procedureCode: 'H0004', ...over });
const claim = (claimId: string, lines: ClaimLineBody[], frequency?: ClaimBody['frequency']): ClaimBody => ({
  claimId,
  billingNpi: PRAIRIE_NPI,
  medicaidId: ADULT,
  placeOfService: '11',
  ...(frequency ? { frequency } : {}),
  lines,
});
const validate = (claims: ClaimBody[]) => t.http().post('/api/v1/claims/validate').set(auth(BILLING)).send({ claims });
const record = (claims: ClaimBody[]) => t.http().post('/api/v1/claims').set(auth(BILLING)).send({ claims });

type Line = { lineId: string; status: string; findings: { code: string; message: string; fact: Record<string, unknown> }[] };
const lineOf = (res: { body: { claims: { lines: Line[] }[] } }, c: number, l = 0): Line => res.body.claims[c].lines[l];
const codes = (line: Line) => line.findings.map((f) => f.code);

describe('in one request', () => {
  it('individual and family therapy the same day are two sessions; the same session on two claims is a duplicate', async () => {
    const res = await validate([claim('REQ-A', [therapy('2026-09-21')]), claim('REQ-B', [therapy('2026-09-21', { modifiers: ['HR'] })]), claim('REQ-C', [therapy('2026-09-21')])]);
    expect(res.status).toBe(200);
    expect(res.body.claims.map((c: { status: string }) => c.status)).toEqual(['PASS', 'PASS', 'FAIL']);
    expect(codes(lineOf(res, 2))).toEqual(['DUPLICATE_LINE']);
    expect(lineOf(res, 2).findings[0].message).toMatch(/^line 1 repeats line 1 of claim REQ-A earlier in this request: the same session for the same recipient, THERAPY_COUNSELING \(H0004\), individual face-to-face, by Samuel Okafor, LCSW on 2026-09-21/);
  });

  it('POST /claims: the first is recorded, the second fails naming it, and only the first is in the history', async () => {
    const res = await record([claim('REQ-D', [therapy('2026-09-22')]), claim('REQ-E', [therapy('2026-09-22')])]);
    expect(res.status).toBe(200);
    expect(res.body.claims.map((c: { recorded: boolean }) => c.recorded)).toEqual([true, false]);
    expect(lineOf(res, 1).findings[0].fact).toMatchObject({ firstClaimId: 'REQ-D' });
    expect(await t.ds.query(`SELECT c.claim_id, l.line_id, l.service, l.modality, l.contact, l.procedure_code, l.modifiers FROM recorded_claim_lines l JOIN claim_records c ON c.id = l.claim_record_id WHERE l.date_of_service = '2026-09-22'`)).toEqual([
      { claim_id: 'REQ-D', line_id: '1', service: 'THERAPY_COUNSELING', modality: 'INDIVIDUAL', contact: 'FACE_TO_FACE', procedure_code: 'H0004', modifiers: [] },
    ]);
  });
});

describe('against claims already recorded', () => {
  const today = () => new Date().toISOString().slice(0, 10);

  it('a recorded session fails a later claim, naming the recorded claim and the day it was recorded', async () => {
    expect((await record([claim('HIST-A', [therapy('2026-09-23')])])).body.claims[0].recorded).toBe(true);
    const res = await validate([claim('HIST-B', [therapy('2026-09-23', { units: 3 })])]);
    expect(codes(lineOf(res, 0))).toEqual(['DUPLICATE_LINE']);
    expect(lineOf(res, 0).findings[0].message).toMatch(new RegExp(`^line 1 repeats line 1 of claim HIST-A already recorded on ${today()}: .*if this claim corrects HIST-A, send it as a REPLACEMENT of HIST-A`));
    // family therapy that day is another session
    expect(codes(lineOf(await validate([claim('HIST-C', [therapy('2026-09-23', { modifiers: ['HR'] })])]), 0))).toEqual([]);
  });

  it('the recorded claim sent again is a repeat with its report; checked again it is no duplicate of itself', async () => {
    const a = claim('HIST-R', [therapy('2026-09-24')]);
    const first = await record([a]);
    const again = await record([a]);
    expect(again.body.claims[0]).toMatchObject({ recorded: true, repeat: true, status: 'PASS' });
    expect(again.body.claims[0].lines).toEqual(first.body.claims[0].lines);
    expect(codes(lineOf(await validate([a]), 0))).toEqual([]);
  });

  it('a REPLACEMENT is not a duplicate of the claim it replaces, and releases its lines; a VOID too', async () => {
    expect((await record([claim('HIST-X', [therapy('2026-09-25')])])).body.claims[0].recorded).toBe(true);
    // the replacement keeps the session (no duplicate of its original) and adds one
    const replaced = await record([claim('HIST-X', [therapy('2026-09-25', { units: 5 }), therapy('2026-09-26', { lineId: '2' })], 'REPLACEMENT')]);
    expect(replaced.body.claims[0]).toMatchObject({ recorded: true, version: 2, status: 'PASS' });
    const open = async () => (await t.ds.query(`SELECT l.line_id, l.date_of_service, l.claim_version FROM recorded_claim_lines l JOIN claim_records c ON c.id = l.claim_record_id WHERE c.claim_id = 'HIST-X' AND l.released_at IS NULL ORDER BY l.line_id`)) as unknown[];
    expect(await open()).toEqual([
      { line_id: '1', date_of_service: '2026-09-25', claim_version: 2 },
      { line_id: '2', date_of_service: '2026-09-26', claim_version: 2 },
    ]);
    expect(codes(lineOf(await validate([claim('HIST-Y', [therapy('2026-09-26')])]), 0))).toEqual(['DUPLICATE_LINE']);
    // a VOID releases them: the session can be billed on another claim
    expect((await record([claim('HIST-X', [therapy('2026-09-25', { units: 5 }), therapy('2026-09-26', { lineId: '2' })], 'VOID')])).body.claims[0].recorded).toBe(true);
    expect(await open()).toEqual([]);
    expect(codes(lineOf(await validate([claim('HIST-Y', [therapy('2026-09-26')])]), 0))).toEqual([]);
  });

  it('a REPLACEMENT earlier in the same request retires what its original recorded', async () => {
    expect((await record([claim('HIST-P', [therapy('2026-09-28')])])).body.claims[0].recorded).toBe(true);
    const res = await validate([claim('HIST-P', [therapy('2026-09-29')], 'REPLACEMENT'), claim('HIST-Q', [therapy('2026-09-28')])]);
    expect(res.body.claims.map((c: { status: string }) => c.status)).toEqual(['PASS', 'PASS']);
  });

  it('the history a key reads is its own providers\' claims', async () => {
    const history = t.app.get(ClaimHistoryService);
    const [{ id: recipientId }] = await t.ds.query('SELECT id FROM recipients WHERE medicaid_id = $1', [ADULT]);
    const all = await history.read(t.ds.manager, [recipientId], ['2026-09-23'], null);
    expect(all.lines(recipientId, '2026-09-23').map((l) => l.claimId)).toEqual(['HIST-A']);
    const lakeside = t.demo!.ids.lakeside;
    expect((await history.read(t.ds.manager, [recipientId], ['2026-09-23'], [lakeside])).lines(recipientId, '2026-09-23')).toEqual([]);
  });
});
