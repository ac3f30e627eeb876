/** The engine beyond single finding codes: statuses, messages, decisions, memoising. */
import { ProcedureCodeTable, validateClaims, type Finding, type ValidationReport } from '../../../src/rules/claims';
import {
  ADULT_ID,
  CMHC_ID,
  DIRECTOR_ID,
  LPHA_ID,
  baselineWorld,
  claim,
  contextFor,
  line,
  provider,
  staff,
  type FakeWorld,
} from '../../../src/rules/claims/testing';
import type { ClaimInput } from '../../../src/rules/facts';

function run(w: FakeWorld, claims: ClaimInput[]): ValidationReport {
  return validateClaims(claims, contextFor(w));
}
const findings = (r: ValidationReport, c = 0, l = 0): Finding[] => r.claims[c].lines[l].findings;

describe('statuses', () => {
  it('the baseline passes, with the report shape of the contract', () => {
    const r = run(baselineWorld(), [claim()]);
    expect(r).toEqual({
      claims: [
        {
          claimId: 'C1',
          providerId: CMHC_ID,
          recipientId: ADULT_ID,
          status: 'PASS',
          lines: [{ lineId: '1', service: 'THERAPY_COUNSELING', status: 'PASS', minutes: 60, findings: [] }],
          findings: [],
        },
      ],
      caps: [],
    });
  });

  it('an unmapped code makes the line UNCHECKED and the claim FAIL, never a pass', () => {
    const r = run(baselineWorld(), [claim({}, [line(), line({ lineId: '2', procedureCode: 'H9999' })])]);
    expect(r.claims[0].lines.map((l) => l.status)).toEqual(['PASS', 'UNCHECKED']);
    expect(r.claims[0].lines[1]).toMatchObject({ service: null, minutes: 0 });
    expect(r.claims[0].status).toBe('FAIL');
  });

  it('an unknown provider leaves the lines UNCHECKED (claim FAIL), unless they fail on their own', () => {
    const r = run(baselineWorld(), [claim({ providerId: 'nope' }, [line(), line({ lineId: '2', procedureCode: 'H2016', modality: 'GROUP' })])]);
    expect(r.claims[0].findings.map((f) => f.code)).toEqual(['UNKNOWN_PROVIDER']);
    expect(r.claims[0].lines.map((l) => l.status)).toEqual(['UNCHECKED', 'FAIL']);
    expect(r.claims[0].status).toBe('FAIL');
    expect(r.claims[0].providerId).toBeUndefined();
  });

  it('warnings only make WARN', () => {
    const w = baselineWorld();
    w.tierOf[LPHA_ID] = 'MHP';
    const r = run(w, [claim({}, [line({ procedureCode: 'H2011' })])]);
    expect(r.claims[0].lines[0].status).toBe('WARN');
    expect(r.claims[0].status).toBe('WARN');
  });

  it('a date of service before the catalogue is UNCHECKED', () => {
    const r = run(baselineWorld(), [claim({}, [line({ service: 'THERAPY_COUNSELING', procedureCode: undefined, dateOfService: '2018-06-30' })])]);
    expect(r.claims[0].lines[0].status).toBe('UNCHECKED');
    expect(findings(r)[0].message).toMatch(/no catalogue record for THERAPY_COUNSELING is in force on 2018-06-30/);
  });

  it('keeps the X12 location of claims and lines', () => {
    const loc = { transactionControlNumber: '0001', claimId: 'C1', lineNumber: 1, segmentIndex: 42 };
    const r = run(baselineWorld(), [claim({ location: { transactionControlNumber: '0001', claimId: 'C1', segmentIndex: 30 } }, [line({ location: loc })])]);
    expect(r.claims[0].lines[0].location).toEqual(loc);
    expect(r.claims[0].location).toEqual({ transactionControlNumber: '0001', claimId: 'C1', segmentIndex: 30 });
  });
});

