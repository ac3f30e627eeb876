/**
 * The audit log: one row per write, in the same transaction as the write, with a SHA-256 of the
 * record before and after (canonical JSON, keys sorted) so a change can be proven without keeping PHI.
 */
import { Injectable } from '@nestjs/common';
import * as crypto from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../auth/actor';
import { AuditLogEntity } from '../database/entities';

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined && typeof v !== 'function')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function hashRecord(value: unknown): string | null {
  if (value == null) return null;
  return crypto.createHash('sha256').update(canonicalJson(value)).digest('hex');
}

export type AuditAction =
  | 'CREATE'
  | 'UPDATE'
  | 'END_EMPLOYMENT'
  | 'ISSUE_KEY'
  | 'UPDATE_KEY'
  | 'REVOKE_KEY'
  | 'RECORD_ACCESS_REVIEW'
  | 'RECORD_EVENT'
  | 'RECORD_EVIDENCE'
  | 'COMMIT_CLAIM'
  | 'RECORD_USAGE'
  | 'CORRECT_USAGE'
  | 'VOID_USAGE'
  | 'LINK'
  | 'READ'
  | 'REVOKE_FEED'
  | 'SIGN_IN'
  | 'SIGN_OUT';

@Injectable()
export class AuditService {
  async record(
    manager: EntityManager,
    actor: Actor,
    action: AuditAction,
    entity: string,
    entityId: string,
    before: unknown,
    after: unknown,
  ): Promise<void> {
    await manager.insert(AuditLogEntity, {
      actorKeyId: actor.keyId,
      actorRole: actor.role,
      action,
      entity,
      entityId,
      beforeHash: hashRecord(before),
      afterHash: hashRecord(after),
      requestId: actor.requestId ?? null,
    });
  }

  /**
   * Reads of records holding PHI (a recipient's), one row each with who, when and which record, and
   * nothing of the record itself, in one statement. Only reads through an API key are recorded: the
   * system itself (start-up, the CLI working on its own database) has no key.
   */
  async recordReads(manager: EntityManager, actor: Actor, entity: string, entityIds: readonly string[]): Promise<void> {
    const reads = readsStatement(actor, entity, entityIds, 1);
    if (reads) await manager.query(reads.sql, reads.params);
  }
}

/**
 * recordReads as a statement to send with others in one round trip (a claim check writes its reads with
 * the query of the cap ledger and the recorded lines): its SQL, with placeholders numbered from `first`,
 * and its parameters; null when there is nothing to record.
 */
export function readsStatement(actor: Actor, entity: string, entityIds: readonly string[], first: number): { sql: string; params: unknown[] } | null {
  if (actor.keyId === null || entityIds.length === 0) return null;
  const [key, role, ent, ids, req] = [0, 1, 2, 3, 4].map((i) => `$${first + i}`);
  return {
    sql: `INSERT INTO audit_log (actor_key_id, actor_role, action, entity, entity_id, request_id)
       SELECT ${key}, ${role}, 'READ', ${ent}, id, ${req} FROM unnest(${ids}::text[]) AS id`,
    params: [actor.keyId, actor.role, entity, [...new Set(entityIds)], actor.requestId ?? null],
  };
}
