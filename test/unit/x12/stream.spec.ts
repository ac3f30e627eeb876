/** Streaming behaviour: claims as they complete, chunk boundaries anywhere, flat memory, early stop. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { parse837, parse837Batches, parse837Buffer, allProblems, type Parse837Batch, type X12Summary } from '../../../src/x12';
import { run, trickle } from '../../../src/x12/testing';
import { formatSegment, write837Segments, type Write837Input, type Write837Subscriber } from '../../../src/x12/write837';

const FIXTURES = path.resolve(__dirname, '../../../fixtures/x12');
const fixture = (name: string): Buffer => fs.readFileSync(path.join(FIXTURES, name));
const TOKENIZERS = ['x12-parser', 'fast'] as const;

function* subscribers(n: number): Generator<Write837Subscriber> {
  for (let s = 0; s < n; s++) {
    yield {
      medicaidId: String(400000000 + s),
      lastName: 'RECIPIENT',
      firstName: `N${s}`,
      birthDate: '1980-01-01',
      claims: [
        {
          claimId: `C${s}`,
          diagnoses: ['F329'],
          renderingNpi: '1245319599',
          lines: [
            { procedureCode: 'H0004', units: 4, date: '2026-08-10' },
            { procedureCode: 'H2015', unitBasis: 'MJ', units: 45, date: '2026-08-11' },
            { procedureCode: 'T1016', units: 2, date: '2026-08-12' },
          ],
        },
      ],
    };
  }
}

/** A large file generated while it is read (never held whole); counts the bytes handed out so far. */
function generated(subscriberCount: number): { stream: Readable; bytesOut: () => number } {
  const input: Write837Input = {
    transactions: [{ control: '0001', providers: (function* () { for (let p = 0; ; p++) { if (p * 500 >= subscriberCount) return; yield { npi: '1234567893', name: `P${p}`, subscribers: subscribers(Math.min(500, subscriberCount - p * 500)) }; } })() }],
  };
  let out = 0;
  const segs = write837Segments(input);
  const stream = Readable.from(
    (function* () {
      let buf = '';
      for (const s of segs) {
        buf += formatSegment(s) + '\n';
        if (buf.length >= 16 * 1024) {
          out += buf.length;
          yield Buffer.from(buf, 'latin1');
          buf = '';
        }
      }
      out += buf.length;
      yield Buffer.from(buf, 'latin1');
    })(),
    { objectMode: false },
  );
  return { stream, bytesOut: () => out };
}

describe.each(TOKENIZERS)('streaming (tokenizer %s)', (tokenizer) => {
  it('yields the first claim long before the input has been read (read-ahead stays under 1 MB)', async () => {
    const { stream, bytesOut } = generated(10000);
    let firstAt = -1;
    let claims = 0;
    const gen = parse837(stream, { tokenizer });
    for (;;) {
      const r = await gen.next();
      if (r.done) {
        expect(r.value.claims).toBe(10000);
        break;
      }
      if (claims++ === 0) firstAt = bytesOut();
    }
    expect(firstAt).toBeGreaterThan(0);
    expect(bytesOut()).toBeGreaterThan(4 * 1024 * 1024);
    expect(firstAt).toBeLessThan(1024 * 1024);
  });

  it.each(['demo-bh.837', 'bom.837', 'crlf.837', 'sep-pipe-newline.837', 'name-utf8.837', 'frequency.837'])(
    '%s gives the same result in 1-byte and 7-byte chunks as whole',
    async (file) => {
      const whole = await run(fixture(file), { tokenizer });
      expect(whole.summary?.complete).toBe(true);
      expect(await run(fixture(file), { tokenizer }, 1)).toEqual(whole);
      expect(await run(fixture(file), { tokenizer }, 7)).toEqual(whole);
    },
  );

  it('stopping early closes the input and throws nothing', async () => {
    const { stream } = generated(2000);
    const seen: string[] = [];
    for await (const claim of parse837(stream, { tokenizer })) {
      seen.push(claim.claimId);
      if (seen.length === 3) break;
    }
    expect(seen).toEqual(['C0', 'C1', 'C2']);
    await new Promise((r) => setImmediate(r));
    expect(stream.destroyed).toBe(true);
  });

  it('onSummary is called once, at the end, and only for a complete file', async () => {
    const summaries: X12Summary[] = [];
    const r = await run(fixture('demo-bh.837'), { tokenizer, onSummary: (s) => summaries.push(s) });
    expect(summaries).toEqual([r.summary]);
    const failed: X12Summary[] = [];
    await run(fixture('env-no-iea.837'), { tokenizer, onSummary: (s) => failed.push(s) });
    expect(failed).toEqual([]);
  });
});

describe('parse837Batches', () => {
  it('yields batches of the given size, then the summary last', async () => {
    const items: Parse837Batch[] = [];
    for await (const item of parse837Batches(generated(25).stream, { batchSize: 10 })) items.push(item);
    expect(items.map((i) => (i.kind === 'claims' ? i.claims.length : 'summary'))).toEqual([10, 10, 5, 'summary']);
    expect(items[3]).toMatchObject({ kind: 'summary', complete: true, claims: 25, lines: 75 });
  });

  it('throws after batches when the file turns out broken', async () => {
    const items: Parse837Batch[] = [];
    const broken = Buffer.concat([fixture('valid-small.837').subarray(0, 700)]);
    await expect(
      (async () => {
        for await (const item of parse837Batches(trickle(broken, 50), { batchSize: 1 })) items.push(item);
      })(),
    ).rejects.toMatchObject({ name: 'X12Error', code: 'X12_ENVELOPE' });
    expect(items.every((i) => i.kind === 'claims')).toBe(true);
  });
});

describe('parse837Buffer', () => {
  it('takes a Buffer, a Uint8Array or a string', async () => {
    const buf = fixture('demo-bh.837');
    const a = await parse837Buffer(buf);
    expect(a.claims).toHaveLength(3);
    expect(await parse837Buffer(new Uint8Array(buf))).toEqual(a);
    expect(await parse837Buffer(buf.toString('latin1'))).toEqual(a);
  });

  it('allProblems gathers claim and line problems', async () => {
    const { claims } = await parse837Buffer(fixture('rd8.837'));
    expect(allProblems(claims[0]).map((p) => p.segmentId)).toEqual(['DTP']);
    const { claims: f } = await parse837Buffer(fixture('frequency.837'));
    expect(f.map((c) => allProblems(c).length)).toEqual([0, 0, 1, 1]);
  });
});

describe('memory', () => {
  it('stays flat while a 16 MB file streams through (the claims are not kept)', async () => {
    const { stream, bytesOut } = generated(40000);
    if (global.gc) global.gc();
    const before = process.memoryUsage().heapUsed;
    let peak = before;
    let n = 0;
    for await (const claim of parse837(stream, { tokenizer: 'fast' })) {
      n += claim.lines.length;
      if (n % 3000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    expect(n).toBe(120000);
    expect(bytesOut()).toBeGreaterThan(15 * 1024 * 1024);
    // holding the text alone would add 16 MB, holding the claims several times that
    expect(peak - before).toBeLessThan(48 * 1024 * 1024);
  }, 60_000);
});
