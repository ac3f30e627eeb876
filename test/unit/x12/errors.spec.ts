/** Files an 837P reader must refuse, built around a minimal valid transaction (src/x12/testing.ts). */
import { Readable } from 'node:stream';
import { describeStart, parse837, parse837Buffer, X12Error } from '../../../src/x12';
import { at, BODY, edit, envelope, refusal } from '../../../src/x12/testing';

const TOKENIZERS = ['x12-parser', 'fast'] as const;
const ISA = 'ISA*00*          *00*          *ZZ*SENDER         *ZZ*RECEIVER       *260901*1200*^*00501*000000001*0*T*:~';
const VALID = envelope([...BODY]);

function lines(n: number): string[] {
  const out: string[] = [];
  for (let i = 1; i <= n; i++) out.push(`LX*${i}`, 'SV1*HC:H0004*100*UN*4***1', 'DTP*472*D8*20260810');
  return out;
}

describe.each(TOKENIZERS)('refusals (tokenizer %s)', (tokenizer) => {
  const refuse = (text: string | Buffer) => refusal(text, { tokenizer });

  it('the minimal valid transaction parses (the base every case below breaks)', async () => {
    const r = await parse837Buffer(VALID, { tokenizer });
    expect(r.summary).toMatchObject({ claims: 1, lines: 1, segments: BODY.length + 6 });
    expect(r.claims[0].lines[0].location.segmentIndex).toBe(at(17));
  });

  describe('interchange header', () => {
    it.each([
      ['empty input', '', 'X12_ENVELOPE', 0, '', /^empty input/],
      ['only blank lines', '\n\r\n  \n', 'X12_ENVELOPE', 0, '', /^empty input/],
      ['no ISA', VALID.slice(VALID.indexOf('GS*')), 'X12_ENVELOPE', 1, 'GS', /^missing ISA: .* starts with "GS\*HC\*SENDER\*REC" \(47 53 2A 48 43 2A 53 45 4E 44 45 52 2A 52 45 43\) at byte 0 at segment 1 \(GS\)$/],
      ['a truncated ISA', 'ISA*00*      ', 'X12_ENVELOPE', 1, 'ISA', /^truncated ISA/],
      ['a letter as element separator', VALID.replace(/^ISA\*/, 'ISAX').replace(/\*(?=[^~]*~GS)/g, 'X'), 'X12_SYNTAX', 1, 'ISA', /element separator "X" must not be a letter/],
      ['an ISA06 one character short', VALID.replace('*SENDER         *', '*SENDER        *'), 'X12_SYNTAX', 1, 'ISA', /^ISA06 is 14 characters long; the ISA segment is fixed-length and ISA06 must be 15/],
      ['the component separator equal to the element separator', VALID.replace('*T*:~', '*T**~'), 'X12_SYNTAX', 1, 'ISA', /declares "\*" as both the element separator .* and the component separator/],
      ['a 004010 interchange', VALID.replace('*^*00501*', '*U*00401*'), 'X12_NOT_837P', 1, 'ISA', /^not an 837P: ISA12 is "00401"/],
    ])('%s', async (_what, text, code, segmentIndex, segmentId, message) => {
      const e = await refuse(text);
      expect(e).toMatchObject({ code, segmentIndex, segmentId });
      expect(e.message).toMatch(message);
    });

    it('a file saved as UTF-16 is refused naming its byte order mark and showing its text', async () => {
      const e = await refuse(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(VALID, 'utf16le')]));
      expect(e).toMatchObject({ code: 'X12_ENVELOPE', segmentIndex: 1, segmentId: '' });
      expect(e.message).toBe(
        'missing ISA: an X12 interchange must start with an ISA segment; it starts with a UTF-16 little-endian byte order mark (FF FE) at byte 0, ' +
          'then reads "ISA*00*         " as UTF-16; an X12 file is 8-bit text, so save it as ASCII or UTF-8 at segment 1',
      );
    });

    it('UTF-16 without a byte order mark, after blank lines, is recognised and located', async () => {
      const e = await refuse(Buffer.concat([Buffer.from('\r\n'), Buffer.from(VALID, 'utf16le')]));
      expect(e).toMatchObject({ code: 'X12_ENVELOPE', segmentIndex: 1, segmentId: '' });
      expect(e.message).toMatch(/it looks like UTF-16 little-endian text without a byte order mark \(49 00 53 00 41 00 2A 00 at byte 2, reading "ISA\*00\*/);
    });

    it('anything else: its first bytes, printable ones as text and all in hex, and where they start', async () => {
      const e = await refuse(Buffer.concat([Buffer.from('\xef\xbb\xbf\n', 'latin1'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d])]));
      expect(e.message).toBe('missing ISA: an X12 interchange must start with an ISA segment; it starts with ".PNG........" (89 50 4E 47 0D 0A 1A 0A 00 00 00 0D) at byte 4 at segment 1');
    });
  });

  describe('envelope order', () => {
    const seg = (text: string) => text.split('~\n').filter(Boolean);
    it.each([
      ['ST without GS', [ISA, ...seg(VALID).slice(2)].join('~\n'), 'X12_ENVELOPE', 2, 'ST', /^ST outside a functional group/],
      ['GS after IEA', VALID + seg(VALID)[1] + '~\n', 'X12_ENVELOPE', BODY.length + 7, 'GS', /^GS outside an interchange: no ISA/],
      ['a second ISA before the IEA', VALID.replace(/IEA\*[^~]*~\n/, '') + VALID, 'X12_ENVELOPE', BODY.length + 6, 'ISA', /^ISA inside interchange 000000001 .*its IEA is missing/],
      ['GE before SE', VALID.replace(/\nSE\*[^~]*~/, ''), 'X12_ENVELOPE', BODY.length + 4, 'GE', /^GE before the SE of transaction set 0001/],
      ['a body segment after IEA', VALID + 'BHT*0019~\n', 'X12_ENVELOPE', BODY.length + 7, 'BHT', /^segment BHT outside a transaction set/],
      ['garbage after IEA', VALID + 'XYZ*1~\n', 'X12_ENVELOPE', BODY.length + 7, 'XYZ', /^segment XYZ outside a transaction set/],
      ['SE01 not a number', VALID.replace(/SE\*\d+\*/, 'SE*X*'), 'X12_ELEMENT', BODY.length + 4, 'SE', /^SE01 must be a number/],
    ])('%s', async (_what, text, code, segmentIndex, segmentId, message) => {
      const e = await refuse(text);
      expect(e).toMatchObject({ code, segmentIndex, segmentId });
      expect(e.message).toMatch(message);
    });

    it('a second interchange must declare the same separators', async () => {
      const second = envelope([...BODY], { isa: '000000002' }).replace('*T*:~', '*T*>~');
      const e = await refuse(VALID + second);
      expect(e).toMatchObject({ code: 'X12_SYNTAX', segmentIndex: BODY.length + 7, segmentId: 'ISA' });
    });
  });

  describe('not an 837P', () => {
    it('GS01 FA (acknowledgments) is named at the GS', async () => {
      const e = await refuse(VALID.replace('GS*HC*', 'GS*FA*'));
      expect(e).toMatchObject({ code: 'X12_NOT_837P', segmentIndex: 2, segmentId: 'GS' });
      expect(e.message).toBe('not an 837P: GS01 is "FA", an 837 group must be HC (health care claim) at segment 2 (GS)');
    });
    it('GS08 of an 837I', async () => {
      const e = await refuse(VALID.replace('*X*005010X222A1~', '*X*005010X223A2~'));
      expect(e).toMatchObject({ code: 'X12_NOT_837P', segmentIndex: 3, segmentId: 'ST' });
      expect(e.message).toMatch(/GS08 005010X223A2 is an 837I \(institutional\) \(GS at segment 2\)/);
    });
    it('an 837D', async () => {
      expect((await refuse(envelope([...BODY], { version: '005010X224A2' }))).message).toMatch(/is an 837D \(dental\)/);
    });
    it('no implementation guide named at all', async () => {
      const e = await refuse(VALID.replace('*X*005010X222A1~', '*X*~').replace('ST*837*0001*005010X222A1~', 'ST*837*0001~'));
      expect(e.message).toMatch(/neither ST03 nor GS08 names the 005010X222A1/);
    });
    it('accepts the pre-errata 005010X222', async () => {
      const r = await parse837Buffer(envelope([...BODY], { version: '005010X222' }), { tokenizer });
      expect(r.summary.claims).toBe(1);
    });
  });

  describe('segments and elements', () => {
    it.each([
      ['a lower-case segment identifier', edit({ 10: 'sbr*P*18*******MC' }), 'X12_SYNTAX', at(10), 'sbr', /^bad segment identifier "sbr"/],
      ['a four-character identifier', edit({ 11: 'NM1X*IL*1*DOE' }), 'X12_SYNTAX', at(11), 'NM1X', /^bad segment identifier/],
      ['an identifier unknown to the 837P', edit({ 16: ['HI*ABK:F329', 'ZZZ*1'] }), 'X12_SYNTAX', at(16) + 1, 'ZZZ', /^unknown segment identifier ZZZ/],
      ['CLM01 empty', edit({ 14: 'CLM**100***11:B:1*Y*A*Y*Y' }), 'X12_ELEMENT', at(14), 'CLM', /^required element CLM01 is empty/],
      ['CLM05-3 empty', edit({ 14: 'CLM*C1*100***11:B*Y*A*Y*Y' }), 'X12_ELEMENT', at(14), 'CLM', /^required element CLM05-3 is empty/],
      ['SV101-2 empty', edit({ 17: 'SV1*HC*100*UN*4***1' }), 'X12_ELEMENT', at(17), 'SV1', /^required element SV101-2 is empty/],
      ['SV104 empty', edit({ 17: 'SV1*HC:H0004*100*UN****1' }), 'X12_ELEMENT', at(17), 'SV1', /^required element SV104 is empty/],
      ['LX01 not a number', edit({ 16: 'LX*A' }), 'X12_ELEMENT', at(16), 'LX', /^LX01 must be a positive whole number/],
      ['HL level 21', edit({ 9: 'HL*2*1*21*0' }), 'X12_STRUCTURE', at(9), 'HL', /^HL level "21" is not expected/],
      ['a subscriber level before any billing provider level', edit({ 4: null, 5: null, 6: null, 7: null, 8: null }), 'X12_STRUCTURE', at(9) - 5, 'HL', /subscriber level needs a billing provider level HL\*20 first/],
      ['no BHT', edit({ 0: null }), 'X12_STRUCTURE', at(0), 'NM1', /^required segment BHT is missing/],
      ['a claim without HI', edit({ 15: null }), 'X12_STRUCTURE', at(15), 'LX', /^required segment HI is missing in loop 2300/],
      ['a claim without service lines', edit({ 16: null, 17: null, 18: null }), 'X12_STRUCTURE', at(16), 'SE', /^required loop 2400 \(service line \(LX\)\) is missing in loop 2300/],
      ['a DTP before the SV1', edit({ 17: null, 18: ['DTP*472*D8*20260810', 'SV1*HC:H0004*100*UN*4***1'] }), 'X12_STRUCTURE', at(17), 'DTP', /^required segment SV1 is missing in loop 2400/],
      ['N3 after N4 in the subscriber loop', edit({ 12: ['N4*SPRINGFIELD*IL*62701', 'N3*1 ELM ST', 'DMG*D8*19900315*F'] }), 'X12_STRUCTURE', at(13), 'N3', /^segments out of order: N3 must come before segment N4 in loop 2010BA/],
      ['a CLM before the subscriber', edit({ 9: null, 10: null, 11: null, 12: null, 13: null }), 'X12_STRUCTURE', at(9), 'CLM', /^CLM outside a subscriber level/],
      ['a second subscriber NM1*IL', edit({ 12: ['DMG*D8*19900315*F', 'NM1*IL*1*DOE*JOHN****MI*400999002'] }), 'X12_STRUCTURE', at(13), 'NM1', /^loop 2010BA .* may appear only once in loop 2000B/],
    ])('%s', async (_what, body, code, segmentIndex, segmentId, message) => {
      const e = await refuse(envelope(body as string[]));
      expect(e).toMatchObject({ code, segmentIndex, segmentId });
      expect(e.message).toMatch(message);
    });

    it('a NUL byte anywhere is refused at its segment (PostgreSQL could not store it)', async () => {
      const e = await refuse(envelope(edit({ 14: 'CLM*C\u00001*100***11:B:1*Y*A*Y*Y' })));
      expect(e).toMatchObject({ code: 'X12_SYNTAX', segmentIndex: at(14), segmentId: 'CLM' });
      expect(e.message).toMatch(/^a NUL character \(byte 0x00\) is not allowed/);
    });

    it('a NUL byte is located across input chunks', async () => {
      // one byte per chunk: the segment count and the open segment carry over from chunk to chunk
      const text = envelope(edit({ 17: 'SV1*HC:H0004*100*UN*4***\u0000' }));
      const bytes = Buffer.from(text, 'latin1');
      const oneByteChunks = Readable.from((function* () { for (let i = 0; i < bytes.length; i++) yield bytes.subarray(i, i + 1); })(), { objectMode: false });
      const e = await (async () => {
        try {
          for await (const _ of parse837(oneByteChunks, { tokenizer })) void _;
        } catch (err) {
          return err as X12Error;
        }
        throw new Error('not refused');
      })();
      expect(e).toMatchObject({ code: 'X12_SYNTAX', segmentIndex: at(17), segmentId: 'SV1' });
    });

    it('a claim may have 50 lines, not 51', async () => {
      const base = edit({ 16: null, 17: null, 18: null });
      const fifty = await parse837Buffer(envelope([...base, ...lines(50)]), { tokenizer });
      expect(fifty.claims[0].lines).toHaveLength(50);
      const e = await refuse(envelope([...base, ...lines(51)]));
      expect(e).toMatchObject({ code: 'X12_STRUCTURE', segmentIndex: at(base.length) + 150, segmentId: 'LX' });
      expect(e.message).toMatch(/loop 2400 \(service line \(LX\)\) may appear only 50 times in loop 2300/);
    });
  });
});

