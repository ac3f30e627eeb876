import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { assertProviderInScope, providerScope, type Actor } from '../auth/actor';
import { DomainError, type FieldError } from '../common/domain-error';
import { rejectNulls } from '../common/validation';
import { pageOf, type Page } from '../common/paging';
import { periodErrors } from '../common/periods';
import { ProviderEntity } from '../database/entities';
import type { ProviderFacts } from '../rules/facts';
import { providerRecordProblems, type ProviderRecordProblem } from '../rules/provider-records';
import type { ProviderType } from '../rules/vocabulary';
import type { CreateProviderDto, ProviderListQuery, ProviderView, UpdateProviderDto } from './provider.dto';

export function toProviderView(p: ProviderEntity): ProviderView {
  return {
    id: p.id,
    name: p.name,
    npi: p.npi,
    type: p.type,
    ipKind: p.ipKind,
    enrollments: p.enrollments,
    encounterRateClinic: p.encounterRateClinic,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    version: p.version,
  };
}

export function toProviderFacts(p: ProviderEntity): ProviderFacts {
  return { id: p.id, name: p.name, npi: p.npi, type: p.type, ipKind: p.ipKind, enrollments: p.enrollments, encounterRateClinic: p.encounterRateClinic };
}

function providerRuleErrors(p: Pick<ProviderEntity, 'type' | 'ipKind' | 'encounterRateClinic' | 'enrollments'>): FieldError[] {
  const errors: FieldError[] = providerRecordProblems(p).map(({ path, message }) => ({ path, message }));
  errors.push(...periodErrors(p.enrollments, '/enrollments'));
  return errors;
}

/** A stored provider record that breaks a rule of providerRecordProblems (written before the rule existed). */
export interface StoredProviderProblem {
  providerId: string;
  name: string;
  type: ProviderType;
  problems: ProviderRecordProblem[];
}

@Injectable()
export class ProvidersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, dto: CreateProviderDto): Promise<ProviderView> {
    const draft = {
      name: dto.name,
      npi: dto.npi,
      type: dto.type,
      ipKind: dto.ipKind ?? null,
      enrollments: (dto.enrollments ?? []).map((e) => ({ from: e.from, to: e.to ?? null })),
      encounterRateClinic: dto.encounterRateClinic ?? false,
    };
    const errors = providerRuleErrors(draft);
    if (errors.length) throw DomainError.invalid(errors);
    return this.dataSource.transaction(async (em) => {
      await this.assertNpiFree(em, draft.npi);
      const saved = await em.save(em.create(ProviderEntity, draft));
      await this.audit.record(em, actor, 'CREATE', 'provider', saved.id, null, toProviderView(saved));
      return toProviderView(saved);
    });
  }

  async update(actor: Actor, id: string, dto: UpdateProviderDto): Promise<ProviderView> {
    rejectNulls(dto, ['name', 'npi', 'type', 'enrollments', 'encounterRateClinic']);
    return this.dataSource.transaction(async (em) => {
      const current = await em.findOne(ProviderEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!current) throw DomainError.notFound('provider', id);
      assertProviderInScope(actor, id);
      const before = toProviderView(current);
      const next = Object.assign(em.create(ProviderEntity, { ...current }), {
        ...(dto.name !== undefined && { name: dto.name }),
        ...(dto.npi !== undefined && { npi: dto.npi }),
        ...(dto.type !== undefined && { type: dto.type }),
        ...(dto.ipKind !== undefined && { ipKind: dto.ipKind }),
        ...(dto.enrollments !== undefined && { enrollments: dto.enrollments.map((e) => ({ from: e.from, to: e.to ?? null })) }),
        ...(dto.encounterRateClinic !== undefined && { encounterRateClinic: dto.encounterRateClinic }),
      });
      if (dto.type !== undefined && dto.type !== 'IP' && dto.ipKind === undefined) next.ipKind = null;
      const errors = providerRuleErrors(next);
      if (errors.length) throw DomainError.invalid(errors);
      if (next.npi !== current.npi) await this.assertNpiFree(em, next.npi);
      const saved = await em.save(next);
      await this.audit.record(em, actor, 'UPDATE', 'provider', id, before, toProviderView(saved));
      return toProviderView(saved);
    });
  }

  async get(actor: Actor, id: string): Promise<ProviderView> {
    const p = await this.dataSource.getRepository(ProviderEntity).findOneBy({ id });
    if (!p) throw DomainError.notFound('provider', id);
    assertProviderInScope(actor, id);
    return toProviderView(p);
  }

  async list(actor: Actor, q: ProviderListQuery): Promise<Page<ProviderView>> {
    const qb = this.dataSource.getRepository(ProviderEntity).createQueryBuilder('p');
    const scope = providerScope(actor);
    if (scope) qb.andWhere('p.id = ANY(:scope)', { scope });
    if (q.type) qb.andWhere('p.type = :type', { type: q.type });
    if (q.npi) qb.andWhere('p.npi = :npi', { npi: q.npi });
    if (q.name) qb.andWhere('p.name ILIKE :name', { name: `%${q.name.replace(/[%_\\]/g, '\\$&')}%` });
    const [rows, total] = await qb.orderBy('p.name', 'ASC').addOrderBy('p.id', 'ASC').take(q.limit ?? 50).skip(q.offset ?? 0).getManyAndCount();
    return pageOf(rows.map(toProviderView), total, q);
  }

  /**
   * Stored records that the registration rules would now refuse (checked at start-up): a BHC or IP flagged
   * as an encounter-rate clinic (140.499(c), 140.452(a)(3)). ipKind is kept consistent by a constraint.
   */
  async storedRecordProblems(): Promise<StoredProviderProblem[]> {
    const rows = await this.dataSource.getRepository(ProviderEntity).createQueryBuilder('p').where("p.encounter_rate_clinic AND p.type <> 'CMHC'").orderBy('p.name', 'ASC').getMany();
    return rows.map((p) => ({ providerId: p.id, name: p.name, type: p.type, problems: providerRecordProblems(p) })).filter((r) => r.problems.length > 0);
  }

  /**
   * storedRecordProblems as one sentence each, for whoever starts the service or the CLI. The service
   * still starts, so the record can be corrected through the API; until then the claim engine fails its lines.
   */
  async storedRecordWarnings(): Promise<string[]> {
    return (await this.storedRecordProblems()).map(
      (r) =>
        `provider "${r.name}" (${r.providerId}, ${r.type}) breaks a registration rule: ${r.problems.map((p) => p.message).join('; ')}. ` +
        `New records like it are refused; correct this one with PATCH /api/v1/providers/${r.providerId}. Until then every line it bills fails ENCOUNTER_RATE_CLINIC.`,
    );
  }

  async findFacts(em: EntityManager, ids: string[]): Promise<ProviderFacts[]> {
    if (!ids.length) return [];
    return (await em.find(ProviderEntity, { where: { id: In(ids) } })).map(toProviderFacts);
  }

  private async assertNpiFree(em: EntityManager, npi: string): Promise<void> {
    const other = await em.findOneBy(ProviderEntity, { npi });
    if (other) throw DomainError.invalid([{ path: '/npi', message: `NPI ${npi} is already registered to provider ${other.id}` }]);
  }
}
