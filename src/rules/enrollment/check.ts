/**
 * The enrollment check of a provider on a date (CONTRACT, second round): every criterion for its type,
 * each MET, NOT_MET, NOT_RECORDED or EXPIRING with the sentence it rests on, and the whole: NOT_MET if
 * any criterion is not met, else NOT_RECORDED if any is not recorded, else EXPIRING if any lapses soon,
 * else MET. Also the deadlines the evidence puts on the board.
 */
import { assertDateOnly, type DateOnly } from '../dates';
import type { ProviderFacts } from '../facts';
import type { EnrollmentStatus, ProviderType } from '../vocabulary';
import { criteriaFor, type EnrollmentCriterion } from './criteria';
import { DERIVATIONS, type EnrollmentInput } from './derived';
import { currentEvidence, evidenceDueOn, evidenceOutcome, type CriterionOutcome, type EvidenceFact } from './evidence';

export interface EnrollmentCriterionResult extends CriterionOutcome {
  id: string;
  citation: string;
  title: string;
}

export interface EnrollmentResult {
  providerId: string;
  type: ProviderType;
  asOf: DateOnly;
  status: EnrollmentStatus;
  criteria: EnrollmentCriterionResult[];
}

const SEVERITY: readonly EnrollmentStatus[] = ['NOT_MET', 'NOT_RECORDED', 'EXPIRING', 'MET'];

/** The worst of several statuses (NOT_MET, then NOT_RECORDED, then EXPIRING; MET for none). */
export function worstStatus(statuses: readonly EnrollmentStatus[]): EnrollmentStatus {
  return SEVERITY.find((s) => statuses.includes(s)) ?? 'MET';
}

export function evaluateEnrollment(x: EnrollmentInput): EnrollmentResult {
  assertDateOnly(x.asOf, 'asOf');
  if (!Number.isInteger(x.expiringWithinDays) || x.expiringWithinDays < 0) throw new RangeError(`expiringWithinDays must be a whole number of days >= 0, got ${x.expiringWithinDays}`);
  const criteria = criteriaFor(x.provider, x.asOf);
  const outcomes = new Map<string, CriterionOutcome & { criterion: EnrollmentCriterion }>();
  const evaluate = (c: EnrollmentCriterion) => {
    const derive = DERIVATIONS[c.id];
    if (c.rests === 'DERIVED' && !derive) throw new Error(`enrollment criterion ${c.id} is DERIVED but has no derivation`);
    const o = c.rests === 'DERIVED' ? derive(x, c, [...outcomes.values()]) : evidenceOutcome(c, x.evidence, x.asOf, x.expiringWithinDays);
    outcomes.set(c.id, { ...o, criterion: c });
  };
  // a summary (140.499(e)) reads the others, so it comes last
  for (const c of criteria) if (!c.summarises) evaluate(c);
  for (const c of criteria) if (c.summarises) evaluate(c);
  const results = criteria.map((c): EnrollmentCriterionResult => {
    const o = outcomes.get(c.id)!;
    return { id: c.id, citation: c.citation, title: c.title, status: o.status, basis: o.basis, dueOn: o.dueOn };
  });
  return { providerId: x.provider.id, type: x.provider.type, asOf: x.asOf, status: worstStatus(results.map((r) => r.status)), criteria: results };
}

export interface EvidenceDeadline {
  criterionId: string;
  evidenceId: string;
  /** FIRE_MARSHAL_LETTER_DUE, QUARTERLY_MEETING_DUE, INSURANCE_EXPIRES... */
  kind: string;
  title: string;
  dueOn: DateOnly;
  citation: string;
  description: string;
  /** the evidence's documentedOn: the day the period began */
  openedOn: DateOnly;
  overdue: boolean;
}

/**
 * The deadlines a provider's evidence runs toward on asOf: for each criterion that takes evidence,
 * the last day of the record that counts, until a newer record replaces it (overdue once past).
 */
export function evidenceDeadlines(provider: Pick<ProviderFacts, 'type' | 'ipKind'>, evidence: readonly EvidenceFact[], asOf: DateOnly): EvidenceDeadline[] {
  const out: EvidenceDeadline[] = [];
  for (const c of criteriaFor(provider, asOf)) {
    if (!c.evidence) continue;
    const e = currentEvidence(evidence, c.id, asOf);
    const dueOn = e ? evidenceDueOn(c.evidence, e) : null;
    if (!e || dueOn === null) continue;
    const { kind, title } = c.evidence.deadline;
    out.push({
      criterionId: c.id,
      evidenceId: e.id,
      kind,
      title,
      dueOn,
      citation: c.citation,
      description: `${title.charAt(0).toUpperCase()}${title.slice(1)}: ${c.title}. The evidence documented ${e.documentedOn} (version ${e.version}) counts through ${dueOn}; record the next before then`,
      openedOn: e.documentedOn,
      overdue: dueOn < asOf,
    });
  }
  return out;
}
