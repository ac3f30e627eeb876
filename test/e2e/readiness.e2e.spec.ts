/**
 * Readiness as a clinical director uses it: the ACT team of a CMHC (140.453(d)(4)(A)) in the same
 * shape as CST, IO and PSR, and the documented practices of Table N (c) that are NOT_RECORDED until
 * someone records them.
 */
import { auth, DEMO_KEYS, startTestApp, type TestApp } from '../support/app';

const REVIEWER = DEMO_KEYS.reviewer;
const PRAIRIE_DIRECTOR = DEMO_KEYS.directorPrairie;
const TODAY = '2026-12-15';
let t: TestApp;

beforeAll(async () => {
  t = await startTestApp({ demo: true, today: TODAY });
}, 30_000);
afterAll(async () => t?.close());

const statuses = (body: { criteria: { id: string; status: string }[] }) => Object.fromEntries(body.criteria.map((c) => [c.id, c.status]));

describe('ACT team readiness', () => {
  it('is NOT_RECORDED until the team is recorded, then each criterion has its status and citation', async () => {
    const prairie = t.demo!.ids.prairie;
    const empty = await t.http().get(`/api/v1/providers/${prairie}/act-team/readiness?asOf=${TODAY}`).set(auth(PRAIRIE_DIRECTOR));
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({ program: 'ACT', providerId: prairie, status: 'NOT_RECORDED' });
    expect(statuses(empty.body)).toEqual({ ACT_CMHC: 'MET', ACT_TEAM_LEAD: 'NOT_RECORDED', ACT_PEER: 'NOT_RECORDED', ACT_ADULTS_ONLY: 'NOT_RECORDED', ACT_AVAILABLE_24_7: 'NOT_RECORDED' });

    const team = await t.http().put(`/api/v1/providers/${prairie}/act-team`).set(auth(PRAIRIE_DIRECTOR)).send({
      members: [
        { staffId: t.demo!.ids.kim, role: 'TEAM_LEAD', fte: 1 },
        { staffId: t.demo!.ids.williams, role: 'PEER_SPECIALIST', fte: 1 },
      ],
      census: { adults: 30, youth: 0 },
    });
    expect(team.status).toBe(200);
    expect(team.body).toMatchObject({ providerId: prairie, providerName: 'Prairie Community Mental Health Center', census: { adults: 30, youth: 0 } });
    const doc = await t.http().post(`/api/v1/providers/${prairie}/act-team/evidence`).set(auth(PRAIRIE_DIRECTOR)).send({ criterionId: 'ACT_AVAILABLE_24_7', documentedOn: '2026-12-01', note: 'on-call rota' });
    expect(doc.status).toBe(201);
    const ready = await t.http().get(`/api/v1/providers/${prairie}/act-team/readiness?asOf=${TODAY}`).set(auth(REVIEWER));
    for (const c of ready.body.criteria) expect(c.citation).toMatch(/^140\.453\(d\)\(4\)\(A\)\((i|ii)\)$/);
    expect(ready.body.status).toBe('MET');
    expect(statuses(ready.body)).toEqual({ ACT_CMHC: 'MET', ACT_TEAM_LEAD: 'MET', ACT_PEER: 'MET', ACT_ADULTS_ONLY: 'MET', ACT_AVAILABLE_24_7: 'MET' });
    expect(ready.body.criteria.find((c: { id: string }) => c.id === 'ACT_TEAM_LEAD').detail).toMatch(/Grace Kim.*LPHA, full-time/);
    // an LPHA lead on 0.5 FTE does not lead an ACT team
    await t.http().put(`/api/v1/providers/${prairie}/act-team`).set(auth(PRAIRIE_DIRECTOR)).send({ members: [{ staffId: t.demo!.ids.kim, role: 'TEAM_LEAD', fte: 0.5 }, { staffId: t.demo!.ids.williams, role: 'PEER_SPECIALIST', fte: 1 }], census: { adults: 30, youth: 0 } });
    const part = await t.http().get(`/api/v1/providers/${prairie}/act-team/readiness?asOf=${TODAY}`).set(auth(REVIEWER));
    expect(statuses(part.body).ACT_TEAM_LEAD).toBe('NOT_MET');
  });

  it('a BHC cannot provide ACT; documentation it may not record, or dated after today, is refused', async () => {
    const lakeside = t.demo!.ids.lakeside;
    const r = await t.http().get(`/api/v1/providers/${lakeside}/act-team/readiness`).set(auth(REVIEWER));
    expect(r.body.criteria[0]).toMatchObject({ id: 'ACT_CMHC', status: 'NOT_MET', detail: 'the provider is a BHC, not a CMHC' });
    const wrong = await t.http().post(`/api/v1/providers/${lakeside}/act-team/evidence`).set(auth(REVIEWER)).send({ criterionId: 'CST_WEEKLY_TEAM_REVIEW', documentedOn: '2026-12-01' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.errors[0]).toMatchObject({ path: '/criterionId', message: expect.stringMatching(/ACT_AVAILABLE_24_7/) });
    const future = await t.http().post(`/api/v1/providers/${lakeside}/act-team/evidence`).set(auth(REVIEWER)).send({ criterionId: 'ACT_AVAILABLE_24_7', documentedOn: '2026-12-16' });
    expect(future.status).toBe(400);
    // another provider's team is not this key's to see
    expect((await t.http().get(`/api/v1/providers/${lakeside}/act-team`).set(auth(PRAIRIE_DIRECTOR))).status).toBe(403);
  });
});

describe('documented practices of Table N (c)', () => {
  it('PSR access to a QMHP is NOT_RECORDED until documented, then MET for 12 months', async () => {
    const id = t.demo!.ids.prairie_PSR;
    const before = await t.http().get(`/api/v1/program-approvals/${id}/readiness?asOf=${TODAY}`).set(auth(PRAIRIE_DIRECTOR));
    expect(statuses(before.body).PSR_QMHP_ACCESS).toBe('NOT_RECORDED');
    const doc = await t.http().post(`/api/v1/program-approvals/${id}/evidence`).set(auth(PRAIRIE_DIRECTOR)).send({ criterionId: 'PSR_QMHP_ACCESS', documentedOn: '2026-11-02' });
    expect(doc.status).toBe(201);
    expect(doc.body.evidence).toEqual([expect.objectContaining({ criterionId: 'PSR_QMHP_ACCESS', documentedOn: '2026-11-02', percent: null })]);
    const after = await t.http().get(`/api/v1/program-approvals/${id}/readiness?asOf=${TODAY}`).set(auth(PRAIRIE_DIRECTOR));
    expect(after.body.criteria.find((c: { id: string }) => c.id === 'PSR_QMHP_ACCESS')).toMatchObject({ status: 'MET', citation: '140.TABLE N(c)(3)(B)(ii)' });
    const expired = await t.http().get(`/api/v1/program-approvals/${id}/readiness?asOf=2027-11-02`).set(auth(PRAIRIE_DIRECTOR));
    expect(statuses(expired.body).PSR_QMHP_ACCESS).toBe('NOT_RECORDED');
  });

  it('CST in the community needs its percentage', async () => {
    const id = t.demo!.ids.prairie_CST;
    const missing = await t.http().post(`/api/v1/program-approvals/${id}/evidence`).set(auth(REVIEWER)).send({ criterionId: 'CST_COMMUNITY_SETTING', documentedOn: '2026-12-01' });
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].path).toBe('/percent');
    await t.http().post(`/api/v1/program-approvals/${id}/evidence`).set(auth(REVIEWER)).send({ criterionId: 'CST_COMMUNITY_SETTING', documentedOn: '2026-12-01', percent: 55 });
    const r = await t.http().get(`/api/v1/program-approvals/${id}/readiness?asOf=${TODAY}`).set(auth(REVIEWER));
    expect(r.body.criteria.find((c: { id: string }) => c.id === 'CST_COMMUNITY_SETTING')).toMatchObject({ status: 'NOT_MET', detail: '55% documented 2026-12-01 (at least 60% required)' });
  });
});
