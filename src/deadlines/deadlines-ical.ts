/**
 * The deadline list as an iCalendar (RFC 5545) feed, written by ical-generator: one all-day event per
 * deadline, with a UID built from the deadline's stable id (so a subscribed calendar updates an event
 * rather than duplicating it when its text or day changes), two reminders (VALARM: 9:00 seven days
 * before and 9:00 the day before, floating local time), and overdue items marked in the summary,
 * as a category and with the highest priority.
 */
import ical, { ICalAlarmType, ICalCalendarMethod, ICalEventTransparency } from 'ical-generator';
import { addDays } from '../rules/dates';
import type { DeadlineEntry } from './deadline-source';

const HOUR = 3600;
const DAY = 24 * HOUR;
/** seconds before the start of the due day (midnight): 9:00 seven days before, and 9:00 the day before */
export const REMINDERS = [
  { before: 7 * DAY - 9 * HOUR, text: 'due in 7 days' },
  { before: DAY - 9 * HOUR, text: 'due tomorrow' },
];

const words = (kind: string) => kind.replace(/_/g, ' ').toLowerCase();

export function deadlineUid(e: DeadlineEntry): string {
  return `${e.id}@bhcheck`;
}

export function deadlinesICalendar(name: string, entries: DeadlineEntry[], now: Date = new Date()): string {
  const cal = ical({
    name,
    prodId: { company: 'bhcheck', product: 'deadlines', language: 'EN' },
    method: ICalCalendarMethod.PUBLISH,
    ttl: HOUR,
  });
  for (const e of entries) {
    const title = `${e.program ? `${e.program} ` : ''}${words(e.kind)}${e.providerName ? `: ${e.providerName}` : ''}`;
    const event = cal.createEvent({
      id: deadlineUid(e),
      stamp: now,
      start: new Date(`${e.dueOn}T00:00:00Z`),
      end: new Date(`${addDays(e.dueOn, 1)}T00:00:00Z`),
      allDay: true,
      summary: e.overdue ? `OVERDUE: ${title}` : title,
      description: `${e.description} (${e.citation}). Who acts: ${e.party}.${e.overdue ? ' Overdue: not met by its due day.' : ''}`,
      categories: [{ name: e.program ? 'Table N' : e.source }, ...(e.overdue ? [{ name: 'OVERDUE' }] : [])],
      transparency: ICalEventTransparency.TRANSPARENT,
      priority: e.overdue ? 1 : 5,
    });
    event.x([{ key: 'X-BHCHECK-OVERDUE', value: e.overdue ? 'TRUE' : 'FALSE' }]);
    for (const r of REMINDERS) event.createAlarm({ type: ICalAlarmType.display, trigger: r.before, description: `${title}, ${r.text}: ${e.description} (${e.citation})` });
  }
  // RFC 5545 3.1: every content line ends with CRLF, the last one too (ical-generator leaves it off)
  const text = cal.toString();
  return text.endsWith('\r\n') ? text : `${text}\r\n`;
}
