import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The registry's change counter (hand-written): one row, bumped in the same transaction by every
 * statement that writes a table the claim checks read, so a service process keeps the registry facts it
 * has read until the counter moves (src/claims/registry-cache.ts). Statement-level triggers: one bump per
 * statement however many rows it writes; the cap ledger and the recorded claim lines are not counted
 * (they are read per check, and every recorded claim writes them).
 */
const TABLES = [
  'providers',
  'staff',
  'recipients',
  'recipient_providers',
  'assessments',
  'treatment_plans',
  'program_approvals',
  'program_approval_events',
  'act_teams',
  'enrollment_evidence',
];

export class RegistryVersion1796100000000 implements MigrationInterface {
  name = 'RegistryVersion1796100000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "registry_version" ("id" boolean PRIMARY KEY DEFAULT true CHECK ("id"), "version" bigint NOT NULL)`);
    await queryRunner.query(`INSERT INTO "registry_version" ("id", "version") VALUES (true, 1)`);
    await queryRunner.query(
      `CREATE FUNCTION "bump_registry_version"() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE "registry_version" SET "version" = "version" + 1; RETURN NULL; END $$`,
    );
    for (const table of TABLES) {
      await queryRunner.query(`CREATE TRIGGER "registry_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION "bump_registry_version"()`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [...TABLES].reverse()) await queryRunner.query(`DROP TRIGGER "registry_changed" ON "${table}"`);
    await queryRunner.query(`DROP FUNCTION "bump_registry_version"()`);
    await queryRunner.query(`DROP TABLE "registry_version"`);
  }
}
