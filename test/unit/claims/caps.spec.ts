/**
 * Cap arithmetic: 240 hours (14,400 minutes) of TCM and 40 hours (2,400 minutes) of TLA per recipient
 * per State fiscal year (140.453(e)(2), (e)(1)(C)(i)), over the ledger and the batch in date order.
 */
import { capOverruns, validateClaims, type FindingCode, type ValidationReport } from '../../../src/rules/claims';
import { ADULT_ID, CMHC_ID, DIRECTOR_ID, baselineWorld, claim, contextFor, line, type FakeWorld } from '../../../src/rules/claims/testing';
import type { ClaimInput } from '../../../src/rules/facts';
import type { CapCategory } from '../../../src/rules/claims';

function record(w: FakeWorld, category: CapCategory, minutes: number, sfy = 'SFY2027', claimId = 'OLD') {
  w.ledger.push({ recipientId: ADULT_ID, sfy, category, minutes, claim: { providerId: CMHC_ID, claimId } });
}

function run(w: FakeWorld, claims: ClaimInput[]): ValidationReport {
  return validateClaims(claims, contextFor(w));
}

const lineCodes = (r: ValidationReport, claimIndex = 0, lineIndex = 0): FindingCode[] => r.claims[claimIndex].lines[lineIndex].findings.map((f) => f.code);
/** case management (TCM) in minutes */
const mhcm = (minutes: number, over: Parameters<typeof line>[0] = {}) => line({ procedureCode: 'T1016', unitBasis: 'MINUTES', units: minutes, ...over });
/** transition, linkage and aftercare (TCM and TLA) in minutes */
const tla = (minutes: number, over: Parameters<typeof line>[0] = {}) => line({ procedureCode: 'T1016', modifiers: ['U1'], unitBasis: 'MINUTES', units: minutes, ...over });

