/** Readable names for the facts, used in basis reasons and messages. */
import type { DateOnly } from '../dates';
import type { CertificationFact, DegreeFact, LicenseFact } from '../facts';
import type { CertificationKind, DegreeField, DegreeLevel, LicenseKind } from '../vocabulary';

export const LICENSE_NAMES: Record<LicenseKind, string> = {
  PHYSICIAN: 'physician',
  ADVANCED_PRACTICE_NURSE: 'advanced practice nurse',
  CLINICAL_PSYCHOLOGIST: 'clinical psychologist',
  CLINICAL_PROFESSIONAL_COUNSELOR: 'clinical professional counselor',
  MARRIAGE_FAMILY_THERAPIST: 'marriage and family therapist',
  CLINICAL_SOCIAL_WORKER: 'clinical social worker',
  REGISTERED_NURSE: 'registered nurse',
  PRACTICAL_NURSE: 'practical nurse',
  OCCUPATIONAL_THERAPIST: 'occupational therapist',
  OCCUPATIONAL_THERAPY_ASSISTANT: 'occupational therapy assistant',
};

export const CERTIFICATION_NAMES: Record<CertificationKind, string> = {
  CRSS: 'CRSS (Certified Recovery Support Specialist) certification',
  CFPP: 'CFPP (Certified Family Partnership Professional) certification',
  PSYCH_REHAB: 'certificate of psychiatric rehabilitation',
};

const LEVEL_NAMES: Record<DegreeLevel, string> = { BACHELOR: "bachelor's", MASTER: "master's", DOCTORATE: 'doctorate' };

export const FIELD_NAMES: Record<DegreeField, string> = {
  COUNSELING_AND_GUIDANCE: 'counseling and guidance',
  REHABILITATION_COUNSELING: 'rehabilitation counseling',
  SOCIAL_WORK: 'social work',
  PSYCHOLOGY: 'psychology',
  PASTORAL_COUNSELING: 'pastoral counseling',
  FAMILY_THERAPY: 'family therapy',
  EDUCATION: 'education',
  VOCATIONAL_COUNSELING: 'vocational counseling',
  NURSING: 'nursing',
  RELATED_HUMAN_SERVICE: 'a related human service field',
  OTHER: 'another field',
};

export function licenceText(l: LicenseFact): string {
  const specialty = l.specialty === 'PSYCHIATRY' ? ' (psychiatric specialty)' : '';
  const validity = l.expiresOn ? `valid through ${l.expiresOn}` : 'with no expiry recorded';
  return `${LICENSE_NAMES[l.kind]}${specialty} licence ${l.state} ${l.number} ${validity}`;
}

/** Why a licence or certificate is not valid on `date` (it is assumed not to be). */
export function lapseText(item: { issuedOn: DateOnly; expiresOn: DateOnly | null }, date: DateOnly): string {
  if (item.issuedOn > date) return `not issued until ${item.issuedOn}`;
  return `expired ${item.expiresOn}`;
}

export function certificationText(c: CertificationFact): string {
  return `${CERTIFICATION_NAMES[c.kind]} ${c.expiresOn ? `valid through ${c.expiresOn}` : 'with no expiry recorded'}`;
}

export function degreeText(d: DegreeFact): string {
  return `${LEVEL_NAMES[d.level]} in ${FIELD_NAMES[d.field]}`;
}

export function hours(n: number): string {
  // thousands separators without Intl (toLocaleString is slow in loops)
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function listText(items: string[], conj = 'or'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conj} ${items[items.length - 1]}`;
}
