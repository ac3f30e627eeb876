/** Experience arithmetic: union of periods, N calendar months, gap days pushing the finish line back. */
import { completionDate, evaluateCredential, experienceCompletes, mergePeriods, REQUIREMENTS } from '../../../src/rules/credentials';
import type { ExperienceFact } from '../../../src/rules/facts';
import { deg, exp, lic, NO_ONE, staff } from './builder';

const ANY_CLINICAL = { kinds: ['MENTAL_HEALTH_CLINICAL'] as const, supervision: 'NONE' as const };
const done = (periods: ExperienceFact[], months: number) => completionDate(mergePeriods(periods, ANY_CLINICAL), months);
const c = (from: string, to: string | null = null, supervised = false) => exp('MENTAL_HEALTH_CLINICAL', from, to, supervised);

describe('completionDate', () => {
  it.each([
    ['one ongoing period: complete on addMonths(S, 12)', [c('2024-01-01')], 12, '2025-01-01'],
    ['a closed period covering exactly S .. addMonths(S,12)-1', [c('2024-01-01', '2024-12-31')], 12, '2025-01-01'],
    ['a closed period one day short never completes', [c('2024-01-01', '2024-12-30')], 12, null],
    ['two years', [c('2023-05-10')], 24, '2025-05-10'],
    ['five years', [c('2019-07-15')], 60, '2024-07-15'],
    ['start on 29 February: 12 months clamp to 28 February', [c('2024-02-29')], 12, '2025-02-28'],
    ['start on 29 February: 60 months to 2029-02-28', [c('2024-02-29')], 60, '2029-02-28'],
    ['start on a month end (31 January), 24 months', [c('2023-01-31')], 24, '2025-01-31'],
    ['start on 31 August, 12 months into a leap year', [c('2023-08-31')], 12, '2024-08-31'],
    ['adjacent periods are continuous (no gap)', [c('2023-01-01', '2023-06-30'), c('2023-07-01')], 12, '2024-01-01'],
    ['a 31-day gap (July) pushes completion back 31 days', [c('2023-01-01', '2023-06-30'), c('2023-08-01')], 12, '2024-02-01'],
    ['a gap over 29 February counts 29 days', [c('2023-03-01', '2024-01-31'), c('2024-03-01')], 12, '2024-03-30'],
    ['a February gap in a common year counts 28 days', [c('2022-03-01', '2023-01-31'), c('2023-03-01')], 12, '2023-03-29'],
    // gaps of 28 (February 2023) and 30 (April 2023) days: 2024-01-01 + 58
    ['two gaps before the finish line both count', [c('2023-01-01', '2023-01-31'), c('2023-03-01', '2023-03-31'), c('2023-05-01')], 12, '2024-02-28'],
    ['a gap after the finish line does not count', [c('2023-01-01', '2024-01-10'), c('2024-06-01')], 12, '2024-01-01'],
    ['overlapping periods count once', [c('2023-01-01', '2023-09-30'), c('2023-06-01', '2024-03-31')], 12, '2024-01-01'],
    ['overlaps that would sum past a year but cover eight months do not', [c('2023-01-01', '2023-08-31'), c('2023-05-01', '2023-10-31')], 12, null],
    ['a period inside another adds nothing', [c('2023-01-01', '2023-12-30'), c('2023-03-01', '2023-04-01')], 12, null],
    ['periods given out of order', [c('2023-08-01'), c('2023-01-01', '2023-06-30')], 12, '2024-02-01'],
    ['a malformed period (ends before it starts) is ignored', [c('2023-06-01', '2023-01-01')], 12, null],
    ['no periods', [], 12, null],
  ])('%s', (_label, periods, months, expected) => {
    expect(done(periods as ExperienceFact[], months as number)).toBe(expected);
  });

  it('filters by kind and by supervision', () => {
    const periods = [
      exp('MENTAL_HEALTH_CLINICAL', '2023-01-01', '2023-06-30', true),
      exp('MENTAL_HEALTH_CLINICAL', '2023-07-01', null, false),
      exp('HUMAN_SERVICES_CLINICAL', '2020-01-01', null, true),
    ];
    // (b)(4)(B): mental health clinical work under supervision: only the first six months
    expect(experienceCompletes(periods, REQUIREMENTS.rnSupervisedClinical12)).toBeNull();
    // (b)(4)(D)(ii): any clinical work under a QMHP, human services included
    expect(experienceCompletes(periods, REQUIREMENTS.qmhpSupervisedClinical12)).toBe('2021-01-01');
    expect(experienceCompletes(periods, REQUIREMENTS.supervisedClinical24)).toBeNull();
    expect(experienceCompletes(periods, REQUIREMENTS.clinical12)).toBe('2024-01-01');
    expect(experienceCompletes(periods, REQUIREMENTS.clinical60)).toBe('2025-01-01');
    expect(experienceCompletes(periods, REQUIREMENTS.services24)).toBe('2025-01-01');
  });
});

