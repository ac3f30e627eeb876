import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiAnswer, ApiAuthenticated, ApiProblems } from '../common/openapi';
import { CredentialView, ProviderRosterView } from './credential.dto';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { DomainError } from '../common/domain-error';
import { parseDateQuery, UuidParam } from '../common/validation';
import { today } from '../rules/dates';
import type { CredentialResult } from '../rules/credentials';
import { CredentialsService, type ProviderRoster } from './credentials.service';

@ApiTags('credentials')
@ApiAuthenticated()
@ApiProblems(400, 404)
@Controller()
export class CredentialsController {
  constructor(private readonly credentials: CredentialsService) {}

  @Get('staff/:id/credential')
  @Roles('BILLING', 'CLINICAL_DIRECTOR', 'REVIEWER')
  @ApiOperation({ summary: 'Which tiers (LPHA, QMHP, MHP, RSA) the person holds on a date, by which route of 140.453(b), and why' })
  @ApiQuery({ name: 'asOf', required: false, description: 'YYYY-MM-DD; default today (UTC)' })
  @ApiAnswer(200, CredentialView)
  credential(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string, @Query('asOf') asOf?: string): Promise<CredentialResult> {
    return this.credentials.credentialOf(actor, id, parseDateQuery('asOf', asOf, today()));
  }

  @Get('providers/:id/credentials')
  @Roles('BILLING', 'CLINICAL_DIRECTOR', 'REVIEWER')
  @ApiOperation({ summary: "A provider's roster: each person's tier and the credentials that lapse within N days, with the tier they would drop to" })
  @ApiQuery({ name: 'asOf', required: false, description: 'YYYY-MM-DD; default today (UTC)' })
  @ApiQuery({ name: 'expiringWithinDays', required: false, description: 'default 90' })
  @ApiAnswer(200, ProviderRosterView)
  roster(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidParam()) id: string,
    @Query('asOf') asOf?: string,
    @Query('expiringWithinDays') within?: string,
  ): Promise<ProviderRoster> {
    let days = 90;
    if (within !== undefined) {
      if (!/^\d{1,4}$/.test(within)) throw DomainError.field('expiringWithinDays', 'must be a whole number of days from 0 to 9999');
      days = Number(within);
    }
    return this.credentials.roster(actor, id, parseDateQuery('asOf', asOf, today()), days);
  }
}