describe('messages name the fact and cite the subsection', () => {
  it('tier', () => {
    const w = baselineWorld();
    w.tierOf[LPHA_ID] = 'MHP';
    const f = findings(run(w, [claim({}, [line({ procedureCode: 'S9480' })])]));
    expect(f).toEqual([
      {
        code: 'STAFF_TIER_INSUFFICIENT',
        severity: 'error',
        message: 'J. Doe holds MHP on 2026-09-14; Intensive Outpatient may only be provided by a QMHP or LPHA, 140.453(d)(2)(B)(i)',
        citation: '140.453(d)(2)(B)(i)',
        ruleId: 'SVC-INTENSIVE_OUTPATIENT-v1#tiers',
        fact: { staffId: LPHA_ID, tier: 'MHP', dateOfService: '2026-09-14' },
        action: 'Have a QMHP or LPHA render Intensive Outpatient (billing), or record the credential that qualifies the person (clinical director).',
      },
    ]);
  });

  it('provider type', () => {
    const w = baselineWorld();
    w.providers[0].type = 'BHC';
    expect(findings(run(w, [claim({}, [line({ procedureCode: 'H0039' })])]))[0].message).toBe(
      'Lakeside CMHC is a Behavioral Health Clinic; Assertive Community Treatment may only be provided by a Community Mental Health Center, 140.453(d)(4)(A)(i); 140.452(d)',
    );
  });

  it('expired assessment gives the dates', () => {
    const w = baselineWorld();
    w.recipients[0].assessments[0].completedOn = '2025-09-13';
    const f = findings(run(w, [claim()]));
    expect(f[0].message).toBe(
      'the latest approved assessment of recipient MCD000001 was completed 2025-09-13 and had to be updated by 2026-09-13 (at least every 12 months); the date of service 2026-09-14 is after that, 140.453(d)(1)(A)(iii)',
    );
    expect(f[0].fact).toMatchObject({ completedOn: '2025-09-13', currentThrough: '2026-09-13', expiredOn: '2026-09-14' });
  });
});

describe('assessment and plan', () => {
  it.each([
    // "updated at least every 12 months": current through the anniversary, expired from the next day
    ['2025-08-31', '2026-08-31', false],
    ['2025-08-31', '2026-09-01', true],
    // Leap day: 2024-02-29 + 12 months clamps to 2025-02-28, the last day current.
    ['2024-02-29', '2025-02-28', false],
    ['2024-02-29', '2025-03-01', true],
  ])('assessment of %s on %s expired: %s', (completedOn, dos, expired) => {
    const w = baselineWorld();
    w.recipients[0].assessments[0].completedOn = completedOn;
    w.recipients[0].treatmentPlans[0].approvedOn = dos;
    const codes = findings(run(w, [claim({}, [line({ dateOfService: dos })])])).map((f) => f.code);
    expect(codes.includes('ASSESSMENT_EXPIRED')).toBe(expired);
  });

  it('uses the latest approved assessment, whoever completed it, and ignores later unapproved ones', () => {
    const w = baselineWorld();
    const a = w.recipients[0].assessments;
    a[0].completedOn = '2025-01-01'; // expired
    a.push({ ...a[0], id: 'as-2', providerId: 'prov-other', completedOn: '2026-05-01' });
    a.push({ ...a[0], id: 'as-3', completedOn: '2026-07-01', approvedByStaffId: null });
    expect(findings(run(w, [claim()]))).toEqual([]);
  });

  it('explains an assessment without an LPHA approval', () => {
    const w = baselineWorld();
    w.recipients[0].assessments[0].approvedByStaffId = null;
    expect(findings(run(w, [claim()]))[0].message).toMatch(/its latest assessment, completed 2026-06-01, was not approved by an LPHA or IP \(no approver recorded\)/);
  });

  it('crisis intervention and mental health case management need neither (they may come first)', () => {
    const w = baselineWorld();
    w.recipients[0].assessments = [];
    w.recipients[0].treatmentPlans = [];
    const r = run(w, [claim({}, [line({ procedureCode: 'H2011' }), line({ lineId: '2', procedureCode: 'T1016' })])]);
    expect(r.claims[0].status).toBe('PASS');
  });

  it('a late definitive diagnosis covers the dates after it', () => {
    const w = baselineWorld();
    Object.assign(w.recipients[0].assessments[0], { ruleOut: true, definitiveOn: '2026-09-20' }); // deadline 2026-08-30
    const r = run(w, [claim({}, [line({ lineId: 'gap', dateOfService: '2026-09-14' }), line({ lineId: 'after', dateOfService: '2026-09-21' })])]);
    expect(r.claims[0].lines.map((l) => l.findings.map((f) => f.code))).toEqual([['DIAGNOSIS_NOT_DEFINITIVE'], []]);
  });
});

