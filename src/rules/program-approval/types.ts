/** What the Table N engine tells the claim engine about a program on a date. */
import type { DateOnly } from '../dates';
import type { Program } from '../vocabulary';

export const APPROVAL_STATUSES = ['PENDING', 'APPROVED', 'IN_REMEDY', 'STAYED', 'NOT_APPROVED', 'LAPSED', 'REVOKED'] as const;
export type ApprovalStatus = (typeof APPROVAL_STATUSES)[number];

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
}
