/** The rule catalogue as GET /rules answers it (src/rules/claims/catalogue.ts), described for the OpenAPI document. */
import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { FINDING_CODES, RULE_GROUPS } from '../rules/claims';
import { SERVICES } from '../rules/vocabulary';
import { ClaimDto } from './claim.dto';

export class RuleAppliesToView {
  @ApiProperty({ enum: ['claim', 'line'], description: "a claim's rule is applied once per claim and shown in the checks of each of its lines" }) level!: 'claim' | 'line';
  @ApiProperty({ enum: SERVICES, isArray: true, description: 'the services it applies to (all fifteen: every service)' }) services!: string[];
  @ApiProperty({ type: String, nullable: true, description: 'a further condition, in words (null: always)' }) when!: string | null;
}

export class RuleExampleView {
  @ApiProperty({ description: 'what it shows' }) description!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "what the example changes in the example registry (a CMHC, an LPHA employed there, an adult with a current assessment and plan; see docs/rules.md): provider, staff, tier, otherStaff, recipient, programApprovals, capMinutesUsed, recordedClaims...",
  })
  registry!: Record<string, unknown>;
  @ApiProperty({ allOf: [{ $ref: getSchemaPath(ClaimDto) }], description: 'the claim, as sent to POST /claims/validate against the example registry' }) claim!: object;
  @ApiPropertyOptional({ enum: FINDING_CODES, description: 'the finding a failing example raises' }) findingCode?: string;
}

export class RuleExamplesView {
  @ApiProperty({ type: RuleExampleView }) pass!: RuleExampleView;
  @ApiProperty({ type: RuleExampleView, nullable: true, description: 'null when no claim can fail the rule as its record stands' }) fail!: RuleExampleView | null;
  @ApiPropertyOptional({ description: 'why no claim can fail it (every contact allowed...)' }) cannotFail?: string;
}

export class RuleView {
  @ApiProperty({ example: 'SVC-INTENSIVE_OUTPATIENT-v1#tiers', description: 'stable: a changed rule is a new record (-v2) with its own effectiveFrom' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: ['engine', 'service-catalog', 'procedure-codes'], description: "where it is written: the engine's code, or a record of config/" }) source!: string;
  @ApiProperty({ enum: RULE_GROUPS, description: 'intake, who may bill (provider), who may render (staff), how (service), to whom (recipient), caps, recording' }) group!: string;
  @ApiProperty({ type: [String], example: ['140.453(d)(2)(B)(i)'] }) citations!: string[];
  @ApiProperty({ enum: FINDING_CODES, isArray: true }) findingCodes!: string[];
  @ApiProperty({ enum: ['error', 'warning', 'error or warning'] }) severity!: string;
  @ApiProperty({ type: RuleAppliesToView }) appliesTo!: RuleAppliesToView;
  @ApiProperty({ example: '2018-07-01' }) effectiveFrom!: string;
  @ApiProperty({ type: String, nullable: true }) effectiveTo!: string | null;
  @ApiProperty({ description: 'what clears its findings and which role can do it (billing, clinical director, reviewer, administrator)' }) action!: string;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, description: 'when its finding codes are cleared differently: the action of each' })
  actions?: Record<string, string>;
  @ApiProperty({ type: RuleExamplesView }) examples!: RuleExamplesView;
}
