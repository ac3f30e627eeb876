/**
 * Validation (changes nothing) and recording (claims without errors: their case-management minutes go
 * into the cap ledger, one transaction per claim, serialised per recipient and State fiscal year).
 */
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService, hashRecord } from '../audit/audit.service';
import { assertProviderInScope, canSeeProvider, providerScope, type Actor } from '../auth/actor';
import { DomainError } from '../common/domain-error';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { CapLedgerEntryEntity, ClaimRecordEntity, ClaimVersionEntity } from '../database/entities';
import { RecipientsService } from '../recipients/recipients.service';
import { validateClaims, type BilledSession, type ValidateOptions, type CapCategory, type CapReport, type ClaimReport, type ValidationReport } from '../rules/claims';
import { isDateOnly, stateFiscalYear, stateFiscalYearRange, type DateOnly } from '../rules/dates';
import type { ClaimInput } from '../rules/facts';
import type { Service } from '../rules/vocabulary';
import { capLimitOf, CapLedgerService, type CapsView, type LedgerSnapshot } from './cap-ledger.service';

import type { CapLedgerView } from './cap-ledger.dto';

export type { CapsView } from './cap-ledger.service';
import { ClaimContextLoader, LoaderCache, type LoadedContext } from './claim-context.loader';
import { ClaimHistoryService } from './claim-history.service';
import { RULES_CONFIG, type RulesConfig } from './rules-config';

export interface CommittedClaimReport extends ClaimReport {
  /** the claim's minutes are in the ledger (it had no error) */
  recorded: boolean;
  /** the recorded version (1 = original; replacements and voids add one), when recorded */
  version: number | null;
  /** the same claim was recorded before: nothing changed, this is the report given then */
  repeat: boolean;
}

export interface CommitReport {
  claims: CommittedClaimReport[];
  caps: CapReport[];
}

export interface ClaimState {
  status: string;
  /** content hashes of every recorded version */
  hashes: Set<string>;
}

/** A claim that cannot be recorded as sent, and where it is in the request. */
export interface RecordingConflict {
  path: string;
  message: string;
  claimId: string;
}

/** How POST /claims checks each claim of a request: with the others as evidence, and the request's memory of sessions billed. */
type CommitCheck = Pick<ValidateOptions, 'evidence' | 'billed' | 'repeatedClaimIds'>;

/** The claim as submitted, without where it came from: the identity used to recognise a repeat. */
function contentHash(claim: ClaimInput): string {
  const { location: _l, ...rest } = claim;
  return hashRecord({ ...rest, lines: rest.lines.map(({ location: _x, ...line }) => line) })!;
}

