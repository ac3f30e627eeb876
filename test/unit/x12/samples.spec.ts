/**
 * The public imsweb x12-parser samples (imsweb-x12-parser in the X12 corpus, see
 * test/support/x12-corpus.js), read by both tokenisers; skipped without the corpus.
 *
 * Every sample that is a real 837P has SE01 = 25 whatever its length (and some also wrong GE01/IEA01
 * counts and reused control numbers). X12 requires the counts, so the default (strict) reader refuses
 * them at the first SE; with `envelopeCounts: 'lenient'` they parse completely and the discrepancies are
 * reported in summary.envelopeWarnings. Both are asserted below.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { run } from '../../../src/x12/testing';
import type { X12ErrorCode } from '../../../src/x12';
import { x12Corpus } from '../../support/x12-corpus';

const CORPUS = x12Corpus();
const SAMPLES = path.join(CORPUS ?? '', 'imsweb-x12-parser');
const sample = (name: string): Buffer => fs.readFileSync(path.join(SAMPLES, name));
const TOKENIZERS = ['x12-parser', 'fast'] as const;

/** naive count of segments with this identifier, to cross-check the expectations against the files */
function countIds(buf: Buffer, id: string): number {
  const text = buf.toString('latin1');
  const term = text[105];
  const el = text[3];
  return text.split(term).filter((s) => s.trim().split(el)[0] === id).length;
}

interface Accepted {
  claims: number;
  lines: number;
  interchanges: number;
  groups: number;
  transactions: number;
  warnings: number;
  /** the first SE, where strict mode refuses the file */
  firstSe: number;
  why?: string;
}

const ACCEPTED: Record<string, Accepted> = {
  'x12_valid.txt': { claims: 2, lines: 2, interchanges: 1, groups: 1, transactions: 1, warnings: 1, firstSe: 36 },
  'x12_valid_different_separators.txt': { claims: 2, lines: 2, interchanges: 1, groups: 1, transactions: 1, warnings: 1, firstSe: 36 },
  'x12_complex.txt': { claims: 6, lines: 10, interchanges: 1, groups: 1, transactions: 2, warnings: 3, firstSe: 149 },
  'x12_many_claims.txt': { claims: 820, lines: 820, interchanges: 1, groups: 1, transactions: 1, warnings: 1, firstSe: 11488 },
  // 3 groups under IEA01 = 1, all with GS06 = 1: SE x3, IEA01, duplicate GS06 x2
  'x12_multiple_gs.txt': { claims: 6, lines: 6, interchanges: 1, groups: 3, transactions: 3, warnings: 6, firstSe: 36 },
  'x12_multiple_isa.txt': { claims: 4, lines: 4, interchanges: 2, groups: 2, transactions: 2, warnings: 2, firstSe: 36 },
  // 2 sets under GE01 = 1, both ST02 987654: SE x2, GE01, duplicate ST02
  'x12_multiple_st.txt': { claims: 4, lines: 4, interchanges: 1, groups: 1, transactions: 2, warnings: 4, firstSe: 36 },
  'x12_multiple_transactions.txt': { claims: 624, lines: 624, interchanges: 312, groups: 312, transactions: 312, warnings: 312, firstSe: 36 },
  'x12_writer_test.txt': { claims: 1, lines: 1, interchanges: 1, groups: 1, transactions: 1, warnings: 1, firstSe: 33 },
  'x12_no_errors.txt': {
    claims: 2, lines: 2, interchanges: 1, groups: 1, transactions: 1, warnings: 1, firstSe: 43,
    why: 'two billing provider levels (HL*20) in one transaction set are allowed; the second has no pay-to loop, which is optional',
  },
  'x12_ambiguous_loop.txt': {
    claims: 1, lines: 1, interchanges: 1, groups: 1, transactions: 1, warnings: 1, firstSe: 35,
    why: 'the Java validator finds NM1*82 ambiguous (2310B or 2420A); by 837P order, after LX it is the line rendering provider 2420A',
  },
};

