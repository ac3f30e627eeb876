/**
 * First stage of the pipeline, on bytes: drops a UTF-8 byte order mark and leading whitespace (both give
 * x12-parser silent garbage, since it reads the separators at fixed offsets of its first chunk), checks
 * the fixed-length ISA header and the separators it declares, and hands the tokeniser a first chunk
 * that starts exactly at "ISA" and holds the whole ISA. After that it passes bytes through untouched,
 * refusing a NUL byte (0x00): no X12 character set has it, and PostgreSQL text cannot store it. To name
 * the segment it is in, the segment terminators passed are counted (about 1 ms per MB).
 */
import { Transform, type TransformCallback } from 'node:stream';
import { X12Error } from './errors';
import type { X12Separators } from './types';

/** Widths of ISA01..ISA15 (ISA16 is the single character before the segment terminator). */
const ISA_WIDTHS = [2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1];
/** "ISA" + 16 separators + widths + ISA16 = 106 characters, the terminator is the 106th */
const ISA_LENGTH = 106;

function two(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function show(ch: string): string {
  if (ch === '\n') return 'LF';
  if (ch === '\r') return 'CR';
  if (ch === ' ') return 'space';
  return JSON.stringify(ch);
}

export interface IsaHeader {
  separators: X12Separators;
  /** the segment terminator is followed by CR LF, or is itself a CR LF pair */
  crlfTerminator: boolean;
}

/**
 * Checks the ISA header at the start of `head` (latin1 text, BOM and leading whitespace already gone).
 * `atEnd`: no more input will come, so a short header is a truncated file.
 */
export function checkIsaHeader(head: string): IsaHeader {
  if (head.length === 0) throw new X12Error('X12_ENVELOPE', 'empty input: no ISA interchange header', 0, '');
  if (!head.startsWith('ISA')) {
    const id = /^[A-Za-z0-9]*/.exec(head)?.[0] ?? '';
    const utf16 = head.charCodeAt(1) === 0 || head.startsWith('\xff\xfe') || head.startsWith('\xfe\xff');
    const snippet = head.slice(0, 24).replace(/[\r\n]/g, ' ');
    throw new X12Error(
      'X12_ENVELOPE',
      utf16
        ? 'missing ISA: the input looks like UTF-16 text; an X12 file is 8-bit (ASCII, Latin-1 or UTF-8)'
        : `missing ISA: an X12 interchange must start with an ISA segment, this one starts with ${JSON.stringify(snippet)}`,
      1,
      id,
    );
  }
  const es = head[3];
  if (es === undefined) throw new X12Error('X12_ENVELOPE', 'truncated ISA: the input ends after "ISA"', 1, 'ISA');
  if (/[A-Za-z0-9\s]/.test(es)) {
    throw new X12Error('X12_SYNTAX', `ISA element separator ${show(es)} must not be a letter, digit or white space`, 1, 'ISA');
  }
  const values: string[] = [];
  let p = 4;
  for (let i = 0; i < ISA_WIDTHS.length; i++) {
    const next = head.indexOf(es, p);
    if (next < 0 || next > ISA_LENGTH) {
      if (head.length < ISA_LENGTH) {
        throw new X12Error('X12_ENVELOPE', `truncated ISA: the input ends after ${head.length} characters, an ISA segment has ${ISA_LENGTH}`, 1, 'ISA');
      }
      throw new X12Error('X12_SYNTAX', `ISA has fewer than 16 elements (ISA${two(i + 1)} is not followed by the element separator ${show(es)})`, 1, 'ISA');
    }
    if (next - p !== ISA_WIDTHS[i]) {
      throw new X12Error(
        'X12_SYNTAX',
        `ISA${two(i + 1)} is ${next - p} characters long; the ISA segment is fixed-length and ISA${two(i + 1)} must be ${ISA_WIDTHS[i]}`,
        1,
        'ISA',
      );
    }
    values.push(head.slice(p, next));
    p = next + 1;
  }
  // p is now 104: ISA16 (component separator), then the segment terminator
  if (head.length < ISA_LENGTH) {
    throw new X12Error('X12_ENVELOPE', `truncated ISA: the input ends after ${head.length} characters, an ISA segment has ${ISA_LENGTH}`, 1, 'ISA');
  }
  const version = values[11];
  if (version !== '00501') {
    throw new X12Error(
      'X12_NOT_837P',
      `not an 837P: ISA12 is ${JSON.stringify(version)}; an 837P 005010X222A1 comes in a 005010 interchange (ISA12 00501)`,
      1,
      'ISA',
    );
  }
  const component = head[104];
  let segment = head[105];
  let crlfTerminator = false;
  if (segment === '\r' && head[106] === '\n') {
    segment = '\n';
    crlfTerminator = true;
  } else if (head[106] === '\r' && head[107] === '\n') {
    crlfTerminator = true;
  }
  // 005010 made ISA11 the repetition separator; many senders still write the 004010 value "U" (as do
  // all the imsweb sample files). A letter or digit there is read as "no repetition separator".
  const repetition = /^[A-Za-z0-9]$/.test(values[10]) ? '' : values[10];
  const seps: [string, string][] = [
    ['element separator (ISA character 4)', es],
    ['component separator (ISA16)', component],
    ['segment terminator', segment],
  ];
  if (repetition) seps.splice(1, 0, ['repetition separator (ISA11)', repetition]);
  for (const [what, ch] of seps) {
    // only the segment terminator may be a line break
    const lineBreakOk = what === 'segment terminator' && (ch === '\n' || ch === '\r');
    if (ch.length !== 1 || /[A-Za-z0-9]/.test(ch) || (/\s/.test(ch) && !lineBreakOk)) {
      throw new X12Error('X12_SYNTAX', `the ISA declares ${show(ch)} as the ${what}; a separator must not be a letter, digit or space`, 1, 'ISA');
    }
  }
  for (let i = 0; i < seps.length; i++) {
    for (let j = i + 1; j < seps.length; j++) {
      if (seps[i][1] === seps[j][1]) {
        throw new X12Error('X12_SYNTAX', `the ISA declares ${show(seps[i][1])} as both the ${seps[i][0]} and the ${seps[j][0]}`, 1, 'ISA');
      }
    }
  }
  return { separators: { element: es, component, repetition, segment }, crlfTerminator };
}

export class X12Prelude extends Transform {
  header: IsaHeader | null = null;
  /** a UTF-8 byte order mark was dropped */
  bom = false;
  private pending: Buffer = Buffer.alloc(0);
  private started = false;
  private passing = false;
  /** the segment terminator's byte, and how many have passed */
  private terminator = -1;
  private segments = 0;
  /** the start of the segment still open at the end of the last chunk (enough for its identifier) */
  private openSegment: Buffer = Buffer.alloc(0);

  constructor() {
    super({ highWaterMark: 64 * 1024 });
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    try {
      if (this.passing) {
        this.pass(chunk);
        cb();
        return;
      }
      this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
      this.advance(false);
      cb();
    } catch (e) {
      cb(e as Error);
    }
  }

  override _flush(cb: TransformCallback): void {
    try {
      if (!this.passing) this.advance(true);
      cb();
    } catch (e) {
      cb(e as Error);
    }
  }

  private advance(atEnd: boolean): void {
    let buf = this.pending;
    if (!this.started) {
      if (buf.length < 3 && !atEnd) return;
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
        this.bom = true;
        buf = buf.subarray(3);
      }
      this.started = true;
    }
    let i = 0;
    while (i < buf.length && (buf[i] === 0x20 || buf[i] === 0x0a || buf[i] === 0x0d || buf[i] === 0x09)) i++;
    buf = buf.subarray(i);
    // leading whitespace is dropped as it comes, so memory stays flat even for a file of blanks
    this.pending = buf;
    // 106 for the ISA, two more to see whether CR LF follows the terminator
    if (buf.length < ISA_LENGTH + 2 && !atEnd) return;
    this.header = checkIsaHeader(buf.subarray(0, ISA_LENGTH + 2).toString('latin1'));
    this.terminator = this.header.separators.segment.charCodeAt(0);
    this.passing = true;
    this.pending = Buffer.alloc(0);
    this.pass(buf);
  }

  private pass(chunk: Buffer): void {
    const nul = chunk.indexOf(0);
    const end = nul === -1 ? chunk.length : nul;
    let last = -1;
    for (let p = chunk.indexOf(this.terminator); p !== -1 && p < end; p = chunk.indexOf(this.terminator, p + 1)) {
      this.segments++;
      last = p;
    }
    const open = last === -1 ? Buffer.concat([this.openSegment, chunk.subarray(0, Math.min(end, 16))]) : chunk.subarray(last + 1, end);
    if (nul !== -1) {
      const text = open.toString('latin1').replace(/^\s+/, '');
      const id = /^[A-Za-z0-9]{2,3}/.exec(text)?.[0] ?? '';
      throw new X12Error('X12_SYNTAX', 'a NUL character (byte 0x00) is not allowed in an X12 file', this.segments + 1, id);
    }
    this.openSegment = Buffer.from(open.subarray(0, 16));
    this.push(chunk);
  }
}
