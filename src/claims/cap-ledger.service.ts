/**
 * The cap ledger: sums of recorded minutes per recipient, State fiscal year and category (read into the
 * rules' CapMinutes), and the lock that serialises everything that may add to one recipient's year (so
 * concurrent commits can never together pass a cap). What counts, toward which cap and against which
 * limit is the rules' cap account (src/rules/claims/caps.ts), not decided here.
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { CapMinutes, capLimit, type CapCategory, type ServiceCatalog } from '../rules/claims';
import { stateFiscalYearRange, type DateOnly } from '../rules/dates';

export interface CapsView {
  recipientId: string;
  sfy: string;
  from: DateOnly;
  to: DateOnly;
  tcm: { usedMinutes: number; remainingMinutes: number; limitMinutes: number; citation: string };
  tla: { usedMinutes: number; remainingMinutes: number; limitMinutes: number; citation: string };
}

export interface OpenLedgerEntry {
  id: string;
  category: CapCategory;
  minutes: number;
  dateOfService: string;
  source: 'CLAIM' | 'EXTERNAL';
  providerId: string | null;
  providerName: string | null;
  claimId: string | null;
  lineId: string | null;
  service: string | null;
  externalReference: string | null;
  recordedAt: Date;
}

/** A row of the open totals: minutes per recipient, SFY and category. */
export interface OpenTotalRow {
  recipient_id: string;
  sfy: string;
  category: CapCategory;
  minutes: number | string;
}

/** The open totals of some recipients' years (placeholders: a uuid[] and a text[]). */
export const openTotalsSql = (recipientIds: string, sfys: string): string =>
  `SELECT recipient_id, sfy, category, sum(minutes)::bigint AS minutes
     FROM cap_ledger_entries
    WHERE released_at IS NULL AND recipient_id = ANY(${recipientIds}::uuid[]) AND sfy = ANY(${sfys}::text[])
    GROUP BY recipient_id, sfy, category`;

export function addOpenTotals(snap: CapMinutes, rows: readonly OpenTotalRow[]): void {
  for (const r of rows) snap.add(r.recipient_id, r.sfy, r.category, Number(r.minutes), null, null);
}

@Injectable()
export class CapLedgerService {
  /**
   * Open minutes for every (recipient, SFY) a batch touches: totals in one query, and what each named
   * claim contributes (the claims a REPLACEMENT or VOID leaves out) in another. Totals are grouped by
   * recipient, year and category only, so the cost does not grow with the claims already recorded.
   */
  async snapshot(em: EntityManager, recipientIds: string[], sfys: string[], claimRefs: { providerId: string; claimId: string }[] = []): Promise<CapMinutes> {
    const snap = new CapMinutes();
    if (!recipientIds.length || !sfys.length) return snap;
    addOpenTotals(snap, await em.query(openTotalsSql('$1', '$2'), [recipientIds, sfys]));
    await this.addClaimShares(em, snap, claimRefs);
    return snap;
  }

  /** What each named claim contributes to the open totals (a REPLACEMENT or VOID leaves its original out). */
  async addClaimShares(em: EntityManager, snap: CapMinutes, claimRefs: readonly { providerId: string; claimId: string }[]): Promise<void> {
    if (!claimRefs.length) return;
    const perClaim: { recipient_id: string; sfy: string; category: CapCategory; provider_id: string; claim_id: string; minutes: number }[] = await em.query(
      `SELECT l.recipient_id, l.sfy, l.category, c.provider_id, c.claim_id, sum(l.minutes)::bigint AS minutes
         FROM claim_records c
         JOIN unnest($1::uuid[], $2::text[]) AS ref(provider_id, claim_id) ON ref.provider_id = c.provider_id AND ref.claim_id = c.claim_id
         JOIN cap_ledger_entries l ON l.claim_record_id = c.id AND l.released_at IS NULL
        GROUP BY l.recipient_id, l.sfy, l.category, c.provider_id, c.claim_id`,
      [claimRefs.map((r) => r.providerId), claimRefs.map((r) => r.claimId)],
    );
    for (const r of perClaim) snap.addClaimShare(r.recipient_id, r.sfy, r.category, Number(r.minutes), r.provider_id, r.claim_id);
  }