describe('X12Error', () => {
  it('is an Error with its location, serialisable', async () => {
    const e = await refusal(VALID.replace('GS*HC*', 'GS*FA*'));
    expect(e).toBeInstanceOf(Error);
    expect(e).toBeInstanceOf(X12Error);
    expect(e.name).toBe('X12Error');
    expect(e.detail).toBe('not an 837P: GS01 is "FA", an 837 group must be HC (health care claim)');
    expect(JSON.parse(JSON.stringify(e))).toEqual({ code: 'X12_NOT_837P', message: e.message, segmentIndex: 2, segmentId: 'GS' });
  });

  it('an error of the input stream itself is passed on as it is', async () => {
    const input = new Readable({
      read() {
        this.destroy(Object.assign(new Error('disk gone'), { code: 'EIO' }));
      },
    });
    await expect(
      (async () => {
        for await (const _ of parse837(input)) void _;
      })(),
    ).rejects.toMatchObject({ message: 'disk gone', code: 'EIO' });
  });
});

describe('describeStart: what an input that is not X12 starts with', () => {
  const utf16be = (text: string) => Buffer.from(text, 'utf16le').swap16();
  it.each([
    ['empty', Buffer.alloc(0), 0, 'it is empty'],
    ['blank space only', Buffer.alloc(0), 7, 'it holds only blank space (7 bytes)'],
    ['text', Buffer.from('hello'), 0, 'it starts with "hello" (68 65 6C 6C 6F) at byte 0'],
    ['quotes, a backslash and control bytes shown safely', Buffer.from('a"b\\c\u0000\u001b[2J'), 3, 'it starts with "a\\"b\\\\c..[2J" (61 22 62 5C 63 00 1B 5B 32 4A) at byte 3'],
    ['UTF-16 big-endian with its mark', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be('ISA*00')]), 0, 'it starts with a UTF-16 big-endian byte order mark (FE FF) at byte 0, then reads "ISA*00" as UTF-16; an X12 file is 8-bit text, so save it as ASCII or UTF-8'],
    ['UTF-16 big-endian without a mark', utf16be('{"claims"'), 0, 'it looks like UTF-16 big-endian text without a byte order mark (00 7B 00 22 00 63 00 6C at byte 0, reading "{\\"claims\\""); an X12 file is 8-bit text, so save it as ASCII or UTF-8'],
    ['UTF-32 little-endian with its mark', Buffer.from([0xff, 0xfe, 0, 0, 0x49, 0, 0, 0, 0x53, 0, 0, 0]), 0, 'it starts with a UTF-32 little-endian byte order mark (FF FE 00 00) at byte 0, then reads "IS" as UTF-32; an X12 file is 8-bit text, so save it as ASCII or UTF-8'],
  ])('%s', (_what, bytes, offset, expected) => {
    expect(describeStart(bytes, offset)).toBe(expected);
  });
});
