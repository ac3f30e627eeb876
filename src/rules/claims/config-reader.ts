/**
 * A small strict reader for the two claim configuration files (config/service-catalog.json and
 * config/procedure-codes.json). It collects every problem with its path, so that a site replacing a
 * file learns everything that is wrong at once, and refuses unknown keys (a misspelt key would
 * otherwise silently switch a rule off).
 */
import { isDateOnly, type DateOnly } from '../dates';

export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`${source} is not valid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

export type Json = unknown;
export type JsonObject = Record<string, unknown>;

/** Keys every object may carry for people: they are read by nobody. */
const COMMENT_KEYS = new Set(['note', 'description', 'comment']);

export class ConfigReader {
  readonly problems: string[] = [];

  constructor(readonly source: string) {}

  problem(path: string, message: string): void {
    this.problems.push(`${path}: ${message}`);
  }

  /** An object with exactly the keys listed (plus comment keys); null when it is not an object. */
  object(value: Json, path: string, keys: readonly string[], optional: readonly string[] = []): JsonObject | null {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      this.problem(path, `must be an object, got ${describe(value)}`);
      return null;
    }
    const obj = value as JsonObject;
    for (const key of Object.keys(obj)) {
      if (!keys.includes(key) && !optional.includes(key) && !COMMENT_KEYS.has(key)) {
        this.problem(`${path}.${key}`, `unknown key (expected ${[...keys, ...optional].join(', ')})`);
      }
    }
    for (const key of keys) if (!(key in obj)) this.problem(`${path}.${key}`, 'is missing');
    return obj;
  }

  array(value: Json, path: string, opts: { nonEmpty?: boolean } = {}): Json[] {
    if (!Array.isArray(value)) {
      this.problem(path, `must be an array, got ${describe(value)}`);
      return [];
    }
    if (opts.nonEmpty && value.length === 0) this.problem(path, 'must not be empty');
    return value;
  }

  string(value: Json, path: string, opts: { pattern?: RegExp; patternText?: string } = {}): string | null {
    if (typeof value !== 'string' || value.trim() === '') {
      this.problem(path, `must be a non-empty string, got ${describe(value)}`);
      return null;
    }
    if (opts.pattern && !opts.pattern.test(value)) {
      this.problem(path, `${JSON.stringify(value)} must be ${opts.patternText ?? `like ${opts.pattern}`}`);
      return null;
    }
    return value;
  }

  boolean(value: Json, path: string): boolean {
    if (typeof value !== 'boolean') {
      this.problem(path, `must be true or false, got ${describe(value)}`);
      return false;
    }
    return value;
  }

  /** A whole number in [min, max]. */
  integer(value: Json, path: string, min: number, max = Number.MAX_SAFE_INTEGER): number | null {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.problem(path, `must be a whole number from ${min}${max === Number.MAX_SAFE_INTEGER ? ' up' : ` to ${max}`}, got ${describe(value)}`);
      return null;
    }
    return value;
  }

  integerOrNull(value: Json, path: string, min: number, max?: number): number | null {
    return value === null ? null : this.integer(value, path, min, max);
  }

  date(value: Json, path: string): DateOnly | null {
    if (!isDateOnly(value)) {
      this.problem(path, `must be a calendar date written YYYY-MM-DD, got ${describe(value)}`);
      return null;
    }
    return value;
  }

  dateOrNull(value: Json, path: string): DateOnly | null {
    return value === null ? null : this.date(value, path);
  }

  oneOf<T extends string>(value: Json, path: string, allowed: readonly T[], what: string): T | null {
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.problem(path, `unknown ${what} ${describe(value)} (expected one of ${allowed.join(', ')})`);
      return null;
    }
    return value as T;
  }

  /** A list of distinct enum values. */
  listOf<T extends string>(value: Json, path: string, allowed: readonly T[], what: string, opts: { nonEmpty?: boolean } = {}): T[] {
    const out: T[] = [];
    this.array(value, path, opts).forEach((item, i) => {
      const v = this.oneOf(item, `${path}[${i}]`, allowed, what);
      if (v === null) return;
      if (out.includes(v)) this.problem(`${path}[${i}]`, `${v} is listed twice`);
      else out.push(v);
    });
    return out;
  }

  /** Throws a ConfigError if anything was wrong. */
  finish(): void {
    if (this.problems.length > 0) throw new ConfigError(this.source, this.problems);
  }
}

export function describe(value: Json): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** Effective-dated records: finds overlapping periods within each group, reported as problems. */
export function checkNoOverlap<T extends { effectiveFrom: DateOnly; effectiveTo: DateOnly | null; id: string }>(
  reader: ConfigReader,
  groups: Map<string, T[]>,
  what: (key: string) => string,
): void {
  for (const [key, records] of groups) {
    const sorted = [...records].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0));
    for (let i = 1; i < sorted.length; i++) {
      const prev = sorted[i - 1];
      const cur = sorted[i];
      if (prev.effectiveTo === null || prev.effectiveTo >= cur.effectiveFrom) {
        reader.problem(
          what(key),
          `versions overlap: ${prev.id} (${prev.effectiveFrom} to ${prev.effectiveTo ?? 'open'}) and ${cur.id} (from ${cur.effectiveFrom}); end the old one with effectiveTo before the new one's effectiveFrom`,
        );
      }
    }
  }
}

/** The record in force on `date` among records sorted by effectiveFrom (small arrays: a linear scan). */
export function inForceOn<T extends { effectiveFrom: DateOnly; effectiveTo: DateOnly | null }>(records: readonly T[] | undefined, date: DateOnly): T | undefined {
  if (!records) return undefined;
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i];
    if (r.effectiveFrom <= date) return r.effectiveTo === null || date <= r.effectiveTo ? r : undefined;
  }
  return undefined;
}
