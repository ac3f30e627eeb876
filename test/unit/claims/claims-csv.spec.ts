/** The claim report as CSV: the columns billing staff filter on, joined from the report and the claim as sent. */
import { parse } from 'csv-parse/sync';
import { CLAIM_CSV, claimCsvRows, withClaims, type ClaimCsvRegistry } from '../../../src/claims/claims-csv';
import type { ClaimReport, Finding } from '../../../src/rules/claims';
import type { ClaimInput } from '../../../src/rules/facts';
import { CLAIM_CSV_HEADERS } from '../../support/claim-csv';


const registry: ClaimCsvRegistry = {
  medicaidIdOf: (id) => ({ 'rec-1': '400112233' })[id],
  npiOfProvider: (id) => ({ 'prov-1': '1648123457' })[id],
  renderingOf: (line, providerId) =>
    line.renderingStaffId === 'staff-1' || (line.renderingNpi === '1204784908' && providerId === 'prov-1') ? { npi: '1204784908', name: 'Samuel Okafor' } : undefined,
};

const finding = (code: Finding['code'], extra: Partial<Finding> = {}): Finding => ({
  code,
  severity: 'error',
  message: `${code} message`,
  citation: '140.453(d)(1)(A)(ii)',
  ruleId: 'TEST',
  fact: {},
  action: `${code} action`,
  ...extra,
});

const claim: ClaimInput = {
  claimId: '=HYPERLINK(1)',
  billingNpi: '1648123457',
  medicaidId: '400112233',
  frequency: 'ORIGINAL',
  lines: [
    { lineId: 'L1', dateOfService: '2026-08-03', units: 4, renderingNpi: '1204784908', procedureCode: 'H0004', modifiers: ['HN', 'HQ'] },
    { lineId: '-L2', dateOfService: '2026-08-04', units: 60, unitBasis: 'MINUTES', renderingNpi: '1999999999', procedureCode: 'H2015' },
  ],
};

const report: ClaimReport & { recorded?: boolean } = {
  claimId: '=HYPERLINK(1)',
  providerId: 'prov-1',
  recipientId: 'rec-1',
  status: 'FAIL',
  findings: [finding('DUPLICATE_LINE', { severity: 'warning', citation: '140.20' })],
  lines: [
    { lineId: 'L1', service: 'THERAPY_COUNSELING', status: 'PASS', minutes: 60, findings: [], location: { transactionControlNumber: '0001', claimId: '=HYPERLINK(1)', lineNumber: 1, segmentIndex: 24 } },
    {
      lineId: '-L2',
      service: 'COMMUNITY_SUPPORT',
      status: 'FAIL',
      minutes: 60,
      findings: [finding('UNKNOWN_STAFF', { action: 'Register the rendering person (clinical director)' }), finding('ASSESSMENT_MISSING')],
    },
  ],
};

const rowsOf = (r: ClaimReport, c: ClaimInput | undefined, reg = registry) => parse(CLAIM_CSV.document(claimCsvRows([r, c], reg)), { bom: true }) as string[][];

describe('claim report CSV', () => {
  it('has the columns billing staff filter on', () => {
    expect(rowsOf(report, claim)[0]).toEqual(CLAIM_CSV_HEADERS);
  });

  it('one row per finding, claim findings first, and one row for a line without findings', () => {
    const rows = rowsOf(report, claim).slice(1);
    const col = (name: string) => rows.map((r) => r[CLAIM_CSV_HEADERS.indexOf(name)]);
    expect(rows).toHaveLength(4);
    expect(col('lineId')).toEqual(['', 'L1', "'-L2", "'-L2"]);
    expect(col('code')).toEqual(['DUPLICATE_LINE', '', 'UNKNOWN_STAFF', 'ASSESSMENT_MISSING']);
    expect(col('status')).toEqual(['FAIL', 'PASS', 'FAIL', 'FAIL']);
    expect(col('severity')).toEqual(['warning', '', 'error', 'error']);
    expect(col('action')).toEqual(['DUPLICATE_LINE action', '', 'Register the rendering person (clinical director)', 'ASSESSMENT_MISSING action']);
  });

  it('joins what was billed from the claim as sent, and what the registry knows within scope', () => {
    const [, claimRow, line1, line2] = rowsOf(report, claim);
    const at = (row: string[]) => Object.fromEntries(CLAIM_CSV_HEADERS.map((h, i) => [h, row[i]]));
    expect(at(line1)).toEqual({
      claimId: "'=HYPERLINK(1)",
      lineId: 'L1',
      dateOfService: '2026-08-03',
      medicaidId: '400112233',
      billingNpi: '1648123457',
      renderingNpi: '1204784908',
      renderingName: 'Samuel Okafor',
      procedureCode: 'H0004',
      modifiers: 'HN HQ',
      units: '4',
      minutes: '60',
      status: 'PASS',
      code: '',
      severity: '',
      citation: '',
      message: '',
      action: '',
      claimStatus: 'FAIL',
      service: 'THERAPY_COUNSELING',
      recorded: '',
      segmentIndex: '24',
      lineNumber: '1',
    });
    // someone the registry does not show: the NPI as billed, no name
    expect([at(line2).renderingNpi, at(line2).renderingName, at(line2).units]).toEqual(['1999999999', '', '60']);
    // a claim-level finding has no line facts
    expect([at(claimRow).dateOfService, at(claimRow).procedureCode, at(claimRow).medicaidId]).toEqual(['', '', '400112233']);
  });

  it('a claim given by registry ids shows the Medicaid ID, billing NPI and rendering NPI the registry holds', () => {
    const byIds: ClaimInput = {
      claimId: 'J-1',
      providerId: 'prov-1',
      recipientId: 'rec-1',
      frequency: 'ORIGINAL',
      lines: [{ lineId: '1', dateOfService: '2026-09-14', units: 4, renderingStaffId: 'staff-1', service: 'THERAPY_COUNSELING' }],
    };
    const r: ClaimReport = { ...report, claimId: 'J-1', findings: [], lines: [{ lineId: '1', service: 'THERAPY_COUNSELING', status: 'PASS', minutes: 60, findings: [] }], status: 'PASS' };
    const [header, row] = rowsOf(r, byIds);
    const at = Object.fromEntries(header.map((h, i) => [h, row[i]]));
    expect([at.medicaidId, at.billingNpi, at.renderingNpi, at.renderingName, at.procedureCode, at.service]).toEqual(['400112233', '1648123457', '1204784908', 'Samuel Okafor', '', 'THERAPY_COUNSELING']);
  });

  it('recorded claims say so', () => {
    const [header, row] = rowsOf({ ...report, recorded: false } as ClaimReport, claim);
    expect(row[header.indexOf('recorded')]).toBe('false');
  });

  it('pairs reports with claims by position, or by claimId when the order differs', () => {
    const a = { ...claim, claimId: 'A' };
    const b = { ...claim, claimId: 'B' };
    const ra = { ...report, claimId: 'A' };
    const rb = { ...report, claimId: 'B' };
    expect(withClaims([ra, rb], [a, b]).map(([r, c]) => [r.claimId, c?.claimId])).toEqual([
      ['A', 'A'],
      ['B', 'B'],
    ]);
    expect(withClaims([rb, ra], [a, b]).map(([r, c]) => [r.claimId, c?.claimId])).toEqual([
      ['B', 'B'],
      ['A', 'A'],
    ]);
  });
});
