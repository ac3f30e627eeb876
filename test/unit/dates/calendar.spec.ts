/**
 * The one date module: its integer fast paths agree with date-fns (on UTC dates), the day numbers on
 * every day bhcheck reads; the calendar rules hold at month ends and leap days; and no answer depends
 * on the time zone.
 */
import { UTCDateMini } from '@date-fns/utc/date/mini';
import * as fns from 'date-fns';
import {
  addDays,
  addMonths,
  ageOn,
  assertDateOnly,
  dayOfWeek,
  daysBetween,
  daysInMonth,
  EARLIEST_DATE,
  fromEpochDay,
  isDateOnly,
  LATEST_DATE,
  toEpochDay,
  today,
} from '../../../src/rules/dates';

const utc = (value: Date | number | string) => new UTCDateMini(value as number);
const day = (date: string) => fns.parseISO(date, { in: utc });
const iso = (date: Date) => fns.formatISO(date, { representation: 'date' });
const EPOCH = new UTCDateMini(0);

/** Every day bhcheck reads, as day numbers and as date-fns writes them; the arithmetic is checked on 1999 to 2031. */
const ALL_DAYS: [number, string][] = [];
for (let d = fns.differenceInCalendarDays(day(EARLIEST_DATE), EPOCH); d <= fns.differenceInCalendarDays(day(LATEST_DATE), EPOCH); d++) ALL_DAYS.push([d, iso(fns.addDays(EPOCH, d))]);

describe('the integer fast paths agree with date-fns', () => {
  it('toEpochDay and fromEpochDay on every day from 1900-01-01 to 2199-12-31', () => {
    const wrong = ALL_DAYS.filter(([n, date]) => toEpochDay(date) !== n || fromEpochDay(n) !== date);
    expect(wrong).toEqual([]);
    expect(ALL_DAYS.length).toBe(109_573);
  });

  const RECENT_DAYS = ALL_DAYS.filter(([, date]) => date >= '1999-01-01' && date <= '2031-12-31');

  it('addDays by -1, +1, +30 and +366 from every day from 1999 to 2031', () => {
    const wrong: string[] = [];
    for (const [, date] of RECENT_DAYS) {
      for (const n of [-1, 1, 30, 366]) if (addDays(date, n) !== iso(fns.addDays(day(date), n))) wrong.push(`${date} ${n}`);
    }
    expect(wrong).toEqual([]);
  });

  it('addMonths by 1, 12, 18 and -1 from every day from 1999 to 2031 (clamping to the month end)', () => {
    const wrong: string[] = [];
    for (const [, date] of RECENT_DAYS) {
      for (const n of [1, 12, 18, -1]) if (addMonths(date, n) !== iso(fns.addMonths(day(date), n))) wrong.push(`${date} ${n}`);
    }
    expect(wrong).toEqual([]);
  });

  it.each([
    ['2024-02-29', 12],
    ['2024-02-29', 60],
    ['2023-01-31', 1],
    ['2024-01-31', 1],
    ['2023-08-31', 18],
    ['2025-12-15', 24],
    ['2025-03-31', -1],
  ])('addMonths(%s, %i) is date-fns addMonths', (date, months) => {
    expect(addMonths(date, months)).toBe(iso(fns.addMonths(day(date), months)));
  });

  it('ageOn is differenceInYears for birthdays across leap days and month ends', () => {
    const births = ['1960-02-29', '1999-12-31', '2005-03-01', '2008-02-28', '2010-06-15'];
    const wrong: string[] = [];
    for (const birth of births) {
      for (let d = toEpochDay('2026-01-01'); d <= toEpochDay('2029-12-31'); d++) {
        const date = fromEpochDay(d);
        if (ageOn(birth, date) !== fns.differenceInYears(day(date), day(birth))) wrong.push(`${birth} ${date}`);
      }
    }
    expect(wrong).toEqual([]);
  });
});

describe('calendar days', () => {
  it.each([
    ['2026-01-31', 1, '2026-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2024-02-29', 12, '2025-02-28'],
    ['2026-03-31', -1, '2026-02-28'],
    ['2026-11-30', 3, '2027-02-28'],
  ])('addMonths(%s, %i) = %s (clamped to the month end)', (date, months, expected) => {
    expect(addMonths(date, months)).toBe(expected);
  });

  it('addDays crosses a leap day and a year end', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it.each([
    ['2024-02-29', '2025-02-28', 0],
    ['2024-02-29', '2025-03-01', 1],
    ['2005-11-22', '2026-11-21', 20],
    ['2005-11-22', '2026-11-22', 21],
  ])('born %s: on %s aged %i', (birth, date, age) => {
    expect(ageOn(birth, date)).toBe(age);
  });

  it.each([
    ['2026-02-30', false],
    ['2026-02-28', true],
    ['2024-02-29', true],
    ['2100-02-29', false],
    ['2000-02-29', true],
    ['2026-04-31', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-01-00', false],
    ['2026-1-05', false],
    ['20260105', false],
    ['2026-W01', false],
    ['2026-01-05T00:00:00Z', false],
    [' 2026-01-05', false],
  ])('isDateOnly(%s) = %s', (value, ok) => {
    expect(isDateOnly(value)).toBe(ok);
  });

  it('isDateOnly refuses what is not a string, and assertDateOnly says what it got', () => {
    expect(isDateOnly(20260105)).toBe(false);
    expect(isDateOnly(null)).toBe(false);
    expect(isDateOnly(new Date('2026-01-05'))).toBe(false);
    expect(() => assertDateOnly('2026-02-30', 'asOf')).toThrow('asOf must be a calendar date written YYYY-MM-DD, got "2026-02-30"');
  });

  it('days between, day of the week, month lengths, today in UTC', () => {
    expect(daysBetween('2026-01-01', '2026-12-31')).toBe(364);
    expect(daysBetween('2026-03-10', '2026-03-01')).toBe(-9);
    expect(dayOfWeek('1970-01-01')).toBe(4);
    expect(dayOfWeek('2026-11-22')).toBe(0);
    expect([daysInMonth(2024, 2), daysInMonth(2026, 2), daysInMonth(2100, 2), daysInMonth(2026, 4), daysInMonth(2026, 12)]).toEqual([29, 28, 28, 30, 31]);
    expect(today(new Date('2026-11-22T23:59:59.999Z'))).toBe('2026-11-22');
    expect(today(new Date('2026-11-23T00:00:00.000Z'))).toBe('2026-11-23');
  });

  it('gives the same answers whatever the process time zone (no local dates)', () => {
    const answers = () => [
      addMonths('2026-01-31', 1),
      addDays('2026-03-08', 1),
      daysBetween('2026-03-01', '2026-04-01'),
      dayOfWeek('2026-03-08'),
      ageOn('2008-03-09', '2026-03-08'),
      isDateOnly('2011-12-30'),
      toEpochDay('2026-11-01'),
      today(new Date('2026-11-22T23:30:00Z')),
    ];
    const inUtc = answers();
    const saved = process.env.TZ;
    try {
      for (const tz of ['Pacific/Kiritimati', 'America/Adak', 'Pacific/Apia', 'America/Chicago']) {
        process.env.TZ = tz;
        expect([tz, ...answers()]).toEqual([tz, ...inUtc]);
      }
    } finally {
      process.env.TZ = saved;
    }
  });
});
