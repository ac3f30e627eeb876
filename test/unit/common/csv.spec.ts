/** The one CSV helper (claim reports, the deadline list): spreadsheet-safe cells, BOM, CRLF, quoting. */
import { parse } from 'csv-parse/sync';
import { CSV_BOM, CsvTable, neutralise } from '../../../src/common/csv';

interface Row {
  name: string;
  minutes: number | null;
  ok?: boolean;
}

const table = new CsvTable<Row>([
  { header: 'name', value: (r) => r.name },
  { header: 'minutes', value: (r) => r.minutes },
  { header: 'ok', value: (r) => r.ok },
]);

describe('neutralise', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['=HYPERLINK(1)', "'=HYPERLINK(1)"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['\uFF1DSUM(1)', "'\uFF1DSUM(1)"],
    ['\uFF0B1', "'\uFF0B1"],
    ['\uFF0D1', "'\uFF0D1"],
    ['\uFF20x', "'\uFF20x"],
    ['Prairie = good', 'Prairie = good'],
    ['PC-0803-1', 'PC-0803-1'],
    ['', ''],
  ])('%j becomes %j', (cell, safe) => {
    expect(neutralise(cell)).toBe(safe);
  });
});

describe('CsvTable', () => {
  it('a document starts with a UTF-8 byte order mark and the header, and every row ends with CRLF', () => {
    const text = table.document([{ name: 'Zoë Núñez', minutes: 60, ok: true }]);
    expect(text.startsWith(`${CSV_BOM}name,minutes,ok\r\n`)).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')).toEqual([`${CSV_BOM}name,minutes,ok`, 'Zoë Núñez,60,true', '']);
    expect(Buffer.from(text, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('quotes commas, quotes and line breaks, and reads back as written', () => {
    const rows = [
      { name: 'Smith, "Jones" & Co', minutes: 0 },
      { name: 'two\nlines', minutes: null },
      { name: 'a\r\nb', minutes: 1.5 },
      { name: '"', minutes: 2 },
    ];
    const text = table.document(rows);
    expect(text).toContain('"Smith, ""Jones"" & Co"');
    expect(parse(text, { bom: true, record_delimiter: '\r\n' })).toEqual([
      ['name', 'minutes', 'ok'],
      ['Smith, "Jones" & Co', '0', ''],
      ['two\nlines', '', ''],
      ['a\r\nb', '1.5', ''],
      ['"', '2', ''],
    ]);
  });

  it('neutralises text cells that could be formulas, and leaves numbers as numbers', () => {
    const text = table.rows([
      { name: '=HYPERLINK("http://x","y")', minutes: -15 },
      { name: '@cmd', minutes: 30 },
    ]);
    expect(parse(text)).toEqual([
      [`'=HYPERLINK("http://x","y")`, '-15', ''],
      ["'@cmd", '30', ''],
    ]);
    expect(text.startsWith(CSV_BOM)).toBe(false);
  });

  it('rows of nothing are nothing; the head alone is a document of no rows', () => {
    expect(table.rows([])).toBe('');
    expect(table.document([])).toBe(table.head());
    expect(table.headers).toEqual(['name', 'minutes', 'ok']);
  });
});
