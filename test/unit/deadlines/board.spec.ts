/** The deadline board's pure parts: filters, order, CSV cells, and the feed secret kept out of logs. */
import { matches, soonestFirst } from '../../../src/deadlines/deadline-board.service';
import type { DeadlineEntry, DeadlineQuery } from '../../../src/deadlines/deadline-source';
import { neutralise } from '../../../src/common/csv';
import { deadlinesCsv } from '../../../src/deadlines/deadlines-csv';
import { maskUrl } from '../../../src/logging';

const entry = (over: Partial<DeadlineEntry> = {}): DeadlineEntry => ({
  id: 'x-1',
  source: 'TABLE_N',
  programApprovalId: 'pa-1',
  providerId: 'p1',
  providerName: 'Prairie',
  program: 'CST',
  kind: 'FINDINGS_DUE',
  dueOn: '2026-03-02',
  citation: '140.TABLE N(b)(1)(G)',
  description: 'findings',
  party: 'DEPARTMENT',
  overdue: false,
  openedOn: '2026-02-13',
  ...over,
});
const q = (over: Partial<DeadlineQuery> = {}): DeadlineQuery => ({ asOf: '2026-02-20', from: '2026-01-01', to: '2026-12-31', overdueOnly: false, ...over });

describe('deadline board filters', () => {
  it('due range inclusive at both ends', () => {
    expect(matches(entry({ dueOn: '2026-01-01' }), q())).toBe(true);
    expect(matches(entry({ dueOn: '2026-12-31' }), q())).toBe(true);
    expect(matches(entry({ dueOn: '2027-01-01' }), q())).toBe(false);
  });

  it('provider, programs, kinds, parties and overdue', () => {
    expect(matches(entry(), q({ providerId: 'p2' }))).toBe(false);
    expect(matches(entry(), q({ programs: ['IO', 'CST'] }))).toBe(true);
    expect(matches(entry({ program: null }), q({ programs: ['CST'] }))).toBe(false);
    expect(matches(entry(), q({ kinds: ['REAPPROVAL_DUE'] }))).toBe(false);
    expect(matches(entry(), q({ parties: ['DEPARTMENT'] }))).toBe(true);
    expect(matches(entry(), q({ overdueOnly: true }))).toBe(false);
    expect(matches(entry({ overdue: true }), q({ overdueOnly: true }))).toBe(true);
  });

  it('soonest first, then by kind and provider', () => {
    const list = [entry({ id: 'c', dueOn: '2026-03-03' }), entry({ id: 'b', kind: 'REAPPROVAL_DUE' }), entry({ id: 'a' })].sort(soonestFirst);
    expect(list.map((e) => e.id)).toEqual(['a', 'b', 'c']);
  });
});

describe('CSV', () => {
  it('neutralises cells a spreadsheet would run as a formula', () => {
    expect(['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '\rx'].map(neutralise)).toEqual(["'=1+1", "'+1", "'-1", "'@SUM(A1)", "'\tx", "'\rx"]);
    expect(neutralise('Prairie = good')).toBe('Prairie = good');
  });

  it('quotes commas and quotes, starts with a byte order mark, ends rows with CRLF', () => {
    const text = deadlinesCsv([entry({ providerName: 'Smith, "Jones" & Co' })]);
    expect(text.startsWith('\uFEFFdueOn,overdue,providerName,')).toBe(true);
    expect(text).toContain('"Smith, ""Jones"" & Co"');
    expect(text.split('\r\n')).toHaveLength(3);
  });
});

it('a calendar feed secret never reaches the logs', () => {
  expect(maskUrl('/api/v1/calendar-feeds/0b1e-id/SECRETsecret123.ics')).toBe('/api/v1/calendar-feeds/0b1e-id/***');
  expect(maskUrl('/api/v1/calendar-feeds/0b1e-id')).toBe('/api/v1/calendar-feeds/0b1e-id');
});
