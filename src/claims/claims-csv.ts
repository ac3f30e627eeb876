/**
 * A claim report as CSV for billing staff: one row per finding (claim findings first), or one per line
 * without one, with the columns they filter on in a spreadsheet. The report says what was found; the
 * claim as sent says what was billed (date of service, procedure code and modifiers, units, NPIs), so
 * the two are joined here, at the edge. What the claim gives only by registry id (a recipientId, a
 * providerId, a renderingStaffId) and the rendering person's name are looked up within the key's scope:
 * someone the key cannot see has no name in the report (their claim line says UNKNOWN_STAFF).
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { providerScope, type Actor } from '../auth/actor';
import { CsvTable } from '../common/csv';
import { ProviderEntity, RecipientEntity, StaffEntity } from '../database/entities';
import type { ClaimReport, Finding, LineReport } from '../rules/claims';
import type { ClaimInput, ClaimLineInput } from '../rules/facts';

/** A report and the claim it reports on. */
export type ReportedClaim = readonly [report: ClaimReport & { recorded?: boolean }, claim: ClaimInput | undefined];

/** What the registry adds to a row: numbers the claim gave only by id, and the rendering person's name. */
export interface ClaimCsvRegistry {
  medicaidIdOf(recipientId: string): string | undefined;
  npiOfProvider(providerId: string): string | undefined;
  /** the rendering staff member the line names (by id, or by NPI preferring the billing provider's), if the key sees them */
  renderingOf(line: ClaimLineInput, providerId: string | undefined): { npi: string | null; name: string } | undefined;
}

export interface ClaimCsvRow {
  claim: ClaimReport & { recorded?: boolean };
  input: ClaimInput | undefined;
  line?: LineReport;
  lineInput?: ClaimLineInput;
  rendering?: { npi: string | null; name: string };
  finding?: Finding;
  registry: ClaimCsvRegistry;
}

export const CLAIM_CSV = new CsvTable<ClaimCsvRow>([
  { header: 'claimId', value: (r) => r.claim.claimId },
  { header: 'lineId', value: (r) => r.line?.lineId },
  { header: 'dateOfService', value: (r) => r.lineInput?.dateOfService },
  { header: 'medicaidId', value: (r) => r.input?.medicaidId ?? (r.claim.recipientId ? r.registry.medicaidIdOf(r.claim.recipientId) : undefined) },
  { header: 'billingNpi', value: (r) => r.input?.billingNpi ?? (r.claim.providerId ? r.registry.npiOfProvider(r.claim.providerId) : undefined) },
  { header: 'renderingNpi', value: (r) => r.lineInput?.renderingNpi ?? r.rendering?.npi },
  { header: 'renderingName', value: (r) => r.rendering?.name },
  { header: 'procedureCode', value: (r) => r.lineInput?.procedureCode },
  { header: 'modifiers', value: (r) => r.lineInput?.modifiers?.join(' ') },
  { header: 'units', value: (r) => r.lineInput?.units },
  { header: 'minutes', value: (r) => r.line?.minutes },
  { header: 'status', value: (r) => r.line?.status ?? r.claim.status },
  { header: 'code', value: (r) => r.finding?.code },
  { header: 'severity', value: (r) => r.finding?.severity },
  { header: 'citation', value: (r) => r.finding?.citation },
  { header: 'message', value: (r) => r.finding?.message },
  { header: 'action', value: (r) => r.finding?.action ?? '' },
  { header: 'claimStatus', value: (r) => r.claim.status },
  { header: 'service', value: (r) => r.line?.service ?? r.lineInput?.service },
  { header: 'recorded', value: (r) => r.claim.recorded },
  { header: 'segmentIndex', value: (r) => r.line?.location?.segmentIndex ?? (r.line ? undefined : r.claim.location?.segmentIndex) },
  { header: 'lineNumber', value: (r) => r.line?.location?.lineNumber },
]);

/** The claim's line a line report is about: the same position, or else the same lineId. */
function lineInputOf(claim: ClaimInput | undefined, line: LineReport, i: number): ClaimLineInput | undefined {
  if (!claim) return undefined;
  const same = claim.lines[i];
  return same && same.lineId === line.lineId ? same : claim.lines.find((l) => l.lineId === line.lineId);
}

/** Each report with the claim it reports on: the one at the same position, or else the first with its claimId. */
export function withClaims(reports: readonly ReportedClaim[0][], claims: readonly ClaimInput[]): ReportedClaim[] {
  return reports.map((r, i) => [r, claims[i]?.claimId === r.claimId ? claims[i] : claims.find((c) => c.claimId === r.claimId)] as const);
}

/** The rows of one claim: its own findings, then each line's findings (or the line alone). */
export function claimCsvRows([claim, input]: ReportedClaim, registry: ClaimCsvRegistry): ClaimCsvRow[] {
  const rows: ClaimCsvRow[] = claim.findings.map((finding) => ({ claim, input, finding, registry }));
  claim.lines.forEach((line, i) => {
    const lineInput = lineInputOf(input, line, i);
    const rendering = lineInput ? registry.renderingOf(lineInput, claim.providerId) : undefined;
    if (!line.findings.length) rows.push({ claim, input, line, lineInput, rendering, registry });
    for (const finding of line.findings) rows.push({ claim, input, line, lineInput, rendering, finding, registry });
  });
  return rows;
}

