/**
 * Who could render a service at a provider on a date (eligible-staff.ts): the engine's own staff rules
 * over a roster, the provider-level rules that stop the service whoever renders it, and the names a staff
 * finding's action ends with. Each table has a passing and a failing row, and the boundary day.
 */
import { StaffErrorNames, buildRuleCatalogue, eligibleStaff, validateClaims, type EligibleStaffAnswer, type Finding } from '../../../src/rules/claims';
import { CMHC_ID, DIRECTOR_ID, LPHA_ID, baselineWorld, claim, contextFor, line, shippedConfig, staff, type FakeWorld } from '../../../src/rules/claims/testing';
import { evaluateCredential } from '../../../src/rules/credentials';
import type { DateOnly } from '../../../src/rules/dates';
import type { BackgroundCheckFact, LicenseFact, StaffFacts } from '../../../src/rules/facts';
import type { Contact, Modality, Service, Tier } from '../../../src/rules/vocabulary';

const DAY = '2026-09-14';
const { catalog } = shippedConfig();

function ask(w: FakeWorld, service: Service, date: DateOnly = DAY, how: { modality?: Modality; contact?: Contact } = {}, ctx = contextFor(w)): EligibleStaffAnswer {
  return eligibleStaff({ provider: w.providers[0], rule: catalog.ruleFor(service, date)!, date, ...how }, w.staff, ctx);
}
const verdictOf = (a: EligibleStaffAnswer, id = LPHA_ID) => [...a.eligible, ...a.notEligible].find((e) => e.staffId === id)!;
const errorCodes = (fs: Finding[]) => fs.filter((f) => f.severity === 'error').map((f) => f.code);

/** The baseline world with J. Doe (LPHA_ID) changed. */
function worldWith(over: Partial<StaffFacts> = {}, tier: Tier | null = 'LPHA', more: (w: FakeWorld) => void = () => {}): FakeWorld {
  const w = baselineWorld();
  Object.assign(w.staff[0], over);
  w.tierOf[LPHA_ID] = tier;
  more(w);
  return w;
}

const finding = (checkedOn: DateOnly): BackgroundCheckFact[] => [{ kind: 'HEALTH_CARE_WORKER_REGISTRY', checkedOn, result: 'FINDING' }];

