import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { ApiAnswer, ApiAuthenticated, ApiProblems } from '../common/openapi';
import { UuidParam } from '../common/validation';
import type { EligibleStaffAnswer } from '../rules/claims';
import { EligibleStaffQuery, EligibleStaffView } from './eligible-staff.dto';
import { EligibleStaffService } from './eligible-staff.service';

@ApiTags('providers')
@ApiAuthenticated()
@Controller('providers')
export class EligibleStaffController {
  constructor(private readonly eligible: EligibleStaffService) {}

  @Get(':id/eligible-staff')
  @Roles('BILLING', 'CLINICAL_DIRECTOR', 'REVIEWER')
  @ApiOperation({
    summary: "Who on the provider's roster could render a service on a date: each person run through every staff rule a claim line meets, with the basis or the findings, and whether the service can be billed there at all",
  })
  @ApiAnswer(200, EligibleStaffView)
  @ApiProblems(400, 404)
  eligibleStaff(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string, @Query() q: EligibleStaffQuery): Promise<EligibleStaffAnswer> {
    return this.eligible.eligibleStaff(actor, id, q);
  }
}
