/**
 * The 'fast' tokeniser: cuts the byte stream at segment terminators with the separators the ISA declared
 * (the prelude has already checked the ISA and starts the stream at it). Same results as x12-parser's
 * X12parser for every input this module accepts (the tests run both on every file), but it hands on
 * one string of whole segments per input chunk instead of one object per segment; the assembler walks
 * the segments in place (eachSegment, FastSeg) and reads elements only when it needs them.
 * See index.ts for the design and bench/x12-parse.bench.ts for measurements.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { X12parser, type FormattedSegment } from 'x12-parser';
import type { X12Separators } from './types';

/**
 * x12-parser's X12parser, handing on the segments of each input chunk as one array: the same segment
 * objects, but one stream write per chunk instead of one per segment (about 5% faster on the 50 MB
 * bench file; x12-parser's own Segment class is most of the rest, bench/x12-parse.bench.ts).
 */
export class BatchedX12parser extends X12parser {
  private collecting: FormattedSegment[] | null = null;

  constructor() {
    // latin1: every byte becomes one character, so nothing is lost; names are decoded later (assembler)
    super('latin1');
  }

  override generateSegments(segments: string[]): void {
    const batch: FormattedSegment[] = [];
    this.collecting = batch;
    try {
      super.generateSegments(segments);
    } finally {
      this.collecting = null;
    }
    if (batch.length) super.push(batch);
  }

  override push(chunk: unknown, encoding?: BufferEncoding): boolean {
    if (this.collecting && chunk !== null) {
      this.collecting.push(chunk as FormattedSegment);
      return true;
    }
    return super.push(chunk, encoding);
  }
}

export class FastTokenizer extends Transform {
  private leftover = '';
  private seps: X12Separators | null = null;

  constructor(private readonly separators: () => X12Separators | null) {
    super({ writableObjectMode: false, readableObjectMode: true, readableHighWaterMark: 1 });
  }

  /** Pushes the chunk's text up to its last segment terminator; the rest waits for the next chunk. */
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.seps ??= this.separators();
    if (!this.seps) {
      cb(new Error('FastTokenizer: the ISA separators are not known'));
      return;
    }
    const text = this.leftover + chunk.toString('latin1');
    const last = text.lastIndexOf(this.seps.segment);
    if (last < 0) {
      this.leftover = text;
      cb();
      return;
    }
    this.leftover = text.slice(last + 1);
    cb(null, text.slice(0, last + 1));
  }

  override _flush(cb: TransformCallback): void {
    if (this.leftover.length) this.push(this.leftover);
    this.leftover = '';
    cb();
  }
}

const isSpace = (c: number): boolean => c === 10 || c === 13 || c === 32 || c === 9;

/**
 * Calls `each(text, start, end)` for every segment of `text` (whole segments, the last one possibly
 * without its terminator), with line breaks and blanks around segments left out, as x12-parser does.
 * A segment with a line break inside (lines wrapped at a fixed width) is passed as a cleaned copy.
 */
export function eachSegment(text: string, terminator: string, each: (text: string, start: number, end: number) => void): void {
  let pos = 0;
  let nl = -2;
  let cr = -2;
  const len = text.length;
  while (pos < len) {
    let end = text.indexOf(terminator, pos);
    if (end < 0) end = len;
    let s = pos;
    while (s < end && isSpace(text.charCodeAt(s))) s++;
    let e = end;
    while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
    if (s < e) {
      if (nl !== -1 && nl < s) nl = text.indexOf('\n', s);
      if (cr !== -1 && cr < s) cr = text.indexOf('\r', s);
      if ((nl >= 0 && nl < e) || (cr >= 0 && cr < e)) {
        const clean = text.slice(s, e).replace(/[\r\n]/g, '');
        each(clean, 0, clean.length);
      } else {
        each(text, s, e);
      }
    }
    pos = end + 1;
  }
}
