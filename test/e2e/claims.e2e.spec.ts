/** Claim validation over HTTP: malformed input, unknown references, scope and size limits. */
import { ADMIN_KEY, auth, startTestApp, type TestApp } from '../support/app';

const BILLING = 'bhk_demo_billing_prairie_9KdF3sQ6';
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ demo: true });
});
afterAll(async () => t?.close());

const goodLine = (i = 1) => ({ lineId: String(i), dateOfService: '2026-09-14', units: 4, renderingNpi: '1204784908', procedureCode: 'H0004' });
const goodClaim = (lines = [goodLine()]) => ({ claimId: 'C-1', billingNpi: '1648123457', medicaidId: '400112233', placeOfService: '11', lines });
const validate = (body: unknown) => t.http().post('/api/v1/claims/validate').set(auth(BILLING)).send(body as object);

it('a clean claim passes', async () => {
  const res = await validate(goodClaim());
  expect(res.status).toBe(200);
  expect(res.body.claims[0]).toMatchObject({ claimId: 'C-1', status: 'PASS', lines: [{ lineId: '1', service: 'THERAPY_COUNSELING', status: 'PASS', minutes: 60, findings: [] }] });
});

it('a malformed claim is a 400 naming each bad field', async () => {
  const res = await validate({
    claims: [
      goodClaim(),
      { claimId: '', billingNpi: '12', medicaidId: '400112233', frequency: 'SOMETIMES', lines: [{ lineId: '1', dateOfService: '2026-02-30', units: 0, renderingNpi: '1204784908', procedureCode: 'h4', colour: 'red' }] },
    ],
  });
  expect(res.status).toBe(400);
  expect(res.headers['content-type']).toMatch(/problem\+json/);
  const paths = res.body.errors.map((e: { path: string }) => e.path);
  expect(paths).toEqual(
    expect.arrayContaining([
      '/claims/1/claimId',
      '/claims/1/billingNpi',
      '/claims/1/frequency',
      '/claims/1/lines/0/dateOfService',
      '/claims/1/lines/0/units',
      '/claims/1/lines/0/procedureCode',
      '/claims/1/lines/0/colour',
    ]),
  );
  expect(paths.some((p: string) => p.startsWith('/claims/0'))).toBe(false);
});

it('a claim missing who, whom or what is a 400 naming the field', async () => {
  const res = await validate({ claimId: 'C-2', lines: [{ lineId: '1', dateOfService: '2026-09-14', units: 1 }] });
  expect(res.status).toBe(400);
  expect(res.body.errors).toEqual(
    expect.arrayContaining([
      { path: '/providerId', message: 'give providerId or billingNpi' },
      { path: '/recipientId', message: 'give recipientId or medicaidId' },
      { path: '/lines/0/procedureCode', message: 'give procedureCode (with modifiers) or service' },
      { path: '/lines/0/renderingStaffId', message: 'give renderingStaffId or renderingNpi' },
    ]),
  );
  const empty = await validate({ claims: [] });
  expect(empty.status).toBe(400);
  const notObject = await t.http().post('/api/v1/claims/validate').set(auth(BILLING)).set('Content-Type', 'application/json').send('[1,2]');
  expect(notObject.status).toBe(400);
});

it('a well-formed claim naming unknown providers, staff or recipients gives a report, not an error', async () => {
  const res = await validate({
    claims: [
      { ...goodClaim(), claimId: 'U-1', billingNpi: '1234567893' },
      { ...goodClaim(), claimId: 'U-2', medicaidId: '499999999' },
      { ...goodClaim([{ ...goodLine(), renderingNpi: '1999999999' }]), claimId: 'U-3' },
    ],
  });
  expect(res.status).toBe(200);
  const codes = res.body.claims.map((c: { findings: { code: string }[]; lines: { findings: { code: string }[] }[] }) => [
    ...c.findings.map((f) => f.code),
    ...c.lines.flatMap((l) => l.findings.map((f) => f.code)),
  ]);
  expect(codes[0]).toContain('UNKNOWN_PROVIDER');
  expect(codes[1]).toContain('UNKNOWN_RECIPIENT');
  expect(codes[2]).toContain('UNKNOWN_STAFF');
  expect(res.body.claims.every((c: { status: string }) => c.status === 'FAIL')).toBe(true);
});

it("another provider's recipient is unknown to a key that does not act for them", async () => {
  // 400445566 is registered to Lakeside only: Prairie's billing office cannot learn anything about them
  const res = await validate({ ...goodClaim(), medicaidId: '400445566' });
  expect(res.status).toBe(200);
  expect(res.body.claims[0].findings.map((f: { code: string }) => f.code)).toEqual(['UNKNOWN_RECIPIENT']);
  expect(res.body.claims[0].recipientId).toBeUndefined();
  expect(JSON.stringify(res.body)).not.toMatch(/1990-01-15/);
});

