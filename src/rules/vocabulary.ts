/**
 * The enum vocabulary of the public contract (../shared/CONTRACT.md), as const arrays so that
 * validation, Swagger and the engines share one list.
 */
export const PROVIDER_TYPES = ['CMHC', 'BHC', 'IP'] as const;
export type ProviderType = (typeof PROVIDER_TYPES)[number];

/** 140.452(a)(3)(A)-(C) */
export const IP_KINDS = ['CLINICAL_PSYCHOLOGIST', 'CLINICAL_SOCIAL_WORKER', 'PSYCHIATRIST'] as const;
export type IpKind = (typeof IP_KINDS)[number];

/** 140.453(b)(3)-(6), highest first. Each higher tier includes the lower ones. */
export const TIERS = ['LPHA', 'QMHP', 'MHP', 'RSA'] as const;
export type Tier = (typeof TIERS)[number];

export const SERVICES = [
  'ASSESSMENT',
  'TREATMENT_PLAN',
  'COMMUNITY_SUPPORT',
  'INTENSIVE_OUTPATIENT',
  'MEDICATION_ADMINISTRATION',
  'MEDICATION_MONITORING',
  'MEDICATION_TRAINING',
  'PSYCHOSOCIAL_REHABILITATION',
  'THERAPY_COUNSELING',
  'CRISIS_INTERVENTION',
  'ASSERTIVE_COMMUNITY_TREATMENT',
  'COMMUNITY_SUPPORT_TEAM',
  'CLIENT_CENTERED_CONSULTATION',
  'MENTAL_HEALTH_CASE_MANAGEMENT',
  'TRANSITION_LINKAGE_AFTERCARE',
] as const;
export type Service = (typeof SERVICES)[number];

export const MODALITIES = ['INDIVIDUAL', 'GROUP', 'FAMILY'] as const;
export type Modality = (typeof MODALITIES)[number];

export const CONTACTS = ['FACE_TO_FACE', 'VIDEO', 'PHONE'] as const;
export type Contact = (typeof CONTACTS)[number];

/** Services that require program approval under 140.TABLE N. */
export const PROGRAMS = ['CST', 'IO', 'PSR'] as const;
export type Program = (typeof PROGRAMS)[number];

export const LICENSE_KINDS = [
  'PHYSICIAN',
  'ADVANCED_PRACTICE_NURSE',
  'CLINICAL_PSYCHOLOGIST',
  'CLINICAL_PROFESSIONAL_COUNSELOR',
  'MARRIAGE_FAMILY_THERAPIST',
  'CLINICAL_SOCIAL_WORKER',
  'REGISTERED_NURSE',
  'PRACTICAL_NURSE',
  'OCCUPATIONAL_THERAPIST',
  'OCCUPATIONAL_THERAPY_ASSISTANT',
] as const;
export type LicenseKind = (typeof LICENSE_KINDS)[number];

export const LICENSE_SPECIALTIES = ['PSYCHIATRY'] as const;
export type LicenseSpecialty = (typeof LICENSE_SPECIALTIES)[number];

export const DEGREE_LEVELS = ['BACHELOR', 'MASTER', 'DOCTORATE'] as const;
export type DegreeLevel = (typeof DEGREE_LEVELS)[number];

export const DEGREE_FIELDS = [
  'COUNSELING_AND_GUIDANCE',
  'REHABILITATION_COUNSELING',
  'SOCIAL_WORK',
  'PSYCHOLOGY',
  'PASTORAL_COUNSELING',
  'FAMILY_THERAPY',
  'EDUCATION',
  'VOCATIONAL_COUNSELING',
  'NURSING',
  'RELATED_HUMAN_SERVICE',
  'OTHER',
] as const;
export type DegreeField = (typeof DEGREE_FIELDS)[number];

export const EXPERIENCE_KINDS = ['MENTAL_HEALTH_CLINICAL', 'MENTAL_HEALTH_SERVICES', 'HUMAN_SERVICES_CLINICAL'] as const;
export type ExperienceKind = (typeof EXPERIENCE_KINDS)[number];

export const TRAINING_KINDS = ['MENTAL_HEALTH_SERVICES', 'CHILD_ADOLESCENT_TREATMENT'] as const;
export type TrainingKind = (typeof TRAINING_KINDS)[number];

export const CERTIFICATION_KINDS = ['CRSS', 'CFPP', 'PSYCH_REHAB'] as const;
export type CertificationKind = (typeof CERTIFICATION_KINDS)[number];

/** Services a prescriber may designate someone in writing to provide (140.453(d)(2)(D)(iv), (E)(v)). */
export const DESIGNATED_SERVICES = ['MEDICATION_MONITORING', 'MEDICATION_TRAINING'] as const;
export type DesignatedService = (typeof DESIGNATED_SERVICES)[number];

/** Table O(c)(3): the Health Care Worker Registry ((A)), fingerprint-based checks under the Health Care Worker Background Check Act ((B)), the HFS OIG Provider Sanctions List ((C)). */
export const BACKGROUND_CHECK_KINDS = ['HEALTH_CARE_WORKER_REGISTRY', 'FINGERPRINT', 'OIG_SANCTIONS'] as const;
export type BackgroundCheckKind = (typeof BACKGROUND_CHECK_KINDS)[number];

export const BACKGROUND_CHECK_RESULTS = ['CLEAR', 'FINDING'] as const;
export type BackgroundCheckResult = (typeof BACKGROUND_CHECK_RESULTS)[number];

/** An enrollment criterion on a date (CONTRACT, second round). */
export const ENROLLMENT_STATUSES = ['MET', 'NOT_MET', 'NOT_RECORDED', 'EXPIRING'] as const;
export type EnrollmentStatus = (typeof ENROLLMENT_STATUSES)[number];

export const CLAIM_FREQUENCIES = ['ORIGINAL', 'REPLACEMENT', 'VOID'] as const;
export type ClaimFrequency = (typeof CLAIM_FREQUENCIES)[number];

export const ROLES = ['BILLING', 'CLINICAL_DIRECTOR', 'REVIEWER', 'ADMIN'] as const;
export type Role = (typeof ROLES)[number];
