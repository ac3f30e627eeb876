/**
 * The loop structure of an 837P 005010X222A1 transaction set (between ST and SE), and a matcher that
 * places each segment in its loop the way an X12 loop validator does: a segment must appear at or after
 * the current position of its loop (otherwise it is out of order), a required segment or loop that is
 * skipped is missing, and a segment or loop may not repeat more often than the guide allows.
 *
 * Written from the implementation guide's loop tables (005010X222A1) and checked loop by loop against a
 * public machine-readable encoding of the guide (the pyx12 validator's 837 map). Where the two differ,
 * the guide wins: that map keeps 004010 leftovers (AMT*MA and REF*1S in 2300, CR2 at line level, 2410
 * repeating 25 times) and lacks 005010 additions (2310E/F, 2420G/H, the service facility's PER, the
 * line's supplemental PWK).
 *
 * Modelling choices:
 *   - Loops are entered by their trigger (NM101 for NM1 loops, HL03 for levels).
 *   - The guide lists several segments with one identifier at one position (each REF qualifier, each
 *     DTP date, each CRC category) with their own repeats, in any order: they are one entry here whose
 *     `max` is the sum of their repeats. Where one of them is required, `need` names its qualifiers
 *     (element 1) and `min` counts only those (2010AA's REF*EI/SY, 2010AC's REF*EI).
 *   - Qualifier codes are otherwise not checked, and DTP*472 (required on a service line) is read as a
 *     line problem, not a refusal: the claim fails with the reason, the file is still read. The REF the
 *     guide requires in 2330C-G is optional (see there).
 *   - HL01/HL02 numbering is not checked (the public sample files reuse HL ids).
 */
import { X12Error } from './errors';
import type { Seg } from './segment';

const MANY = 1_000_000_000;

interface SegRule {
  kind: 'seg';
  id: string;
  /** never set for a segment (only loop triggers are told apart by qualifier) */
  quals: null;
  qualEl: number;
  min: number;
  max: number;
  /** when set, `min` counts only segments whose element 1 is one of these */
  need: ReadonlySet<string> | null;
}

export interface LoopRule {
  kind: 'loop';
  /** e.g. '2010AA' */
  code: string;
  /** what it is, for messages */
  label: string;
  id: string;
  quals: ReadonlySet<string> | null;
  qualEl: number;
  min: number;
  max: number;
  body: Rule[];
  /** body positions by segment identifier (a loop entry by its trigger's), for fast matching */
  byId?: Map<string, number[]>;
  /** body positions of the required entries */
  requiredAt?: number[];
}

type Rule = SegRule | LoopRule;

/** One position of a loop: `max` segments with this identifier; `need`: see the module comment. */
function seg(id: string, min = 0, max = 1, need?: string[]): SegRule {
  return { kind: 'seg', id, quals: null, qualEl: 1, min, max, need: need ? new Set(need) : null };
}

function nm1(code: string, label: string, quals: string[], min: number, max: number, body: Rule[]): LoopRule {
  return { kind: 'loop', code, label, id: 'NM1', quals: new Set(quals), qualEl: 1, min, max, body };
}

function loop(code: string, label: string, id: string, min: number, max: number, body: Rule[], quals?: string[], qualEl = 1): LoopRule {
  return { kind: 'loop', code, label, id, quals: quals ? new Set(quals) : null, qualEl, min, max, body };
}

const address = (): Rule[] => [seg('N3', 1), seg('N4', 1)];