const REFUSED: Record<string, { code: X12ErrorCode; segmentIndex: number; segmentId: string; message: RegExp }> = {
  'x12_999_accepted.txt': { code: 'X12_NOT_837P', segmentIndex: 3, segmentId: 'ST', message: /^not an 837P: ST01 is 999 .*at segment 3 \(ST\)$/ },
  'x12_999_rejected.txt': { code: 'X12_NOT_837P', segmentIndex: 3, segmentId: 'ST', message: /^not an 837P: ST01 is 999 .*at segment 3 \(ST\)$/ },
  'x223-test.txt': { code: 'X12_NOT_837P', segmentIndex: 3, segmentId: 'ST', message: /ST03 005010X223A2 is an 837I \(institutional\)/ },
  // ISA02 has 9 characters, so every later ISA position (and the separators read from them) shifts
  'x12_bad_first_line.txt': { code: 'X12_SYNTAX', segmentIndex: 1, segmentId: 'ISA', message: /ISA02 is 9 characters long; the ISA segment is fixed-length/ },
  // "*IC*DAVID..." has no identifier (later also "Nd4" and "NM31")
  'x12_bad_segment_identifier.txt': { code: 'X12_SYNTAX', segmentIndex: 6, segmentId: '', message: /bad segment identifier ""/ },
  // NM1*117 where the billing provider NM1*85 belongs
  'x12_bad_valid_code.txt': { code: 'X12_STRUCTURE', segmentIndex: 9, segmentId: 'NM1', message: /NM1\*117 is not expected in loop 2000A/ },
  'x12_loop_errors1_exceeds_max_1_parent.txt': { code: 'X12_STRUCTURE', segmentIndex: 15, segmentId: 'NM1', message: /loop 2010AA .* may appear only once in loop 2000A/ },
  'x12_loop_errors2_exceeds_max_repeats_multiple_parents.txt': { code: 'X12_STRUCTURE', segmentIndex: 34, segmentId: 'NM1', message: /loop 2010AA .* may appear only once/ },
  'x12_loop_errors3_missing_loops.txt': { code: 'X12_STRUCTURE', segmentIndex: 9, segmentId: 'NM1', message: /required loop 2010AA \(billing provider \(NM1\*85\)\) is missing/ },
  // NM1*40 without NM102 (later also a CLM without CLM05)
  'x12_missing_elements.txt': { code: 'X12_ELEMENT', segmentIndex: 7, segmentId: 'NM1', message: /required element NM102 is empty/ },
  'x12_missing_required_loop_in_one_repeat.txt': { code: 'X12_STRUCTURE', segmentIndex: 20, segmentId: 'NM1', message: /required loop 2010BA \(subscriber \(NM1\*IL\)\) is missing/ },
  'x12_missing_required_loops_mult_repeats.txt': { code: 'X12_STRUCTURE', segmentIndex: 33, segmentId: 'SV1', message: /SV1 without LX/ },
  'x12_no_isa_line.txt': { code: 'X12_ENVELOPE', segmentIndex: 1, segmentId: 'GS', message: /^missing ISA/ },
  // 2010AA without N3 (also a second REF*EI and no HI)
  'x12_segment_errors.txt': { code: 'X12_STRUCTURE', segmentIndex: 10, segmentId: 'N4', message: /required segment N3 is missing in loop 2010AA/ },
  // 2010AA has N3, REF, N4 (N4 belongs before REF); 2010AB has N4 before N3
  'x12_segments_out_of_order.txt': { code: 'X12_STRUCTURE', segmentIndex: 11, segmentId: 'REF', message: /required segment N4 is missing in loop 2010AA .*: REF came where it was due \(missing, or segments out of order\)/ },
};