interface StaffName {
  id: string;
  providerId: string;
  npi: string | null;
  name: string;
}

/** Claims formatted together when written in parts (one registry lookup each time). */
const CLAIMS_PER_LOOKUP = 500;

/**
 * Formats reports for one key, looking up what the rows need in one query per kind for each call
 * (and remembering it, for a file written in parts).
 */
export class ClaimCsvWriter implements ClaimCsvRegistry {
  private readonly medicaidIds = new Map<string, string | undefined>();
  private readonly providerNpis = new Map<string, string | undefined>();
  private readonly staffById = new Map<string, StaffName | undefined>();
  private readonly staffIdsByNpi = new Map<string, string[]>();
  private pending: ReportedClaim[] = [];

  constructor(
    private readonly dataSource: DataSource,
    private readonly scope: readonly string[] | null,
  ) {}

  head(): string {
    return CLAIM_CSV.head();
  }

  /** Takes one claim; every CLAIMS_PER_LOOKUP claims, answers their rows (else ''). See flush(). */
  async add(report: ReportedClaim[0], claim: ClaimInput | undefined): Promise<string> {
    this.pending.push([report, claim]);
    return this.pending.length >= CLAIMS_PER_LOOKUP ? this.flush() : '';
  }

  /** The rows of the claims taken since the last answer. */
  flush(): Promise<string> {
    const claims = this.pending;
    this.pending = [];
    return this.rows(claims);
  }

  /** The CSV records (no header) of these claims. */
  async rows(claims: readonly ReportedClaim[]): Promise<string> {
    await this.load(claims);
    return CLAIM_CSV.rows(claims.flatMap((c) => claimCsvRows(c, this)));
  }

  medicaidIdOf(recipientId: string): string | undefined {
    return this.medicaidIds.get(recipientId);
  }

  npiOfProvider(providerId: string): string | undefined {
    return this.providerNpis.get(providerId);
  }

  renderingOf(line: ClaimLineInput, providerId: string | undefined): { npi: string | null; name: string } | undefined {
    const visible = (id: string) => {
      const s = this.staffById.get(id);
      return s && (this.scope === null || this.scope.includes(s.providerId)) ? s : undefined;
    };
    if (line.renderingStaffId) return visible(line.renderingStaffId.toLowerCase());
    if (!line.renderingNpi) return undefined;
    // as the claim check picks them: the billing provider's staff member with that NPI, else the first the key sees
    const seen = (this.staffIdsByNpi.get(line.renderingNpi) ?? []).map(visible).filter((s): s is StaffName => !!s);
    return seen.find((s) => s.providerId === providerId) ?? seen[0];
  }

  private async load(claims: readonly ReportedClaim[]): Promise<void> {
    const recipientIds = new Set<string>();
    const providerIds = new Set<string>();
    const staffIds = new Set<string>();
    const npis = new Set<string>();
    for (const [report, input] of claims) {
      if (report.recipientId && !input?.medicaidId && !this.medicaidIds.has(report.recipientId)) recipientIds.add(report.recipientId);
      if (report.providerId && !input?.billingNpi && !this.providerNpis.has(report.providerId)) providerIds.add(report.providerId);
      for (const l of input?.lines ?? []) {
        const id = typeof l.renderingStaffId === 'string' ? l.renderingStaffId.toLowerCase() : undefined;
        if (id && /^[0-9a-f-]{36}$/.test(id) && !this.staffById.has(id)) staffIds.add(id);
        else if (!id && typeof l.renderingNpi === 'string' && !this.staffIdsByNpi.has(l.renderingNpi)) npis.add(l.renderingNpi);
      }
    }
    const em = this.dataSource.manager;
    if (recipientIds.size) {
      const found = new Map((await em.find(RecipientEntity, { where: { id: In([...recipientIds]) }, select: { id: true, medicaidId: true } })).map((r) => [r.id, r.medicaidId]));
      for (const id of recipientIds) this.medicaidIds.set(id, found.get(id));
    }
    if (providerIds.size) {
      const found = new Map((await em.find(ProviderEntity, { where: { id: In([...providerIds]) }, select: { id: true, npi: true } })).map((p) => [p.id, p.npi]));
      for (const id of providerIds) this.providerNpis.set(id, found.get(id));
    }
    if (staffIds.size || npis.size) {
      const select = { id: true, providerId: true, npi: true, name: true } as const;
      const where = [...(staffIds.size ? [{ id: In([...staffIds]) }] : []), ...(npis.size ? [{ npi: In([...npis]) }] : [])];
      const rows: StaffName[] = await em.find(StaffEntity, { where, select, order: { id: 'ASC' } });
      for (const id of staffIds) this.staffById.set(id, undefined);
      for (const npi of npis) this.staffIdsByNpi.set(npi, []);
      for (const s of rows) {
        this.staffById.set(s.id, s);
        if (s.npi && npis.has(s.npi)) this.staffIdsByNpi.get(s.npi)!.push(s.id);
      }
    }
  }
}

@Injectable()
export class ClaimsCsvService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  writer(actor: Actor): ClaimCsvWriter {
    return new ClaimCsvWriter(this.dataSource, providerScope(actor));
  }

  /** A whole CSV document: byte order mark, header, the rows of every claim. */
  async document(actor: Actor, claims: readonly ReportedClaim[]): Promise<string> {
    const writer = this.writer(actor);
    return writer.head() + (await writer.rows(claims));
  }
}
