/** Evidence coming due on the deadline board: "Fire Marshal letter due", "quarterly meeting due", "insurance expires" (see ../deadlines/deadline-source). */
import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { DeadlineSourceProvider, type DeadlineEntry, type DeadlineQuery, type DeadlineSource } from '../deadlines/deadline-source';
import { ENROLLMENT_ROLES, EnrollmentService } from './enrollment.service';

@Injectable()
@DeadlineSourceProvider()
export class EnrollmentDeadlines implements DeadlineSource {
  readonly name = 'ENROLLMENT';

  constructor(private readonly enrollment: EnrollmentService) {}

  async openDeadlines(actor: Actor, q: DeadlineQuery): Promise<DeadlineEntry[]> {
    // the roles that use the enrollment check; and no Table N program has these deadlines
    if ((actor.role !== 'ADMIN' && !ENROLLMENT_ROLES.includes(actor.role)) || q.programs?.length) return [];
    const found = await this.enrollment.deadlines(actor, q.asOf, q.providerId);
    return found.map(({ provider, deadline: d }) => ({
      // stable while the deadline lasts: a newer record of the evidence replaces it
      id: `enrollment-${provider.id}-${d.criterionId}-${d.evidenceId}`,
      source: this.name,
      providerId: provider.id,
      providerName: provider.name,
      program: null,
      kind: d.kind,
      dueOn: d.dueOn,
      citation: d.citation,
      description: d.description,
      party: 'PROVIDER',
      overdue: d.overdue,
      openedOn: d.openedOn,
      programApprovalId: null,
    }));
  }
}
