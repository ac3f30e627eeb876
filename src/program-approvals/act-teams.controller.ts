import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiAnswer, ApiAuthenticated, ApiProblems } from '../common/openapi';
import { ActTeamView as ActTeamDoc, ReadinessView } from './program-approval-view.dto';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { Clock } from '../common/clock';
import { parseDateQuery, UuidParam } from '../common/validation';
import { ActTeamsService, type ActTeamView } from './act-teams.service';
import { ReadinessEvidenceDto, StaffingDto } from './program-approval.dto';

@ApiTags('program approvals')
@ApiAuthenticated()
@ApiProblems(400, 404)
@Controller('providers/:providerId/act-team')
export class ActTeamsController {
  constructor(
    private readonly teams: ActTeamsService,
    private readonly clock: Clock,
  ) {}

  @Get()
  @Roles('REVIEWER', 'CLINICAL_DIRECTOR')
  @ApiOperation({ summary: "The provider's Assertive Community Treatment team: roster, census and documented practices" })
  @ApiAnswer(200, ActTeamDoc)
  get(@CurrentActor() actor: Actor, @Param('providerId', new UuidParam('providerId')) providerId: string): Promise<ActTeamView> {
    return this.teams.get(actor, providerId);
  }

  @Put()
  @Roles('CLINICAL_DIRECTOR', 'REVIEWER')
  @ApiOperation({ summary: "Record the ACT team's roster (roles, FTE) and census, for readiness" })
  @ApiAnswer(200, ActTeamDoc)
  @ApiProblems(413)
  staffing(@CurrentActor() actor: Actor, @Param('providerId', new UuidParam('providerId')) providerId: string, @Body() dto: StaffingDto): Promise<ActTeamView> {
    return this.teams.setStaffing(actor, providerId, dto);
  }

  @Post('evidence')
  @Roles('CLINICAL_DIRECTOR', 'REVIEWER')
  @ApiOperation({ summary: 'Record dated documentation of a practice criterion (ACT_AVAILABLE_24_7); it counts for 12 months' })
  @ApiAnswer(201, ActTeamDoc)
  @ApiProblems(413)
  evidence(@CurrentActor() actor: Actor, @Param('providerId', new UuidParam('providerId')) providerId: string, @Body() dto: ReadinessEvidenceDto): Promise<ActTeamView> {
    return this.teams.addEvidence(actor, providerId, dto);
  }

  @Get('readiness')
  @Roles('REVIEWER', 'CLINICAL_DIRECTOR')
  @ApiOperation({ summary: 'ACT readiness (140.453(d)(4)(A)): each criterion MET, NOT_MET or NOT_RECORDED with its citation, like CST, IO and PSR' })
  @ApiQuery({ name: 'asOf', required: false })
  @ApiAnswer(200, ReadinessView)
  readiness(@CurrentActor() actor: Actor, @Param('providerId', new UuidParam('providerId')) providerId: string, @Query('asOf') asOf?: string) {
    return this.teams.readiness(actor, providerId, parseDateQuery('asOf', asOf, this.clock.today()));
  }
}
