/**
 * Helpers for tests of the 837P reader (this module's and the API's): build small 837P texts with
 * correct envelopes, and run the reader to a result or an X12Error. No test framework dependency.
 */
import { Readable } from 'node:stream';
import { X12Error } from './errors';
import { parse837, parse837Buffer } from './parse837';
import type { Parse837Options, Parsed837Claim, X12Summary } from './types';

/** The bytes as a stream of `chunkSize` chunks, each after a turn of the event loop (a slow network). */
export function trickle(data: Buffer, chunkSize: number): Readable {
  return Readable.from(
    (async function* () {
      for (let i = 0; i < data.length; i += chunkSize) {
        await new Promise((r) => setImmediate(r));
        yield data.subarray(i, i + chunkSize);
      }
    })(),
    { objectMode: false },
  );
}

/**
 * Every claim and the summary, or the X12Error with the claims yielded before it. `chunkSize` feeds
 * the input in small chunks over several event-loop turns instead of at once.
 */
export async function run(
  data: Buffer | string,
  opts: Parse837Options = {},
  chunkSize?: number,
): Promise<{ claims: Parsed837Claim[]; summary?: X12Summary; error?: X12Error }> {
  const claims: Parsed837Claim[] = [];
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const gen = parse837(chunkSize ? trickle(buf, chunkSize) : Readable.from([buf]), opts);
  try {
    for (;;) {
      const r = await gen.next();
      if (r.done) return { claims, summary: r.value };
      claims.push(r.value);
    }
  } catch (e) {
    if (!(e instanceof X12Error)) throw e;
    return { claims, error: e };
  }
}

/** The X12Error a buffer is refused with (fails the test when it parses). */
export async function refusal(data: Buffer | string, opts: Parse837Options = {}): Promise<X12Error> {
  try {
    await parse837Buffer(data, opts);
  } catch (e) {
    if (e instanceof X12Error) return e;
    throw e;
  }
  throw new Error('expected the file to be refused, but it parsed');
}

/**
 * A one-transaction 837P around `body` (the segments between ST and SE, without terminators), with
 * correct counts and control numbers. Body segment i has segmentIndex 4 + i (ISA 1, GS 2, ST 3).
 */
export function envelope(body: string[], { isa = '000000001', gs = '1', st = '0001', version = '005010X222A1' } = {}): string {
  const lines = [
    `ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *260901*1200*^*00501*${isa}*0*T*:`,
    `GS*HC*SENDER*RECEIVER*20260901*1200*${gs}*X*${version}`,
    `ST*837*${st}*${version}`,
    ...body,
    `SE*${body.length + 2}*${st}`,
    `GE*1*${gs}`,
    `IEA*1*${isa}`,
  ];
  return lines.map((l) => `${l}~\n`).join('');
}

/** A minimal valid transaction body: one claim C1 with one line; edit it with `edit`. */
export const BODY: readonly string[] = [
  'BHT*0019*00*1*20260901*1200*CH', // 4
  'NM1*41*2*SENDER*****46*SENDER', // 5
  'PER*IC*OFFICE*TE*2175550100', // 6
  'NM1*40*2*RECEIVER*****46*RECEIVER', // 7
  'HL*1**20*1', // 8
  'NM1*85*2*SAMPLE CMHC*****XX*1234567893', // 9
  'N3*100 MAIN ST', // 10
  'N4*SPRINGFIELD*IL*62701', // 11
  'REF*EI*371234567', // 12
  'HL*2*1*22*0', // 13
  'SBR*P*18*******MC', // 14
  'NM1*IL*1*DOE*JANE****MI*400999001', // 15
  'DMG*D8*19900315*F', // 16
  'NM1*PR*2*ILLINOIS MEDICAID*****PI*752548221', // 17
  'CLM*C1*100***11:B:1*Y*A*Y*Y', // 18
  'HI*ABK:F329', // 19
  'LX*1', // 20
  'SV1*HC:H0004*100*UN*4***1', // 21
  'DTP*472*D8*20260810', // 22
];

/** BODY with segments replaced (by index into BODY), inserted after an index, or deleted (null). */
export function edit(changes: Record<number, string | string[] | null>, base: readonly string[] = BODY): string[] {
  const out: string[] = [];
  base.forEach((seg, i) => {
    const c = changes[i];
    if (c === undefined) out.push(seg);
    else if (c === null) return;
    else if (Array.isArray(c)) out.push(...c);
    else out.push(c);
  });
  return out;
}

/** BODY index -> file segment index */
export const at = (bodyIndex: number): number => bodyIndex + 4;
