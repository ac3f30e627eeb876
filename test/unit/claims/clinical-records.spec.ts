/**
 * The clinical records behind a line (140.453(d)(1)): "updated at least every 12 months" and "every six
 * months" run through the anniversary itself; the plan's client signature ((d)(1)(B)(iv)); the
 * assessment's diagnosis ((c)(2), (d)(1)(B)(i)). Baseline: date of service 2026-09-14, an adult born
 * 1990-05-01, an assessment of 2026-06-01 and a plan of 2026-06-15 signed that day.
 */
import { validateClaims, type Finding, type ValidationReport } from '../../../src/rules/claims';
import { BASE_DATE, baselineWorld, claim, contextFor, line, type FakeWorld } from '../../../src/rules/claims/testing';
import type { ClaimInput } from '../../../src/rules/facts';

const run = (w: FakeWorld, claims: ClaimInput[] = [claim()]): ValidationReport => validateClaims(claims, contextFor(w));
const lineFindings = (r: ValidationReport): Finding[] => r.claims[0].lines.flatMap((l) => l.findings);
const codes = (r: ValidationReport) => lineFindings(r).map((f) => f.code);

describe('"updated at least every 12 months": the assessment is current through its anniversary (140.453(d)(1)(A)(iii))', () => {
  it.each([
    ['completed 2025-09-14: the anniversary is the date of service', '2025-09-14', BASE_DATE, false],
    ['completed 2025-09-14, the day after the anniversary', '2025-09-14', '2026-09-15', true],
    ['completed 2025-09-13', '2025-09-13', BASE_DATE, true],
    ['completed 2025-08-31, on 2026-08-31', '2025-08-31', '2026-08-31', false],
    ['completed 2024-02-29, on 2025-02-28 (the month end clamps)', '2024-02-29', '2025-02-28', false],
    ['completed 2024-02-29, on 2025-03-01', '2024-02-29', '2025-03-01', true],
  ])('%s → expired %s', (_label, completedOn, dos, expired) => {
    const w = baselineWorld();
    w.recipients[0].assessments[0].completedOn = completedOn;
    Object.assign(w.recipients[0].treatmentPlans[0], { approvedOn: dos, clientSignedOn: dos });
    expect(codes(run(w, [claim({}, [line({ dateOfService: dos })])]))).toEqual(expired ? ['ASSESSMENT_EXPIRED'] : []);
  });
});

describe('"updated at least every six months": the plan is current through the same day six months on (140.453(d)(1)(B)(iii))', () => {
  it.each([
    ['approved 2026-03-14, on 2026-09-14', '2026-03-14', BASE_DATE, false],
    ['approved 2026-03-14, on 2026-09-15', '2026-03-14', '2026-09-15', true],
    ['approved 2025-08-31, on 2026-02-28 (the month end clamps)', '2025-08-31', '2026-02-28', false],
    ['approved 2025-08-31, on 2026-03-01', '2025-08-31', '2026-03-01', true],
  ])('%s → expired %s', (_label, approvedOn, dos, expired) => {
    const w = baselineWorld();
    w.recipients[0].assessments[0].completedOn = '2025-08-01';
    Object.assign(w.recipients[0].treatmentPlans[0], { approvedOn, clientSignedOn: approvedOn });
    const r = run(w, [claim({}, [line({ dateOfService: dos })])]);
    expect(codes(r).filter((c) => c !== 'ASSESSMENT_EXPIRED')).toEqual(expired ? ['TREATMENT_PLAN_EXPIRED'] : []);
    if (expired) expect(lineFindings(r).find((f) => f.code === 'TREATMENT_PLAN_EXPIRED')!.message).toContain(`had to be updated by ${dos === '2026-03-01' ? '2026-02-28' : '2026-09-14'} (at least every six months)`);
  });

  it('a plan named as General MRO evidence is current for as long (client-centered consultation)', () => {
    for (const [dos, ok] of [
      [BASE_DATE, true],
      ['2026-09-15', false],
    ] as const) {
      const w = baselineWorld();
      // another provider's plan naming a General MRO service, approved 2026-03-14; the baseline plan names only consultation
      w.recipients[0].treatmentPlans[0].services = ['CLIENT_CENTERED_CONSULTATION'];
      w.recipients[0].treatmentPlans.push({ id: 'tp-2', providerId: 'prov-other', approvedOn: '2026-03-14', approvedByStaffId: 'st-director', clientSignedOn: '2026-03-14', services: ['MEDICATION_MONITORING'] });
      expect(codes(run(w, [claim({}, [line({ procedureCode: 'T1017', dateOfService: dos })])])).includes('GENERAL_MRO_REQUIRED')).toBe(!ok);
    }
  });
});

describe("the plan's signature by the individual (140.453(d)(1)(B)(iv))", () => {
  it.each([
    ['signed the day of approval', '2026-06-15', false],
    ['signed on the date of service', BASE_DATE, false],
    ['signed the day after the date of service', '2026-09-15', true],
    ['no signature recorded', null, true],
  ])('%s → finding %s', (_label, clientSignedOn, finding) => {
    const w = baselineWorld();
    w.recipients[0].treatmentPlans[0].clientSignedOn = clientSignedOn;
    const r = run(w);
    expect(codes(r)).toEqual(finding ? ['TREATMENT_PLAN_UNSIGNED'] : []);
    if (finding) {
      const f = lineFindings(r)[0];
      expect(f).toMatchObject({ severity: 'error', citation: '140.453(d)(1)(B)(iv)', ruleId: 'CLM-TREATMENT-PLAN-SIGNED-v1' });
      expect(f.message).toContain(clientSignedOn ? `was signed by the individual only on ${clientSignedOn}` : 'has no signature of the individual recorded');
    }
  });

  it('only where a plan is needed: crisis intervention comes first', () => {
    const w = baselineWorld();
    w.recipients[0].treatmentPlans[0].clientSignedOn = null;
    expect(codes(run(w, [claim({}, [line({ procedureCode: 'H2011' })])]))).toEqual([]);
  });
});

describe("the assessment's diagnosis (140.453(c)(2), (d)(1)(B)(i))", () => {
  // born 2005-09-15: 20 on 2026-09-14, 21 on 2026-09-15
  it.each([
    ['an adult with a diagnosis', '1990-05-01', ['F33.1'], BASE_DATE, null],
    ['an adult without one: error', '1990-05-01', [], BASE_DATE, 'error'],
    ['aged 20 without one: a warning ((c)(2)(B) may stand instead)', '2005-09-15', [], BASE_DATE, 'warning'],
    ['21 that day without one: error', '2005-09-15', [], '2026-09-15', 'error'],
  ])('%s → %s', (_label, birthDate, diagnoses, dos, severity) => {
    const w = baselineWorld();
    w.recipients[0].birthDate = birthDate;
    w.recipients[0].assessments[0].diagnoses = diagnoses;
    const r = run(w, [claim({}, [line({ dateOfService: dos })])]);
    const found = lineFindings(r).filter((f) => f.code === 'DIAGNOSIS_MISSING');
    expect(found.map((f) => f.severity)).toEqual(severity ? [severity] : []);
    if (severity === 'error') expect(found[0].citation).toBe('140.453(c)(2)(A)');
    if (severity === 'warning') {
      expect(found[0].citation).toBe('140.453(c)(2)(B)');
      expect(r.claims[0].status).toBe('WARN');
    }
  });
});
