/** What the Table N engine tells the claim engine about a program on a date. */
import type { DateOnly } from '../dates';
import type { Program } from '../vocabulary';

export const APPROVAL_STATUSES = ['PENDING', 'APPROVED', 'IN_REMEDY', 'STAYED', 'NOT_APPROVED', 'LAPSED', 'REVOKED'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

/**
 * A program in force only because the Department has not acted: a Notice of Deficiencies whose
 * 30-day remedy period closed unremedied, the 12-month period over, and no Final Notice recorded.
 */
export interface ProgramInForceWarning {
  code: 'FINAL_NOTICE_OVERDUE';
  message: string;
  citation: string;
  /** the day the Final Notice was due (the day after the remedy period closed) */
  dueOn: DateOnly;
}

export interface ProgramInForce {
  program: Program;
  date: DateOnly;
  /** approved, in remedy, or an approval whose revocation is stayed pending appeal */
  inForce: boolean;
  status: ApprovalStatus | 'NONE';
  /** a readable sentence, e.g. "PSR approved through 2027-03-31" */
  reason: string;
  citation: string;
  /** last day of the approval period behind the answer (see ProgramApprovalState.approvedThrough); null if none */
  approvedThrough?: DateOnly | null;
  /** in force, but only while the Department's overdue Final Notice is not recorded */
  warning?: ProgramInForceWarning;
  /**
   * What the answer knows: the latest day on which an event it counts was recorded (null when the
   * events carry no recording day). A check made before that day may have had another answer; ask
   * again with `knownOn` to see it.
   */
  recordedThrough?: DateOnly | null;
}
