/** Builders shared by the Table N unit tests. */
import { applyEvent, programStateOn, type ProgramApprovalEvent, type ProgramApprovalEventType } from '../../../src/rules/program-approval';
import type { Program } from '../../../src/rules/vocabulary';

export const ev = (type: ProgramApprovalEventType, occurredOn: string, extra: Partial<ProgramApprovalEvent> = {}): ProgramApprovalEvent => ({ type, occurredOn, ...extra });

/** Applies each event through applyEvent, failing the test on the first refusal. */
export function build(program: Program, events: ProgramApprovalEvent[]): ProgramApprovalEvent[] {
  let acc: ProgramApprovalEvent[] = [];
  for (const e of events) {
    const r = applyEvent(program, acc, e);
    if (!r.ok) throw new Error(`${e.type} ${e.occurredOn} refused: ${r.reason}`);
    acc = r.events;
  }
  return acc;
}

/** The refusal of `next`, failing the test if it is accepted. */
export function refusal(program: Program, events: ProgramApprovalEvent[], next: ProgramApprovalEvent) {
  const r = applyEvent(program, events, next);
  if (r.ok) throw new Error(`${next.type} ${next.occurredOn} was accepted`);
  return r;
}

/** The deadlines of one kind that arose by `asOf`, open or not. */
export const deadlinesOf = (program: Program, events: ProgramApprovalEvent[], asOf: string, kind: string) =>
  programStateOn(program, events, asOf).deadlines.filter((d) => d.kind === kind);

/** PSR from intent to approval; review held Friday 2026-02-13 (Presidents' Day Monday 02-16 follows); approved 2026-02-27 through 2027-02-26 */
export const PSR_TO_APPROVAL = [
  ev('INTENT_SUBMITTED', '2026-01-05'),
  ev('ENROLLMENT_PROCESSED', '2026-01-20'),
  ev('ATTESTATION_SUBMITTED', '2026-01-22'),
  ev('ONSITE_REVIEW_SCHEDULED', '2026-01-30', { noticeOn: '2026-01-30', reviewOn: '2026-02-13' }),
  ev('ONSITE_REVIEW_HELD', '2026-02-13'),
  ev('APPROVED', '2026-02-27'),
];

/** That PSR's annual review: attestation 2027-01-04, on-site review held 2027-01-15 */
export const PSR_ANNUAL_REVIEW = [
  ev('ATTESTATION_SUBMITTED', '2027-01-04'),
  ev('ONSITE_REVIEW_SCHEDULED', '2027-01-04', { noticeOn: '2027-01-04', reviewOn: '2027-01-15' }),
  ev('ONSITE_REVIEW_HELD', '2027-01-15'),
];
