/**
 * Every request but /health and /docs carries `Authorization: Bearer <api key>`, or (the web pages)
 * the session cookie given at sign-in. The key is looked up by its hash; its role must be one the
 * handler allows.
 */
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { DomainError } from '../common/domain-error';
import { ApiKeyEntity } from '../database/entities';
import type { Role } from '../rules/vocabulary';
import type { Actor } from './actor';
import { actorOfKey, hashApiKey } from './api-key.util';
import { PUBLIC_KEY, ROLES_KEY } from './auth.decorators';
import { WebSessionService } from '../session/web-session.service';

const CACHE_MS = 5_000;

@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly cache = new Map<string, { actor: Actor | null; at: number }>();

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
    const actor = m ? await this.lookup(m[1]) : header ? null : await this.sessions.authenticate(req);
    if (!m && !actor) throw new DomainError('UNAUTHENTICATED', 'send an API key as "Authorization: Bearer <key>", or sign in');
    if (!actor) throw new DomainError('UNAUTHENTICATED', 'the API key is not valid or has been revoked');
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, handlers);
    if (roles && actor.role !== 'ADMIN' && !roles.includes(actor.role)) {
      throw DomainError.forbidden(`this needs the role ${roles.join(' or ')}${roles.includes('ADMIN') ? '' : ' or ADMIN'}; the key has ${actor.role}`);
    }
    req.actor = { ...actor, requestId: req.id === undefined ? undefined : String(req.id) };
    return true;
  }

  private async lookup(key: string): Promise<Actor | null> {
    const hash = hashApiKey(key);
    const hit = this.cache.get(hash);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.actor;
    const row = await this.dataSource.getRepository(ApiKeyEntity).findOneBy({ keyHash: hash });
    const actor = actorOfKey(row);
    this.cache.set(hash, { actor, at: Date.now() });
    if (this.cache.size > 10_000) this.cache.clear();
    return actor;
  }

  /** Forget cached keys (after a key is revoked or changed). */
  invalidate(): void {
    this.cache.clear();
  }
}
