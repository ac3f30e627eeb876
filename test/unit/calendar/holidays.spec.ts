import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  addBusinessDays,
  businessDaysBetween,
  holidayOn,
  holidaysInYear,
  HolidayRulesError,
  illinoisHolidayRules,
  isBusinessDay,
  loadHolidayRules,
  type HolidayRules,
} from '../../../src/rules/calendar';

const FILE = path.join(__dirname, '..', '..', '..', 'config', 'illinois-holidays.json');
const raw = (): Record<string, unknown> => JSON.parse(fs.readFileSync(FILE, 'utf8'));
const rules: HolidayRules = loadHolidayRules(raw());
const observed = (year: number) => holidaysInYear(year, rules).map((h) => `${h.observedOn} ${h.id}`);

describe('Illinois State holidays', () => {
  it('2026: fifteen observed days, Independence Day (Saturday) on Friday July 3, election day Nov 3', () => {
    expect(observed(2026)).toEqual([
      '2026-01-01 NEW_YEARS_DAY',
      '2026-01-19 MARTIN_LUTHER_KING_JR_DAY',
      '2026-02-12 LINCOLNS_BIRTHDAY',
      '2026-02-16 PRESIDENTS_DAY',
      '2026-05-25 MEMORIAL_DAY',
      '2026-06-19 JUNETEENTH',
      '2026-07-03 INDEPENDENCE_DAY',
      '2026-09-07 LABOR_DAY',
      '2026-10-12 COLUMBUS_DAY',
      '2026-11-03 GENERAL_ELECTION_DAY',
      '2026-11-11 VETERANS_DAY',
      '2026-11-26 THANKSGIVING',
      '2026-11-27 DAY_AFTER_THANKSGIVING',
      '2026-12-25 CHRISTMAS_DAY',
    ]);
    const july4 = holidaysInYear(2026, rules).find((h) => h.id === 'INDEPENDENCE_DAY');
    expect(july4).toEqual({ id: 'INDEPENDENCE_DAY', name: 'Independence Day', date: '2026-07-04', observedOn: '2026-07-03' });
  });

  it('2027: no election day; Juneteenth (Sat) Fri Jun 18, July 4 (Sun) Mon Jul 5, Christmas (Sat) Fri Dec 24, New Year 2028 (Sat) Fri Dec 31', () => {
    expect(observed(2027)).toEqual([
      '2027-01-01 NEW_YEARS_DAY',
      '2027-01-18 MARTIN_LUTHER_KING_JR_DAY',
      '2027-02-12 LINCOLNS_BIRTHDAY',
      '2027-02-15 PRESIDENTS_DAY',
      '2027-05-31 MEMORIAL_DAY',
      '2027-06-18 JUNETEENTH',
      '2027-07-05 INDEPENDENCE_DAY',
      '2027-09-06 LABOR_DAY',
      '2027-10-11 COLUMBUS_DAY',
      '2027-11-11 VETERANS_DAY',
      '2027-11-25 THANKSGIVING',
      '2027-11-26 DAY_AFTER_THANKSGIVING',
      '2027-12-24 CHRISTMAS_DAY',
      '2027-12-31 NEW_YEARS_DAY',
    ]);
    expect(holidaysInYear(2027, rules).some((h) => h.id === 'GENERAL_ELECTION_DAY')).toBe(false);
  });

  it('New Year\'s Day 2028 (a Saturday) belongs to 2027 as observed Dec 31, and 2028 has no New Year\'s entry', () => {
    const ny = holidaysInYear(2027, rules).filter((h) => h.id === 'NEW_YEARS_DAY');
    expect(ny.map((h) => [h.date, h.observedOn])).toEqual([
      ['2027-01-01', '2027-01-01'],
      ['2028-01-01', '2027-12-31'],
    ]);
    expect(holidaysInYear(2028, rules).some((h) => h.id === 'NEW_YEARS_DAY')).toBe(false);
    expect(isBusinessDay('2027-12-31', rules)).toBe(false);
    expect(isBusinessDay('2028-01-03', rules)).toBe(true);
    expect(holidayOn('2027-12-31', rules)?.date).toBe('2028-01-01');
  });

  it('2028: election day Nov 7, Lincoln (Sat) Fri Feb 11, Veterans Day (Sat) Fri Nov 10', () => {
    expect(observed(2028)).toEqual([
      '2028-01-17 MARTIN_LUTHER_KING_JR_DAY',
      '2028-02-11 LINCOLNS_BIRTHDAY',
      '2028-02-21 PRESIDENTS_DAY',
      '2028-05-29 MEMORIAL_DAY',
      '2028-06-19 JUNETEENTH',
      '2028-07-04 INDEPENDENCE_DAY',
      '2028-09-04 LABOR_DAY',
      '2028-10-09 COLUMBUS_DAY',
      '2028-11-07 GENERAL_ELECTION_DAY',
      '2028-11-10 VETERANS_DAY',
      '2028-11-23 THANKSGIVING',
      '2028-11-24 DAY_AFTER_THANKSGIVING',
      '2028-12-25 CHRISTMAS_DAY',
    ]);
  });

  it('works for any year without editing (2033: New Year on Saturday observed 2032-12-31; Christmas 2033 Sunday → Monday)', () => {
    expect(holidaysInYear(2032, rules).filter((h) => h.id === 'NEW_YEARS_DAY').map((h) => h.observedOn)).toEqual(['2032-01-01', '2032-12-31']);
    expect(holidaysInYear(2033, rules).find((h) => h.id === 'CHRISTMAS_DAY')?.observedOn).toBe('2033-12-26');
    expect(holidaysInYear(2100, rules).find((h) => h.id === 'GENERAL_ELECTION_DAY')?.observedOn).toBe('2100-11-02');
    // election day is the Tuesday after the first Monday: when Nov 1 is a Tuesday it is Nov 8, not Nov 1
    expect(holidaysInYear(2022, rules).find((h) => h.id === 'GENERAL_ELECTION_DAY')?.observedOn).toBe('2022-11-08');
  });

  it('the shipped file carries the yearly check note, names CMS, and loads through the default loader', () => {
    const json = raw();
    expect(typeof json.checkEachYear).toBe('string');
    expect(json.checkEachYear).toMatch(/Central Management Services/);
    expect(json.checkEachYear).toMatch(/every year/);
    expect(illinoisHolidayRules().holidays.map((h) => h.id)).toEqual(rules.holidays.map((h) => h.id));
    expect(rules.holidays).toHaveLength(14);
  });
});