(CORPUS ? describe : describe.skip)('imsweb samples', () => {
  it('every sample file is classified here', () => {
    const files = fs.readdirSync(SAMPLES).filter((f) => f.endsWith('.txt'));
    expect(files.sort()).toEqual([...Object.keys(ACCEPTED), ...Object.keys(REFUSED)].sort());
  });

  describe.each(Object.entries(ACCEPTED))('%s', (file, want) => {
    it('the expected counts are the files own CLM and LX counts', () => {
      expect(countIds(sample(file), 'CLM')).toBe(want.claims);
      expect(countIds(sample(file), 'LX')).toBe(want.lines);
    });

    it.each(TOKENIZERS)('parses completely in lenient envelope mode (%s)', async (tokenizer) => {
      const r = await run(sample(file), { envelopeCounts: 'lenient', tokenizer });
      expect(r.error).toBeUndefined();
      expect(r.claims).toHaveLength(want.claims);
      expect(r.claims.reduce((n, c) => n + c.lines.length, 0)).toBe(want.lines);
      expect(r.summary).toMatchObject({
        complete: true,
        claims: want.claims,
        lines: want.lines,
        interchanges: want.interchanges,
        groups: want.groups,
        transactions: want.transactions,
      });
      expect(r.summary?.envelopeWarnings).toHaveLength(want.warnings);
      for (const c of r.claims) {
        expect(c.billingNpi).toBe('1234567890');
        expect(c.location.segmentIndex).toBeGreaterThan(3);
        for (const l of c.lines) {
          expect(l.location.claimId).toBe(c.claimId);
          expect(l.location.transactionControlNumber).toMatch(/^98765[45]$/);
          expect(l.location.segmentIndex).toBeGreaterThan(c.location.segmentIndex);
        }
      }
    });

    it('is refused in strict mode at its first SE, naming the real count', async () => {
      const r = await run(sample(file));
      expect(r.error).toMatchObject({ code: 'X12_ENVELOPE', segmentIndex: want.firstSe, segmentId: 'SE' });
      expect(r.error?.message).toMatch(/^SE01 says 2[56] segments but transaction set \d+ has \d+ /);
      expect(r.summary).toBeUndefined();
    });

    it('both tokenisers give identical results', async () => {
      const a = await run(sample(file), { envelopeCounts: 'lenient', tokenizer: 'x12-parser' });
      const b = await run(sample(file), { envelopeCounts: 'lenient', tokenizer: 'fast' });
      expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    });
  });

  describe.each(Object.entries(REFUSED))('%s', (file, want) => {
    it.each(TOKENIZERS)('is refused with a located X12Error and no claims (%s)', async (tokenizer) => {
      for (const envelopeCounts of ['strict', 'lenient'] as const) {
        const r = await run(sample(file), { tokenizer, envelopeCounts });
        expect(r.summary).toBeUndefined();
        expect(r.claims).toEqual([]);
        expect(r.error).toMatchObject({ name: 'X12Error', code: want.code, segmentIndex: want.segmentIndex, segmentId: want.segmentId });
        expect(r.error?.message).toMatch(want.message);
        expect(r.error?.message).toContain(`at segment ${want.segmentIndex}`);
      }
    });
  });

  describe('x12_valid.txt in detail', () => {
    it('maps every field and locates each line at its SV1', async () => {
      const { claims } = await run(sample('x12_valid.txt'), { envelopeCounts: 'lenient' });
      expect(claims[0]).toMatchObject({
        claimId: 'A37YH556',
        billingNpi: '1234567890',
        medicaidId: '123456',
        frequency: 'ORIGINAL',
        frequencyCode: '1',
        placeOfService: '11',
        // HI*BK*8901*BF*87200*BF:5559: only the last composite has its code
        diagnoses: ['5559'],
        location: { transactionControlNumber: '987654', claimId: 'A37YH556', segmentIndex: 22 },
        interchangeControlNumber: '000000905',
        subscriberName: 'DOE, JOHN T',
      });
      expect(claims[0].problems.map((p) => [p.segmentIndex, p.segmentId])).toEqual([
        [23, 'HI'],
        [23, 'HI'],
      ]);
      expect(claims[0].lines).toEqual([
        {
          lineId: '1',
          dateOfService: '2005-03-14',
          units: 1,
          unitBasis: 'UNITS',
          procedureCode: '99211',
          modifiers: ['25'],
          placeOfService: '11',
          location: { transactionControlNumber: '987654', claimId: 'A37YH556', lineNumber: 1, segmentIndex: 25 },
          problems: [expect.objectContaining({ code: 'INVALID_CLAIM', segmentIndex: 26, segmentId: 'DTP', message: expect.stringMatching(/2005-03-14 to 2005-03-25 spans more than one day/) })],
        },
      ]);
      expect(claims[1].lines[0]).toMatchObject({ procedureCode: '478331', modifiers: ['25'], location: { lineNumber: 2, segmentIndex: 34 } });
    });
  });

  it('x12_valid_different_separators.txt reads the separators its ISA declares', async () => {
    const a = await run(sample('x12_valid_different_separators.txt'), { envelopeCounts: 'lenient' });
    const b = await run(sample('x12_valid.txt'), { envelopeCounts: 'lenient' });
    expect(a.summary?.separators).toEqual({ element: '~', component: '^', repetition: '', segment: '_' });
    expect(a.claims).toEqual(b.claims);
  });

  it('x12_complex.txt: patient loop keeps the subscriber ID, other-payer NM1*85/NM1*82 are not the billing/rendering provider', async () => {
    const { claims } = await run(sample('x12_complex.txt'), { envelopeCounts: 'lenient' });
    expect(claims.map((c) => c.claimId)).toEqual(['A37YH556', 'A37YH667', 'A37YH668', 'A37YH556', 'A37YH667', 'A37YH668']);
    const second = claims[1];
    expect(second.medicaidId).toBe('123456');
    expect(second.subscriberName).toBe('DOE, DAVID J');
    expect(second.recipientBirthDate).toBeUndefined();
    expect(second.patient).toEqual({ segmentIndex: 70, relationshipCode: '01', name: 'JONES, STEVEN J', birthDate: '1989-09-16' });
    // 2420A on line 3; the 2330D "NM1*82*1" of the other payer is ignored
    expect(second.lines[0]).toMatchObject({ renderingNpi: '303304', location: { lineNumber: 3 } });
    // 2310B written with NM108 "X": no NPI, a claim problem, lines without a rendering NPI
    expect(claims[0].problems.some((p) => /rendering provider NM1\*82 has no NPI \(NM108 is "X"/.test(p.message) && p.segmentIndex === 33)).toBe(true);
    expect(claims[0].lines.every((l) => l.renderingNpi === undefined)).toBe(true);
    expect(claims[0].lines.map((l) => l.dateOfService)).toEqual(['2015-03-30', '2015-03-31']);
    expect(claims[3].location.transactionControlNumber).toBe('987655');
  });

  it('x12_ambiguous_loop.txt: the NM1*82 after LX is the line rendering provider', async () => {
    const { claims } = await run(sample('x12_ambiguous_loop.txt'), { envelopeCounts: 'lenient' });
    expect(claims[0]).toMatchObject({ recipientBirthDate: '1961-11-24', diagnoses: ['1739'] });
    expect(claims[0].lines[0]).toMatchObject({ renderingNpi: '058895', units: 5, modifiers: ['25'] });
  });

  it('x12_many_claims.txt: strict mode yields claims before it reaches the bad SE01, then throws', async () => {
    // read in 64 KB chunks, as from a file: claims of the chunks before the bad SE01 come out first
    const r = await run(sample('x12_many_claims.txt'), {}, 64 * 1024);
    expect(r.claims.length).toBeGreaterThan(0);
    expect(r.error?.segmentIndex).toBe(11488);
  });
});
