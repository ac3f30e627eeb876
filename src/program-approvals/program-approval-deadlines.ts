/** Table N deadlines on the deadline board (the first DeadlineSource; see ../deadlines/deadline-source). */
import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor';
import { DeadlineSourceProvider, type DeadlineEntry, type DeadlineQuery, type DeadlineSource } from '../deadlines/deadline-source';
import { ProgramApprovalsService } from './program-approvals.service';

@Injectable()
@DeadlineSourceProvider()
export class ProgramApprovalDeadlines implements DeadlineSource {
  readonly name = 'TABLE_N';

  constructor(private readonly approvals: ProgramApprovalsService) {}

  openDeadlines(actor: Actor, query: DeadlineQuery): Promise<DeadlineEntry[]> {
    return this.approvals.openDeadlines(actor, query);
  }
}
