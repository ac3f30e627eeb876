/**
 * Dated evidence of an enrollment criterion: which record counts on a day, the last day it counts
 * (its lapse rule, criteria.ts), and the status that gives: NOT_RECORDED with none, NOT_MET once it has
 * lapsed, EXPIRING within N days of its last day, MET before that.
 *
 * Evidence is never overwritten: every record is a numbered version. The one that counts on a day is the
 * latest documented on or before it (a later version documented the same day wins), leaving out a
 * record a later one says it corrects.
 */
import { addDays, addMonths, daysBetween, minDate, type DateOnly } from '../dates';
import type { EnrollmentStatus, IpKind, ProviderType } from '../vocabulary';
import { appliesTo, criterionOn, ENROLLMENT_CRITERIA, type EnrollmentCriterion, type EvidenceRule } from './criteria';

export interface EvidenceFact {
  id: string;
  criterionId: string;
  /** 1, 2, ... per provider and criterion, in the order recorded */
  version: number;
  documentedOn: DateOnly;
  /** null: none given */
  expiresOn: DateOnly | null;
  note: string | null;
  /** the earlier record (same provider and criterion) this one corrects: that one no longer counts */
  correctsEvidenceId: string | null;
}

export interface CriterionOutcome {
  status: EnrollmentStatus;
  /** a sentence saying what the status rests on */
  basis: string;
  /** the last day the criterion is met on what is recorded (EXPIRING, and MET with a lapse); the day missed (NOT_MET by lapse) */
  dueOn: DateOnly | null;
}

/** The last day of the calendar quarter after the one `date` falls in. */
export function endOfNextQuarter(date: DateOnly): DateOnly {
  const [y, m] = date.split('-').map(Number);
  const firstOfQuarter = `${String(y).padStart(4, '0')}-${String(m - ((m - 1) % 3)).padStart(2, '0')}-01`;
  return addDays(addMonths(firstOfQuarter, 6), -1);
}

/** The last day the evidence counts (inclusive), or null when it does not lapse. */
export function evidenceDueOn(rule: EvidenceRule, e: Pick<EvidenceFact, 'documentedOn' | 'expiresOn'>): DateOnly | null {
  if (rule.lapse === 'ANNUAL') return minDate(addMonths(e.documentedOn, 12), e.expiresOn);
  if (rule.lapse === 'QUARTERLY') return minDate(endOfNextQuarter(e.documentedOn), e.expiresOn);
  return e.expiresOn;
}

const LAPSE_TEXT: Record<EvidenceRule['lapse'], string> = {
  ANNUAL: 'annual',
  QUARTERLY: 'due every calendar quarter',
  EXPIRES_ON: 'until it expires',
};

/** The record that counts for a criterion on `asOf`, or null. */
export function currentEvidence(all: readonly EvidenceFact[], criterionId: string, asOf: DateOnly): EvidenceFact | null {
  const corrected = new Set(all.map((e) => e.correctsEvidenceId).filter((id): id is string => id !== null));
  let best: EvidenceFact | null = null;
  for (const e of all) {
    if (e.criterionId !== criterionId || corrected.has(e.id) || e.documentedOn > asOf) continue;
    if (best === null || e.documentedOn > best.documentedOn || (e.documentedOn === best.documentedOn && e.version > best.version)) best = e;
  }
  return best;
}

/** "version 2, documented 2025-12-15" */
export function evidenceText(e: EvidenceFact): string {
  return `version ${e.version}, documented ${e.documentedOn}${e.expiresOn ? `, expiring ${e.expiresOn}` : ''}`;
}

/** MET, EXPIRING or NOT_MET for a current record by its last day; the basis starts with `what`. */
export function lapseOutcome(what: string, dueOn: DateOnly | null, asOf: DateOnly, expiringWithinDays: number): CriterionOutcome {
  if (dueOn === null) return { status: 'MET', basis: `${what}; it does not lapse unless replaced`, dueOn: null };
  if (dueOn < asOf) return { status: 'NOT_MET', basis: `${what}; it lapsed after ${dueOn}: record current evidence`, dueOn };
  const left = daysBetween(asOf, dueOn);
  if (left <= expiringWithinDays) return { status: 'EXPIRING', basis: `${what}; it lapses after ${dueOn}, ${left === 0 ? 'today' : `in ${left} day${left === 1 ? '' : 's'}`}: renew it`, dueOn };
  return { status: 'MET', basis: `${what}; current through ${dueOn}`, dueOn };
}

/** The status of an evidence criterion on asOf from the records of its provider. */
export function evidenceOutcome(c: EnrollmentCriterion, all: readonly EvidenceFact[], asOf: DateOnly, expiringWithinDays: number): CriterionOutcome {
  const rule = c.evidence as EvidenceRule;
  const e = currentEvidence(all, c.id, asOf);
  if (e === null) {
    const later = all.filter((x) => x.criterionId === c.id && x.documentedOn > asOf).map((x) => x.documentedOn).sort()[0];
    return { status: 'NOT_RECORDED', basis: `No evidence recorded on or before ${asOf}: ${rule.what}${later ? ` (the first is documented ${later})` : ''}`, dueOn: null };
  }
  const what = `Evidence ${evidenceText(e)} (${LAPSE_TEXT[rule.lapse]})${e.note ? `: ${e.note}` : ''}`;
  return lapseOutcome(what, evidenceDueOn(rule, e), asOf, expiringWithinDays);
}

export interface EvidenceDraft {
  criterionId: string;
  documentedOn: DateOnly;
  expiresOn?: DateOnly | null;
}

/**
 * What is wrong with evidence for a provider, field by field (JSON Pointers into the request body);
 * empty when it may be recorded. `today`: evidence is recorded once the document exists.
 */
export function evidenceProblems(provider: { name: string; type: ProviderType; ipKind: IpKind | null }, d: EvidenceDraft, today: DateOnly): { path: string; message: string }[] {
  const out: { path: string; message: string }[] = [];
  const c = criterionOn(d.criterionId, d.documentedOn);
  const accepted = () => ENROLLMENT_CRITERIA.filter((x) => x.evidence && appliesTo(x, provider)).map((x) => x.id);
  const acceptedText = () => `evidence for ${provider.name} (${provider.type}) is recorded for ${[...new Set(accepted())].join(', ') || 'no criterion'}`;
  if (!c) {
    out.push({ path: '/criterionId', message: `${d.criterionId} is not an enrollment criterion: ${acceptedText()}` });
  } else if (!appliesTo(c, provider)) {
    out.push({ path: '/criterionId', message: `${d.criterionId} (${c.citation}) applies to ${c.providerTypes.join(' or ')}${c.ipKinds ? ` of kind ${c.ipKinds.join(' or ')}` : ''}, not to ${provider.name}; ${acceptedText()}` });
  } else if (!c.evidence) {
    out.push({ path: '/criterionId', message: `${d.criterionId} (${c.citation}) is derived from the registry (${c.derivedFrom}), not from evidence: record those facts instead` });
  } else if (c.evidence.expiresOnRequired && !d.expiresOn) {
    out.push({ path: '/expiresOn', message: `${d.criterionId} needs expiresOn: ${c.evidence.what}` });
  }
  if (d.documentedOn > today) out.push({ path: '/documentedOn', message: `evidence is recorded once it exists: ${d.documentedOn} is after today (${today})` });
  if (d.expiresOn && d.expiresOn < d.documentedOn) out.push({ path: '/expiresOn', message: `expiresOn (${d.expiresOn}) is before documentedOn (${d.documentedOn})` });
  return out;
}
