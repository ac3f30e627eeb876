/**
 * Streaming reader of X12 837P (005010X222A1) files.
 *
 *   input (bytes) -> X12Prelude -> tokeniser (x12-parser's X12parser, or FastTokenizer) -> Assembler
 *
 * joined with `stream.pipeline`, so an error in any stage destroys every stage and reaches the caller.
 *
 * NEVER A SILENT PARTIAL RESULT: claims are yielded as soon as each one is complete, before the file's
 * trailers (SE, GE, IEA) have been read. If the file turns out to be broken later, the generator throws
 * an X12Error after having yielded some claims. A caller MUST treat a throw as "the whole file is
 * refused" and discard (or roll back) everything it did with the claims already received; only when the
 * generator has completed (the summary was returned / `onSummary` was called / `parse837Batches`
 * yielded its summary) is the file known to be complete and well formed.
 */
import { Readable, pipeline, type Transform } from 'node:stream';
import { Assembler } from './assembler';
import { X12Error } from './errors';
import { X12Prelude } from './prelude';
import { BatchedX12parser, FastTokenizer } from './tokenizer';
import type { Parse837Batch, Parse837Options, Parsed837Claim, X12Summary } from './types';

function isSummary(item: Parsed837Claim | X12Summary): item is X12Summary {
  return (item as X12Summary).kind === 'summary';
}

/**
 * Reads an 837P from a byte stream and yields its claims one by one, in file order; returns the
 * envelope summary when the whole file has been read and checked (and calls `opts.onSummary` with it).
 * Throws X12Error (with segmentIndex and segmentId) when the file is not a well-formed 837P; errors of
 * the input stream itself (e.g. ENOENT) are rethrown as they are.
 */
export async function* parse837(input: Readable, opts: Parse837Options = {}): AsyncGenerator<Parsed837Claim, X12Summary, undefined> {
  const prelude = new X12Prelude();
  const separators = () => prelude.header?.separators ?? null;
  const tokenizer: Transform = opts.tokenizer === 'fast' ? new FastTokenizer(separators) : new BatchedX12parser();
  const assembler = new Assembler({
    envelopeCounts: opts.envelopeCounts ?? 'strict',
    encoding: opts.encoding ?? 'auto',
    separators,
  });
  let inputError: unknown;
  input.once('error', (e) => {
    inputError = e;
  });
  const done = new Promise<Error | null>((resolve) => {
    pipeline(input, prelude, tokenizer, assembler, (err) => resolve(err ?? null));
  });
  const refuse = (err: unknown): unknown => {
    if (err instanceof X12Error || err === inputError) return err;
    const { segmentIndex, segmentId } = assembler.position();
    const message = err instanceof Error ? err.message : String(err);
    return new X12Error('X12_SYNTAX', `the file could not be split into segments (${message})`, segmentIndex, segmentId);
  };

  let summary: X12Summary | null = null;
  let completed = false;
  try {
    for await (const item of assembler as AsyncIterable<Parsed837Claim | X12Summary>) {
      if (isSummary(item)) summary = item;
      else yield item;
    }
    completed = true;
  } catch (e) {
    // the pipeline's error is the first one raised, in whichever stage
    throw refuse((await done) ?? e);
  } finally {
    // the consumer stopped early (break / return): stop reading the input
    if (!completed) assembler.destroy();
  }
  const err = await done;
  if (err) throw refuse(err);
  if (!summary) {
    const { segmentIndex, segmentId } = assembler.position();
    throw new X12Error('X12_ENVELOPE', 'the input ended without a complete interchange', segmentIndex, segmentId);
  }
  opts.onSummary?.(summary);
  return summary;
}

/**
 * Same as parse837, in batches of up to `batchSize` claims (default 500), then the summary as the last
 * item. The summary arriving is the signal that the file was complete; a throw means discard everything.
 */
export async function* parse837Batches(input: Readable, opts: Parse837Options & { batchSize?: number } = {}): AsyncGenerator<Parse837Batch, void, undefined> {
  const size = Math.max(1, opts.batchSize ?? 500);
  const claims = parse837(input, opts);
  let batch: Parsed837Claim[] = [];
  for (;;) {
    const r = await claims.next();
    if (r.done) {
      if (batch.length) yield { kind: 'claims', claims: batch };
      yield r.value;
      return;
    }
    batch.push(r.value);
    if (batch.length >= size) {
      yield { kind: 'claims', claims: batch };
      batch = [];
    }
  }
}

function* chunks(buf: Buffer, size = 64 * 1024): Generator<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

/**
 * Convenience for a file already in memory: every claim and the summary, or a thrown X12Error (never
 * part of the claims). A string is taken as text and encoded as UTF-8.
 */
export async function parse837Buffer(data: Buffer | Uint8Array | string, opts: Parse837Options = {}): Promise<{ claims: Parsed837Claim[]; summary: X12Summary }> {
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const claims: Parsed837Claim[] = [];
  const gen = parse837(Readable.from(chunks(buf), { objectMode: false }), opts);
  for (;;) {
    const r = await gen.next();
    if (r.done) return { claims, summary: r.value };
    claims.push(r.value);
  }
}

/** Every problem of a claim: its own, then each line's (what the caller reports as INVALID_CLAIM). */
export function allProblems(claim: Parsed837Claim): Parsed837Claim['problems'] {
  return claim.lines.reduce((acc, l) => (l.problems.length ? acc.concat(l.problems) : acc), claim.problems.slice());
}
