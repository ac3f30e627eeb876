/**
 * Writes migrations/<timestamp>-<Intent>.ts from the difference between the entities and the schema
 * the existing migrations build. `npx ts-node --transpile-only scripts/make-migration.ts Intent`.
 * Review the file; add anything TypeORM cannot express (triggers, functions) by hand.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres';
import { pendingSchemaChanges } from './schema-diff';

async function main(): Promise<void> {
  const intent = process.argv[2];
  if (!intent || !/^[A-Z][A-Za-z0-9]+$/.test(intent)) throw new Error('usage: make-migration.ts <Intent in PascalCase>');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bhcheck-mig-'));
  const db = await startEmbeddedPostgres(dir, () => undefined, { persistent: false });
  try {
    const { up, down } = await pendingSchemaChanges(db.ownerUrl);
    if (up.length === 0) {
      console.log('entities and migrations agree: nothing to write');
      return;
    }
    const ts = Date.now();
    const q = (sql: string): string => `    await queryRunner.query(${JSON.stringify(sql)});`;
    const body = `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${intent}${ts} implements MigrationInterface {
  name = '${intent}${ts}';

  public async up(queryRunner: QueryRunner): Promise<void> {
${up.map(q).join('\n')}
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
${[...down].reverse().map(q).join('\n')}
  }
}
`;
    const file = path.resolve(__dirname, '..', 'migrations', `${ts}-${intent}.ts`);
    fs.writeFileSync(file, body);
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
  } finally {
    await db.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
