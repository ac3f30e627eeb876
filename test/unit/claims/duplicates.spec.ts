/**
 * DUPLICATE_LINE (CONTRACT "Duplicates"): the same recipient, date of service, service, rendering
 * staff, modality, contact and procedure code with modifiers, on the same claim, on another claim of
 * the request or file, or on a claim already recorded; never a claim against itself or against the
 * claim it replaces.
 */
import { BilledLines, validateClaims, type BilledSession, type ValidateOptions, type ValidationReport } from '../../../src/rules/claims';
import { ADULT_ID, BASE_DATE, CMHC_ID, DIRECTOR_ID, LPHA_ID, baselineWorld, claim, contextFor, line, type FakeWorld } from '../../../src/rules/claims/testing';
import { addDays } from '../../../src/rules/dates';
import type { ClaimInput } from '../../../src/rules/facts';

function run(claims: ClaimInput[], w: FakeWorld = baselineWorld(), options: ValidateOptions = {}): ValidationReport {
  return validateClaims(claims, contextFor(w), options);
}

const duplicates = (r: ValidationReport) => r.claims.flatMap((c) => c.lines.filter((l) => l.findings.some((f) => f.code === 'DUPLICATE_LINE')).map((l) => `${c.claimId}/${l.lineId}`));

/** A line recorded earlier by claim `claimId` (the world's history). */
function recorded(w: FakeWorld, claimId: string, over: Partial<NonNullable<FakeWorld['recorded']>[number]> = {}): void {
  (w.recorded ??= []).push({
    recipientId: ADULT_ID,
    dateOfService: BASE_DATE,
    providerId: CMHC_ID,
    claimId,
    lineId: '1',
    service: 'THERAPY_COUNSELING',
    staffId: LPHA_ID,
    modality: 'INDIVIDUAL',
    contact: 'FACE_TO_FACE',
    code: 'H0004',
    recordedOn: '2026-09-20',
    ...over,
  });
}

/** A line naming its service, without a procedure code (minutes given). */
const byService = (over: Parameters<typeof line>[0] = {}) => line({ procedureCode: undefined, service: 'THERAPY_COUNSELING', unitBasis: 'MINUTES', units: 60, ...over });

describe('what is the same session (one claim)', () => {
  // [case, first line, second line, duplicate?]
  it.each([
    ['the same line again', line(), line({ lineId: '2' }), true],
    ['the same session with other units (minutes are billed together)', line(), line({ lineId: '2', units: 2 }), true],
    ['modifiers written in another order or case', line({ modifiers: ['HR', 'GT'] }), line({ lineId: '2', procedureCode: 'h0004', modifiers: ['gt', 'HR'] }), true],
    ['family therapy beside individual therapy', line(), line({ lineId: '2', modifiers: ['HR'] }), false],
    ['group therapy beside individual therapy', line(), line({ lineId: '2', modifiers: ['HQ'] }), false],
    ['the same therapy by video', line(), line({ lineId: '2', modifiers: ['GT'] }), false],
    ['another service by the same person', line(), line({ lineId: '2', procedureCode: 'H2015' }), false],
    ['another person', line(), line({ lineId: '2', renderingStaffId: DIRECTOR_ID }), false],
    ['the next day', line(), line({ lineId: '2', dateOfService: '2026-09-15' }), false],
    ['a line naming its service, again', byService(), byService({ lineId: '2' }), true],
    ['a line naming its service: family beside individual (modality given, no code)', byService(), byService({ lineId: '2', modality: 'FAMILY' }), false],
    ['a line naming its service: by video beside face to face (contact given, no code)', byService(), byService({ lineId: '2', contact: 'VIDEO' }), false],
    ['the service named without its code (the code is part of the key)', line(), line({ lineId: '2', procedureCode: undefined, service: 'THERAPY_COUNSELING', unitBasis: 'MINUTES', units: 60 }), false],
  ])('%s', (_case, first, second, dup) => {
    const r = run([claim({}, [first, second])]);
    expect(duplicates(r)).toEqual(dup ? ['C1/2'] : []);
    expect(r.claims[0].lines[0].findings.map((f) => f.code)).toEqual([]);
  });

  it('names the first line, the session and what to do; cites 140.455(a)', () => {
    const r = run([claim({}, [line(), line({ lineId: '2', units: 2 })])]);
    const [f] = r.claims[0].lines[1].findings;
    expect(f).toMatchObject({ code: 'DUPLICATE_LINE', severity: 'error', citation: '140.455(a)', ruleId: 'CLM-DUPLICATE-LINE-v2' });
    expect(f.message).toBe(
      'line 2 repeats line 1 of this claim: the same session for the same recipient, THERAPY_COUNSELING (H0004), individual face-to-face, by J. Doe on 2026-09-14; bill it once: put its minutes on one line',
    );
    expect(f.fact).toEqual({
      service: 'THERAPY_COUNSELING',
      staffId: LPHA_ID,
      dateOfService: BASE_DATE,
      modality: 'INDIVIDUAL',
      contact: 'FACE_TO_FACE',
      code: 'H0004',
      firstClaimId: 'C1',
      firstLineId: '1',
      firstRecorded: false,
    });
  });

  it('rendering staff not registered: the same NPI twice is still the same session', () => {
    const r = run([claim({}, [line({ renderingStaffId: undefined, renderingNpi: '1999999992' }), line({ lineId: '2', renderingStaffId: undefined, renderingNpi: '1999999992' })])]);
    expect(duplicates(r)).toEqual(['C1/2']);
  });
});