describe('every staff rule the engine applies, for one person (J. Doe) on 2026-09-14', () => {
  it.each<[string, Service, FakeWorld, string[]]>([
    ['an LPHA, for therapy', 'THERAPY_COUNSELING', worldWith(), []],
    ['an MHP, for Intensive Outpatient (QMHP or LPHA only)', 'INTENSIVE_OUTPATIENT', worldWith({}, 'MHP'), ['STAFF_TIER_INSUFFICIENT']],
    ['a QMHP, for Intensive Outpatient', 'INTENSIVE_OUTPATIENT', worldWith({}, 'QMHP'), []],
    ['a supervised MHP, for community support', 'COMMUNITY_SUPPORT', worldWith({}, 'MHP'), []],
    ['an MHP without a QMHP supervisor, for community support', 'COMMUNITY_SUPPORT', worldWith({}, 'MHP', (w) => w.unsupervised.add(LPHA_ID)), ['SUPERVISION_MISSING']],
    ['no tier at all', 'COMMUNITY_SUPPORT', worldWith({}, null), ['STAFF_TIER_INSUFFICIENT']],
    ['licensed to administer medication', 'MEDICATION_ADMINISTRATION', worldWith({}, 'LPHA', (w) => w.mayAdminister.add(LPHA_ID)), []],
    ['not licensed to administer medication', 'MEDICATION_ADMINISTRATION', worldWith(), ['MEDICATION_LICENSE_REQUIRED']],
    ['designated in writing by a prescriber, for medication training', 'MEDICATION_TRAINING', designated('MEDICATION_TRAINING'), []],
    ['designated for training only, for medication monitoring', 'MEDICATION_MONITORING', designated('MEDICATION_TRAINING'), ['PRESCRIBER_DESIGNATION_MISSING']],
    ['employed through the date (the last day)', 'THERAPY_COUNSELING', worldWith({ endDate: DAY }), []],
    ['left the day before', 'THERAPY_COUNSELING', worldWith({ endDate: '2026-09-13' }), ['STAFF_NOT_EMPLOYED']],
    ['hired the day after', 'THERAPY_COUNSELING', worldWith({ hireDate: '2026-09-15' }), ['STAFF_NOT_EMPLOYED']],
    ['a Registry finding checked the day after', 'THERAPY_COUNSELING', worldWith({ backgroundChecks: finding('2026-09-15') }), []],
    ['a Registry finding checked on the date', 'THERAPY_COUNSELING', worldWith({ backgroundChecks: finding(DAY) }), ['STAFF_EXCLUDED']],
  ])('%s', (_label, service, w, codes) => {
    const v = verdictOf(ask(w, service));
    expect(errorCodes(v.findings)).toEqual(codes);
    expect(v.eligible).toBe(codes.length === 0);
    // every staff rule is accounted for: passed, failed or skipped, never silently left out
    expect(v.checks.length).toBeGreaterThanOrEqual(5);
  });

  function designated(service: 'MEDICATION_MONITORING' | 'MEDICATION_TRAINING'): FakeWorld {
    return worldWith({ prescriberDesignations: [{ designatedByStaffId: 'st-md', designatedOn: '2026-01-01', endsOn: null, services: [service] }] }, 'LPHA', (w) => {
      w.staff.push(staff({ id: 'st-md', name: 'Dr. Prescriber', npi: null, licenses: [licence('PHYSICIAN')] }));
      w.tierOf['st-md'] = 'LPHA';
    });
  }

  it('an MHP for crisis intervention is eligible with the warning to document access to a QMHP', () => {
    const v = verdictOf(ask(worldWith({}, 'MHP'), 'CRISIS_INTERVENTION'));
    expect(v.eligible).toBe(true);
    expect(v.findings).toEqual([expect.objectContaining({ code: 'STAFF_TIER_INSUFFICIENT', severity: 'warning' })]);
  });

  it('says what each pass rests on: the tier held and its route, employment', () => {
    const v = verdictOf(ask(worldWith(), 'THERAPY_COUNSELING'));
    expect(v).toMatchObject({ tier: 'LPHA', tierBasis: [{ tier: 'LPHA', citation: '140.453(b)(3)' }] });
    expect(v.checks.filter((c) => c.outcome === 'passed').map((c) => c.reason)).toEqual([
      'J. Doe is employed by Lakeside CMHC on 2026-09-14 (hired 2020-01-01)',
      'no finding on the Health Care Worker Registry or the HFS OIG sanctions list stands for J. Doe on 2026-09-14',
      'J. Doe holds LPHA on 2026-09-14; Therapy/Counseling may be provided by an MHP, QMHP or LPHA',
    ]);
  });

  it("at an Independent Practitioner, only the practitioner: a counselor registered there is not eligible", () => {
    const w = worldWith({ licenses: [licence('CLINICAL_PROFESSIONAL_COUNSELOR')] }, 'LPHA', (x) => Object.assign(x.providers[0], { type: 'IP', ipKind: 'CLINICAL_PSYCHOLOGIST' }));
    expect(errorCodes(verdictOf(ask(w, 'THERAPY_COUNSELING')).findings)).toEqual(['NOT_INDEPENDENT_PRACTITIONER']);
    w.staff[0].licenses = [licence('CLINICAL_PSYCHOLOGIST')];
    expect(verdictOf(ask(w, 'THERAPY_COUNSELING')).eligible).toBe(true);
  });
});

function licence(kind: LicenseFact['kind'], over: Partial<LicenseFact> = {}): LicenseFact {
  return { kind, state: 'IL', number: `${kind.slice(0, 3)}-1`, issuedOn: '2010-01-01', expiresOn: '2029-09-30', specialty: kind === 'PHYSICIAN' ? 'PSYCHIATRY' : null, ...over };
}

