/** The State fiscal year runs July 1 to June 30 (the caps of 140.453(d)(5) and (d)(6) count per SFY). */
import { addMonths, fromEpochDay, isDateOnly, isStateFiscalYear, LATEST_DATE, stateFiscalYear, stateFiscalYearRange, toEpochDay } from '../../../src/rules/dates';

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

describe('the dates bhcheck reads (1900-01-01 to 2199-12-31)', () => {
  it.each([
    ['1900-01-01', true],
    ['1899-12-31', false],
    ['2199-12-31', true],
    ['2200-01-01', false],
    ['9999-12-31', false],
    ['0001-01-01', false],
    ['2024-02-29', true],
    ['2026-02-29', false],
  ])('%s: %s', (date, ok) => {
    expect(isDateOnly(date)).toBe(ok);
  });

  it('the latest date still has a four-digit State fiscal year and 12 months after it', () => {
    expect(stateFiscalYear(LATEST_DATE)).toBe('SFY2200');
    expect(isStateFiscalYear(stateFiscalYear(LATEST_DATE))).toBe(true);
    expect(toEpochDay(addMonths(LATEST_DATE, 12))).toBe(toEpochDay('2200-12-31'));
  });

  it.each([
    ['SFY2027', true],
    ['SFY1900', true],
    ['SFY2200', true],
    ['SFY2201', false],
    ['SFY0000', false],
    ['SFY10000', false],
    ['sfy2027', false],
  ])('%s is a State fiscal year bhcheck reads: %s', (sfy, ok) => {
    expect(isStateFiscalYear(sfy)).toBe(ok);
  });
});
