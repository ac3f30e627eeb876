/**
 * Second half of the pipeline, on segments: checks the envelope (ISA/GS/ST ... SE/GE/IEA), places each
 * segment of a transaction set in its 837P loop (schema.ts), and builds one `Parsed837Claim` per CLM.
 * A claim is pushed downstream as soon as it is complete (at the next CLM, HL or SE), so memory does not
 * grow with the file. At the end of input it pushes one `X12Summary`, only if every envelope closed.
 */
import { Transform, type TransformCallback } from 'node:stream';
import { isDateOnly, type DateOnly } from '../rules/dates';
import type { ClaimFrequency } from '../rules/vocabulary';
import { X12Error, x12Problem, type X12EnvelopeWarning, type X12ErrorCode, type X12Problem } from './errors';
import { LoopMatcher, SEGMENT_IDS_837P } from './schema';
import { eachSegment } from './tokenizer';
import { FastSeg, ParserSeg, type Seg } from './segment';
import type { FormattedSegment } from 'x12-parser';
import type { Parse837Options, Parsed837Claim, Parsed837Line, X12Separators, X12Summary } from './types';

const SEGMENT_ID_RE = /^[A-Z][A-Z0-9]{1,2}$/;
const NON_ASCII_RE = /[\u0080-\uffff]/;
const DATE8_RE = /^(\d{4})(\d{2})(\d{2})$/;
const NUMBER_RE = /^-?(\d+\.?\d*|\.\d+)$/;

const FREQUENCIES: Record<string, ClaimFrequency> = { '1': 'ORIGINAL', '7': 'REPLACEMENT', '8': 'VOID' };
const PRINCIPAL_DX = new Set(['ABK', 'BK']);
const OTHER_DX = new Set(['ABF', 'BF']);

const enum Env {
  Start,
  InInterchange,
  InGroup,
  InTransaction,
  AfterInterchange,
}

interface Subscriber {
  medicaidId?: string;
  birthDate?: DateOnly;
  name?: string;
  problems: X12Problem[];
}

export interface AssemblerOptions {
  envelopeCounts: NonNullable<Parse837Options['envelopeCounts']>;
  encoding: NonNullable<Parse837Options['encoding']>;
  /** the separators the first ISA declared (the prelude read them) */
  separators: () => X12Separators | null;
}

/** dates repeat a lot in a file; remember the last few thousand CCYYMMDD values read */
const date8Cache = new Map<string, DateOnly | null>();

function date8(v: string): DateOnly | null {
  const hit = date8Cache.get(v);
  if (hit !== undefined) return hit;
  const m = DATE8_RE.exec(v);
  let d: DateOnly | null = null;
  if (m) {
    const iso = `${m[1]}-${m[2]}-${m[3]}`;
    if (isDateOnly(iso)) d = iso;
  }
  if (date8Cache.size >= 4096) date8Cache.clear();
  date8Cache.set(v, d);
  return d;
}

function personName(s: Seg, text: (v: string) => string): string | undefined {
  const last = text(s.el(3));
  const first = [s.el(4), s.el(5)].filter(Boolean).map(text).join(' ');
  if (!last && !first) return undefined;
  return first ? `${last}, ${first}` : last;
}

export class Assembler extends Transform {
  private index = 0;
  private lastId = '';
  private env = Env.Start;
  private readonly matcher = new LoopMatcher();
  private cursor: FastSeg | null = null;
  private terminator = '';
  private readonly onRange = (text: string, start: number, end: number): void => {
    this.segment((this.cursor as FastSeg).set(text, start, end));
  };

  // envelope state
  private isaControl = '';
  private isaIndex = 0;
  private isaComponent = '';
  private isaRepetition = '';
  private gsControl = '';
  private gsIndex = 0;
  private gsFunctionalId = '';
  private gsVersion = '';
  private stControl = '';
  private stIndex = 0;
  private groupsInInterchange = 0;
  private setsInGroup = 0;
  private groupControls = new Set<string>();
  private setControls = new Set<string>();

  // totals
  private interchanges = 0;
  private groups = 0;
  private transactions = 0;
  private claimCount = 0;
  private lineCount = 0;
  private claimsWithProblems = 0;
  private readonly warnings: X12EnvelopeWarning[] = [];
  private sawUtf8 = false;
  private sawLatin1 = false;

