/**
 * The Illinois State holiday calendar, config/illinois-holidays.json, read at run time like the other
 * rule data (never compiled in): the service reads the copy in its BHCHECK_CONFIG_DIR at start-up and
 * passes it to the engines; the pure engines, called without one, read the project's config/ once.
 */
import { readFileSync } from 'fs';
import { resolve } from 'path';
import { configDir } from '../config-dir';
import { HolidayRulesError, loadHolidayRules, type HolidayRules } from './holiday-rules';

export const HOLIDAYS_FILE = 'illinois-holidays.json';

/** Reads and validates a holiday rules file; every problem is named in one HolidayRulesError. */
export function loadHolidayRulesFile(file = resolve(configDir(), HOLIDAYS_FILE)): HolidayRules {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new HolidayRulesError([`${file} cannot be read as JSON: ${(e as Error).message}`]);
  }
  return loadHolidayRules(json, file);
}

let loaded: HolidayRules | null = null;

/** The project's config/illinois-holidays.json, read on first use. */
export function illinoisHolidayRules(): HolidayRules {
  loaded ??= loadHolidayRulesFile();
  return loaded;
}
