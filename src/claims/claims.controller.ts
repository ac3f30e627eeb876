import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import type { Request, Response } from 'express';
import * as fs from 'node:fs';
import { Readable } from 'node:stream';
import { ApiBody, ApiConsumes, ApiExtraModels, ApiOperation, ApiProperty, ApiQuery, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { DomainError } from '../common/domain-error';
import { jsonPieces, runGivingWay } from '../common/steps';
import { parseBooleanQuery, parseDateQuery, parseSfyQuery, UuidParam } from '../common/validation';
import type { ValidationReport } from '../rules/claims';
import { stateFiscalYear, today } from '../rules/dates';
import { CapLedgerView } from './cap-ledger.dto';
import { CommitReportView, RecipientCapsView, ValidationReportView, X12ReportView } from './claim-report.dto';
import { ApiAnswer, ApiAuthenticated, ApiProblems } from '../common/openapi';
import { CSV_CONTENT_TYPE } from '../common/csv';
import { ClaimsCsvService, withClaims, type ReportedClaim } from './claims-csv';
import { ClaimDto } from './claim.dto';
import type { ClaimInput } from '../rules/facts';
import { parseClaimsBodyInSteps } from './claim-input';
import { ClaimsService, type CapsView, type CommitReport } from './claims.service';
import { X12IntakeService, type X12Report } from './x12-intake.service';
import { spoolUpload, X12_CONTENT_TYPES } from './x12-upload';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { Inject } from '@nestjs/common';

const EXPLAIN = {
  name: 'explain',
  required: false,
  description: 'true: each line also lists every rule applied to it (`checks`: ruleId, citation, outcome passed, failed or skipped, and the reason)',
} as const;

/** `Accept: text/csv` asks for the report as CSV (the web page's "Download CSV" sends it); anything else gets JSON. */
function wantsCsv(req: Request): boolean {
  return req.accepts(['application/json', 'text/csv']) === 'text/csv';
}

function csvAttachment(res: Response, name: string): void {
  res.type(CSV_CONTENT_TYPE).setHeader('Content-Disposition', `attachment; filename="${name}-${today()}.csv"`);
}

class ClaimBatchDto {
  @ApiProperty({ type: [ClaimDto] }) claims!: ClaimDto[];
}

const CLAIM_BODY = {
  description: 'one claim, or { "claims": [ ... ] }',
  schema: { oneOf: [{ $ref: getSchemaPath(ClaimDto) }, { $ref: getSchemaPath(ClaimBatchDto) }] },
};

/** The first lines of a claim report as CSV (Accept: text/csv), for the document's example. */
const CSV_EXAMPLE =
  '\uFEFFclaimId,lineId,dateOfService,medicaidId,billingNpi,renderingNpi,renderingName,procedureCode,modifiers,units,minutes,status,code,severity,citation,message,action,claimStatus,service,recorded,segmentIndex,lineNumber\r\n' +
  'PR-2026-0914-01,1,2026-09-14,400223344,1648123457,1305895017,"Grace Kim, LCPC",H0004,HR,4,60,PASS,,,,,,FAIL,THERAPY_COUNSELING,,,\r\n' +
  'PR-2026-0914-01,2,2026-09-14,400223344,1648123457,1344556695,Derek Johnson,S9480,,12,180,FAIL,STAFF_TIER_INSUFFICIENT,error,140.453(d)(2)(B)(i),"Derek Johnson holds MHP on 2026-09-14; ...",,FAIL,INTENSIVE_OUTPATIENT,,,\r\n';

/** The problems of every claims request: an invalid claim, a provider out of the key's scope, too many lines. */
const CLAIM_PROBLEMS = ApiProblems(
  400,
  { status: 403, description: 'The key\'s role may not check claims, or a claim names a provider the key may not act for' },
  413,
);

/** Claims of a report written between two turns of the event loop when it is sent in pieces. */
const CLAIMS_PER_PIECE = 50;

@ApiTags('claims')
@ApiAuthenticated()
@ApiExtraModels(ClaimDto, ClaimBatchDto)
@Controller()
export class ClaimsController {
  constructor(
    private readonly claims: ClaimsService,
    private readonly x12: X12IntakeService,
    private readonly csv: ClaimsCsvService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('claims/validate')
  @HttpCode(200)
  @Roles('BILLING')
  @ApiOperation({ summary: 'Check a claim or a batch line by line against Part 140; changes nothing', description: 'Accept: text/csv gives the report as a spreadsheet: one row per finding, or per line without one.' })
  @ApiBody(CLAIM_BODY)
  @ApiQuery(EXPLAIN)
  @ApiAnswer(200, ValidationReportView, { csv: CSV_EXAMPLE })
  @CLAIM_PROBLEMS
  @Header('Vary', 'Accept')
  async validate(
    @CurrentActor() actor: Actor,
    @Body() body: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Query('explain') explain?: string,
  ): Promise<ValidationReport | StreamableFile | string> {
    const options = { explain: parseBooleanQuery('explain', explain) };
    const { claims } = await runGivingWay(parseClaimsBodyInSteps(body, this.claims.maxLines));
    const report = await this.claims.validate(actor, claims, options);
    return wantsCsv(req) ? this.csvOf(actor, res, 'claims-check', report.claims, claims) : this.jsonOf(report);
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
  @ApiAnswer(200, CommitReportView, { csv: CSV_EXAMPLE, description: 'The report; each claim says whether it was recorded' })
  @CLAIM_PROBLEMS
  @ApiProblems({ status: 409, description: 'A claim cannot be recorded as sent (a REPLACEMENT or VOID with no original, an ORIGINAL reusing a recorded claimId): `errors` names each; nothing was recorded' })
  @Header('Vary', 'Accept')
  async commit(
    @CurrentActor() actor: Actor,
    @Body() body: unknown,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Query('explain') explain?: string,
  ): Promise<CommitReport | StreamableFile | string> {
    const options = { explain: parseBooleanQuery('explain', explain) };
    const { claims } = await runGivingWay(parseClaimsBodyInSteps(body, this.claims.maxLines));
    const report = await this.claims.commit(actor, claims, options);
    return wantsCsv(req) ? this.csvOf(actor, res, 'claims-recorded', report.claims, claims) : this.jsonOf(report);
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
  @ApiAnswer(200, X12ReportView, { csv: CSV_EXAMPLE })
  @ApiProblems(400, 409, { status: 413, description: 'The file is larger than BHCHECK_X12_LIMIT, or asks for explanations of more than BHCHECK_MAX_LINES lines' }, 415, 422)
  @Header('Vary', 'Accept')
  async x12File(
    @CurrentActor() actor: Actor,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Query('commit') commit?: string,
    @Query('envelope') envelope?: string,
    @Query('tokenizer') tokenizer?: string,
    @Query('explain') explain?: string,
  ): Promise<X12Report | string> {
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (!X12_CONTENT_TYPES.includes(type)) {
      throw new DomainError('UNSUPPORTED_MEDIA_TYPE', `send the 837P file as application/edi-x12 or text/plain, not ${JSON.stringify(type || 'nothing')}`);
    }
    if (commit !== undefined && commit !== 'true' && commit !== 'false') throw DomainError.field('commit', 'must be true or false');
    if (envelope !== undefined && envelope !== 'strict' && envelope !== 'lenient') throw DomainError.field('envelope', 'must be strict or lenient');
    if (tokenizer !== undefined && tokenizer !== 'x12-parser' && tokenizer !== 'fast') throw DomainError.field('tokenizer', 'must be x12-parser or fast');
    const explained = parseBooleanQuery('explain', explain);
    const upload = await spoolUpload(req, this.config.x12BodyLimit);
    // as CSV, each claim's rows are made as its report is (the claims read from the file are not kept)
    const writer = wantsCsv(req) ? this.csv.writer(actor) : null;
    const rows: string[] = [];
    try {
      const report = await this.x12.check(actor, () => fs.createReadStream(upload.file), {
        commit: commit === 'true',
        envelope: envelope === 'lenient' ? 'lenient' : 'strict',
        tokenizer: tokenizer === 'fast' ? 'fast' : 'x12-parser',
        explain: explained,
        explainLineLimit: this.config.maxLinesPerRequest,
        onClaim: writer ? async (r, claim) => void rows.push(await writer.add(r, claim)) : undefined,
      });
      if (!writer) return report;
      csvAttachment(res, commit === 'true' ? 'claims-recorded' : 'claims-check');
      return writer.head() + rows.join('') + (await writer.flush());
    } finally {
      upload.cleanup();
    }
  }

  /**
   * The report as JSON. A large one (a 20,000-line report is about 20 MB) is sent some claims at a time,
   * the same text; a small one goes as Nest sends any answer, in one write.
   */
  private jsonOf<R extends ValidationReport | CommitReport>(report: R): R | StreamableFile {
    if (report.claims.length <= CLAIMS_PER_PIECE) return report;
    return new StreamableFile(Readable.from(jsonPieces({ ...report }, CLAIMS_PER_PIECE)), { type: 'application/json; charset=utf-8' });
  }

  private async csvOf(actor: Actor, res: Response, name: string, reports: ReportedClaim[0][], claims: ClaimInput[]): Promise<string> {
    const text = await this.csv.document(actor, withClaims(reports, claims));
    csvAttachment(res, name);
    return text;
  }

  @Get('recipients/:id/caps')
  @Roles('BILLING', 'CLINICAL_DIRECTOR')
  @ApiOperation({ summary: 'Targeted case management (240 h) and TLA (40 h) minutes used and remaining in a State fiscal year, across providers' })
  @ApiQuery({ name: 'sfy', required: false, description: 'e.g. SFY2027 (2026-07-01 to 2027-06-30); default the current one' })
  @ApiQuery({ name: 'asOf', required: false, description: 'the day whose limit applies (a claim line is judged by the limit in force on its date of service); default today, taken into the year' })
  @ApiAnswer(200, RecipientCapsView)
  @ApiProblems(400, 404)
  caps(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string, @Query('sfy') sfy?: string, @Query('asOf') asOf?: string): Promise<CapsView> {
    return this.claims.capsOf(actor, id, parseSfyQuery('sfy', sfy, stateFiscalYear(today())), parseDateQuery('asOf', asOf, today()));
  }

  @Get('recipients/:id/cap-ledger')
  @Roles('BILLING', 'CLINICAL_DIRECTOR')
  @ApiOperation({ summary: "The cap ledger entries that used a recipient's TCM and TLA minutes in a State fiscal year: date, minutes, claim and line" })
  @ApiQuery({ name: 'sfy', required: false, description: 'e.g. SFY2027; default the current one' })
  @ApiAnswer(200, CapLedgerView)
  @ApiProblems(400, 404)
  ledger(@CurrentActor() actor: Actor, @Param('id', new UuidParam()) id: string, @Query('sfy') sfy?: string): Promise<CapLedgerView> {
    return this.claims.ledgerOf(actor, id, parseSfyQuery('sfy', sfy, stateFiscalYear(today())));
  }
}