  // claim building
  private billingNpi: string | undefined;
  private billingProblems: X12Problem[] = [];
  private subscriber: Subscriber = { problems: [] };
  private patient: Parsed837Claim['patient'];
  private claim: Parsed837Claim | null = null;
  private line: Parsed837Line | null = null;
  private lineNumbers = new Set<number>();
  /** lines of the current claim that had a DTP*472 (even an unreadable one, which is its own problem) */
  private datedLines = new Set<Parsed837Line>();
  private claimPos = '';

  constructor(private readonly opts: AssemblerOptions) {
    // both tokenisers send one item per input chunk (one in flight is enough)
    super({ writableObjectMode: true, readableObjectMode: true, writableHighWaterMark: 1, readableHighWaterMark: 16 });
  }

  /** x12-parser (BatchedX12parser) pushes arrays of segment objects; the fast tokeniser text of whole segments */
  override _transform(chunk: FormattedSegment[] | string, _enc: BufferEncoding, cb: TransformCallback): void {
    try {
      if (typeof chunk === 'string') {
        if (!this.cursor) {
          const seps = this.opts.separators();
          if (!seps) throw new Error('the ISA separators are not known');
          this.cursor = new FastSeg(seps.element, seps.component);
          this.terminator = seps.segment;
        }
        eachSegment(chunk, this.terminator, this.onRange);
      } else {
        for (const f of chunk) this.segment(new ParserSeg(f));
      }
      cb();
    } catch (e) {
      cb(e as Error);
    }
  }

  override _flush(cb: TransformCallback): void {
    try {
      this.finish();
      cb();
    } catch (e) {
      cb(e as Error);
    }
  }

  /** The segment number and identifier reached so far (for errors raised outside the assembler). */
  position(): { segmentIndex: number; segmentId: string } {
    return { segmentIndex: this.index, segmentId: this.lastId };
  }

  // ---------------------------------------------------------------- helpers

  private fail(code: X12ErrorCode, detail: string, s?: Seg): never {
    throw new X12Error(code, detail, this.index, s ? s.id : this.lastId);
  }

  private required(s: Seg, n: number, k = 0): string {
    const v = k ? s.cp(n, k) : s.el(n);
    if (v === '') {
      const name = `${s.id}${n < 10 ? '0' : ''}${n}${k ? `-${k}` : ''}`;
      this.fail('X12_ELEMENT', `required element ${name} is empty`, s);
    }
    return v;
  }

  /** Count and uniqueness discrepancies: refused in strict mode, reported in lenient mode. */
  private countMismatch(detail: string, s: Seg): void {
    if (this.opts.envelopeCounts === 'strict') this.fail('X12_ENVELOPE', detail, s);
    this.warnings.push({ code: 'X12_ENVELOPE', message: `${detail} at segment ${this.index} (${s.id})`, segmentIndex: this.index, segmentId: s.id });
  }

  private problem(message: string, s: Seg): X12Problem {
    return x12Problem(message, this.index, s.id);
  }

  private text(v: string): string {
    if (!NON_ASCII_RE.test(v)) return v;
    const mode = this.opts.encoding;
    if (mode === 'latin1') {
      this.sawLatin1 = true;
      return v;
    }
    const utf8 = Buffer.from(v, 'latin1').toString('utf8');
    if (mode === 'utf-8' || !utf8.includes('\ufffd')) {
      this.sawUtf8 = true;
      return utf8;
    }
    this.sawLatin1 = true;
    return v;
  }

  // ---------------------------------------------------------------- segments

