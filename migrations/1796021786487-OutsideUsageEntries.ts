import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OutsideUsageEntries1796021786487 implements MigrationInterface {
  name = 'OutsideUsageEntries1796021786487';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"external_usage\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"recipient_id\" uuid NOT NULL, \"provider_id\" uuid NOT NULL, \"external_reference\" text NOT NULL, \"status\" text NOT NULL, \"current_version\" integer NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"ck_external_usage_status\" CHECK (\"status\" IN ('RECORDED', 'VOIDED')), CONSTRAINT \"PK_e5c826911f1a615a513d797f9b0\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_external_usage_recipient\" ON \"external_usage\"  (\"recipient_id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_external_usage_provider_reference\" ON \"external_usage\"  (\"provider_id\", \"external_reference\") ");
    await queryRunner.query("CREATE TABLE \"external_usage_versions\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"usage_id\" uuid NOT NULL, \"version\" integer NOT NULL, \"action\" text NOT NULL, \"date_of_service\" date NOT NULL, \"service\" text NOT NULL, \"minutes\" integer NOT NULL, \"note\" text, \"content_hash\" text NOT NULL, \"reason\" text, \"answer\" jsonb NOT NULL, \"recorded_by_key_id\" uuid, \"recorded_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"ck_external_usage_versions_action\" CHECK (\"action\" IN ('RECORD', 'CORRECT', 'VOID')), CONSTRAINT \"PK_7ca062f35fe3c9532bafab4939f\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_external_usage_versions_version\" ON \"external_usage_versions\"  (\"usage_id\", \"version\") ");
    await queryRunner.query("ALTER TABLE \"cap_ledger_entries\" ADD \"external_usage_id\" uuid");
    await queryRunner.query("ALTER TABLE \"cap_ledger_entries\" ADD \"external_usage_version\" integer");
    await queryRunner.query("CREATE INDEX \"ix_cap_ledger_external_usage\" ON \"cap_ledger_entries\"  (\"external_usage_id\") ");
    await queryRunner.query("ALTER TABLE \"external_usage\" ADD CONSTRAINT \"fk_external_usage_recipient\" FOREIGN KEY (\"recipient_id\") REFERENCES \"recipients\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"external_usage\" ADD CONSTRAINT \"fk_external_usage_provider\" FOREIGN KEY (\"provider_id\") REFERENCES \"providers\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"external_usage_versions\" ADD CONSTRAINT \"fk_external_usage_versions_usage\" FOREIGN KEY (\"usage_id\") REFERENCES \"external_usage\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"cap_ledger_entries\" ADD CONSTRAINT \"fk_cap_ledger_external_usage\" FOREIGN KEY (\"external_usage_id\") REFERENCES \"external_usage\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"cap_ledger_entries\" DROP CONSTRAINT \"fk_cap_ledger_external_usage\"");
    await queryRunner.query("ALTER TABLE \"external_usage_versions\" DROP CONSTRAINT \"fk_external_usage_versions_usage\"");
    await queryRunner.query("ALTER TABLE \"external_usage\" DROP CONSTRAINT \"fk_external_usage_provider\"");
    await queryRunner.query("ALTER TABLE \"external_usage\" DROP CONSTRAINT \"fk_external_usage_recipient\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_cap_ledger_external_usage\"");
    await queryRunner.query("ALTER TABLE \"cap_ledger_entries\" DROP COLUMN \"external_usage_version\"");
    await queryRunner.query("ALTER TABLE \"cap_ledger_entries\" DROP COLUMN \"external_usage_id\"");
    await queryRunner.query("DROP INDEX \"public\".\"uq_external_usage_versions_version\"");
    await queryRunner.query("DROP TABLE \"external_usage_versions\"");
    await queryRunner.query("DROP INDEX \"public\".\"uq_external_usage_provider_reference\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_external_usage_recipient\"");
    await queryRunner.query("DROP TABLE \"external_usage\"");
  }
}
