import { Controller, Get, Inject } from '@nestjs/common';
import { ApiExtraModels, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAnswer, ApiAuthenticated } from '../common/openapi';
import type { RuleRecord } from '../rules/claims';
import { ClaimDto } from './claim.dto';
import { RULES_CONFIG, type RulesConfig } from './rules-config';
import { RuleView } from './rules.dto';

@ApiTags('rules')
@ApiAuthenticated()
@ApiExtraModels(ClaimDto)
@Controller()
export class RulesController {
  constructor(@Inject(RULES_CONFIG) private readonly rules: RulesConfig) {}

  @Get('rules')
  @ApiOperation({
    summary: 'Every rule the claim checks apply: the engine\'s own and the service catalogue\'s, caps and procedure codes alike',
    description: 'Each with its citations, the finding codes it raises, what clears them and who can do it, and a passing and a failing example claim. Any role.',
  })
  @ApiAnswer(200, [RuleView])
  list(): readonly RuleRecord[] {
    return this.rules.rules.records;
  }
}
