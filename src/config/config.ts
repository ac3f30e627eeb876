/**
 * Start-up settings, read and validated once (fail fast with a message that names the variable).
 * See README "Settings".
 */
import * as path from 'node:path';

export interface AppConfig {
  port: number;
  host: string;
  /** null: start the embedded PostgreSQL in dataDir */
  databaseUrl: string | null;
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
  /** where config/*.json (service catalogue, procedure codes, holidays) are read from */
  configDir: string;
  projectRoot: string;
  /** how long a web session lasts after sign-in */
  sessionMinutes: number;
}

export class ConfigError extends Error {}

const PROJECT_ROOT = path.resolve(__dirname, '..', '..', __dirname.includes(`${path.sep}dist${path.sep}`) ? '..' : '');

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

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  if (env.TZ !== undefined && env.TZ !== 'UTC') {
    throw new ConfigError(`TZ must be UTC (dates of service are calendar days), got ${JSON.stringify(env.TZ)}`);
  }
  const databaseUrl = env.DATABASE_URL?.trim() || null;
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
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
    dataDir: path.resolve(PROJECT_ROOT, env.BHCHECK_DATA_DIR?.trim() || '.data'),
    loadDemo: parseBool('BHCHECK_DEMO', env.BHCHECK_DEMO, true),
    adminKey,
    jsonBodyLimit: parseSize('BHCHECK_BODY_LIMIT', env.BHCHECK_BODY_LIMIT, 10 * 1024 * 1024),
    x12BodyLimit: parseSize('BHCHECK_X12_LIMIT', env.BHCHECK_X12_LIMIT, 200 * 1024 * 1024),
    maxLinesPerRequest: parseIntSetting('BHCHECK_MAX_LINES', env.BHCHECK_MAX_LINES, 20_000, 1, 1_000_000),
    logLevel,
    configDir: path.resolve(PROJECT_ROOT, env.BHCHECK_CONFIG_DIR?.trim() || 'config'),
    projectRoot: PROJECT_ROOT,
    sessionMinutes: parseIntSetting('BHCHECK_SESSION_MINUTES', env.BHCHECK_SESSION_MINUTES, 480, 5, 7 * 24 * 60),
  };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