describe('across the claims of a request', () => {
  it('the same session on two claims: the second is flagged, naming the first claim', () => {
    const r = run([claim({ claimId: 'A' }), claim({ claimId: 'B' })]);
    expect(duplicates(r)).toEqual(['B/1']);
    expect(r.claims[1].lines[0].findings[0].message).toBe(
      'line 1 repeats line 1 of claim A earlier in this request: the same session for the same recipient, THERAPY_COUNSELING (H0004), individual face-to-face, by J. Doe on 2026-09-14; bill it once: remove this line or the one on claim A',
    );
    expect(r.claims[1].lines[0].findings[0].fact).toMatchObject({ firstClaimId: 'A', firstRecorded: false });
  });

  it('individual therapy on one claim and family therapy on another, same day: two sessions', () => {
    expect(duplicates(run([claim({ claimId: 'A' }), claim({ claimId: 'B' }, [line({ modifiers: ['HR'] })])]))).toEqual([]);
  });

  it('a line of an X12 file is named by its LX01 and segment, the same words whether the earlier claim is in the same batch or not', () => {
    /** a claim as the X12 reader gives it: located, its line located at its SV1 */
    const x12 = (claimId: string, clm: number) =>
      claim({ claimId, location: { transactionControlNumber: '0001', claimId, segmentIndex: clm } }, [
        line({ lineId: `${claimId}-1`, location: { transactionControlNumber: '0001', claimId, lineNumber: 1, segmentIndex: clm + 4 } }),
      ]);
    const expected = {
      message: expect.stringMatching(/^line B-1 repeats line 1 of claim A \(transaction 0001, segment 24\): the same session/),
      fact: expect.objectContaining({ firstClaimId: 'A', firstLineNumber: 1, firstSegmentIndex: 24, firstRecorded: false }),
    };
    expect(run([x12('A', 20), x12('B', 30)]).claims[1].lines[0].findings).toEqual([expect.objectContaining(expected)]);
    const billed = new BilledLines();
    const w = baselineWorld();
    run([x12('A', 20)], w, { billed });
    expect(run([x12('B', 30)], w, { billed }).claims[0].lines[0].findings).toEqual([expect.objectContaining(expected)]);
  });

  it('an ORIGINAL and its REPLACEMENT are not duplicates; a later claim compares with the replacement only', () => {
    const original = claim({ claimId: 'A' }, [line(), line({ lineId: '2', procedureCode: 'H2015' })]);
    const replacement = claim({ claimId: 'A', frequency: 'REPLACEMENT' }, [line()]);
    const later = claim({ claimId: 'B' }, [line(), line({ lineId: '2', procedureCode: 'H2015' })]);
    const r = run([original, replacement, later]);
    // B/1 repeats the replacement's line; B/2 repeated only the original's line 2, which was replaced
    expect(duplicates(r)).toEqual(['B/1']);
    expect(r.claims.map((c) => c.findings.map((f) => f.code))).toEqual([[], [], []]);
  });

  it('a VOID retires the lines of the claim it voids', () => {
    const r = run([claim({ claimId: 'A' }), claim({ claimId: 'A', frequency: 'VOID' }), claim({ claimId: 'B' })]);
    expect(duplicates(r)).toEqual([]);
  });

  it('the same claim twice is a repeated claimId (INVALID_CLAIM), not a duplicate of itself', () => {
    const r = run([claim(), claim()]);
    expect(duplicates(r)).toEqual([]);
    expect(r.claims[1].findings.map((f) => f.message)).toEqual([
      'claim C1 of Lakeside CMHC appears twice in this request or file (claimId is unique per provider; a correction is sent as a REPLACEMENT)',
    ]);
    // recording answers a repeat itself (it is the same claim sent again): it asks for no repeat finding
    expect(run([claim(), claim()], baselineWorld(), { repeatedClaimIds: false }).claims[1].findings).toEqual([]);
  });

  it('claims read only as evidence are neither compared nor indexed', () => {
    const r = run([claim({ claimId: 'B' })], baselineWorld(), { evidence: [claim({ claimId: 'A' })] });
    expect(duplicates(r)).toEqual([]);
  });
});

