/** The State fiscal year runs July 1 to June 30 (the caps of 140.453(d)(5) and (d)(6) count per SFY). */
import { fromEpochDay, stateFiscalYear, stateFiscalYearRange, toEpochDay } from '../../../src/rules/dates';

describe('stateFiscalYear', () => {
  it.each([
    ['2026-06-30', 'SFY2026'],
    ['2026-07-01', 'SFY2027'],
    ['2026-12-31', 'SFY2027'],
    ['2027-01-01', 'SFY2027'],
    ['2027-06-30', 'SFY2027'],
    ['2027-07-01', 'SFY2028'],
    ['1999-09-09', 'SFY2000'],
  ])('%s is in %s', (date, sfy) => {
    expect(stateFiscalYear(date)).toBe(sfy);
  });

  it('every day from 2020 to 2031 lies inside the range of its own year', () => {
    let wrong = 0;
    for (let d = toEpochDay('2020-01-01'); d <= toEpochDay('2031-12-31'); d++) {
      const date = fromEpochDay(d);
      const { from, to } = stateFiscalYearRange(stateFiscalYear(date));
      if (date < from || date > to) wrong++;
    }
    expect(wrong).toBe(0);
  });
});