describe('the boundary day of a licence, with the real credential engine', () => {
  // a licensed clinical professional counselor with a master's is an LPHA while the licence is valid
  // (140.453(b)(3)(D)); a master's in another field gives no lower tier once it lapses
  const counselor = (expiresOn: DateOnly) => worldWith({ licenses: [licence('CLINICAL_PROFESSIONAL_COUNSELOR', { expiresOn })], degrees: [{ level: 'MASTER', field: 'OTHER', conferredOn: null }] });
  const real = (w: FakeWorld) => {
    const byId = new Map(w.staff.map((s) => [s.id, s]));
    return { ...contextFor(w), credentialOf: (s: StaffFacts, d: DateOnly) => evaluateCredential(s, d, { staffById: (id) => byId.get(id) }) };
  };

  it.each<[string, DateOnly, boolean]>([
    ['expiring on the date: still eligible that day', DAY, true],
    ['expired the day before', '2026-09-13', false],
  ])('a counselor licence %s', (_label, expiresOn, eligible) => {
    const w = counselor(expiresOn);
    const v = verdictOf(ask(w, 'THERAPY_COUNSELING', DAY, {}, real(w)));
    expect(v.eligible).toBe(eligible);
    if (eligible) expect(v.tierBasis.map((b) => b.citation)).toContain('140.453(b)(3)(D)');
    else expect(v.findings[0]).toMatchObject({ code: 'STAFF_TIER_INSUFFICIENT', ruleId: 'SVC-THERAPY_COUNSELING-v1#tiers' });
  });
});

describe('the service itself, whoever renders it (provider-level notes)', () => {
  it.each<[string, Service, (w: FakeWorld) => void, { modality?: Modality; contact?: Contact }, string[]]>([
    ['a CMHC with its IO approval', 'INTENSIVE_OUTPATIENT', () => {}, {}, []],
    ['a CMHC without an IO approval', 'INTENSIVE_OUTPATIENT', (w) => w.approvals.delete(`${CMHC_ID}|IO`), {}, ['PROGRAM_APPROVAL_MISSING']],
    ['an IP, for community support (CMHC or BHC only)', 'COMMUNITY_SUPPORT', (w) => Object.assign(w.providers[0], { type: 'IP', ipKind: 'CLINICAL_PSYCHOLOGIST' }), {}, ['PROVIDER_TYPE_NOT_ALLOWED']],
    ['enrolled through the date', 'THERAPY_COUNSELING', (w) => (w.providers[0].enrollments = [{ from: '2018-07-01', to: DAY }]), {}, []],
    ['enrollment ended the day before', 'THERAPY_COUNSELING', (w) => (w.providers[0].enrollments = [{ from: '2018-07-01', to: '2026-09-13' }]), {}, ['PROVIDER_NOT_ENROLLED']],
    ['Intensive Outpatient as a group, face to face', 'INTENSIVE_OUTPATIENT', () => {}, { modality: 'GROUP', contact: 'FACE_TO_FACE' }, []],
    ['Intensive Outpatient one to one', 'INTENSIVE_OUTPATIENT', () => {}, { modality: 'INDIVIDUAL' }, ['MODALITY_NOT_ALLOWED']],
    ['Intensive Outpatient by video', 'INTENSIVE_OUTPATIENT', () => {}, { contact: 'VIDEO' }, ['CONTACT_NOT_ALLOWED']],
  ])('%s', (_label, service, change, how, codes) => {
    const w = baselineWorld();
    change(w);
    const a = ask(w, service, DAY, how);
    expect(errorCodes(a.providerFindings)).toEqual(codes);
    expect(a.serviceBillable).toBe(codes.length === 0);
    // the staff verdicts stand on their own: whether the service can be billed is said once, for all
    expect(a.eligible.length + a.notEligible.length).toBe(2);
  });

  it('medication monitoring by phone is billable with the warning its condition needs', () => {
    const a = ask(baselineWorld(), 'MEDICATION_MONITORING', DAY, { contact: 'PHONE' });
    expect(a.serviceBillable).toBe(true);
    expect(a.providerFindings).toEqual([expect.objectContaining({ code: 'CONTACT_NOT_ALLOWED', severity: 'warning' })]);
  });

  it('lists only the provider\'s own staff, by name, whoever else the roster carries (a supervisor elsewhere)', () => {
    const w = baselineWorld();
    w.staff.push(staff({ id: 'st-elsewhere', providerId: 'prov-other', name: 'A. Elsewhere', npi: null }), staff({ id: 'st-aa', name: 'A. Able', npi: null }));
    w.tierOf['st-aa'] = 'LPHA';
    const a = ask(w, 'THERAPY_COUNSELING');
    expect(a.eligible.map((e) => e.name)).toEqual(['A. Able', 'Dr. M. Director', 'J. Doe']);
    expect(a.notEligible).toEqual([]);
  });
});

