import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { Clock } from '../common/clock';
import type { Page } from '../common/paging';
import { parseDateQuery, UuidParam } from '../common/validation';
import { CreateProgramApprovalDto, ProgramApprovalEventDto, ProgramApprovalListQuery, ReadinessEvidenceDto, StaffingDto } from './program-approval.dto';
import { ProgramApprovalsService, type ProgramApprovalView } from './program-approvals.service';

@ApiTags('program approvals')
@ApiBearerAuth()
@Controller()
export class ProgramApprovalsController {
  constructor(
    private readonly approvals: ProgramApprovalsService,
    private readonly clock: Clock,
  ) {}

  @Post('program-approvals')
  @Roles('REVIEWER')
  @ApiOperation({ summary: 'Open the Table N approval record of a provider for CST, IO or PSR' })
  create(@CurrentActor() actor: Actor, @Body() dto: CreateProgramApprovalDto): Promise<ProgramApprovalView> {
    return this.approvals.create(actor, dto);
  }

  @Get('program-approvals')
  @Roles('REVIEWER', 'CLINICAL_DIRECTOR', 'BILLING')
  list(@CurrentActor() actor: Actor, @Query() q: ProgramApprovalListQuery): Promise<Page<ProgramApprovalView>> {
    return this.approvals.list(actor, q, q.asOf ?? this.clock.today());
  }

  @Get('program-approvals/:id')
  @Roles('REVIEWER', 'CLINICAL_DIRECTOR', 'BILLING')
  @ApiOperation({ summary: 'Status, approval period, open deadlines (with citations) and history on a date, as the record stands or as it stood on knownOn' })
  @ApiQuery({ name: 'asOf', required: false, description: 'YYYY-MM-DD; default today (UTC)' })
  @ApiQuery({ name: 'knownOn', required: false, description: 'YYYY-MM-DD: count only events recorded on or before this day (what a check made that day saw)' })
  get(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string, @Query('asOf') asOf?: string, @Query('knownOn') knownOn?: string): Promise<ProgramApprovalView> {
    const today = this.clock.today();
    return this.approvals.get(actor, id, parseDateQuery('asOf', asOf, today), knownOn === undefined ? undefined : parseDateQuery('knownOn', knownOn, today));
  }

  @Post('program-approvals/:id/events')
  @Roles('REVIEWER')
  @ApiOperation({ summary: 'Record a dated event; an event the rules do not allow now is refused with 409, the reason and the citation' })
  recordEvent(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string, @Body() dto: ProgramApprovalEventDto): Promise<ProgramApprovalView> {
    return this.approvals.recordEvent(actor, id, dto);
  }

  @Put('program-approvals/:id/staffing')
  @Roles('CLINICAL_DIRECTOR', 'REVIEWER')
  @ApiOperation({ summary: "Record the program's team (roles, FTE) and census, for readiness" })
  staffing(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string, @Body() dto: StaffingDto): Promise<ProgramApprovalView> {
    return this.approvals.setStaffing(actor, id, dto);
  }

  @Post('program-approvals/:id/evidence')
  @Roles('CLINICAL_DIRECTOR', 'REVIEWER')
  @ApiOperation({ summary: 'Record dated documentation of a practice criterion of readiness (weekly and monthly reviews, access to a QMHP, 24/7 availability, the share of CST services in the community); it counts for 12 months' })
  evidence(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string, @Body() dto: ReadinessEvidenceDto): Promise<ProgramApprovalView> {
    return this.approvals.addEvidence(actor, id, dto);
  }

  @Get('program-approvals/:id/readiness')
  @Roles('REVIEWER', 'CLINICAL_DIRECTOR')
  @ApiOperation({ summary: 'Each Table N (c) criterion as MET, NOT_MET or NOT_RECORDED, with its citation' })
  @ApiQuery({ name: 'asOf', required: false })
  readiness(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string, @Query('asOf') asOf?: string) {
    return this.approvals.readiness(actor, id, parseDateQuery('asOf', asOf, this.clock.today()));
  }
}
