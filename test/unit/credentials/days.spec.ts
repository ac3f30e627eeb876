/** The integer date helpers agree with ../dates on every day from 1999 to 2031 and across month ends. */
import { addDays, addMonths, fromEpochDay, toEpochDay } from '../../../src/rules/dates';
import { epochDay, fromDay, plusDays, plusMonths } from '../../../src/rules/credentials/days';

describe('credential engine day arithmetic', () => {
  it('epochDay/fromDay agree with toEpochDay/fromEpochDay', () => {
    let mismatches = 0;
    for (let d = toEpochDay('1999-01-01'); d <= toEpochDay('2031-12-31'); d++) {
      const iso = fromEpochDay(d);
      if (fromDay(d) !== iso || epochDay(iso) !== d) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  it.each([
    ['2024-02-29', 12],
    ['2024-02-29', 60],
    ['2023-01-31', 1],
    ['2024-01-31', 1],
    ['2023-08-31', 18],
    ['2025-12-15', 24],
    ['2025-03-31', -1],
  ])('plusMonths(%s, %i) = addMonths', (date, months) => {
    expect(plusMonths(date, months)).toBe(addMonths(date, months));
  });

  it('plusDays crosses a leap day and a year end', () => {
    expect(plusDays('2024-02-28', 1)).toBe(addDays('2024-02-28', 1));
    expect(plusDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(plusDays('2025-12-31', 1)).toBe('2026-01-01');
  });
});