describe('the eligibility answer agrees with the engine on every service, person and day', () => {
  it('a line rendered by someone carries a staff error exactly when the answer says they are not eligible', () => {
    const w = baselineWorld();
    const tiers: (Tier | null)[] = ['LPHA', 'QMHP', 'MHP', 'RSA', null];
    tiers.forEach((tier, i) => {
      const id = `st-${i}`;
      w.staff.push(staff({ id, name: `Person ${i}`, npi: null, hireDate: '2026-09-10', endDate: i === 2 ? '2026-09-12' : null }));
      w.tierOf[id] = tier;
    });
    w.unsupervised.add('st-3');
    w.mayAdminister.add('st-1');
    const ctx = contextFor(w);
    const staffCodes = new Set(['STAFF_NOT_EMPLOYED', 'STAFF_EXCLUDED', 'NOT_INDEPENDENT_PRACTITIONER', 'STAFF_TIER_INSUFFICIENT', 'SUPERVISION_MISSING', 'MEDICATION_LICENSE_REQUIRED', 'PRESCRIBER_DESIGNATION_MISSING']);
    for (const service of ['THERAPY_COUNSELING', 'INTENSIVE_OUTPATIENT', 'COMMUNITY_SUPPORT', 'MEDICATION_ADMINISTRATION', 'MEDICATION_MONITORING'] as Service[]) {
      for (const date of ['2026-09-11', '2026-09-14']) {
        const answer = ask(w, service, date);
        for (const s of w.staff.filter((x) => x.providerId === CMHC_ID)) {
          const report = validateClaims([claim({}, [line({ procedureCode: undefined, service, dateOfService: date, renderingStaffId: s.id })])], ctx);
          const lineErrors = report.claims[0].lines[0].findings.filter((f) => f.severity === 'error' && staffCodes.has(f.code));
          expect({ service, date, who: s.name, eligible: lineErrors.length === 0 }).toEqual({ service, date, who: s.name, eligible: verdictOf(answer, s.id).eligible });
        }
      }
    }
  });
});

