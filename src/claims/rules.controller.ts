import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { RuleRecord } from '../rules/claims';
import { ClaimDto } from './claim.dto';
import { RULES_CONFIG, type RulesConfig } from './rules-config';
import { RuleView } from './rules.dto';

@ApiTags('rules')
@ApiBearerAuth()
@ApiExtraModels(ClaimDto)
@Controller()
export class RulesController {
  constructor(@Inject(RULES_CONFIG) private readonly rules: RulesConfig) {}

  @Get('rules')
  @ApiOperation({
    summary: 'Every rule the claim checks apply: the engine\'s own and the service catalogue\'s, caps and procedure codes alike',
    description: 'Each with its citations, the finding codes it raises, what clears them and who can do it, and a passing and a failing example claim. Any role.',
  })
  @ApiOkResponse({ type: [RuleView] })
  list(): readonly RuleRecord[] {
    return this.rules.rules.records;
  }
}
