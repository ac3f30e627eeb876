/**
 * Who at a provider could render a service on a date: the provider's roster, loaded as a claim check
 * loads it, run through the claim engine's own staff rules (src/rules/claims/eligible-staff.ts).
 */
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { assertProviderInScope, providerScope, type Actor } from '../auth/actor';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { eligibleStaff, type EligibleStaffAnswer } from '../rules/claims';
import { ClaimContextLoader } from './claim-context.loader';
import type { EligibleStaffQuery } from './eligible-staff.dto';
import { RULES_CONFIG, type RulesConfig } from './rules-config';

@Injectable()
export class EligibleStaffService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RULES_CONFIG) private readonly rules: RulesConfig,
    private readonly loader: ClaimContextLoader,
    private readonly clock: Clock,
  ) {}

  async eligibleStaff(actor: Actor, providerId: string, q: EligibleStaffQuery): Promise<EligibleStaffAnswer> {
    const date = q.date ?? this.clock.today();
    const rule = this.rules.catalog.ruleFor(q.service, date);
    if (!rule) throw DomainError.field('date', `no record of the service catalogue for ${q.service} is in force on ${date}`);
    const found = await this.loader.providerContext(this.dataSource.manager, providerId, providerScope(actor), (p) => assertProviderInScope(actor, p.id));
    if (!found) throw DomainError.notFound('provider', providerId);
    return eligibleStaff({ provider: found.provider, rule, date, modality: q.modality, contact: q.contact }, found.roster, found.ctx);
  }
}
