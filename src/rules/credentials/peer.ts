/**
 * The 18-month window for a team member with lived experience (140.453(d)(4)(A)(i) for ACT,
 * 140.TABLE N(c)(1)(B)(ii) for CST): such a person may stand in for the CRSS/CFPP team member if they
 * obtain certification within 18 months after their date of hire.
 *
 * One function for every engine (credential answer, CST readiness, claim messages). "Within 18 months
 * after" the hire date runs through addMonths(hireDate, 18) itself, as "within N days after X" is X + N
 * elsewhere: hired 2025-03-15, the window's last day is 2026-09-15 (hired 31 August, the month end clamps).
 *
 * The clause says who may be on the team, not who may render: the window never stands in for a tier of
 * 140.453(b) (see the tier rule of the claim engine).
 */
import { addMonths, type DateOnly } from '../dates';
import type { StaffFacts } from '../facts';
import { currentCertification } from './routes';

export const PEER_WINDOW_MONTHS = 18;
export const PEER_WINDOW_CITATIONS = ['140.453(d)(4)(A)(i)', '140.TABLE N(c)(1)(B)(ii)'] as const;

export interface PeerCertificationWindow {
  /** the person is recorded as having lived experience */
  applies: boolean;
  /** holds a current CRSS or CFPP certification on the date */
  certified: boolean;
  /** the last day of the window, addMonths(hireDate, 18); null when the provision does not apply */
  windowEndsOn: DateOnly | null;
  /** applies and the date is on or before windowEndsOn */
  withinWindow: boolean;
}

export function isPeerCertified(staff: StaffFacts, asOf: DateOnly): boolean {
  return currentCertification(staff, 'CRSS', asOf) != null || currentCertification(staff, 'CFPP', asOf) != null;
}

export function peerCertificationWindow(staff: StaffFacts, asOf: DateOnly): PeerCertificationWindow {
  const applies = staff.livedExperience === true;
  const windowEndsOn = applies ? addMonths(staff.hireDate, PEER_WINDOW_MONTHS) : null;
  return {
    applies,
    certified: isPeerCertified(staff, asOf),
    windowEndsOn,
    withinWindow: windowEndsOn != null && asOf <= windowEndsOn,
  };
}

/** The warning evaluateCredential gives, or null. */
export function peerWindowWarning(staff: StaffFacts, asOf: DateOnly): string | null {
  const w = peerCertificationWindow(staff, asOf);
  if (!w.applies || w.certified) return null;
  const cites = PEER_WINDOW_CITATIONS.join(', ');
  return w.withinWindow
    ? `lived experience without a current CRSS or CFPP certification: certification must be obtained within 18 months after hire (${cites}); the window closes on ${w.windowEndsOn}.`
    : `lived experience without a current CRSS or CFPP certification: the 18-month window after hire (${cites}) closed on ${w.windowEndsOn} and has passed.`;
}