describe('TCM cap: 240 hours per SFY', () => {
  it('a line that exactly reaches 240:00 passes (with CAP_NEAR)', () => {
    const w = baselineWorld();
    record(w, 'TCM', 14340);
    const r = run(w, [claim({}, [mhcm(60)])]);
    expect(r.claims[0].lines[0].status).toBe('WARN');
    expect(lineCodes(r)).toEqual(['CAP_NEAR']);
    expect(r.caps).toEqual([{ recipientId: ADULT_ID, sfy: 'SFY2027', tcm: { usedMinutes: 14400, remainingMinutes: 0 }, tla: { usedMinutes: 0, remainingMinutes: 2400 } }]);
  });

  it('one minute over fails, and the message says how many minutes were still allowed', () => {
    const w = baselineWorld();
    record(w, 'TCM', 14340);
    const r = run(w, [claim({}, [mhcm(61)])]);
    const f = r.claims[0].lines[0].findings;
    expect(f.map((x) => x.code)).toEqual(['TCM_CAP_EXCEEDED']);
    expect(f[0].message).toContain('60 minutes (1:00) were still allowed');
    expect(f[0].message).toContain('14,340 minutes are already used');
    expect(f[0].citation).toBe('140.453(e)(2)');
    expect(f[0].ruleId).toBe('CAP-TCM-v1');
    expect(f[0].fact).toMatchObject({ allowedMinutes: 60, lineMinutes: 61, usedMinutes: 14340 });
    expect(r.claims[0].status).toBe('FAIL');
    // A line that does not fit is not counted.
    expect(r.caps[0].tcm).toEqual({ usedMinutes: 14340, remainingMinutes: 60 });
  });

  it('counts earlier lines of the same claim and of other claims in the batch', () => {
    const w = baselineWorld();
    record(w, 'TCM', 14000);
    const r = run(w, [claim({}, [mhcm(300, { lineId: '1' }), mhcm(100, { lineId: '2', dateOfService: '2026-09-15' })]), claim({ claimId: 'C2' }, [mhcm(1, { dateOfService: '2026-09-16' })])]);
    expect(lineCodes(r, 0, 0)).toEqual(['CAP_NEAR']);
    expect(lineCodes(r, 0, 1)).toEqual(['CAP_NEAR']); // 14,400 exactly
    expect(lineCodes(r, 1, 0)).toEqual(['TCM_CAP_EXCEEDED']);
    expect(r.claims[1].lines[0].findings[0].message).toContain('so 0 minutes (0:00) were still allowed');
  });

  it('processes lines in date-of-service order, whatever the order of the claims', () => {
    const w = baselineWorld();
    record(w, 'TCM', 14340);
    const later = claim({ claimId: 'LATE' }, [mhcm(60, { dateOfService: '2026-09-20' })]);
    const earlier = claim({ claimId: 'EARLY' }, [mhcm(60, { dateOfService: '2026-09-10' })]);
    const r = run(w, [later, earlier]);
    expect(lineCodes(r, 0)).toEqual(['TCM_CAP_EXCEEDED']);
    expect(lineCodes(r, 1)).toEqual(['CAP_NEAR']);
  });

  it('on the same date, keeps claim then line order', () => {
    const w = baselineWorld();
    record(w, 'TCM', 14340);
    // two sessions that day (two staff members: the same person's would be one session billed twice)
    const r = run(w, [claim({ claimId: 'A' }, [mhcm(60)]), claim({ claimId: 'B' }, [mhcm(60, { renderingStaffId: DIRECTOR_ID })])]);
    expect(lineCodes(r, 0)).toEqual(['CAP_NEAR']);
    expect(lineCodes(r, 1)).toEqual(['TCM_CAP_EXCEEDED']);
  });

  it('a line with another error does not consume the cap', () => {
    const w = baselineWorld();
    record(w, 'TCM', 14340);
    w.recipients[0].treatmentPlans[0].services = ['MENTAL_HEALTH_CASE_MANAGEMENT']; // CCC not in plan
    const r = run(w, [claim({ claimId: 'A' }, [line({ procedureCode: 'T1017', unitBasis: 'MINUTES', units: 60 })]), claim({ claimId: 'B' }, [mhcm(60)])]);
    expect(lineCodes(r, 0)).toEqual(['SERVICE_NOT_IN_PLAN', 'GENERAL_MRO_REQUIRED']);
    expect(lineCodes(r, 1)).toEqual(['CAP_NEAR']);
  });

  it('lines of a claim with a claim-level error, or an unknown provider, do not consume the cap', () => {
    const w = baselineWorld();
    record(w, 'TCM', 14340);
    // three sessions on three days (one session on three claims would be DUPLICATE_LINE)
    const r = run(w, [
      claim({ claimId: 'A', providerId: 'nope' }, [mhcm(60, { dateOfService: '2026-09-12' })]),
      claim({ claimId: 'B', recipientBirthDate: '1900-01-01' }, [mhcm(60, { dateOfService: '2026-09-13' })]),
      claim({ claimId: 'C' }, [mhcm(60)]),
    ]);
    expect(r.claims.map((c) => c.status)).toEqual(['FAIL', 'FAIL', 'WARN']);
    expect(lineCodes(r, 2)).toEqual(['CAP_NEAR']);
  });

  it('the cap is per recipient, not per provider: minutes recorded by another provider count', () => {
    const w = baselineWorld();
    w.ledger.push({ recipientId: ADULT_ID, sfy: 'SFY2027', category: 'TCM', minutes: 14400, claim: { providerId: 'prov-other', claimId: 'X' } });
    expect(lineCodes(run(w, [claim({}, [mhcm(15)])]))).toEqual(['TCM_CAP_EXCEEDED']);
  });
});

