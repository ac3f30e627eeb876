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
import { CapMinutes, RecordedLines, type ClaimCheckContext, type EligibilityContext } from '../rules/claims';
import type { ProgramInForce } from '../rules/program-approval/types';
import { evaluateCredential, type CredentialResult } from '../rules/credentials';
import { stateFiscalYear, type DateOnly } from '../rules/dates';
import type { ClaimInput, ProviderFacts, RecipientFacts, StaffFacts } from '../rules/facts';
import { ProgramApprovalsService } from '../program-approvals/program-approvals.service';
import { staffInScope, StaffService } from '../staff/staff.service';
import { addOpenTotals, CapLedgerService, openTotalsSql, type OpenTotalRow } from './cap-ledger.service';
import { addRecordedLines, openLinesSql, type RecordedLineRow } from './claim-history.service';
import { RULES_CONFIG, type RulesConfig } from './rules-config';

export interface LoadedContext {
  ctx: ClaimCheckContext;
  /** every recipient and SFY the batch touches (for cap locks and the caps report) */
  capKeys: { recipientId: string; sfy: string }[];
  /** the recipients the batch's claims name and the key may see (their checks read the record) */
  recipientIds: string[];
  providers: Map<string, ProviderFacts>;
  /** swap in fresh ledger sums (taken under the cap lock) */
  useLedger(snapshot: CapMinutes): void;
  /** take fresh recorded lines for a recipient's dates (read under a claim's lock) */
  useRecordedLines(read: RecordedLines, recipientId: string, dates: readonly DateOnly[]): void;
}

/** One provider as the staff rules and its service's provider rules see it (ClaimContextLoader.providerContext). */
export interface ProviderContext {
  provider: ProviderFacts;
  roster: StaffFacts[];
  ctx: EligibilityContext;
}

/** SQL with its parameters, to send with another statement. */
export interface Statement {
  sql: string;
  params: unknown[];
}

export interface LoadOptions {
  /** read the duplicate check's history for the batch (recording reads it per claim, under the claim's lock, instead) */
  recordedLines?: boolean;
  /**
   * a statement to send with the read of the cap ledger and the recorded lines, given the recipients the
   * batch's claims name and the key may see, and the number of its first placeholder (the session's audit
   * of those reads: one round trip, one outcome)
   */
  alsoRun?: (recipientIds: string[], first: number) => Statement | null;
}

/** One string per key scope (the providers a key acts for, or all). */
export const scopeKeyOf = (scope: readonly string[] | null): string => (scope ? [...scope].sort().join(',') : '*');

/**
 * Registry answers for one key scope, as the registry stood when they were read: kept for a check
 * session (a file's batches share them) and between sessions while the registry does not change
 * (RegistryCache). Registry facts are kept with what was not found (null), so each key is asked for
 * once, and the claims' providers and recipients are resolved once. The cap ledger and the recorded
 * lines are not kept: recording changes them, and they are read per batch (under the lock when
 * recording). Several sessions may fill one cache at once: each load asks for what is still missing
 * after every query, and every answer it stores is one the registry gave.
 */
export class LoaderCache {
  readonly credentials = new Map<string, CredentialResult>();
  readonly programInForce = new Map<string, ProgramInForce>();
  readonly providersById = new Map<string, ProviderFacts | null>();
  readonly providersByNpi = new Map<string, ProviderFacts | null>();
  readonly recipientsById = new Map<string, RecipientFacts | null>();
  readonly recipientsByMid = new Map<string, RecipientFacts | null>();
  readonly staffById = new Map<string, StaffFacts | null>();
  readonly staffIdsByNpi = new Map<string, string[]>();
  /** providerId → its own staff, loaded when a staff rule's error is to name who could have rendered the line */
  readonly rosters = new Map<string, StaffFacts[]>();
  /** Table N approvals of the providers loaded so far */
  inForce: { providers: Set<string>; lookup: ClaimCheckContext['programInForce'] } | null = null;
  /** the key scope the recipients and staff were found through: a cache serves one scope only */
  private scopeKey: string | undefined;

  /** The registered provider a claim names (by providerId, else billing NPI), once resolved. */
  providerIdOf(claim: ClaimInput): string | undefined {
    if (claim.providerId) return this.providersById.get(claim.providerId)?.id;
    return claim.billingNpi ? (this.providersByNpi.get(claim.billingNpi)?.id ?? undefined) : undefined;
  }