  private segment(s: Seg): void {
    if (s.blank) return;
    this.index++;
    const id = s.id;
    this.lastId = id;
    if (!SEGMENT_IDS_837P.has(id)) {
      if (!SEGMENT_ID_RE.test(id)) this.fail('X12_SYNTAX', `bad segment identifier ${JSON.stringify(id)}`, s);
      if (this.env !== Env.InTransaction) this.fail('X12_ENVELOPE', `segment ${id} outside a transaction set (no ST before it)`, s);
      this.fail('X12_SYNTAX', `unknown segment identifier ${id}: it is not part of an 837P 005010X222A1`, s);
    }
    switch (id) {
      case 'ISA':
        return this.isa(s);
      case 'GS':
        return this.gs(s);
      case 'ST':
        return this.st(s);
      case 'SE':
        return this.se(s);
      case 'GE':
        return this.ge(s);
      case 'IEA':
        return this.iea(s);
    }
    if (this.env !== Env.InTransaction) this.fail('X12_ENVELOPE', `segment ${id} outside a transaction set (no ST before it)`, s);
    const loop = this.matcher.match(s, this.index);
    this.body(s, loop);
  }

  private isa(s: Seg): void {
    if (this.env === Env.InInterchange || this.env === Env.InGroup || this.env === Env.InTransaction) {
      this.fail('X12_ENVELOPE', `ISA inside interchange ${this.isaControl} (started at segment ${this.isaIndex}): its IEA is missing`, s);
    }
    if (s.el(12) !== '00501') this.fail('X12_NOT_837P', `not an 837P: ISA12 is ${JSON.stringify(s.el(12))}; an 837P 005010X222A1 comes in a 005010 interchange (ISA12 00501)`, s);
    const seps = this.opts.separators();
    const component = s.raw(16);
    const repetition = /^[A-Za-z0-9]$/.test(s.el(11)) ? '' : s.el(11);
    if (this.interchanges === 0) {
      this.isaComponent = seps?.component ?? component;
      this.isaRepetition = seps?.repetition ?? repetition;
    } else if (component !== this.isaComponent || repetition !== this.isaRepetition) {
      this.fail('X12_SYNTAX', `this interchange declares other separators than the first one (ISA11 ${JSON.stringify(repetition)}, ISA16 ${JSON.stringify(component)}); one file must use one set`, s);
    }
    const control = s.el(13);
    if (!/^\d{9}$/.test(control)) this.fail('X12_ELEMENT', `ISA13 interchange control number must be 9 digits, got ${JSON.stringify(control)}`, s);
    this.isaControl = control;
    this.isaIndex = this.index;
    this.interchanges++;
    this.groupsInInterchange = 0;
    this.groupControls = new Set();
    this.env = Env.InInterchange;
  }

  private gs(s: Seg): void {
    if (this.env !== Env.InInterchange) {
      if (this.env === Env.InGroup) this.fail('X12_ENVELOPE', `GS inside functional group ${this.gsControl} (started at segment ${this.gsIndex}): its GE is missing`, s);
      if (this.env === Env.InTransaction) this.fail('X12_ENVELOPE', `GS inside transaction set ${this.stControl} (started at segment ${this.stIndex}): its SE is missing`, s);
      this.fail('X12_ENVELOPE', 'GS outside an interchange: no ISA before it', s);
    }
    this.gsFunctionalId = s.el(1);
    this.gsVersion = s.el(8);
    const control = this.required(s, 6);
    if (this.groupControls.has(control)) this.countMismatch(`GS06 group control number ${control} is used twice in interchange ${this.isaControl}`, s);
    this.groupControls.add(control);
    this.gsControl = control;
    this.gsIndex = this.index;
    this.groups++;
    this.groupsInInterchange++;
    this.setsInGroup = 0;
    this.setControls = new Set();
    this.env = Env.InGroup;
  }

