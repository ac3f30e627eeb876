/** Credential tiers over HTTP, for every demo staff member, and a few by value. */
import { ADMIN_KEY, auth, startTestApp, type TestApp } from '../support/app';

let t: TestApp;
let ids: Record<string, string>;
const DIRECTOR = 'bhk_demo_director_prairie_6PzM1cV3';

beforeAll(async () => {
  t = await startTestApp({ demo: true });
  ids = t.demo!.ids;
});
afterAll(async () => t?.close());

const credential = (ref: string, asOf = '2026-11-22') => t.http().get(`/api/v1/staff/${ids[ref]}/credential?asOf=${asOf}`).set(auth(ADMIN_KEY));

it('answers for every demo staff member', async () => {
  const staff = await t.http().get('/api/v1/staff?limit=100').set(auth(ADMIN_KEY));
  expect(staff.body.items.length).toBe(19);
  for (const s of staff.body.items) {
    const res = await t.http().get(`/api/v1/staff/${s.id}/credential?asOf=2026-11-22`).set(auth(ADMIN_KEY));
    expect(res.status).toBe(200);
    expect(res.body).toEqual(
      expect.objectContaining({ staffId: s.id, asOf: '2026-11-22', tiers: expect.any(Array), basis: expect.any(Array), requiresQmhpSupervision: expect.any(Boolean), warnings: expect.any(Array) }),
    );
    // the demo set is meant to hold a tier for everyone on that day
    expect(res.body.tier).not.toBeNull();
  }
});

it.each([
  ['okafor', 'LPHA', '140.453(b)(3)(F)', false],
  ['patel', 'LPHA', '140.453(b)(3)(A)', false],
  ['reed', 'LPHA', '140.453(b)(3)(B)', false],
  ['moore', 'LPHA', '140.453(b)(3)(C)', false],
  ['kim', 'LPHA', '140.453(b)(3)(D)', false],
  ['carter', 'LPHA', '140.453(b)(3)(E)', false],
  ['hernandez', 'QMHP', '140.453(b)(4)(B)', false],
  ['dunn', 'LPHA', '140.453(b)(3)(D)', false],
  ['shah', 'QMHP', '140.453(b)(4)(C)', false],
  ['novak', 'QMHP', '140.453(b)(4)(D)(i)', false],
  ['johnson', 'MHP', '140.453(b)(5)(A)(ii)', true],
  ['williams', 'MHP', '140.453(b)(5)(A)(ii)', true],
  ['brown', 'MHP', '140.453(b)(5)(A)(ii)', true],
  ['ford', 'MHP', '140.453(b)(5)(A)(ii)', true],
  ['green', 'MHP', '140.453(b)(5)(A)(ii)', true],
  ['chen', 'MHP', '140.453(b)(5)(B)', false],
  ['lopez', 'RSA', '140.453(b)(6)(B)(ii)', true],
])('%s holds %s by %s', async (ref, tier, citation, supervised) => {
  const res = await credential(ref);
  expect(res.body.tier).toBe(tier);
  expect(res.body.basis.map((b: { citation: string }) => b.citation)).toContain(citation);
  expect(res.body.requiresQmhpSupervision).toBe(supervised);
});

it('names the supervisor problem: Marcus Green has no QMHP supervisor recorded', async () => {
  const res = await credential('green');
  expect(res.body.supervisorOk).toBe(false);
  const ok = await credential('johnson');
  expect(ok.body.supervisorOk).toBe(true);
});

it('medication administration and prescriber designations', async () => {
  expect((await credential('brown')).body.mayAdministerMedication.allowed).toBe(true);
  expect((await credential('johnson')).body.mayAdministerMedication.allowed).toBe(false);
  const lopez = await credential('lopez');
  expect(lopez.body.designations).toEqual([expect.objectContaining({ designatedByStaffId: ids.patel, services: ['MEDICATION_TRAINING'], prescriberLicensed: true })]);
});

it('a licence counts only while valid: Grace Kim after her LCPC licence lapses', async () => {
  const before = await credential('kim', '2026-12-31');
  expect(before.body.tier).toBe('LPHA');
  expect(before.body.validUntil).toBe('2027-01-01');
  const after = await credential('kim', '2027-01-01');
  expect(after.body.tiers).not.toContain('LPHA');
  expect(after.body.missingForNextTier.length).toBeGreaterThan(0);
});

it("the provider roster lists what lapses within N days and the tier each would drop to", async () => {
  const res = await t.http().get(`/api/v1/providers/${ids.prairie}/credentials?asOf=2026-11-22&expiringWithinDays=60`).set(auth(DIRECTOR));
  expect(res.status).toBe(200);
  expect(res.body.staff).toHaveLength(12);
  const kim = res.body.staff.find((s: { staffId: string }) => s.staffId === ids.kim);
  expect(kim.expiring).toEqual([expect.objectContaining({ type: 'LICENSE', kind: 'CLINICAL_PROFESSIONAL_COUNSELOR', expiresOn: '2026-12-31', lapsesOn: '2027-01-01', dropsTier: true })]);
  const others = res.body.staff.filter((s: { staffId: string }) => s.staffId !== ids.kim);
  expect(others.every((s: { expiring: unknown[] }) => s.expiring.length === 0)).toBe(true);
});

