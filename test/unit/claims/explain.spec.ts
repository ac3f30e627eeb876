/**
 * Explanations (`?explain=true`, `--explain`): every rule applied to a line, passed, failed or skipped,
 * with the reason; nothing when off. Also what the engine now decides that the services used to: X12
 * content problems as findings, the minutes a session carries between batches, the recording rule, and
 * the staff rules asked on their own.
 */
import { CapMinutes, RecordingState, recordingDecision, staffChecks, validateClaims, withRecordingConflict, type Check, type ValidationReport } from '../../../src/rules/claims';
import { ADULT_ID, CMHC_ID, LPHA_ID, baselineWorld, claim, contextFor, line, shippedConfig, type FakeWorld } from '../../../src/rules/claims/testing';
import type { ClaimInput } from '../../../src/rules/facts';

const explain = (w: FakeWorld, claims: ClaimInput[]): ValidationReport => validateClaims(claims, contextFor(w), { explain: true });
const outcomes = (checks: Check[] | undefined) => (checks ?? []).map((c) => `${c.outcome} ${c.ruleId}`);

describe('explain', () => {
  it('off: no line carries checks', () => {
    const r = validateClaims([claim({}, [line(), line({ lineId: '2', procedureCode: 'H9999' })])], contextFor(baselineWorld()));
    for (const l of r.claims[0].lines) expect('checks' in l).toBe(false);
  });

  it('a passing line lists every rule of its service, the claim\'s own first, each with its citation and reason', () => {
    const l = explain(baselineWorld(), [claim()]).claims[0].lines[0];
    expect(l.status).toBe('PASS');
    expect(outcomes(l.checks)).toEqual([
      'passed CLM-WELL-FORMED-v1',
      'passed CLM-IDENTITY-v1',
      'passed CLM-WELL-FORMED-v1',
      'passed PC-H0004-v1',
      'passed CLM-CODE-MAPPING-v1',
      'passed CLM-IDENTITY-v1',
      'passed CLM-CATALOGUE-IN-FORCE-v1',
      'passed CLM-DUPLICATE-LINE-v2',
      'passed CLM-PROVIDER-ENROLLED-v1',
      'passed SVC-THERAPY_COUNSELING-v1#providerTypes',
      'skipped CLM-ENCOUNTER-RATE-v1',
      'passed CLM-STAFF-EMPLOYED-v1',
      'passed CLM-STAFF-EXCLUDED-v1',
      'skipped CLM-INDEPENDENT-PRACTITIONER-v1',
      'passed SVC-THERAPY_COUNSELING-v1#tiers',
      'skipped CLM-SUPERVISION-v1',
      'passed SVC-THERAPY_COUNSELING-v1#modalities',
      'passed SVC-THERAPY_COUNSELING-v1#contacts',
      'passed CLM-ASSESSMENT-CURRENT-v1',
      'passed CLM-DIAGNOSIS-RECORDED-v1',
      'skipped CLM-DIAGNOSIS-DEFINITIVE-v1',
      'passed CLM-TREATMENT-PLAN-SIGNED-v1',
      'passed CLM-TREATMENT-PLAN-CURRENT-v1',
    ]);
    const tiers = l.checks!.find((c) => c.ruleId === 'SVC-THERAPY_COUNSELING-v1#tiers')!;
    expect(tiers).toEqual({
      ruleId: 'SVC-THERAPY_COUNSELING-v1#tiers',
      citation: '140.453(d)(2)(G)(iv)',
      outcome: 'passed',
      reason: 'J. Doe holds LPHA on 2026-09-14; Therapy/Counseling may be provided by an MHP, QMHP or LPHA',
    });
    expect(l.checks!.find((c) => c.ruleId === 'CLM-ENCOUNTER-RATE-v1')!.reason).toBe('not applicable: Lakeside CMHC is not an encounter-rate clinic');
    expect(l.checks!.find((c) => c.ruleId === 'CLM-ASSESSMENT-CURRENT-v1')!.reason).toBe('the assessment completed 2026-06-01, approved by Dr. M. Director (LPHA on 2026-06-01), is current through 2027-06-01');
  });

  it('a failing rule is a failed check whose reason is the finding; a service needing no Assessment says why its checks are skipped', () => {
    const w = baselineWorld();
    w.tierOf[LPHA_ID] = 'RSA';
    const r = explain(w, [claim({}, [line(), line({ lineId: '2', procedureCode: 'H2011' })])]);
    const tiers = r.claims[0].lines[0].checks!.find((c) => c.ruleId === 'SVC-THERAPY_COUNSELING-v1#tiers')!;
    expect(tiers.outcome).toBe('failed');
    expect(tiers.reason).toBe(r.claims[0].lines[0].findings.find((f) => f.ruleId === tiers.ruleId)!.message);
    const crisis = r.claims[0].lines[1].checks!;
    expect(crisis.find((c) => c.ruleId === 'CLM-ASSESSMENT-CURRENT-v1')).toMatchObject({ outcome: 'skipped', reason: expect.stringMatching(/^not required: Crisis Intervention may be provided without a current Assessment and Treatment Plan \(SVC-CRISIS_INTERVENTION-v1, 140\.453\(d\)\(3\)\(A\)\(ii\)\)$/) });
    // an RSA needs a QMHP supervisor, and has one
    expect(crisis.find((c) => c.ruleId === 'CLM-SUPERVISION-v1')).toMatchObject({ outcome: 'passed', citation: '140.453(b)(6)(B)' });
  });

  it('says why rules were skipped: provider unknown, line not well formed, code unmapped, a VOID', () => {
    const reasons = (r: ValidationReport, c: number, l: number, id: string) => r.claims[c].lines[l].checks!.filter((k) => k.ruleId === id).map((k) => `${k.outcome}: ${k.reason}`);
    const r = explain(baselineWorld(), [
      claim({ providerId: 'nope' }),
      claim({ claimId: 'C2' }, [line({ units: 0 }), line({ lineId: '2', procedureCode: 'H9999' })]),
      claim({ claimId: 'C3', frequency: 'VOID' }),
    ]);
    expect(reasons(r, 0, 0, 'CLM-PROVIDER-ENROLLED-v1')).toEqual(['skipped: the billing provider is unknown']);
    expect(reasons(r, 0, 0, 'CLM-IDENTITY-v1')[0]).toBe('failed: provider "nope" is not registered');
    // the person's own credential is still judged without the provider
    expect(reasons(r, 0, 0, 'SVC-THERAPY_COUNSELING-v1#tiers')[0]).toMatch(/^passed: /);
    expect(reasons(r, 1, 0, 'CLM-STAFF-EMPLOYED-v1')).toEqual(['skipped: the line is not well formed: no other rule is applied']);
    expect(reasons(r, 1, 1, 'CLM-STAFF-EMPLOYED-v1')).toEqual(['skipped: the service of the line could not be determined: no rule of a service applies']);
    expect(reasons(r, 2, 0, 'CLM-DUPLICATE-LINE-v2')).toEqual(['skipped: a VOID is not compared: it withdraws its original']);
    expect(reasons(r, 2, 0, 'CLM-ASSESSMENT-CURRENT-v1')).toEqual(['skipped: a VOID claim is checked for its form only: it withdraws its original']);
  });

  it('caps: a counted line passes each cap it counts toward; a line of a claim with an error of its own is not counted, and says so', () => {
    const r = explain(baselineWorld(), [claim({}, [line({ procedureCode: 'T1016', modifiers: ['U1'] })]), claim({ claimId: 'C2', placeOfService: 'home' }, [line({ procedureCode: 'T1016', dateOfService: '2026-09-15' })])]);
    const caps = (c: number) => r.claims[c].lines[0].checks!.filter((k) => k.ruleId.startsWith('CAP-')).map((k) => `${k.outcome} ${k.ruleId}: ${k.reason}`);
    expect(caps(0)).toEqual([
      'passed CAP-TCM-v1: 60 minutes fit the targeted case management cap of 14,400 minutes in SFY2027: 60 used with this line, 14,340 left',
      'passed CAP-TLA-v1: 60 minutes fit the Transition, Linkage and Aftercare cap of 2,400 minutes in SFY2027: 60 used with this line, 2,340 left',
    ]);
    expect(caps(1)).toEqual(['skipped CAP-TCM-v1: not counted: the claim has an error']);
  });
});

