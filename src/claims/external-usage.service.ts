/**
 * Case-management minutes billed outside bhcheck (another provider's claims), recorded so the caps of
 * 140.453(e)(2) and (e)(1)(C)(i) count across providers. One entry per (provider, externalReference):
 * the same request again changes nothing and gets the answer it got; other content under the same
 * reference is a conflict. An entry is corrected (a new version) or voided (its minutes released), never
 * deleted, each change audited. An entry that takes the year past a cap is recorded all the same (the
 * service happened) and the answer says which cap and by how much.
 */
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService, hashRecord } from '../audit/audit.service';
import { canSeeProvider, providerScope, type Actor } from '../auth/actor';
import { DomainError } from '../common/domain-error';
import { CapLedgerEntryEntity, ExternalUsageEntity, ExternalUsageVersionEntity, RecipientProviderEntity } from '../database/entities';
import { RecipientsService } from '../recipients/recipients.service';
import { capEntries, capOverruns, type CapCategory, type CapOverrun, type ServiceCatalog, type ServiceRule } from '../rules/claims';
import { stateFiscalYear, type DateOnly } from '../rules/dates';
import type { Service } from '../rules/vocabulary';
import { CapLedgerService, type CapsView } from './cap-ledger.service';
import { RULES_CONFIG, type RulesConfig } from './rules-config';
import type { UsageCorrectionDto, UsageDto } from './usage.dto';

/** What an entry says: the part a correction may change. */
export interface UsageContent {
  dateOfService: DateOnly;
  service: Service;
  minutes: number;
  note: string | null;
}

export interface UsageView extends UsageContent {
  id: string;
  recipientId: string;
  providerId: string;
  externalReference: string;
  status: 'RECORDED' | 'VOIDED';
  version: number;
}

export interface UsageAnswer extends CapsView {
  usage: UsageView;
  /** the caps the entry counts toward */
  recordedCategories: CapCategory[];
  /** the caps the year has passed with this entry (it is recorded all the same) */
  capsExceeded: CapOverrun[];
  /** the same request was answered before: nothing changed, this is the answer given then */
  repeat: boolean;
}

export interface UsageHistoryEntry extends UsageContent {
  version: number;
  action: 'RECORD' | 'CORRECT' | 'VOID';
  reason: string | null;
  recordedAt: string;
  recordedByKeyId: string | null;
}

export interface UsageEntryView extends UsageView {
  history: UsageHistoryEntry[];
}

const contentOf = (v: { dateOfService: string; service: string; minutes: number; note: string | null }): UsageContent => ({
  dateOfService: v.dateOfService,
  service: v.service as Service,
  minutes: v.minutes,
  note: v.note,
});

function viewOf(u: ExternalUsageEntity, content: UsageContent): UsageView {
  return { id: u.id, recipientId: u.recipientId, providerId: u.providerId, externalReference: u.externalReference, status: u.status, version: u.currentVersion, ...content };
}

interface UsageVersion {
  version: number;
  action: 'RECORD' | 'CORRECT' | 'VOID';
  content: UsageContent;
  /** the catalogue record of the entry's service and date; null for a void (nothing is recorded) */
  rule: ServiceRule | null;
  hash: string;
  reason: string | null;
  /** the version it replaces (its minutes are released) */
  releaseFrom: ExternalUsageVersionEntity | null;
}

/**
 * One version: under the cap lock of every year it touches, release what the previous version recorded,
 * record the new minutes (one ledger row per cap the service counts toward; none for a void), and keep
 * the answer with the version. The demo loader records outside usage through this too.
 */
export async function writeUsageVersion(em: EntityManager, ledger: CapLedgerService, catalog: ServiceCatalog, actor: Actor, usage: ExternalUsageEntity, v: UsageVersion): Promise<UsageAnswer> {
  const sfy = stateFiscalYear(v.content.dateOfService);
  const years = [sfy, ...(v.releaseFrom ? [stateFiscalYear(v.releaseFrom.dateOfService)] : [])];
  await ledger.lock(em, years.map((y) => ({ recipientId: usage.recipientId, sfy: y })));
  if (v.releaseFrom) {
    await em.query(`UPDATE cap_ledger_entries SET released_at = now(), released_by_version = $2 WHERE external_usage_id = $1 AND released_at IS NULL`, [usage.id, v.version]);
  }
  usage.currentVersion = v.version;
  usage.status = v.action === 'VOID' ? 'VOIDED' : 'RECORDED';
  await em.save(usage);
  if (v.rule) await insertUsageRows(em, catalog, usage, v.version, v.content, actor.keyId);
  const caps = await ledger.capsView(em, catalog, usage.recipientId, sfy, v.content.dateOfService);
  const used = { TCM: caps.tcm.usedMinutes, TLA: caps.tla.usedMinutes };
  const answer: UsageAnswer = {
    ...caps,
    usage: viewOf(usage, v.content),
    recordedCategories: v.rule?.capCategories ?? [],
    capsExceeded: v.rule ? capOverruns(v.rule, v.content.dateOfService, catalog, (c) => used[c]) : [],
    repeat: false,
  };
  await em.insert(ExternalUsageVersionEntity, {
    usageId: usage.id,
    version: v.version,
    action: v.action,
    ...v.content,
    contentHash: v.hash,
    reason: v.reason,
    answer,
    recordedByKeyId: actor.keyId,
  });
  return answer;
}