it('bad input: unknown staff 404, malformed dates 400', async () => {
  const unknown = await t.http().get('/api/v1/staff/00000000-0000-4000-8000-000000000000/credential').set(auth(ADMIN_KEY));
  expect(unknown.status).toBe(404);
  const bad = await t.http().get(`/api/v1/staff/${ids.okafor}/credential?asOf=2026-02-30`).set(auth(ADMIN_KEY));
  expect(bad.status).toBe(400);
  expect(bad.headers['content-type']).toMatch(/problem\+json/);
  expect(bad.body.errors).toEqual([{ path: 'asOf', message: expect.stringMatching(/YYYY-MM-DD/) }]);
  const badDays = await t.http().get(`/api/v1/providers/${ids.prairie}/credentials?expiringWithinDays=-3`).set(auth(ADMIN_KEY));
  expect(badDays.status).toBe(400);
});

it("an RN's year under supervision counts whoever supervised (140.453(b)(4)(B)): Luis Hernandez, and the experience answers carry `supervised`", async () => {
  const res = await credential('hernandez');
  const b4b = res.body.basis.find((b: { citation: string }) => b.citation === '140.453(b)(4)(B)');
  expect(b4b.reason).toContain('one year of supervised clinical experience treating mental illness (complete 2017-06-01)');
  const staff = await t.http().get(`/api/v1/staff/${ids.hernandez}`).set(auth(ADMIN_KEY));
  expect(staff.body.experience).toEqual([{ kind: 'MENTAL_HEALTH_CLINICAL', from: '2016-06-01', to: '2019-04-30', supervised: true, supervisedByQmhp: false }]);
});

it('`supervised` defaults to supervisedByQmhp, and a non-QMHP supervisor qualifies an RN but not a graduate by (b)(4)(D)(ii)', async () => {
  const year = (supervised?: boolean) => ({ kind: 'MENTAL_HEALTH_CLINICAL', from: '2024-01-01', to: '2025-06-30', supervisedByQmhp: false, ...(supervised === undefined ? {} : { supervised }) });
  const post = (body: Record<string, unknown>) => t.http().post('/api/v1/staff').set(auth(ADMIN_KEY)).send({ providerId: ids.prairie, hireDate: '2025-07-01', ...body });
  const rn = await post({ name: 'RN Supervised', licenses: [{ kind: 'REGISTERED_NURSE', state: 'IL', number: '041.9', issuedOn: '2020-01-01', expiresOn: '2028-05-31' }], experience: [year(true)] });
  expect(rn.status).toBe(201);
  expect(rn.body.experience[0]).toMatchObject({ supervised: true, supervisedByQmhp: false });
  const msw = await post({ name: 'MSW Supervised', degrees: [{ level: 'MASTER', field: 'SOCIAL_WORK' }], experience: [year(true)] });
  const unsaid = await post({ name: 'RN Unsaid', licenses: [{ kind: 'REGISTERED_NURSE', state: 'IL', number: '041.8', issuedOn: '2020-01-01', expiresOn: '2028-05-31' }], experience: [year()] });
  expect(unsaid.body.experience[0]).toMatchObject({ supervised: false, supervisedByQmhp: false });
  const tier = async (id: string) => (await t.http().get(`/api/v1/staff/${id}/credential?asOf=2026-01-01`).set(auth(ADMIN_KEY))).body.tier;
  expect(await tier(rn.body.id)).toBe('QMHP');
  expect(await tier(msw.body.id)).toBe('MHP');
  expect(await tier(unsaid.body.id)).toBeNull();
});

it("an IP's associate is flagged in the staff and provider credentials answers (140.452(a)(3), 140.453(b)(2))", async () => {
  const dunn = await credential('dunn');
  expect(dunn.body.tier).toBe('LPHA');
  expect(dunn.body.warnings).toContainEqual(expect.stringMatching(/^Chris Dunn, LCPC is not the practitioner of Alma Reyes, PsyD, an Independent Practitioner of kind CLINICAL_PSYCHOLOGIST .*: lines rendered here fail NOT_INDEPENDENT_PRACTITIONER/));
  expect((await credential('reyes_staff')).body.warnings).toEqual([]);
  const roster = await t.http().get(`/api/v1/providers/${ids.reyes}/credentials?asOf=2026-11-22`).set(auth(ADMIN_KEY));
  expect(roster.body.warnings).toEqual([expect.stringMatching(/^Chris Dunn, LCPC is not the practitioner of Alma Reyes, PsyD, .*\. Only the IP personally bills through an IP/)]);
  const cmhc = await t.http().get(`/api/v1/providers/${ids.prairie}/credentials?asOf=2026-11-22`).set(auth(ADMIN_KEY));
  expect(cmhc.body.warnings).toEqual([]);
});

it('scope: a clinical director cannot read another provider\'s roster', async () => {
  const res = await t.http().get(`/api/v1/providers/${ids.lakeside}/credentials`).set(auth(DIRECTOR));
  expect(res.status).toBe(403);
});
