/** The Table N rule data read from the configuration directory at start-up: the business-day calendar. */
import * as path from 'node:path';
import type { AppConfig } from '../config/config';
import { HOLIDAYS_FILE, loadHolidayRulesFile, type HolidayRules } from '../rules/calendar';

export const TABLE_N_CALENDAR = Symbol('TABLE_N_CALENDAR');

/** A bad holidays file stops the service at start-up, naming every problem. */
export function loadTableNCalendar(config: Pick<AppConfig, 'configDir'>): HolidayRules {
  return loadHolidayRulesFile(path.join(config.configDir, HOLIDAYS_FILE));
}