  /** The open entries of one recipient's year with their claim, provider and the line's service, by date of service. */
  async openEntries(em: EntityManager, recipientId: string, sfy: string): Promise<OpenLedgerEntry[]> {
    const rows: (Omit<OpenLedgerEntry, 'minutes'> & { minutes: number | string })[] = await em.query(
      `SELECT l.id, l.category, l.minutes, to_char(l.date_of_service, 'YYYY-MM-DD') AS "dateOfService", l.source,
              l.provider_id AS "providerId", p.name AS "providerName", c.claim_id AS "claimId", l.line_id AS "lineId",
              (SELECT li->>'service' FROM jsonb_array_elements(v.report->'lines') li WHERE li->>'lineId' = l.line_id LIMIT 1) AS service,
              l.external_reference AS "externalReference", l.recorded_at AS "recordedAt"
         FROM cap_ledger_entries l
         LEFT JOIN claim_records c ON c.id = l.claim_record_id
         LEFT JOIN claim_versions v ON v.claim_record_id = l.claim_record_id AND v.version = l.claim_version
         LEFT JOIN providers p ON p.id = l.provider_id
        WHERE l.recipient_id = $1 AND l.sfy = $2 AND l.released_at IS NULL
        ORDER BY l.date_of_service, l.recorded_at, l.category`,
      [recipientId, sfy],
    );
    return rows.map((r) => ({ ...r, minutes: Number(r.minutes) }));
  }

  /**
   * Serialises writers of the same recipients' years: transaction-scoped advisory locks, taken in a
   * fixed order so two transactions wanting the same pair of keys cannot deadlock.
   */
  async lock(em: EntityManager, keys: { recipientId: string; sfy: string }[]): Promise<void> {
    const unique = [...new Set(keys.map((k) => `cap:${k.recipientId}:${k.sfy}`))].sort();
    for (const key of unique) await em.query('SELECT pg_advisory_xact_lock(7262002, hashtext($1))', [key]);
  }

  /**
   * Minutes used and left in a year, across providers, against the limit in force on `asOf` (taken into
   * the year: the rules' capLimit, as a claim line is judged). `em`: a transaction holding the cap lock
   * reads its own writes.
   */
  async capsView(em: EntityManager, catalog: ServiceCatalog, recipientId: string, sfy: string, asOf: DateOnly): Promise<CapsView> {
    const { from, to } = stateFiscalYearRange(sfy);
    const snapshot = await this.snapshot(em, [recipientId], [sfy]);
    const view = (category: CapCategory) => {
      const limit = capLimit(catalog, category, sfy, asOf);
      if (!limit) throw DomainError.field('sfy', `no ${category} limit is in force in ${sfy}`);
      const used = snapshot.used(recipientId, sfy, category);
      return { usedMinutes: used, remainingMinutes: Math.max(0, limit.minutesPerSfy - used), limitMinutes: limit.minutesPerSfy, citation: limit.citation };
    };
    return { recipientId, sfy, from, to, tcm: view('TCM'), tla: view('TLA') };
  }

  async lockClaim(em: EntityManager, providerId: string, claimId: string): Promise<void> {
    await em.query('SELECT pg_advisory_xact_lock(7262003, hashtext($1))', [`claim:${providerId}:${claimId}`]);
  }

  /** Serialises requests recording the same outside usage reference (a retry waits, then repeats). */
  async lockUsage(em: EntityManager, providerId: string, externalReference: string): Promise<void> {
    await em.query('SELECT pg_advisory_xact_lock(7262004, hashtext($1))', [`usage:${providerId}:${externalReference}`]);
  }
}
