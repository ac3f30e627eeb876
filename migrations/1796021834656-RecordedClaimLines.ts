import type { MigrationInterface, QueryRunner } from 'typeorm';

export class RecordedClaimLines1796021834656 implements MigrationInterface {
  name = 'RecordedClaimLines1796021834656';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"recorded_claim_lines\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"claim_record_id\" uuid NOT NULL, \"claim_version\" integer NOT NULL, \"line_id\" text NOT NULL, \"recipient_id\" uuid NOT NULL, \"date_of_service\" date NOT NULL, \"service\" text NOT NULL, \"staff_id\" uuid NOT NULL, \"modality\" text NOT NULL, \"contact\" text NOT NULL, \"procedure_code\" text, \"modifiers\" text array NOT NULL DEFAULT '{}', \"recorded_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"released_at\" TIMESTAMP WITH TIME ZONE, \"released_by_version\" integer, CONSTRAINT \"ck_recorded_claim_lines_contact\" CHECK (\"contact\" IN ('FACE_TO_FACE', 'VIDEO', 'PHONE')), CONSTRAINT \"ck_recorded_claim_lines_modality\" CHECK (\"modality\" IN ('INDIVIDUAL', 'GROUP', 'FAMILY')), CONSTRAINT \"PK_97927bc2281486a903ceec063e7\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_recorded_claim_lines_claim\" ON \"recorded_claim_lines\"  (\"claim_record_id\") ");
    await queryRunner.query("CREATE INDEX \"ix_recorded_claim_lines_open\" ON \"recorded_claim_lines\"  (\"recipient_id\", \"date_of_service\") WHERE \"released_at\" IS NULL");
    await queryRunner.query("ALTER TABLE \"recorded_claim_lines\" ADD CONSTRAINT \"fk_recorded_claim_lines_claim\" FOREIGN KEY (\"claim_record_id\") REFERENCES \"claim_records\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"recorded_claim_lines\" ADD CONSTRAINT \"fk_recorded_claim_lines_recipient\" FOREIGN KEY (\"recipient_id\") REFERENCES \"recipients\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"recorded_claim_lines\" ADD CONSTRAINT \"fk_recorded_claim_lines_staff\" FOREIGN KEY (\"staff_id\") REFERENCES \"staff\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"recorded_claim_lines\" DROP CONSTRAINT \"fk_recorded_claim_lines_staff\"");
    await queryRunner.query("ALTER TABLE \"recorded_claim_lines\" DROP CONSTRAINT \"fk_recorded_claim_lines_recipient\"");
    await queryRunner.query("ALTER TABLE \"recorded_claim_lines\" DROP CONSTRAINT \"fk_recorded_claim_lines_claim\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_recorded_claim_lines_open\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_recorded_claim_lines_claim\"");
    await queryRunner.query("DROP TABLE \"recorded_claim_lines\"");
  }
}
