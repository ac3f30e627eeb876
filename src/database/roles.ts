/**
 * The two database roles (README "Database roles"): the owner role owns the schema and runs the
 * migrations; the runtime role, which the service and the CLI work as, is NOSUPERUSER NOCREATEDB
 * NOCREATEROLE and has only the DML it needs: SELECT, INSERT, UPDATE, DELETE on ordinary tables, and
 * SELECT, INSERT on append-only tables, so with its credentials `audit_log` cannot be changed,
 * emptied, dropped or have its trigger disabled, and no host file can be read.
 *
 * A table is append-only when a trigger guards it with a function named `append_only` or ending in
 * `_append_only` (as `audit_log_append_only()` does); its privileges follow from that trigger, so the
 * two cannot disagree (docs/decisions.md, "Database roles").
 */
import type { Client } from 'pg';
import { ConfigError } from '../config/config';

export interface RoleCredentials {
  user: string;
  password: string;
}

type Query = (sql: string, params?: unknown[]) => Promise<unknown[]>;

export const MIGRATIONS_TABLE = 'migrations';
const RUNTIME_TABLE_PRIVILEGES = 'SELECT, INSERT, UPDATE, DELETE';
export const APPEND_ONLY_FUNCTION = /^(.*_)?append_only$/;

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;
const literal = (value: string): string => `'${value.replace(/'/g, "''")}'`;

/** As a superuser: a login role with exactly these attributes and this password (created or corrected). */
export async function ensureLoginRole(admin: Client, role: RoleCredentials): Promise<void> {
  const exists = ((await admin.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role.user])).rowCount ?? 0) > 0;
  await admin.query(`${exists ? 'ALTER' : 'CREATE'} ROLE ${ident(role.user)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD ${literal(role.password)}`);
}

/**
 * As a superuser connected to another database: `database` exists and belongs to the owner role, and
 * only the owner and the runtime role may connect to it.
 */
export async function ensureDatabase(admin: Client, database: string, owner: string, runtime: string): Promise<void> {
  const exists = ((await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database])).rowCount ?? 0) > 0;
  if (exists) await admin.query(`ALTER DATABASE ${ident(database)} OWNER TO ${ident(owner)}`);
  else await admin.query(`CREATE DATABASE ${ident(database)} OWNER ${ident(owner)}`);
  await admin.query(`REVOKE ALL ON DATABASE ${ident(database)} FROM PUBLIC`);
  await admin.query(`GRANT CONNECT ON DATABASE ${ident(database)} TO ${ident(runtime)}`);
}

/**
 * As a superuser connected to the database: every object of schema `public` that another role owns
 * is handed to the owner role. A database made before the roles were split belongs to the cluster's
 * superuser; this upgrades it in place (objects belonging to an extension stay with it). Returns how
 * many objects changed hands.
 */
export async function transferOwnership(admin: Client, owner: string): Promise<number> {
  const notExtensionMember = (catalog: string, alias: string) =>
    `NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '${catalog}'::regclass AND d.objid = ${alias}.oid AND d.deptype = 'e')`;
  const { rows } = await admin.query<{ statement: string }>(
    `SELECT format('ALTER %s %s OWNER TO %I', CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE'
                   WHEN 'S' THEN 'SEQUENCE' WHEN 'c' THEN 'TYPE' ELSE 'TABLE' END, c.oid::regclass, $1::text) AS statement
       FROM pg_class c
      WHERE c.relnamespace = 'public'::regnamespace AND c.relowner <> $1::regrole AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S', 'c')
        AND ${notExtensionMember('pg_class', 'c')}
        -- a sequence owned by a column (serial, identity) follows its table
        AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype IN ('a', 'i')))
     UNION ALL
     SELECT format('ALTER ROUTINE %s OWNER TO %I', p.oid::regprocedure, $1::text)
       FROM pg_proc p
      WHERE p.pronamespace = 'public'::regnamespace AND p.proowner <> $1::regrole AND ${notExtensionMember('pg_proc', 'p')}
     UNION ALL
     SELECT format('ALTER TYPE %s OWNER TO %I', t.oid::regtype, $1::text)
       FROM pg_type t
      WHERE t.typnamespace = 'public'::regnamespace AND t.typowner <> $1::regrole AND t.typtype IN ('e', 'd', 'r')
        AND ${notExtensionMember('pg_type', 't')}`,
    [owner],
  );
  for (const { statement } of rows) await admin.query(statement);
  return rows.length;
}

/** The tables guarded by an append-only trigger (see the file comment). */
export async function appendOnlyTables(query: Query): Promise<string[]> {
  const rows = (await query(
    `SELECT DISTINCT c.relname AS name, p.proname AS function
       FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid
      WHERE c.relnamespace = 'public'::regnamespace AND NOT t.tgisinternal
      ORDER BY 1`,
  )) as { name: string; function: string }[];
  return [...new Set(rows.filter((r) => APPEND_ONLY_FUNCTION.test(r.function)).map((r) => r.name))];
}

/**
 * As the owner role, after the migrations, in one transaction (idempotent, run at every start): the
 * runtime role's rights on every table there is, and on every table a later migration creates.
 */
export async function grantRuntimeRole(query: Query, runtime: string): Promise<void> {
  const role = ident(runtime);
  await query(`GRANT USAGE ON SCHEMA public TO ${role}`);
  // tables and sequences future migrations add (created by the owner role) are usable at once
  await query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ${RUNTIME_TABLE_PRIVILEGES} ON TABLES TO ${role}`);
  await query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${role}`);
  await query(`GRANT ${RUNTIME_TABLE_PRIVILEGES} ON ALL TABLES IN SCHEMA public TO ${role}`);
  await query(`REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM ${role}`);
  await query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
  for (const table of await appendOnlyTables(query)) await query(`REVOKE UPDATE, DELETE ON ${ident(table)} FROM ${role}`);
  await query(`REVOKE INSERT, UPDATE, DELETE ON ${ident(MIGRATIONS_TABLE)} FROM ${role}`);
}

/**
 * As the owner role: refuses a runtime role that could undo what the grants protect (a superuser, a
 * role that may create roles or databases, a member of the owner role).
 */
export async function checkRuntimeRole(query: Query, runtime: string, variable: string): Promise<void> {
  const [role] = (await query(
    `SELECT rolsuper, rolcreatedb, rolcreaterole, pg_has_role(rolname, current_user, 'USAGE') AS acts_as_owner FROM pg_roles WHERE rolname = $1`,
    [runtime],
  )) as { rolsuper: boolean; rolcreatedb: boolean; rolcreaterole: boolean; acts_as_owner: boolean }[];
  if (!role) throw new ConfigError(`${variable} names the role "${runtime}", which does not exist`);
  const powers = [role.rolsuper && 'SUPERUSER', role.rolcreatedb && 'CREATEDB', role.rolcreaterole && 'CREATEROLE', role.acts_as_owner && 'a member of the owner role'].filter(Boolean);
  if (powers.length) {
    throw new ConfigError(
      `${variable} names the role "${runtime}", which is ${powers.join(', ')}: the service must run as a role that is NOSUPERUSER NOCREATEDB NOCREATEROLE and does not own the schema (README, "Database roles")`,
    );
  }
}
