/** The deadline list as CSV for a spreadsheet (src/common/csv.ts: BOM, CRLF, formula-safe cells). */
import { CsvTable } from '../common/csv';
import type { DeadlineEntry } from './deadline-source';

const DEADLINES_CSV = new CsvTable<DeadlineEntry>([
  { header: 'dueOn', value: (e) => e.dueOn },
  { header: 'overdue', value: (e) => (e.overdue ? 'yes' : 'no') },
  { header: 'providerName', value: (e) => e.providerName },
  { header: 'program', value: (e) => e.program },
  { header: 'kind', value: (e) => e.kind },
  { header: 'party', value: (e) => e.party },
  { header: 'citation', value: (e) => e.citation },
  { header: 'description', value: (e) => e.description },
  { header: 'openedOn', value: (e) => e.openedOn },
  { header: 'providerId', value: (e) => e.providerId },
  { header: 'programApprovalId', value: (e) => e.programApprovalId },
  { header: 'source', value: (e) => e.source },
]);

export function deadlinesCsv(entries: DeadlineEntry[]): string {
  return DEADLINES_CSV.document(entries);
}
