import * as fs from 'node:fs';
import { Client } from 'pg';
import { TEMPLATE_DB } from './database';
import type { TestServer } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  const server = (globalThis as Record<string, unknown>).__BHCHECK_PG__ as TestServer | undefined;
  if (!server) return;
  // the integration and browser projects share one server: the first teardown stops it
  delete (globalThis as Record<string, unknown>).__BHCHECK_PG__;
  if (server.stop) {
    await server.stop();
    if (server.dir) fs.rmSync(server.dir, { recursive: true, force: true });
    return;
  }
  // TEST_DATABASE_URL: this run's template and roles go (best effort: a test file that died may have
  // left its database, which then keeps its roles)
  const admin = new Client({ connectionString: server.superuserUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB} WITH (FORCE)`);
    for (const role of [server.roles.runtime, server.roles.owner]) await admin.query(`DROP ROLE IF EXISTS ${role.user}`).catch(() => undefined);
  } finally {
    await admin.end();
  }
}