  private st(s: Seg): void {
    if (this.env !== Env.InGroup) {
      if (this.env === Env.InTransaction) this.fail('X12_ENVELOPE', `ST inside transaction set ${this.stControl} (started at segment ${this.stIndex}): its SE is missing`, s);
      this.fail('X12_ENVELOPE', 'ST outside a functional group: no GS before it', s);
    }
    const type = s.el(1);
    if (type !== '837') this.fail('X12_NOT_837P', `not an 837P: ST01 is ${type || 'empty'}${type === '999' ? ' (an implementation acknowledgment)' : type === '835' ? ' (a remittance advice)' : ''}`, s);
    const version = s.el(3);
    for (const [where, v] of [['ST03', version], ['GS08', this.gsVersion]] as const) {
      if (v === '' || v.startsWith('005010X222')) continue;
      const kind = v.startsWith('005010X223') ? ' is an 837I (institutional)' : v.startsWith('005010X224') ? ' is an 837D (dental)' : '';
      const at = where === 'GS08' ? ` (GS at segment ${this.gsIndex})` : '';
      this.fail('X12_NOT_837P', `not an 837P: ${where} ${v}${kind}${at}; expected 005010X222A1`, s);
    }
    if (version === '' && this.gsVersion === '') this.fail('X12_NOT_837P', 'not an 837P: neither ST03 nor GS08 names the 005010X222A1 implementation guide', s);
    if (this.gsFunctionalId !== 'HC') {
      throw new X12Error('X12_NOT_837P', `not an 837P: GS01 is ${JSON.stringify(this.gsFunctionalId)}, an 837 group must be HC (health care claim)`, this.gsIndex, 'GS');
    }
    const control = this.required(s, 2);
    if (this.setControls.has(control)) this.countMismatch(`ST02 transaction set control number ${control} is used twice in functional group ${this.gsControl}`, s);
    this.setControls.add(control);
    this.stControl = control;
    this.stIndex = this.index;
    this.transactions++;
    this.setsInGroup++;
    this.env = Env.InTransaction;
    this.matcher.begin();
    this.billingNpi = undefined;
    this.billingProblems = [];
    this.subscriber = { problems: [] };
    this.patient = undefined;
  }

  private se(s: Seg): void {
    if (this.env !== Env.InTransaction) this.fail('X12_ENVELOPE', 'SE without a matching ST', s);
    this.flushClaim();
    this.matcher.end(s, this.index);
    const declared = this.required(s, 1);
    const actual = this.index - this.stIndex + 1;
    if (!/^\d+$/.test(declared)) this.fail('X12_ELEMENT', `SE01 must be a number, got ${JSON.stringify(declared)}`, s);
    if (Number(declared) !== actual) {
      this.countMismatch(`SE01 says ${declared} segments but transaction set ${this.stControl} has ${actual} (ST at segment ${this.stIndex} to SE)`, s);
    }
    const control = s.el(2);
    if (control !== this.stControl) this.fail('X12_ENVELOPE', `SE02 ${JSON.stringify(control)} does not match ST02 ${JSON.stringify(this.stControl)} (ST at segment ${this.stIndex})`, s);
    this.env = Env.InGroup;
  }

  private ge(s: Seg): void {
    if (this.env !== Env.InGroup) {
      if (this.env === Env.InTransaction) this.fail('X12_ENVELOPE', `GE before the SE of transaction set ${this.stControl} (started at segment ${this.stIndex})`, s);
      this.fail('X12_ENVELOPE', 'GE without a matching GS', s);
    }
    const declared = this.required(s, 1);
    if (!/^\d+$/.test(declared)) this.fail('X12_ELEMENT', `GE01 must be a number, got ${JSON.stringify(declared)}`, s);
    if (Number(declared) !== this.setsInGroup) {
      this.countMismatch(`GE01 says ${declared} transaction sets but functional group ${this.gsControl} has ${this.setsInGroup}`, s);
    }
    const control = s.el(2);
    if (control !== this.gsControl) this.fail('X12_ENVELOPE', `GE02 ${JSON.stringify(control)} does not match GS06 ${JSON.stringify(this.gsControl)} (GS at segment ${this.gsIndex})`, s);
    this.env = Env.InInterchange;
  }

  private iea(s: Seg): void {
    if (this.env !== Env.InInterchange) {
      if (this.env === Env.InGroup) this.fail('X12_ENVELOPE', `IEA before the GE of functional group ${this.gsControl} (started at segment ${this.gsIndex})`, s);
      if (this.env === Env.InTransaction) this.fail('X12_ENVELOPE', `IEA before the SE of transaction set ${this.stControl} (started at segment ${this.stIndex})`, s);
      this.fail('X12_ENVELOPE', 'IEA without a matching ISA', s);
    }
    const declared = this.required(s, 1);
    if (!/^\d+$/.test(declared)) this.fail('X12_ELEMENT', `IEA01 must be a number, got ${JSON.stringify(declared)}`, s);
    if (Number(declared) !== this.groupsInInterchange) {
      this.countMismatch(`IEA01 says ${declared} functional groups but interchange ${this.isaControl} has ${this.groupsInInterchange}`, s);
    }
    const control = s.el(2);
    if (control !== this.isaControl) this.fail('X12_ENVELOPE', `IEA02 ${JSON.stringify(control)} does not match ISA13 ${JSON.stringify(this.isaControl)} (ISA at segment ${this.isaIndex})`, s);
    this.env = Env.AfterInterchange;
  }

