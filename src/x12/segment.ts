/**
 * One segment as the assembler sees it, whichever tokeniser produced it.
 *
 * x12-parser's objects are `{ name, '1': first component of element 1, '1-1': SECOND component,
 * '1-2': third, ... }` (its component keys are shifted by one: the first component is under the
 * element key); `ParserSeg` hides that. `FastSeg` wraps this module's own splitter's arrays.
 */
import type { FormattedSegment } from 'x12-parser';

export interface Seg {
  readonly id: string;
  /** element n (1-based); for a composite, its first component; '' when absent */
  el(n: number): string;
  /** component k (1-based) of element n; '' when absent */
  cp(n: number, k: number): string;
  /** element n without splitting components (used for ISA, whose ISA16 is the component separator) */
  raw(n: number): string;
  /** no identifier and no elements: whitespace between or after segments */
  readonly blank: boolean;
}

const MAX_EL = 64;
const EL_KEYS: string[] = [];
const CP_KEYS: string[][] = [];
for (let n = 0; n <= MAX_EL; n++) {
  EL_KEYS.push(String(n));
  const row: string[] = ['', ''];
  for (let k = 2; k <= 24; k++) row.push(`${n}-${k - 1}`);
  CP_KEYS.push(row);
}

export class ParserSeg implements Seg {
  readonly id: string;
  constructor(private readonly f: FormattedSegment) {
    this.id = f.name;
  }
  get blank(): boolean {
    return this.id === '' && this.f['1'] === undefined;
  }
  el(n: number): string {
    return this.f[EL_KEYS[n] ?? String(n)] ?? '';
  }
  raw(n: number): string {
    // x12-parser never splits ISA elements; other segments are not read raw
    return this.el(n);
  }
  cp(n: number, k: number): string {
    if (k === 1) return this.el(n);
    return this.f[CP_KEYS[n]?.[k] ?? `${n}-${k - 1}`] ?? '';
  }
}

/**
 * A segment from the fast tokeniser: a range of the chunk's text (no copy of the segment is made).
 * Elements are found with indexOf when read (about five times faster than splitting every segment into
 * an array: most segments are only placed in their loop by identifier and qualifier). Values are trimmed
 * as x12-parser trims them, so both tokenisers give the same results. The assembler reuses one FastSeg
 * for every segment (`set`), since it keeps nothing of a segment but its index and identifier.
 */
export class FastSeg implements Seg {
  id = '';
  private text = '';
  private end = 0;
  /** sep[k]: offset of the separator before element k + 1 (so element n starts at sep[n - 1] + 1) */
  private readonly sep: number[] = [0];
  private found = 0;
  private complete = false;
  /** the element whose components were last looked for, and its separator offsets */
  private compsOf = -1;
  private compText = '';
  private readonly compSep: number[] = [];

  constructor(
    private readonly element: string,
    private readonly component: string,
  ) {}

  /** Takes the segment text[start, end) (no terminator, no leading line break). */
  set(text: string, start = 0, end = text.length): this {
    this.text = text;
    this.end = end;
    let e = text.indexOf(this.element, start);
    if (e >= end) e = -1;
    if (e < 0) {
      this.id = text.slice(start, end).trim();
      this.found = 0;
      this.complete = true;
    } else {
      this.id = text.slice(start, e).trim();
      this.sep[0] = e;
      this.found = 1;
      this.complete = false;
    }
    this.compsOf = -1;
    return this;
  }

  get blank(): boolean {
    return this.id === '' && this.found === 0;
  }

  /** The untrimmed text of element n, or undefined when the segment has fewer elements. */
  private value(n: number): string | undefined {
    const sep = this.sep;
    while (this.found <= n && !this.complete) {
      const p = this.text.indexOf(this.element, sep[this.found - 1] + 1);
      if (p < 0 || p >= this.end) this.complete = true;
      else sep[this.found++] = p;
    }
    if (n < 1 || this.found < n) return undefined;
    return this.text.slice(sep[n - 1] + 1, this.found > n ? sep[n] : this.end);
  }

  el(n: number): string {
    const v = this.value(n);
    if (v === undefined) return '';
    const c = v.indexOf(this.component);
    return (c < 0 ? v : v.slice(0, c)).trim();
  }

  raw(n: number): string {
    return (this.value(n) ?? '').trim();
  }

  cp(n: number, k: number): string {
    if (k === 1) return this.el(n);
    if (this.compsOf !== n) {
      const v = this.value(n) ?? '';
      const seps = this.compSep;
      seps.length = 0;
      for (let p = v.indexOf(this.component); p >= 0; p = v.indexOf(this.component, p + 1)) seps.push(p);
      this.compText = v;
      this.compsOf = n;
    }
    const seps = this.compSep;
    if (k - 2 >= seps.length) return '';
    const from = seps[k - 2] + 1;
    const to = k - 1 < seps.length ? seps[k - 1] : this.compText.length;
    return this.compText.slice(from, to).trim();
  }
}