/** Loop 2300 with its lines. Counts are the guide's repeats summed per position (comments: what they are). */
function claimLoop(): LoopRule {
  return loop('2300', 'claim (CLM)', 'CLM', 0, 100, [
    // 16 dates of one repeat each (onset, initial treatment, last seen, acute manifestation, accident,
    // last menstrual period, last X-ray, hearing/vision prescription, disability, last worked, return
    // to work, admission, discharge, first contact, repricer received) and assumed/relinquished care (2)
    seg('DTP', 0, 17),
    seg('PWK', 0, 10),
    seg('CN1'),
    seg('AMT'),
    // 4N, F5, EW, 9F, G1, F8, X4, 9A, 9C, LX, D9, EA, P4, 1J: one each
    seg('REF', 0, 14),
    seg('K3', 0, 10),
    seg('NTE'),
    seg('CR1'),
    seg('CR2'),
    // ambulance certification (3), vision (3), homebound (1), EPSDT referral (1)
    seg('CRC', 0, 8),
    // diagnoses (required), anesthesia related procedure (1), condition information (2)
    seg('HI', 1, 4),
    seg('HCP'),
    nm1('2310A', 'referring provider', ['DN', 'P3'], 0, 2, [seg('REF', 0, 3)]),
    nm1('2310B', 'rendering provider', ['82'], 0, 1, [seg('PRV'), seg('REF', 0, 4)]),
    nm1('2310C', 'service facility', ['77'], 0, 1, [...address(), seg('REF', 0, 3), seg('PER')]),
    nm1('2310D', 'supervising provider', ['DQ'], 0, 1, [seg('REF', 0, 4)]),
    nm1('2310E', 'ambulance pick-up location', ['PW'], 0, 1, address()),
    nm1('2310F', 'ambulance drop-off location', ['45'], 0, 1, address()),
    loop('2320', 'other subscriber (SBR)', 'SBR', 0, 10, [
      seg('CAS', 0, 5),
      // payer paid, non-covered, remaining patient liability
      seg('AMT', 0, 3),
      seg('OI', 1),
      seg('MOA'),
      // the guide repeats the other subscriber's REF*SY once; pyx12 allows 3, kept as before
      nm1('2330A', 'other subscriber', ['IL'], 1, 1, [seg('N3'), seg('N4'), seg('REF', 0, 3)]),
      // secondary identifier (2), prior authorization, referral, adjustment indicator, claim control number
      nm1('2330B', 'other payer', ['PR'], 1, 1, [seg('N3'), seg('N4'), seg('DTP'), seg('REF', 0, 6)]),
      // the guide requires a REF in 2330C-G; not required here: the other payer's provider numbers play
      // no part in the checks, and public files omit them (the imsweb x12_complex sample's 2330C)
      nm1('2330C', 'other payer referring provider', ['DN', 'P3'], 0, 2, [seg('REF', 0, 3)]),
      nm1('2330D', 'other payer rendering provider', ['82'], 0, 1, [seg('REF', 0, 3)]),
      nm1('2330E', 'other payer service facility', ['77'], 0, 1, [seg('REF', 0, 3)]),
      nm1('2330F', 'other payer supervising provider', ['DQ'], 0, 1, [seg('REF', 0, 3)]),
      nm1('2330G', 'other payer billing provider', ['85'], 0, 1, [seg('REF', 0, 2)]),
    ]),
    loop('2400', 'service line (LX)', 'LX', 1, 50, [
      seg('SV1', 1),
      seg('SV5'),
      // line supplemental information (10) and the DME certificate of medical necessity indicator (1)
      seg('PWK', 0, 11),
      seg('CR1'),
      seg('CR3'),
      // ambulance certification (3), hospice employee indicator (1), DME condition indicator (1)
      seg('CRC', 0, 5),
      // service date (472, read by the assembler), prescription, certification revision, begin therapy,
      // last certification, last seen, test (2), shipped, last X-ray, initial treatment
      seg('DTP', 0, 11),
      // ambulance patient count, obstetric anesthesia additional units
      seg('QTY', 0, 2),
      seg('MEA', 0, 5),
      seg('CN1'),
      // repriced, adjusted repriced, prior authorization (5), line item control number, mammography,
      // CLIA, referring CLIA, immunization batch, referral (5)
      seg('REF', 0, 17),
      // sales tax, postage claimed
      seg('AMT', 0, 2),
      seg('K3', 0, 10),
      // line note, third party organization note
      seg('NTE', 0, 2),
      seg('PS1'),
      seg('HCP'),
      loop('2410', 'drug identification (LIN)', 'LIN', 0, 1, [seg('CTP', 1), seg('REF')]),
      nm1('2420A', 'line rendering provider', ['82'], 0, 1, [seg('PRV'), seg('REF', 0, 20)]),
      nm1('2420B', 'purchased service provider', ['QB'], 0, 1, [seg('REF', 0, 20)]),
      nm1('2420C', 'line service facility', ['77'], 0, 1, [...address(), seg('REF', 0, 3)]),
      nm1('2420D', 'line supervising provider', ['DQ'], 0, 1, [seg('REF', 0, 20)]),
      nm1('2420E', 'ordering provider', ['DK'], 0, 1, [seg('N3'), seg('N4'), seg('REF', 0, 20), seg('PER')]),
      nm1('2420F', 'line referring provider', ['DN', 'P3'], 0, 2, [seg('REF', 0, 20)]),
      nm1('2420G', 'line ambulance pick-up location', ['PW'], 0, 1, address()),
      nm1('2420H', 'line ambulance drop-off location', ['45'], 0, 1, address()),
      loop('2430', 'line adjudication (SVD)', 'SVD', 0, 15, [seg('CAS', 0, 5), seg('DTP', 1), seg('AMT')]),
      loop('2440', 'form identification (LQ)', 'LQ', 0, MANY, [seg('FRM', 1, 99)]),
    ]),
  ]);
}

