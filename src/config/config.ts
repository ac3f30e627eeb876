/**
 * Start-up settings, read and validated once (fail fast with a message that names the variable).
 * See README "Settings".
 */
import * as net from 'node:net';
import * as path from 'node:path';

export interface AppConfig {
  port: number;
  host: string;
  /** null: start the embedded PostgreSQL in dataDir. Otherwise the role the service works as. */
  databaseUrl: string | null;
  /** the owner role of that database, which runs the migrations (null: DATABASE_URL's role does) */
  databaseOwnerUrl: string | null;
  dataDir: string;
  loadDemo: boolean;
  adminKey: string | null;
  /** bytes accepted in a JSON request body */
  jsonBodyLimit: number;
  /** bytes accepted in an X12 upload */
  x12BodyLimit: number;
  /** claim lines accepted in one validation request */
  maxLinesPerRequest: number;
  logLevel: string;
  /** API requests per minute per API key; 0: no limit */
  rateLimitPerMinute: number;
  /** failed authentications per minute a client (address) may make before it is refused; 0: no limit */
  authFailureLimit: number;
  /** seconds a client that went past authFailureLimit is refused */
  authFailureBlockSeconds: number;
  /** Express "trust proxy": the proxies whose X-Forwarded-For names the client (false: none) */
  trustProxy: false | number | string[];
  /** where config/*.json (service catalogue, procedure codes, holidays) are read from */
  configDir: string;
  projectRoot: string;
  /** the base of the URLs the service hands out (calendar feeds); null: from the request's Host */
  publicUrl: string | null;
  /** pins "today" (tests and demos only; never read from the environment) */
  today?: string;
  /** how long a web session lasts after sign-in */
  sessionMinutes: number;
  /** an enrollment criterion whose evidence lapses within this many days is EXPIRING */
  enrollmentExpiringDays: number;
}

export class ConfigError extends Error {}

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..', __dirname.includes(`${path.sep}dist${path.sep}`) ? '..' : '');

function parseBool(name: string, raw: string | undefined, fallback: boolean): boolean {
  if (raw === undefined || raw === '') return fallback;
  if (/^(true|1|yes)$/i.test(raw)) return true;
  if (/^(false|0|no)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got ${JSON.stringify(raw)}`);
}

function parseIntSetting(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got ${JSON.stringify(raw)}`);
  const n = Number(raw);
  if (n < min || n > max) throw new ConfigError(`${name} must be between ${min} and ${max}, got ${n}`);
  return n;
}

function parseSize(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const m = /^(\d+)\s*(b|kb|mb)?$/i.exec(raw.trim());
  if (!m) throw new ConfigError(`${name} must be a size such as 10mb, got ${JSON.stringify(raw)}`);
  const unit = (m[2] ?? 'b').toLowerCase();
  return Number(m[1]) * (unit === 'mb' ? 1024 * 1024 : unit === 'kb' ? 1024 : 1);
}

function parseDatabaseUrl(name: string, raw: string | undefined): URL | null {
  const value = raw?.trim();
  if (!value) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name} must be a postgres:// or postgresql:// URL`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') throw new ConfigError(`${name} must be a postgres:// or postgresql:// URL`);
  return url;
}

/** DATABASE_URL (the runtime role) and DATABASE_OWNER_URL (the owner role): one database, two roles. */
function parseDatabaseUrls(env: NodeJS.ProcessEnv): { databaseUrl: string | null; databaseOwnerUrl: string | null } {
  const runtime = parseDatabaseUrl('DATABASE_URL', env.DATABASE_URL);
  const owner = parseDatabaseUrl('DATABASE_OWNER_URL', env.DATABASE_OWNER_URL);
  if (owner) {
    if (!runtime) throw new ConfigError('DATABASE_OWNER_URL is set but DATABASE_URL is not: DATABASE_URL is the role the service works as, DATABASE_OWNER_URL the owner of its schema');
    const where = (u: URL) => `${u.hostname}:${u.port || '5432'}${u.pathname}`;
    if (where(owner) !== where(runtime)) {
      throw new ConfigError(`DATABASE_OWNER_URL must name the same server and database as DATABASE_URL (${where(owner)} is not ${where(runtime)})`);
    }
    if (!runtime.username) throw new ConfigError('DATABASE_URL must name its role (postgres://ROLE:PASSWORD@host/database) when DATABASE_OWNER_URL is set');
    if (decodeURIComponent(owner.username) === decodeURIComponent(runtime.username)) {
      throw new ConfigError(`DATABASE_OWNER_URL and DATABASE_URL both name the role "${decodeURIComponent(runtime.username)}": DATABASE_URL must be a role that does not own the schema`);
    }
  }
  return { databaseUrl: runtime ? env.DATABASE_URL!.trim() : null, databaseOwnerUrl: owner ? env.DATABASE_OWNER_URL!.trim() : null };
}

