/**
 * X12 837P (005010X222A1) intake: turns a professional claim file into the `ClaimInput`s the JSON path
 * checks, each claim and line located in the file.
 *
 * API
 *   parse837(input: Readable, opts?): AsyncGenerator<Parsed837Claim, X12Summary>
 *   parse837Batches(input, { batchSize, ...opts }): AsyncGenerator<{ kind: 'claims', claims } | X12Summary>
 *   parse837Buffer(buf | string, opts?): Promise<{ claims, summary }>
 *   allProblems(claim): X12Problem[]        claim + line problems, each to be reported as INVALID_CLAIM
 *   X12Error { code, segmentIndex, segmentId, detail, message }   the whole file is refused
 *   describeStart(bytes, offset): what an input starts with (a byte order mark, UTF-16, the first bytes)
 *
 * Never a silent partial result: claims are yielded as they complete, before the trailers are read.
 * If the generator throws, the file is refused as a whole; discard whatever was done with the claims
 * already received. The file is complete only once the summary has been returned / yielded.
 *
 * Pipeline (stream.pipeline, so an error anywhere reaches the caller and closes everything):
 *   bytes -> X12Prelude (BOM, leading blanks, fixed-length ISA check, separators)
 *         -> tokeniser: x12-parser's X12parser('latin1') by default, or FastTokenizer (opts.tokenizer)
 *         -> Assembler (envelope, 837P loops via schema.ts, claim building)
 *
 * Reading choices
 *   - segmentIndex: 1-based over the whole file, ISA = 1; blank text between segments is not counted.
 *     A claim is located at its CLM, a line at its SV1 (lineNumber = LX01).
 *   - Envelope: strict by default; `envelopeCounts: 'lenient'` turns wrong SE01/GE01/IEA01 counts and
 *     duplicate GS06/ST02 into summary.envelopeWarnings (needed for the public imsweb samples, whose
 *     SE01 is always 25). Control-number pairing and closing are never relaxed.
 *   - ISA11 holding a letter (the 004010 "U" many senders still write) means no repetition separator.
 *   - Text is decoded latin1 by the tokeniser (lossless), then names/IDs with bytes >= 0x80 are read as
 *     UTF-8 when valid UTF-8, else Latin-1 (`opts.encoding` forces one).
 *   - Patient loop (HL*23 / 2010CA): medicaidId and birth date stay the subscriber's (2010BA): for
 *     Medicaid the subscriber is the patient. The separate patient is reported in `claim.patient`.
 *   - Content that is well formed X12 but unusable is a problem on the claim or line, not a refusal:
 *     CLM05-3 other than 1/7/8 (frequency then reads ORIGINAL, the problem makes it fail), 7/8 without
 *     REF*F8, an RD8 range of more than one day (dateOfService = first day), no or a bad DTP*472, SV103
 *     other than UN/MJ, a non-positive SV104, SV101-1 other than HC, NM1*82/85 without an XX NPI, an HI
 *     composite without its code (the imsweb samples write HI*BK*8901), a repeated LX01 in a claim.
 *   - Missing required elements the reader relies on (NM101/NM102, CLM01/02/05-1/05-2/05-3, LX01,
 *     SV101-1/-2, SV103, SV104, DTP01, HL01, ST02, GS06, SE01, GE01, IEA01) refuse the file (X12_ELEMENT).
 *   - HL01/HL02 numbering is not checked (the samples reuse HL ids); levels and their order are.
 *
 * Speed: x12-parser builds an object with string keys per segment and cleans every element with a
 * regex; with one stream write per segment it is the bottleneck (bench/x12-parse.bench.ts). The fast
 * tokeniser splits per chunk with the ISA's separators and finds elements with indexOf only when read;
 * the tests run both tokenisers on every file and require identical results.
 */
export { parse837, parse837Batches, parse837Buffer, allProblems } from './parse837';
export { X12Error, X12_ERROR_CODES, isX12Error } from './errors';
export type { X12ErrorCode, X12Problem, X12EnvelopeWarning } from './errors';
export type { Parsed837Claim, Parsed837Line, Parse837Options, Parse837Batch, X12Summary, X12Separators } from './types';
export { describeStart } from './prelude';
export { write837, write837Segments, formatSegment } from './write837';
export type { Write837Input, Write837Transaction, Write837Provider, Write837Subscriber, Write837Claim, Write837Line } from './write837';
