/**
 * Integer-only versions of the ../dates helpers the engine calls in its inner loops (validUntil scans
 * many dates; the Date-based helpers dominated the profile). Same semantics as toEpochDay, fromEpochDay,
 * addDays and addMonths for valid `YYYY-MM-DD` dates (checked against them in the tests); no Date, no
 * time zone. Days from civil: H. Hinnant's algorithm.
 */
import type { DateOnly } from '../dates';

function num(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + (s.charCodeAt(i) - 48);
  return n;
}

function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);
function pad4(n: number): string {
  return n >= 1000 ? `${n}` : `${n}`.padStart(4, '0');
}

/** Days since 1970-01-01. */
export function epochDay(date: DateOnly): number {
  return daysFromCivil(num(date, 0, 4), num(date, 5, 7), num(date, 8, 10));
}

export function fromDay(z: number): DateOnly {
  z += 719468;
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

export function plusDays(date: DateOnly, days: number): DateOnly {
  return fromDay(epochDay(date) + days);
}

function monthLength(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Calendar months, clamping to the month end (as addMonths). */
export function plusMonths(date: DateOnly, months: number): DateOnly {
  const total = num(date, 0, 4) * 12 + (num(date, 5, 7) - 1) + months;
  const y = Math.floor(total / 12);
  const m = total - y * 12 + 1;
  const d = Math.min(num(date, 8, 10), monthLength(y, m));
  return `${pad4(y)}-${pad2(m)}-${pad2(d)}`;
}