  useScope(scope: string[] | null): void {
    const key = scopeKeyOf(scope);
    if (this.scopeKey !== undefined && this.scopeKey !== key) {
      this.recipientsById.clear();
      this.recipientsByMid.clear();
      // a credential names (or not) the supervisor the scope lets it see
      this.credentials.clear();
    }
    this.scopeKey = key;
  }

  /** How many answers it holds (a shared cache is started afresh past a bound). */
  get size(): number {
    return this.credentials.size + this.programInForce.size + this.providersById.size + this.recipientsById.size + this.recipientsByMid.size + this.staffById.size + this.staffIdsByNpi.size + this.rosters.size;
  }
}

/**
 * Staff in claim checks (issue: scope). A key sees staff of its own providers only: another provider's
 * rendering staff, supervisors and prescribers are "not registered" to it, so a report never names them
 * or their employer. The approver of an assessment or plan recorded by another provider (the assessment
 * may be any provider's) is judged on their credentials but never named: the engine is handed the record
 * with its approver under an alias whose facts carry no name. An approver of another provider on a
 * record of the key's own provider is not accepted.
 */
const OTHER_PROVIDER_APPROVER = 'approver-of-another-provider:';
const OTHER_PROVIDER_APPROVER_NAME = 'the approver recorded by another provider';

function approverOfOtherProvider(staff: ReadonlyMap<string, StaffFacts | null>): (alias: string) => StaffFacts | undefined {
  const made = new Map<string, StaffFacts>();
  return (alias) => {
    let facts = made.get(alias);
    if (!facts) {
      const real = staff.get(alias.slice(OTHER_PROVIDER_APPROVER.length));
      if (!real) return undefined;
      facts = { ...real, id: alias, name: OTHER_PROVIDER_APPROVER_NAME, npi: null, birthDate: null };
      made.set(alias, facts);
    }
    return facts;
  };
}

/** The recipient as a key may check claims against it: records of other providers carry their approver under the alias. */
function recipientsInScope(scope: readonly string[] | null, staff: ReadonlyMap<string, StaffFacts | null>): (r: RecipientFacts | null | undefined) => RecipientFacts | undefined {
  const made = new Map<RecipientFacts, RecipientFacts>();
  const alias = <T extends { providerId: string; approvedByStaffId: string | null }>(record: T): T => {
    const approver = record.approvedByStaffId ? staff.get(record.approvedByStaffId) : null;
    if (!approver || scope!.includes(approver.providerId) || scope!.includes(record.providerId) || approver.providerId !== record.providerId) return record;
    return { ...record, approvedByStaffId: `${OTHER_PROVIDER_APPROVER}${approver.id}` };
  };
  return (r) => {
    if (!r || scope === null) return r ?? undefined;
    let out = made.get(r);
    if (!out) {
      out = { ...r, assessments: r.assessments.map(alias), treatmentPlans: r.treatmentPlans.map(alias) };
      made.set(r, out);
    }
    return out;
  };
}

const uniq = <T>(xs: (T | undefined | null)[]): T[] => [...new Set(xs.filter((x): x is T => x !== undefined && x !== null))];
/** The keys not asked for yet. */
const newIds = (ids: (string | null | undefined)[], known: Map<string, unknown>) => uniq(ids).filter((id) => !known.has(id));

