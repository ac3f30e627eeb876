/** TypeORM options shared by the service, the CLI, migrations and tests. Never `synchronize`. */
import * as path from 'node:path';
import { types as pgTypes } from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { ALL_ENTITIES } from './entities';

// Dates are calendar days: keep `date` as the 'YYYY-MM-DD' text PostgreSQL sends, never a JS Date.
pgTypes.setTypeParser(1082, (v: string) => v);
// bigint sums of minutes fit easily in a double; read them as numbers.
pgTypes.setTypeParser(20, (v: string) => Number(v));

export const MIGRATIONS_GLOB = path.resolve(__dirname, '..', '..', 'migrations', '*.{ts,js}');

export function dataSourceOptions(url: string, extra: Partial<DataSourceOptions> = {}): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: ALL_ENTITIES,
    migrations: [MIGRATIONS_GLOB.replace('{ts,js}', __filename.endsWith('.ts') ? 'ts' : 'js')],
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    uuidExtension: 'pgcrypto',
    synchronize: false,
    logging: false,
    extra: { max: 30, application_name: 'bhcheck' },
    ...extra,
  } as DataSourceOptions;
}

export async function runMigrations(url: string): Promise<string[]> {
  const ds = new DataSource(dataSourceOptions(url));
  await ds.initialize();
  try {
    const ran = await ds.runMigrations({ transaction: 'each' });
    return ran.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
