/** How segment content becomes ClaimInput fields, and which content is a claim or line problem. */
import { parse837Buffer, type Parsed837Claim } from '../../../src/x12';
import { at, BODY, edit, envelope } from '../../../src/x12/testing';

const TOKENIZERS = ['x12-parser', 'fast'] as const;

describe.each(TOKENIZERS)('content (tokenizer %s)', (tokenizer) => {
  const claimsOf = async (body: string[]): Promise<Parsed837Claim[]> => (await parse837Buffer(envelope(body), { tokenizer })).claims;
  const one = async (body: string[]): Promise<Parsed837Claim> => (await claimsOf(body))[0];

  it('the base claim, field by field', async () => {
    expect(await one([...BODY])).toEqual({
      claimId: 'C1',
      billingNpi: '1234567893',
      medicaidId: '400999001',
      recipientBirthDate: '1990-03-15',
      subscriberName: 'DOE, JANE',
      frequency: 'ORIGINAL',
      frequencyCode: '1',
      placeOfService: '11',
      diagnoses: ['F329'],
      interchangeControlNumber: '000000001',
      location: { transactionControlNumber: '0001', claimId: 'C1', segmentIndex: at(14) },
      problems: [],
      lines: [
        {
          lineId: '1',
          dateOfService: '2026-08-10',
          units: 4,
          unitBasis: 'UNITS',
          procedureCode: 'H0004',
          modifiers: [],
          placeOfService: '11',
          location: { transactionControlNumber: '0001', claimId: 'C1', lineNumber: 1, segmentIndex: at(17) },
          problems: [],
        },
      ],
    });
  });

  describe('diagnoses (HI)', () => {
    it('principal (ABK) first, then ABF in order, across HI segments; other qualifiers ignored', async () => {
      const c = await one(edit({ 15: ['HI*ABF:F411*ABK:F331*ABF:F909', 'HI*BG:01'] }));
      expect(c.diagnoses).toEqual(['F331', 'F411', 'F909']);
      expect(c.problems).toEqual([]);
    });
    it('ICD-9 qualifiers BK/BF are read too', async () => {
      expect((await one(edit({ 15: 'HI*BK:29620*BF:30000' }))).diagnoses).toEqual(['29620', '30000']);
    });
    it('a composite without its code is a claim problem; no codes at all leaves diagnoses out', async () => {
      const c = await one(edit({ 15: 'HI*ABK' }));
      expect(c.diagnoses).toBeUndefined();
      expect(c.problems).toEqual([{ code: 'INVALID_CLAIM', segmentIndex: at(15), segmentId: 'HI', message: `HI01 "ABK" has no diagnosis code (component 2) (segment ${at(15)}, HI)` }]);
    });
  });

  describe('service line (SV1)', () => {
    it('four modifiers, decimal units, SV105', async () => {
      const [line] = (await one(edit({ 17: 'SV1*HC:H2017:HQ:U1:GT:59*100*UN*1.5*53**1' }))).lines;
      expect(line).toMatchObject({ procedureCode: 'H2017', modifiers: ['HQ', 'U1', 'GT', '59'], units: 1.5, placeOfService: '53', problems: [] });
    });
    it.each([
      ['SV101-1 not HC', 'SV1*ER:H0004*100*UN*4***1', /^SV101-1 is "ER"; procedure codes are read as HCPCS/],
      ['an unknown unit basis', 'SV1*HC:H0004*100*DA*4***1', /^SV103 unit basis "DA" is neither UN \(units\) nor MJ \(minutes\)/],
      ['zero units', 'SV1*HC:H0004*100*UN*0***1', /^SV104 quantity "0" is not a positive number/],
      ['units not a number', 'SV1*HC:H0004*100*UN*4X***1', /^SV104 quantity "4X" is not a positive number/],
    ])('%s is a line problem at the SV1', async (_what, sv1, message) => {
      const [line] = (await one(edit({ 17: sv1 }))).lines;
      expect(line.problems).toHaveLength(1);
      expect(line.problems[0]).toMatchObject({ code: 'INVALID_CLAIM', segmentIndex: at(17), segmentId: 'SV1' });
      expect(line.problems[0].message).toMatch(message);
    });
    it('an unknown unit basis leaves unitBasis out; bad units read 0', async () => {
      expect((await one(edit({ 17: 'SV1*HC:H0004*100*DA*4***1' }))).lines[0].unitBasis).toBeUndefined();
      expect((await one(edit({ 17: 'SV1*HC:H0004*100*UN*-2***1' }))).lines[0].units).toBe(0);
    });
  });

  describe('date of service (DTP*472)', () => {
    it.each([
      ['an impossible date', 'DTP*472*D8*20260230', /^service date DTP\*472 "20260230" is not a date CCYYMMDD/],
      ['a malformed range', 'DTP*472*RD8*20260810', /^service date range DTP\*472 "20260810" is not CCYYMMDD-CCYYMMDD/],
      ['another format', 'DTP*472*DT*202608101200', /^service date DTP02 format "DT" is neither D8 nor RD8/],
    ])('%s is a line problem', async (_what, dtp, message) => {
      const [line] = (await one(edit({ 18: dtp }))).lines;
      expect(line.dateOfService).toBe('');
      expect(line.problems.map((p) => [p.segmentIndex, p.segmentId])).toEqual([[at(18), 'DTP']]);
      expect(line.problems[0].message).toMatch(message);
    });
    it('no DTP*472 is a line problem located at the SV1; other DTPs are not service dates', async () => {
      const [line] = (await one(edit({ 18: 'DTP*471*D8*20260801' }))).lines;
      expect(line.dateOfService).toBe('');
      expect(line.problems).toEqual([
        { code: 'INVALID_CLAIM', segmentIndex: at(17), segmentId: 'SV1', message: `service line 1 has no date of service (DTP*472) (segment ${at(17)}, SV1)` },
      ]);
    });
    it('a second DTP*472 on one line is a problem, the first date stands', async () => {
      const [line] = (await one(edit({ 18: ['DTP*472*D8*20260810', 'DTP*472*D8*20260811'] }))).lines;
      expect(line.dateOfService).toBe('2026-08-10');
      expect(line.problems.map((p) => p.segmentIndex)).toEqual([at(19)]);
    });
  });

  describe('line identity', () => {
    it('REF*6R is the lineId, the LX number otherwise; a repeated LX01 is a problem', async () => {
      const c = await one(edit({ 18: ['DTP*472*D8*20260810', 'REF*6R*ABC-1', 'LX*1', 'SV1*HC:T1016*100*UN*2***1', 'DTP*472*D8*20260810'] }));
      expect(c.lines.map((l) => [l.lineId, l.location.lineNumber, l.location.segmentIndex, l.problems.length])).toEqual([
        ['ABC-1', 1, at(17), 0],
        ['1', 1, at(17) + 4, 1],
      ]);
      expect(c.lines[1].problems[0].message).toMatch(/line number LX01 1 is used twice in claim C1/);
    });
  });

  describe('providers and recipient', () => {
    it('a billing provider without an XX NPI is a problem on every claim under it', async () => {
      const claims = await claimsOf(
        edit({ 5: 'NM1*85*2*SAMPLE CMHC*****24*371234567', 18: ['DTP*472*D8*20260810', 'CLM*C2*100***11:B:1*Y*A*Y*Y', 'HI*ABK:F329', 'LX*1', 'SV1*HC:H0004*100*UN*4***1', 'DTP*472*D8*20260810'] }),
      );
      expect(claims.map((c) => [c.claimId, c.billingNpi, c.problems.map((p) => p.segmentIndex)])).toEqual([
        ['C1', undefined, [at(5)]],
        ['C2', undefined, [at(5)]],
      ]);
      expect(claims[0].problems[0].message).toMatch(/^billing provider NM1\*85 has no NPI/);
    });
    it('a subscriber without an ID, or with an unreadable birth date, is a claim problem', async () => {
      const c = await one(edit({ 11: 'NM1*IL*1*DOE*JANE', 12: 'DMG*D8*19901315*F' }));
      expect(c.medicaidId).toBeUndefined();
      expect(c.recipientBirthDate).toBeUndefined();
      expect(c.problems.map((p) => p.segmentIndex)).toEqual([at(11), at(12)]);
    });
    it('the claim rendering provider (2310B) applies to lines without their own (2420A)', async () => {
      const c = await one(
        edit({
          15: ['HI*ABK:F329', 'NM1*82*1*KIM*GRACE****XX*1305895017', 'PRV*PE*PXC*101YP2500X'],
          18: ['DTP*472*D8*20260810', 'LX*2', 'SV1*HC:H0004*100*UN*4***1', 'DTP*472*D8*20260811', 'NM1*82*1*OKAFOR*SAMUEL****XX*1204784908'],
        }),
      );
      expect(c.renderingNpi).toBe('1305895017');
      expect(c.lines.map((l) => l.renderingNpi)).toEqual(['1305895017', '1204784908']);
    });
    it('a second subscriber level starts a new recipient; the billing provider carries on', async () => {
      const second = ['HL*3*1*22*0', 'SBR*P*18*******MC', 'NM1*IL*1*ROE*RICHARD****MI*400999002', 'NM1*PR*2*ILLINOIS MEDICAID*****PI*752548221', 'CLM*C2*100***12:B:1*Y*A*Y*Y', 'HI*ABK:F909', 'LX*1', 'SV1*HC:T1016*100*UN*2***1', 'DTP*472*D8*20260812'];
      const claims = await claimsOf([...BODY, ...second]);
      expect(claims.map((c) => [c.claimId, c.billingNpi, c.medicaidId, c.recipientBirthDate, c.placeOfService, c.lines[0].placeOfService])).toEqual([
        ['C1', '1234567893', '400999001', '1990-03-15', '11', '11'],
        ['C2', '1234567893', '400999002', undefined, '12', '12'],
      ]);
    });
  });
});
