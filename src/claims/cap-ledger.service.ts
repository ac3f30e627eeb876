/**
 * The cap ledger: sums of recorded minutes per recipient, State fiscal year and category, and the
 * lock that serialises everything that may add to one recipient's year (so concurrent commits can
 * never together pass a cap).
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { CapCategory } from '../rules/claims';

/** Open (unreleased) minutes: the total, and what each recorded claim contributes. */
export class LedgerSnapshot {
  private readonly totals = new Map<string, number>();
  private readonly byClaim = new Map<string, number>();

  add(recipientId: string, sfy: string, category: CapCategory, minutes: number, providerId: string | null, claimId: string | null): void {
    const k = `${recipientId}|${sfy}|${category}`;
    this.totals.set(k, (this.totals.get(k) ?? 0) + minutes);
    if (providerId && claimId) {
      const c = `${k}|${providerId}|${claimId}`;
      this.byClaim.set(c, (this.byClaim.get(c) ?? 0) + minutes);
    }
  }

  used(recipientId: string, sfy: string, category: CapCategory, excluding?: { providerId: string; claimId: string }): number {
    const k = `${recipientId}|${sfy}|${category}`;
    const total = this.totals.get(k) ?? 0;
    return excluding ? total - (this.byClaim.get(`${k}|${excluding.providerId}|${excluding.claimId}`) ?? 0) : total;
  }
}

@Injectable()
export class CapLedgerService {
  /** One query for every (recipient, SFY) a batch touches. */
  async snapshot(em: EntityManager, recipientIds: string[], sfys: string[]): Promise<LedgerSnapshot> {
    const snap = new LedgerSnapshot();
    if (!recipientIds.length || !sfys.length) return snap;
    const rows: { recipient_id: string; sfy: string; category: CapCategory; provider_id: string | null; claim_id: string | null; minutes: number }[] = await em.query(
      `SELECT l.recipient_id, l.sfy, l.category, c.provider_id, c.claim_id, sum(l.minutes)::bigint AS minutes
         FROM cap_ledger_entries l
         LEFT JOIN claim_records c ON c.id = l.claim_record_id
        WHERE l.released_at IS NULL AND l.recipient_id = ANY($1::uuid[]) AND l.sfy = ANY($2::text[])
        GROUP BY l.recipient_id, l.sfy, l.category, c.provider_id, c.claim_id`,
      [recipientIds, sfys],
    );
    for (const r of rows) snap.add(r.recipient_id, r.sfy, r.category, Number(r.minutes), r.provider_id, r.claim_id);
    return snap;
  }

  /**
   * Serialises writers of the same recipients' years: transaction-scoped advisory locks, taken in a
   * fixed order so two transactions wanting the same pair of keys cannot deadlock.
   */
  async lock(em: EntityManager, keys: { recipientId: string; sfy: string }[]): Promise<void> {
    const unique = [...new Set(keys.map((k) => `cap:${k.recipientId}:${k.sfy}`))].sort();
    for (const key of unique) await em.query('SELECT pg_advisory_xact_lock(7262002, hashtext($1))', [key]);
  }

  async lockClaim(em: EntityManager, providerId: string, claimId: string): Promise<void> {
    await em.query('SELECT pg_advisory_xact_lock(7262003, hashtext($1))', [`claim:${providerId}:${claimId}`]);
  }
}
