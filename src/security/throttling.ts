/**
 * Rate limits (@nestjs/throttler), both answered 429 problem+json with Retry-After:
 * - failed authentication, per client address: past BHCHECK_AUTH_FAILURE_LIMIT failures in a minute the
 *   address is refused for BHCHECK_AUTH_FAILURE_BLOCK seconds, before any key is looked up (so a key
 *   cannot be tried meanwhile); other addresses are not affected;
 * - every API call, per API key: BHCHECK_RATE_LIMIT a minute, across all endpoints.
 * The counts live in this process's memory: each service process limits on its own.
 */
import { CanActivate, DynamicModule, ExecutionContext, Inject, Injectable, Logger, Module } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectThrottlerStorage, normalizeIp, ThrottlerException, ThrottlerGuard, ThrottlerModule, ThrottlerStorageService } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import type { Actor } from '../auth/actor';
import { ApiKeyGuard } from '../auth/api-key.guard';
import { PUBLIC_KEY } from '../auth/auth.decorators';
import { DomainError } from '../common/domain-error';
import { APP_CONFIG, type AppConfig } from '../config/config';

const MINUTE_MS = 60_000;
const AUTH_FAILURES = 'auth-failures';

const clientAddress = (req: Request): string => normalizeIp(req.ip ?? req.socket.remoteAddress ?? 'unknown');

const isPublic = (reflector: Reflector, context: ExecutionContext): boolean =>
  reflector.getAllAndOverride<boolean>(PUBLIC_KEY, [context.getHandler(), context.getClass()]) ?? false;

/** The 429 for a client refused after failed authentications (the filter makes it problem+json). */
function refusedClient(res: Response, retryAfterSeconds: number): ThrottlerException {
  res.setHeader('Retry-After', String(retryAfterSeconds));
  return new ThrottlerException(`too many failed authentications from this client; try again in ${retryAfterSeconds} s`);
}

/** Failed authentications per client address, in the throttler's storage. */
@Injectable()
export class AuthFailureThrottle {
  private readonly logger = new Logger('AuthFailureThrottle');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    // the in-memory storage: blockedFor reads its records (the storage interface can only count)
    @InjectThrottlerStorage() private readonly storage: ThrottlerStorageService,
  ) {}

  /** Seconds this client is still refused for; 0 when it is not. */
  blockedFor(req: Request): number {
    if (!this.config.authFailureLimit) return 0;
    const record = this.storage.storage.get(`${AUTH_FAILURES}:${clientAddress(req)}`);
    if (!record?.isBlocked) return 0;
    return Math.max(0, Math.ceil((record.blockExpiresAt - Date.now()) / 1000));
  }

  /** Counts a failed authentication; returns the seconds the client is now refused for (0: not refused). */
  async recordFailure(req: Request): Promise<number> {
    const { authFailureLimit: limit, authFailureBlockSeconds: block } = this.config;
    if (!limit) return 0;
    const address = clientAddress(req);
    const r = await this.storage.increment(`${AUTH_FAILURES}:${address}`, MINUTE_MS, limit, block * 1000, AUTH_FAILURES);
    if (!r.isBlocked) return 0;
    if (r.totalHits === limit + 1) this.logger.warn(`client ${address}: more than ${limit} failed authentications in a minute, refused for ${block} s`);
    return Math.max(1, r.timeToBlockExpire);
  }
}

/**
 * Runs an authentication (the guard, or the web sign-in that exchanges a key for a session) behind the
 * failed-authentication limit: a refused client gets 429 before its key is looked up; a failed
 * authentication is counted, and the one that goes past the limit is a 429.
 */
export async function throttledAuthentication<T>(failures: AuthFailureThrottle, req: Request, res: Response, authenticate: () => Promise<T>): Promise<T> {
  const refusedFor = failures.blockedFor(req);
  if (refusedFor) throw refusedClient(res, refusedFor);
  try {
    return await authenticate();
  } catch (e) {
    if (e instanceof DomainError && e.code === 'UNAUTHENTICATED') {
      const now = await failures.recordFailure(req);
      if (now) throw refusedClient(res, now);
    }
    throw e;
  }
}

/**
 * The API key guard behind the failed-authentication limit: a refused client gets 429 without its key
 * being looked up; a failed authentication is counted, and the one that goes past the limit is a 429.
 */
@Injectable()
export class ThrottledApiKeyGuard implements CanActivate {
  constructor(
    private readonly keys: ApiKeyGuard,
    private readonly failures: AuthFailureThrottle,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (isPublic(this.reflector, context)) return this.keys.canActivate(context);
    const http = context.switchToHttp();
    return throttledAuthentication(this.failures, http.getRequest<Request>(), http.getResponse<Response>(), () => this.keys.canActivate(context));
  }
}

/** The general limit, per API key (one budget across every endpoint); public routes are not limited. */
@Injectable()
export class ApiKeyRateLimitGuard extends ThrottlerGuard {
  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return isPublic(this.reflector, context);
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const actor = req.actor as Actor | undefined;
    return actor?.keyId ? `key:${actor.keyId}` : `address:${clientAddress(req as unknown as Request)}`;
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${throttlerName}:${tracker}`;
  }
}

@Module({})
export class ThrottlingModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ThrottlingModule,
      // one store of counts for the application: the sign-in page counts its failures in it too
      global: true,
      imports: [
        ThrottlerModule.forRoot({
          throttlers: [{ name: 'default', ttl: MINUTE_MS, limit: config.rateLimitPerMinute }],
          skipIf: () => config.rateLimitPerMinute === 0,
          errorMessage: (_context, limit) => `more than ${limit.limit} requests in a minute with this API key; try again in ${limit.timeToBlockExpire} s`,
        }),
      ],
      providers: [AuthFailureThrottle, ThrottledApiKeyGuard, ApiKeyRateLimitGuard],
      exports: [AuthFailureThrottle, ThrottledApiKeyGuard, ApiKeyRateLimitGuard],
    };
  }
}