/** The 837P transaction set: the body of ST (ST itself and SE are the envelope's). */
export const TRANSACTION_837P: LoopRule = loop('ST', 'transaction set', 'ST', 1, 1, [
  seg('BHT', 1),
  nm1('1000A', 'submitter', ['41'], 1, 1, [seg('PER', 1, 2)]),
  nm1('1000B', 'receiver', ['40'], 1, 1, []),
  loop(
    '2000A',
    'billing provider level (HL*20)',
    'HL',
    1,
    MANY,
    [
      seg('PRV'),
      seg('CUR'),
      // the tax identification (REF*EI or SY, required) and UPIN/licence numbers (2), in any order
      nm1('2010AA', 'billing provider (NM1*85)', ['85'], 1, 1, [...address(), seg('REF', 1, 3, ['EI', 'SY']), seg('PER', 0, 2)]),
      nm1('2010AB', 'pay-to address (NM1*87)', ['87'], 0, 1, address()),
      // the plan's secondary identification and its tax identification (REF*EI, required)
      nm1('2010AC', 'pay-to plan (NM1*PE)', ['PE'], 0, 1, [...address(), seg('REF', 1, 2, ['EI'])]),
      loop(
        '2000B',
        'subscriber level (HL*22)',
        'HL',
        1,
        MANY,
        [
          seg('SBR', 1),
          seg('PAT'),
          // secondary identification (SY) and property and casualty claim number (Y4); P&C contact
          nm1('2010BA', 'subscriber (NM1*IL)', ['IL'], 1, 1, [seg('N3'), seg('N4'), seg('DMG'), seg('REF', 0, 2), seg('PER')]),
          // payer secondary identification (3) and billing provider secondary identification (2)
          nm1('2010BB', 'payer (NM1*PR)', ['PR'], 1, 1, [seg('N3'), seg('N4'), seg('REF', 0, 5)]),
          claimLoop(),
          loop(
            '2000C',
            'patient level (HL*23)',
            'HL',
            0,
            MANY,
            [
              seg('PAT', 1),
              // property and casualty claim number and patient identifier; P&C contact
              nm1('2010CA', 'patient (NM1*QC)', ['QC'], 1, 1, [...address(), seg('DMG', 1), seg('REF', 0, 2), seg('PER')]),
              claimLoop(),
            ],
            ['23'],
            3,
          ),
        ],
        ['22'],
        3,
      ),
    ],
    ['20'],
    3,
  ),
]);

