/**
 * Every request but /health and /docs carries `Authorization: Bearer <api key>`, or (the web pages)
 * the session cookie given at sign-in for a key. The key is looked up by its hash (answers kept 5 s);
 * its role must be one the handler allows, and a key whose holder's employment has ended stops
 * working the day after the end date, by either way in.
 */
import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { keyWorksOn } from '../rules/access-review';
import { today } from '../rules/dates';
import type { Role } from '../rules/vocabulary';
import type { Actor } from './actor';
import { hashApiKey } from './api-key.util';
import { PUBLIC_KEY, ROLES_KEY } from './auth.decorators';
import { WebSessionService } from '../session/web-session.service';

const CACHE_MS = 5_000;

interface CachedKey {
  actor: Actor | null;
  at: number;
  /** the holder's last day of employment: the key stops working the day after (checked on every use, not only on lookup) */
  holderEndDate: string | null;
  /** the last day of use already written to the database */
  usedOn: string | null;
}

@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly logger = new Logger('ApiKeyGuard');
  private readonly cache = new Map<string, CachedKey>();

  constructor(
    private readonly reflector: Reflector,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sessions: WebSessionService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const handlers = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, handlers)) return true;
    const req = context.switchToHttp().getRequest<Request & { actor?: Actor; id?: unknown }>();
    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    let key: CachedKey;
    if (m) key = await this.lookup(hashApiKey(m[1]));
    else if (header) throw new DomainError('UNAUTHENTICATED', 'send an API key as "Authorization: Bearer <key>"');
    else {
      const keyHash = await this.sessions.authenticate(req);
      if (!keyHash) throw new DomainError('UNAUTHENTICATED', 'send an API key as "Authorization: Bearer <key>", or sign in');
      key = await this.lookup(keyHash);
    }
    if (!key.actor) throw new DomainError('UNAUTHENTICATED', 'the API key is not valid or has been revoked');
    const day = today();
    if (!keyWorksOn(key.holderEndDate, day)) {
      throw new DomainError('UNAUTHENTICATED', `the API key is no longer valid: its holder's employment ended on ${key.holderEndDate}`);
    }
    const actor = key.actor;
    if (key.usedOn !== day) await this.recordUse(key, day);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, handlers);
    if (roles && actor.role !== 'ADMIN' && !roles.includes(actor.role)) {
      throw DomainError.forbidden(`this needs the role ${roles.join(' or ')}${roles.includes('ADMIN') ? '' : ' or ADMIN'}; the key has ${actor.role}`);
    }
    req.actor = { ...actor, requestId: req.id === undefined ? undefined : String(req.id) };
    return true;
  }

  private async lookup(hash: string): Promise<CachedKey> {
    const hit = this.cache.get(hash);
    const age = hit ? Date.now() - hit.at : -1;
    // (a clock set back makes the age negative: look the key up again)
    if (hit && age >= 0 && age < CACHE_MS) return hit;
    const rows: { id: string; name: string; role: Role; provider_ids: string[]; all_providers: boolean; revoked_at: Date | null; last_used_on: string | null; holder_end_date: string | null }[] =
      await this.dataSource.query(
        `SELECT k.id, k.name, k.role, k.provider_ids, k.all_providers, k.revoked_at, k.last_used_on, s.end_date AS holder_end_date
           FROM api_keys k LEFT JOIN staff s ON s.id = k.holder_staff_id
          WHERE k.key_hash = $1`,
        [hash],
      );
    const row = rows[0];
    const entry: CachedKey =
      row && !row.revoked_at
        ? {
            actor: { keyId: row.id, name: row.name, role: row.role, providerIds: row.provider_ids, allProviders: row.all_providers },
            at: Date.now(),
            holderEndDate: row.holder_end_date,
            usedOn: row.last_used_on,
          }
        : { actor: null, at: Date.now(), holderEndDate: null, usedOn: null };
    this.cache.set(hash, entry);
    if (this.cache.size > 10_000) this.cache.clear();
    return entry;
  }

  /**
   * Last use, for the access review: one write per key per day at most, not one per request. A failure
   * to write it does not refuse the request.
   */
  private async recordUse(key: CachedKey, day: string): Promise<void> {
    key.usedOn = day;
    try {
      await this.dataSource.query('UPDATE api_keys SET last_used_on = $2 WHERE id = $1 AND (last_used_on IS NULL OR last_used_on < $2)', [key.actor!.keyId, day]);
    } catch (e) {
      key.usedOn = null;
      this.logger.warn(`could not record the last use of API key ${key.actor!.keyId}: ${(e as Error).message}`);
    }
  }

  /** Forget cached keys (after a key is revoked or changed, or a holder's employment changes). */
  invalidate(): void {
    this.cache.clear();
  }
}
