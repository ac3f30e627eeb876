/**
 * Prints the SQL that would bring the database schema in line with the entities, after running every
 * migration on a throwaway database: empty output means entities and migrations agree.
 * `npx ts-node --transpile-only scripts/schema-diff.ts` (uses TEST_DATABASE_URL or an embedded PostgreSQL).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source-options';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';

export async function pendingSchemaChanges(url: string, runMigrationsFirst = true): Promise<{ up: string[]; down: string[] }> {
  const ds = new DataSource(dataSourceOptions(url));
  await ds.initialize();
  try {
    if (runMigrationsFirst) await ds.runMigrations({ transaction: 'each' });
    const log = await ds.driver.createSchemaBuilder().log();
    return { up: log.upQueries.map((q) => q.query), down: log.downQueries.map((q) => q.query) };
  } finally {
    await ds.destroy();
  }
}

async function main(): Promise<void> {
  const noMigrations = process.argv.includes('--from-empty');
  let url = process.env.TEST_DATABASE_URL;
  let stop = async (): Promise<void> => undefined;
  if (!url) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bhcheck-diff-'));
    const db = await startEmbeddedPostgres(dir, () => undefined, { persistent: false });
    url = db.ownerUrl;
    stop = async () => {
      await db.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    };
  }
  try {
    const { up, down } = await pendingSchemaChanges(url, !noMigrations);
    if (process.argv.includes('--down')) down.forEach((q) => console.log(q + ';'));
    else up.forEach((q) => console.log(q + ';'));
  } finally {
    await stop();
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
