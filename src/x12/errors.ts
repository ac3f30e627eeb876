/**
 * Errors and problems of the X12 837P reader.
 *
 * - `X12Error` refuses the whole file: the input is not a well-formed 005010X222A1 837P. It always names
 *   the 1-based segment number (ISA = 1) and the segment identifier where reading stopped.
 * - `X12Problem` is attached to a claim or a line that was read but whose content cannot be taken as
 *   given (an unknown frequency code, a multi-day RD8 range, a unit basis other than UN/MJ, ...). The
 *   file is still well formed; the caller turns each problem into an `INVALID_CLAIM` finding.
 */

export const X12_ERROR_CODES = [
  /** the bytes cannot be split into segments: bad ISA header, separators, bad or unknown segment identifier */
  'X12_SYNTAX',
  /** ISA/IEA, GS/GE, ST/SE pairing, control numbers, counts; missing ISA; truncated file */
  'X12_ENVELOPE',
  /** a well-formed X12 file that is not an 837P 005010X222A1 (999, 835, 837I, 4010, ...) */
  'X12_NOT_837P',
  /** loops and segments out of order, missing required loops or segments, too many repeats */
  'X12_STRUCTURE',
  /** a required element is empty or not of its type (e.g. CLM01, CLM05-3, SV101-2, NM102, LX01) */
  'X12_ELEMENT',
] as const;
export type X12ErrorCode = (typeof X12_ERROR_CODES)[number];

export class X12Error extends Error {
  override readonly name = 'X12Error';
  constructor(
    readonly code: X12ErrorCode,
    /** what went wrong, without the location */
    readonly detail: string,
    /** 1-based index of the segment in the whole file (ISA = 1); 0 when the input is empty */
    readonly segmentIndex: number,
    /** the segment identifier as read ('' when there is none) */
    readonly segmentId: string,
  ) {
    super(`${detail} at segment ${segmentIndex}${segmentId ? ` (${segmentId})` : ''}`);
  }

  toJSON(): { code: X12ErrorCode; message: string; segmentIndex: number; segmentId: string } {
    return { code: this.code, message: this.message, segmentIndex: this.segmentIndex, segmentId: this.segmentId };
  }
}

export function isX12Error(e: unknown): e is X12Error {
  return e instanceof X12Error;
}

/** A content problem on a claim or line that was read; the caller reports it as `INVALID_CLAIM`. */
export interface X12Problem {
  code: 'INVALID_CLAIM';
  /** what is wrong, then where, once: `... (segment 26, DTP)` */
  message: string;
  segmentIndex: number;
  segmentId: string;
}

/** The one place a problem's location is written into its message (callers use the message as it is). */
export function x12Problem(detail: string, segmentIndex: number, segmentId: string): X12Problem {
  return { code: 'INVALID_CLAIM', message: `${detail} (segment ${segmentIndex}, ${segmentId})`, segmentIndex, segmentId };
}

/** An envelope discrepancy tolerated in `envelopeCounts: 'lenient'` mode (see Parse837Options). */
export interface X12EnvelopeWarning {
  code: 'X12_ENVELOPE';
  message: string;
  segmentIndex: number;
  segmentId: string;
}
