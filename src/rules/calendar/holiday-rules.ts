/**
 * The Illinois State holiday rules (config/illinois-holidays.json) as data, and the loader that
 * validates them. A rule computes a holiday for any year, so the file needs no yearly edit; the
 * `checkEachYear` note in the file asks for a yearly comparison with the CMS published schedule.
 *
 * Weekday numbers follow `dayOfWeek` in ../dates: 0 = Sunday ... 6 = Saturday.
 */
import { isDateOnly, type DateOnly } from '../dates';

/** A date fixed by month and day (Independence Day: 7/4). */
export interface FixedDateRule {
  type: 'fixed';
  month: number;
  day: number;
}

/** The nth given weekday of a month (Martin Luther King Jr. Day: 3rd Monday of January). */
export interface NthWeekdayRule {
  type: 'nth-weekday';
  month: number;
  weekday: number;
  /** 1-4 */
  n: number;
}

/** The last given weekday of a month (Memorial Day: last Monday of May). */
export interface LastWeekdayRule {
  type: 'last-weekday';
  month: number;
  weekday: number;
}

/** The day after another holiday's own date (the day after Thanksgiving). */
export interface DayAfterRule {
  type: 'day-after';
  /** the id of another holiday in the same file */
  of: string;
}

/** The Tuesday after the first Monday in November (the general election). */
export interface ElectionDayRule {
  type: 'election-day';
  /** general elections are held in even years */
  evenYearsOnly: boolean;
}

export type HolidayDateRule = FixedDateRule | NthWeekdayRule | LastWeekdayRule | DayAfterRule | ElectionDayRule;

export const OBSERVANCES = ['nearest-weekday', 'sunday-to-monday', 'none'] as const;
/**
 * - `nearest-weekday`: Saturday → the Friday before, Sunday → the Monday after (may cross into the
 *   previous or next year: New Year's Day 2028, a Saturday, is observed Friday 2027-12-31).
 * - `sunday-to-monday`: only Sunday moves, to Monday.
 * - `none`: the day itself.
 */
export type Observance = (typeof OBSERVANCES)[number];

export interface HolidayRule {
  id: string;
  name: string;
  rule: HolidayDateRule;
  observed: Observance;
}

/** A one-off from the published schedule: `closed: true` adds a closed day, `false` removes one. */
export interface HolidayException {
  date: DateOnly;
  name: string;
  closed: boolean;
  note?: string;
}

export interface HolidayRules {
  title?: string;
  checkEachYear: string;
  holidays: HolidayRule[];
  exceptions: HolidayException[];
}

export class HolidayRulesError extends Error {
  constructor(readonly problems: string[]) {
    super(`holiday rules are not valid: ${problems.join('; ')}`);
    this.name = 'HolidayRulesError';
  }
}

const RULE_TYPES = ['fixed', 'nth-weekday', 'last-weekday', 'day-after', 'election-day'] as const;
/** keys that only document the file */
const DOC_KEYS = ['$schema', 'title', 'observedRules', 'weekdays', 'exceptionsFormat'];
const ID_RE = /^[A-Z][A-Z0-9_]*$/;
/** the most days a month can have, February counted as 29 (a fixed Feb 29 holiday is refused below) */
const MONTH_DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isInt(v: unknown, min: number, max: number): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

function show(v: unknown): string {
  return v === undefined ? 'nothing' : JSON.stringify(v);
}

function checkKeys(obj: Record<string, unknown>, allowed: string[], where: string, problems: string[]): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) problems.push(`${where} has an unknown field "${key}" (allowed: ${allowed.join(', ')})`);
  }
}

function checkRule(rule: unknown, where: string, problems: string[]): void {
  if (!isObject(rule)) {
    problems.push(`${where} must be an object, got ${show(rule)}`);
    return;
  }
  const type = rule.type;
  if (typeof type !== 'string' || !(RULE_TYPES as readonly string[]).includes(type)) {
    problems.push(`${where}.type must be one of ${RULE_TYPES.join(', ')}, got ${show(type)}`);
    return;
  }
  const month = () => {
    if (!isInt(rule.month, 1, 12)) problems.push(`${where}.month must be a whole number 1-12, got ${show(rule.month)}`);
  };
  const weekday = () => {
    if (!isInt(rule.weekday, 0, 6)) problems.push(`${where}.weekday must be a whole number 0 (Sunday) to 6 (Saturday), got ${show(rule.weekday)}`);
  };
  switch (type) {
    case 'fixed':
      checkKeys(rule, ['type', 'month', 'day'], where, problems);
      month();
      if (isInt(rule.month, 1, 12)) {
        const max = rule.month === 2 ? 28 : MONTH_DAYS[rule.month - 1];
        if (!isInt(rule.day, 1, max)) problems.push(`${where}.day must be a whole number 1-${max} for month ${rule.month}, got ${show(rule.day)}`);
      }
      break;
    case 'nth-weekday':
      checkKeys(rule, ['type', 'month', 'weekday', 'n'], where, problems);
      month();
      weekday();
      if (!isInt(rule.n, 1, 4)) problems.push(`${where}.n must be a whole number 1-4 (use last-weekday for the last), got ${show(rule.n)}`);
      break;
    case 'last-weekday':
      checkKeys(rule, ['type', 'month', 'weekday'], where, problems);
      month();
      weekday();
      break;
    case 'day-after':
      checkKeys(rule, ['type', 'of'], where, problems);
      if (typeof rule.of !== 'string' || !ID_RE.test(rule.of)) problems.push(`${where}.of must name another holiday's id, got ${show(rule.of)}`);
      break;
    case 'election-day':
      checkKeys(rule, ['type', 'evenYearsOnly'], where, problems);
      if (typeof rule.evenYearsOnly !== 'boolean') problems.push(`${where}.evenYearsOnly must be true or false, got ${show(rule.evenYearsOnly)}`);
      break;
  }
}

