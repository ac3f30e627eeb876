/**
 * The loop tables of src/x12/schema.ts against the 005010X222A1 guide, one case per loop corrected in
 * the second round: a minimal file using what the guide allows reads, and one segment more (or one
 * required segment missing) is refused naming the loop. Both tokenisers.
 */
import { parse837Buffer } from '../../../src/x12';
import { at, edit, envelope, refusal } from '../../../src/x12/testing';

const TOKENIZERS = ['x12-parser', 'fast'] as const;
// BODY indexes (src/x12/testing.ts): 5 NM1*85, 6 N3, 7 N4, 8 REF*EI, 13 NM1*PR, 14 CLM, 15 HI, 17 SV1, 18 DTP*472
const times = (n: number, make: (i: number) => string): string[] => Array.from({ length: n }, (_, i) => make(i));
const SERVICE_FACILITY = ['NM1*77*2*EAST CLINIC*****XX*1234567893', 'N3*410 EAST CAPITOL AVE', 'N4*SPRINGFIELD*IL*62701'];
const PAY_TO_PLAN = ['NM1*PE*2*PLAN*****PI*12345', 'N3*1 PLAN WAY', 'N4*SPRINGFIELD*IL*62701'];

/** [loop, what, the body that reads, the body one step past the guide, the refusal's segment (BODY-relative) and message] */
const CASES: [string, string, string[], string[], number, RegExp][] = [
  [
    '2310C',
    "the service facility's contact (PER), once",
    edit({ 15: ['HI*ABK:F329', ...SERVICE_FACILITY, 'PER*IC*FRONT DESK*TE*2175550140'] }),
    edit({ 15: ['HI*ABK:F329', ...SERVICE_FACILITY, 'PER*IC*FRONT DESK*TE*2175550140', 'PER*IC*NIGHTS*TE*2175550141'] }),
    20,
    /^segment PER may appear only once in loop 2310C \(service facility\); PER is one too many/,
  ],
  [
    '2400',
    'CRC: ambulance certification (3), hospice employee and DME condition indicators: 5',
    edit({ 17: ['SV1*HC:H0004*100*UN*4***1', ...times(5, () => 'CRC*07*Y*01')] }),
    edit({ 17: ['SV1*HC:H0004*100*UN*4***1', ...times(6, () => 'CRC*07*Y*01')] }),
    23,
    /^segment CRC may appear only 5 times in loop 2400 \(service line \(LX\)\)/,
  ],
  [
    '2400',
    'PWK: line supplemental information (10) and the DME certificate indicator: 11',
    edit({ 17: ['SV1*HC:H0004*100*UN*4***1', ...times(11, (i) => `PWK*OZ*BM***AC*DOC${i}`)] }),
    edit({ 17: ['SV1*HC:H0004*100*UN*4***1', ...times(12, (i) => `PWK*OZ*BM***AC*DOC${i}`)] }),
    29,
    /^segment PWK may appear only 11 times in loop 2400/,
  ],
  [
    '2400',
    'DTP: the service date and ten other dates',
    edit({ 18: ['DTP*472*D8*20260810', ...times(10, () => 'DTP*304*D8*20260801')] }),
    edit({ 18: ['DTP*472*D8*20260810', ...times(11, () => 'DTP*304*D8*20260801')] }),
    29,
    /^segment DTP may appear only 11 times in loop 2400/,
  ],
  [
    '2400',
    'REF: 17 (prior authorizations and referrals 5 each, seven others once)',
    edit({ 18: ['DTP*472*D8*20260810', ...times(17, (i) => `REF*G1*PA${i}`)] }),
    edit({ 18: ['DTP*472*D8*20260810', ...times(18, (i) => `REF*G1*PA${i}`)] }),
    36,
    /^segment REF may appear only 17 times in loop 2400/,
  ],
  [
    '2300',
    'DTP: 17 claim dates',
    edit({ 14: ['CLM*C1*100***11:B:1*Y*A*Y*Y', ...times(17, () => 'DTP*431*D8*20260801')] }),
    edit({ 14: ['CLM*C1*100***11:B:1*Y*A*Y*Y', ...times(18, () => 'DTP*431*D8*20260801')] }),
    32,
    /^segment DTP may appear only 17 times in loop 2300 \(claim \(CLM\)\)/,
  ],
  [
    '2300',
    'REF: 14 claim references, one of each kind',
    edit({ 14: ['CLM*C1*100***11:B:1*Y*A*Y*Y', ...times(14, (i) => `REF*D9*TRACE${i}`)] }),
    edit({ 14: ['CLM*C1*100***11:B:1*Y*A*Y*Y', ...times(15, (i) => `REF*D9*TRACE${i}`)] }),
    29,
    /^segment REF may appear only 14 times in loop 2300/,
  ],
  [
    '2300',
    'HI: diagnoses, anesthesia related procedure, condition information (2)',
    edit({ 15: ['HI*ABK:F329', 'HI*BP:00100', 'HI*BG:01', 'HI*BG:02'] }),
    edit({ 15: ['HI*ABK:F329', 'HI*BP:00100', 'HI*BG:01', 'HI*BG:02', 'HI*BG:03'] }),
    19,
    /^segment HI may appear only 4 times in loop 2300/,
  ],
  [
    '2010BB',
    'REF: payer (3) and billing provider (2) secondary identification',
    edit({ 13: ['NM1*PR*2*ILLINOIS MEDICAID*****PI*752548221', ...times(5, (i) => `REF*G2*${i}`)] }),
    edit({ 13: ['NM1*PR*2*ILLINOIS MEDICAID*****PI*752548221', ...times(6, (i) => `REF*G2*${i}`)] }),
    19,
    /^segment REF may appear only 5 times in loop 2010BB/,
  ],
  [
    '2010AA',
    'REF: a licence number may come before the required tax identification; without it the file is refused',
    edit({ 8: ['REF*0B*IL123456', 'REF*EI*371234567'] }),
    edit({ 8: ['REF*0B*IL123456'] }),
    9,
    /^required segment REF\*EI\/SY is missing in loop 2010AA \(billing provider \(NM1\*85\)\): HL \(level 22\) came where it was due/,
  ],
  [
    '2010AC',
    "the pay-to plan's tax identification (REF*EI) is required, and may follow its secondary identification",
    edit({ 8: ['REF*EI*371234567', ...PAY_TO_PLAN, 'REF*2U*PLAN01', 'REF*EI*379876543'] }),
    edit({ 8: ['REF*EI*371234567', ...PAY_TO_PLAN, 'REF*2U*PLAN01'] }),
    13,
    /^required segment REF\*EI is missing in loop 2010AC \(pay-to plan \(NM1\*PE\)\)/,
  ],
];