@Injectable()
export class ClaimsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(RULES_CONFIG) private readonly rules: RulesConfig,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly loader: ClaimContextLoader,
    private readonly ledger: CapLedgerService,
    private readonly history: ClaimHistoryService,
    private readonly recipients: RecipientsService,
    private readonly audit: AuditService,
  ) {}

  get maxLines(): number {
    return this.config.maxLinesPerRequest;
  }

  /**
   * extraCapMinutes: minutes not yet in the ledger that the caps must count (earlier batches of the
   * same file, checked but not recorded). cache: one per file (the batches of one file share registry
   * answers and the duplicate check's memory of the sessions read so far); without it the request is
   * checked on its own.
   */
  async validate(
    actor: Actor,
    claims: ClaimInput[],
    extraCapMinutes?: (recipientId: string, sfy: string, category: CapCategory) => number,
    cache?: LoaderCache,
  ): Promise<ValidationReport> {
    const loaded = await this.loader.load(this.dataSource.manager, claims, cache, providerScope(actor));
    this.assertScope(actor, claims, loaded);
    await this.recordReads(actor, loaded, cache);
    const options = { billed: cache?.billed };
    if (!extraCapMinutes) return validateClaims(claims, loaded.ctx, options);
    const used = loaded.ctx.capUsedMinutes;
    return validateClaims(claims, { ...loaded.ctx, capUsedMinutes: (r, sfy, cat, excl) => used(r, sfy, cat, excl) + extraCapMinutes(r, sfy, cat) }, options);
  }

  capCategoriesOf(service: Service, dateOfService: DateOnly): CapCategory[] {
    return this.rules.catalog.ruleFor(service, dateOfService)?.capCategories ?? [];
  }

  sfyOf(dateOfService: DateOnly): string {
    return stateFiscalYear(dateOfService);
  }

  /**
   * precheck: refuse the whole request (409, nothing written) when any claim cannot be recorded as
   * sent. The X12 path checks the whole file in its first pass and turns this off for its batches.
   */
  async commit(actor: Actor, claims: ClaimInput[], cache: LoaderCache = new LoaderCache(), options: { precheck?: boolean } = {}): Promise<CommitReport> {
    // the recorded lines are read per claim, under its lock (commitOne)
    const loaded = await this.loader.load(this.dataSource.manager, claims, cache, providerScope(actor), { recordedLines: false });
    this.assertScope(actor, claims, loaded);
    await this.recordReads(actor, loaded, cache);
    if (options.precheck ?? true) {
      const conflicts = await this.conflictsOf(claims, new Map(), (i) => (claims.length > 1 ? `/claims/${i}` : ''));
      if (conflicts.length) throw this.conflictError(conflicts);
    }
    const out: CommittedClaimReport[] = [];
    for (const claim of claims) {
      const check = { evidence: this.evidenceFor(claim, claims), billed: cache.billed, repeatedClaimIds: false };
      try {
        out.push(await this.commitOne(actor, claim, loaded, check));
      } catch (e) {
        // a conflict found only under the claim's lock (another request recorded the same claim
        // meanwhile, or an earlier claim of the file was not recorded): this claim is not recorded,
        // and says why; the others stand
        if (!(e instanceof DomainError) || e.code !== 'CONFLICT') throw e;
        await this.readRecordedLines(this.dataSource.manager, actor, claim, loaded);
        const report = validateClaims([claim], loaded.ctx, check).claims[0];
        const finding = { code: 'INVALID_CLAIM' as const, severity: 'error' as const, message: e.message, citation: '140.20', ruleId: 'CLM-RECORD-CONFLICT-v1', fact: { claimId: claim.claimId, frequency: claim.frequency } };
        out.push({ ...report, status: 'FAIL', findings: [finding, ...report.findings], recorded: false, version: null, repeat: false });
      }
    }
    const snapshot = await this.ledger.snapshot(this.dataSource.manager, [...new Set(loaded.capKeys.map((k) => k.recipientId))], [...new Set(loaded.capKeys.map((k) => k.sfy))]);
    return { claims: out, caps: loaded.capKeys.map((k) => this.capReport(snapshot, k.recipientId, k.sfy)) };
  }

  /**
   * The claims that cannot be recorded as sent, in order: an ORIGINAL whose claimId is already
   * recorded with other content, a REPLACEMENT or VOID with no original, a change to a voided claim.
   * `state` carries what earlier claims (of this request, or earlier batches of one file) would record,
   * so an ORIGINAL followed by its REPLACEMENT is fine. The same checks run again under each claim's
   * lock when it is recorded.
   */
  async conflictsOf(claims: readonly ClaimInput[], state: Map<string, ClaimState>, where: (index: number, claim: ClaimInput) => string): Promise<RecordingConflict[]> {
    const providerIds = await this.providerIdsOf(claims);
    const unseen = claims
      .map((c) => ({ c, pid: providerIds.get(c) }))
      .filter((x): x is { c: ClaimInput; pid: string } => !!x.pid && !state.has(`${x.pid}|${x.c.claimId}`));
    if (unseen.length) {
      const rows: { provider_id: string; claim_id: string; status: string; hashes: string[] }[] = await this.dataSource.query(
        `SELECT r.provider_id, r.claim_id, r.status, array_agg(v.content_hash) AS hashes
           FROM claim_records r
           JOIN unnest($1::uuid[], $2::text[]) AS ref(provider_id, claim_id) ON ref.provider_id = r.provider_id AND ref.claim_id = r.claim_id
           JOIN claim_versions v ON v.claim_record_id = r.id
          GROUP BY r.provider_id, r.claim_id, r.status`,
        [unseen.map((k) => k.pid), unseen.map((k) => k.c.claimId)],
      );
      for (const r of rows) state.set(`${r.provider_id}|${r.claim_id}`, { status: r.status, hashes: new Set(r.hashes) });
    }
    const conflicts: RecordingConflict[] = [];
    claims.forEach((c, i) => {
      const pid = providerIds.get(c);
      if (!pid) return;
      const key = `${pid}|${c.claimId}`;
      const current = state.get(key);
      const hash = contentHash(c);
      if (current && current.hashes.has(hash)) return; // a repeat: changes nothing
      const conflict = (field: string, message: string) => conflicts.push({ path: `${where(i, c)}${field}`, message, claimId: c.claimId });
      if (!current && c.frequency !== 'ORIGINAL') conflict('/frequency', `${c.frequency} of claim ${c.claimId}: no original claim is recorded for this provider`);
      else if (current && c.frequency === 'ORIGINAL') conflict('/claimId', `claim ${c.claimId} is already recorded with different content: send it as a REPLACEMENT, or VOID it`);
      else if (current && current.status === 'VOIDED') conflict('/frequency', `claim ${c.claimId} was voided; it cannot be replaced or voided again`);
      state.set(key, { status: c.frequency === 'VOID' ? 'VOIDED' : 'RECORDED', hashes: new Set([...(current?.hashes ?? []), hash]) });
    });
    return conflicts;
  }

  /** Refuses a whole request whose claims cannot all be recorded as sent (409, nothing written). */
  conflictError(conflicts: RecordingConflict[]): DomainError {
    const claimIds = conflicts.map((c) => c.claimId);
    return new DomainError(
      'CONFLICT',
      `${conflicts.length} claim${conflicts.length === 1 ? '' : 's'} cannot be recorded as sent; nothing was recorded: ${conflicts.map((e) => e.message).join('; ')}`,
      conflicts.map(({ path, message }) => ({ path, message })),
      conflicts.length === 1 ? { claimId: claimIds[0], claimIds } : { claimIds },
    );
  }

  /** A key acts only for its own providers: checked for a whole file before anything else. */
  async assertClaimsInScope(actor: Actor, claims: readonly ClaimInput[]): Promise<void> {
    const ids = await this.providerIdsOf(claims);
    for (const pid of new Set(ids.values())) assertProviderInScope(actor, pid);
  }

  /** The registered provider of each claim (by providerId or billing NPI), in one query. */
  private async providerIdsOf(claims: readonly ClaimInput[]): Promise<Map<ClaimInput, string>> {
    const ids = [...new Set(claims.map((c) => c.providerId).filter((x): x is string => !!x))];
    const npis = [...new Set(claims.map((c) => c.billingNpi).filter((x): x is string => !!x))];
    const rows: { id: string; npi: string }[] = ids.length || npis.length ? await this.dataSource.query('SELECT id, npi FROM providers WHERE id = ANY($1::uuid[]) OR npi = ANY($2::text[])', [ids, npis]) : [];
    const byId = new Set(rows.map((r) => r.id));
    const byNpi = new Map(rows.map((r) => [r.npi, r.id]));
    const out = new Map<ClaimInput, string>();
    for (const c of claims) {
      const pid = c.providerId ? (byId.has(c.providerId) ? c.providerId : undefined) : c.billingNpi ? byNpi.get(c.billingNpi) : undefined;
      if (pid) out.set(c, pid);
    }
    return out;
  }

  private providerIdOf(claim: ClaimInput, loaded: LoadedContext): string | undefined {
    if (claim.providerId) return loaded.ctx.providerById(claim.providerId)?.id;
    return claim.billingNpi ? loaded.ctx.providerByNpi(claim.billingNpi)?.id : undefined;
  }

  /** A key acts only for its own providers; an unknown provider is a finding, not a refusal. */
  private assertScope(actor: Actor, claims: ClaimInput[], loaded: LoadedContext): void {
    for (const c of claims) {
      const pid = this.providerIdOf(c, loaded);
      if (pid) assertProviderInScope(actor, pid);
    }
  }

  /**
   * A claim check reads the recipient's record (age, assessments, plans, cap usage all shape the
   * report): each recipient found is recorded as read once per request or file.
   */
  private async recordReads(actor: Actor, loaded: LoadedContext, cache: LoaderCache | undefined): Promise<void> {
    const fresh = cache ? loaded.recipientIds.filter((id) => !cache.readsRecorded.has(id)) : loaded.recipientIds;
    await this.audit.recordReads(this.dataSource.manager, actor, 'recipient', fresh);
    for (const id of fresh) cache?.readsRecorded.add(id);
  }

  /** The request's other claims for the same recipient: evidence for the rules that look across a batch. */
  private evidenceFor(claim: ClaimInput, claims: readonly ClaimInput[]): ClaimInput[] {
    return claims.filter(
      (c) => c !== claim && ((claim.recipientId && c.recipientId === claim.recipientId) || (claim.medicaidId && c.medicaidId === claim.medicaidId)),
    );
  }

  /** The duplicate check's history for one claim's recipient and dates (under its lock when recording). */
  private async readRecordedLines(em: EntityManager, actor: Actor, claim: ClaimInput, loaded: LoadedContext): Promise<void> {
    const recipient = this.recipientOf(claim, loaded);
    if (!recipient) return;
    const dates = [...new Set(claim.lines.map((l) => l.dateOfService).filter((d) => isDateOnly(d)))];
    loaded.useRecordedLines(await this.history.read(em, [recipient.id], dates, providerScope(actor)), recipient.id, dates);
  }

  private recipientOf(claim: ClaimInput, loaded: LoadedContext) {
    return (claim.recipientId && loaded.ctx.recipientById(claim.recipientId)) || (claim.medicaidId ? loaded.ctx.recipientByMedicaidId(claim.medicaidId) : undefined);
  }

  private async commitOne(actor: Actor, claim: ClaimInput, loaded: LoadedContext, check: CommitCheck): Promise<CommittedClaimReport> {
    const providerId = this.providerIdOf(claim, loaded);
    if (!providerId) {
      await this.readRecordedLines(this.dataSource.manager, actor, claim, loaded);
      const report = validateClaims([claim], loaded.ctx, check).claims[0];
      return { ...report, recorded: false, version: null, repeat: false };
    }
    const hash = contentHash(claim);
    return this.dataSource.transaction(async (em) => {
      await this.ledger.lockClaim(em, providerId, claim.claimId);
      const record = await em.findOne(ClaimRecordEntity, { where: { providerId, claimId: claim.claimId } });
      let openKeys: { recipientId: string; sfy: string }[] = [];
      if (record) {
        // the same claim again (this version or an earlier one of a retried request) changes nothing
        const same = await em.findOne(ClaimVersionEntity, { where: { claimRecordId: record.id, contentHash: hash }, order: { version: 'DESC' } });
        if (same) return { ...(same.report as ClaimReport), recorded: true, version: same.version, repeat: true };
        if (claim.frequency === 'ORIGINAL') {
          throw DomainError.conflict(`claim ${claim.claimId} of this provider is already recorded (version ${record.currentVersion}) with different content: send it as a REPLACEMENT, or VOID it`, { claimId: claim.claimId });
        }
        if (record.status === 'VOIDED') throw DomainError.conflict(`claim ${claim.claimId} was voided; a voided claim cannot be replaced or voided again`, { claimId: claim.claimId });
        openKeys = (
          await em.query(`SELECT DISTINCT recipient_id AS "recipientId", sfy FROM cap_ledger_entries WHERE claim_record_id = $1 AND released_at IS NULL`, [record.id])
        ) as { recipientId: string; sfy: string }[];
      } else if (claim.frequency !== 'ORIGINAL') {
        throw DomainError.conflict(`${claim.frequency} of claim ${claim.claimId}: no original claim is recorded for this provider`, { claimId: claim.claimId });
      }

      const recipient = this.recipientOf(claim, loaded);
      const keys = [...openKeys];
      if (recipient) for (const l of claim.lines) keys.push({ recipientId: recipient.id, sfy: stateFiscalYear(l.dateOfService) });
      // the lock serialises every writer of these recipients' years: the ledger and the recorded lines
      // read after it include whatever a concurrent request recorded for the same sessions
      await this.ledger.lock(em, keys);
      loaded.useLedger(
        await this.ledger.snapshot(em, [...new Set(keys.map((k) => k.recipientId))], [...new Set(keys.map((k) => k.sfy))], record ? [{ providerId, claimId: claim.claimId }] : []),
      );
      await this.readRecordedLines(em, actor, claim, loaded);
      const sessions: BilledSession[] = [];
      const report = validateClaims([claim], loaded.ctx, { ...check, onSession: (_c, _i, s) => sessions.push(s) }).claims[0];
      if (report.status === 'FAIL') return { ...report, recorded: false, version: null, repeat: false };

      const version = (record?.currentVersion ?? 0) + 1;
      const row = record ?? em.create(ClaimRecordEntity, { providerId, claimId: claim.claimId, recipientId: recipient?.id ?? null, status: 'RECORDED', currentVersion: 0 });
      row.currentVersion = version;
      row.status = claim.frequency === 'VOID' ? 'VOIDED' : 'RECORDED';
      if (recipient) row.recipientId = recipient.id;
      const saved = await em.save(row);
      if (record) {
        await em.query(`UPDATE cap_ledger_entries SET released_at = now(), released_by_version = $2 WHERE claim_record_id = $1 AND released_at IS NULL`, [saved.id, version]);
        await this.history.release(em, saved.id, version);
      }
      if (claim.frequency !== 'VOID' && recipient) {
        await this.recordLines(em, actor, claim, report, recipient.id, providerId, saved.id, version);
        await this.history.record(em, saved.id, version, sessions);
      }
      await em.insert(ClaimVersionEntity, { claimRecordId: saved.id, version, frequency: claim.frequency, contentHash: hash, report, recordedByKeyId: actor.keyId });
      await this.audit.record(em, actor, 'COMMIT_CLAIM', 'claim', saved.id, record ? { version: record.currentVersion } : null, { claimId: claim.claimId, version, frequency: claim.frequency, contentHash: hash });
      return { ...report, recorded: true, version, repeat: false };
    });
  }

  /** One ledger entry per capped category of each line (TLA counts toward both TLA and TCM). */
  private async recordLines(em: EntityManager, actor: Actor, claim: ClaimInput, report: ClaimReport, recipientId: string, providerId: string, claimRecordId: string, version: number): Promise<void> {
    const rows: Partial<CapLedgerEntryEntity>[] = [];
    report.lines.forEach((line, i) => {
      const input = claim.lines[i];
      if (!line.service || line.minutes <= 0 || line.status === 'FAIL' || line.status === 'UNCHECKED') return;
      const rule = this.rules.catalog.ruleFor(line.service, input.dateOfService);
      for (const category of rule?.capCategories ?? []) {
        rows.push({
          recipientId,
          sfy: stateFiscalYear(input.dateOfService),
          category,
          minutes: line.minutes,
          dateOfService: input.dateOfService,
          source: 'CLAIM',
          providerId,
          claimRecordId,
          claimVersion: version,
          lineId: line.lineId,
          externalReference: null,
          note: null,
          recordedByKeyId: actor.keyId,
          releasedAt: null,
          releasedByVersion: null,
        });
      }
    });
    if (rows.length) await em.insert(CapLedgerEntryEntity, rows);
  }

  capReport(snapshot: LedgerSnapshot, recipientId: string, sfy: string): CapReport {
    const balance = (category: CapCategory) => {
      const limit = this.limitOf(category, sfy).minutes;
      const used = snapshot.used(recipientId, sfy, category);
      return { usedMinutes: used, remainingMinutes: Math.max(0, limit - used) };
    };
    return { recipientId, sfy, tcm: balance('TCM'), tla: balance('TLA') };
  }

  private limitOf(category: CapCategory, sfy: string): { minutes: number; citation: string } {
    return capLimitOf(this.rules.catalog, category, sfy);
  }

  async capsOf(actor: Actor, recipientId: string, sfy: string): Promise<CapsView> {
    const em = this.dataSource.manager;
    await this.recipients.loadVisible(em, actor, recipientId);
    const view = await this.ledger.capsView(em, this.rules.catalog, recipientId, sfy);
    await this.audit.recordReads(em, actor, 'recipient', [recipientId]);
    return view;
  }

  /** The ledger entries behind capsOf: which claims used the minutes. Another provider's claim is shown without naming it. */
  async ledgerOf(actor: Actor, recipientId: string, sfy: string): Promise<CapLedgerView> {
    const em = this.dataSource.manager;
    await this.recipients.loadVisible(em, actor, recipientId);
    const range = stateFiscalYearRange(sfy);
    const entries = (await this.ledger.openEntries(em, recipientId, sfy)).map((e) => {
      const inScope = e.providerId === null || canSeeProvider(actor, e.providerId);
      return {
        ...e,
        recordedAt: e.recordedAt.toISOString(),
        inScope,
        providerId: inScope ? e.providerId : null,
        providerName: inScope ? e.providerName : null,
        claimId: inScope ? e.claimId : null,
        lineId: inScope ? e.lineId : null,
      };
    });
    await this.audit.recordReads(em, actor, 'recipient', [recipientId]);
    return { recipientId, sfy, from: range.from, to: range.to, entries };
  }
}