/** A new entry, version 1. */
export async function recordNewUsage(
  em: EntityManager,
  ledger: CapLedgerService,
  catalog: ServiceCatalog,
  actor: Actor,
  entry: { recipientId: string; providerId: string; externalReference: string },
  content: UsageContent,
  rule: ServiceRule,
): Promise<UsageAnswer> {
  const usage = await em.save(em.create(ExternalUsageEntity, { ...entry, status: 'RECORDED', currentVersion: 0 }));
  return writeUsageVersion(em, ledger, catalog, actor, usage, { version: 1, action: 'RECORD', content, rule, hash: usageHash(entry.recipientId, content), reason: null, releaseFrom: null });
}

/** What identifies a request's content: a repeat has the same. */
function usageHash(recipientId: string, content: UsageContent): string {
  return hashRecord({ recipientId, ...content })!;
}

/** The entry's ledger rows: one per cap its service counts toward on its date (the rules' cap account). */
async function insertUsageRows(em: EntityManager, catalog: ServiceCatalog, usage: ExternalUsageEntity, version: number, content: UsageContent, keyId: string | null): Promise<void> {
  await em.insert(
    CapLedgerEntryEntity,
    capEntries(catalog, content.service, content.dateOfService, content.minutes).map((entry) => ({
      recipientId: usage.recipientId,
      ...entry,
      source: 'EXTERNAL' as const,
      providerId: usage.providerId,
      claimRecordId: null,
      claimVersion: null,
      lineId: null,
      externalReference: usage.externalReference,
      externalUsageId: usage.id,
      externalUsageVersion: version,
      note: content.note,
      recordedByKeyId: keyId,
      releasedAt: null,
      releasedByVersion: null,
    })),
  );
}