describe('business days', () => {
  it('weekends and observed holidays are not business days; the Saturday holiday itself is a weekend', () => {
    expect(isBusinessDay('2026-07-03', rules)).toBe(false); // observed Independence Day
    expect(isBusinessDay('2026-07-04', rules)).toBe(false); // Saturday
    expect(isBusinessDay('2026-07-06', rules)).toBe(true);
    expect(isBusinessDay('2026-11-03', rules)).toBe(false); // election day
    expect(isBusinessDay('2027-11-02', rules)).toBe(true); // no election in 2027
    expect(isBusinessDay('2026-12-24', rules)).toBe(true); // Christmas Eve is not a State holiday by these rules
    expect(isBusinessDay('2026-11-28', rules)).toBe(false); // Saturday
  });

  it('10 business days after a review held the Friday before Thanksgiving skips Thanksgiving and the day after', () => {
    expect(addBusinessDays('2026-11-20', 10, rules)).toBe('2026-12-08');
    expect(businessDaysBetween('2026-11-20', '2026-12-08', rules)).toBe(10);
    expect(addBusinessDays('2027-11-19', 10, rules)).toBe('2027-12-07');
  });

  it('across Christmas and New Year', () => {
    expect(addBusinessDays('2026-12-18', 10, rules)).toBe('2027-01-05');
    // 2027: Christmas observed Fri Dec 24 and New Year 2028 observed Fri Dec 31
    expect(addBusinessDays('2027-12-17', 10, rules)).toBe('2028-01-04');
  });

  it('counts from a weekend or holiday start without counting the start, backward for negative n, unchanged for 0', () => {
    expect(addBusinessDays('2026-07-04', 1, rules)).toBe('2026-07-06');
    expect(addBusinessDays('2026-07-03', 1, rules)).toBe('2026-07-06');
    expect(addBusinessDays('2026-07-06', -1, rules)).toBe('2026-07-02');
    expect(addBusinessDays('2026-07-04', 0, rules)).toBe('2026-07-04');
    expect(() => addBusinessDays('2026-07-04', 1.5, rules)).toThrow(RangeError);
    expect(() => isBusinessDay('2026-02-30', rules)).toThrow(RangeError);
  });

  it('leap day is an ordinary business day', () => {
    expect(isBusinessDay('2028-02-29', rules)).toBe(true);
    expect(addBusinessDays('2028-02-25', 2, rules)).toBe('2028-02-29');
  });

  it('exceptions add a closed day or reopen a rule holiday', () => {
    const custom = loadHolidayRules({
      ...raw(),
      exceptions: [
        { date: '2026-12-24', name: 'Christmas Eve (proclamation)', closed: true },
        { date: '2026-10-12', name: 'Columbus Day worked', closed: false },
      ],
    });
    expect(isBusinessDay('2026-12-24', custom)).toBe(false);
    expect(isBusinessDay('2026-10-12', custom)).toBe(true);
    expect(holidaysInYear(2026, custom).find((h) => h.observedOn === '2026-12-24')).toMatchObject({ name: 'Christmas Eve (proclamation)', exception: true });
    expect(addBusinessDays('2026-12-18', 10, custom)).toBe('2027-01-06');
  });
});