it("a billing key may not validate another provider's claims (403)", async () => {
  const res = await validate({ ...goodClaim(), billingNpi: '1729340566' });
  expect(res.status).toBe(403);
});

it('a 100,000-line batch is refused with 413, not a crash', async () => {
  const lines = Array.from({ length: 100 }, (_, i) => goodLine(i + 1));
  const claims = Array.from({ length: 1000 }, (_, i) => ({ ...goodClaim(lines), claimId: `B-${i}` }));
  const res = await t.http().post('/api/v1/claims/validate').set(auth(BILLING)).set('Content-Type', 'application/json').send(JSON.stringify({ claims }));
  expect(res.status).toBe(413);
  expect(res.headers['content-type']).toMatch(/problem\+json/);
});

it('more lines than BHCHECK_MAX_LINES (default 20,000) in a body under the size limit is a 413 naming the limit', async () => {
  const line = { lineId: '1', dateOfService: '2026-09-14', units: 1, renderingNpi: '1204784908', procedureCode: 'H0004' };
  const claims = Array.from({ length: 210 }, (_, i) => ({ claimId: `L-${i}`, billingNpi: '1648123457', medicaidId: '400112233', lines: Array(100).fill(line) }));
  const res = await t.http().post('/api/v1/claims/validate').set(auth(BILLING)).send({ claims });
  expect(res.status).toBe(413);
  expect(res.body.detail).toMatch(/21000 claim lines .* limit is 20000/);
});

it('validation changes nothing', async () => {
  await validate(goodClaim());
  expect(await t.ds.query('SELECT count(*)::int AS n FROM claim_records')).toEqual([{ n: 0 }]);
});

it("an assessment approved by an Independent Practitioner counts whichever claims share the batch (140.453(d)(1)(A)(ii), 140.452(a)(3))", async () => {
  // an LCSW IP with no degree recorded: not LPHA ((b)(3)(F) needs the master's), so only the IP reading can approve
  const admin = (path: string, body: object) => t.http().post(`/api/v1/${path}`).set(auth(ADMIN_KEY)).send(body);
  const ip = await admin('providers', { name: 'Jo Rivera, LCSW', npi: '1740568120', type: 'IP', ipKind: 'CLINICAL_SOCIAL_WORKER', enrollments: [{ from: '2020-01-01', to: null }] });
  const practitioner = await admin('staff', { providerId: ip.body.id, name: 'Jo Rivera, LCSW', hireDate: '2020-01-01', licenses: [{ kind: 'CLINICAL_SOCIAL_WORKER', state: 'IL', number: '149.3', issuedOn: '2015-01-01', expiresOn: '2027-11-30' }] });
  const associate = await admin('staff', { providerId: ip.body.id, name: 'Sam Aide', hireDate: '2020-01-01' });
  const ids = t.demo!.ids;
  for (const [medicaidId, approver] of [
    ['499100001', practitioner.body.id],
    ['499100002', associate.body.id],
  ]) {
    const r = await admin('recipients', { medicaidId, birthDate: '1980-01-01', providerIds: [ids.prairie, ip.body.id] });
    await admin(`recipients/${r.body.id}/assessments`, { providerId: ip.body.id, completedOn: '2026-09-01', approvedByStaffId: approver, diagnoses: ['F41.1'] });
    await admin(`recipients/${r.body.id}/treatment-plans`, { providerId: ids.prairie, approvedOn: '2026-09-05', approvedByStaffId: ids.okafor, clientSignedOn: '2026-09-05', services: ['THERAPY_COUNSELING'] });
  }
  // each validated alone: the batch bills only Prairie, so the IP provider is not a billing provider
  const practitionerApproved = await validate({ ...goodClaim(), medicaidId: '499100001' });
  expect(practitionerApproved.body.claims[0].status).toBe('PASS');
  const associateApproved = await validate({ ...goodClaim(), medicaidId: '499100002' });
  expect(associateApproved.body.claims[0].lines[0].findings.map((f: { code: string }) => f.code)).toEqual(['ASSESSMENT_MISSING']);
  // the associate is another provider's staff: judged, but never named to Prairie's key
  const message = associateApproved.body.claims[0].lines[0].findings[0].message as string;
  expect(message).toContain('the approver recorded by another provider is not the practitioner of Jo Rivera, LCSW');
  expect(message).not.toContain('Sam Aide');
});
