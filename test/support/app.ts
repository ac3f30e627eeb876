/** An e2e harness: the real application on a fresh database, with keys for each role. */
import type { NestExpressApplication } from '@nestjs/platform-express';
import * as path from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp, ensureAdminKey } from '../../src/bootstrap';
import { loadConfig, type AppConfig } from '../../src/config/config';
import { loadDemoIfNew, type DemoResult } from '../../src/demo/demo-loader';
import { freshDatabase, type TestDatabase } from './database';

export const ADMIN_KEY = 'bhk_test_admin_key_000000000000';

/** The keys fixtures/demo/registry.json issues (see the README). */
export const DEMO_KEYS = {
  billingPrairie: 'bhk_demo_billing_prairie_9KdF3sQ6',
  billingLakeside: 'bhk_demo_billing_lakeside_2HtY8wN4',
  directorPrairie: 'bhk_demo_director_prairie_6PzM1cV3',
  reviewer: 'bhk_demo_reviewer_4GbR7kX2',
} as const;

export interface TestApp {
  app: NestExpressApplication;
  db: TestDatabase;
  ds: DataSource;
  config: AppConfig;
  http: () => ReturnType<typeof request>;
  demo: DemoResult | null;
  close(): Promise<void>;
}

/**
 * The application in this process, on a fresh database (or on `database`, which it then leaves in place).
 * today: pins the service's "today" (a story set in the future records its events on their days).
 */
export async function startTestApp(options: { demo?: boolean; env?: Record<string, string>; database?: TestDatabase; today?: string } = {}): Promise<TestApp> {
  const db = options.database ?? (await freshDatabase());
  const loaded = loadConfig({
    TZ: 'UTC',
    LOG_LEVEL: 'silent',
    DATABASE_URL: db.url,
    BHCHECK_ADMIN_KEY: ADMIN_KEY,
    BHCHECK_DATA_DIR: path.join(__dirname, '..', '..', '.data-test-unused'),
    // rate limits off: tests call far faster than any client; security.e2e turns them on
    BHCHECK_RATE_LIMIT: '0',
    BHCHECK_AUTH_FAILURE_LIMIT: '0',
    ...options.env,
  });
  const config: AppConfig = options.today ? { ...loaded, today: options.today } : loaded;
  const app = await createApp(config, db.url);
  await ensureAdminKey(app, config);
  const demo = options.demo ? await loadDemoIfNew(app) : null;
  return {
    app,
    db,
    ds: app.get(DataSource),
    config,
    http: () => request(app.getHttpServer()),
    demo,
    close: async () => {
      await app.close();
      if (!options.database) await db.drop();
    },
  };
}

export const auth = (key: string) => ({ Authorization: `Bearer ${key}` });

/** Row counts of every table a request may write: "nothing was written" is this snapshot unchanged. */
export async function tableCounts(ds: DataSource): Promise<Record<string, number>> {
  const tables = [
    'providers',
    'staff',
    'recipients',
    'recipient_providers',
    'assessments',
    'treatment_plans',
    'api_keys',
    'access_reviews',
    'audit_log',
    'program_approvals',
    'program_approval_events',
    'claim_records',
    'claim_versions',
    'cap_ledger_entries',
    'recorded_claim_lines',
    'external_usage',
    'external_usage_versions',
    'calendar_feeds',
    'act_teams',
    'enrollment_evidence',
  ];
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = Number((await ds.query(`SELECT count(*)::int AS n FROM ${t}`))[0].n);
  return out;
}
