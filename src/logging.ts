/**
 * JSON logs with no PHI: the Authorization header is removed, and Medicaid IDs and names in URLs
 * are masked, as are calendar feed secrets. Request bodies are never logged.
 */
import type { LoggerService } from '@nestjs/common';
import type { Options } from 'pino-http';
import * as crypto from 'node:crypto';

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

export function pinoOptions(level: string): Options {
  return {
    level,
    genReqId: (req, res) => {
      const given = req.headers['x-request-id'];
      const id = typeof given === 'string' && /^[\w-]{1,64}$/.test(given) ? given : crypto.randomUUID();
      res.setHeader('x-request-id', id);
      return id;
    },
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
