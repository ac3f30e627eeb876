import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import type { Request } from 'express';
import * as fs from 'node:fs';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProperty, ApiQuery, ApiTags, getSchemaPath, ApiExtraModels } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { DomainError } from '../common/domain-error';
import { parseBooleanQuery, parseDateQuery, parseSfyQuery, UuidParam } from '../common/validation';
import type { ValidationReport } from '../rules/claims';
import { stateFiscalYear, today } from '../rules/dates';

const EXPLAIN = {
  name: 'explain',
  required: false,
  description: 'true: each line also lists every rule applied to it (`checks`: ruleId, citation, outcome passed, failed or skipped, and the reason)',
} as const;
import { CapLedgerView } from './cap-ledger.dto';
import { ClaimDto } from './claim.dto';
import { parseClaimsBody } from './claim-input';
import { ClaimsService, type CapsView, type CommitReport } from './claims.service';
import { X12IntakeService, type X12Report } from './x12-intake.service';
import { spoolUpload, X12_CONTENT_TYPES } from './x12-upload';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { Inject } from '@nestjs/common';

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
  constructor(
    private readonly claims: ClaimsService,
    private readonly x12: X12IntakeService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('claims/validate')
  @HttpCode(200)
  @Roles('BILLING')
  @ApiOperation({ summary: 'Check a claim or a batch line by line against Part 140; changes nothing' })
  @ApiBody(CLAIM_BODY)
  @ApiQuery(EXPLAIN)
  validate(@CurrentActor() actor: Actor, @Body() body: unknown, @Query('explain') explain?: string): Promise<ValidationReport> {
    const options = { explain: parseBooleanQuery('explain', explain) };
    return this.claims.validate(actor, parseClaimsBody(body, this.claims.maxLines).claims, options);
  }

  @Post('claims')
  @HttpCode(200)
  @Roles('BILLING')
  @ApiOperation({
    summary: 'Check, and record the case-management minutes of every claim without errors in the cap ledger',
    description: 'Idempotent per (provider, claimId): the same claim again changes nothing and gives the same report. REPLACEMENT replaces what the original recorded; VOID releases it; both are refused (409) with no original.',
  })
  @ApiBody(CLAIM_BODY)
  @ApiQuery(EXPLAIN)
  commit(@CurrentActor() actor: Actor, @Body() body: unknown, @Query('explain') explain?: string): Promise<CommitReport> {
    const options = { explain: parseBooleanQuery('explain', explain) };
    return this.claims.commit(actor, parseClaimsBody(body, this.claims.maxLines).claims, options);
  }

  @Post('claims/x12')
  @HttpCode(200)
  @Roles('BILLING')
  @ApiConsumes('application/edi-x12', 'text/plain')
  @ApiBody({ description: 'an X12 837P (005010X222A1) file', schema: { type: 'string' } })
  @ApiOperation({
    summary: 'Check an X12 837P file the way it will be sent; ?commit=true records as POST /claims does',
    description:
      'Same report as the JSON path, each claim and line located in the file ({ transactionControlNumber, claimId, lineNumber, segmentIndex }). ' +
      'A file that is not a well-formed 837P is refused (422) with the segment number and identifier where it went wrong. ' +
      'envelope=lenient accepts wrong SE/GE/IEA counts, listing them as warnings; tokenizer=fast uses the reader\'s own splitter.',
  })
  @ApiQuery({ name: 'commit', required: false, description: 'true: record (the whole file is read and checked first)' })
  @ApiQuery({ name: 'envelope', required: false, enum: ['strict', 'lenient'] })
  @ApiQuery({ name: 'tokenizer', required: false, enum: ['x12-parser', 'fast'] })
  @ApiQuery(EXPLAIN)
  async x12File(
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Query('commit') commit?: string,
    @Query('envelope') envelope?: string,
    @Query('tokenizer') tokenizer?: string,
    @Query('explain') explain?: string,
  ): Promise<X12Report> {
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (!X12_CONTENT_TYPES.includes(type)) {
      throw new DomainError('UNSUPPORTED_MEDIA_TYPE', `send the 837P file as application/edi-x12 or text/plain, not ${JSON.stringify(type || 'nothing')}`);
    }
    if (commit !== undefined && commit !== 'true' && commit !== 'false') throw DomainError.field('commit', 'must be true or false');
    if (envelope !== undefined && envelope !== 'strict' && envelope !== 'lenient') throw DomainError.field('envelope', 'must be strict or lenient');
    if (tokenizer !== undefined && tokenizer !== 'x12-parser' && tokenizer !== 'fast') throw DomainError.field('tokenizer', 'must be x12-parser or fast');
    const explained = parseBooleanQuery('explain', explain);
    const upload = await spoolUpload(req, this.config.x12BodyLimit);
    try {
      return await this.x12.check(actor, () => fs.createReadStream(upload.file), {
        commit: commit === 'true',
        envelope: envelope === 'lenient' ? 'lenient' : 'strict',
        tokenizer: tokenizer === 'fast' ? 'fast' : 'x12-parser',
        explain: explained,
        explainLineLimit: this.config.maxLinesPerRequest,
      });
    } finally {
      upload.cleanup();
    }
  }

  @Get('recipients/:id/caps')
  @Roles('BILLING', 'CLINICAL_DIRECTOR')
  @ApiOperation({ summary: 'Targeted case management (240 h) and TLA (40 h) minutes used and remaining in a State fiscal year, across providers' })
  @ApiQuery({ name: 'sfy', required: false, description: 'e.g. SFY2027 (2026-07-01 to 2027-06-30); default the current one' })
  @ApiQuery({ name: 'asOf', required: false, description: 'the day whose limit applies (a claim line is judged by the limit in force on its date of service); default today, taken into the year' })
  caps(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string, @Query('sfy') sfy?: string, @Query('asOf') asOf?: string): Promise<CapsView> {
    return this.claims.capsOf(actor, id, parseSfyQuery('sfy', sfy, stateFiscalYear(today())), parseDateQuery('asOf', asOf, today()));
  }

  @Get('recipients/:id/cap-ledger')
  @Roles('BILLING', 'CLINICAL_DIRECTOR')
  @ApiOperation({ summary: "The cap ledger entries that used a recipient's TCM and TLA minutes in a State fiscal year: date, minutes, claim and line" })
  @ApiQuery({ name: 'sfy', required: false, description: 'e.g. SFY2027; default the current one' })
  @ApiOkResponse({ type: CapLedgerView })
  ledger(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string, @Query('sfy') sfy?: string): Promise<CapLedgerView> {
    return this.claims.ledgerOf(actor, id, parseSfyQuery('sfy', sfy, stateFiscalYear(today())));
  }
}
