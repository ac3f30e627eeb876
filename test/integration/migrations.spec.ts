/** The entities and the checked-in migrations describe the same schema (CI fails on drift). */
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { pendingSchemaChanges } from '../../scripts/schema-diff';
import { freshDatabase, type TestDatabase } from '../support/database';

let db: TestDatabase;
beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(async () => db?.drop());

it('running every migration leaves nothing for the entities to change', async () => {
  const { up } = await pendingSchemaChanges(db.ownerUrl);
  expect(up).toEqual([]);
});

it('every migration can be reverted and re-applied', async () => {
  const ds = new DataSource(dataSourceOptions(db.ownerUrl));
  await ds.initialize();
  try {
    const count = ds.migrations.length;
    for (let i = 0; i < count; i++) await ds.undoLastMigration({ transaction: 'each' });
    expect(await ds.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'providers'`)).toEqual([{ n: 0 }]);
    const ran = await ds.runMigrations({ transaction: 'each' });
    expect(ran).toHaveLength(count);
  } finally {
    await ds.destroy();
  }
});
