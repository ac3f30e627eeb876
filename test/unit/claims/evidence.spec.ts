/**
 * validateClaims' `evidence`: claims of the same request checked one at a time (POST /claims) still see
 * the rest of the request as evidence for the batch rules, so they get the answer validation gave.
 */
import { validateClaims } from '../../../src/rules/claims';
import { baselineWorld, claim, contextFor, line } from '../../../src/rules/claims/testing';

function world() {
  const w = baselineWorld();
  // a plan naming no General MRO service: only a line of one in the batch can show the recipient receives one
  w.recipients[0].treatmentPlans[0].services = ['CLIENT_CENTERED_CONSULTATION', 'MENTAL_HEALTH_CASE_MANAGEMENT'];
  return w;
}

const consultation = claim({ claimId: 'CCC' }, [line({ lineId: '1', procedureCode: 'T1017' })]);
const therapy = claim({ claimId: 'THERAPY' }, [line({ lineId: '1', procedureCode: 'H0004' })]);
const codes = (r: ReturnType<typeof validateClaims>, i = 0) => r.claims[i].lines.flatMap((l) => l.findings.map((f) => f.code));

it('a consultation checked alone has no evidence of a General MRO service', () => {
  expect(codes(validateClaims([consultation], contextFor(world())))).toContain('GENERAL_MRO_REQUIRED');
});

it('the same consultation with the request\'s therapy claim as evidence passes, as it does in one batch', () => {
  const w = world();
  expect(codes(validateClaims([therapy, consultation], contextFor(w)), 1)).not.toContain('GENERAL_MRO_REQUIRED');
  const withEvidence = validateClaims([consultation], contextFor(world()), { evidence: [therapy] });
  expect(codes(withEvidence)).not.toContain('GENERAL_MRO_REQUIRED');
  // evidence is not reported
  expect(withEvidence.claims.map((c) => c.claimId)).toEqual(['CCC']);
});

it('evidence never counts toward the caps', () => {
  const big = claim({ claimId: 'BIG' }, [line({ lineId: '1', procedureCode: 'T1016', units: 960 })]);
  const alone = validateClaims([big], contextFor(world()));
  const withEvidence = validateClaims([big], contextFor(world()), { evidence: [big] });
  expect(withEvidence.caps).toEqual(alone.caps);
  expect(codes(withEvidence)).toEqual(codes(alone));
});