@Injectable()
export class ExternalUsageService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RULES_CONFIG) private readonly rules: RulesConfig,
    private readonly ledger: CapLedgerService,
    private readonly recipients: RecipientsService,
    private readonly audit: AuditService,
  ) {}

  async record(actor: Actor, recipientId: string, dto: UsageDto): Promise<UsageAnswer> {
    const content: UsageContent = { dateOfService: dto.dateOfService, service: dto.service, minutes: dto.minutes, note: dto.note ?? null };
    const rule = this.ruleFor(content);
    const hash = usageHash(recipientId, content);
    return this.dataSource.transaction(async (em) => {
      await this.recipients.loadVisible(em, actor, recipientId);
      const providerId = await this.recordingProvider(em, actor, recipientId, dto.providerId?.toLowerCase());
      await this.ledger.lockUsage(em, providerId, dto.externalReference);
      const existing = await em.findOne(ExternalUsageEntity, { where: { providerId, externalReference: dto.externalReference } });
      if (existing) {
        const first = await em.findOneOrFail(ExternalUsageVersionEntity, { where: { usageId: existing.id, version: 1 } });
        if (first.contentHash === hash) return { ...(first.answer as UsageAnswer), repeat: true };
        throw DomainError.conflict(
          `externalReference ${JSON.stringify(dto.externalReference)} of this provider is already recorded (entry ${existing.id}) with other content: ` +
            `correct it with PATCH /recipients/{id}/usage/${existing.id}, or void it; a new entry needs its own reference`,
          { usageId: existing.id },
        );
      }
      const answer = await recordNewUsage(em, this.ledger, this.rules.catalog, actor, { recipientId, providerId, externalReference: dto.externalReference }, content, rule);
      await this.audit.record(em, actor, 'RECORD_USAGE', 'external_usage', answer.usage.id, null, answer.usage);
      return answer;
    });
  }

  async correct(actor: Actor, recipientId: string, usageId: string, dto: UsageCorrectionDto): Promise<UsageAnswer> {
    return this.dataSource.transaction(async (em) => {
      const { usage, current } = await this.loadEntry(em, actor, recipientId, usageId);
      if (usage.status === 'VOIDED') throw DomainError.conflict(`outside usage entry ${usageId} was voided; a voided entry cannot be corrected (record a new one under its own reference)`, { usageId });
      const content: UsageContent = {
        dateOfService: dto.dateOfService ?? current.dateOfService,
        service: dto.service ?? (current.service as Service),
        minutes: dto.minutes ?? current.minutes,
        note: dto.note !== undefined ? dto.note : current.note,
      };
      const hash = usageHash(recipientId, content);
      if (hash === usageHash(recipientId, contentOf(current))) return { ...(current.answer as UsageAnswer), repeat: true };
      const rule = this.ruleFor(content);
      const before = (current.answer as UsageAnswer).usage;
      const version = usage.currentVersion + 1;
      const answer = await writeUsageVersion(em, this.ledger, this.rules.catalog, actor, usage, { version, action: 'CORRECT', content, rule, hash, reason: dto.reason, releaseFrom: current });
      await this.audit.record(em, actor, 'CORRECT_USAGE', 'external_usage', usage.id, before, { ...answer.usage, reason: dto.reason });
      return answer;
    });
  }

  async void(actor: Actor, recipientId: string, usageId: string, reason: string): Promise<UsageAnswer> {
    return this.dataSource.transaction(async (em) => {
      const { usage, current } = await this.loadEntry(em, actor, recipientId, usageId);
      if (usage.status === 'VOIDED') return { ...(current.answer as UsageAnswer), repeat: true };
      const content = contentOf(current);
      const before = (current.answer as UsageAnswer).usage;
      const answer = await writeUsageVersion(em, this.ledger, this.rules.catalog, actor, usage, {
        version: usage.currentVersion + 1,
        action: 'VOID',
        content,
        rule: null,
        hash: hashRecord({ recipientId, void: usageId })!,
        reason,
        releaseFrom: current,
      });
      await this.audit.record(em, actor, 'VOID_USAGE', 'external_usage', usage.id, before, { ...answer.usage, reason });
      return answer;
    });
  }

  /** The recipient's outside usage entries recorded by providers the key may see, with their history. */
  async list(actor: Actor, recipientId: string, sfy?: string): Promise<UsageEntryView[]> {
    const em = this.dataSource.manager;
    await this.recipients.loadVisible(em, actor, recipientId);
    const qb = em.createQueryBuilder(ExternalUsageEntity, 'u').where('u.recipient_id = :recipientId', { recipientId });
    const scope = providerScope(actor);
    if (scope) qb.andWhere('u.provider_id = ANY(:scope)', { scope });
    const entries = await qb.orderBy('u.created_at', 'ASC').addOrderBy('u.id', 'ASC').getMany();
    await this.audit.recordReads(em, actor, 'recipient', [recipientId]);
    if (!entries.length) return [];
    const versions = await em
      .createQueryBuilder(ExternalUsageVersionEntity, 'v')
      .where('v.usage_id = ANY(:ids)', { ids: entries.map((e) => e.id) })
      .orderBy('v.version', 'ASC')
      .getMany();
    return entries
      .map((u) => {
        const own = versions.filter((v) => v.usageId === u.id);
        const current = own[own.length - 1];
        return {
          ...viewOf(u, contentOf(current)),
          history: own.map((v) => ({ ...contentOf(v), version: v.version, action: v.action, reason: v.reason, recordedAt: v.recordedAt.toISOString(), recordedByKeyId: v.recordedByKeyId })),
        };
      })
      .filter((e) => !sfy || stateFiscalYear(e.dateOfService) === sfy);
  }

  private ruleFor(content: UsageContent): ServiceRule {
    const rule = this.rules.catalog.ruleFor(content.service, content.dateOfService);
    if (!rule || !rule.capCategories.length) throw DomainError.field('/dateOfService', `no cap applies to ${content.service} on ${content.dateOfService} (no catalogue record in force)`);
    return rule;
  }

  /**
   * The provider whose reference it is: the one named, or else the only provider of the key that serves
   * the recipient. It must serve the recipient.
   */
  private async recordingProvider(em: EntityManager, actor: Actor, recipientId: string, named: string | undefined): Promise<string> {
    const serving = (await em.find(RecipientProviderEntity, { where: { recipientId } })).map((l) => l.providerId).filter((p) => canSeeProvider(actor, p));
    if (named) {
      if (!canSeeProvider(actor, named)) throw DomainError.forbidden(`this API key may not act for provider ${named}`);
      if (!serving.includes(named)) throw DomainError.field('/providerId', `provider ${named} does not serve this recipient`);
      return named;
    }
    if (serving.length !== 1) throw DomainError.field('/providerId', `name the provider recording it: ${serving.length} providers of this key serve this recipient`);
    return serving[0];
  }

  private async loadEntry(em: EntityManager, actor: Actor, recipientId: string, usageId: string): Promise<{ usage: ExternalUsageEntity; current: ExternalUsageVersionEntity }> {
    await this.recipients.loadVisible(em, actor, recipientId);
    const usage = await em.findOne(ExternalUsageEntity, { where: { id: usageId, recipientId }, lock: { mode: 'pessimistic_write' } });
    if (!usage || !canSeeProvider(actor, usage.providerId)) throw DomainError.notFound('outside usage entry', usageId);
    const current = await em.findOneOrFail(ExternalUsageVersionEntity, { where: { usageId, version: usage.currentVersion } });
    return { usage, current };
  }

}