describe('State fiscal year boundary (SFY2027 starts 2026-07-01)', () => {
  it.each([
    ['2026-06-30', 'SFY2026', ['TCM_CAP_EXCEEDED']],
    ['2026-07-01', 'SFY2027', []],
  ])('a line on %s counts in %s', (dos, sfy, expected) => {
    const w = baselineWorld();
    record(w, 'TCM', 14400, 'SFY2026');
    // The assessment and plan must be current on both dates.
    w.recipients[0].assessments[0].completedOn = '2026-06-01';
    w.recipients[0].treatmentPlans[0].approvedOn = '2026-06-15';
    const r = run(w, [claim({}, [mhcm(15, { dateOfService: dos })])]);
    expect(lineCodes(r)).toEqual(expected);
    expect(r.caps[0].sfy).toBe(sfy);
  });
});

describe('TLA cap: 40 hours per SFY, inside the TCM cap', () => {
  it('TLA reaching 40:00 passes while TCM has room; more TLA fails, case management still passes', () => {
    const w = baselineWorld();
    record(w, 'TLA', 2340);
    record(w, 'TCM', 5000);
    const r = run(w, [claim({}, [tla(60, { lineId: '1' }), tla(15, { lineId: '2', dateOfService: '2026-09-15' }), mhcm(15, { lineId: '3', dateOfService: '2026-09-16' })])]);
    expect(lineCodes(r, 0, 0)).toEqual(['CAP_NEAR']);
    expect(r.claims[0].lines[0].findings[0].fact).toMatchObject({ category: 'TLA', usedMinutes: 2400 });
    expect(lineCodes(r, 0, 1)).toEqual(['TLA_CAP_EXCEEDED']);
    expect(r.claims[0].lines[1].findings[0].message).toContain('0 minutes (0:00) were still allowed');
    expect(lineCodes(r, 0, 2)).toEqual([]);
    expect(r.caps[0]).toEqual({ recipientId: ADULT_ID, sfy: 'SFY2027', tcm: { usedMinutes: 5075, remainingMinutes: 9325 }, tla: { usedMinutes: 2400, remainingMinutes: 0 } });
  });

  it('TLA minutes also count toward TCM, and a TLA line that passes TCM fails on TCM', () => {
    const w = baselineWorld();
    record(w, 'TCM', 14390);
    const r = run(w, [claim({}, [tla(15)])]);
    expect(lineCodes(r)).toEqual(['TCM_CAP_EXCEEDED']);
    expect(r.caps[0].tla.usedMinutes).toBe(0);
  });

  it('a line failing both caps reports both', () => {
    const w = baselineWorld();
    record(w, 'TCM', 14390);
    record(w, 'TLA', 2390);
    expect(lineCodes(run(w, [claim({}, [tla(15)])]))).toEqual(['TCM_CAP_EXCEEDED', 'TLA_CAP_EXCEEDED']);
  });
});

describe('CAP_NEAR at 90%', () => {
  it.each([
    [12959, false],
    [12960, true],
    [14399, true],
  ])('after the line %i minutes used: warning %s', (usedAfter, near) => {
    const w = baselineWorld();
    record(w, 'TCM', usedAfter - 15);
    const r = run(w, [claim({}, [mhcm(15)])]);
    expect(lineCodes(r).includes('CAP_NEAR')).toBe(near);
    expect(r.claims[0].status).toBe(near ? 'WARN' : 'PASS');
  });
});

