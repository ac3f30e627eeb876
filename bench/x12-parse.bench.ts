/**
 * X12 837P reader throughput: generates a ~50 MB behavioural-health 837P in a temp dir (size via
 * X12_BENCH_MB), then reads it from disk several ways and prints MB/s and the peak RSS seen while each
 * run was going.
 *
 *   npx ts-node --transpile-only bench/x12-parse.bench.ts
 *
 * Runs: x12-parser alone (tokenising only), the fast splitter alone, and parse837 end to end with each
 * tokeniser (prelude + tokeniser + envelope/loop checks + claim building), so the difference shows
 * where the time goes.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline, Writable } from 'node:stream';
import { once } from 'node:events';
import { execFileSync } from 'node:child_process';
import { X12parser } from 'x12-parser';
import { parse837, type Parse837Options } from '../src/x12';
import { eachSegment, FastTokenizer } from '../src/x12/tokenizer';
import { X12Prelude } from '../src/x12/prelude';
import { formatSegment, write837Segments, type Write837Claim, type Write837Subscriber } from '../src/x12/write837';

const TARGET_MB = Number(process.env.X12_BENCH_MB ?? 50);
const RUNS = Number(process.env.X12_BENCH_RUNS ?? 2);

const CODES: [string, string[], 'UN' | 'MJ', number][] = [
  ['H0004', ['HO'], 'UN', 4], // therapy/counselling, 15-minute units
  ['H2015', ['HN'], 'MJ', 45], // community support, minutes
  ['T1016', [], 'UN', 2], // case management
  ['H0031', [], 'UN', 1], // assessment
  ['H2017', ['HQ'], 'UN', 8], // psychosocial rehabilitation, group
];

function* subscribers(count: number): Generator<Write837Subscriber> {
  for (let s = 0; s < count; s++) {
    const claims: Write837Claim[] = [];
    for (let c = 0; c < 4; c++) {
      const lines = [];
      for (let l = 0; l < 6; l++) {
        const [code, mods, basis, units] = CODES[(s + c + l) % CODES.length];
        const day = 1 + ((c * 7 + l) % 28);
        lines.push({ procedureCode: code, modifiers: mods, unitBasis: basis, units, date: `2026-08-${day < 10 ? '0' : ''}${day}`, renderingNpi: l % 3 === 0 ? '1245319599' : undefined, lineControl: `L${s}-${c}-${l}` });
      }
      claims.push({ claimId: `C${s}-${c}`, diagnoses: ['F329', 'F411'], renderingNpi: '1679576722', lines });
    }
    yield { medicaidId: `${100000000 + s}`, lastName: 'RECIPIENT', firstName: `NUMBER${s}`, birthDate: '1980-05-17', gender: 'F', claims };
  }
}

async function generate(file: string): Promise<number> {
  const out = createWriteStream(file);
  // one transaction, providers of 400 subscribers each, until the size is reached
  const perProvider = 400;
  const bytesPerSubscriber = 2720; // measured: 24 lines of about 113 bytes
  const providers = Math.max(1, Math.ceil((TARGET_MB * 1024 * 1024) / (bytesPerSubscriber * perProvider)));
  function* providerList() {
    for (let p = 0; p < providers; p++) yield { npi: '1234567893', name: `PROVIDER ${p}`, subscribers: subscribers(perProvider) };
  }
  const input = { interchangeControl: '000000777', transactions: [{ control: '0001', providers: providerList() }] };
  let buf = '';
  for (const seg of write837Segments(input)) {
    buf += formatSegment(seg) + '\n';
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
  return statSync(file).size;
}

function rssSampler(): { stop: () => number } {
  let peak = process.memoryUsage().rss;
  const t = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 5);
  return {
    stop: () => {
      clearInterval(t);
      return Math.max(peak, process.memoryUsage().rss);
    },
  };
}

async function time(label: string, bytes: number, run: () => Promise<string>): Promise<void> {
  const results: string[] = [];
  for (let i = 0; i < RUNS; i++) {
    if (global.gc) global.gc();
    const rss = rssSampler();
    const t0 = process.hrtime.bigint();
    const info = await run();
    const secs = Number(process.hrtime.bigint() - t0) / 1e9;
    const peak = rss.stop();
    results.push(`${(bytes / 1024 / 1024 / secs).toFixed(1)} MB/s (${secs.toFixed(2)} s, peak RSS ${(peak / 1024 / 1024).toFixed(0)} MB${info ? `, ${info}` : ''})`);
  }
  console.log(`${label.padEnd(34)} ${results.join('  |  ')}`);
}

function drain(count: (chunk: unknown) => void): Writable {
  return new Writable({
    objectMode: true,
    write(chunk, _enc, cb) {
      count(chunk);
      cb();
    },
  });
}

async function parseAll(file: string, opts: Parse837Options): Promise<string> {
  let lines = 0;
  const gen = parse837(createReadStream(file, { highWaterMark: 256 * 1024 }), opts);
  for (;;) {
    const r = await gen.next();
    if (r.done) {
      if (r.value.lines !== lines) throw new Error('line count mismatch');
      return `${r.value.claims} claims, ${r.value.lines} lines`;
    }
    lines += r.value.lines.length;
  }
}

type Mode = 'plain' | 'x12-parser-alone' | 'fast-alone' | 'parse837-x12-parser' | 'parse837-fast';
const MODES: [Mode, string][] = [
  ['plain', 'plain split (no checks; baseline)'],
  ['x12-parser-alone', 'x12-parser alone (tokenise)'],
  ['fast-alone', 'fast tokeniser alone (+ walk segments)'],
  ['parse837-x12-parser', 'parse837, tokenizer x12-parser'],
  ['parse837-fast', 'parse837, tokenizer fast'],
];

async function measure(mode: Mode, label: string, file: string, mb: number): Promise<void> {
  switch (mode) {
    case 'plain':
      return time(label, mb, async () => {
        let n = 0;
        let rest = '';
        for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 })) {
          const pieces = (rest + (chunk as Buffer).toString('latin1')).split('~');
          rest = pieces.pop() ?? '';
          for (const p of pieces) n += p.split('*').length > 0 ? 1 : 0;
        }
        return `${n} segments`;
      });
    case 'x12-parser-alone':
      return time(label, mb, async () => {
        let n = 0;
        await new Promise<void>((res, rej) =>
          pipeline(createReadStream(file, { highWaterMark: 256 * 1024 }), new X12parser('latin1'), drain(() => n++), (e) => (e ? rej(e) : res())),
        );
        return `${n} segments`;
      });
    case 'fast-alone':
      return time(label, mb, async () => {
        let n = 0;
        const prelude = new X12Prelude();
        await new Promise<void>((res, rej) =>
          pipeline(
            createReadStream(file, { highWaterMark: 256 * 1024 }),
            prelude,
            new FastTokenizer(() => prelude.header?.separators ?? null),
            drain((c) => eachSegment(c as string, '~', () => n++)),
            (e) => (e ? rej(e) : res()),
          ),
        );
        return `${n} segments`;
      });
    case 'parse837-x12-parser':
      return time(label, mb, () => parseAll(file, { tokenizer: 'x12-parser' }));
    case 'parse837-fast':
      return time(label, mb, () => parseAll(file, { tokenizer: 'fast' }));
  }
}

async function main(): Promise<void> {
  // child: one measurement in a fresh process, so the JIT sees one tokeniser only
  const child = process.argv.indexOf('--child');
  if (child >= 0) {
    const [mode, file] = process.argv.slice(child + 1);
    const label = MODES.find(([m]) => m === mode)?.[1] ?? mode;
    await measure(mode as Mode, label, file, statSync(file).size);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'x12-bench-'));
  const file = join(dir, 'bench.837');
  try {
    const bytes = await generate(file);
    console.log(`generated ${(bytes / 1024 / 1024).toFixed(1)} MB 837P at ${file}; node ${process.version}; each line runs in its own process`);
    const base = Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.memoryUsage().rss))']));
    console.log(`RSS of a bare node process: ${(base / 1024 / 1024).toFixed(0)} MB; ts-node adds roughly 100-150 MB to every figure below`);
    for (const [mode] of MODES) {
      const out = execFileSync(process.execPath, [...process.execArgv, __filename, '--child', mode, file], { encoding: 'utf8', env: process.env });
      process.stdout.write(out);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
