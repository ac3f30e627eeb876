/**
 * CSV for a spreadsheet, the one writer every CSV bhcheck gives goes through (claim reports from the
 * API and the CLI, the deadline list): RFC 4180 quoting, rows ending with CRLF, and a document starting
 * with a UTF-8 byte order mark so a spreadsheet reads accented names right. A text cell that a
 * spreadsheet would take for a formula (beginning with = + - @, their full-width forms, a tab or a
 * carriage return) is prefixed with an apostrophe, so a provider name, a claim ID read from an 837 or a
 * note can never run as one. (csv-stringify wrote these before; it took a quarter of the CLI's time on
 * a large 837, see docs/decisions.md.)
 */
export type CsvCell = string | number | boolean | null | undefined;

export interface CsvColumn<T> {
  header: string;
  value: (row: T) => CsvCell;
}

export const CSV_BOM = '\uFEFF';
export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const NEEDS_QUOTES = /[",\r\n]/;
const CRLF = '\r\n';

/** A text cell that cannot start a formula. */
export function neutralise(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** Numbers stay numbers (a spreadsheet sums them); text is neutralised, and quoted when it must be; nothing is an empty cell. */
function field(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = neutralise(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function record(cells: readonly CsvCell[]): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) line += i ? `,${field(cells[i])}` : field(cells[i]);
  return line + CRLF;
}

export class CsvTable<T> {
  constructor(private readonly columns: readonly CsvColumn<T>[]) {}

  get headers(): string[] {
    return this.columns.map((c) => c.header);
  }

  /** The byte order mark and the header row: the start of a document. */
  head(): string {
    return CSV_BOM + record(this.headers);
  }

  /** Records only, to follow head() (written in parts, e.g. one claim at a time). */
  rows(items: readonly T[]): string {
    let out = '';
    for (const item of items) out += record(this.columns.map((c) => c.value(item)));
    return out;
  }

  document(items: readonly T[]): string {
    return this.head() + this.rows(items);
  }
}
