/**
 * The database the service and the CLI use, migrated: DATABASE_URL (with DATABASE_OWNER_URL running
 * the migrations), or the embedded PostgreSQL. The service and the CLI work as the runtime role.
 */
import { DataSource } from 'typeorm';
import { ConfigError, describeDatabaseUrl, type AppConfig } from '../config/config';
import { dataSourceOptions, runMigrations } from './data-source-options';
import { startEmbeddedPostgres } from './embedded-postgres';
import { MIGRATIONS_TABLE } from './roles';

export interface OpenDatabase {
  /** the URL to work with: the runtime role */
  url: string;
  embedded: boolean;
  /** one line saying which database this is (never a password) */
  description: string;
  stop(): Promise<void>;
}

const INSUFFICIENT_PRIVILEGE = '42501';

export async function openDatabase(config: AppConfig, log: (msg: string) => void, options: { label?: string } = {}): Promise<OpenDatabase> {
  const applied = (ran: string[]) => ran.length && log(`migrations applied: ${ran.join(', ')}`);
  if (config.databaseUrl) {
    if (config.databaseOwnerUrl) {
      const runtimeRole = decodeURIComponent(new URL(config.databaseUrl).username);
      applied(await runMigrations(config.databaseOwnerUrl, { runtimeRole, runtimeVariable: 'DATABASE_URL' }));
    } else {
      applied(await migrateAsOneRole(config.databaseUrl));
      await warnIfOwner(config.databaseUrl, log);
    }
    return { url: config.databaseUrl, embedded: false, description: describeDatabaseUrl(config.databaseUrl), stop: async () => undefined };
  }
  const db = await startEmbeddedPostgres(config.dataDir, log, { label: options.label });
  try {
    applied(await runMigrations(db.ownerUrl, { runtimeRole: db.runtime.user }));
  } catch (e) {
    await db.stop();
    throw e;
  }
  return { url: db.runtimeUrl, embedded: true, description: db.description, stop: () => db.stop() };
}

/**
 * DATABASE_URL alone: its role runs the migrations, as before the roles were split. A runtime role
 * (which may not change the schema) is fine while nothing is pending; a role that owns the schema
 * works, with a warning that the service could then alter its own audit log.
 */
async function migrateAsOneRole(url: string): Promise<string[]> {
  try {
    return await runMigrations(url);
  } catch (e) {
    if ((e as { code?: string }).code !== INSUFFICIENT_PRIVILEGE) throw e;
    throw new ConfigError(
      `the role of DATABASE_URL may not change the schema and the database needs migrations (${(e as Error).message}): set DATABASE_OWNER_URL to the owner role (README, "Database roles")`,
    );
  }
}

async function warnIfOwner(url: string, log: (msg: string) => void): Promise<void> {
  const ds = new DataSource(dataSourceOptions(url));
  await ds.initialize();
  try {
    const [me] = (await ds.query(
      `SELECT current_user AS role, r.rolsuper AS superuser, coalesce(pg_has_role(current_user, c.relowner, 'USAGE'), false) AS owns_schema
         FROM pg_roles r LEFT JOIN pg_class c ON c.relname = $1 AND c.relnamespace = 'public'::regnamespace
        WHERE r.rolname = current_user`,
      [MIGRATIONS_TABLE],
    )) as { role: string; superuser: boolean; owns_schema: boolean }[];
    if (me.superuser || me.owns_schema) {
      log(
        `warning: DATABASE_URL's role ${me.role} ${me.superuser ? 'is a superuser' : 'owns the schema'}, so the service could alter or empty its own audit log; ` +
          'give the service a runtime role and set DATABASE_OWNER_URL to the owner (README, "Database roles")',
      );
    }
  } finally {
    await ds.destroy();
  }
}
