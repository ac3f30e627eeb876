/**
 * The one date module the rules call. Dates of service, deadlines and credential dates are calendar
 * days written `YYYY-MM-DD`, with no time zone. The calendar arithmetic is date-fns's, on UTC dates
 * (`UTCDateMini`), so no answer depends on the time zone of the process or of a browser showing the
 * web pages; a function does its own integer arithmetic only where a bench showed date-fns costing more
 * than 5% of a hot loop, and says so with the figure.
 *
 * The figures: the share of the loop's CPU profile samples spent in date-fns with only that function
 * going through date-fns (`node --cpu-prof` on bench/credentials.bench.ts, under evaluateCredential, and
 * on bench/claims-engine.bench.ts, under validateClaims; 2026-11, load average 6 to 8, two runs each).
 * The integer versions are checked against date-fns in test/unit/dates/calendar.spec.ts.
 */
import { UTCDateMini } from '@date-fns/utc/date/mini';
import { differenceInCalendarDays, formatISO, getDay, getDaysInMonth, parseISO } from 'date-fns';

export type DateOnly = string;

/**
 * The dates bhcheck reads, from any source: wide enough for a birth date or a licence, narrow enough
 * that every period the rules add (a State fiscal year, 12 months, 90 days) stays a four-digit year
 * inside the Gregorian arithmetic of JavaScript dates and of PostgreSQL (`9999-12-31` would make
 * SFY10000).
 */
export const EARLIEST_DATE: DateOnly = '1900-01-01';
export const LATEST_DATE: DateOnly = '2199-12-31';

const DATE_RE = /^\d{4}-\d{2}-\d{2}$/;
const DASH = 45;

/** date-fns builds every date it returns in this context: a date in UTC, never the local time zone. */
const utc = (value: Date | number | string) => new UTCDateMini(value as number);

/** A checked `YYYY-MM-DD` as a date-fns date at UTC midnight. */
function calendarDay(date: DateOnly): Date {
  return parseISO(date, { in: utc });
}

function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + (s.charCodeAt(i) - 48);
  return n;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const pad4 = (n: number) => (n >= 1000 ? `${n}` : `${n}`.padStart(4, '0'));

export function daysInMonth(year: number, month: number): number {
  return getDaysInMonth(new UTCDateMini(year, month - 1, 1));
}

/**
 * True for a real calendar date written `YYYY-MM-DD` (so `2026-02-30` is false) from EARLIEST_DATE to
 * LATEST_DATE. The pattern first (date-fns's parseISO would also take `2026-W01` or `20260101`), then
 * the month's length from date-fns: 3.7% of the credential loop, which checks `asOf` at each call.
 */
export function isDateOnly(value: unknown): value is DateOnly {
  if (typeof value !== 'string' || !DATE_RE.test(value) || value < EARLIEST_DATE || value > LATEST_DATE) return false;
  const month = digits(value, 5, 7);
  const day = digits(value, 8, 10);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(digits(value, 0, 4), month);
}

export function assertDateOnly(value: unknown, what = 'date'): DateOnly {
  if (!isDateOnly(value)) throw new RangeError(`${what} must be a calendar date written YYYY-MM-DD, got ${JSON.stringify(value)}`);
  return value;
}

/**
 * Days since 1970-01-01. Integer fast path (H. Hinnant's days from civil): with date-fns
 * (parseISO, differenceInCalendarDays, addDays, formatISO) this and fromEpochDay took 71 to 74% of the
 * credential loop (experience periods are merged as day numbers) and 5.3% of the claim loop.
 */