describe('loadHolidayRules validation', () => {
  const withHoliday = (h: unknown) => ({ ...raw(), holidays: [...(raw().holidays as unknown[]), h] });
  const fails = (json: unknown, message: RegExp) => {
    expect(() => loadHolidayRules(json)).toThrow(HolidayRulesError);
    expect(() => loadHolidayRules(json)).toThrow(message);
  };

  it('refuses a non-object and a missing checkEachYear note', () => {
    fails(null, /must be a JSON object/);
    const { checkEachYear: _drop, ...rest } = raw();
    fails(rest, /checkEachYear/);
  });

  it('refuses an empty list, an unknown field, a duplicate id and a bad id', () => {
    fails({ ...raw(), holidays: [] }, /holidays must be a non-empty list/);
    fails({ ...raw(), holiday: [] }, /unknown field "holiday"/);
    fails(withHoliday({ id: 'CHRISTMAS_DAY', name: 'x', rule: { type: 'fixed', month: 12, day: 26 }, observed: 'none' }), /CHRISTMAS_DAY is used twice/);
    fails(withHoliday({ id: 'boxing day', name: 'x', rule: { type: 'fixed', month: 12, day: 26 }, observed: 'none' }), /UPPER_SNAKE_CASE/);
  });

  it('refuses bad rule fields with the JSON path', () => {
    fails(withHoliday({ id: 'X', name: 'x', rule: { type: 'fixed', month: 13, day: 1 }, observed: 'none' }), /holidays\[14\]\.rule\.month must be a whole number 1-12/);
    fails(withHoliday({ id: 'X', name: 'x', rule: { type: 'fixed', month: 2, day: 29 }, observed: 'none' }), /day must be a whole number 1-28 for month 2/);
    fails(withHoliday({ id: 'X', name: 'x', rule: { type: 'nth-weekday', month: 1, weekday: 7, n: 1 }, observed: 'none' }), /weekday must be a whole number 0 \(Sunday\) to 6/);
    fails(withHoliday({ id: 'X', name: 'x', rule: { type: 'nth-weekday', month: 1, weekday: 1, n: 5 }, observed: 'none' }), /n must be a whole number 1-4/);
    fails(withHoliday({ id: 'X', name: 'x', rule: { type: 'easter' }, observed: 'none' }), /type must be one of/);
    fails(withHoliday({ id: 'X', name: 'x', rule: { type: 'election-day' }, observed: 'none' }), /evenYearsOnly must be true or false/);
    fails(withHoliday({ id: 'X', name: 'x', rule: { type: 'fixed', month: 1, day: 2 }, observed: 'closest' }), /observed must be one of nearest-weekday/);
  });

  it('refuses a day-after that names no holiday or another day-after', () => {
    fails(withHoliday({ id: 'X', name: 'x', rule: { type: 'day-after', of: 'EASTER' }, observed: 'none' }), /names EASTER, which is not a holiday/);
    fails(withHoliday({ id: 'X', name: 'x', rule: { type: 'day-after', of: 'DAY_AFTER_THANKSGIVING' }, observed: 'none' }), /itself a day-after holiday/);
  });

  it('refuses a malformed exception', () => {
    fails({ ...raw(), exceptions: [{ date: '2026-02-30', name: 'x', closed: true }] }, /exceptions\[0\]\.date must be a calendar date/);
    fails({ ...raw(), exceptions: [{ date: '2026-02-03', name: 'x' }] }, /closed must be true/);
  });

  it('names every problem in one message', () => {
    try {
      loadHolidayRules({ checkEachYear: '', holidays: [{ id: 'X', name: '', rule: { type: 'fixed', month: 0, day: 1 }, observed: 'none' }] }, 'config/illinois-holidays.json');
      throw new Error('expected a failure');
    } catch (e) {
      expect(e).toBeInstanceOf(HolidayRulesError);
      const err = e as HolidayRulesError;
      expect(err.problems).toHaveLength(3);
      expect(err.message).toMatch(/^holiday rules are not valid: config\/illinois-holidays\.json\.checkEachYear/);
    }
  });

  it('sunday-to-monday leaves a Saturday holiday unobserved', () => {
    const custom = loadHolidayRules({
      checkEachYear: 'compare with CMS every year',
      holidays: [{ id: 'INDEPENDENCE_DAY', name: 'Independence Day', rule: { type: 'fixed', month: 7, day: 4 }, observed: 'sunday-to-monday' }],
    });
    expect(holidaysInYear(2026, custom).map((h) => h.observedOn)).toEqual(['2026-07-04']);
    expect(holidaysInYear(2027, custom).map((h) => h.observedOn)).toEqual(['2027-07-05']);
    expect(isBusinessDay('2026-07-03', custom)).toBe(true);
  });
});