/** A database URL to show: without its password. */
export function describeDatabaseUrl(raw: string): string {
  const url = new URL(raw);
  const user = url.username ? `${decodeURIComponent(url.username)}@` : '';
  return `PostgreSQL ${user}${url.hostname}:${url.port || '5432'}${decodeURIComponent(url.pathname)}`;
}

const PROXY_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/** A hop count, or addresses / CIDR ranges / loopback, linklocal, uniquelocal; never "trust everyone". */
function parseTrustProxy(raw: string | undefined): AppConfig['trustProxy'] {
  const value = raw?.trim() ?? '';
  if (value === '' || /^(false|no|0)$/i.test(value)) return false;
  if (/^\d+$/.test(value)) return parseIntSetting('BHCHECK_TRUST_PROXY', value, 0, 1, 10);
  const items = value.split(',').map((i) => i.trim());
  for (const item of items) {
    const [address, bits, extra] = item.split('/');
    const family = net.isIP(address);
    const bitsOk = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
    if (!(PROXY_NAMES.includes(item) || (family && bitsOk && extra === undefined))) {
      throw new ConfigError(
        `BHCHECK_TRUST_PROXY must be a number of proxy hops, or a comma-separated list of proxy addresses, CIDR ranges or ${PROXY_NAMES.join(', ')}; got ${JSON.stringify(item)}` +
          (/^(true|yes)$/i.test(item) ? ' (trusting every sender would let any client choose the address it is limited by)' : ''),
      );
    }
  }
  return items;
}

function parsePublicUrl(raw: string | undefined): string | null {
  const value = raw?.trim();
  if (!value) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`BHCHECK_PUBLIC_URL must be an absolute http(s) URL such as https://bhcheck.example.org, got ${JSON.stringify(raw)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ConfigError(`BHCHECK_PUBLIC_URL must use http or https, got ${url.protocol}`);
  if (url.search || url.hash) throw new ConfigError('BHCHECK_PUBLIC_URL must not carry a query or a fragment');
  return url.toString().replace(/\/+$/, '');
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  if (env.TZ !== undefined && env.TZ !== 'UTC') {
    throw new ConfigError(`TZ must be UTC (dates of service are calendar days), got ${JSON.stringify(env.TZ)}`);
  }
  const { databaseUrl, databaseOwnerUrl } = parseDatabaseUrls(env);
  const adminKey = env.BHCHECK_ADMIN_KEY?.trim() || null;
  if (adminKey !== null && adminKey.length < 16) {
    throw new ConfigError('BHCHECK_ADMIN_KEY must be at least 16 characters');
  }
  const logLevel = env.LOG_LEVEL?.trim() || 'info';
  if (!['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].includes(logLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got ${JSON.stringify(logLevel)}`);
  }
  return {
    port: parseIntSetting('PORT', env.PORT, 3000, 0, 65535),
    host: env.HOST?.trim() || '0.0.0.0',
    databaseUrl,
    databaseOwnerUrl,
    dataDir: path.resolve(PROJECT_ROOT, env.BHCHECK_DATA_DIR?.trim() || '.data'),
    loadDemo: parseBool('BHCHECK_DEMO', env.BHCHECK_DEMO, true),
    adminKey,
    jsonBodyLimit: parseSize('BHCHECK_BODY_LIMIT', env.BHCHECK_BODY_LIMIT, 10 * 1024 * 1024),
    x12BodyLimit: parseSize('BHCHECK_X12_LIMIT', env.BHCHECK_X12_LIMIT, 200 * 1024 * 1024),
    maxLinesPerRequest: parseIntSetting('BHCHECK_MAX_LINES', env.BHCHECK_MAX_LINES, 20_000, 1, 1_000_000),
    logLevel,
    rateLimitPerMinute: parseIntSetting('BHCHECK_RATE_LIMIT', env.BHCHECK_RATE_LIMIT, 1_200, 0, 1_000_000),
    authFailureLimit: parseIntSetting('BHCHECK_AUTH_FAILURE_LIMIT', env.BHCHECK_AUTH_FAILURE_LIMIT, 20, 0, 1_000_000),
    authFailureBlockSeconds: parseIntSetting('BHCHECK_AUTH_FAILURE_BLOCK', env.BHCHECK_AUTH_FAILURE_BLOCK, 300, 1, 86_400),
    trustProxy: parseTrustProxy(env.BHCHECK_TRUST_PROXY),
    configDir: path.resolve(PROJECT_ROOT, env.BHCHECK_CONFIG_DIR?.trim() || 'config'),
    projectRoot: PROJECT_ROOT,
    publicUrl: parsePublicUrl(env.BHCHECK_PUBLIC_URL),
    sessionMinutes: parseIntSetting('BHCHECK_SESSION_MINUTES', env.BHCHECK_SESSION_MINUTES, 480, 5, 7 * 24 * 60),
    enrollmentExpiringDays: parseIntSetting('BHCHECK_ENROLLMENT_EXPIRING_DAYS', env.BHCHECK_ENROLLMENT_EXPIRING_DAYS, 60, 0, 366),
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
