/**
 * Integration and e2e tests: one throwaway PostgreSQL per run (embedded, in a temporary directory, on
 * a free loopback port), or the server in TEST_DATABASE_URL. The real migrations build a template
 * database; each test file clones it (see database.ts), so files never see each other's rows.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { runMigrations } from '../../src/database/data-source-options';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';

export const TEMPLATE_DB = 'bhcheck_test_template';

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

export default async function globalSetup(): Promise<void> {
  // the integration and browser projects share one server: the second call finds it set up
  if (process.env.BHCHECK_TEST_TEMPLATE) return;
  process.env.TZ = 'UTC';
  let serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bhcheck-test-'));
    const db = await startEmbeddedPostgres(dir, () => undefined, { persistent: false });
    (globalThis as Record<string, unknown>).__BHCHECK_PG__ = { stop: db.stop, dir };
    serverUrl = db.url;
  }
  const admin = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  await admin.end();
  await runMigrations(withDatabase(serverUrl, TEMPLATE_DB));
  process.env.BHCHECK_TEST_SERVER_URL = withDatabase(serverUrl, 'postgres');
  process.env.BHCHECK_TEST_TEMPLATE = TEMPLATE_DB;
}
