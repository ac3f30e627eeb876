/**
 * Loads the registry facts a batch needs in a few queries (providers; recipients with their
 * assessments and plans; staff with supervisors, prescribers and approvers; program approvals; the
 * cap ledger; the recorded lines the duplicate check compares against), never one per line, and wraps
 * them in the engine's ClaimCheckContext.
 */
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ProviderEntity } from '../database/entities';
import { toProviderFacts } from '../providers/providers.service';
import { RecipientsService } from '../recipients/recipients.service';
import { BilledLines, RecordedLines, type ClaimCheckContext } from '../rules/claims';
import type { ProgramInForce } from '../rules/program-approval/types';
import { evaluateCredential, type CredentialResult } from '../rules/credentials';
import { stateFiscalYear, type DateOnly } from '../rules/dates';
import type { ClaimInput, ProviderFacts, RecipientFacts, StaffFacts } from '../rules/facts';
import { ProgramApprovalsService } from '../program-approvals/program-approvals.service';
import { StaffService } from '../staff/staff.service';
import { CapLedgerService, LedgerSnapshot } from './cap-ledger.service';
import { ClaimHistoryService } from './claim-history.service';
import { RULES_CONFIG, type RulesConfig } from './rules-config';

export interface LoadedContext {
  ctx: ClaimCheckContext;
  /** every recipient and SFY the batch touches (for cap locks and the caps report) */
  capKeys: { recipientId: string; sfy: string }[];
  providers: Map<string, ProviderFacts>;
  /** swap in fresh ledger sums (taken under the cap lock) */
  useLedger(snapshot: LedgerSnapshot): void;
  /** take fresh recorded lines for a recipient's dates (read under a claim's lock) */
  useRecordedLines(read: RecordedLines, recipientId: string, dates: readonly DateOnly[]): void;
}

/**
 * Answers worth keeping across the batches of one file (one CLI run or one upload): the registry does
 * not change under a single check, and one batch already touches nearly every staff member and date.
 * Registry facts are kept with what was not found (null), so each key is asked for once per file. The
 * cap ledger and the recorded lines are not kept: recording changes them, and they are read per batch
 * (under the lock when recording). `billed` is the file's (or request's) own memory of the sessions and
 * claim IDs read so far, for the duplicate check across its batches.
 */
export class LoaderCache {
  readonly billed = new BilledLines();
  readonly credentials = new Map<string, CredentialResult>();
  readonly programInForce = new Map<string, ProgramInForce>();
  readonly providersById = new Map<string, ProviderFacts | null>();
  readonly providersByNpi = new Map<string, ProviderFacts | null>();
  readonly recipientsById = new Map<string, RecipientFacts | null>();
  readonly recipientsByMid = new Map<string, RecipientFacts | null>();
  readonly staffById = new Map<string, StaffFacts | null>();
  readonly staffIdsByNpi = new Map<string, string[]>();
  /** Table N approvals of the providers loaded so far */
  inForce: { providers: Set<string>; lookup: ClaimCheckContext['programInForce'] } | null = null;
  /** the key scope the recipients were found through: a cache serves one scope only */
  private scopeKey: string | undefined;

  useScope(scope: string[] | null): void {
    const key = scope ? [...scope].sort().join(',') : '*';
    if (this.scopeKey !== undefined && this.scopeKey !== key) {
      this.recipientsById.clear();
      this.recipientsByMid.clear();
    }
    this.scopeKey = key;
  }
}

const uniq = <T>(xs: (T | undefined | null)[]): T[] => [...new Set(xs.filter((x): x is T => x !== undefined && x !== null))];

/** Keys asked for and not found are remembered as null, so they are not asked for again. */
function rememberMisses<V>(known: Map<string, V | null>, asked: string[]): void {
  for (const k of asked) if (!known.has(k)) known.set(k, null);
}

@Injectable()
export class ClaimContextLoader {
  constructor(
    @Inject(RULES_CONFIG) private readonly rules: RulesConfig,
    private readonly staff: StaffService,
    private readonly recipients: RecipientsService,
    private readonly approvals: ProgramApprovalsService,
    private readonly ledger: CapLedgerService,
    private readonly history: ClaimHistoryService,
  ) {}

