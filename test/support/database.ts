/**
 * A fresh database for one test file, cloned from the migrated template (or empty, to migrate), owned
 * by the owner role; `url` is the runtime role's, as the service's DATABASE_URL.
 */
import * as crypto from 'node:crypto';
import { Client } from 'pg';
import type { RoleCredentials } from '../../src/database/roles';

export const TEMPLATE_DB = 'bhcheck_test_template';

export interface TestRoles {
  owner: RoleCredentials;
  runtime: RoleCredentials;
}

export interface TestDatabase {
  /** as the runtime role (what the service works as) */
  url: string;
  /** as the owner role (migrations, and what only the owner may do) */
  ownerUrl: string;
  name: string;
  roles: TestRoles;
  drop(): Promise<void>;
}

/** `url` with another database, and other credentials (null: keep them). */
export function databaseUrlAs(url: string, who: RoleCredentials | null, database: string): string {
  const u = new URL(url);
  if (who) {
    u.username = encodeURIComponent(who.user);
    u.password = encodeURIComponent(who.password);
  }
  u.pathname = `/${database}`;
  return u.toString();
}

function testServer(): { server: string; roles: TestRoles } {
  const server = process.env.BHCHECK_TEST_SERVER_URL;
  const roles = process.env.BHCHECK_TEST_ROLES;
  if (!server || !roles) throw new Error('integration tests need the jest global setup (run them with `npm test`)');
  return { server, roles: JSON.parse(roles) as TestRoles };
}

/** As the test server's superuser (in its maintenance database). */
export async function asSuperuser<T>(work: (admin: Client) => Promise<T>, database = 'postgres'): Promise<T> {
  const admin = new Client({ connectionString: databaseUrlAs(testServer().server, null, database) });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

export async function freshDatabase(options: { migrated?: boolean } = {}): Promise<TestDatabase> {
  const { server, roles } = testServer();
  const name = `t_${crypto.randomBytes(6).toString('hex')}`;
  const template = options.migrated === false ? '' : ` TEMPLATE ${TEMPLATE_DB}`;
  await asSuperuser((admin) => admin.query(`CREATE DATABASE ${name}${template} OWNER ${roles.owner.user}`));
  return {
    url: databaseUrlAs(server, roles.runtime, name),
    ownerUrl: databaseUrlAs(server, roles.owner, name),
    name,
    roles,
    drop: async () => {
      await asSuperuser((admin) => admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
