/** The database the service and the CLI use: DATABASE_URL, or the embedded PostgreSQL, migrated. */
import type { AppConfig } from '../config/config';
import { runMigrations } from './data-source-options';
import { startEmbeddedPostgres } from './embedded-postgres';

export interface OpenDatabase {
  url: string;
  embedded: boolean;
  stop(): Promise<void>;
}

export async function openDatabase(config: AppConfig, log: (msg: string) => void): Promise<OpenDatabase> {
  if (config.databaseUrl) {
    const ran = await runMigrations(config.databaseUrl);
    if (ran.length) log(`migrations applied: ${ran.join(', ')}`);
    return { url: config.databaseUrl, embedded: false, stop: async () => undefined };
  }
  const db = await startEmbeddedPostgres(config.dataDir, log);
  try {
    const ran = await runMigrations(db.url);
    if (ran.length) log(`migrations applied: ${ran.join(', ')}`);
  } catch (e) {
    await db.stop();
    throw e;
  }
  return { url: db.url, embedded: true, stop: () => db.stop() };
}
