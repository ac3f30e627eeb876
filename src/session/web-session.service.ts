/**
 * Web sessions for the pages: an API key is exchanged once for a random token in an HttpOnly,
 * SameSite=Strict cookie, so the key never sits in script-readable storage. Only hashes are stored.
 * A write authenticated by the cookie must also carry the session's CSRF token in `X-CSRF-Token`
 * and must not come from another site (Sec-Fetch-Site / Origin): SameSite alone is not relied on.
 */
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import * as crypto from 'node:crypto';
import { DataSource, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { actorOfKey, type Actor } from '../auth/actor';
import { hashApiKey } from '../auth/api-key.util';
import { keyWorksOn } from '../rules/access-review';
import { today } from '../rules/dates';
import { DomainError } from '../common/domain-error';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { ApiKeyEntity, ProviderEntity, WebSessionEntity } from '../database/entities';

export const SESSION_COOKIE = 'bhcheck_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What a request authenticated by the session cookie knows about its session. */
export interface SessionInfo {
  id: string;
  expiresAt: Date;
  csrfToken: string;
}

export type SessionRequest = Request & { webSession?: SessionInfo };

const sha256 = (text: string): string => crypto.createHash('sha256').update(text, 'utf8').digest('hex');
const newToken = (): string => crypto.randomBytes(32).toString('base64url');
/** Derived from the session token, so nothing more is stored; a page can read it, another site cannot. */
export const csrfTokenOf = (sessionToken: string): string => crypto.createHmac('sha256', sessionToken).update('bhcheck csrf').digest('base64url');

function sameText(a: string, b: string): boolean {
  return a.length === b.length && crypto.timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

/** The session cookie's value, or null (only this one cookie is read). */
export function sessionTokenOf(req: Request): string | null {
  const m = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([A-Za-z0-9_-]{20,100})(?:;|$)`).exec(req.headers.cookie ?? '');
  return m ? m[1] : null;
}

/** Refuses a request that a browser says came from another site (cross-site request forgery). */
export function assertSameSite(req: Request): void {
  const site = req.headers['sec-fetch-site'];
  if (typeof site === 'string' && site !== 'same-origin' && site !== 'none') {
    throw DomainError.forbidden(`a ${site} request may not act with the session cookie`);
  }
  const origin = req.headers.origin;
  if (typeof origin === 'string' && origin !== 'null') {
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      throw DomainError.forbidden('the Origin header is not a URL');
    }
    if (host !== req.headers.host) throw DomainError.forbidden(`a request from ${origin} may not act with the session cookie`);
  }
}

@Injectable()
export class WebSessionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {}

  /** Exchanges an API key for a new session; the token and CSRF token are returned once. */
  async signIn(apiKey: string): Promise<{ actor: Actor; token: string; session: SessionInfo }> {
    const key = await this.dataSource.getRepository(ApiKeyEntity).findOne({ where: { keyHash: hashApiKey(apiKey) }, relations: { holder: true } });
    if (!key || key.revokedAt) throw new DomainError('UNAUTHENTICATED', 'the API key is not valid or has been revoked');
    if (!keyWorksOn(key.holder?.endDate ?? null, today())) {
      throw new DomainError('UNAUTHENTICATED', `the API key is no longer valid: its holder's employment ended on ${key.holder?.endDate}`);
    }
    const actor = actorOfKey(key);
    const token = newToken();
    const expiresAt = new Date(Date.now() + this.config.sessionMinutes * 60_000);
    const saved = await this.dataSource.transaction(async (em) => {
      const row = await em.save(em.create(WebSessionEntity, { tokenHash: sha256(token), apiKeyId: actor.keyId!, expiresAt, endedAt: null }));
      await this.audit.record(em, actor, 'SIGN_IN', 'web_session', row.id, null, { apiKeyId: actor.keyId, expiresAt });
      return row;
    });
    return { actor, token, session: { id: saved.id, expiresAt, csrfToken: csrfTokenOf(token) } };
  }

  /**
   * The hash of the API key behind the session cookie (the guard then treats it as that key), or null
   * when the request has none. An expired or ended session is 401; a cookie-authenticated write without
   * the CSRF token, or from another site, 403.
   */
  async authenticate(req: SessionRequest): Promise<string | null> {
    const token = sessionTokenOf(req);
    if (!token) return null;
    const row = await this.dataSource.getRepository(WebSessionEntity).findOne({ where: { tokenHash: sha256(token) }, relations: { apiKey: true } });
    // `session` tells the pages why, so they can say so on the sign-in page
    if (!row || row.endedAt) throw new DomainError('UNAUTHENTICATED', 'you are signed out; sign in again', [], { session: 'ENDED' });
    if (row.expiresAt.getTime() <= Date.now()) throw new DomainError('UNAUTHENTICATED', 'the session has expired; sign in again', [], { session: 'EXPIRED' });
    if (!row.apiKey || row.apiKey.revokedAt) throw new DomainError('UNAUTHENTICATED', 'the API key of this session has been revoked', [], { session: 'KEY_REVOKED' });
    const csrfToken = csrfTokenOf(token);
    if (!SAFE_METHODS.has(req.method)) {
      assertSameSite(req);
      const sent = req.headers[CSRF_HEADER];
      if (typeof sent !== 'string' || !sameText(sent, csrfToken)) {
        throw DomainError.forbidden(`a change made with the session cookie needs the session's ${CSRF_HEADER} header`);
      }
    }
    req.webSession = { id: row.id, expiresAt: row.expiresAt, csrfToken };
    return row.apiKey.keyHash;
  }

  async signOut(actor: Actor, session: SessionInfo): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await em.update(WebSessionEntity, { id: session.id }, { endedAt: new Date() });
      await this.audit.record(em, actor, 'SIGN_OUT', 'web_session', session.id, null, { endedAt: new Date() });
    });
  }

  /** The names of the providers a caller acts for (all of them for an administrator or reviewer with every provider). */
  async providersOf(actor: Actor): Promise<{ id: string; name: string }[]> {
    const repo = this.dataSource.getRepository(ProviderEntity);
    const rows =
      actor.allProviders || actor.role === 'ADMIN'
        ? await repo.find({ select: { id: true, name: true }, order: { name: 'ASC' } })
        : await repo.find({ select: { id: true, name: true }, where: { id: In(actor.providerIds) }, order: { name: 'ASC' } });
    return rows.map((p) => ({ id: p.id, name: p.name }));
  }

  setCookie(req: Request, res: Response, token: string, expiresAt: Date): void {
    res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/', expires: expiresAt });
  }

  clearCookie(req: Request, res: Response): void {
    res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: req.secure, path: '/' });
  }
}
