/**
 * The registry facts the pure engines read. The persistence layer maps its rows to these shapes;
 * the engines never see an entity or a database handle.
 */
import type { DateOnly } from './dates';
import type {
  BackgroundCheckKind,
  BackgroundCheckResult,
  CertificationKind,
  ClaimFrequency,
  Contact,
  DegreeField,
  DegreeLevel,
  DesignatedService,
  ExperienceKind,
  IpKind,
  LicenseKind,
  LicenseSpecialty,
  Modality,
  Program,
  ProviderType,
  Service,
  TrainingKind,
} from './vocabulary';

export interface EnrollmentPeriod {
  from: DateOnly;
  /** null: open-ended */
  to: DateOnly | null;
}

export interface ProviderFacts {
  id: string;
  name: string;
  npi: string;
  type: ProviderType;
  ipKind: IpKind | null;
  enrollments: EnrollmentPeriod[];
  encounterRateClinic: boolean;
}

export interface LicenseFact {
  kind: LicenseKind;
  specialty?: LicenseSpecialty | null;
  state: string;
  number: string;
  issuedOn: DateOnly;
  /** null: no expiry recorded (never read as valid forever by the engines: they warn) */
  expiresOn: DateOnly | null;
}

export interface DegreeFact {
  level: DegreeLevel;
  field: DegreeField;
  /** when it was conferred, if recorded; a degree conferred after the date asked does not count */
  conferredOn?: DateOnly | null;
}

export interface ExperienceFact {
  kind: ExperienceKind;
  from: DateOnly;
  /** null: ongoing */
  to: DateOnly | null;
  /** done under clinical supervision, by anyone (140.453(b)(4)(B) "under supervision") */
  supervised: boolean;
  /** done under the supervision of a QMHP (140.453(b)(4)(D)(ii), (b)(5)(A)(ii)); implies `supervised` */
  supervisedByQmhp: boolean;
}

/**
 * An experience period as recorded, with `supervised` settled: supervision by a QMHP is supervision, and
 * a period recorded before `supervised` existed (or without it) is supervised only if by a QMHP: nothing
 * else is assumed.
 */
export function experienceFact(e: Omit<ExperienceFact, 'supervised'> & { supervised?: boolean | null }): ExperienceFact {
  return { kind: e.kind, from: e.from, to: e.to, supervised: e.supervised === true || e.supervisedByQmhp === true, supervisedByQmhp: e.supervisedByQmhp === true };
}

export interface TrainingFact {
  kind: TrainingKind;
  completedOn: DateOnly;
}

export interface CertificationFact {
  kind: CertificationKind;
  issuedOn: DateOnly;
  expiresOn: DateOnly | null;
}

/** A written designation by a prescriber to provide medication monitoring and/or training. */
export interface PrescriberDesignationFact {
  /** the prescriber, a registered staff member (of any provider) */
  designatedByStaffId: string;
  designatedOn: DateOnly;
  services: DesignatedService[];
  /** null: until revoked */
  endsOn: DateOnly | null;
}

/** A background check of Table O(c)(3), as recorded in the person's file. */
export interface BackgroundCheckFact {
  kind: BackgroundCheckKind;
  checkedOn: DateOnly;
  result: BackgroundCheckResult;
}

export interface StaffFacts {
  id: string;
  providerId: string;
  name: string;
  npi: string | null;
  birthDate: DateOnly | null;
  hireDate: DateOnly;
  /** last day employed; null while employed */
  endDate: DateOnly | null;
  licenses: LicenseFact[];
  degrees: DegreeFact[];
  highSchoolOrGed: boolean;
  experience: ExperienceFact[];
  trainings: TrainingFact[];
  /** supervised practicum/internship hours (140.453(b)(4)(D)(i)); null: not recorded */
  practicumHours: number | null;
  certifications: CertificationFact[];
  supervisorStaffId: string | null;
  mhpDesignatedBefore2011: boolean;
  /** the date the provider recorded the three abilities of 140.453(b)(6)(B)(ii) */
  rsaAbilitiesAttestedOn: DateOnly | null;
  prescriberDesignations: PrescriberDesignationFact[];
  /** counts toward a program's full-time staffing (Table N readiness); default true */
  fullTime?: boolean;
  /** a person with lived experience on a CST/ACT team, working toward CRSS/CFPP (140.453(d)(4)(A)(i)) */
  livedExperience?: boolean;
  /** the provider's Clinical Director (a BHC's, Table O(c)(2)); default false */
  clinicalDirector?: boolean;
  /** Table O(c)(3): every check recorded, in any order (none: nothing recorded) */
  backgroundChecks: BackgroundCheckFact[];
}