  private finish(): void {
    const at = (what: string): never => {
      throw new X12Error('X12_ENVELOPE', `truncated file: the input ends inside ${what}`, this.index, this.lastId);
    };
    switch (this.env) {
      case Env.Start:
        throw new X12Error('X12_ENVELOPE', 'empty input: no ISA interchange header', 0, '');
      case Env.InTransaction:
        at(`transaction set ${this.stControl} (ST at segment ${this.stIndex}) without its SE, GE and IEA`);
        break;
      case Env.InGroup:
        at(`functional group ${this.gsControl} (GS at segment ${this.gsIndex}) without its GE and IEA`);
        break;
      case Env.InInterchange:
        at(`interchange ${this.isaControl} (ISA at segment ${this.isaIndex}) without its IEA`);
        break;
      case Env.AfterInterchange:
        break;
    }
    const seps = this.opts.separators();
    const summary: X12Summary = {
      kind: 'summary',
      complete: true,
      interchanges: this.interchanges,
      groups: this.groups,
      transactions: this.transactions,
      claims: this.claimCount,
      lines: this.lineCount,
      claimsWithProblems: this.claimsWithProblems,
      segments: this.index,
      separators: seps ?? { element: '', component: this.isaComponent, repetition: this.isaRepetition, segment: '' },
      encoding: this.sawUtf8 ? (this.sawLatin1 ? 'mixed' : 'utf-8') : this.sawLatin1 ? 'latin1' : 'ascii',
      envelopeWarnings: this.warnings,
    };
    this.push(summary);
  }

  // ---------------------------------------------------------------- transaction body

  private body(s: Seg, loop: string): void {
    switch (s.id) {
      case 'HL':
        this.required(s, 1);
        this.flushClaim();
        if (loop === '2000A') {
          this.billingNpi = undefined;
          this.billingProblems = [];
          this.subscriber = { problems: [] };
          this.patient = undefined;
        } else if (loop === '2000B') {
          this.subscriber = { problems: [] };
          this.patient = undefined;
        } else if (loop === '2000C') {
          this.patient = { segmentIndex: this.index };
        }
        return;
      case 'NM1':
        return this.nm1(s, loop);
      case 'DMG':
        if (loop === '2010BA' || loop === '2010CA') {
          const d = s.el(1) === 'D8' ? date8(s.el(2)) : null;
          if (loop === '2010BA') {
            if (d) this.subscriber.birthDate = d;
            else this.subscriber.problems.push(this.problem(`subscriber birth date DMG ${JSON.stringify(`${s.el(1)}*${s.el(2)}`)} is not D8 CCYYMMDD`, s));
          } else if (this.patient && d) {
            this.patient.birthDate = d;
          }
        }
        return;
      case 'PAT':
        if (loop === '2000C' && this.patient) this.patient.relationshipCode = s.el(1);
        return;
      case 'CLM':
        return this.clm(s);
      case 'HI':
        if (this.claim) this.hi(s, this.claim);
        return;
      case 'REF':
        if (loop === '2300' && this.claim && s.el(1) === 'F8') this.claim.payerClaimControlNumber = this.text(s.el(2));
        else if (loop === '2400' && this.line && s.el(1) === '6R' && s.el(2)) this.line.lineId = this.text(s.el(2));
        return;
      case 'LX':
        return this.lx(s);
      case 'SV1':
        if (this.line) this.sv1(s, this.line);
        return;
      case 'DTP':
        if (loop === '2400' && this.line) {
          this.required(s, 1);
          if (s.el(1) === '472') this.dtp472(s, this.line);
        }
        return;
    }
  }

