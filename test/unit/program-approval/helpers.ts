/** Builders shared by the Table N unit tests. */
import { applyEvent, type ProgramApprovalEvent, type ProgramApprovalEventType } from '../../../src/rules/program-approval';
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
