/**
 * Business days: Monday to Friday except the observed State holidays of a HolidayRules calendar.
 * Dates are 'YYYY-MM-DD' strings throughout (../dates); nothing here reads the clock or a time zone.
 */
import { addDays, assertDateOnly, dayOfWeek, daysInMonth, type DateOnly } from '../dates';
import type { HolidayDateRule, HolidayRule, HolidayRules } from './holiday-rules';

export interface Holiday {
  id: string;
  name: string;
  /** the holiday's own date */
  date: DateOnly;
  /** the weekday State offices close for it (may be in the previous or next year) */
  observedOn: DateOnly;
  /** set for one-off days from the file's `exceptions` */
  exception?: true;
}

function ymd(year: number, month: number, day: number): DateOnly {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function nthWeekday(year: number, month: number, weekday: number, n: number): DateOnly {
  const first = ymd(year, month, 1);
  const offset = (weekday - dayOfWeek(first) + 7) % 7;
  return addDays(first, offset + 7 * (n - 1));
}

function lastWeekday(year: number, month: number, weekday: number): DateOnly {
  const last = ymd(year, month, daysInMonth(year, month));
  return addDays(last, -((dayOfWeek(last) - weekday + 7) % 7));
}

/** The holiday's own date in a year, or null when the rule gives none that year. */
function ruleDate(rule: HolidayDateRule, year: number, byId: Map<string, HolidayRule>): DateOnly | null {
  switch (rule.type) {
    case 'fixed':
      return ymd(year, rule.month, rule.day);
    case 'nth-weekday':
      return nthWeekday(year, rule.month, rule.weekday, rule.n);
    case 'last-weekday':
      return lastWeekday(year, rule.month, rule.weekday);
    case 'day-after': {
      const of = byId.get(rule.of);
      const base = of ? ruleDate(of.rule, year, byId) : null;
      return base === null ? null : addDays(base, 1);
    }
    case 'election-day':
      if (rule.evenYearsOnly && year % 2 !== 0) return null;
      // the Tuesday after the first Monday in November
      return addDays(nthWeekday(year, 11, 1, 1), 1);
  }
}

function observe(date: DateOnly, observed: HolidayRule['observed']): DateOnly {
  const dow = dayOfWeek(date);
  if (observed === 'nearest-weekday') {
    if (dow === 6) return addDays(date, -1);
    if (dow === 0) return addDays(date, 1);
  } else if (observed === 'sunday-to-monday') {
    if (dow === 0) return addDays(date, 1);
  }
  return date;
}

/** The rule-computed holidays of one calendar year (own date in that year), before exceptions. */
function holidaysOwnYear(year: number, rules: HolidayRules): Holiday[] {
  const byId = new Map(rules.holidays.map((h) => [h.id, h]));
  const out: Holiday[] = [];
  for (const h of rules.holidays) {
    const date = ruleDate(h.rule, year, byId);
    if (date !== null) out.push({ id: h.id, name: h.name, date, observedOn: observe(date, h.observed) });
  }
  return out;
}

/**
 * Every holiday State offices observe in `year`, soonest first: those whose observed day falls in
 * that year. So New Year's Day 2028 (a Saturday) is listed in 2027 with observedOn 2027-12-31, and
 * 2028 has no New Year's Day entry. A one-off closed day from `exceptions` is listed with
 * `exception: true`; an exception with `closed: false` removes the holiday observed that day.
 */
export function holidaysInYear(year: number, rules: HolidayRules): Holiday[] {
  if (!Number.isInteger(year) || year < 1 || year > 9998) throw new RangeError(`year must be a whole number 1-9998, got ${year}`);
  const prefix = `${String(year).padStart(4, '0')}-`;
  const candidates = [...(year > 1 ? holidaysOwnYear(year - 1, rules) : []), ...holidaysOwnYear(year, rules), ...holidaysOwnYear(year + 1, rules)];
  const open = new Set(rules.exceptions.filter((e) => !e.closed).map((e) => e.date));
  const out = candidates.filter((h) => h.observedOn.startsWith(prefix) && !open.has(h.observedOn));
  for (const e of rules.exceptions) {
    if (e.closed && e.date.startsWith(prefix)) out.push({ id: 'EXCEPTION', name: e.name, date: e.date, observedOn: e.date, exception: true });
  }
  return out.sort((a, b) => (a.observedOn < b.observedOn ? -1 : a.observedOn > b.observedOn ? 1 : 0));
}

/** year → observed holiday dates, per rules object (the rules are read-only once loaded) */
const cache = new WeakMap<HolidayRules, Map<number, Set<DateOnly>>>();

function observedSet(year: number, rules: HolidayRules): Set<DateOnly> {
  let years = cache.get(rules);
  if (!years) {
    years = new Map();
    cache.set(rules, years);
  }
  let set = years.get(year);
  if (!set) {
    set = new Set(holidaysInYear(year, rules).map((h) => h.observedOn));
    years.set(year, set);
  }
  return set;
}

/** The observed holiday on a date, if any (weekends are not holidays here: see isBusinessDay). */
export function holidayOn(date: DateOnly, rules: HolidayRules): Holiday | null {
  assertDateOnly(date);
  const year = Number(date.slice(0, 4));
  return holidaysInYear(year, rules).find((h) => h.observedOn === date) ?? null;
}

/** Monday to Friday and not an observed State holiday. */
export function isBusinessDay(date: DateOnly, calendar: HolidayRules): boolean {
  assertDateOnly(date);
  const dow = dayOfWeek(date);
  if (dow === 0 || dow === 6) return false;
  return !observedSet(Number(date.slice(0, 4)), calendar).has(date);
}

/**
 * `n` business days after `date` (the start day itself is not counted, whatever it is), or before it
 * when `n` is negative; `n = 0` gives `date` unchanged. "Within 10 business days following the
 * review held on D" is therefore due on addBusinessDays(D, 10).
 */
export function addBusinessDays(date: DateOnly, n: number, calendar: HolidayRules): DateOnly {
  assertDateOnly(date);
  if (!Number.isInteger(n)) throw new RangeError(`business days must be a whole number, got ${n}`);
  const step = n < 0 ? -1 : 1;
  let left = Math.abs(n);
  let d = date;
  while (left > 0) {
    d = addDays(d, step);
    if (isBusinessDay(d, calendar)) left -= 1;
  }
  return d;
}

/** Business days after `from` up to and including `to` (0 when to <= from). */
export function businessDaysBetween(from: DateOnly, to: DateOnly, calendar: HolidayRules): number {
  assertDateOnly(from);
  assertDateOnly(to);
  let count = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isBusinessDay(d, calendar)) count += 1;
  return count;
}
