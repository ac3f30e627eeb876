import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiAnswer, ApiAuthenticated, ApiProblems, PageOf } from '../common/openapi';
import { ProgramApprovalView as ProgramApprovalDoc, ReadinessView } from './program-approval-view.dto';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { Clock } from '../common/clock';
import { problemOf } from '../common/problem.filter';
import type { Page } from '../common/paging';
import { parseDateQuery, UuidParam } from '../common/validation';
import { CreateProgramApprovalDto, ProgramApprovalEventDto, ProgramApprovalListQuery, ReadinessEvidenceDto, StaffingDto } from './program-approval.dto';
import { ProgramApprovalsService, type ProgramApprovalView } from './program-approvals.service';

@ApiTags('program approvals')
@ApiAuthenticated()
@ApiProblems(400)
@Controller()
export class ProgramApprovalsController {
  constructor(
    private readonly approvals: ProgramApprovalsService,
    private readonly clock: Clock,
  ) {}

  @Post('program-approvals')
  @Roles('REVIEWER')
  @ApiOperation({ summary: 'Open the Table N approval record of a provider for CST, IO or PSR' })
  @ApiAnswer(201, ProgramApprovalDoc)
  @ApiProblems(413, { status: 409, description: 'The provider already has a record for this program' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateProgramApprovalDto): Promise<ProgramApprovalView> {
    return this.approvals.create(actor, dto);
  }

  @Get('program-approvals')
  @Roles('REVIEWER', 'CLINICAL_DIRECTOR', 'BILLING')
  @ApiOperation({ summary: "The program approvals of the key's providers, each as on asOf (paged, filterable)" })
  @ApiAnswer(200, PageOf(ProgramApprovalDoc))
  list(@CurrentActor() actor: Actor, @Query() q: ProgramApprovalListQuery): Promise<Page<ProgramApprovalView>> {
    return this.approvals.list(actor, q, q.asOf ?? this.clock.today());
  }

  @Get('program-approvals/:id')
  @Roles('REVIEWER', 'CLINICAL_DIRECTOR', 'BILLING')
  @ApiOperation({ summary: 'Status, approval period, open deadlines (with citations) and history on a date, as the record stands or as it stood on knownOn' })
  @ApiQuery({ name: 'asOf', required: false, description: 'YYYY-MM-DD; default today (UTC)' })
  @ApiQuery({ name: 'knownOn', required: false, description: 'YYYY-MM-DD: count only events recorded on or before this day (what a check made that day saw)' })
  @ApiAnswer(200, ProgramApprovalDoc)
  @ApiProblems(404)
  get(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string, @Query('asOf') asOf?: string, @Query('knownOn') knownOn?: string): Promise<ProgramApprovalView> {
    const today = this.clock.today();
    return this.approvals.get(actor, id, parseDateQuery('asOf', asOf, today), knownOn === undefined ? undefined : parseDateQuery('knownOn', knownOn, today));
  }

  @Post('program-approvals/:id/events')
  @Roles('REVIEWER')
  @ApiOperation({ summary: 'Record a dated event; an event the rules do not allow now is refused with 409, the reason and the citation' })
  @ApiAnswer(201, ProgramApprovalDoc, { description: 'Recorded: the approval as it now stands' })
  @ApiProblems(404, 413, {
    status: 409,
    description: 'The rules do not allow this event now: `reason`, `citation` and the `guardId` of the rule that refused it',
    example: problemOf(409, 'EVENT_NOT_ALLOWED', 'FINAL_NOTICE is not allowed now: the 30-day remedy period has not closed', {
      reason: 'the 30-day remedy period has not closed',
      citation: '140.TABLE N(b)(2)(B)(ii)',
      guardId: 'TN-G-FN-UPON-CLOSE',
    }),
  })
  recordEvent(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string, @Body() dto: ProgramApprovalEventDto): Promise<ProgramApprovalView> {
    return this.approvals.recordEvent(actor, id, dto);
  }

  @Put('program-approvals/:id/staffing')
  @Roles('CLINICAL_DIRECTOR', 'REVIEWER')
  @ApiOperation({ summary: "Record the program's team (roles, FTE) and census, for readiness" })
  @ApiAnswer(200, ProgramApprovalDoc)
  @ApiProblems(404, 413)
  staffing(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string, @Body() dto: StaffingDto): Promise<ProgramApprovalView> {
    return this.approvals.setStaffing(actor, id, dto);
  }

  @Post('program-approvals/:id/evidence')
  @Roles('CLINICAL_DIRECTOR', 'REVIEWER')
  @ApiOperation({ summary: 'Record dated documentation of a practice criterion of readiness (weekly and monthly reviews, access to a QMHP, 24/7 availability, the share of CST services in the community); it counts for 12 months' })
  @ApiAnswer(201, ProgramApprovalDoc)
  @ApiProblems(404, 413)
  evidence(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string, @Body() dto: ReadinessEvidenceDto): Promise<ProgramApprovalView> {
    return this.approvals.addEvidence(actor, id, dto);
  }

  @Get('program-approvals/:id/readiness')
  @Roles('REVIEWER', 'CLINICAL_DIRECTOR')
  @ApiOperation({ summary: 'Each Table N (c) criterion as MET, NOT_MET or NOT_RECORDED, with its citation' })
  @ApiQuery({ name: 'asOf', required: false })
  @ApiAnswer(200, ReadinessView)
  @ApiProblems(404)
  readiness(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string, @Query('asOf') asOf?: string) {
    return this.approvals.readiness(actor, id, parseDateQuery('asOf', asOf, this.clock.today()));
  }
}
