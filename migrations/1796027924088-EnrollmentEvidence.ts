import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EnrollmentEvidence1796027924088 implements MigrationInterface {
  name = 'EnrollmentEvidence1796027924088';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"enrollment_evidence\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"provider_id\" uuid NOT NULL, \"criterion_id\" text NOT NULL, \"version\" integer NOT NULL, \"documented_on\" date NOT NULL, \"expires_on\" date, \"note\" text, \"corrects_evidence_id\" uuid, \"recorded_by_key_id\" uuid, \"recorded_by_role\" text NOT NULL, \"recorded_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"ck_enrollment_evidence_version\" CHECK (\"version\" >= 1), CONSTRAINT \"ck_enrollment_evidence_expiry\" CHECK (\"expires_on\" IS NULL OR \"expires_on\" >= \"documented_on\"), CONSTRAINT \"PK_bf6dbe6e978c63a2110424b555f\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_enrollment_evidence_version\" ON \"enrollment_evidence\"  (\"provider_id\", \"criterion_id\", \"version\") ");
    await queryRunner.query("ALTER TABLE \"staff\" ADD \"clinical_director\" boolean NOT NULL DEFAULT false");
    await queryRunner.query("ALTER TABLE \"staff\" ADD \"background_checks\" jsonb NOT NULL DEFAULT '[]'");
    await queryRunner.query("ALTER TABLE \"enrollment_evidence\" ADD CONSTRAINT \"fk_enrollment_evidence_provider\" FOREIGN KEY (\"provider_id\") REFERENCES \"providers\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"enrollment_evidence\" ADD CONSTRAINT \"fk_enrollment_evidence_corrects\" FOREIGN KEY (\"corrects_evidence_id\") REFERENCES \"enrollment_evidence\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    // Evidence is never overwritten: refuse UPDATE, DELETE and TRUNCATE at the database itself (docs/decisions.md, "Database roles").
    await queryRunner.query(`CREATE FUNCTION enrollment_evidence_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'enrollment_evidence is append-only'; END $$`);
    await queryRunner.query(`CREATE TRIGGER enrollment_evidence_no_update BEFORE UPDATE OR DELETE ON "enrollment_evidence" FOR EACH ROW EXECUTE FUNCTION enrollment_evidence_append_only()`);
    await queryRunner.query(`CREATE TRIGGER enrollment_evidence_no_truncate BEFORE TRUNCATE ON "enrollment_evidence" FOR EACH STATEMENT EXECUTE FUNCTION enrollment_evidence_append_only()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER enrollment_evidence_no_truncate ON "enrollment_evidence"`);
    await queryRunner.query(`DROP TRIGGER enrollment_evidence_no_update ON "enrollment_evidence"`);
    await queryRunner.query(`DROP FUNCTION enrollment_evidence_append_only()`);
    await queryRunner.query("ALTER TABLE \"enrollment_evidence\" DROP CONSTRAINT \"fk_enrollment_evidence_corrects\"");
    await queryRunner.query("ALTER TABLE \"enrollment_evidence\" DROP CONSTRAINT \"fk_enrollment_evidence_provider\"");
    await queryRunner.query("ALTER TABLE \"staff\" DROP COLUMN \"background_checks\"");
    await queryRunner.query("ALTER TABLE \"staff\" DROP COLUMN \"clinical_director\"");
    await queryRunner.query("DROP INDEX \"public\".\"uq_enrollment_evidence_version\"");
    await queryRunner.query("DROP TABLE \"enrollment_evidence\"");
  }
}
