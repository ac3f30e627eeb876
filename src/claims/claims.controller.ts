import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiProperty, ApiPropertyOptional, ApiQuery, ApiTags, getSchemaPath, ApiExtraModels } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min, ValidateIf } from 'class-validator';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { DomainError } from '../common/domain-error';
import { IsDateOnly, UuidParam } from '../common/validation';
import type { ValidationReport } from '../rules/claims';
import { stateFiscalYear, today } from '../rules/dates';
import { ClaimDto } from './claim.dto';
import { parseClaimsBody } from './claim-input';
import { ClaimsService, type CapsView, type CommitReport } from './claims.service';

const TCM_SERVICES = ['CLIENT_CENTERED_CONSULTATION', 'MENTAL_HEALTH_CASE_MANAGEMENT', 'TRANSITION_LINKAGE_AFTERCARE'] as const;

export class UsageDto {
  @ApiProperty({ example: '2026-09-14' }) @IsDateOnly() dateOfService!: string;
  @ApiProperty({ enum: TCM_SERVICES }) @IsIn(TCM_SERVICES) service!: (typeof TCM_SERVICES)[number];
  @ApiProperty({ example: 60, description: 'whole minutes' }) @IsInt() @Min(1) @Max(14400) minutes!: number;
  @ApiPropertyOptional({ nullable: true, type: String, description: "the other provider's claim or a reference" })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @Length(1, 200)
  externalReference?: string | null;
  @ApiPropertyOptional({ nullable: true, type: String }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @Length(0, 2000) note?: string | null;
}

class ClaimBatchDto {
  @ApiProperty({ type: [ClaimDto] }) claims!: ClaimDto[];
}

const CLAIM_BODY = {
  description: 'one claim, or { "claims": [ ... ] }',
  schema: { oneOf: [{ $ref: getSchemaPath(ClaimDto) }, { $ref: getSchemaPath(ClaimBatchDto) }] },
};

@ApiTags('claims')
@ApiBearerAuth()
@ApiExtraModels(ClaimDto, ClaimBatchDto)
@Controller()
export class ClaimsController {
  constructor(private readonly claims: ClaimsService) {}

  @Post('claims/validate')
  @HttpCode(200)
  @Roles('BILLING')
  @ApiOperation({ summary: 'Check a claim or a batch line by line against Part 140; changes nothing' })
  @ApiBody(CLAIM_BODY)
  validate(@CurrentActor() actor: Actor, @Body() body: unknown): Promise<ValidationReport> {
    return this.claims.validate(actor, parseClaimsBody(body, this.claims.maxLines).claims);
  }

  @Post('claims')
  @HttpCode(200)
  @Roles('BILLING')
  @ApiOperation({
    summary: 'Check, and record the case-management minutes of every claim without errors in the cap ledger',
    description: 'Idempotent per (provider, claimId): the same claim again changes nothing and gives the same report. REPLACEMENT replaces what the original recorded; VOID releases it; both are refused (409) with no original.',
  })
  @ApiBody(CLAIM_BODY)
  commit(@CurrentActor() actor: Actor, @Body() body: unknown): Promise<CommitReport> {
    return this.claims.commit(actor, parseClaimsBody(body, this.claims.maxLines).claims);
  }

  @Get('recipients/:id/caps')
  @Roles('BILLING', 'CLINICAL_DIRECTOR')
  @ApiOperation({ summary: 'Targeted case management (240 h) and TLA (40 h) minutes used and remaining in a State fiscal year, across providers' })
  @ApiQuery({ name: 'sfy', required: false, description: 'e.g. SFY2027 (2026-07-01 to 2027-06-30); default the current one' })
  caps(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string, @Query('sfy') sfy?: string): Promise<CapsView> {
    const year = sfy ?? stateFiscalYear(today());
    if (!/^SFY\d{4}$/.test(year)) throw DomainError.field('sfy', `must look like SFY2027, got ${JSON.stringify(sfy)}`);
    return this.claims.capsOf(actor, id, year);
  }

  @Post('recipients/:id/usage')
  @HttpCode(201)
  @Roles('BILLING')
  @ApiOperation({ summary: "Record case-management minutes billed outside this system (another provider's claims)" })
  usage(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string, @Body() dto: UsageDto) {
    return this.claims.recordUsage(actor, id, dto);
  }
}