  /**
   * scope: the providers the key acts for (null: all). A recipient is found only through them: another
   * provider's recipient is UNKNOWN_RECIPIENT, so no report ever shows facts of someone the key may not see.
   * recordedLines: read the duplicate check's history for the batch (recording reads it per claim, under
   * the claim's lock, instead).
   */
  async load(
    em: EntityManager,
    claims: readonly ClaimInput[],
    cache: LoaderCache = new LoaderCache(),
    scope: string[] | null = null,
    options: { recordedLines?: boolean } = {},
  ): Promise<LoadedContext> {
    cache.useScope(scope);
    const newIds = (ids: (string | null | undefined)[], known: Map<string, unknown>) => uniq(ids).filter((id) => !known.has(id));
    const providerIds = newIds(claims.map((c) => c.providerId), cache.providersById);
    const billingNpis = newIds(claims.map((c) => c.billingNpi), cache.providersByNpi);

    // queries one after the other: `em` may be bound to one connection
    if (providerIds.length || billingNpis.length) {
      const rows = await em.createQueryBuilder(ProviderEntity, 'p').where('p.id = ANY(:ids) OR p.npi = ANY(:npis)', { ids: providerIds, npis: billingNpis }).getMany();
      for (const p of rows) {
        const facts = toProviderFacts(p);
        cache.providersById.set(p.id, facts);
        cache.providersByNpi.set(p.npi, facts);
      }
      rememberMisses(cache.providersById, providerIds);
      rememberMisses(cache.providersByNpi, billingNpis);
    }
    const recipientIds = newIds(claims.map((c) => c.recipientId), cache.recipientsById);
    const medicaidIds = newIds(claims.map((c) => c.medicaidId), cache.recipientsByMid);
    if (recipientIds.length || medicaidIds.length) {
      for (const r of await this.recipients.facts(em, recipientIds, medicaidIds, scope)) {
        cache.recipientsById.set(r.id, r);
        cache.recipientsByMid.set(r.medicaidId, r);
      }
      rememberMisses(cache.recipientsById, recipientIds);
      rememberMisses(cache.recipientsByMid, medicaidIds);
    }
    const providers = new Map<string, ProviderFacts>();
    for (const c of claims) {
      const p = (c.providerId && cache.providersById.get(c.providerId)) || (c.billingNpi && cache.providersByNpi.get(c.billingNpi)) || null;
      if (p) providers.set(p.id, p);
    }
    const recipientOf = (c: ClaimInput): RecipientFacts | undefined =>
      (c.recipientId && cache.recipientsById.get(c.recipientId)) || (c.medicaidId && cache.recipientsByMid.get(c.medicaidId)) || undefined;

    // staff named on lines (by id or NPI) and the approvers of the recipients' assessments and plans
    const recipients = new Set<RecipientFacts>();
    for (const c of claims) {
      const r = recipientOf(c);
      if (r) recipients.add(r);
    }
    const approverIds = [...recipients].flatMap((r) => [...r.assessments.map((a) => a.approvedByStaffId), ...r.treatmentPlans.map((p) => p.approvedByStaffId)]);
    const lines = claims.flatMap((c) => c.lines);
    const staffNpis = newIds(lines.map((l) => l.renderingNpi), cache.staffIdsByNpi);
    if (staffNpis.length) {
      const found = await this.staff.idsByNpi(em, staffNpis);
      for (const npi of staffNpis) cache.staffIdsByNpi.set(npi, found.filter((f) => f.npi === npi).map((f) => f.id));
    }
    const staffIds = newIds([...lines.map((l) => l.renderingStaffId), ...approverIds, ...staffNpis.flatMap((npi) => cache.staffIdsByNpi.get(npi) ?? [])], cache.staffById);
    if (staffIds.length) {
      for (const [id, f] of await this.staff.factsWithReferences(em, staffIds)) cache.staffById.set(id, f);
      rememberMisses(cache.staffById, staffIds);
    }
    const staffFacts = (id: string): StaffFacts | undefined => cache.staffById.get(id) ?? undefined;

    const newProviders = [...providers.keys()].filter((id) => !cache.inForce?.providers.has(id));
    if (!cache.inForce || newProviders.length) {
      const all = new Set([...(cache.inForce?.providers ?? []), ...newProviders]);
      cache.inForce = { providers: all, lookup: await this.approvals.inForceLookup(em, [...all], cache.programInForce) };
    }
    const programInForce = cache.inForce.lookup;

    // the (recipient, SFY) pairs the batch touches; nothing allocated per line
    const yearsOf = new Map<string, Set<string>>();
    const sfyOf = new Map<string, string | null>();
    for (const c of claims) {
      const r = recipientOf(c);
      if (!r) continue;
      let years = yearsOf.get(r.id);
      if (!years) yearsOf.set(r.id, (years = new Set()));
      for (const l of c.lines) {
        const date = l.dateOfService;
        let sfy = sfyOf.get(date);
        if (sfy === undefined) {
          sfy = typeof date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(date) ? stateFiscalYear(date) : null;
          sfyOf.set(date, sfy);
        }
        if (sfy !== null) years.add(sfy);
      }
    }
    const capKeys = [...yearsOf].flatMap(([recipientId, years]) => [...years].map((sfy) => ({ recipientId, sfy })));
    // a REPLACEMENT or VOID leaves out what its original recorded: only those claims' shares are needed
    const claimRefs = claims
      .filter((c) => c.frequency !== 'ORIGINAL')
      .flatMap((c) => {
        const pid = (c.providerId && cache.providersById.get(c.providerId)?.id) || (c.billingNpi ? cache.providersByNpi.get(c.billingNpi)?.id : undefined);
        return pid ? [{ providerId: pid, claimId: c.claimId }] : [];
      });
    let snapshot = await this.ledger.snapshot(em, uniq(capKeys.map((k) => k.recipientId)), uniq(capKeys.map((k) => k.sfy)), claimRefs);
    // the recorded lines of the batch's recipients on its dates (the valid ones: sfyOf has them)
    const dates = [...sfyOf].filter(([, sfy]) => sfy !== null).map(([date]) => date);
    const recorded = options.recordedLines === false ? new RecordedLines() : await this.history.read(em, [...yearsOf.keys()], dates, scope);

    const credentials = cache.credentials;
    const ctx: ClaimCheckContext = {
      catalog: this.rules.catalog,
      procedureCodes: this.rules.procedureCodes,
      providerById: (id) => cache.providersById.get(id) ?? undefined,
      providerByNpi: (npi) => cache.providersByNpi.get(npi) ?? undefined,
      staffById: staffFacts,
      staffByNpi: (npi, providerId) => {
        const ids = cache.staffIdsByNpi.get(npi);
        if (!ids?.length) return undefined;
        const id = (providerId && ids.find((i) => staffFacts(i)?.providerId === providerId)) || ids[0];
        return staffFacts(id);
      },
      recipientById: (id) => cache.recipientsById.get(id) ?? undefined,
      recipientByMedicaidId: (mid) => cache.recipientsByMid.get(mid) ?? undefined,
      credentialOf: (s: StaffFacts, date: DateOnly) => {
        const key = `${s.id}|${date}`;
        let hit = credentials.get(key);
        if (!hit) {
          hit = evaluateCredential(s, date, { staffById: staffFacts });
          credentials.set(key, hit);
        }
        return hit;
      },
      programInForce,
      capUsedMinutes: (recipientId, sfy, category, excluding) => snapshot.used(recipientId, sfy, category, excluding),
      recordedLines: (recipientId, dateOfService) => recorded.lines(recipientId, dateOfService),
    };
    return { ctx, capKeys, providers, useLedger: (s) => (snapshot = s), useRecordedLines: (read, recipientId, dates) => recorded.refresh(read, recipientId, dates) };
  }
}
