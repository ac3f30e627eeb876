import { Body, Controller, Get, Header, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { DomainError } from '../common/domain-error';
import type { Page } from '../common/paging';
import { isUuid, parseDateQuery, UuidParam } from '../common/validation';
import { DeadlineSources } from '../deadlines/deadline-sources';
import { addDays, today } from '../rules/dates';
import { toICalendar } from './icalendar';
import { CreateProgramApprovalDto, ProgramApprovalEventDto, ProgramApprovalListQuery, StaffingDto } from './program-approval.dto';
import { ProgramApprovalsService, type ProgramApprovalView } from './program-approvals.service';

@ApiTags('program approvals')
@ApiBearerAuth()
@Controller()
export class ProgramApprovalsController {
  constructor(
    private readonly approvals: ProgramApprovalsService,
    private readonly otherDeadlines: DeadlineSources,
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
    return this.approvals.list(actor, q, q.asOf ?? today());
  }

  @Get('program-approvals/:id')
  @Roles('REVIEWER', 'CLINICAL_DIRECTOR', 'BILLING')
  @ApiOperation({ summary: 'Status, approval period, open deadlines (with citations) and history on a date' })
  @ApiQuery({ name: 'asOf', required: false, description: 'YYYY-MM-DD; default today (UTC)' })
  get(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string, @Query('asOf') asOf?: string): Promise<ProgramApprovalView> {
    return this.approvals.get(actor, id, parseDateQuery('asOf', asOf, today()));
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

  @Get('program-approvals/:id/readiness')
  @Roles('REVIEWER', 'CLINICAL_DIRECTOR')
  @ApiOperation({ summary: 'Each Table N (c) criterion as MET, NOT_MET or NOT_RECORDED, with its citation' })
  @ApiQuery({ name: 'asOf', required: false })
  readiness(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string, @Query('asOf') asOf?: string) {
    return this.approvals.readiness(actor, id, parseDateQuery('asOf', asOf, today()));
  }

  @Get('deadlines')
  @Roles('REVIEWER', 'CLINICAL_DIRECTOR', 'BILLING')
  @ApiOperation({ summary: 'Every open Table N deadline, soonest first; Accept: text/calendar gives an iCalendar feed' })
  @ApiProduces('application/json', 'text/calendar')
  @ApiQuery({ name: 'from', required: false, description: 'default: a year ago' })
  @ApiQuery({ name: 'to', required: false, description: 'default: a year ahead' })
  @ApiQuery({ name: 'providerId', required: false })
  @ApiQuery({ name: 'overdue', required: false, description: 'true: only those past due' })
  @ApiQuery({ name: 'asOf', required: false, description: 'the day deadlines are open on; default today' })
  @Header('Vary', 'Accept')
  async deadlines(@CurrentActor() actor: Actor, @Req() req: Request, @Res() res: Response): Promise<void> {
    const asOf = parseDateQuery('asOf', req.query.asOf, today());
    const from = parseDateQuery('from', req.query.from, addDays(asOf, -366));
    const to = parseDateQuery('to', req.query.to, addDays(asOf, 366));
    if (to < from) throw DomainError.field('to', `must not be before from (${from})`);
    const providerId = req.query.providerId;
    if (providerId !== undefined && !isUuid(providerId)) throw DomainError.field('providerId', 'must be a UUID');
    const overdue = req.query.overdue;
    if (overdue !== undefined && overdue !== 'true' && overdue !== 'false') throw DomainError.field('overdue', 'must be true or false');
    const query = { from, to, providerId: providerId as string | undefined, overdueOnly: overdue === 'true', asOf };
    // Table N's, and those other features register (the annual access review)
    const items = [...(await this.approvals.deadlines(actor, query)), ...(await this.otherDeadlines.deadlines(actor, query))].sort((a, b) =>
      a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.kind.localeCompare(b.kind),
    );
    if (req.accepts(['application/json', 'text/calendar']) === 'text/calendar') {
      res.type('text/calendar; charset=utf-8').send(
        toICalendar(
          'bhcheck Table N deadlines',
          items.map((d) => ({
            uid: `${d.programApprovalId ?? 'bhcheck'}-${d.kind}-${d.dueOn}@bhcheck`,
            dueOn: d.dueOn,
            summary: d.program ? `${d.program} ${d.kind.replace(/_/g, ' ').toLowerCase()}: ${d.providerName}` : d.kind.replace(/_/g, ' ').toLowerCase(),
            description: `${d.description} (${d.citation})`,
          })),
        ),
      );
      return;
    }
    res.json(items);
  }
}