export function toEpochDay(date: DateOnly): number {
  if (date.length !== 10 || date.charCodeAt(4) !== DASH || date.charCodeAt(7) !== DASH) throw new RangeError(`not a date: ${date}`);
  let y = digits(date, 0, 4);
  const m = digits(date, 5, 7);
  const d = digits(date, 8, 10);
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The date `day` days after 1970-01-01 (integer fast path: see toEpochDay). */
export function fromEpochDay(day: number): DateOnly {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${pad4(y)}-${pad2(m)}-${pad2(d)}`;
}

/**
 * Integer fast path on day numbers: with date-fns's addDays it took 17 to 21% of the credential loop
 * (the day after each expiry, for validUntil) and 2.6 to 4.4% of the claim loop.
 */
export function addDays(date: DateOnly, days: number): DateOnly {
  return fromEpochDay(toEpochDay(date) + days);
}

/**
 * Calendar months; a day past the end of the target month clamps to its last day (2026-01-31 + 1 month
 * = 2026-02-28), as date-fns's addMonths does. Integer fast path: with date-fns it took 37 to 39% of
 * the credential loop (when N months of experience complete; 0.5% of the claim loop, which remembers it).
 */
export function addMonths(date: DateOnly, months: number): DateOnly {
  const total = digits(date, 0, 4) * 12 + (digits(date, 5, 7) - 1) + months;
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  const d = Math.min(digits(date, 8, 10), daysInMonthOf(y, m));
  return `${pad4(y)}-${pad2(m)}-${pad2(d)}`;
}

/** daysInMonth for addMonths: date-fns's getDaysInMonth there still took 12 to 18% of the credential loop. */
function daysInMonthOf(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

export function addYears(date: DateOnly, years: number): DateOnly {
  return addMonths(date, years * 12);
}

/** b - a in days. */
export function daysBetween(a: DateOnly, b: DateOnly): number {
  return differenceInCalendarDays(calendarDay(b), calendarDay(a));
}

// Comparisons need no calendar: `YYYY-MM-DD` strings of equal length sort as the dates they name.

export function compareDates(a: DateOnly, b: DateOnly): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function minDate(...dates: (DateOnly | null | undefined)[]): DateOnly | null {
  let best: DateOnly | null = null;
  for (const d of dates) if (d && (best === null || d < best)) best = d;
  return best;
}

export function maxDate(...dates: (DateOnly | null | undefined)[]): DateOnly | null {
  let best: DateOnly | null = null;
  for (const d of dates) if (d && (best === null || d > best)) best = d;
  return best;
}

/** Inclusive on both ends; a null `to` is open-ended. */
export function isWithin(date: DateOnly, from: DateOnly, to: DateOnly | null | undefined): boolean {
  return date >= from && (to == null || date <= to);
}

/** 0 = Sunday ... 6 = Saturday. */
export function dayOfWeek(date: DateOnly): number {
  return getDay(calendarDay(date));
}

/**
 * Completed years of age on `date` (a birthday on 29 February is reached on 1 March in other years), as
 * date-fns's differenceInYears counts. Integer fast path (the years, less one before the birthday):
 * with date-fns it took 18 to 20% of the credential loop and 6.4 to 7.0% of the claim loop.
 */
export function ageOn(birthDate: DateOnly, date: DateOnly): number {
  const age = digits(date, 0, 4) - digits(birthDate, 0, 4);
  return date.slice(5) < birthDate.slice(5) ? age - 1 : age;
}

/**
 * Illinois State fiscal year of a date: SFY2027 runs 2026-07-01 to 2027-06-30.
 */
export function stateFiscalYear(date: DateOnly): string {
  // read by position (called for every line of every claim); anything else goes the long way
  if (date.length === 10 && date.charCodeAt(4) === DASH) {
    const y = Number(date.slice(0, 4));
    const m = (date.charCodeAt(5) - 48) * 10 + (date.charCodeAt(6) - 48);
    return `SFY${m >= 7 ? y + 1 : y}`;
  }
  const [y, m] = date.split('-').map(Number);
  return `SFY${m >= 7 ? y + 1 : y}`;
}

const EARLIEST_YEAR = Number(EARLIEST_DATE.slice(0, 4));
const LATEST_YEAR = Number(LATEST_DATE.slice(0, 4));

/** SFY1900 to SFY2200: the State fiscal years holding a date bhcheck reads. */
export function isStateFiscalYear(value: unknown): value is string {
  const m = typeof value === 'string' ? /^SFY(\d{4})$/.exec(value) : null;
  return !!m && Number(m[1]) >= EARLIEST_YEAR && Number(m[1]) <= LATEST_YEAR + 1;
}

export function stateFiscalYearRange(sfy: string): { from: DateOnly; to: DateOnly } {
  const m = /^SFY(\d{4})$/.exec(sfy);
  if (!m) throw new RangeError(`state fiscal year must look like SFY2027, got ${JSON.stringify(sfy)}`);
  const end = Number(m[1]);
  return { from: `${end - 1}-07-01`, to: `${end}-06-30` };
}

/** Today's date in UTC (the service runs with TZ=UTC). */
export function today(now: Date = new Date()): DateOnly {
  return formatISO(new UTCDateMini(now.getTime()), { representation: 'date' });
}