  private nm1(s: Seg, loop: string): void {
    this.required(s, 1);
    this.required(s, 2);
    switch (loop) {
      case '2010AA':
        if (s.el(8) === 'XX' && s.el(9)) this.billingNpi = s.el(9);
        else this.billingProblems.push(this.problem('billing provider NM1*85 has no NPI (NM108 must be XX with the NPI in NM109)', s));
        return;
      case '2010BA': {
        const id = this.text(s.el(9));
        if (id) this.subscriber.medicaidId = id;
        else this.subscriber.problems.push(this.problem('subscriber NM1*IL has no member ID (NM109)', s));
        this.subscriber.name = personName(s, (v) => this.text(v));
        return;
      }
      case '2010CA':
        if (this.patient) this.patient.name = personName(s, (v) => this.text(v));
        return;
      case '2310B':
        if (!this.claim) return;
        if (s.el(8) === 'XX' && s.el(9)) this.claim.renderingNpi = s.el(9);
        else this.claim.problems.push(this.problem(`claim rendering provider NM1*82 has no NPI (NM108 is ${JSON.stringify(s.el(8))}, must be XX)`, s));
        return;
      case '2420A':
        if (!this.line) return;
        if (s.el(8) === 'XX' && s.el(9)) this.line.renderingNpi = s.el(9);
        else this.line.problems.push(this.problem(`line rendering provider NM1*82 has no NPI (NM108 is ${JSON.stringify(s.el(8))}, must be XX)`, s));
        return;
    }
  }

  private clm(s: Seg): void {
    this.flushClaim();
    const claimId = this.text(this.required(s, 1));
    this.required(s, 2);
    const pos = this.required(s, 5, 1);
    this.required(s, 5, 2);
    const freq = this.required(s, 5, 3);
    const problems: X12Problem[] = [...this.billingProblems, ...this.subscriber.problems];
    let frequency = FREQUENCIES[freq];
    if (!frequency) {
      problems.push(this.problem(`claim frequency CLM05-3 ${JSON.stringify(freq)} is not 1 (original), 7 (replacement) or 8 (void)`, s));
      frequency = 'ORIGINAL';
    }
    const claim: Parsed837Claim = {
      claimId,
      frequency,
      frequencyCode: freq,
      placeOfService: pos,
      diagnoses: [],
      lines: [],
      location: { transactionControlNumber: this.stControl, claimId, segmentIndex: this.index },
      problems,
      interchangeControlNumber: this.isaControl,
    };
    if (this.billingNpi !== undefined) claim.billingNpi = this.billingNpi;
    if (this.subscriber.medicaidId !== undefined) claim.medicaidId = this.subscriber.medicaidId;
    if (this.subscriber.birthDate !== undefined) claim.recipientBirthDate = this.subscriber.birthDate;
    if (this.subscriber.name !== undefined) claim.subscriberName = this.subscriber.name;
    if (this.patient) claim.patient = { ...this.patient };
    this.claim = claim;
    this.claimPos = pos;
    this.line = null;
    this.lineNumbers = new Set();
    this.datedLines = new Set();
  }

  private hi(s: Seg, claim: Parsed837Claim): void {
    const dx = claim.diagnoses ?? (claim.diagnoses = []);
    for (let n = 1; n <= 12; n++) {
      const qual = s.el(n);
      if (qual === '') continue;
      const principal = PRINCIPAL_DX.has(qual);
      if (!principal && !OTHER_DX.has(qual)) continue;
      const code = s.cp(n, 2);
      if (code === '') {
        claim.problems.push(this.problem(`HI${n < 10 ? '0' : ''}${n} ${JSON.stringify(qual)} has no diagnosis code (component 2)`, s));
        continue;
      }
      if (principal) dx.unshift(code);
      else dx.push(code);
    }
  }

  private lx(s: Seg): void {
    const claim = this.claim;
    if (!claim) return;
    const raw = this.required(s, 1);
    if (!/^\d{1,6}$/.test(raw) || Number(raw) < 1) this.fail('X12_ELEMENT', `LX01 must be a positive whole number, got ${JSON.stringify(raw)}`, s);
    const lineNumber = Number(raw);
    const line: Parsed837Line = {
      lineId: raw,
      dateOfService: '',
      units: 0,
      location: { transactionControlNumber: this.stControl, claimId: claim.claimId, lineNumber, segmentIndex: this.index },
      problems: [],
    };
    if (this.lineNumbers.has(lineNumber)) line.problems.push(this.problem(`line number LX01 ${lineNumber} is used twice in claim ${claim.claimId}`, s));
    this.lineNumbers.add(lineNumber);
    claim.lines.push(line);
    this.line = line;
  }

