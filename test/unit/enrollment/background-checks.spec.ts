/** Background checks person by person (Table O(c)(3)): exclusion, what is missing, and the roster's warnings. */
import { backgroundCheckWarnings, exclusionOn, personChecks } from '../../../src/rules/enrollment';
import { bhcWorld, clearChecks, cmhcWorld, person } from './world';

describe('exclusion on a date', () => {
  const reg = (checkedOn: string, result: 'CLEAR' | 'FINDING') => ({ kind: 'HEALTH_CARE_WORKER_REGISTRY' as const, checkedOn, result });
  it('from the day a Registry or sanctions-list finding was checked, until a later CLEAR check of that list', () => {
    const s = person('x', 'X', 'p', { backgroundChecks: [reg('2026-01-05', 'CLEAR'), reg('2026-06-01', 'FINDING'), reg('2026-08-01', 'CLEAR')] });
    expect(exclusionOn(s, '2026-05-31')).toBeNull();
    expect(exclusionOn(s, '2026-06-01')).toEqual({ kind: 'HEALTH_CARE_WORKER_REGISTRY', checkedOn: '2026-06-01', citation: '140.TABLE O(c)(3)(A)' });
    expect(exclusionOn(s, '2026-07-31')).not.toBeNull();
    expect(exclusionOn(s, '2026-08-01')).toBeNull();
    const oig = person('y', 'Y', 'p', { backgroundChecks: [{ kind: 'OIG_SANCTIONS', checkedOn: '2026-03-01', result: 'FINDING' }] });
    expect(exclusionOn(oig, '2026-03-01')?.citation).toBe('140.TABLE O(c)(3)(C)');
    // a fingerprint finding does not exclude (a waiver may stand)
    expect(exclusionOn(person('z', 'Z', 'p', { backgroundChecks: [{ kind: 'FINGERPRINT', checkedOn: '2026-03-01', result: 'FINDING' }] }), '2026-04-01')).toBeNull();
  });

  it('person by person: the latest check of each kind, or NOT_RECORDED', () => {
    const p = personChecks(person('x', 'X', 'p', { backgroundChecks: clearChecks('2020-01-06').filter((c) => c.kind !== 'FINGERPRINT') }), '2026-11-22');
    expect(p.checks.map((c) => [c.kind, c.state, c.checkedOn])).toEqual([
      ['HEALTH_CARE_WORKER_REGISTRY', 'CLEAR', '2020-01-06'],
      ['FINGERPRINT', 'NOT_RECORDED', null],
      ['OIG_SANCTIONS', 'CLEAR', '2020-01-06'],
    ]);
    expect(p.missing).toEqual(['FINGERPRINT']);
  });
});

describe("the roster's warnings", () => {
  it('a BHC: everyone employed whose checks are missing, and anyone excluded', () => {
    const w = bhcWorld();
    w.staff[2].backgroundChecks = [];
    w.staff[1].backgroundChecks.push({ kind: 'OIG_SANCTIONS', checkedOn: '2026-09-01', result: 'FINDING' });
    expect(backgroundCheckWarnings(w.provider, w.staff, '2026-11-22')).toEqual([
      'Pat Prescriber, APRN has a finding on the HFS OIG Provider Sanctions List (checked 2026-09-01) and may not be employed or contracted with (140.TABLE O(c)(3)(C)); lines they render fail STAFF_EXCLUDED.',
      'Morgan Helper: no background check recorded (140.TABLE O(c)(3)).',
    ]);
    expect(backgroundCheckWarnings(w.provider, w.staff, '2026-08-31')).toEqual(['Morgan Helper: no background check recorded (140.TABLE O(c)(3)).']);
  });

  it('another provider type: only someone excluded (Table O binds a BHC; the exclusion applies to every provider)', () => {
    const cmhc = cmhcWorld().provider;
    const staff = [person('a', 'A', 'cmhc', { backgroundChecks: [] }), person('b', 'B', 'cmhc', { backgroundChecks: [{ kind: 'HEALTH_CARE_WORKER_REGISTRY', checkedOn: '2026-02-01', result: 'FINDING' }] })];
    expect(backgroundCheckWarnings(cmhc, staff, '2026-11-22')).toEqual([expect.stringMatching(/^B has a finding on the Health Care Worker Registry \(checked 2026-02-01\)/)]);
  });
});
