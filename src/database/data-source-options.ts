/** TypeORM options shared by the service, the CLI, migrations and tests. Never `synchronize`. */
import * as path from 'node:path';
import { Client, types as pgTypes } from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { PostgresDataSourceOptions } from 'typeorm/driver/postgres/PostgresDataSourceOptions';
import { ALL_ENTITIES } from './entities';
import { checkRuntimeRole, grantRuntimeRole, MIGRATIONS_TABLE } from './roles';

// Dates are calendar days: keep `date` as the 'YYYY-MM-DD' text PostgreSQL sends, never a JS Date.
pgTypes.setTypeParser(1082, (v: string) => v);
// bigint sums of minutes fit easily in a double; read them as numbers.
pgTypes.setTypeParser(20, (v: string) => Number(v));

export const MIGRATIONS_GLOB = path.resolve(__dirname, '..', '..', 'migrations', '*.{ts,js}');

export function dataSourceOptions(url: string, extra: Partial<PostgresDataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ALL_ENTITIES,
    migrations: [MIGRATIONS_GLOB.replace('{ts,js}', __filename.endsWith('.ts') ? 'ts' : 'js')],
    migrationsTableName: MIGRATIONS_TABLE,
    migrationsTransactionMode: 'each',
    uuidExtension: 'pgcrypto',
    synchronize: false,
    logging: false,
    // a database that does not answer fails a request in seconds (a 503), instead of holding it
    extra: { max: 30, application_name: 'bhcheck', connectionTimeoutMillis: 10_000, keepAlive: true },
    ...extra,
  } as DataSourceOptions;
}

/** pg_advisory_lock key: one process at a time runs the migrations and grants of a database. */
export const MIGRATION_LOCK = 7262003;

/**
 * Runs the pending migrations as the role of `url` (the owner role), one process at a time (processes
 * started together wait for the first; the others then find nothing to do). With `runtimeRole`, then
 * checks that role could not undo its limits and gives it its rights (roles.ts).
 */
export async function runMigrations(url: string, options: { runtimeRole?: string; runtimeVariable?: string } = {}): Promise<string[]> {
  const lock = new Client({ connectionString: url, application_name: 'bhcheck migrations' });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const ds = new DataSource(dataSourceOptions(url));
    await ds.initialize();
    try {
      const ran = await ds.runMigrations({ transaction: 'each' });
      const { runtimeRole } = options;
      if (runtimeRole) {
        await checkRuntimeRole((sql, params) => ds.query(sql, params), runtimeRole, options.runtimeVariable ?? 'the runtime role');
        await ds.transaction((em) => grantRuntimeRole((sql, params) => em.query(sql, params), runtimeRole));
      }
      return ran.map((m) => m.name);
    } finally {
      await ds.destroy();
    }
  } finally {
    await lock.end(); // ends the session, and with it the lock
  }
}