describe('X12 content problems are the engine\'s findings (X12-CONTENT-v1), before any other', () => {
  const problem = { message: 'service date range 2026-09-14 to 2026-09-16 spans more than one day; bill each day of service on its own line (segment 26, DTP)', segmentIndex: 26, segmentId: 'DTP' };

  it('a line problem fails the line and its claim; the claim problem comes first on the claim', () => {
    const r = validateClaims([claim({ problems: [{ ...problem, message: 'claim frequency CLM05-3 "5" is not 1 (original), 7 (replacement) or 8 (void) (segment 20, CLM)', segmentIndex: 20, segmentId: 'CLM' }] }, [{ ...line(), problems: [problem] }])], contextFor(baselineWorld()));
    const c = r.claims[0];
    expect(c.status).toBe('FAIL');
    expect(c.findings[0]).toMatchObject({ code: 'INVALID_CLAIM', ruleId: 'X12-CONTENT-v1', citation: '140.20', fact: { segmentIndex: 20, segmentId: 'CLM' } });
    expect(c.lines[0]).toMatchObject({ status: 'FAIL', findings: [{ code: 'INVALID_CLAIM', ruleId: 'X12-CONTENT-v1', message: problem.message, fact: { segmentIndex: 26, segmentId: 'DTP' }, action: expect.stringMatching(/\(billing\)\.$/) }] });
  });

  it('its minutes count toward no cap, in this batch or the next', () => {
    const carried = new CapMinutes();
    const w = baselineWorld();
    const r = validateClaims([claim({}, [{ ...line({ procedureCode: 'T1016' }), problems: [problem] }]), claim({ claimId: 'C2' }, [line({ procedureCode: 'T1016', dateOfService: '2026-09-15' })])], contextFor(w), { carried });
    expect(r.caps).toEqual([{ recipientId: ADULT_ID, sfy: 'SFY2027', tcm: { usedMinutes: 60, remainingMinutes: 14_340 }, tla: { usedMinutes: 0, remainingMinutes: 2_400 } }]);
    expect(carried.used(ADULT_ID, 'SFY2027', 'TCM')).toBe(60);
  });
});