/**
 * Validates the parsed JSON of config/illinois-holidays.json and returns it typed. Every problem is
 * named (with its JSON path) in one HolidayRulesError, so a bad edit fails at start-up, not at the
 * first deadline.
 */
export function loadHolidayRules(json: unknown, source = 'holiday rules'): HolidayRules {
  const problems: string[] = [];
  if (!isObject(json)) throw new HolidayRulesError([`${source} must be a JSON object, got ${show(json)}`]);
  checkKeys(json, ['checkEachYear', 'holidays', 'exceptions', ...DOC_KEYS], source, problems);
  if (typeof json.checkEachYear !== 'string' || json.checkEachYear.trim() === '') {
    problems.push(`${source}.checkEachYear must be a note saying the list is compared every year with the CMS published State holiday schedule`);
  }
  if (json.title !== undefined && typeof json.title !== 'string') problems.push(`${source}.title must be text`);

  const holidays: HolidayRule[] = [];
  if (!Array.isArray(json.holidays) || json.holidays.length === 0) {
    problems.push(`${source}.holidays must be a non-empty list, got ${show(json.holidays)}`);
  } else {
    const ids = new Set<string>();
    json.holidays.forEach((h: unknown, i: number) => {
      const where = `${source}.holidays[${i}]`;
      if (!isObject(h)) {
        problems.push(`${where} must be an object, got ${show(h)}`);
        return;
      }
      checkKeys(h, ['id', 'name', 'rule', 'observed', 'note'], where, problems);
      if (typeof h.id !== 'string' || !ID_RE.test(h.id)) problems.push(`${where}.id must be UPPER_SNAKE_CASE, got ${show(h.id)}`);
      else if (ids.has(h.id)) problems.push(`${where}.id ${h.id} is used twice`);
      else ids.add(h.id);
      if (typeof h.name !== 'string' || h.name.trim() === '') problems.push(`${where}.name must be text, got ${show(h.name)}`);
      if (typeof h.observed !== 'string' || !(OBSERVANCES as readonly string[]).includes(h.observed)) {
        problems.push(`${where}.observed must be one of ${OBSERVANCES.join(', ')}, got ${show(h.observed)}`);
      }
      if (h.note !== undefined && typeof h.note !== 'string') problems.push(`${where}.note must be text`);
      checkRule(h.rule, `${where}.rule`, problems);
      holidays.push(h as unknown as HolidayRule);
    });
    // day-after must point at a holiday of this file that is not itself day-after another (no chains or cycles)
    const byId = new Map(holidays.filter((h) => typeof h?.id === 'string').map((h) => [h.id, h]));
    holidays.forEach((h, i) => {
      if (!isObject(h.rule) || h.rule.type !== 'day-after' || typeof h.rule.of !== 'string') return;
      const target = byId.get(h.rule.of);
      if (!target) problems.push(`${source}.holidays[${i}].rule.of names ${h.rule.of}, which is not a holiday in this file`);
      else if (isObject(target.rule) && target.rule.type === 'day-after') {
        problems.push(`${source}.holidays[${i}].rule.of names ${h.rule.of}, which is itself a day-after holiday`);
      }
    });
  }

  const exceptions: HolidayException[] = [];
  if (json.exceptions !== undefined) {
    if (!Array.isArray(json.exceptions)) problems.push(`${source}.exceptions must be a list, got ${show(json.exceptions)}`);
    else {
      json.exceptions.forEach((e: unknown, i: number) => {
        const where = `${source}.exceptions[${i}]`;
        if (!isObject(e)) {
          problems.push(`${where} must be an object, got ${show(e)}`);
          return;
        }
        checkKeys(e, ['date', 'name', 'closed', 'note'], where, problems);
        if (!isDateOnly(e.date)) problems.push(`${where}.date must be a calendar date written YYYY-MM-DD, got ${show(e.date)}`);
        if (typeof e.name !== 'string' || e.name.trim() === '') problems.push(`${where}.name must be text, got ${show(e.name)}`);
        if (typeof e.closed !== 'boolean') problems.push(`${where}.closed must be true (closed that day) or false (open that day), got ${show(e.closed)}`);
        if (e.note !== undefined && typeof e.note !== 'string') problems.push(`${where}.note must be text`);
        exceptions.push(e as unknown as HolidayException);
      });
    }
  }

  if (problems.length > 0) throw new HolidayRulesError(problems);
  return {
    ...(typeof json.title === 'string' ? { title: json.title } : {}),
    checkEachYear: json.checkEachYear as string,
    holidays,
    exceptions,
  };
}
