import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiAnswer, ApiAuthenticated, ApiProblems } from '../common/openapi';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { Clock } from '../common/clock';
import { parseDateQuery, UuidParam } from '../common/validation';
import { BackgroundCheckListView, EnrollmentCheckView, EvidenceHistoryQuery, EvidenceView, RecordedEvidenceView, RecordEvidenceDto } from './enrollment.dto';
import { ENROLLMENT_ROLES, EnrollmentService } from './enrollment.service';

@ApiTags('enrollment')
@ApiAuthenticated()
@ApiProblems(400, 404)
@Controller('providers/:id')
export class EnrollmentController {
  constructor(
    private readonly enrollment: EnrollmentService,
    private readonly clock: Clock,
  ) {}

  @Get('enrollment-check')
  @Roles(...ENROLLMENT_ROLES)
  @ApiOperation({
    summary:
      "Whether the provider qualifies on a date: every criterion for its type (a BHC: 140.499 and every item of Table O; a CMHC: its 59 Ill. Adm. Code 132 certification; an IP: 140.452(a)(3)), each MET, NOT_MET, NOT_RECORDED or EXPIRING, with its citation, what it rests on and when it falls due",
  })
  @ApiQuery({ name: 'asOf', required: false, description: 'YYYY-MM-DD; default today (UTC)' })
  @ApiAnswer(200, EnrollmentCheckView)
  check(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string, @Query('asOf') asOf?: string): Promise<EnrollmentCheckView> {
    return this.enrollment.check(actor, id, parseDateQuery('asOf', asOf, this.clock.today()));
  }

  @Post('evidence')
  @Roles(...ENROLLMENT_ROLES)
  @ApiOperation({ summary: 'Record dated evidence of an enrollment criterion: a new version, never overwriting the earlier ones (audited); the same evidence again is recognised and not recorded twice' })
  @ApiAnswer(201, RecordedEvidenceView)
  @ApiProblems(413)
  record(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string, @Body() dto: RecordEvidenceDto): Promise<RecordedEvidenceView> {
    return this.enrollment.record(actor, id, dto);
  }

  @Get('evidence')
  @Roles(...ENROLLMENT_ROLES)
  @ApiOperation({ summary: "The provider's evidence history, every version, newest first (one criterion with criterionId)" })
  @ApiAnswer(200, [EvidenceView])
  history(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string, @Query() q: EvidenceHistoryQuery): Promise<EvidenceView[]> {
    return this.enrollment.history(actor, id, q.criterionId);
  }

  @Get('background-checks')
  @Roles(...ENROLLMENT_ROLES)
  @ApiOperation({ summary: 'Table O(c)(3) person by person: the latest Health Care Worker Registry, fingerprint and HFS OIG sanctions check of everyone employed on the date, and who is excluded' })
  @ApiQuery({ name: 'asOf', required: false, description: 'YYYY-MM-DD; default today (UTC)' })
  @ApiAnswer(200, BackgroundCheckListView)
  backgroundChecks(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string, @Query('asOf') asOf?: string): Promise<BackgroundCheckListView> {
    return this.enrollment.backgroundChecks(actor, id, parseDateQuery('asOf', asOf, this.clock.today()));
  }
}