describe('supervision: by anyone (140.453(b)(4)(B)) or by a QMHP ((b)(4)(D)(ii), (b)(5)(A)(ii))', () => {
  // one year from 2025-03-01 of mental health clinical work, supervised as given
  const year = (supervisedByQmhp: boolean, supervised: boolean) => [exp('MENTAL_HEALTH_CLINICAL', '2025-03-01', null, supervisedByQmhp, supervised)];
  it.each([
    ['supervised by a QMHP', year(true, true), { rn: '2026-03-01', qmhp: '2026-03-01' }],
    ['supervised, not by a QMHP', year(false, true), { rn: '2026-03-01', qmhp: null }],
    ['unsupervised', year(false, false), { rn: null, qmhp: null }],
    // a QMHP's supervision is supervision even when a record says otherwise (the API refuses that record)
    ['by a QMHP, recorded as not supervised', year(true, false), { rn: '2026-03-01', qmhp: '2026-03-01' }],
  ])('%s', (_label, periods, expected) => {
    expect(experienceCompletes(periods, REQUIREMENTS.rnSupervisedClinical12)).toBe(expected.rn);
    expect(experienceCompletes(periods, REQUIREMENTS.qmhpSupervisedClinical12)).toBe(expected.qmhp);
  });
});

describe('experience through evaluateCredential', () => {
  const ot = (experience: ExperienceFact[]) => staff({ licenses: [lic('OCCUPATIONAL_THERAPIST')], experience });

  it('the day before completion fails, the completion day passes (gap arithmetic)', () => {
    const s = ot([c('2023-01-01', '2023-06-30'), c('2023-08-01')]);
    expect(evaluateCredential(s, '2024-01-31', NO_ONE).tiers).not.toContain('QMHP');
    expect(evaluateCredential(s, '2024-02-01', NO_ONE).tier).toBe('QMHP');
  });

  it('only days up to the date asked count: a period recorded with a future end', () => {
    const s = ot([c('2025-01-01', '2027-12-31')]);
    expect(evaluateCredential(s, '2025-12-31', NO_ONE).tier).toBeNull();
    expect(evaluateCredential(s, '2026-01-01', NO_ONE).tier).toBe('QMHP');
  });

  it('leap day: a year from 2024-02-29 is complete on 2025-02-28, not the 27th', () => {
    const s = ot([c('2024-02-29')]);
    expect(evaluateCredential(s, '2025-02-27', NO_ONE).tier).toBeNull();
    expect(evaluateCredential(s, '2025-02-28', NO_ONE).tier).toBe('QMHP');
  });

  it('two supervised years for a bachelor in another field, across a gap over a leap day', () => {
    const s = staff({
      degrees: [deg('BACHELOR', 'OTHER')],
      experience: [exp('MENTAL_HEALTH_CLINICAL', '2022-03-01', '2024-01-31'), exp('MENTAL_HEALTH_CLINICAL', '2024-03-01', null)],
    });
    // 2024-03-01 + 29 gap days (February 2024)
    expect(evaluateCredential(s, '2024-03-29', NO_ONE).tier).toBeNull();
    expect(evaluateCredential(s, '2024-03-30', NO_ONE).tier).toBe('MHP');
  });

  it('gives the completion date as validUntil', () => {
    const s = ot([c('2025-06-01')]);
    const r = evaluateCredential(s, '2025-12-01', NO_ONE);
    expect(r.tier).toBeNull();
    expect(r.validUntil).toBe('2026-06-01');
  });

  it('reports progress in missingForNextTier', () => {
    const s = staff({ degrees: [deg('BACHELOR', 'PSYCHOLOGY')], licenses: [lic('OCCUPATIONAL_THERAPIST')], experience: [c('2025-06-01')] });
    const r = evaluateCredential(s, '2025-12-01', NO_ONE);
    expect(r.tier).toBe('MHP');
    expect(r.missingForNextTier).toContain(
      'occupational therapist licence IL OCC-0001 is valid, but one year of clinical experience in a mental health setting is not complete: 184 days counted up to 2025-12-01; it completes on 2026-06-01 if the recorded periods continue (140.453(b)(4)(C)).',
    );
  });
});