describe('decisions', () => {
  it('crisis by an MHP: allowed, with a warning to document immediate access to a QMHP', () => {
    const w = baselineWorld();
    w.tierOf[LPHA_ID] = 'MHP';
    const f = findings(run(w, [claim({}, [line({ procedureCode: 'H2011' })])]));
    expect(f.map((x) => [x.code, x.severity])).toEqual([['STAFF_TIER_INSUFFICIENT', 'warning']]);
    expect(f[0].message).toMatch(/immediate access to a QMHP: document that access, 140\.453\(d\)\(3\)\(A\)\(ii\)/);
  });

  it('medication monitoring by phone: allowed with a warning asking for documentation of adverse symptoms', () => {
    const w = baselineWorld();
    w.staff[0].licenses = [{ kind: 'ADVANCED_PRACTICE_NURSE', specialty: 'PSYCHIATRY', state: 'IL', number: '209-1', issuedOn: '2015-01-01', expiresOn: '2028-05-31' }];
    const f = findings(run(w, [claim({}, [line({ procedureCode: 'H2010', modifiers: ['93'] })])]));
    expect(f.map((x) => [x.code, x.severity])).toEqual([['CONTACT_NOT_ALLOWED', 'warning']]);
    expect(f[0].message).toMatch(/adverse symptoms/);
    expect(f[0].citation).toBe('140.453(d)(2)(D)(v)');
  });

  it('a prescriber (physician or APN with a valid licence) needs no designation; an expired licence does not exempt', () => {
    const w = baselineWorld();
    w.staff[0].licenses = [{ kind: 'PHYSICIAN', state: 'IL', number: '036-9', issuedOn: '2010-01-01', expiresOn: '2026-09-13' }];
    expect(findings(run(w, [claim({}, [line({ procedureCode: 'H2010' })])])).map((f) => f.code)).toEqual(['PRESCRIBER_DESIGNATION_MISSING']);
    w.staff[0].licenses[0].expiresOn = '2026-09-14';
    expect(findings(run(w, [claim({}, [line({ procedureCode: 'H2010' })])]))).toEqual([]);
  });

  it('ACT and CST: any tier from RSA; lived experience without a tier is no tier, inside the 18-month window or not', () => {
    const w = baselineWorld();
    w.tierOf[LPHA_ID] = 'RSA';
    expect(findings(run(w, [claim({}, [line({ procedureCode: 'H0039' })])]))).toEqual([]);
    w.tierOf[LPHA_ID] = null;
    Object.assign(w.staff[0], { livedExperience: true, hireDate: '2025-03-15' }); // the window's last day: 2026-09-15
    const f = findings(run(w, [claim({}, [line({ procedureCode: 'H2016' })])]));
    expect(f.map((x) => [x.code, x.severity])).toEqual([['STAFF_TIER_INSUFFICIENT', 'error']]);
    expect(f[0].message).toContain('18 months after hire: still open, through 2026-09-15');
  });

  it('encounter-rate clinic: the encounter line passes and carries no minutes; a line on another date fails', () => {
    const w = baselineWorld();
    w.providers[0].encounterRateClinic = true;
    const r = run(w, [claim({}, [line({ lineId: 'E', procedureCode: 'T1015', units: 1 }), line({ lineId: '1' }), line({ lineId: '2', dateOfService: '2026-09-15' })])]);
    expect(r.claims[0].lines.map((l) => [l.lineId, l.service, l.status, l.minutes])).toEqual([
      ['E', null, 'PASS', 0],
      ['1', 'THERAPY_COUNSELING', 'PASS', 60],
      ['2', 'THERAPY_COUNSELING', 'FAIL', 60],
    ]);
    expect(r.claims[0].lines[2].findings[0].code).toBe('ENCOUNTER_RATE_CLINIC');
  });

  it('General MRO evidence may be a line of one in the same batch within 30 days', () => {
    const w = baselineWorld();
    w.recipients[0].treatmentPlans[0].services = ['CLIENT_CENTERED_CONSULTATION'];
    const ccc = claim({ claimId: 'CCC' }, [line({ procedureCode: 'T1017' })]);
    const therapy = (dos: string) => claim({ claimId: 'T' }, [line({ dateOfService: dos })]);
    const codes = (r: ValidationReport) => findings(r).map((f) => f.code);
    expect(codes(run(w, [ccc, therapy('2026-10-14')]))).toEqual([]);
    expect(codes(run(w, [ccc, therapy('2026-10-15')]))).toEqual(['GENERAL_MRO_REQUIRED']);
  });

  it('PSR on-site: POS 11, 52 and 53 count as the CMHC site; the claim-level POS is used when the line has none', () => {
    for (const pos of ['11', '52', '53']) expect(findings(run(baselineWorld(), [claim({}, [line({ procedureCode: 'H2017', placeOfService: pos })])]))).toEqual([]);
    const r = run(baselineWorld(), [claim({ placeOfService: '99' }, [line({ procedureCode: 'H2017', placeOfService: undefined })])]);
    expect(findings(r)[0].message).toMatch(/^place of service 99 is not on-site \(on-site codes: 11, 52, 53\)/);
  });

  it('an IP bills for themselves: their staff record is at the IP provider', () => {
    const w = baselineWorld();
    w.providers.push(provider({ id: 'prov-ip', name: 'Dr. Solo', npi: '1234567819', type: 'IP', ipKind: 'CLINICAL_PSYCHOLOGIST' }));
    const licenses = [{ kind: 'CLINICAL_PSYCHOLOGIST' as const, state: 'IL', number: '071-2', issuedOn: '2010-01-01', expiresOn: '2028-09-30' }];
    w.staff.push(staff({ id: 'st-ip', name: 'Dr. Solo', npi: '1003000142', providerId: 'prov-ip', licenses }));
    w.tierOf['st-ip'] = 'LPHA';
    w.recipients[0].treatmentPlans.push({ id: 'tp-ip', providerId: 'prov-ip', approvedOn: '2026-07-01', approvedByStaffId: 'st-ip', clientSignedOn: '2026-07-01', services: ['THERAPY_COUNSELING'] });
    const ok = run(w, [claim({ providerId: 'prov-ip' }, [line({ renderingStaffId: 'st-ip' })])]);
    expect(ok.claims[0].status).toBe('PASS');
    const other = run(w, [claim({ providerId: 'prov-ip' }, [line({ renderingStaffId: LPHA_ID })])]);
    expect(findings(other).map((f) => f.code)).toEqual(['STAFF_NOT_EMPLOYED']);
  });
});

