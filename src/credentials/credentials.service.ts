import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { assertProviderInScope, providerScope, type Actor } from '../auth/actor';
import { DomainError } from '../common/domain-error';
import { ProviderEntity } from '../database/entities';
import { toProviderFacts } from '../providers/providers.service';
import { evaluateCredential, ipPractitionerCheck, ipStaffWarnings, rosterExpirations, type CredentialResult, type RosterEntry } from '../rules/credentials';
import type { DateOnly } from '../rules/dates';
import { backgroundCheckWarnings } from '../rules/enrollment';
import { staffInScope, StaffService } from '../staff/staff.service';

export interface ProviderRoster {
  providerId: string;
  asOf: DateOnly;
  expiringWithinDays: number;
  staff: RosterEntry[];
  /**
   * about the provider as a whole: for an IP, who its practitioner is (140.452(a)(3), 140.453(b)(2)); for a
   * BHC, whose background checks are missing (Table O(c)(3)); for any provider, who is excluded by a finding
   */
  warnings: string[];
}

@Injectable()
export class CredentialsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly staff: StaffService,
  ) {}

  async credentialOf(actor: Actor, staffId: string, asOf: DateOnly): Promise<CredentialResult> {
    const facts = await this.staff.factsWithReferences(this.dataSource.manager, [staffId]);
    const person = facts.get(staffId);
    if (!person) throw DomainError.notFound('staff member', staffId);
    assertProviderInScope(actor, person.providerId);
    const result = evaluateCredential(person, asOf, { staffById: staffInScope(providerScope(actor), facts) });
    const provider = await this.dataSource.manager.findOneBy(ProviderEntity, { id: person.providerId });
    if (provider?.type === 'IP') {
      // the tiers are the person's own; whether they may bill or approve as the IP depends on the provider
      const ip = ipPractitionerCheck(toProviderFacts(provider), person, asOf);
      if (!ip.isPractitioner) result.warnings.push(`${ip.reason}: lines rendered here fail NOT_INDEPENDENT_PRACTITIONER, and approvals count only as an LPHA's (140.453(b)(2)).`);
    }
    return result;
  }

  async roster(actor: Actor, providerId: string, asOf: DateOnly, withinDays: number): Promise<ProviderRoster> {
    const provider = await this.dataSource.manager.findOneBy(ProviderEntity, { id: providerId });
    if (!provider) throw DomainError.notFound('provider', providerId);
    assertProviderInScope(actor, providerId);
    const facts = await this.staff.factsOfProvider(this.dataSource.manager, providerId);
    const own = [...facts.values()].filter((s) => s.providerId === providerId).sort((a, b) => a.name.localeCompare(b.name));
    return {
      providerId,
      asOf,
      expiringWithinDays: withinDays,
      staff: rosterExpirations(own, asOf, withinDays, { staffById: staffInScope(providerScope(actor), facts) }),
      warnings: [...ipStaffWarnings(toProviderFacts(provider), own, asOf), ...backgroundCheckWarnings(provider, own, asOf)],
    };
  }
}