describe('across the batches of a file (one BilledLines for all of them)', () => {
  it('a session of an earlier batch, and a claimId of an earlier batch, are found', () => {
    const billed = new BilledLines();
    const w = baselineWorld();
    expect(duplicates(run([claim({ claimId: 'A' })], w, { billed }))).toEqual([]);
    const second = run([claim({ claimId: 'B' }), claim({ claimId: 'A', lines: [line({ dateOfService: '2026-09-16' })] })], w, { billed });
    expect(duplicates(second)).toEqual(['B/1']);
    expect(second.claims[1].findings.map((f) => f.code)).toEqual(['INVALID_CLAIM']);
  });

  it('a recipient with many lines (past the point where they are indexed by date): found in the batch and in the next', () => {
    const day = (n: number) => addDays('2026-09-01', n);
    // three claims of 20 sessions on 60 days, then day 45's session again
    const many = [0, 1, 2].map((c) => claim({ claimId: `M${c}` }, Array.from({ length: 20 }, (_, i) => line({ lineId: String(i + 1), dateOfService: day(c * 20 + i) }))));
    const again = claim({ claimId: 'AGAIN' }, [line({ dateOfService: day(45) }), line({ lineId: '2', dateOfService: day(45), modifiers: ['HR'] })]);
    expect(duplicates(run([...many, again]))).toEqual(['AGAIN/1']);
    const billed = new BilledLines();
    const w = baselineWorld();
    expect(duplicates(run(many, w, { billed }))).toEqual([]);
    const next = run([again], w, { billed });
    expect(duplicates(next)).toEqual(['AGAIN/1']);
    expect(next.claims[0].lines[0].findings[0].fact).toMatchObject({ firstClaimId: 'M2', firstLineId: '6' });
  });

  it('a recipient with hundreds of sessions in earlier batches (kept by date): the repeat is found', () => {
    const kinds = [{}, { procedureCode: 'H2015' }, { modifiers: ['HR'] }];
    const sessions = Array.from({ length: 540 }, (_, n) => line({ lineId: String(n + 1), dateOfService: addDays('2026-07-01', n % 180), ...kinds[Math.floor(n / 180)] }));
    const claims = Array.from({ length: 27 }, (_, c) => claim({ claimId: `K${c}` }, sessions.slice(c * 20, c * 20 + 20)));
    const billed = new BilledLines();
    const w = baselineWorld();
    expect(duplicates(run(claims, w, { billed }))).toEqual([]);
    // line 281 of the list: H2015 on day 100, on claim K14
    const next = run([claim({ claimId: 'AGAIN' }, [line({ procedureCode: 'H2015', dateOfService: addDays('2026-07-01', 100) })])], w, { billed });
    expect(next.claims[0].lines[0].findings.map((f) => f.fact)).toEqual([expect.objectContaining({ firstClaimId: 'K14', firstLineId: '281' })]);
  });

  it('without it, each batch is on its own (the earlier behaviour this fixes)', () => {
    const w = baselineWorld();
    run([claim({ claimId: 'A' })], w);
    expect(duplicates(run([claim({ claimId: 'B' })], w))).toEqual([]);
  });
});

