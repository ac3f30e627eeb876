/**
 * The runtime role (what the service and the CLI work as) cannot tamper with the audit log or reach
 * outside the database; its rights follow the tables, including tables later migrations add.
 * README "Database roles"; src/database/roles.ts.
 */
import { Client } from 'pg';
import { ConfigError, loadConfig } from '../../src/config/config';
import { runMigrations } from '../../src/database/data-source-options';
import { openDatabase } from '../../src/database/open-database';
import { appendOnlyTables } from '../../src/database/roles';
import { freshDatabase, type TestDatabase } from '../support/database';

jest.setTimeout(120_000);

let db: TestDatabase;
let runtime: Client;
let owner: Client;

beforeAll(async () => {
  db = await freshDatabase();
  runtime = new Client({ connectionString: db.url });
  owner = new Client({ connectionString: db.ownerUrl });
  await runtime.connect();
  await owner.connect();
  // something to protect
  await runtime.query(`INSERT INTO audit_log (actor_role, action, entity, entity_id) VALUES ('ADMIN', 'CREATE', 'provider', 'p-1'), ('ADMIN', 'UPDATE', 'provider', 'p-1')`);
});
afterAll(async () => {
  await runtime?.end();
  await owner?.end();
  await db?.drop();
});

const auditLog = async () => (await owner.query(`SELECT id, at, actor_role, action, entity, entity_id FROM audit_log ORDER BY id`)).rows;

/** The SQLSTATE a statement fails with as the runtime role (in a transaction rolled back after). */
async function refusal(sql: string): Promise<string | null> {
  // CREATE DATABASE cannot run in a transaction (it would fail for that reason, not for want of rights)
  const inTransaction = !/^CREATE DATABASE/.test(sql);
  if (inTransaction) await runtime.query('BEGIN');
  try {
    await runtime.query(sql);
    return null;
  } catch (e) {
    return (e as { code: string }).code;
  } finally {
    if (inTransaction) await runtime.query('ROLLBACK');
  }
}

describe('the runtime role', () => {
  it('is NOSUPERUSER NOCREATEDB NOCREATEROLE and does not own the schema', async () => {
    const { rows } = await runtime.query(
      `SELECT rolsuper, rolcreatedb, rolcreaterole, pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE relname = 'audit_log'), 'USAGE') AS owner
         FROM pg_roles WHERE rolname = current_user`,
    );
    expect(rows).toEqual([{ rolsuper: false, rolcreatedb: false, rolcreaterole: false, owner: false }]);
  });

  it.each([
    ['UPDATE', `UPDATE audit_log SET action = 'FORGED'`],
    ['DELETE', `DELETE FROM audit_log`],
    ['TRUNCATE', `TRUNCATE audit_log`],
    ['DROP', `DROP TABLE audit_log`],
    ['disable its trigger', `ALTER TABLE audit_log DISABLE TRIGGER ALL`],
    ['drop its trigger', `DROP TRIGGER audit_log_no_update ON audit_log`],
    ['replace its trigger function', `CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`],
    ['switch triggers off for the session', `SET session_replication_role = replica`],
    ['rename it away', `ALTER TABLE audit_log RENAME TO audit_log_old`],
    ['read a host file (pg_read_file)', `SELECT pg_read_file('/etc/passwd')`],
    ['read a host file (COPY)', `COPY audit_log (action) FROM '/etc/hostname'`],
    ['run a program (COPY)', `COPY audit_log TO PROGRAM 'true'`],
    ['create a table', `CREATE TABLE mine (id int)`],
    ['create a role', `CREATE ROLE intruder LOGIN SUPERUSER`],
    ['make itself a superuser', `ALTER ROLE current_user SUPERUSER`],
    ['create a database', `CREATE DATABASE elsewhere`],
    ['record a migration', `INSERT INTO migrations (timestamp, name) VALUES (1, 'Fake1')`],
  ])('may not %s', async (_what, sql) => {
    const before = await auditLog();
    expect(await refusal(sql)).toBe('42501'); // insufficient_privilege
    expect(await auditLog()).toEqual(before);
  });

  it('adds to the audit log and reads it', async () => {
    const before = await auditLog();
    await runtime.query(`INSERT INTO audit_log (actor_role, action, entity, entity_id) VALUES ('ADMIN', 'LINK', 'recipient', 'r-1')`);
    const after = await auditLog();
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.slice(before.length)).toMatchObject([{ action: 'LINK', entity_id: 'r-1' }]);
    expect((await runtime.query('SELECT count(*)::int AS n FROM audit_log')).rows[0].n).toBe(after.length);
  });

  it('has SELECT, INSERT, UPDATE, DELETE on ordinary tables, SELECT and INSERT on append-only ones, SELECT on migrations, and nothing more', async () => {
    const appendOnly = await appendOnlyTables((sql, params) => owner.query(sql, params).then((r) => r.rows));
    expect(appendOnly).toContain('audit_log');
    const tables: string[] = (await owner.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)).rows.map((r) => r.tablename);
    expect(tables.length).toBeGreaterThan(10);
    const kinds = ['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'];
    const actual: Record<string, string[]> = {};
    const expected: Record<string, string[]> = {};
    for (const table of tables) {
      const { rows } = await owner.query(`SELECT p FROM unnest($1::text[]) p WHERE has_table_privilege($2, $3::regclass, p)`, [kinds, db.roles.runtime.user, table]);
      actual[table] = rows.map((r) => r.p);
      expected[table] = table === 'migrations' ? ['SELECT'] : appendOnly.includes(table) ? ['SELECT', 'INSERT'] : ['SELECT', 'INSERT', 'UPDATE', 'DELETE'];
    }
    expect(actual).toEqual(expected);
  });
});

