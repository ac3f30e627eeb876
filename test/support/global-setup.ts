process.env.TZ = 'UTC';
/**
 * Integration and e2e tests: one throwaway PostgreSQL per run (embedded, in a temporary directory, on
 * a free loopback port), or the server in TEST_DATABASE_URL (a superuser's URL). The two roles of a
 * deployment exist there too (README, "Database roles"): the real migrations build a template database
 * as the owner role, which gives the runtime role its rights as the service does; each test file
 * clones the template (see database.ts) and the application works as the runtime role, so a missing
 * grant fails a test.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { runMigrations } from '../../src/database/data-source-options';
import { startEmbeddedPostgres } from '../../src/database/embedded-postgres';
import { ensureLoginRole, type RoleCredentials } from '../../src/database/roles';
import { databaseUrlAs, TEMPLATE_DB, type TestRoles } from './database';

export interface TestServer {
  stop?: () => Promise<void>;
  dir?: string;
  superuserUrl: string;
  roles: TestRoles;
}

export default async function globalSetup(): Promise<void> {
  // the integration and browser projects share one server: the second call finds it set up
  if (process.env.BHCHECK_TEST_ROLES) return;
  let server: TestServer;
  if (process.env.TEST_DATABASE_URL) {
    // roles of this run only: runs against one server do not share passwords
    const suffix = crypto.randomBytes(4).toString('hex');
    const role = (kind: string): RoleCredentials => ({ user: `bhcheck_test_${suffix}_${kind}`, password: crypto.randomBytes(18).toString('base64url') });
    server = { superuserUrl: databaseUrlAs(process.env.TEST_DATABASE_URL, null, 'postgres'), roles: { owner: role('owner'), runtime: role('app') } };
    const admin = new Client({ connectionString: server.superuserUrl });
    await admin.connect();
    try {
      await ensureLoginRole(admin, server.roles.owner);
      await ensureLoginRole(admin, server.roles.runtime);
    } finally {
      await admin.end();
    }
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bhcheck-test-'));
    const db = await startEmbeddedPostgres(dir, () => undefined, { persistent: false, label: 'tests' });
    server = { stop: db.stop, dir, superuserUrl: db.superuserUrl('postgres'), roles: { owner: db.owner, runtime: db.runtime } };
  }
  (globalThis as Record<string, unknown>).__BHCHECK_PG__ = server;
  const admin = new Client({ connectionString: server.superuserUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEMPLATE_DB} OWNER ${server.roles.owner.user}`);
  } finally {
    await admin.end();
  }
  await runMigrations(databaseUrlAs(server.superuserUrl, server.roles.owner, TEMPLATE_DB), { runtimeRole: server.roles.runtime.user });
  process.env.BHCHECK_TEST_SERVER_URL = server.superuserUrl;
  process.env.BHCHECK_TEST_ROLES = JSON.stringify(server.roles);
}
