/** The annual access review's rules (IDHS HRFCM manual 1.9.1 D, 1.9.8): flags, the end of a key, the next review. */
import { accessFlags, keyWorksOn, nextAccessReviewDue, type KeyUnderReview } from '../../../src/rules/access-review';

const key = (over: Partial<KeyUnderReview> = {}): KeyUnderReview => ({
  createdOn: '2026-01-05',
  lastUsedOn: '2026-11-01',
  role: 'BILLING',
  providerIds: ['P1'],
  allProviders: false,
  holder: { providerId: 'P1', hireDate: '2020-01-06', endDate: null },
  ...over,
});

describe('accessFlags', () => {
  it.each<[string, Partial<KeyUnderReview>, string, string[]]>([
    ['used recently, holder employed at one of its providers', {}, '2026-11-30', []],
    ['last used 89 days ago', { lastUsedOn: '2026-09-02' }, '2026-11-30', []],
    ['last used 90 days ago (the boundary day)', { lastUsedOn: '2026-09-01' }, '2026-11-30', ['UNUSED_90_DAYS']],
    ['never used, issued 90 days ago', { lastUsedOn: null, createdOn: '2026-09-01' }, '2026-11-30', ['UNUSED_90_DAYS']],
    ['never used, issued 89 days ago', { lastUsedOn: null, createdOn: '2026-09-02' }, '2026-11-30', []],
    ['holder left on the day asked about (still employed that day)', { holder: { providerId: 'P1', hireDate: '2020-01-06', endDate: '2026-11-30' } }, '2026-11-30', []],
    ['holder left the day before', { holder: { providerId: 'P1', hireDate: '2020-01-06', endDate: '2026-11-29' } }, '2026-11-30', ['HOLDER_NOT_EMPLOYED']],
    ['holder not hired yet', { holder: { providerId: 'P1', hireDate: '2026-12-01', endDate: null } }, '2026-11-30', ['HOLDER_NOT_EMPLOYED']],
    ['holder works for a provider the key does not act for', { holder: { providerId: 'P2', hireDate: '2020-01-06', endDate: null } }, '2026-11-30', ['HOLDER_AT_OTHER_PROVIDER']],
    ['a key for every provider: any holder provider is fine', { allProviders: true, holder: { providerId: 'P2', hireDate: '2020-01-06', endDate: null } }, '2026-11-30', []],
    ['no holder named', { holder: null }, '2026-11-30', []],
  ])('%s', (_name, over, asOf, flags) => {
    expect(accessFlags(key(over), asOf)).toEqual(flags);
  });
});

describe('keyWorksOn: a key stops working the day after its holder leaves', () => {
  it.each([
    [null, '2026-11-30', true],
    ['2026-11-30', '2026-11-30', true],
    ['2026-11-30', '2026-12-01', false],
  ] as const)('end date %s, on %s: %s', (end, date, works) => {
    expect(keyWorksOn(end, date)).toBe(works);
  });
});

describe('nextAccessReviewDue: at least once a year', () => {
  it.each([
    ['2026-11-30', null, '2027-11-30'],
    ['2028-02-29', null, '2029-02-28'],
    [null, '2026-03-15', '2027-03-15'],
    ['2026-11-30', '2020-01-01', '2027-11-30'],
    [null, null, null],
  ] as const)('last review %s, first key %s: due %s', (last, first, due) => {
    expect(nextAccessReviewDue(last, first)).toBe(due);
  });
});
