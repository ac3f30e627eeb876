/**
 * A provider's Assertive Community Treatment team (140.453(d)(4)(A)): its roster, census and
 * documented practices, and its readiness in the same shape as CST, IO and PSR.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { assertProviderInScope, type Actor } from '../auth/actor';
import { Clock } from '../common/clock';
import { DomainError } from '../common/domain-error';
import { ActTeamEntity, ProviderEntity } from '../database/entities';
import type { DateOnly } from '../rules/dates';
import type { ReadinessResult } from '../rules/program-approval';
import type { ReadinessEvidenceDto, StaffingDto } from './program-approval.dto';
import { ReadinessService } from './readiness.service';

export interface ActTeamView {
  providerId: string;
  providerName: string;
  staffing: ActTeamEntity['staffing'];
  census: ActTeamEntity['census'];
  evidence: ActTeamEntity['evidence'];
  updatedAt: string | null;
}

@Injectable()
export class ActTeamsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly readinessOf: ReadinessService,
    private readonly clock: Clock,
  ) {}

  async get(actor: Actor, providerId: string): Promise<ActTeamView> {
    const em = this.dataSource.manager;
    const provider = await this.provider(em, actor, providerId);
    return this.view(provider, await em.findOneBy(ActTeamEntity, { providerId }));
  }

  async setStaffing(actor: Actor, providerId: string, dto: StaffingDto): Promise<ActTeamView> {
    return this.dataSource.transaction(async (em) => {
      const provider = await this.provider(em, actor, providerId);
      await this.readinessOf.checkStaffing(em, providerId, dto);
      const row = await this.locked(em, providerId);
      const before = row ? { staffing: row.staffing, census: row.census } : null;
      const saved = await em.save(row ? Object.assign(row, { staffing: dto.members, census: dto.census }) : em.create(ActTeamEntity, { providerId, staffing: dto.members, census: dto.census, evidence: [] }));
      await this.audit.record(em, actor, row ? 'UPDATE' : 'CREATE', 'act_team', saved.id, before, { staffing: saved.staffing, census: saved.census });
      return this.view(provider, saved);
    });
  }

  async addEvidence(actor: Actor, providerId: string, dto: ReadinessEvidenceDto): Promise<ActTeamView> {
    return this.dataSource.transaction(async (em) => {
      const provider = await this.provider(em, actor, providerId);
      const record = this.readinessOf.evidenceRecord(actor, 'ACT', dto, this.clock.today(), this.clock.now());
      const row = (await this.locked(em, providerId)) ?? em.create(ActTeamEntity, { providerId, staffing: null, census: null, evidence: [] });
      row.evidence = [...row.evidence, record];
      const saved = await em.save(row);
      await this.audit.record(em, actor, 'UPDATE', 'act_team', saved.id, { evidence: saved.evidence.length - 1 }, record);
      return this.view(provider, saved);
    });
  }

  /** ACT readiness on asOf; with no team recorded, every roster criterion is NOT_RECORDED. */
  async readiness(actor: Actor, providerId: string, asOf: DateOnly): Promise<ReadinessResult & { providerId: string }> {
    const em = this.dataSource.manager;
    const provider = await this.provider(em, actor, providerId);
    const row = await em.findOneBy(ActTeamEntity, { providerId });
    return { providerId, ...(await this.readinessOf.evaluate(em, actor, 'ACT', row, asOf, provider.type)) };
  }

  private async provider(em: EntityManager, actor: Actor, providerId: string): Promise<ProviderEntity> {
    const provider = await em.findOneBy(ProviderEntity, { id: providerId });
    if (!provider) throw DomainError.notFound('provider', providerId);
    assertProviderInScope(actor, providerId);
    return provider;
  }

  private locked(em: EntityManager, providerId: string): Promise<ActTeamEntity | null> {
    return em.findOne(ActTeamEntity, { where: { providerId }, lock: { mode: 'pessimistic_write' } });
  }

  private view(provider: ProviderEntity, row: ActTeamEntity | null): ActTeamView {
    return {
      providerId: provider.id,
      providerName: provider.name,
      staffing: row?.staffing ?? null,
      census: row?.census ?? null,
      evidence: row?.evidence ?? [],
      updatedAt: row ? row.updatedAt.toISOString() : null,
    };
  }
}
