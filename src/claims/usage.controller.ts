import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiAnswer, ApiAuthenticated, ApiProblems } from '../common/openapi';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { parseSfyQuery, UuidParam } from '../common/validation';
import { ExternalUsageService, type UsageAnswer, type UsageEntryView as UsageEntry } from './external-usage.service';
import { UsageCorrectionDto, UsageDto, UsageVoidDto } from './usage.dto';
import { UsageAnswerView, UsageEntryView } from './usage-view.dto';

@ApiTags('claims')
@ApiAuthenticated()
@ApiProblems(400, 404)
@Controller('recipients/:id/usage')
export class UsageController {
  constructor(private readonly usage: ExternalUsageService) {}

  @Post()
  @HttpCode(201)
  @Roles('BILLING')
  @ApiOperation({
    summary: "Record case-management minutes billed outside this system (another provider's claims)",
    description:
      'Idempotent per (provider, externalReference): the same request again changes nothing and answers the same ("repeat": true); ' +
      'other content under the same reference is refused (409): correct or void the entry instead. An entry that takes the year past a cap ' +
      'is recorded all the same and listed in capsExceeded.',
  })
  @ApiAnswer(201, UsageAnswerView)
  @ApiProblems(413, { status: 409, description: 'Other content under the same externalReference: correct or void that entry instead' })
  record(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string, @Body() dto: UsageDto): Promise<UsageAnswer> {
    return this.usage.record(actor, id, dto);
  }

  @Get()
  @Roles('BILLING', 'CLINICAL_DIRECTOR')
  @ApiOperation({ summary: "The recipient's outside usage entries recorded by this key's providers, each with its history" })
  @ApiQuery({ name: 'sfy', required: false, description: 'only entries dated in this State fiscal year, e.g. SFY2027' })
  @ApiAnswer(200, [UsageEntryView])
  list(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string, @Query('sfy') sfy?: string): Promise<UsageEntry[]> {
    return this.usage.list(actor, id, sfy === undefined ? undefined : parseSfyQuery('sfy', sfy, ''));
  }

  @Patch(':usageId')
  @Roles('BILLING')
  @ApiOperation({ summary: 'Correct an outside usage entry (a new version; the minutes of the previous one are released, never deleted)' })
  @ApiAnswer(200, UsageAnswerView)
  @ApiProblems(413, { status: 409, description: 'The entry was voided: a voided entry cannot be corrected' })
  correct(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidParam()) id: string,
    @Param('usageId', new UuidParam('usageId')) usageId: string,
    @Body() dto: UsageCorrectionDto,
  ): Promise<UsageAnswer> {
    return this.usage.correct(actor, id, usageId, dto);
  }

  @Post(':usageId/void')
  @HttpCode(200)
  @Roles('BILLING')
  @ApiOperation({ summary: 'Void an outside usage entry: its minutes are released (kept, with who and why)' })
  @ApiAnswer(200, UsageAnswerView, { description: 'Voided (voiding a voided entry again changes nothing: repeat is true)' })
  @ApiProblems(413)
  void(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidParam()) id: string,
    @Param('usageId', new UuidParam('usageId')) usageId: string,
    @Body() dto: UsageVoidDto,
  ): Promise<UsageAnswer> {
    return this.usage.void(actor, id, usageId, dto.reason);
  }
}