describe('the minutes a session carries between batches', () => {
  it('a later batch counts what an earlier one counted; a VOID or a failed claim carries nothing', () => {
    const w = baselineWorld();
    const carried = new CapMinutes();
    validateClaims(
      [claim({}, [line({ procedureCode: 'T1016', units: 8 })]), claim({ claimId: 'C2', frequency: 'VOID' }, [line({ procedureCode: 'T1016', units: 8, dateOfService: '2026-09-15' })]), claim({ claimId: 'C3' }, [line({ procedureCode: 'T1016', dateOfService: '2026-09-16' }), line({ lineId: '2', units: 0 })])],
      contextFor(w),
      { carried },
    );
    expect(carried.used(ADULT_ID, 'SFY2027', 'TCM')).toBe(120);
    const next = validateClaims([claim({ claimId: 'C4' }, [line({ procedureCode: 'T1016', dateOfService: '2026-09-20' })])], contextFor(w), { carried });
    expect(next.caps[0].tcm).toEqual({ usedMinutes: 180, remainingMinutes: 14_220 });
  });
});

describe('recording a claim as sent (CLM-RECORD-CONFLICT-v1)', () => {
  const c = (frequency: ClaimInput['frequency'], claimId = 'C1') => ({ claimId, frequency });
  it('decides in one set of words, for a request checked whole and for a claim under its lock', () => {
    expect(recordingDecision(c('ORIGINAL'), 'h1', undefined)).toEqual({ kind: 'RECORD', replaces: null });
    expect(recordingDecision(c('REPLACEMENT'), 'h1', undefined)).toEqual({ kind: 'CONFLICT', field: 'frequency', message: 'REPLACEMENT of claim C1: no original claim is recorded for this provider' });
    const recorded = { status: 'RECORDED' as const, version: 2, hashes: new Set(['h1']) };
    expect(recordingDecision(c('ORIGINAL'), 'h1', recorded)).toEqual({ kind: 'REPEAT' });
    expect(recordingDecision(c('ORIGINAL'), 'h2', recorded)).toMatchObject({ kind: 'CONFLICT', field: 'claimId', message: 'claim C1 of this provider is already recorded (version 2) with different content: send it as a REPLACEMENT, or VOID it' });
    expect(recordingDecision(c('VOID'), 'h2', recorded)).toEqual({ kind: 'RECORD', replaces: 2 });
    expect(recordingDecision(c('REPLACEMENT'), 'h3', { ...recorded, status: 'VOIDED' })).toMatchObject({ kind: 'CONFLICT', message: 'claim C1 was voided; a voided claim cannot be replaced or voided again' });
  });

  it('remembers what the claims before would record: an ORIGINAL then its REPLACEMENT is fine, two ORIGINALs are not', () => {
    const state = new RecordingState();
    expect(state.decide(CMHC_ID, c('ORIGINAL'), 'h1').kind).toBe('RECORD');
    expect(state.decide(CMHC_ID, c('REPLACEMENT'), 'h2').kind).toBe('RECORD');
    expect(state.decide(CMHC_ID, c('ORIGINAL'), 'h3')).toMatchObject({ kind: 'CONFLICT', message: 'claim C1 of this provider appears earlier in this request or file with different content: send it as a REPLACEMENT, or VOID it' });
    expect(state.decide(CMHC_ID, c('ORIGINAL'), 'h1').kind).toBe('REPEAT');
  });

  it('a conflict is the claim\'s first finding, with its action, and a failed check on each explained line', () => {
    const report = validateClaims([claim()], contextFor(baselineWorld()), { explain: true }).claims[0];
    const out = withRecordingConflict(report, c('REPLACEMENT'), 'REPLACEMENT of claim C1: no original claim is recorded for this provider');
    expect(out.status).toBe('FAIL');
    expect(out.findings[0]).toMatchObject({ code: 'INVALID_CLAIM', ruleId: 'CLM-RECORD-CONFLICT-v1', citation: '140.20', action: expect.stringMatching(/REPLACEMENT/) });
    expect(out.lines[0].checks![0]).toMatchObject({ ruleId: 'CLM-RECORD-CONFLICT-v1', outcome: 'failed' });
  });
});