describe('REPLACEMENT and VOID', () => {
  it('a REPLACEMENT excludes what its original recorded', () => {
    const w = baselineWorld();
    record(w, 'TCM', 14000, 'SFY2027', 'C1');
    record(w, 'TCM', 300, 'SFY2027', 'OTHER');
    const r = run(w, [claim({ claimId: 'C1', frequency: 'REPLACEMENT' }, [mhcm(14100)])]);
    expect(lineCodes(r)).toEqual(['CAP_NEAR']);
    expect(r.caps[0].tcm.usedMinutes).toBe(14400);
    const original = run(w, [claim({ claimId: 'C2', frequency: 'ORIGINAL' }, [mhcm(14100)])]);
    expect(lineCodes(original)).toEqual(['TCM_CAP_EXCEEDED']);
  });

  it('a VOID checks nothing about caps, and releases its minutes for the rest of the batch', () => {
    const w = baselineWorld();
    record(w, 'TCM', 14400, 'SFY2027', 'C1');
    const r = run(w, [claim({ claimId: 'C1', frequency: 'VOID' }, [mhcm(14400)]), claim({ claimId: 'C2' }, [mhcm(60)])]);
    expect(r.claims[0].status).toBe('PASS');
    expect(r.claims[0].lines[0].findings).toEqual([]);
    expect(lineCodes(r, 1)).toEqual([]);
    expect(r.caps).toEqual([{ recipientId: ADULT_ID, sfy: 'SFY2027', tcm: { usedMinutes: 60, remainingMinutes: 14340 }, tla: { usedMinutes: 0, remainingMinutes: 2400 } }]);
  });

  it('a VOID alone shows the minutes it releases', () => {
    const w = baselineWorld();
    record(w, 'TCM', 600, 'SFY2027', 'C1');
    record(w, 'TCM', 100, 'SFY2027', 'KEEP');
    const r = run(w, [claim({ claimId: 'C1', frequency: 'VOID' }, [mhcm(600)])]);
    expect(r.caps).toEqual([{ recipientId: ADULT_ID, sfy: 'SFY2027', tcm: { usedMinutes: 100, remainingMinutes: 14300 }, tla: { usedMinutes: 0, remainingMinutes: 2400 } }]);
  });

  it('two replacements in one batch release both originals', () => {
    const w = baselineWorld();
    record(w, 'TCM', 7000, 'SFY2027', 'A');
    record(w, 'TCM', 7000, 'SFY2027', 'B');
    record(w, 'TCM', 400, 'SFY2027', 'KEEP');
    const r = run(w, [claim({ claimId: 'A', frequency: 'REPLACEMENT' }, [mhcm(7000, { dateOfService: '2026-09-13' })]), claim({ claimId: 'B', frequency: 'REPLACEMENT' }, [mhcm(7000)])]);
    expect(r.caps[0].tcm.usedMinutes).toBe(14400);
    expect(lineCodes(r, 1)).toEqual(['CAP_NEAR']);
  });
});

describe('minutes', () => {
  it('are units x unit length (15 by default), whole numbers', () => {
    const r = run(baselineWorld(), [claim({}, [line({ procedureCode: 'T1016', units: 7 })])]);
    expect(r.claims[0].lines[0].minutes).toBe(105);
    expect(r.caps[0].tcm.usedMinutes).toBe(105);
  });
});

describe('outside usage past a cap (recorded all the same, and said so)', () => {
  const catalog = contextFor(baselineWorld()).catalog;
  const mhcmRule = catalog.ruleFor('MENTAL_HEALTH_CASE_MANAGEMENT', '2026-09-14')!;
  const tlaRule = catalog.ruleFor('TRANSITION_LINKAGE_AFTERCARE', '2026-09-14')!;

  it('exactly at the cap: nothing to say', () => {
    expect(capOverruns(mhcmRule, '2026-09-14', catalog, () => 14_400)).toEqual([]);
  });

  it('one minute past the TCM cap: the year, the cap, the minutes over and the citation', () => {
    expect(capOverruns(mhcmRule, '2026-09-14', catalog, () => 14_401)).toEqual([
      expect.objectContaining({ category: 'TCM', code: 'TCM_CAP_EXCEEDED', sfy: 'SFY2027', limitMinutes: 14_400, usedMinutes: 14_401, overByMinutes: 1, citation: '140.453(e)(2)' }),
    ]);
  });

  it('TLA counts toward both caps: each one passed is named', () => {
    const used = { TCM: 14_000, TLA: 2_460 };
    const r = capOverruns(tlaRule, '2026-09-14', catalog, (c) => used[c]);
    expect(r.map((o) => [o.code, o.overByMinutes])).toEqual([['TLA_CAP_EXCEEDED', 60]]);
    expect(r[0].message).toMatch(/2,460 minutes of Transition, Linkage and Aftercare are recorded in SFY2027, 60 over the cap of 2,400 minutes \(40:00 hours\)/);
  });
});
