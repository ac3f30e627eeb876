/**
 * The status of a program approval on a day, from the fold of the events dated on or before it.
 *
 * Precedence: a contested action in effect (NOT_APPROVED / REVOKED), a running stay (STAYED), a
 * pending refusal (NOT_APPROVED), an open Notice of Deficiencies (IN_REMEDY), the approval period
 * (APPROVED), a re-approval owed after a remedy or a reversal (APPROVED, period over), else LAPSED, or
 * PENDING with no approval.
 */
import { addDays, minDate, type DateOnly } from '../dates';
import type { ActionRec, Model, ReapprovalOwed } from './model';
import { effectOn, liveAction, remedyOpen, stayRunning, appealStays } from './model';
import { reasons } from './narrative';
import { TABLE_N_CITATIONS as C, TABLE_N_DAYS as D } from './table-n';
import type { ApprovalStatus } from './types';

export interface Derived {
  status: ApprovalStatus;
  approvedThrough: DateOnly | null;
  inForce: boolean;
  reason: string;
  citation: string;
  /** the day the live action took effect, when it is in effect on the day */
  effectOn: DateOnly | null;
  /** IN_REMEDY past both the remedy period and the 12 months with no Final Notice: the day it was due */
  finalNoticeDueOn: DateOnly | null;
  /** in force past its period because a re-approval is owed */
  awaitingReapproval: ReapprovalOwed | null;
}

const base = { effectOn: null, finalNoticeDueOn: null, awaitingReapproval: null };

/** The day the Department's Final Notice is due under a Notice of Deficiencies: upon the close of the remedy period. */
export const finalNoticeDue = (noticeOn: DateOnly) => addDays(noticeOn, D.remedy + 1);

function revocationCitation(a: ActionRec): string {
  if (a.finalOutcome === 'UPHELD') return C.implementWithin30;
  return a.kind === 'FINAL_NOTICE' ? C.finalNotice : C.revocation;
}

const OWED_CITATION: Record<ReapprovalOwed['because'], string> = {
  REMEDIED: C.remedied,
  INFORMAL_REVIEW_REVERSED: C.bbhWithin30,
  FINAL_DECISION_REVERSED: C.finalWithin90,
};

export function derive(m: Model, d: DateOnly): Derived {
  const ap = m.approval;
  const a = liveAction(m);
  if (a) {
    const eff = effectOn(a);
    if (eff !== null && eff <= d) {
      if (a.kind === 'REFUSAL') {
        return { ...base, status: 'NOT_APPROVED', approvedThrough: ap?.approvedThrough ?? null, inForce: false, reason: reasons.refusalInEffect(m, a, eff), citation: C.notApproved, effectOn: eff };
      }
      return {
        ...base,
        status: 'REVOKED',
        approvedThrough: minDate(ap?.approvedThrough, addDays(eff, -1)),
        inForce: false,
        reason: reasons.revocationInEffect(m, a, eff),
        citation: revocationCitation(a),
        effectOn: eff,
      };
    }
    if (stayRunning(a, d)) {
      const citation = appealStays(a) ? C.bahWithin10 : C.informalStay;
      if (a.kind === 'REFUSAL') {
        return { ...base, status: 'STAYED', approvedThrough: ap?.approvedThrough ?? null, inForce: false, reason: reasons.refusalStayed(m, a), citation };
      }
      return { ...base, status: 'STAYED', approvedThrough: ap?.approvedThrough ?? null, inForce: ap !== null, reason: reasons.revocationStayed(m, a, ap), citation };
    }
    if (a.kind === 'REFUSAL') {
      return { ...base, status: 'NOT_APPROVED', approvedThrough: ap?.approvedThrough ?? null, inForce: false, reason: reasons.refusalPending(m, a), citation: C.notApproved };
    }
  }
  if (remedyOpen(m) && ap) {
    const r = m.remedy!;
    // the approval ends by Final Notice, not by lapse; with the 12 months over and the Final Notice overdue it is flagged
    const fnDue = finalNoticeDue(r.noticeOn);
    const overdue = !r.finalNoticeOn && d > fnDue && d > ap.approvedThrough ? fnDue : null;
    return {
      ...base,
      status: 'IN_REMEDY',
      approvedThrough: ap.approvedThrough,
      inForce: true,
      reason: reasons.inRemedy(m, ap, r, d, a, overdue),
      citation: a ? C.finalNotice : C.deficiencies,
      finalNoticeDueOn: overdue,
    };
  }
  if (ap) {
    if (d <= ap.approvedThrough) {
      return { ...base, status: 'APPROVED', approvedThrough: ap.approvedThrough, inForce: true, reason: reasons.approved(m, ap, a), citation: ap.type === 'REAPPROVED' ? C.reapproved : C.approved12Months };
    }
    if (m.reapprovalOwed) {
      const owed = m.reapprovalOwed;
      return { ...base, status: 'APPROVED', approvedThrough: ap.approvedThrough, inForce: true, reason: reasons.awaitingReapproval(m, ap, owed, a), citation: OWED_CITATION[owed.because], awaitingReapproval: owed };
    }
    return { ...base, status: 'LAPSED', approvedThrough: ap.approvedThrough, inForce: false, reason: reasons.lapsed(m, ap), citation: C.annual };
  }
  return { ...base, status: 'PENDING', approvedThrough: null, inForce: false, reason: reasons.pending(m), citation: m.cycle?.enrollmentOn ? C.initialWithin90 : C.intent };
}
