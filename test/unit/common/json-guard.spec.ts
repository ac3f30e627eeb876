/** What no request body may carry: nesting beyond MAX_JSON_DEPTH, NUL characters and lone surrogates (PostgreSQL refuses them). */
import { jsonInputProblems, MAX_JSON_DEPTH } from '../../../src/common/json-guard';

const nested = (depth: number): unknown => {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = i % 2 ? { a: v } : [v];
  return v;
};

describe('jsonInputProblems', () => {
  it('a claim batch (the deepest body bhcheck takes) passes', () => {
    expect(jsonInputProblems({ claims: [{ claimId: 'C1', lines: [{ lineId: '1', modifiers: ['HQ'] }] }] })).toEqual([]);
  });

  it(`nesting of exactly ${MAX_JSON_DEPTH} levels passes; one more is refused where it starts`, () => {
    expect(jsonInputProblems(nested(MAX_JSON_DEPTH))).toEqual([]);
    const errors = jsonInputProblems({ name: nested(MAX_JSON_DEPTH) });
    expect(errors).toHaveLength(1);
    expect(errors[0].path.startsWith('/name/')).toBe(true);
    expect(errors[0].message).toMatch(/nested more than 32 levels/);
  });

  it('100,000 levels are refused without overflowing the stack', () => {
    expect(jsonInputProblems(nested(100_000))).toHaveLength(1);
  });

  it('a NUL in a value or a member name is named by its JSON Pointer (RFC 6901 escapes)', () => {
    expect(jsonInputProblems({ licenses: [{ number: 'A\u0000' }], 'a/b~c': 'x\u0000' })).toEqual([
      { path: '/licenses/0/number', message: expect.stringMatching(/NUL character/) },
      { path: '/a~1b~0c', message: expect.stringMatching(/NUL character/) },
    ]);
    expect(jsonInputProblems({ ['k\u0000']: 1 })).toEqual([{ path: '/k\u0000', message: expect.stringMatching(/member name contains a NUL/) }]);
  });

  it('half of a surrogate pair is refused; a whole pair (an emoji) is text like any other', () => {
    expect(jsonInputProblems({ name: 'Ren\ud800e', note: 'x\udc00', ok: 'Renée \ud83d\ude00' })).toEqual([
      { path: '/name', message: expect.stringMatching(/not valid Unicode/) },
      { path: '/note', message: expect.stringMatching(/not valid Unicode/) },
    ]);
  });

  it('a NUL at the top level names the whole body', () => {
    expect(jsonInputProblems('\u0000')).toEqual([{ path: '/', message: expect.stringMatching(/NUL/) }]);
  });
});