describe.each(TOKENIZERS)('837P loop tables (tokenizer %s)', (tokenizer) => {
  describe.each(CASES)('loop %s: %s', (_loop, _what, allowed, beyond, bodyIndex, message) => {
    it('reads what the guide allows', async () => {
      const r = await parse837Buffer(envelope(allowed), { tokenizer });
      expect(r.summary).toMatchObject({ claims: 1, lines: 1, claimsWithProblems: 0 });
    });

    it('refuses one step past it, naming the loop and the segment', async () => {
      const e = await refusal(envelope(beyond), { tokenizer });
      expect(e).toMatchObject({ code: 'X12_STRUCTURE', segmentIndex: at(bodyIndex) });
      expect(e.message).toMatch(message);
    });
  });

  it('the other payer providers (2330C-G) are read without the REF the guide requires (public files omit it)', async () => {
    const cob = ['SBR*S*18*******CI', 'OI***Y***Y', 'NM1*IL*1*DOE*JANE****MI*X1', 'NM1*PR*2*OTHER PLAN*****PI*999', 'NM1*DN*1*REFERRER', 'NM1*85*2'];
    const r = await parse837Buffer(envelope(edit({ 15: ['HI*ABK:F329', ...cob] })), { tokenizer });
    expect(r.summary).toMatchObject({ claims: 1, lines: 1 });
  });
});
