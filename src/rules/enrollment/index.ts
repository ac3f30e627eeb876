/** Enrollment criteria of 140.452(a)-(b), 140.499 and Table O: see criteria.ts (data), derived.ts and evidence.ts. */
export * from './criteria';
export * from './evidence';
export * from './background-checks';
export { DERIVATIONS, type Derivation, type EnrollmentInput } from './derived';
export { evaluateEnrollment, evidenceDeadlines, worstStatus, type EnrollmentCriterionResult, type EnrollmentResult, type EvidenceDeadline } from './check';
