/**
 * Loads the registry facts a batch needs in a few queries (providers; recipients with their
 * assessments and plans; staff with supervisors, prescribers and approvers; program approvals; the
 * cap ledger), never one per line, and wraps them in the engine's ClaimCheckContext.
 */
import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { ProviderEntity } from '../database/entities';
import { toProviderFacts } from '../providers/providers.service';
import { RecipientsService } from '../recipients/recipients.service';
import type { ClaimCheckContext } from '../rules/claims';
import type { ProgramInForce } from '../rules/program-approval/types';
import { evaluateCredential, type CredentialResult } from '../rules/credentials';
import { stateFiscalYear, type DateOnly } from '../rules/dates';
import type { ClaimInput, ProviderFacts, RecipientFacts, StaffFacts } from '../rules/facts';
import { ProgramApprovalsService } from '../program-approvals/program-approvals.service';
import { StaffService } from '../staff/staff.service';
import { CapLedgerService, LedgerSnapshot } from './cap-ledger.service';
import { RULES_CONFIG, type RulesConfig } from './rules-config';

export interface LoadedContext {
  ctx: ClaimCheckContext;
  /** every recipient and SFY the batch touches (for cap locks and the caps report) */
  capKeys: { recipientId: string; sfy: string }[];
  providers: Map<string, ProviderFacts>;
  /** swap in fresh ledger sums (taken under the cap lock) */
  useLedger(snapshot: LedgerSnapshot): void;
}

/**
 * Answers worth keeping across the batches of one file (one CLI run or one upload): the registry does
 * not change under a single check, and one batch already touches nearly every staff member and date.
 */
export class LoaderCache {
  readonly credentials = new Map<string, CredentialResult>();
  readonly programInForce = new Map<string, ProgramInForce>();
}

const uniq = <T>(xs: (T | undefined | null)[]): T[] => [...new Set(xs.filter((x): x is T => x !== undefined && x !== null))];

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
  async load(em: EntityManager, claims: readonly ClaimInput[], cache: LoaderCache = new LoaderCache(), scope: string[] | null = null): Promise<LoadedContext> {
    const providerIds = uniq(claims.map((c) => c.providerId));
    const billingNpis = uniq(claims.map((c) => c.billingNpi));
    const lines = claims.flatMap((c) => c.lines);

    // queries one after the other: `em` may be bound to one connection
    const providerRows =
      providerIds.length || billingNpis.length
        ? await em.createQueryBuilder(ProviderEntity, 'p').where('p.id = ANY(:ids) OR p.npi = ANY(:npis)', { ids: providerIds, npis: billingNpis }).getMany()
        : [];
    const recipientList = await this.recipients.facts(em, uniq(claims.map((c) => c.recipientId)), uniq(claims.map((c) => c.medicaidId)), scope);
    const providers = new Map(providerRows.map((p) => [p.id, toProviderFacts(p)]));
    const providersByNpi = new Map(providerRows.map((p) => [p.npi, toProviderFacts(p)]));
    const recipientsById = new Map(recipientList.map((r) => [r.id, r]));
    const recipientsByMid = new Map(recipientList.map((r) => [r.medicaidId, r]));

    // staff named on lines (by id or NPI) and the approvers of the recipients' assessments and plans
    const approverIds = recipientList.flatMap((r) => [...r.assessments.map((a) => a.approvedByStaffId), ...r.treatmentPlans.map((p) => p.approvedByStaffId)]);
    const staffIds = uniq([...lines.map((l) => l.renderingStaffId), ...approverIds]);
    const staffNpis = uniq(lines.map((l) => l.renderingNpi));
    const byNpi = staffNpis.length ? await this.staff.idsByNpi(em, staffNpis) : [];
    const staffFacts = await this.staff.factsWithReferences(em, uniq([...staffIds, ...byNpi]));
    const staffByNpi = new Map<string, StaffFacts[]>();
    for (const s of staffFacts.values()) if (s.npi) staffByNpi.set(s.npi, [...(staffByNpi.get(s.npi) ?? []), s]);

    const programInForce = await this.approvals.inForceLookup(em, [...providers.keys()], cache.programInForce);

    const resolveRecipient = (c: ClaimInput): RecipientFacts | undefined =>
      (c.recipientId && recipientsById.get(c.recipientId)) || (c.medicaidId ? recipientsByMid.get(c.medicaidId) : undefined);
    const capKeyMap = new Map<string, { recipientId: string; sfy: string }>();
    for (const c of claims) {
      const r = resolveRecipient(c);
      if (!r) continue;
      for (const l of c.lines) {
        if (typeof l.dateOfService !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(l.dateOfService)) continue;
        const sfy = stateFiscalYear(l.dateOfService);
        capKeyMap.set(`${r.id}|${sfy}`, { recipientId: r.id, sfy });
      }
    }
    const capKeys = [...capKeyMap.values()];
    // a REPLACEMENT or VOID leaves out what its original recorded: only those claims' shares are needed
    const claimRefs = claims
      .filter((c) => c.frequency !== 'ORIGINAL')
      .flatMap((c) => {
        const pid = (c.providerId && providers.get(c.providerId)?.id) || (c.billingNpi ? providersByNpi.get(c.billingNpi)?.id : undefined);
        return pid ? [{ providerId: pid, claimId: c.claimId }] : [];
      });
    let snapshot = await this.ledger.snapshot(em, uniq(capKeys.map((k) => k.recipientId)), uniq(capKeys.map((k) => k.sfy)), claimRefs);

    const credentials = cache.credentials;
    const ctx: ClaimCheckContext = {
      catalog: this.rules.catalog,
      procedureCodes: this.rules.procedureCodes,
      providerById: (id) => providers.get(id),
      providerByNpi: (npi) => providersByNpi.get(npi),
      staffById: (id) => staffFacts.get(id),
      staffByNpi: (npi, providerId) => {
        const list = staffByNpi.get(npi);
        if (!list) return undefined;
        return (providerId && list.find((s) => s.providerId === providerId)) || list[0];
      },
      recipientById: (id) => recipientsById.get(id),
      recipientByMedicaidId: (mid) => recipientsByMid.get(mid),
      credentialOf: (s: StaffFacts, date: DateOnly) => {
        const key = `${s.id}|${date}`;
        let hit = credentials.get(key);
        if (!hit) {
          hit = evaluateCredential(s, date, { staffById: (id) => staffFacts.get(id) });
          credentials.set(key, hit);
        }
        return hit;
      },
      programInForce,
      capUsedMinutes: (recipientId, sfy, category, excluding) => snapshot.used(recipientId, sfy, category, excluding),
    };
    return { ctx, capKeys, providers, useLedger: (s) => (snapshot = s) };
  }
}
