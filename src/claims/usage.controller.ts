import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { parseSfyQuery, UuidParam } from '../common/validation';
import { ExternalUsageService, type UsageAnswer, type UsageEntryView } from './external-usage.service';
import { UsageCorrectionDto, UsageDto, UsageVoidDto } from './usage.dto';

@ApiTags('claims')
@ApiBearerAuth()
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
  record(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string, @Body() dto: UsageDto): Promise<UsageAnswer> {
    return this.usage.record(actor, id, dto);
  }

  @Get()
  @Roles('BILLING', 'CLINICAL_DIRECTOR')
  @ApiOperation({ summary: "The recipient's outside usage entries recorded by this key's providers, each with its history" })
  @ApiQuery({ name: 'sfy', required: false, description: 'only entries dated in this State fiscal year, e.g. SFY2027' })
  list(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string, @Query('sfy') sfy?: string): Promise<UsageEntryView[]> {
    return this.usage.list(actor, id, sfy === undefined ? undefined : parseSfyQuery('sfy', sfy, ''));
  }

  @Patch(':usageId')
  @Roles('BILLING')
  @ApiOperation({ summary: 'Correct an outside usage entry (a new version; the minutes of the previous one are released, never deleted)' })
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
  void(
    @CurrentActor() actor: Actor,
    @Param('id', new UuidParam()) id: string,
    @Param('usageId', new UuidParam('usageId')) usageId: string,
    @Body() dto: UsageVoidDto,
  ): Promise<UsageAnswer> {
    return this.usage.void(actor, id, usageId, dto.reason);
  }
}