describe('identities and mapping', () => {
  it('resolves the provider by billing NPI and staff by rendering NPI', () => {
    const r = run(baselineWorld(), [claim({ providerId: undefined, billingNpi: '1234567893' }, [line({ renderingStaffId: undefined, renderingNpi: '1003000126' })])]);
    expect(r.claims[0].status).toBe('PASS');
  });

  it('refuses ids that disagree', () => {
    const r = run(baselineWorld(), [claim({}, [line({ renderingNpi: '1003000134' })])]);
    expect(findings(r)[0].message).toMatch(/rendering NPI 1003000134 belongs to Dr\. M\. Director, not to J\. Doe/);
  });

  it('a line naming only a service takes the unit length of its code; unitBasis MINUTES counts minutes', () => {
    const r = run(baselineWorld(), [claim({}, [line({ procedureCode: undefined, service: 'THERAPY_COUNSELING', units: 3 }), line({ lineId: '2', dateOfService: '2026-09-15', unitBasis: 'MINUTES', units: 53 })])]);
    expect(r.claims[0].lines.map((l) => l.minutes)).toEqual([45, 53]);
  });

  it('a line naming only a service whose unit length no code gives is refused', () => {
    const { procedureCodes } = contextFor(baselineWorld());
    const table = new ProcedureCodeTable(procedureCodes.notice, procedureCodes.modifiers, procedureCodes.codes.filter((c) => c.service !== 'THERAPY_COUNSELING'));
    const ctx = { ...contextFor(baselineWorld()), procedureCodes: table };
    const r = validateClaims([claim({}, [line({ procedureCode: undefined, service: 'THERAPY_COUNSELING' })])], ctx);
    expect(r.claims[0].lines[0]).toMatchObject({ status: 'FAIL', minutes: 0 });
    expect(findings(r)[0].message).toMatch(/no procedure code for THERAPY_COUNSELING in force on 2026-09-14 gives the unit length/);
    const inMinutes = validateClaims([claim({}, [line({ procedureCode: undefined, service: 'THERAPY_COUNSELING', unitBasis: 'MINUTES', units: 50 })])], ctx);
    expect(inMinutes.claims[0].lines[0]).toMatchObject({ status: 'PASS', minutes: 50 });
  });

  it('a line giving both service and code passes when they agree', () => {
    expect(run(baselineWorld(), [claim({}, [line({ service: 'THERAPY_COUNSELING' })])]).claims[0].status).toBe('PASS');
  });

  it('an explicit modality wins over the code default, but not over a modifier', () => {
    const r = run(baselineWorld(), [claim({}, [line({ procedureCode: 'S9480', modality: 'INDIVIDUAL' })])]);
    expect(findings(r).map((f) => f.code)).toEqual(['MODALITY_NOT_ALLOWED']);
    const r2 = run(baselineWorld(), [claim({}, [line({ modifiers: ['HQ'], modality: 'INDIVIDUAL' })])]);
    expect(findings(r2)[0].message).toMatch(/modality INDIVIDUAL disagrees with the modifiers, which say GROUP/);
  });

  it('flags only the repeated line as DUPLICATE_LINE, naming the first', () => {
    const r = run(baselineWorld(), [claim({}, [line({ lineId: 'a' }), line({ lineId: 'b', units: 2 })])]);
    expect(r.claims[0].lines.map((l) => l.status)).toEqual(['PASS', 'FAIL']);
    expect(findings(r, 0, 1)[0].message).toMatch(/^line b repeats line a/);
  });

  it('a claimId repeated in the batch for the same provider is invalid', () => {
    const r = run(baselineWorld(), [claim(), claim()]);
    expect(r.claims.map((c) => c.findings.map((f) => f.code))).toEqual([[], ['INVALID_CLAIM']]);
  });

  it('a claim with no lines is invalid', () => {
    const r = run(baselineWorld(), [claim({}, [])]);
    expect(r.claims[0]).toMatchObject({ status: 'FAIL', lines: [] });
    expect(r.claims[0].findings[0].message).toBe('the claim has no lines');
  });
});

