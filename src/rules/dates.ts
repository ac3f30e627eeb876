/**
 * Date-only arithmetic on `YYYY-MM-DD` strings. Dates of service, deadlines and credential dates are
 * calendar days with no time zone, so everything here works on whole days counted from the Unix
 * epoch and never touches the process time zone.
 */
export type DateOnly = string;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The dates bhcheck reads, from any source: wide enough for a birth date or a licence, narrow enough
 * that every period the rules add (a State fiscal year, 12 months, 90 days) stays a four-digit year
 * inside the Gregorian arithmetic of JavaScript dates and of PostgreSQL (`9999-12-31` would make
 * SFY10000; years 0-99 are read as 1900-1999 by Date.UTC).
 */
export const EARLIEST_DATE: DateOnly = '1900-01-01';
export const LATEST_DATE: DateOnly = '2199-12-31';
const EARLIEST_YEAR = 1900;
const LATEST_YEAR = 2199;

/** True for a real calendar date written `YYYY-MM-DD` (so `2026-02-30` is false) from EARLIEST_DATE to LATEST_DATE. */
export function isDateOnly(value: unknown): value is DateOnly {
  if (typeof value !== 'string') return false;
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return year >= EARLIEST_YEAR && year <= LATEST_YEAR && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function assertDateOnly(value: unknown, what = 'date'): DateOnly {
  if (!isDateOnly(value)) throw new RangeError(`${what} must be a calendar date written YYYY-MM-DD, got ${JSON.stringify(value)}`);
  return value;
}

/** Days since 1970-01-01. */
export function toEpochDay(date: DateOnly): number {
  const m = DATE_RE.exec(date);
  if (!m) throw new RangeError(`not a date: ${date}`);
  return Math.round(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) / MS_PER_DAY);
}

export function fromEpochDay(day: number): DateOnly {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(date: DateOnly, days: number): DateOnly {
  return fromEpochDay(toEpochDay(date) + days);
}

/** Calendar months; a day past the end of the target month clamps to its last day (Jan 31 + 1 = Feb 28/29). */
export function addMonths(date: DateOnly, months: number): DateOnly {
  const [y, m, d] = date.split('-').map(Number);
  const total = y * 12 + (m - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const day = Math.min(d, daysInMonth(year, month));
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export function addYears(date: DateOnly, years: number): DateOnly {
  return addMonths(date, years * 12);
}

/** b - a in days. */
export function daysBetween(a: DateOnly, b: DateOnly): number {
  return toEpochDay(b) - toEpochDay(a);
}

export function compareDates(a: DateOnly, b: DateOnly): number {
  return a < b ? -1 : a > b ? 1 : 0; // ISO strings of equal length sort as dates
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

/** 0 = Sunday ... 6 = Saturday. 1970-01-01 was a Thursday. */
export function dayOfWeek(date: DateOnly): number {
  return (((toEpochDay(date) + 4) % 7) + 7) % 7;
}

/** Completed years of age on `date` (a birthday on Feb 29 is reached on Mar 1 in other years). */
export function ageOn(birthDate: DateOnly, date: DateOnly): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [y, m, d] = date.split('-').map(Number);
  let age = y - by;
  if (m < bm || (m === bm && d < bd)) age -= 1;
  return age;
}

/**
 * Illinois State fiscal year of a date: SFY2027 runs 2026-07-01 to 2027-06-30.
 */
export function stateFiscalYear(date: DateOnly): string {
  // read by position (called for every line of every claim); anything else goes the long way
  if (date.length === 10 && date.charCodeAt(4) === 45) {
    const y = Number(date.slice(0, 4));
    const m = (date.charCodeAt(5) - 48) * 10 + (date.charCodeAt(6) - 48);
    return `SFY${m >= 7 ? y + 1 : y}`;
  }
  const [y, m] = date.split('-').map(Number);
  return `SFY${m >= 7 ? y + 1 : y}`;
}

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
  return now.toISOString().slice(0, 10);
}