export interface AssessmentFact {
  id: string;
  providerId: string;
  completedOn: DateOnly;
  approvedByStaffId: string | null;
  diagnoses: string[];
  /** a rule-out diagnosis was used (140.453(d)(1)(A)(i)) */
  ruleOut: boolean;
  /** when the rule-out diagnosis was made definitive */
  definitiveOn: DateOnly | null;
}

export interface TreatmentPlanFact {
  id: string;
  providerId: string;
  approvedOn: DateOnly;
  approvedByStaffId: string | null;
  clientSignedOn: DateOnly | null;
  services: Service[];
}

export interface RecipientFacts {
  id: string;
  medicaidId: string;
  name: string | null;
  birthDate: DateOnly;
  assessments: AssessmentFact[];
  treatmentPlans: TreatmentPlanFact[];
}

/** One line of a claim as submitted (JSON or X12), before any lookup. */
export interface ClaimLineInput {
  lineId: string;
  dateOfService: DateOnly;
  units: number;
  /** when the submitter gives minutes directly (X12 SV103 = MJ) */
  unitBasis?: 'UNITS' | 'MINUTES';
  renderingStaffId?: string;
  renderingNpi?: string;
  placeOfService?: string;
  service?: Service;
  procedureCode?: string;
  modifiers?: string[];
  modality?: Modality;
  contact?: Contact;
  groupSize?: number;
  groupStaff?: number;
  /** where the line came from in an X12 file */
  location?: X12Location;
  /** what the X12 reader could not take as written on this line (each an INVALID_CLAIM, rule X12-CONTENT-v1) */
  problems?: readonly ContentProblem[];
}

/** A segment of an 837P read but not taken as written (a multi-day RD8, an unknown frequency code...). */
export interface ContentProblem {
  /** what is wrong, then where, once: `... (segment 26, DTP)` */
  message: string;
  segmentIndex: number;
  segmentId: string;
}

export interface X12Location {
  transactionControlNumber: string;
  claimId: string;
  lineNumber: number;
  segmentIndex: number;
}

export interface ClaimInput {
  claimId: string;
  providerId?: string;
  billingNpi?: string;
  recipientId?: string;
  medicaidId?: string;
  /** from X12 DMG, used only to cross-check the registry */
  recipientBirthDate?: DateOnly;
  frequency: ClaimFrequency;
  placeOfService?: string;
  diagnoses?: string[];
  lines: ClaimLineInput[];
  location?: Omit<X12Location, 'lineNumber'> & { lineNumber?: number };
  /** what the X12 reader could not take as written on the claim (each an INVALID_CLAIM, rule X12-CONTENT-v1) */
  problems?: readonly ContentProblem[];
}

export type ProgramOf = Program;

/** A staff member with nothing recorded but who they are and when they were hired (no fact is assumed). */
export function staffWithoutFacts(who: Pick<StaffFacts, 'id' | 'providerId' | 'name' | 'hireDate'>): StaffFacts {
  return {
    ...who,
    npi: null,
    birthDate: null,
    endDate: null,
    licenses: [],
    degrees: [],
    highSchoolOrGed: false,
    experience: [],
    trainings: [],
    practicumHours: null,
    certifications: [],
    supervisorStaffId: null,
    mhpDesignatedBefore2011: false,
    rsaAbilitiesAttestedOn: null,
    prescriberDesignations: [],
    backgroundChecks: [],
  };
}
