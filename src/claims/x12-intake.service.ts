/**
 * X12 837P intake for the HTTP endpoint and the CLI: the same checks as the JSON path, each claim and
 * line located in the file. A broken file is refused whole (never a partial report): validation keeps
 * the reports until the file's trailers have checked out, and recording reads the whole file once
 * before the first claim is written.
 */
import { Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import type { Actor } from '../auth/actor';
import { DomainError } from '../common/domain-error';
import type { CapReport, ClaimReport, Finding } from '../rules/claims';
import { parse837Batches, isX12Error, type Parsed837Claim, type X12Error, type X12Problem, type X12Summary } from '../x12';
import { LoaderCache } from './claim-context.loader';
import { ClaimsService, type ClaimState, type CommittedClaimReport, type RecordingConflict } from './claims.service';
import type { ClaimInput } from '../rules/facts';

export interface X12Options {
  commit: boolean;
  envelope: 'strict' | 'lenient';
  /** 'x12-parser' (the default) or the reader's own verified splitter, several times faster */
  tokenizer?: 'x12-parser' | 'fast';
  /**
   * claims per engine call (and per registry load); default 2,000. Cap totals run in date-of-service
   * order within a batch and in file order across batches.
   */
  batchSize?: number;
  /** after each batch: claims and lines done so far */
  onProgress?: (done: { claims: number; lines: number; phase: 'reading' | 'checking' }) => void;
  /**
   * Receives each claim's report, with the claim as read from the file, as soon as it is made, instead
   * of the reports being kept (so memory stays flat however large the file). The receiver must hold
   * them until check() resolves: if it throws, the file was refused and the reports must be discarded.
   */
  onClaim?: (report: ClaimReport | CommittedClaimReport, claim: Parsed837Claim) => void | Promise<void>;
}

export interface X12FileSummary {
  interchanges: number;
  groups: number;
  transactions: number;
  claims: number;
  lines: number;
  segments: number;
  encoding: X12Summary['encoding'];
  envelopeWarnings: X12Summary['envelopeWarnings'];
}

export interface X12Report {
  file: X12FileSummary;
  claims: (ClaimReport | CommittedClaimReport)[];
  caps: CapReport[];
}

/**
 * A content problem the reader found (bad frequency code, a multi-day RD8...) as an INVALID_CLAIM finding.
 * The reader's message already says where (x12Problem): it is used as it is.
 */
function problemFinding(p: X12Problem): Finding {
  return {
    code: 'INVALID_CLAIM',
    severity: 'error',
    message: p.message,
    citation: '140.20',
    ruleId: 'X12-CONTENT-v1',
    fact: { segmentIndex: p.segmentIndex, segmentId: p.segmentId },
  };
}

export function withProblems<T extends ClaimReport>(report: T, parsed: Parsed837Claim): T {
  const lineProblems = parsed.lines.some((l) => l.problems.length);
  if (!parsed.problems.length && !lineProblems) return { ...report, location: parsed.location };
  const lines = report.lines.map((line, i) => {
    const problems = parsed.lines[i]?.problems ?? [];
    return {
      ...line,
      location: parsed.lines[i]?.location ?? line.location,
      status: problems.length && line.status !== 'UNCHECKED' ? ('FAIL' as const) : line.status,
      findings: [...problems.map(problemFinding), ...line.findings],
    };
  });
  return { ...report, location: parsed.location, status: 'FAIL', findings: [...parsed.problems.map(problemFinding), ...report.findings], lines };
}

function hasProblems(c: Parsed837Claim): boolean {
  return c.problems.length > 0 || c.lines.some((l) => l.problems.length > 0);
}

export function x12Refusal(e: X12Error): DomainError {
  return new DomainError('UNPROCESSABLE_INPUT', `the file is not a well-formed X12 837P: ${e.message}`, [], {
    x12: { code: e.code, segmentIndex: e.segmentIndex, segmentId: e.segmentId },
  });
}

/** Minutes of earlier batches that the engine would count toward the caps (claims without errors). */
class CapOverlay {
  private readonly minutes = new Map<string, number>();
  add(recipientId: string, sfy: string, category: string, m: number): void {
    const k = `${recipientId}|${sfy}|${category}`;
    this.minutes.set(k, (this.minutes.get(k) ?? 0) + m);
  }
  get(recipientId: string, sfy: string, category: string): number {
    return this.minutes.get(`${recipientId}|${sfy}|${category}`) ?? 0;
  }
}

@Injectable()
export class X12IntakeService {
  constructor(private readonly claims: ClaimsService) {}

  /** `open` is called once per pass: recording reads the file twice (check, then record). */
  async check(actor: Actor, open: () => Readable, opts: X12Options): Promise<X12Report> {
    const parseOpts = { envelopeCounts: opts.envelope, tokenizer: opts.tokenizer ?? ('x12-parser' as const) };
    try {
      if (opts.commit) {
        // pass 1: the whole file must be well formed, and every claim recordable as sent, before
        // anything is recorded (a refused file leaves nothing half-written)
        let n = 0;
        let lines = 0;
        const state = new Map<string, ClaimState>();
        const conflicts: RecordingConflict[] = [];
        const where = (_i: number, c: ClaimInput) => `/segment/${(c as Parsed837Claim).location.segmentIndex}`;
        for await (const item of parse837Batches(open(), { ...parseOpts, batchSize: opts.batchSize ?? 2000 })) {
          if (item.kind === 'summary') break;
          n += item.claims.length;
          lines += item.claims.reduce((k, c) => k + c.lines.length, 0);
          await this.claims.assertClaimsInScope(actor, item.claims);
          conflicts.push(...(await this.claims.conflictsOf(item.claims.filter((c) => !hasProblems(c)), state, where)));
          opts.onProgress?.({ claims: n, lines, phase: 'reading' });
        }
        if (conflicts.length) throw this.claims.conflictError(conflicts);
      }
      const reports: (ClaimReport | CommittedClaimReport)[] = [];
      const caps = new Map<string, CapReport>();
      const overlay = new CapOverlay();
      const cache = new LoaderCache();
      let summary: X12Summary | undefined;
      let lines = 0;
      let done = 0;
      const emit = async (r: ClaimReport | CommittedClaimReport, claim: Parsed837Claim): Promise<void> => {
        done++;
        if (opts.onClaim) await opts.onClaim(r, claim);
        else reports.push(r);
      };
      for await (const item of parse837Batches(open(), { ...parseOpts, batchSize: opts.batchSize ?? 2000 })) {
        if (item.kind === 'summary') {
          summary = item;
          break;
        }
        const batch = item.claims;
        if (opts.commit) {
          const clean = batch.filter((c) => !hasProblems(c));
          const committed = clean.length ? await this.claims.commit(actor, clean, cache, { precheck: false }) : { claims: [], caps: [] };
          const byClaim = new Map(clean.map((c, i) => [c, committed.claims[i]]));
          const broken = batch.filter(hasProblems);
          const brokenReports = broken.length ? (await this.claims.validate(actor, broken, undefined, cache)).claims : [];
          let b = 0;
          for (const c of batch) {
            const r = byClaim.get(c) ?? { ...brokenReports[b++], recorded: false, version: null, repeat: false };
            await emit(withProblems(r, c), c);
          }
          for (const cap of committed.caps) caps.set(`${cap.recipientId}|${cap.sfy}`, cap);
        } else {
          const report = await this.claims.validate(actor, batch, (recipientId, sfy, category) => overlay.get(recipientId, sfy, category), cache);
          for (const [i, r] of report.claims.entries()) {
            const merged = withProblems(r, batch[i]);
            await emit(merged, batch[i]);
            if (merged.status === 'FAIL' || !merged.recipientId) continue;
            merged.lines.forEach((line, li) => {
              if (!line.service || (line.status !== 'PASS' && line.status !== 'WARN')) return;
              for (const cat of this.claims.capCategoriesOf(line.service, batch[i].lines[li].dateOfService)) {
                overlay.add(merged.recipientId!, this.claims.sfyOf(batch[i].lines[li].dateOfService), cat, line.minutes);
              }
            });
          }
          for (const cap of report.caps) caps.set(`${cap.recipientId}|${cap.sfy}`, cap);
        }
        lines += batch.reduce((n, c) => n + c.lines.length, 0);
        opts.onProgress?.({ claims: done, lines, phase: 'checking' });
      }
      if (!summary) throw new Error('the X12 reader ended without its summary');
      const { interchanges, groups, transactions, claims, segments, encoding, envelopeWarnings } = summary;
      return { file: { interchanges, groups, transactions, claims, lines: summary.lines, segments, encoding, envelopeWarnings }, claims: reports, caps: [...caps.values()] };
    } catch (e) {
      if (isX12Error(e)) throw x12Refusal(e);
      throw e;
    }
  }
}