describe('the staff rules on their own (who may render a service here on a date)', () => {
  const ask = (w: FakeWorld, service: Parameters<ReturnType<typeof shippedConfig>['catalog']['ruleFor']>[0], date = '2026-09-14') => {
    const ctx = contextFor(w);
    return staffChecks({ staff: w.staff[0], provider: w.providers[0], rule: shippedConfig().catalog.ruleFor(service, date)!, date }, ctx);
  };

  it('passes an LPHA for therapy, with the basis of each rule', () => {
    const a = ask(baselineWorld(), 'THERAPY_COUNSELING');
    expect(a.passes).toBe(true);
    expect(outcomes(a.checks)).toEqual(['passed CLM-STAFF-EMPLOYED-v1', 'passed CLM-STAFF-EXCLUDED-v1', 'skipped CLM-INDEPENDENT-PRACTITIONER-v1', 'passed SVC-THERAPY_COUNSELING-v1#tiers', 'skipped CLM-SUPERVISION-v1']);
  });

  it('refuses an MHP for Intensive Outpatient, and someone who left', () => {
    const w = baselineWorld();
    w.tierOf[LPHA_ID] = 'MHP';
    const io = ask(w, 'INTENSIVE_OUTPATIENT');
    expect(io.passes).toBe(false);
    expect(io.checks.find((k) => k.outcome === 'failed')).toMatchObject({ ruleId: 'SVC-INTENSIVE_OUTPATIENT-v1#tiers', reason: expect.stringMatching(/^J\. Doe holds MHP on 2026-09-14; Intensive Outpatient may only be provided by a QMHP or LPHA/) });
    const left = baselineWorld();
    left.staff[0].endDate = '2026-09-13';
    expect(ask(left, 'THERAPY_COUNSELING').checks.find((k) => k.outcome === 'failed')?.ruleId).toBe('CLM-STAFF-EMPLOYED-v1');
  });
});