describe('tables later migrations add', () => {
  it('an ordinary table is usable by the runtime role at once; an append-only one (its trigger) only for SELECT and INSERT after the start-up grants', async () => {
    await owner.query(`CREATE TABLE later_notes (id int PRIMARY KEY, note text)`);
    await owner.query(`CREATE TABLE later_reads (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, who text NOT NULL)`);
    await owner.query(`CREATE FUNCTION later_reads_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'later_reads is append-only'; END $$`);
    await owner.query(`CREATE TRIGGER later_reads_no_change BEFORE UPDATE OR DELETE ON later_reads FOR EACH ROW EXECUTE FUNCTION later_reads_append_only()`);
    // by the owner's default privileges, before any grant is run
    await runtime.query(`INSERT INTO later_notes VALUES (1, 'a')`);
    await runtime.query(`UPDATE later_notes SET note = 'b'`);
    await runtime.query(`DELETE FROM later_notes`);
    await runtime.query(`INSERT INTO later_reads (who) VALUES ('x')`);

    // what every start does after the migrations
    expect(await runMigrations(db.ownerUrl, { runtimeRole: db.roles.runtime.user })).toEqual([]);
    expect(await refusal(`UPDATE later_reads SET who = 'y'`)).toBe('42501');
    expect(await refusal(`DELETE FROM later_reads`)).toBe('42501');
    expect(await refusal(`INSERT INTO later_reads (who) VALUES ('z')`)).toBeNull();
    expect(await refusal(`UPDATE later_notes SET note = 'c'`)).toBeNull();
  });
});

it('the owner role is refused by the trigger too: audit_log is append-only for everyone', async () => {
  const before = await auditLog();
  await expect(owner.query(`UPDATE audit_log SET action = 'X'`)).rejects.toThrow(/append-only/);
  await expect(owner.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
  await expect(owner.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
  expect(await auditLog()).toEqual(before);
});

it('a start refuses a runtime role that is a superuser, naming DATABASE_URL, before granting it anything', async () => {
  const superuser = decodeURIComponent(new URL(process.env.BHCHECK_TEST_SERVER_URL!).username);
  await expect(runMigrations(db.ownerUrl, { runtimeRole: superuser, runtimeVariable: 'DATABASE_URL' })).rejects.toThrow(
    new RegExp(`DATABASE_URL names the role "${superuser}", which is SUPERUSER.*NOSUPERUSER NOCREATEDB NOCREATEROLE`),
  );
  const { rows } = await owner.query(`SELECT count(*)::int AS n FROM information_schema.role_table_grants WHERE grantee = $1`, [superuser]);
  expect(rows[0].n).toBe(0);
});

describe('DATABASE_URL without DATABASE_OWNER_URL (one role, as before the split)', () => {
  const open = async (url: string) => {
    const said: string[] = [];
    const opened = await openDatabase(loadConfig({ TZ: 'UTC', DATABASE_URL: url }), (m) => said.push(m));
    await opened.stop();
    return said;
  };

  it('the runtime role alone is fine while nothing is pending, and says nothing', async () => {
    expect(await open(db.url)).toEqual([]);
  });

  it('the runtime role alone on a database that needs migrations: a configuration error naming DATABASE_OWNER_URL', async () => {
    const empty = await freshDatabase({ migrated: false });
    try {
      const failure = open(empty.url);
      await expect(failure).rejects.toThrow(ConfigError);
      await expect(failure).rejects.toThrow(/the role of DATABASE_URL may not change the schema and the database needs migrations .*set DATABASE_OWNER_URL/);
    } finally {
      await empty.drop();
    }
  });

  it('the owner role alone migrates, with a warning that the service could alter its audit log', async () => {
    const empty = await freshDatabase({ migrated: false });
    try {
      const said = await open(empty.ownerUrl);
      expect(said[0]).toMatch(/^migrations applied: /);
      expect(said[1]).toMatch(/^warning: DATABASE_URL's role bhcheck\w*owner owns the schema, so the service could alter or empty its own audit log/);
    } finally {
      await empty.drop();
    }
  });
});