/** Every segment identifier an 837P file may contain, envelope included. */
export const SEGMENT_IDS_837P: ReadonlySet<string> = (() => {
  const ids = new Set(['ISA', 'GS', 'ST', 'SE', 'GE', 'IEA']);
  const walk = (r: LoopRule): void => {
    ids.add(r.id);
    r.byId = new Map();
    r.requiredAt = r.body.flatMap((b, i) => (b.min > 0 ? [i] : []));
    r.body.forEach((b, i) => {
      const list = r.byId?.get(b.id) ?? [];
      list.push(i);
      r.byId?.set(b.id, list);
      if (b.kind === 'seg') ids.add(b.id);
      else walk(b);
    });
  };
  walk(TRANSACTION_837P);
  return ids;
})();

function matches(r: Rule, s: Seg): boolean {
  if (r.id !== s.id) return false;
  return r.quals === null || r.quals.has(s.el(r.qualEl));
}

function describe(r: Rule): string {
  if (r.kind === 'loop') return `loop ${r.code} (${r.label})`;
  return r.need ? `segment ${r.id}*${[...r.need].join('/')}` : `segment ${r.id}`;
}

function describeSeg(s: Seg): string {
  if (s.id === 'NM1') return `NM1*${s.el(1)}`;
  if (s.id === 'HL') return `HL (level ${s.el(3) || 'missing'})`;
  return s.id;
}

function loopName(r: LoopRule): string {
  return r.code === 'ST' ? 'the transaction set header' : `loop ${r.code} (${r.label})`;
}

interface Frame {
  rule: LoopRule;
  /** index in rule.body of the last matched entry; -1: only the trigger so far */
  pos: number;
  counts: number[];
  /** per entry with `need`: how many of its segments had one of those qualifiers */
  needed: number[];
}

/** Has the frame the required number of entry j (of the needed qualifiers, where the entry says which)? */
function satisfied(f: Frame, j: number): boolean {
  const r = f.rule.body[j];
  return (r.kind === 'seg' && r.need ? f.needed[j] : f.counts[j]) >= r.min;
}

/** Places segments in loops for one transaction set; throws X12Error('X12_STRUCTURE') when one has no place. */
export class LoopMatcher {
  private stack: Frame[] = [];

  /** frames are reused per loop rule (a loop never contains itself; a repeat replaces the closed one) */
  private readonly pool = new Map<LoopRule, Frame>();

  private frame(rule: LoopRule): Frame {
    let f = this.pool.get(rule);
    if (f === undefined) {
      f = { rule, pos: -1, counts: new Array<number>(rule.body.length).fill(0), needed: new Array<number>(rule.body.length).fill(0) };
      this.pool.set(rule, f);
    } else {
      f.pos = -1;
      f.counts.fill(0);
      f.needed.fill(0);
    }
    return f;
  }

  begin(): void {
    this.stack = [this.frame(TRANSACTION_837P)];
  }

