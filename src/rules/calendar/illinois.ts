/**
 * The Illinois State holiday calendar shipped in config/illinois-holidays.json, validated once.
 * The service may load its own copy from its config directory with loadHolidayRules; the pure
 * engines fall back to this one when no calendar is passed.
 */
import illinoisHolidaysJson from '../../../config/illinois-holidays.json';
import { loadHolidayRules, type HolidayRules } from './holiday-rules';

let loaded: HolidayRules | null = null;

export function illinoisHolidayRules(): HolidayRules {
  if (loaded === null) loaded = loadHolidayRules(illinoisHolidaysJson, 'config/illinois-holidays.json');
  return loaded;
}
