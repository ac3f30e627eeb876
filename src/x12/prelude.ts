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

const hex = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');

/** Printable ASCII as it is, anything else as "." (control bytes, NUL, bytes of other encodings). */
const printable = (text: string): string => JSON.stringify(text.replace(/[^\x20-\x7e]/g, '.'));

/** Longest first: the UTF-32 little-endian mark starts with the UTF-16 one. */
const BYTE_ORDER_MARKS: { bytes: number[]; name: string; unit: 2 | 4; littleEndian: boolean }[] = [
  { bytes: [0x00, 0x00, 0xfe, 0xff], name: 'UTF-32 big-endian', unit: 4, littleEndian: false },
  { bytes: [0xff, 0xfe, 0x00, 0x00], name: 'UTF-32 little-endian', unit: 4, littleEndian: true },
  { bytes: [0xfe, 0xff], name: 'UTF-16 big-endian', unit: 2, littleEndian: false },
  { bytes: [0xff, 0xfe], name: 'UTF-16 little-endian', unit: 2, littleEndian: true },
];

/** Text of a wide encoding, for showing: every unit whose other bytes are zero, as its character. */
function wideText(bytes: Uint8Array, unit: 2 | 4, littleEndian: boolean, chars: number): string {
  let out = '';
  for (let i = 0; i + unit <= bytes.length && out.length < chars; i += unit) {
    const code = littleEndian ? bytes[i] + (bytes[i + 1] << 8) : (bytes[i + unit - 2] << 8) + bytes[i + unit - 1];
    out += String.fromCharCode(code);
  }
  return out;
}

/** Mostly zero bytes at one parity of the first units: UTF-16 text without a byte order mark. */
function utf16WithoutMark(bytes: Uint8Array): 'little-endian' | 'big-endian' | null {
  const pairs = Math.min(8, Math.floor(bytes.length / 2));
  if (pairs < 2) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < pairs; i++) {
    if (bytes[2 * i] === 0 && bytes[2 * i + 1] !== 0) evenZero++;
    if (bytes[2 * i + 1] === 0 && bytes[2 * i] !== 0) oddZero++;
  }
  if (oddZero === pairs) return 'little-endian';
  if (evenZero === pairs) return 'big-endian';
  return null;
}

/** The input starts with a byte order mark of a wide encoding (never a segment identifier). */
const describesMark = (head: Uint8Array): boolean => BYTE_ORDER_MARKS.some((m) => m.bytes.every((b, i) => head[i] === b));

const SAVE_AS = 'an X12 file is 8-bit text, so save it as ASCII or UTF-8';

/**
 * What an input that is not what was expected starts with, said so that a person can act on it: a
 * byte order mark named as such, UTF-16 or UTF-32 text recognised (with or without its mark) and shown
 * decoded, otherwise the first bytes in hex with their printable ASCII ("." for anything else).
 * `offset`: where `head` starts in the input (after blank space or a UTF-8 byte order mark skipped).
 */
export function describeStart(head: Uint8Array, offset = 0): string {
  if (head.length === 0) return offset > 0 ? `it holds only blank space (${offset} bytes)` : 'it is empty';
  const at = `at byte ${offset}`;
  for (const mark of BYTE_ORDER_MARKS) {
    if (head.length < mark.bytes.length || !mark.bytes.every((b, i) => head[i] === b)) continue;
    const text = wideText(head.subarray(mark.bytes.length), mark.unit, mark.littleEndian, 16);
    return `it starts with a ${mark.name} byte order mark (${hex(head.subarray(0, mark.bytes.length))}) ${at}, then reads ${printable(text)} as ${mark.name.split(' ')[0]}; ${SAVE_AS}`;
  }
  const wide = utf16WithoutMark(head);
  if (wide) {
    const text = wideText(head, 2, wide === 'little-endian', 16);
    return `it looks like UTF-16 ${wide} text without a byte order mark (${hex(head.subarray(0, 8))} ${at}, reading ${printable(text)}); ${SAVE_AS}`;
  }
  const first = head.subarray(0, 16);
  return `it starts with ${printable(Buffer.from(first).toString('latin1'))} (${hex(first)}) ${at}`;
}

export interface IsaHeader {
  separators: X12Separators;
  /** the segment terminator is followed by CR LF, or is itself a CR LF pair */
  crlfTerminator: boolean;
}

/**
 * Checks the ISA header at the start of `head` (latin1 text, BOM and leading whitespace already gone;
 * `offset`: how many bytes were skipped before it).
 */
export function checkIsaHeader(head: string, offset = 0): IsaHeader {
  if (head.length === 0) throw new X12Error('X12_ENVELOPE', 'empty input: no ISA interchange header', 0, '');
  if (!head.startsWith('ISA')) {
    const id = /^[A-Za-z0-9]*/.exec(head)?.[0] ?? '';
    const bytes = Buffer.from(head.slice(0, 64), 'latin1');
    const wide = bytes.includes(0) || describesMark(bytes);
    throw new X12Error('X12_ENVELOPE', `missing ISA: an X12 interchange must start with an ISA segment; ${describeStart(bytes, offset)}`, 1, wide ? '' : id);
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
  /** bytes dropped before the ISA (that mark, blank space) */
  private skipped = 0;
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
        this.skipped = 3;
        buf = buf.subarray(3);
      }
      this.started = true;
    }
    let i = 0;
    while (i < buf.length && (buf[i] === 0x20 || buf[i] === 0x0a || buf[i] === 0x0d || buf[i] === 0x09)) i++;
    this.skipped += i;
    buf = buf.subarray(i);
    // leading whitespace is dropped as it comes, so memory stays flat even for a file of blanks
    this.pending = buf;
    // 106 for the ISA, two more to see whether CR LF follows the terminator
    if (buf.length < ISA_LENGTH + 2 && !atEnd) return;
    this.header = checkIsaHeader(buf.subarray(0, ISA_LENGTH + 2).toString('latin1'), this.skipped);
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
