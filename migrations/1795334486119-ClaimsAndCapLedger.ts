import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ClaimsAndCapLedger1795334486119 implements MigrationInterface {
  name = 'ClaimsAndCapLedger1795334486119';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"claim_records\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"provider_id\" uuid NOT NULL, \"claim_id\" text NOT NULL, \"recipient_id\" uuid, \"status\" text NOT NULL, \"current_version\" integer NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"ck_claim_records_status\" CHECK (\"status\" IN ('RECORDED', 'VOIDED')), CONSTRAINT \"PK_fb5e3d24992222cfc714c55b975\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_claim_records_provider_claim\" ON \"claim_records\"  (\"provider_id\", \"claim_id\") ");
    await queryRunner.query("CREATE TABLE \"claim_versions\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"claim_record_id\" uuid NOT NULL, \"version\" integer NOT NULL, \"frequency\" text NOT NULL, \"content_hash\" text NOT NULL, \"report\" jsonb NOT NULL, \"recorded_by_key_id\" uuid, \"recorded_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"ck_claim_versions_frequency\" CHECK (\"frequency\" IN ('ORIGINAL', 'REPLACEMENT', 'VOID')), CONSTRAINT \"PK_2edc3e36c13219718da19f8b4bc\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_claim_versions_version\" ON \"claim_versions\"  (\"claim_record_id\", \"version\") ");
    await queryRunner.query("CREATE TABLE \"cap_ledger_entries\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"recipient_id\" uuid NOT NULL, \"sfy\" text NOT NULL, \"category\" text NOT NULL, \"minutes\" integer NOT NULL, \"date_of_service\" date NOT NULL, \"source\" text NOT NULL, \"provider_id\" uuid, \"claim_record_id\" uuid, \"claim_version\" integer, \"line_id\" text, \"external_reference\" text, \"note\" text, \"recorded_by_key_id\" uuid, \"recorded_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"released_at\" TIMESTAMP WITH TIME ZONE, \"released_by_version\" integer, CONSTRAINT \"ck_cap_ledger_sfy\" CHECK (\"sfy\" ~ '^SFY[0-9]{4}$'), CONSTRAINT \"ck_cap_ledger_minutes\" CHECK (\"minutes\" > 0), CONSTRAINT \"ck_cap_ledger_source\" CHECK (\"source\" IN ('CLAIM', 'EXTERNAL')), CONSTRAINT \"ck_cap_ledger_category\" CHECK (\"category\" IN ('TCM', 'TLA')), CONSTRAINT \"PK_e0d994dfa3a872dfcfd35a5eb1c\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_cap_ledger_claim\" ON \"cap_ledger_entries\"  (\"claim_record_id\") ");
    await queryRunner.query("CREATE INDEX \"ix_cap_ledger_open\" ON \"cap_ledger_entries\"  (\"recipient_id\", \"sfy\", \"category\") WHERE \"released_at\" IS NULL");
    await queryRunner.query("ALTER TABLE \"claim_records\" ADD CONSTRAINT \"fk_claim_records_provider\" FOREIGN KEY (\"provider_id\") REFERENCES \"providers\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"claim_versions\" ADD CONSTRAINT \"fk_claim_versions_record\" FOREIGN KEY (\"claim_record_id\") REFERENCES \"claim_records\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"cap_ledger_entries\" ADD CONSTRAINT \"fk_cap_ledger_recipient\" FOREIGN KEY (\"recipient_id\") REFERENCES \"recipients\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"cap_ledger_entries\" ADD CONSTRAINT \"fk_cap_ledger_claim\" FOREIGN KEY (\"claim_record_id\") REFERENCES \"claim_records\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"cap_ledger_entries\" DROP CONSTRAINT \"fk_cap_ledger_claim\"");
    await queryRunner.query("ALTER TABLE \"cap_ledger_entries\" DROP CONSTRAINT \"fk_cap_ledger_recipient\"");
    await queryRunner.query("ALTER TABLE \"claim_versions\" DROP CONSTRAINT \"fk_claim_versions_record\"");
    await queryRunner.query("ALTER TABLE \"claim_records\" DROP CONSTRAINT \"fk_claim_records_provider\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_cap_ledger_open\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_cap_ledger_claim\"");
    await queryRunner.query("DROP TABLE \"cap_ledger_entries\"");
    await queryRunner.query("DROP INDEX \"public\".\"uq_claim_versions_version\"");
    await queryRunner.query("DROP TABLE \"claim_versions\"");
    await queryRunner.query("DROP INDEX \"public\".\"uq_claim_records_provider_claim\"");
    await queryRunner.query("DROP TABLE \"claim_records\"");
  }
}
