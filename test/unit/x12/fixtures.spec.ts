/** The hand-made 837P files in fixtures/x12, read by both tokenisers. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { demoBh837, DEMO_BH_IDS } from '../../../src/x12/demo-bh';
import { run } from '../../../src/x12/testing';

const FIXTURES = path.resolve(__dirname, '../../../fixtures/x12');
const fixture = (name: string): Buffer => fs.readFileSync(path.join(FIXTURES, name));
const TOKENIZERS = ['x12-parser', 'fast'] as const;

describe.each(TOKENIZERS)('fixtures/x12 (tokenizer %s)', (tokenizer) => {
  const read = (name: string) => run(fixture(name), { tokenizer });

  describe('envelope errors', () => {
    it.each([
      ['env-iea-control-mismatch.837', 40, 'IEA', /^IEA02 "000000102" does not match ISA13 "000000101" \(ISA at segment 1\) at segment 40 \(IEA\)$/],
      ['env-iea-count.837', 40, 'IEA', /^IEA01 says 2 functional groups but interchange 000000101 has 1 at segment 40 \(IEA\)$/],
      ['env-ge-control-mismatch.837', 39, 'GE', /^GE02 "102" does not match GS06 "101" \(GS at segment 2\) at segment 39 \(GE\)$/],
      ['env-ge-count.837', 39, 'GE', /^GE01 says 3 transaction sets but functional group 101 has 1 at segment 39 \(GE\)$/],
      ['env-se-count.837', 38, 'SE', /^SE01 says 35 segments but transaction set 1001 has 36 \(ST at segment 3 to SE\) at segment 38 \(SE\)$/],
      ['env-se-control-mismatch.837', 38, 'SE', /^SE02 "1002" does not match ST02 "1001" \(ST at segment 3\) at segment 38 \(SE\)$/],
      ['env-no-iea.837', 39, 'GE', /^truncated file: the input ends inside interchange 000000101 \(ISA at segment 1\) without its IEA/],
    ])('%s is refused at segment %i (%s)', async (file, segmentIndex, segmentId, message) => {
      const r = await read(file);
      expect(r.error).toMatchObject({ code: 'X12_ENVELOPE', segmentIndex, segmentId });
      expect(r.error?.message).toMatch(message);
      expect(r.summary).toBeUndefined();
    });

    it('count errors pass as warnings in lenient mode, control-number errors never do', async () => {
      const lenient = (f: string) => run(fixture(f), { tokenizer, envelopeCounts: 'lenient' });
      for (const f of ['env-iea-count.837', 'env-ge-count.837', 'env-se-count.837']) {
        const r = await lenient(f);
        expect(r.error).toBeUndefined();
        expect(r.summary?.claims).toBe(2);
        expect(r.summary?.envelopeWarnings).toHaveLength(1);
        expect(r.summary?.envelopeWarnings[0]).toMatchObject({ code: 'X12_ENVELOPE', segmentId: f === 'env-iea-count.837' ? 'IEA' : f === 'env-ge-count.837' ? 'GE' : 'SE' });
      }
      for (const f of ['env-iea-control-mismatch.837', 'env-ge-control-mismatch.837', 'env-se-control-mismatch.837', 'env-no-iea.837', 'env-truncated.837']) {
        expect((await lenient(f)).error?.code).toBe('X12_ENVELOPE');
      }
    });

    it('a truncated file yields the claims completed before the cut, then throws (never a silent partial result)', async () => {
      const r = await run(fixture('env-truncated.837'), { tokenizer }, 64);
      expect(r.claims.map((c) => c.claimId)).toEqual(['CLM-1']);
      expect(r.error).toMatchObject({ code: 'X12_ENVELOPE', segmentIndex: 34, segmentId: 'DTP' });
      expect(r.error?.message).toMatch(/^truncated file: the input ends inside transaction set 1001 \(ST at segment 3\) without its SE, GE and IEA/);
      expect(r.summary).toBeUndefined();
    });

    it('the valid base of those files parses, with exact counts', async () => {
      const r = await read('valid-small.837');
      expect(r.summary).toMatchObject({ interchanges: 1, groups: 1, transactions: 1, claims: 2, lines: 4, segments: 40, claimsWithProblems: 0, envelopeWarnings: [] });
    });
  });

  describe('text layout', () => {
    it('CRLF, no line breaks, a UTF-8 BOM with a leading blank line: all read like the plain file', async () => {
      const claims = async (f: string) => (await read(f)).claims;
      const plain = await claims('no-line-breaks.837');
      expect(plain).toHaveLength(1);
      expect(plain[0].lines.map((l) => l.location.segmentIndex)).toEqual([24, 27]);
      expect(await claims('crlf.837')).toEqual(plain);
      expect(await claims('bom.837')).toEqual(plain);
    });

    it('pipe, ">" and newline as element separator, component separator and segment terminator', async () => {
      const r = await read('sep-pipe-newline.837');
      expect(r.summary?.separators).toEqual({ element: '|', component: '>', repetition: '{', segment: '\n' });
      expect(r.claims).toEqual((await read('no-line-breaks.837')).claims);
      expect(r.claims[0].diagnoses).toEqual(['F329']);
    });

    it.each([
      ['name-latin1.837', 'latin1'],
      ['name-utf8.837', 'utf-8'],
    ])('%s: the subscriber name reads MÜLLER, JOSÉ (%s)', async (file, encoding) => {
      const r = await read(file);
      expect(r.claims[0].subscriberName).toBe('MÜLLER, JOSÉ');
      expect(r.summary?.encoding).toBe(encoding);
    });

    it('a forced encoding is used as given', async () => {
      const r = await run(fixture('name-utf8.837'), { tokenizer, encoding: 'latin1' });
      expect(r.claims[0].subscriberName).toBe('MÃ\u009cLLER, JOSÃ\u0089');
    });
  });

  describe('service lines', () => {
    it('RD8: a one-day range is the date of service, a longer one is a line problem', async () => {
      const [claim] = (await read('rd8.837')).claims;
      expect(claim.lines[0]).toMatchObject({ dateOfService: '2026-08-10', problems: [] });
      expect(claim.lines[1].dateOfService).toBe('2026-08-10');
      expect(claim.lines[1].problems).toEqual([
        {
          code: 'INVALID_CLAIM',
          segmentIndex: 28,
          segmentId: 'DTP',
          message: 'service date range 2026-08-10 to 2026-08-12 spans more than one day; bill each day of service on its own line (segment 28, DTP)',
        },
      ]);
    });

    it('MJ gives minutes, UN units', async () => {
      const [claim] = (await read('mj-minutes.837')).claims;
      expect(claim.lines.map((l) => [l.procedureCode, l.units, l.unitBasis])).toEqual([
        ['H2015', 45, 'MINUTES'],
        ['T1016', 3, 'UNITS'],
      ]);
    });

    it('a line rendering provider (2420A) and place of service (SV105) override the claim ones', async () => {
      const [claim] = (await read('line-rendering.837')).claims;
      expect(claim.renderingNpi).toBe('1245319599');
      expect(claim.lines.map((l) => [l.renderingNpi, l.placeOfService])).toEqual([
        ['1245319599', '11'],
        ['1679576722', '12'],
      ]);
    });
  });

  it('frequencies: 7 REPLACEMENT and 8 VOID with REF*F8; 6 and a 7 without REF*F8 are claim problems', async () => {
    const { claims } = await read('frequency.837');
    expect(claims.map((c) => [c.claimId, c.frequency, c.frequencyCode, c.payerClaimControlNumber, c.problems.map((p) => p.segmentIndex)])).toEqual([
      ['CLM-REPL', 'REPLACEMENT', '7', '2026200000001', []],
      ['CLM-VOID', 'VOID', '8', '2026200000002', []],
      ['CLM-CORR', 'ORIGINAL', '6', undefined, [40]],
      ['CLM-REPL-NOREF', 'REPLACEMENT', '7', undefined, [49]],
    ]);
    expect(claims[2].problems[0].message).toMatch(/^claim frequency CLM05-3 "6" is not 1 \(original\), 7 \(replacement\) or 8 \(void\)/);
    expect(claims[3].problems[0].message).toMatch(/needs the payer claim control number .* \(REF\*F8\)/);
  });

  it.each([
    ['structure-clm-before-subscriber.837', 'X12_STRUCTURE', 13, 'CLM', /^CLM outside a subscriber level/],
    ['structure-sv1-without-lx.837', 'X12_STRUCTURE', 26, 'SV1', /^SV1 without LX/],
    ['not-837p-835.837', 'X12_NOT_837P', 3, 'ST', /^not an 837P: ST01 is 835 \(a remittance advice\) at segment 3 \(ST\)$/],
  ])('%s is refused (%s at segment %i)', async (file, code, segmentIndex, segmentId, message) => {
    const r = await read(file);
    expect(r.claims).toEqual([]);
    expect(r.error).toMatchObject({ code, segmentIndex, segmentId });
    expect(r.error?.message).toMatch(message);
  });

  it('auto-accident.837, an 837P shaped like the guide\'s auto accident example: the service facility\'s PER (2310C) and the P&C subscriber REF*Y4/PER are read', async () => {
    const r = await read('auto-accident.837');
    expect(r.error).toBeUndefined();
    expect(r.summary).toMatchObject({ claims: 1, lines: 2, claimsWithProblems: 0, segments: 43 });
    expect(r.claims[0]).toMatchObject({ claimId: 'PR-AUTO-0915', medicaidId: '400112233', recipientBirthDate: '1985-09-14', diagnoses: ['F4310', 'V4359XA'], renderingNpi: '1204784908' });
    expect(r.claims[0].lines.map((l) => [l.lineId, l.procedureCode, l.dateOfService, l.location.segmentIndex])).toEqual([
      ['AUTO-0915-1', 'H0031', '2026-09-15', 34],
      ['AUTO-0916-1', 'H0004', '2026-09-16', 38],
    ]);
  });

  describe('demo-bh.837', () => {
    it('is what src/x12/demo-bh.ts generates (regenerate it after changing the demo IDs)', () => {
      expect(fixture('demo-bh.837').toString('latin1')).toBe(demoBh837());
    });

    it('reads as three behavioural-health claims, each line located', async () => {
      const r = await read('demo-bh.837');
      expect(r.summary).toMatchObject({ claims: 3, lines: 6, claimsWithProblems: 0, segments: 65 });
      const ids = DEMO_BH_IDS;
      expect(r.claims.map((c) => [c.claimId, c.frequency, c.billingNpi, c.medicaidId, c.recipientBirthDate, c.diagnoses])).toEqual([
        ['PCMHC-260803-01', 'ORIGINAL', ids.billingNpi, ids.recipientA.medicaidId, ids.recipientA.birthDate, ['F331', 'F411']],
        ['PCMHC-260806-02', 'ORIGINAL', ids.billingNpi, ids.recipientB.medicaidId, ids.recipientB.birthDate, ['F909']],
        ['PCMHC-260710-03', 'ORIGINAL', ids.billingNpi, ids.recipientB.medicaidId, ids.recipientB.birthDate, ['F909']],
      ]);
      expect(r.claims[0].location).toEqual({ transactionControlNumber: '0001', claimId: 'PCMHC-260803-01', segmentIndex: 20 });
      expect(r.claims[0].lines).toEqual([
        {
          lineId: 'PC-0803-1', dateOfService: '2026-08-03', units: 4, unitBasis: 'UNITS', procedureCode: 'H0004', modifiers: [],
          placeOfService: '11', renderingNpi: ids.therapistNpi, problems: [],
          location: { transactionControlNumber: '0001', claimId: 'PCMHC-260803-01', lineNumber: 1, segmentIndex: 24 },
        },
        {
          lineId: 'PC-0804-1', dateOfService: '2026-08-04', units: 60, unitBasis: 'MINUTES', procedureCode: 'H2015', modifiers: [],
          placeOfService: '12', renderingNpi: ids.communitySupportNpi, problems: [],
          location: { transactionControlNumber: '0001', claimId: 'PCMHC-260803-01', lineNumber: 2, segmentIndex: 28 },
        },
        {
          lineId: 'PC-0805-1', dateOfService: '2026-08-05', units: 2, unitBasis: 'UNITS', procedureCode: 'T1016', modifiers: [],
          placeOfService: '11', renderingNpi: ids.caseManagerNpi, problems: [],
          location: { transactionControlNumber: '0001', claimId: 'PCMHC-260803-01', lineNumber: 3, segmentIndex: 33 },
        },
      ]);
      expect(r.claims[1].lines.map((l) => [l.procedureCode, l.modifiers, l.renderingNpi, l.location.segmentIndex])).toEqual([
        ['H0004', ['HQ'], ids.therapistNpi, 48],
        ['T1016', [], ids.caseManagerNpi, 52],
      ]);
      expect(r.claims[2].lines.map((l) => [l.procedureCode, l.units, l.unitBasis, l.location.segmentIndex])).toEqual([['H2015', 30, 'MINUTES', 60]]);
    });
  });
});

describe('every fixture', () => {
  const files = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.837'));

  it.each(files)('%s reads the same with both tokenisers (claims, summary or refusal)', async (file) => {
    for (const envelopeCounts of ['strict', 'lenient'] as const) {
      const [a, b] = await Promise.all(TOKENIZERS.map((tokenizer) => run(fixture(file), { tokenizer, envelopeCounts })));
      expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    }
  });
});