describe('against claims already recorded (the history)', () => {
  it('the same session recorded on another claim fails, naming that claim and when it was recorded', () => {
    const w = baselineWorld();
    recorded(w, 'C0', { lineId: '3' });
    const r = run([claim()], w);
    expect(duplicates(r)).toEqual(['C1/1']);
    const [f] = r.claims[0].lines[0].findings;
    expect(f.message).toMatch(/^line 1 repeats line 3 of claim C0 already recorded on 2026-09-20: the same session .*; it is billed already: remove this line \(if this claim corrects C0, send it as a REPLACEMENT of C0\)$/);
    expect(f.fact).toMatchObject({ firstClaimId: 'C0', firstLineId: '3', firstRecorded: true });
  });

  it.each([
    ['family therapy recorded, individual therapy now', { modality: 'FAMILY' as const, code: 'H0004 HR' }],
    ['by another person', { staffId: DIRECTOR_ID }],
    ['on another day', { dateOfService: '2026-09-15' }],
    ['for another recipient', { recipientId: 'rec-other' }],
  ])('passes when the recorded line is another session: %s', (_case, over) => {
    const w = baselineWorld();
    recorded(w, 'C0', over);
    expect(duplicates(run([claim()], w))).toEqual([]);
  });

  it('the recorded claim itself, sent again or checked again, is not a duplicate of itself', () => {
    const w = baselineWorld();
    recorded(w, 'C1');
    expect(duplicates(run([claim()], w))).toEqual([]);
  });

  it('a REPLACEMENT is not a duplicate of the claim it replaces', () => {
    const w = baselineWorld();
    recorded(w, 'C1');
    expect(duplicates(run([claim({ frequency: 'REPLACEMENT' })], w))).toEqual([]);
  });

  it('a REPLACEMENT or VOID earlier in the request retires what its original recorded', () => {
    for (const frequency of ['REPLACEMENT', 'VOID'] as const) {
      const w = baselineWorld();
      recorded(w, 'C0');
      const change = claim({ claimId: 'C0', frequency }, [line({ procedureCode: 'H2015' })]);
      expect(duplicates(run([change, claim({ claimId: 'C2' })], w))).toEqual([]);
      // without the change, C2 repeats C0
      expect(duplicates(run([claim({ claimId: 'C2' })], w))).toEqual(['C2/1']);
    }
  });

  it('another provider\'s claim is a duplicate too (the key has no provider): the history the caller gives decides what is disclosed', () => {
    const w = baselineWorld();
    recorded(w, 'X9', { providerId: 'prov-other' });
    expect(duplicates(run([claim()], w))).toEqual(['C1/1']);
  });
});

describe('what recording is told (onSession)', () => {
  it('each line indexed, with its code normalised; not the duplicates, not VOID claims', () => {
    const sessions: [string, number, BilledSession][] = [];
    const onSession = (c: ClaimInput, i: number, s: BilledSession) => sessions.push([c.claimId, i, s]);
    run([claim({}, [line({ modifiers: ['hr', 'GT'] }), line({ lineId: '2', modifiers: ['GT', 'HR'] })]), claim({ claimId: 'V', frequency: 'VOID' })], baselineWorld(), { onSession });
    expect(sessions).toEqual([
      [
        'C1',
        0,
        { lineId: '1', recipientId: ADULT_ID, dateOfService: BASE_DATE, service: 'THERAPY_COUNSELING', staffId: LPHA_ID, modality: 'FAMILY', contact: 'VIDEO', procedureCode: 'H0004', modifiers: ['GT', 'HR'] },
      ],
    ]);
  });
});
