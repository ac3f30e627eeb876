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
import type { CapReport, ClaimReport } from '../rules/claims';
import type { ClaimInput } from '../rules/facts';
import { parse837Batches, isX12Error, type Parsed837Claim, type X12Error, type X12Summary } from '../x12';
import { ClaimCheckSessions, type CommittedClaimReport } from './claim-check.session';

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
  /** add every rule applied to each line (`checks`) */
  explain?: boolean;
  /**
   * With explain, the most lines a file may have (an HTTP answer holds every line's checks, about 5 KB a
   * line: the JSON path's BHCHECK_MAX_LINES); more is a 413 before anything is recorded. The CLI, which
   * spools its reports to disk, sets none.
   */
  explainLineLimit?: number;
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

export function x12Refusal(e: X12Error): DomainError {
  return new DomainError('UNPROCESSABLE_INPUT', `the file is not a well-formed X12 837P: ${e.message}`, [], {
    x12: { code: e.code, segmentIndex: e.segmentIndex, segmentId: e.segmentId },
  });
}

/** A file too long to explain in one answer (413, naming the limit; `explainLineLimit` lets a client retry without). */
function tooLongToExplain(limit: number): DomainError {
  return new DomainError(
    'PAYLOAD_TOO_LARGE',
    `explanations are given for files of up to ${limit} claim lines (BHCHECK_MAX_LINES) and this file has more: check it without explain=true, or explain a part of it`,
    [],
    { explainLineLimit: limit },
  );
}

/** Where a claim is in the file, for a 409's `errors`: its CLM segment. */
const inFile = (c: ClaimInput) => `/segment/${(c as Parsed837Claim).location.segmentIndex}`;

@Injectable()
export class X12IntakeService {
  constructor(private readonly sessions: ClaimCheckSessions) {}

  /** `open` is called once per pass: recording reads the file twice (check, then record). */
  async check(actor: Actor, open: () => Readable, opts: X12Options): Promise<X12Report> {
    const parseOpts = { envelopeCounts: opts.envelope, tokenizer: opts.tokenizer ?? ('x12-parser' as const), batchSize: opts.batchSize ?? 2000 };
    // one session for the whole file: registry answers, the duplicate index, the minutes counted and the
    // recording state are the file's, however it is cut into batches
    const session = this.sessions.open(actor, { explain: opts.explain, batches: true });
    const limit = opts.explain ? opts.explainLineLimit : undefined;
    try {
      if (opts.commit) {
        // pass 1: the whole file must be well formed, and every claim recordable as sent, before
        // anything is recorded (a refused file leaves nothing half-written)
        let n = 0;
        let lines = 0;
        for await (const item of parse837Batches(open(), parseOpts)) {
          if (item.kind === 'summary') break;
          n += item.claims.length;
          lines += item.claims.reduce((k, c) => k + c.lines.length, 0);
          if (limit !== undefined && lines > limit) throw tooLongToExplain(limit);
          await session.precheck(item.claims, inFile);
          opts.onProgress?.({ claims: n, lines, phase: 'reading' });
        }
        session.assertRecordable();
      }
      const reports: (ClaimReport | CommittedClaimReport)[] = [];
      let summary: X12Summary | undefined;
      let lines = 0;
      let done = 0;
      for await (const item of parse837Batches(open(), parseOpts)) {
        if (item.kind === 'summary') {
          summary = item;
          break;
        }
        const batch = item.claims;
        lines += batch.reduce((k, c) => k + c.lines.length, 0);
        if (limit !== undefined && lines > limit) throw tooLongToExplain(limit);
        const checked = opts.commit ? await session.record(batch) : await session.check(batch);
        // the session answers each batch's claims in their order
        for (const [i, r] of checked.entries()) {
          done++;
          if (opts.onClaim) await opts.onClaim(r, batch[i]);
          else reports.push(r);
        }
        opts.onProgress?.({ claims: done, lines, phase: 'checking' });
      }
      if (!summary) throw new Error('the X12 reader ended without its summary');
      const { interchanges, groups, transactions, claims, segments, encoding, envelopeWarnings } = summary;
      return { file: { interchanges, groups, transactions, claims, lines: summary.lines, segments, encoding, envelopeWarnings }, claims: reports, caps: session.capReports() };
    } catch (e) {
      if (isX12Error(e)) throw x12Refusal(e);
      throw e;
    }
  }
}