/** The credential engine's answers over the cache's staff, each (person, date) asked once per session. */
function credentialsOf(cache: LoaderCache, staffFacts: (id: string) => StaffFacts | undefined): ClaimCheckContext['credentialOf'] {
  const credentials = cache.credentials;
  return (s, date) => {
    const key = `${s.id}|${date}`;
    let hit = credentials.get(key);
    if (!hit) {
      hit = evaluateCredential(s, date, { staffById: staffFacts });
      credentials.set(key, hit);
    }
    return hit;
  };
}

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
  ) {}

  /**
   * scope: the providers the key acts for (null: all). A recipient is found only through them: another
   * provider's recipient is UNKNOWN_RECIPIENT, so no report ever shows facts of someone the key may not see.
   */
  async load(
    em: EntityManager,
    claims: readonly ClaimInput[],
    cache: LoaderCache = new LoaderCache(),
    scope: string[] | null = null,
    options: LoadOptions = {},
  ): Promise<LoadedContext> {
    cache.useScope(scope);
    // queries one after the other: `em` may be bound to one connection
    await this.resolveProviders(em, claims, cache);
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
    const staffFacts = staffInScope(scope, cache.staffById);
    const otherProviderApprover = approverOfOtherProvider(cache.staffById);
    const staffById = (id: string): StaffFacts | undefined => (id.startsWith(OTHER_PROVIDER_APPROVER) ? otherProviderApprover(id) : staffFacts(id));
    const recipientInScope = recipientsInScope(scope, cache.staffById);
    // the approvers' providers: whether an approver is an Independent Practitioner (140.452(a)(3)) must not
    // depend on which claims share the batch
    await this.loadProviders(em, cache, newIds(uniq(approverIds).map((id) => cache.staffById.get(id)?.providerId), cache.providersById), []);

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
        const pid = cache.providerIdOf(c);
        return pid ? [{ providerId: pid, claimId: c.claimId }] : [];
      });
    // the recorded lines of the batch's recipients on its dates (the valid ones: sfyOf has them)
    const dates = [...sfyOf].filter(([, sfy]) => sfy !== null).map(([date]) => date);
    const recipientIdsFound = [...recipients].map((r) => r.id);
    const usage = await this.readUsage(em, {
      capRecipientIds: uniq(capKeys.map((k) => k.recipientId)),
      sfys: uniq(capKeys.map((k) => k.sfy)),
      lines: options.recordedLines === false ? null : { recipientIds: [...yearsOf.keys()], dates, scope },
      alsoRun: options.alsoRun && ((first) => options.alsoRun!(recipientIdsFound, first)),
    });
    let snapshot = usage.snapshot;
    const recorded = usage.recorded;
    if (capKeys.length) await this.ledger.addClaimShares(em, snapshot, claimRefs);

    const ctx: ClaimCheckContext = {
      catalog: this.rules.catalog,
      procedureCodes: this.rules.procedureCodes,
      providerById: (id) => cache.providersById.get(id) ?? undefined,
      providerByNpi: (npi) => cache.providersByNpi.get(npi) ?? undefined,
      staffById,
      staffByNpi: (npi, providerId) => {
        const ids = cache.staffIdsByNpi.get(npi)?.filter((i) => staffFacts(i));
        if (!ids?.length) return undefined;
        const id = (providerId && ids.find((i) => staffFacts(i)?.providerId === providerId)) || ids[0];
        return staffFacts(id);
      },
      recipientById: (id) => recipientInScope(cache.recipientsById.get(id)),
      recipientByMedicaidId: (mid) => recipientInScope(cache.recipientsByMid.get(mid)),
      credentialOf: credentialsOf(cache, staffFacts),
      programInForce,
      capUsedMinutes: (recipientId, sfy, category, excluding) => snapshot.used(recipientId, sfy, category, excluding),
      recordedLines: (recipientId, dateOfService) => recorded.lines(recipientId, dateOfService),
    };
    return { ctx, capKeys, recipientIds: recipientIdsFound, providers, useLedger: (s) => (snapshot = s), useRecordedLines: (read, recipientId, dates) => recorded.refresh(read, recipientId, dates) };
  }

  /**
   * The cap ledger's open totals and the recorded lines (when asked for), with the caller's statement,
   * in one round trip: each part a UNION ALL branch of JSON rows, the caller's statement a data-modifying
   * CTE (PostgreSQL runs it once, to completion, whether or not anything reads it).
   */
  private async readUsage(
    em: EntityManager,
    want: {
      capRecipientIds: string[];
      sfys: string[];
      lines: { recipientIds: string[]; dates: DateOnly[]; scope: string[] | null } | null;
      alsoRun: ((first: number) => Statement | null) | undefined;
    },
  ): Promise<{ snapshot: CapMinutes; recorded: RecordedLines }> {
    const snapshot = new CapMinutes();
    const recorded = new RecordedLines();
    const params: unknown[] = [];
    const param = (value: unknown): string => `$${params.push(value)}`;
    const parts: string[] = [];
    if (want.capRecipientIds.length && want.sfys.length) {
      parts.push(`SELECT 'cap' AS part, to_json(t) AS row FROM (${openTotalsSql(param(want.capRecipientIds), param(want.sfys))}) t`);
    }
    const { lines } = want;
    if (lines && lines.recipientIds.length && lines.dates.length) {
      parts.push(`SELECT 'line' AS part, to_json(t) AS row FROM (${openLinesSql(param(lines.recipientIds), param(lines.dates), param(lines.scope))}) t`);
    }
    const also = want.alsoRun?.(params.length + 1) ?? null;
    if (!parts.length && !also) return { snapshot, recorded };
    if (also) params.push(...also.params);
    const select = parts.length ? parts.join('\n UNION ALL\n') : `SELECT NULL::text AS part, NULL::json AS row WHERE false`;
    const rows: { part: 'cap' | 'line'; row: OpenTotalRow & RecordedLineRow }[] = await em.query(also ? `WITH also AS (${also.sql})\n${select}` : select, params);
    addOpenTotals(snapshot, rows.filter((r) => r.part === 'cap').map((r) => r.row));
    addRecordedLines(recorded, rows.filter((r) => r.part === 'line').map((r) => r.row));
    return { snapshot, recorded };
  }

  /**
   * The rosters of providers the cache does not hold yet (one query for them all, and their supervisors
   * and prescribers): what naming who could have rendered a line, and the eligible-staff answer, read.
   */
  async loadRosters(em: EntityManager, providerIds: readonly string[], cache: LoaderCache): Promise<void> {
    const wanted = providerIds.filter((id) => !cache.rosters.has(id));
    if (!wanted.length) return;
    const facts = await this.staff.factsOfProviders(em, wanted);
    const rosters = new Map(wanted.map((id) => [id, [] as StaffFacts[]]));
    for (const [id, f] of facts) {
      // the facts the engine already holds stay the ones it memoises on
      const known = cache.staffById.get(id) ?? f;
      if (known === f) cache.staffById.set(id, f);
      rosters.get(known.providerId)?.push(known);
    }
    for (const [id, roster] of rosters) cache.rosters.set(id, roster);
  }

  /**
   * What the staff rules and the service's provider rules read for one provider, outside a claim: the
   * provider (undefined when not registered), its roster, the credential engine over it and its Table N
   * approvals, found through the key's scope as a claim check finds them. `assertScope` runs before
   * anything but the provider is read.
   */
  async providerContext(em: EntityManager, providerId: string, scope: string[] | null, assertScope: (provider: ProviderFacts) => void): Promise<ProviderContext | undefined> {
    const cache = new LoaderCache();
    cache.useScope(scope);
    await this.loadProviders(em, cache, [providerId], []);
    const provider = cache.providersById.get(providerId);
    if (!provider) return undefined;
    assertScope(provider);
    await this.loadRosters(em, [providerId], cache);
    const staffFacts = staffInScope(scope, cache.staffById);
    const ctx: EligibilityContext = {
      providerById: (id) => cache.providersById.get(id) ?? undefined,
      staffById: staffFacts,
      credentialOf: credentialsOf(cache, staffFacts),
      programInForce: await this.approvals.inForceLookup(em, [providerId], cache.programInForce),
    };
    return { provider, roster: cache.rosters.get(providerId) ?? [], ctx };
  }

  /** The providers the claims name that the cache does not know yet, in one query (LoaderCache.providerIdOf then answers). */
  async resolveProviders(em: EntityManager, claims: readonly ClaimInput[], cache: LoaderCache): Promise<void> {
    await this.loadProviders(em, cache, newIds(claims.map((c) => c.providerId), cache.providersById), newIds(claims.map((c) => c.billingNpi), cache.providersByNpi));
  }

  private async loadProviders(em: EntityManager, cache: LoaderCache, ids: string[], npis: string[]): Promise<void> {
    if (!ids.length && !npis.length) return;
    const rows = await em.createQueryBuilder(ProviderEntity, 'p').where('p.id = ANY(:ids) OR p.npi = ANY(:npis)', { ids, npis }).getMany();
    for (const p of rows) {
      const facts = toProviderFacts(p);
      cache.providersById.set(p.id, facts);
      cache.providersByNpi.set(p.npi, facts);
    }
    rememberMisses(cache.providersById, ids);
    rememberMisses(cache.providersByNpi, npis);
  }
}