describe("a staff finding's action names who could have rendered the line", () => {
  function checkNamed(w: FakeWorld, lines = [line({ procedureCode: undefined, service: 'INTENSIVE_OUTPATIENT', modality: 'GROUP' })], ctx = contextFor(w)) {
    const names = new StaffErrorNames();
    const report = validateClaims([claim({}, lines)], ctx, { onStaffError: names.listen });
    expect(names.providersWanted()).toEqual(report.claims[0].lines.some((l) => l.findings.some((f) => f.severity === 'error' && f.code.startsWith('STAFF'))) ? [CMHC_ID] : []);
    names.name((pid) => w.staff.filter((s) => s.providerId === pid), ctx);
    return report.claims[0].lines.flatMap((l) => l.findings);
  }
  const generic = buildRuleCatalogue(catalog, shippedConfig().procedureCodes).actionFor('SVC-INTENSIVE_OUTPATIENT-v1#tiers', 'STAFF_TIER_INSUFFICIENT')!;
  const path = `GET /api/v1/providers/${CMHC_ID}/eligible-staff?service=INTENSIVE_OUTPATIENT&date=${DAY}`;

  it('an MHP billing Intensive Outpatient: the LPHA who could have', () => {
    const [f] = checkNamed(worldWith({}, 'MHP'));
    expect(f.code).toBe('STAFF_TIER_INSUFFICIENT');
    expect(f.action).toBe(`${generic} Eligible to render Intensive Outpatient on ${DAY}: Dr. M. Director (LPHA) (all, and why others are not: ${path}).`);
    // the catalogue keeps its generic text
    expect(buildRuleCatalogue(catalog, shippedConfig().procedureCodes).actionFor('SVC-INTENSIVE_OUTPATIENT-v1#tiers', 'STAFF_TIER_INSUFFICIENT')).toBe(generic);
  });

  it('nobody eligible says so', () => {
    const [f] = checkNamed(worldWith({}, 'MHP', (w) => (w.tierOf[DIRECTOR_ID] = 'MHP')));
    expect(f.action).toBe(`${generic} Nobody on the roster of Lakeside CMHC is eligible to render Intensive Outpatient on ${DAY} (why: ${path}).`);
  });

  it('names five, by name, and says how many more', () => {
    const w = worldWith({}, 'MHP');
    for (const n of [1, 2, 3, 4, 5, 6]) {
      w.staff.push(staff({ id: `st-q${n}`, name: `Q. Person ${n}`, npi: null }));
      w.tierOf[`st-q${n}`] = 'QMHP';
    }
    const [f] = checkNamed(w);
    expect(f.action).toContain(`on ${DAY}: Dr. M. Director (LPHA); Q. Person 1 (QMHP); Q. Person 2 (QMHP); Q. Person 3 (QMHP); Q. Person 4 (QMHP); and 2 more (all,`);
  });

  it('a passing line, and a staff warning, name nobody and load no roster', () => {
    expect(checkNamed(worldWith(), [line()])).toEqual([]);
    const [warn] = checkNamed(worldWith({}, 'MHP'), [line({ procedureCode: undefined, service: 'CRISIS_INTERVENTION' })]);
    expect(warn).toMatchObject({ severity: 'warning', code: 'STAFF_TIER_INSUFFICIENT' });
    expect(warn.action).not.toMatch(/Eligible|Nobody/);
  });

  it('each staff error of a line gets the names; other findings keep their action', () => {
    const w = worldWith({ endDate: '2026-09-13' }, 'MHP', (x) => x.approvals.delete(`${CMHC_ID}|IO`));
    const fs = checkNamed(w);
    expect(fs.map((f) => [f.code, /Eligible to render|Nobody on the roster/.test(f.action)])).toEqual([
      ['PROGRAM_APPROVAL_MISSING', false],
      ['STAFF_NOT_EMPLOYED', true],
      ['STAFF_TIER_INSUFFICIENT', true],
    ]);
  });

  it('one answer per provider, service and date: asked once however many lines fail', () => {
    const w = worldWith({}, 'MHP');
    const ctx = contextFor(w);
    const names = new StaffErrorNames();
    const lines = [1, 2, 3].map((n) => line({ lineId: String(n), procedureCode: undefined, service: 'INTENSIVE_OUTPATIENT', modality: 'GROUP', placeOfService: n === 1 ? '11' : '53' }));
    const report = validateClaims([claim({}, lines)], ctx, { onStaffError: names.listen });
    const before = ctx.calls.credentialOf;
    names.name((pid) => w.staff.filter((s) => s.providerId === pid), ctx);
    // one credential per roster member, not one per line
    expect(ctx.calls.credentialOf - before).toBe(w.staff.length);
    const actions = report.claims[0].lines.flatMap((l) => l.findings).filter((f) => f.code === 'STAFF_TIER_INSUFFICIENT').map((f) => f.action);
    expect(actions).toHaveLength(3);
    expect(new Set(actions).size).toBe(1);
  });

});