  /** The loop code the segment belongs to (for a loop trigger, the loop it opens). */
  match(s: Seg, index: number): string {
    const stack = this.stack;
    let exceeded: { rule: Rule; frame: Frame } | null = null;
    for (let d = stack.length - 1; d >= 0; d--) {
      const f = stack[d];
      const body = f.rule.body;
      const candidates = f.rule.byId?.get(s.id);
      if (candidates === undefined) continue;
      const from = f.pos < 0 ? 0 : f.pos;
      for (let c = 0; c < candidates.length; c++) {
        const i = candidates[c];
        if (i < from) continue;
        const r = body[i];
        if (!matches(r, s)) continue;
        if (f.counts[i] >= r.max) {
          exceeded ??= { rule: r, frame: f };
          continue;
        }
        // the segment fits here: everything deeper is closed, skipped required entries are missing
        for (let k = stack.length - 1; k > d; k--) this.close(stack[k], s, index);
        const req = f.rule.requiredAt ?? [];
        for (let q = 0; q < req.length; q++) {
          const j = req[q];
          if (j >= from && j < i && !satisfied(f, j)) throw this.missing(body[j], f, s, index);
        }
        while (stack.length > d + 1) stack.pop();
        f.pos = i;
        f.counts[i]++;
        if (r.kind === 'seg' && r.need !== null && r.need.has(s.el(1))) f.needed[i]++;
        if (r.kind === 'loop') {
          stack.push(this.frame(r));
          return r.code;
        }
        return f.rule.code;
      }
      if (exceeded) {
        const times = exceeded.rule.max === 1 ? 'once' : `${exceeded.rule.max} times`;
        throw new X12Error(
          'X12_STRUCTURE',
          `${describe(exceeded.rule)} may appear only ${times} in ${loopName(exceeded.frame.rule)}; ${describeSeg(s)} is one too many`,
          index,
          s.id,
        );
      }
    }
    throw this.unexpected(s, index);
  }

  /** At SE: every open loop must have its required parts. */
  end(s: Seg, index: number): void {
    for (let k = this.stack.length - 1; k >= 0; k--) this.close(this.stack[k], s, index);
    this.stack = [];
  }

  private close(f: Frame, s: Seg, index: number): void {
    const body = f.rule.body;
    const req = f.rule.requiredAt ?? [];
    const from = f.pos < 0 ? 0 : f.pos;
    for (let q = 0; q < req.length; q++) {
      const j = req[q];
      if (j >= from && !satisfied(f, j)) throw this.missing(body[j], f, s, index);
    }
  }

  private missing(r: Rule, f: Frame, s: Seg, index: number): X12Error {
    return new X12Error(
      'X12_STRUCTURE',
      `required ${describe(r)} is missing in ${loopName(f.rule)}: ${describeSeg(s)} came where it was due (missing, or segments out of order)`,
      index,
      s.id,
    );
  }

  private unexpected(s: Seg, index: number): X12Error {
    const top = this.stack[this.stack.length - 1];
    const where = top ? loopName(top.rule) : 'this transaction set';
    // an SV1 with no place is a service line without its LX, even right after another line's SV1
    if (s.id === 'SV1') return new X12Error('X12_STRUCTURE', `SV1 without LX: a service line must start with an LX segment (after ${where})`, index, s.id);
    // a segment that belongs earlier in one of the open loops is out of order
    for (let d = this.stack.length - 1; d >= 0; d--) {
      const f = this.stack[d];
      for (let i = 0; i < f.pos; i++) {
        if (matches(f.rule.body[i], s)) {
          return new X12Error(
            'X12_STRUCTURE',
            `segments out of order: ${describeSeg(s)} must come before ${describe(f.rule.body[f.pos])} in ${loopName(f.rule)}`,
            index,
            s.id,
          );
        }
      }
    }
    if (s.id === 'CLM') {
      return new X12Error('X12_STRUCTURE', `CLM outside a subscriber level: a claim must follow an HL*22 subscriber loop (after ${where})`, index, s.id);
    }
    if (s.id === 'HL') {
      const level = s.el(3);
      const hint = level === '22' ? ' (a subscriber level needs a billing provider level HL*20 first)' : level === '23' ? ' (a patient level needs a subscriber level HL*22 first)' : ' (837P levels are 20, 22 and 23)';
      return new X12Error('X12_STRUCTURE', `HL level ${JSON.stringify(level)} is not expected after ${where}${hint}`, index, s.id);
    }
    return new X12Error('X12_STRUCTURE', `${describeSeg(s)} is not expected in ${where}`, index, s.id);
  }
}
