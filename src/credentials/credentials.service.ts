import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { assertProviderInScope, providerScope, type Actor } from '../auth/actor';
import { DomainError } from '../common/domain-error';
import { ProviderEntity } from '../database/entities';
import { evaluateCredential, rosterExpirations, type CredentialResult, type RosterEntry } from '../rules/credentials';
import type { DateOnly } from '../rules/dates';
import { staffInScope, StaffService } from '../staff/staff.service';

export interface ProviderRoster {
  providerId: string;
  asOf: DateOnly;
  expiringWithinDays: number;
  staff: RosterEntry[];
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
    return evaluateCredential(person, asOf, { staffById: staffInScope(providerScope(actor), facts) });
  }

  async roster(actor: Actor, providerId: string, asOf: DateOnly, withinDays: number): Promise<ProviderRoster> {
    if (!(await this.dataSource.manager.exists(ProviderEntity, { where: { id: providerId } }))) throw DomainError.notFound('provider', providerId);
    assertProviderInScope(actor, providerId);
    const facts = await this.staff.factsOfProvider(this.dataSource.manager, providerId);
    const own = [...facts.values()].filter((s) => s.providerId === providerId).sort((a, b) => a.name.localeCompare(b.name));
    return { providerId, asOf, expiringWithinDays: withinDays, staff: rosterExpirations(own, asOf, withinDays, { staffById: staffInScope(providerScope(actor), facts) }) };
  }
}