  private sv1(s: Seg, line: Parsed837Line): void {
    line.location.segmentIndex = this.index;
    const qual = this.required(s, 1, 1);
    line.procedureCode = this.required(s, 1, 2);
    if (qual !== 'HC') line.problems.push(this.problem(`SV101-1 is ${JSON.stringify(qual)}; procedure codes are read as HCPCS (HC)`, s));
    const modifiers: string[] = [];
    for (let k = 3; k <= 6; k++) {
      const m = s.cp(1, k);
      if (m) modifiers.push(m);
    }
    line.modifiers = modifiers;
    const basis = this.required(s, 3);
    const count = this.required(s, 4);
    if (basis === 'UN') line.unitBasis = 'UNITS';
    else if (basis === 'MJ') line.unitBasis = 'MINUTES';
    else line.problems.push(this.problem(`SV103 unit basis ${JSON.stringify(basis)} is neither UN (units) nor MJ (minutes)`, s));
    const n = NUMBER_RE.test(count) ? Number(count) : NaN;
    if (Number.isFinite(n) && n > 0) line.units = n;
    else line.problems.push(this.problem(`SV104 quantity ${JSON.stringify(count)} is not a positive number`, s));
    const pos = s.el(5);
    if (pos) line.placeOfService = pos;
  }

  private dtp472(s: Seg, line: Parsed837Line): void {
    if (this.datedLines.has(line)) {
      line.problems.push(this.problem('a second service date DTP*472 on the same line', s));
      return;
    }
    this.datedLines.add(line);
    const format = s.el(2);
    const value = s.el(3);
    if (format === 'D8') {
      const d = date8(value);
      if (d) line.dateOfService = d;
      else line.problems.push(this.problem(`service date DTP*472 ${JSON.stringify(value)} is not a date CCYYMMDD`, s));
      return;
    }
    if (format === 'RD8') {
      const [a, b, extra] = value.split('-');
      const from = date8(a ?? '');
      const to = date8(b ?? '');
      if (!from || !to || extra !== undefined) {
        line.problems.push(this.problem(`service date range DTP*472 ${JSON.stringify(value)} is not CCYYMMDD-CCYYMMDD`, s));
        return;
      }
      line.dateOfService = from;
      if (from !== to) {
        line.problems.push(this.problem(`service date range ${from} to ${to} spans more than one day; bill each day of service on its own line`, s));
      }
      return;
    }
    line.problems.push(this.problem(`service date DTP02 format ${JSON.stringify(format)} is neither D8 nor RD8`, s));
  }

  private flushClaim(): void {
    const claim = this.claim;
    if (!claim) return;
    this.claim = null;
    this.line = null;
    let problems = claim.problems.length > 0;
    if (claim.diagnoses && claim.diagnoses.length === 0) delete claim.diagnoses;
    if ((claim.frequency === 'REPLACEMENT' || claim.frequency === 'VOID') && !claim.payerClaimControlNumber) {
      claim.problems.push(
        x12Problem(`a ${claim.frequency.toLowerCase()} claim (CLM05-3 ${claim.frequencyCode}) needs the payer claim control number of the claim it changes (REF*F8)`, claim.location.segmentIndex, 'CLM'),
      );
    }
    for (const line of claim.lines) {
      if (line.placeOfService === undefined) line.placeOfService = this.claimPos;
      if (line.renderingNpi === undefined && claim.renderingNpi !== undefined) line.renderingNpi = claim.renderingNpi;
      if (!this.datedLines.has(line)) {
        line.problems.push(x12Problem(`service line ${line.location.lineNumber} has no date of service (DTP*472)`, line.location.segmentIndex, 'SV1'));
      }
      if (line.problems.length) problems = true;
    }
    if (problems || claim.problems.length) this.claimsWithProblems++;
    this.claimCount++;
    this.lineCount += claim.lines.length;
    this.push(claim);
  }
}
