/**
 * The rule catalogue over HTTP (GET /rules, any role), actions on every finding, and explanations
 * (`?explain=true` on /claims/validate, /claims and /claims/x12): every line lists the rules applied to
 * it, the same words whichever path; without explain nothing changes.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { Readable } from 'node:stream';
import { X12IntakeService } from '../../src/claims/x12-intake.service';
import type { Check } from '../../src/rules/claims';
import { ADMIN_KEY, DEMO_KEYS, auth, startTestApp, type TestApp } from '../support/app';

const BILLING = DEMO_KEYS.billingPrairie;
const DEMO_837 = path.resolve(__dirname, '../../fixtures/x12/demo-bh.837');
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ demo: true });
});
afterAll(async () => t?.close());

const okLine = (lineId = '1', dateOfService = '2026-09-14') => ({ lineId, dateOfService, units: 4, renderingNpi: '1204784908', procedureCode: 'H0004' });
const okClaim = (claimId: string, lines = [okLine()]) => ({ claimId, billingNpi: '1648123457', medicaidId: '400112233', placeOfService: '11', lines });

describe('GET /api/v1/rules', () => {
  it('answers every role with the catalogue: the engine rules and the records of config/, each with examples', async () => {
    for (const key of [BILLING, DEMO_KEYS.directorPrairie, DEMO_KEYS.reviewer, ADMIN_KEY]) {
      const res = await t.http().get('/api/v1/rules').set(auth(key));
      expect(res.status).toBe(200);
      expect(res.body.length).toBeGreaterThan(100);
    }
    const res = await t.http().get('/api/v1/rules').set(auth(BILLING));
    const byId = new Map(res.body.map((r: { id: string }) => [r.id, r]));
    expect(byId.get('CLM-TREATMENT-PLAN-CURRENT-v1')).toMatchObject({
      title: expect.any(String),
      source: 'engine',
      group: 'recipient',
      citations: ['140.453(d)(1)(B)(ii)', '140.453(d)(1)(B)(iii)', '140.453(c)(1)(B)'],
      findingCodes: ['TREATMENT_PLAN_MISSING', 'TREATMENT_PLAN_EXPIRED', 'SERVICE_NOT_IN_PLAN'],
      severity: 'error',
      appliesTo: { level: 'line', services: expect.arrayContaining(['THERAPY_COUNSELING']), when: expect.any(String) },
      effectiveFrom: '2018-07-01',
      effectiveTo: null,
      actions: { TREATMENT_PLAN_MISSING: 'Record a current Treatment Plan approved by an LPHA or IP (clinical director).' },
      examples: { pass: { description: expect.any(String), registry: {}, claim: expect.objectContaining({ lines: expect.any(Array) }) }, fail: { findingCode: 'TREATMENT_PLAN_MISSING' } },
    });
    expect(byId.get('SVC-INTENSIVE_OUTPATIENT-v1#tiers')).toMatchObject({ source: 'service-catalog', group: 'staff', findingCodes: ['STAFF_TIER_INSUFFICIENT'] });
    expect(byId.get('CAP-TLA-v1')).toMatchObject({ group: 'caps', citations: ['140.453(e)(1)(C)(i)'] });
  });

  it('needs a key', async () => {
    expect((await t.http().get('/api/v1/rules')).status).toBe(401);
  });
});

describe('actions and explanations over HTTP', () => {
  it('validate: every finding has its action; with explain every line has checks, without it none', async () => {
    const body = { claims: [okClaim('EX-A'), { ...okClaim('EX-B'), medicaidId: '400778899' }] };
    const plain = await t.http().post('/api/v1/claims/validate').set(auth(BILLING)).send(body);
    const explained = await t.http().post('/api/v1/claims/validate?explain=true').set(auth(BILLING)).send(body);
    expect(plain.status).toBe(200);
    expect(explained.status).toBe(200);
    const lines = (r: typeof plain) => r.body.claims.flatMap((c: { lines: { checks?: Check[]; findings: { action: string }[] }[] }) => c.lines);
    for (const l of lines(plain)) expect(l.checks).toBeUndefined();
    const missing = lines(plain)[1].findings.find((f: { code: string }) => f.code === 'ASSESSMENT_MISSING');
    expect(missing.action).toBe('Record an Assessment Report approved by an LPHA or IP, completed on or before the date of service (clinical director).');
    // the same report, with checks added
    const strip = (r: typeof plain) => JSON.parse(JSON.stringify(r.body, (k, v) => (k === 'checks' ? undefined : v)));
    expect(strip(explained)).toEqual(plain.body);
    const [ok, failing] = lines(explained);
    expect(ok.checks.every((c: Check) => c.outcome !== 'failed')).toBe(true);
    expect(ok.checks.find((c: Check) => c.ruleId === 'SVC-THERAPY_COUNSELING-v1#tiers')).toEqual({
      ruleId: 'SVC-THERAPY_COUNSELING-v1#tiers',
      citation: '140.453(d)(2)(G)(iv)',
      outcome: 'passed',
      reason: expect.stringMatching(/holds LPHA on 2026-09-14; Therapy\/Counseling may be provided by an MHP, QMHP or LPHA$/),
    });
    expect(failing.checks.find((c: Check) => c.ruleId === 'CLM-ASSESSMENT-CURRENT-v1')).toMatchObject({ outcome: 'failed', reason: missing.message });
  });

  it('explain must be true or false (400 naming it)', async () => {
    const res = await t.http().post('/api/v1/claims/validate?explain=yes').set(auth(BILLING)).send(okClaim('EX-C'));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'explain', message: 'must be true or false' }]);
  });

  it('recording with explain: the recording rule is among the checks; the stored report (a repeat) has none', async () => {
    const claim = okClaim('EX-REC-1', [okLine('1', '2026-09-21')]);
    const first = await t.http().post('/api/v1/claims?explain=true').set(auth(BILLING)).send(claim);
    expect(first.status).toBe(200);
    expect(first.body.claims[0]).toMatchObject({ recorded: true, version: 1 });
    expect(first.body.claims[0].lines[0].checks[0]).toEqual({ ruleId: 'CLM-RECORD-CONFLICT-v1', citation: '140.20', outcome: 'passed', reason: 'claim EX-REC-1 is new for this provider' });
    const again = await t.http().post('/api/v1/claims?explain=true').set(auth(BILLING)).send(claim);
    expect(again.body.claims[0]).toMatchObject({ recorded: true, repeat: true });
    expect(again.body.claims[0].lines[0].checks).toBeUndefined();
  });

  it('x12: the same explanations, the line located in the file', async () => {
    const res = await t.http().post('/api/v1/claims/x12?explain=true').set(auth(BILLING)).set('Content-Type', 'application/edi-x12').send(fs.readFileSync(DEMO_837));
    expect(res.status).toBe(200);
    const line = res.body.claims[1].lines[0];
    expect(line.location).toMatchObject({ segmentIndex: 48 });
    expect(line.checks.map((c: Check) => c.ruleId)).toEqual(expect.arrayContaining(['X12-CONTENT-v1', 'CLM-ASSESSMENT-CURRENT-v1']));
    expect(line.checks.find((c: Check) => c.ruleId === 'X12-CONTENT-v1')).toMatchObject({ outcome: 'passed' });
  });
});

describe('a file longer than one answer explains', () => {
  it('is refused whole (413 naming the limit) before anything is recorded; without explain it is checked', async () => {
    const system = { keyId: null, name: 'test', role: 'ADMIN' as const, providerIds: [], allProviders: true };
    const text = fs.readFileSync(DEMO_837, 'utf8').replace(/PCMHC-2608/g, 'LONG-2608').replace(/PCMHC-2607/g, 'LONG-2607');
    const open = () => Readable.from([Buffer.from(text)]);
    const intake = t.app.get(X12IntakeService);
    const before = await t.ds.query('SELECT count(*)::int AS n FROM claim_versions');
    for (const commit of [true, false]) {
      await expect(intake.check(system, open, { commit, envelope: 'lenient', explain: true, explainLineLimit: 5, batchSize: 1 })).rejects.toMatchObject({
        code: 'PAYLOAD_TOO_LARGE',
        extra: { explainLineLimit: 5 },
        message: expect.stringMatching(/^explanations are given for files of up to 5 claim lines \(BHCHECK_MAX_LINES\) and this file has more/),
      });
    }
    expect(await t.ds.query('SELECT count(*)::int AS n FROM claim_versions')).toEqual(before);
    const whole = await intake.check(system, open, { commit: false, envelope: 'lenient', explain: true, explainLineLimit: 6 });
    expect(whole.claims.flatMap((c) => c.lines).every((l) => l.checks !== undefined)).toBe(true);
    const plain = await intake.check(system, open, { commit: false, envelope: 'lenient', explainLineLimit: 5 });
    expect(plain.claims).toHaveLength(3);
  });
});

describe('GET /recipients/{id}/caps: the limit in force on a day', () => {
  it('takes asOf (default today, taken into the year) and refuses a bad one', async () => {
    const [{ id }] = await t.app.get(DataSource).query(`SELECT id FROM recipients WHERE medicaid_id = '400112233'`);
    const res = await t.http().get(`/api/v1/recipients/${id}/caps?sfy=SFY2027&asOf=2026-09-14`).set(auth(BILLING));
    expect(res.status).toBe(200);
    expect(res.body.tcm).toMatchObject({ limitMinutes: 14_400, citation: '140.453(e)(2)' });
    const bad = await t.http().get(`/api/v1/recipients/${id}/caps?sfy=SFY2027&asOf=soon`).set(auth(BILLING));
    expect(bad.status).toBe(400);
  });
});

describe('one check session per file', () => {
  it('an X12 commit resolves each provider once (one query while reading the file, none while recording it)', async () => {
    const ds = t.app.get(DataSource);
    // the registry answers kept from the earlier tests' checks are dropped, as by any registry write,
    // so the file's session starts with none (a session asks the registry what is not kept)
    await ds.query('UPDATE registry_version SET version = version + 1');
    const runner = ds.createQueryRunner().constructor.prototype as { query: (sql: string, ...rest: unknown[]) => Promise<unknown> };
    const query = runner.query;
    const providerQueries: string[] = [];
    runner.query = function (this: unknown, sql: string, ...rest: unknown[]) {
      if (/FROM "providers"|FROM providers/i.test(sql)) providerQueries.push(sql);
      return query.call(this, sql, ...rest);
    };
    try {
      const text = fs.readFileSync(DEMO_837, 'utf8').replace(/PCMHC-2608/g, 'SESS-2608').replace(/PCMHC-2607/g, 'SESS-2607');
      const system = { keyId: null, name: 'test', role: 'ADMIN' as const, providerIds: [], allProviders: true };
      const report = await t.app.get(X12IntakeService).check(system, () => Readable.from([Buffer.from(text)]), { commit: true, envelope: 'lenient', batchSize: 1 });
      expect(report.claims.map((c) => c.claimId)).toEqual(['SESS-260803-01', 'SESS-260806-02', 'SESS-260710-03']);
      // the billing provider, once for the whole file (three batches, two passes); the approvers of the
      // demo recipients' records are its own staff, so no other provider is asked for
      expect(providerQueries).toHaveLength(1);
    } finally {
      runner.query = query;
    }
  });
});
