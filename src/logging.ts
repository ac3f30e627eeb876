/**
 * JSON logs with no PHI: the Authorization header is removed, and Medicaid IDs and names in URLs
 * are masked, as are calendar feed secrets. Request bodies are never logged.
 */
import type { LoggerService } from '@nestjs/common';
import type { Options } from 'pino-http';
import * as crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

const SENSITIVE_QUERY = /([?&](?:medicaidId|name|birthDate)=)[^&]*/gi;
/** a calendar feed's secret is in its path */
const FEED_SECRET = /(\/calendar-feeds\/[^/?]+\/)[^/?]+/gi;

export function maskUrl(url: string): string {
  return url.replace(SENSITIVE_QUERY, '$1***').replace(FEED_SECRET, '$1***');
}

/** Masks a Medicaid ID for messages: keep the last two characters. */
export function maskMedicaidId(id: string): string {
  return id.length <= 2 ? '**' : `${'*'.repeat(id.length - 2)}${id.slice(-2)}`;
}

/** The request's id: the caller's `x-request-id` when it is a plain token, else a new UUID; sent back as `x-request-id`. */
export function assignRequestId(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : crypto.randomUUID();
  res.setHeader('x-request-id', id);
  return id;
}

/**
 * Whether requests go through pino-http. At `silent` they do not: it would build a child logger per
 * request (serialising its bindings) and run the rest of the request in an AsyncLocalStorage, about 7%
 * of a small validation's CPU, to log nothing; requestIdMiddleware gives each request its id instead.
 */
export const logsRequests = (level: string): boolean => level !== 'silent';

/** A request's id (req.id, as pino-http sets it: the audit log records it) and its `x-request-id`, when pino-http is off. */
export function requestIdMiddleware(req: IncomingMessage & { id?: unknown }, res: ServerResponse, next: () => void): void {
  req.id = assignRequestId(req, res);
  next();
}

export function pinoOptions(level: string): Options {
  return {
    level,
    genReqId: assignRequestId,
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, url: maskUrl(req.url) }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], remove: true },
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info'),
    autoLogging: { ignore: (req) => req.url === '/health' },
  };
}

/** Nest's start-up chatter (modules initialised, every route mapped): debug, not info. */
const STARTUP_CONTEXTS = new Set(['NestFactory', 'NestApplication', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer']);

/**
 * The application logger: Nest's start-up lines go out at debug level, so at the default level the
 * start-up says only what a user needs (where it listens, the demo keys) instead of burying it.
 */
export class QuietStartupLogger implements LoggerService {
  constructor(private readonly inner: LoggerService) {}

  log(message: unknown, ...rest: unknown[]): void {
    const context = rest[rest.length - 1];
    if (typeof context === 'string' && STARTUP_CONTEXTS.has(context)) this.inner.debug?.(message, ...rest);
    else this.inner.log(message, ...rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.inner.error(message, ...rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.inner.warn(message, ...rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.inner.debug?.(message, ...rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.inner.verbose?.(message, ...rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.inner.fatal?.(message, ...rest);
  }
}