describe('VOID', () => {
  it('checks form and identities only: a void of a claim that would now fail passes', () => {
    const w = baselineWorld();
    w.staff[0].endDate = '2026-01-01';
    w.recipients[0].treatmentPlans = [];
    expect(run(w, [claim()]).claims[0].status).toBe('FAIL');
    expect(run(w, [claim({ frequency: 'VOID' })]).claims[0].status).toBe('PASS');
    expect(run(w, [claim({ frequency: 'VOID', providerId: 'nope' })]).claims[0].status).toBe('FAIL');
  });
});

describe('memoising', () => {
  it('asks the credential engine once per (staff, date) and Table N once per (provider, program, date)', () => {
    const w = baselineWorld();
    const ctx = contextFor(w);
    const lines = Array.from({ length: 20 }, (_, i) => line({ lineId: String(i), procedureCode: 'S9480', dateOfService: i < 10 ? '2026-09-14' : '2026-09-15' }));
    const r = validateClaims([claim({}, lines.slice(0, 10)), claim({ claimId: 'C2' }, lines.slice(10))], ctx);
    expect(r.claims.map((c) => c.status)).toEqual(['FAIL', 'FAIL']); // duplicates, but every line is checked
    // therapist on 2 dates + the director on the assessment and plan dates
    expect(ctx.calls.credentialOf).toBe(4);
    expect(ctx.calls.programInForce).toBe(2);
  });

  it('credential findings use the date of service', () => {
    const w = baselineWorld();
    const asked: string[] = [];
    const ctx = contextFor(w);
    const inner = ctx.credentialOf;
    ctx.credentialOf = (s, d) => {
      if (s.id === LPHA_ID) asked.push(d);
      return inner(s, d);
    };
    validateClaims([claim({}, [line({ dateOfService: '2026-09-10' })])], ctx);
    expect(asked).toEqual(['2026-09-10']);
    expect(DIRECTOR_ID).toBe('st-director');
  });
});
