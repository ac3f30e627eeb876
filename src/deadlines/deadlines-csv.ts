/**
 * The deadline list as CSV for a spreadsheet (csv-stringify: quoting, CRLF, a UTF-8 byte order mark
 * so Excel reads names right). A cell that a spreadsheet would take for a formula (beginning with
 * = + - @, or a tab or carriage return) is prefixed with an apostrophe, so a provider name or a note
 * can never run as one.
 */
import { stringify } from 'csv-stringify/sync';
import type { DeadlineEntry } from './deadline-source';

const FORMULA_START = /^[=+\-@\t\r]/;

/** A cell that cannot start a formula. */
export function neutralise(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

const COLUMNS: { header: string; value: (e: DeadlineEntry) => string }[] = [
  { header: 'dueOn', value: (e) => e.dueOn },
  { header: 'overdue', value: (e) => (e.overdue ? 'yes' : 'no') },
  { header: 'providerName', value: (e) => e.providerName ?? '' },
  { header: 'program', value: (e) => e.program ?? '' },
  { header: 'kind', value: (e) => e.kind },
  { header: 'party', value: (e) => e.party },
  { header: 'citation', value: (e) => e.citation },
  { header: 'description', value: (e) => e.description },
  { header: 'openedOn', value: (e) => e.openedOn ?? '' },
  { header: 'providerId', value: (e) => e.providerId ?? '' },
  { header: 'programApprovalId', value: (e) => e.programApprovalId ?? '' },
  { header: 'source', value: (e) => e.source },
];

export function deadlinesCsv(entries: DeadlineEntry[]): string {
  const rows = entries.map((e) => COLUMNS.map((c) => neutralise(c.value(e))));
  return stringify(rows, { header: true, columns: COLUMNS.map((c) => c.header), bom: true, record_delimiter: 'windows' });
}
