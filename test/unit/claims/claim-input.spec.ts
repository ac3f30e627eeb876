/**
 * The schema check's quick path (plainlyValidClaim) against class-validator on ClaimDto: for a valid
 * claim and for each field of the claim and of a line set to each of many values, the quick path never
 * says "valid" where class-validator finds an error (elsewhere class-validator's answer and errors are
 * used, as before), and parseClaimsBody builds the same claims either way.
 */
import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { parseClaimsBody, plainlyValidClaim } from '../../../src/claims/claim-input';
import { ClaimDto } from '../../../src/claims/claim.dto';

const VALID = {
  claimId: 'PR-0914-A',
  billingNpi: '1648123457',
  medicaidId: '400112233',
  frequency: 'ORIGINAL',
  placeOfService: '11',
  diagnoses: ['F32.1'],
  lines: [
    { lineId: '1', dateOfService: '2026-09-14', units: 4, renderingNpi: '1204784908', procedureCode: 'H0004', modifiers: ['HQ'] },
    { lineId: '2', dateOfService: '2026-09-14', units: 2, renderingStaffId: '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b', service: 'THERAPY_COUNSELING', modality: 'GROUP', contact: 'VIDEO', groupSize: 4, groupStaff: 1, unitBasis: 'UNITS' },
  ],
};

const VALUES: unknown[] = [
  undefined, null, '', 'x', ' ', 'a'.repeat(50), 'a'.repeat(51), 0, 1, 4, 1.5, -1, 100, 101, 1000, 1001, 10000, 10001, '4', true, {}, [], ['HQ'], ['hq'], ['H'], ['HQ', 'GT', 'U1', 'U2'], ['HQ', 'GT', 'U1', 'U2', 'U3'], [1], ['F32.1', 2],
  'ORIGINAL', 'REPLACEMENT', 'VOID', 'original', 'UNITS', 'MINUTES', 'THERAPY_COUNSELING', 'ASSESSMENT', 'GROUP', 'FAMILY', 'VIDEO', 'FACE_TO_FACE', 'IN_PERSON',
  '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b', '6F1D2C3B-4A5E-4F60-8A7B-9C0D1E2F3A4B', '00000000-0000-0000-0000-000000000000', '6f1d2c3b4a5e4f608a7b9c0d1e2f3a4b', '6f1d2c3b-4a5e-1f60-8a7b-9c0d1e2f3a4b',
  '2026-09-14', '2026-02-29', '2028-02-29', '2026-9-14', '1899-12-31', '9999-12-31', '1648123457', '164812345', '16481234570', '11', '1', 'H0004', 'h0004', 'H00045', '90837', 'A1b2C3', 'a'.repeat(20), 'a'.repeat(21), '400-112', [{}],
];

function classValidatorAccepts(claim: unknown): boolean {
  return validateSync(plainToInstance(ClaimDto, claim as object), { whitelist: true, forbidNonWhitelisted: true }).length === 0;
}

/** parseClaimsBody's claims, or the error it throws (a claim may pass the schema and fail a cross-field check). */
function outcome(body: unknown, quickSchemaCheck: boolean): unknown {
  try {
    return parseClaimsBody(body, 100, { quickSchemaCheck });
  } catch (e) {
    return e;
  }
}

function variants(): { name: string; claim: Record<string, unknown> }[] {
  const out: { name: string; claim: Record<string, unknown> }[] = [{ name: 'valid', claim: structuredClone(VALID) }];
  const claimKeys = [...Object.keys(VALID), 'providerId', 'recipientId', 'unknownField'];
  const lineKeys = [...new Set([...Object.keys(VALID.lines[0]), ...Object.keys(VALID.lines[1]), 'unknownField'])];
  for (const value of VALUES) {
    for (const key of claimKeys) {
      const claim: Record<string, unknown> = structuredClone(VALID);
      claim[key] = value;
      out.push({ name: `${key} = ${JSON.stringify(value)}`, claim });
    }
    for (const key of lineKeys) {
      const claim = structuredClone(VALID) as unknown as { lines: Record<string, unknown>[] };
      claim.lines[1][key] = value;
      out.push({ name: `lines/1/${key} = ${JSON.stringify(value)}`, claim: claim as unknown as Record<string, unknown> });
    }
  }
  for (const line of [null, 'x', 3, [], [VALID.lines[0]]]) out.push({ name: `a line ${JSON.stringify(line)}`, claim: { ...structuredClone(VALID), lines: [VALID.lines[0], line] } });
  return out;
}

describe('plainlyValidClaim agrees with class-validator on ClaimDto', () => {
  const all = variants();
  it(`over ${all.length} claims, valid ones and each field set to each of ${VALUES.length} values`, () => {
    // never valid to the quick path and not to class-validator (its errors would be lost)
    expect(all.filter((v) => plainlyValidClaim(v.claim) && !classValidatorAccepts(v.claim)).map((v) => v.name)).toEqual([]);
    // the other way round only where class-validator lets a line be an array: those take its path, as before
    expect(all.filter((v) => !plainlyValidClaim(v.claim) && classValidatorAccepts(v.claim)).map((v) => v.name)).toEqual(['a line []', `a line ${JSON.stringify([VALID.lines[0]])}`]);
    // both answers occur: the comparison is not vacuous
    expect(all.filter((v) => plainlyValidClaim(v.claim)).length).toBeGreaterThan(50);
    expect(all.filter((v) => !plainlyValidClaim(v.claim)).length).toBeGreaterThan(500);
  });

  it('parseClaimsBody builds the same claims through the quick path as through class-transformer', () => {
    let outcomes = 0;
    for (const v of all.filter((x) => plainlyValidClaim(x.claim))) {
      const quick = outcome(structuredClone(v.claim), true);
      const slow = outcome(structuredClone(v.claim), false);
      expect(quick).toStrictEqual(slow);
      if (!(quick instanceof Error)) outcomes++;
    }
    expect(outcomes).toBeGreaterThan(50);
  });
});
