/** Worlds for the enrollment rules' tests: a BHC, a CMHC and an IP that meet every criterion on 2026-11-22. */
import { ENROLLMENT_CRITERIA, evaluateEnrollment, type EnrollmentInput, type EnrollmentResult, type EvidenceFact } from '../../../src/rules/enrollment';
import { staffWithoutFacts, type BackgroundCheckFact, type ProviderFacts, type StaffFacts } from '../../../src/rules/facts';
import type { EnrollmentStatus } from '../../../src/rules/vocabulary';

export const ASOF = '2026-11-22';

export const clearChecks = (on = '2020-01-06'): BackgroundCheckFact[] =>
  (['HEALTH_CARE_WORKER_REGISTRY', 'FINGERPRINT', 'OIG_SANCTIONS'] as const).map((kind) => ({ kind, checkedOn: on, result: 'CLEAR' }));

export function person(id: string, name: string, providerId: string, over: Partial<StaffFacts> = {}): StaffFacts {
  return { ...staffWithoutFacts({ id, providerId, name, hireDate: '2020-01-06' }), birthDate: '1980-01-01', highSchoolOrGed: true, backgroundChecks: clearChecks(), ...over };
}

export interface World {
  provider: ProviderFacts;
  staff: StaffFacts[];
  evidence: EvidenceFact[];
}

let seq = 0;
export function ev(criterionId: string, documentedOn: string, expiresOn: string | null = null, extra: Partial<EvidenceFact> = {}): EvidenceFact {
  seq += 1;
  return { id: `ev-${seq}`, criterionId, version: 1, documentedOn, expiresOn, note: null, correctsEvidenceId: null, ...extra };
}

/** A BHC meeting every criterion on ASOF: an LPHA Clinical Director, a psychiatric APN, a supervised MHP; current evidence for the rest. */
export function bhcWorld(): World {
  const provider: ProviderFacts = { id: 'bhc', name: 'Test BHC', npi: '1729340566', type: 'BHC', ipKind: null, enrollments: [{ from: '2021-09-01', to: null }], encounterRateClinic: false };
  const staff = [
    person('dir', 'Dr. Dana Director', 'bhc', {
      licenses: [{ kind: 'CLINICAL_PSYCHOLOGIST', state: 'IL', number: '071.1', issuedOn: '2010-01-01', expiresOn: '2028-09-30' }],
      degrees: [{ level: 'DOCTORATE', field: 'PSYCHOLOGY' }],
      clinicalDirector: true,
    }),
    person('apn', 'Pat Prescriber, APRN', 'bhc', {
      licenses: [{ kind: 'ADVANCED_PRACTICE_NURSE', specialty: 'PSYCHIATRY', state: 'IL', number: '209.1', issuedOn: '2015-01-01', expiresOn: '2028-05-31' }],
    }),
    person('mhp', 'Morgan Helper', 'bhc', { degrees: [{ level: 'BACHELOR', field: 'PSYCHOLOGY' }], supervisorStaffId: 'dir' }),
  ];
  const evidence = ENROLLMENT_CRITERIA.filter((c) => c.rests === 'EVIDENCE' && c.providerTypes.includes('BHC')).map((c) =>
    ev(c.id, '2026-10-01', c.evidence!.expiresOnRequired ? '2027-09-30' : null),
  );
  return { provider, staff, evidence };
}

export function cmhcWorld(): World {
  return {
    provider: { id: 'cmhc', name: 'Test CMHC', npi: '1648123457', type: 'CMHC', ipKind: null, enrollments: [{ from: '2015-07-01', to: null }], encounterRateClinic: false },
    staff: [],
    evidence: [ev('CMHC_CERTIFICATION', '2024-07-01', '2027-06-30')],
  };
}

export function ipWorld(ipKind: 'CLINICAL_PSYCHOLOGIST' | 'CLINICAL_SOCIAL_WORKER' | 'PSYCHIATRIST'): World {
  const licence = {
    CLINICAL_PSYCHOLOGIST: { kind: 'CLINICAL_PSYCHOLOGIST' as const },
    CLINICAL_SOCIAL_WORKER: { kind: 'CLINICAL_SOCIAL_WORKER' as const },
    PSYCHIATRIST: { kind: 'PHYSICIAN' as const, specialty: 'PSYCHIATRY' as const },
  }[ipKind];
  return {
    provider: { id: 'ip', name: 'Dr. Solo', npi: '1830451674', type: 'IP', ipKind, enrollments: [{ from: '2019-03-01', to: null }], encounterRateClinic: false },
    staff: [person('solo', 'Dr. Solo', 'ip', { licenses: [{ ...licence, state: 'IL', number: 'IP-1', issuedOn: '2010-01-01', expiresOn: '2028-01-31' }], degrees: [{ level: 'MASTER', field: 'SOCIAL_WORK' }] })],
    evidence: [],
  };
}

export function check(w: World, asOf = ASOF, expiringWithinDays = 60): EnrollmentResult {
  const byId = new Map(w.staff.map((s) => [s.id, s]));
  const input: EnrollmentInput = { provider: w.provider, asOf, expiringWithinDays, staff: w.staff, staffById: (id) => byId.get(id), evidence: w.evidence };
  return evaluateEnrollment(input);
}

export const statusOf = (r: EnrollmentResult, id: string): EnrollmentStatus | undefined => r.criteria.find((c) => c.id === id)?.status;
export const basisOf = (r: EnrollmentResult, id: string) => r.criteria.find((c) => c.id === id)!.basis;

export const staffOf = (w: World, id: string) => w.staff.find((s) => s.id === id)!;
/** Replace a criterion's evidence with one record. */
export const only = (w: World, e: EvidenceFact) => {
  w.evidence = [...w.evidence.filter((x) => x.criterionId !== e.criterionId), e];
};
