/** Builders for StaffFacts in the credential tests. Defaults qualify for nothing. */
import { staffWithoutFacts } from '../../../src/rules/facts';
import type { DateOnly } from '../../../src/rules/dates';
import type {
  CertificationFact,
  DegreeFact,
  ExperienceFact,
  LicenseFact,
  PrescriberDesignationFact,
  StaffFacts,
  TrainingFact,
} from '../../../src/rules/facts';
import type { CertificationKind, DegreeField, DegreeLevel, ExperienceKind, LicenseKind, TrainingKind } from '../../../src/rules/vocabulary';
import type { CredentialContext, CredentialResult } from '../../../src/rules/credentials/types';

let seq = 0;

export function staff(over: Partial<StaffFacts> = {}): StaffFacts {
  seq += 1;
  return {
    ...staffWithoutFacts({ id: `s-${seq}`, providerId: 'p-1', name: `Person ${seq}`, hireDate: '2020-01-01' }),
    birthDate: '1990-05-15',
    ...over,
  };
}

export function lic(kind: LicenseKind, expiresOn: DateOnly | null = '2027-12-31', issuedOn: DateOnly = '2019-01-01', extra: Partial<LicenseFact> = {}): LicenseFact {
  return { kind, state: 'IL', number: `${kind.slice(0, 3)}-0001`, issuedOn, expiresOn, ...extra };
}

export function deg(level: DegreeLevel, field: DegreeField, conferredOn?: DateOnly): DegreeFact {
  return conferredOn ? { level, field, conferredOn } : { level, field };
}

/** An experience period; supervised by a QMHP unless said otherwise (`supervised` by anyone follows it unless given). */
export function exp(kind: ExperienceKind, from: DateOnly, to: DateOnly | null = null, supervisedByQmhp = true, supervised = supervisedByQmhp): ExperienceFact {
  return { kind, from, to, supervised, supervisedByQmhp };
}

export function cert(kind: CertificationKind, expiresOn: DateOnly | null = '2027-12-31', issuedOn: DateOnly = '2019-01-01'): CertificationFact {
  return { kind, issuedOn, expiresOn };
}

export function training(kind: TrainingKind, completedOn: DateOnly = '2019-06-01'): TrainingFact {
  return { kind, completedOn };
}

export function designation(by: string, designatedOn: DateOnly, endsOn: DateOnly | null = null): PrescriberDesignationFact {
  return { designatedByStaffId: by, designatedOn, services: ['MEDICATION_MONITORING', 'MEDICATION_TRAINING'], endsOn };
}

export function ctxOf(...people: StaffFacts[]): CredentialContext {
  const byId = new Map(people.map((p) => [p.id, p]));
  return { staffById: (id) => byId.get(id) };
}

export const NO_ONE: CredentialContext = { staffById: () => undefined };

/** The basis entries for a citation (and, for the (b)(5)(A)(ii) bullets, the bullet named in the reason). */
export function routesMatching(r: CredentialResult, citation: string, bullet?: string) {
  return r.basis.filter((b) => b.citation === citation && (!bullet || b.reason.includes(bullet)));
}
