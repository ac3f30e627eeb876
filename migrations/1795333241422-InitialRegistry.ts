import type { MigrationInterface, QueryRunner } from 'typeorm';

export class InitialRegistry1795333241422 implements MigrationInterface {
  name = 'InitialRegistry1795333241422';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"providers\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"name\" text NOT NULL, \"npi\" character(10) NOT NULL, \"type\" text NOT NULL, \"ip_kind\" text, \"enrollments\" jsonb NOT NULL DEFAULT '[]'::jsonb, \"encounter_rate_clinic\" boolean NOT NULL DEFAULT false, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"version\" integer NOT NULL DEFAULT '1', CONSTRAINT \"ck_providers_ip_kind\" CHECK ((\"type\" = 'IP') = (\"ip_kind\" IS NOT NULL)), CONSTRAINT \"ck_providers_type\" CHECK (\"type\" IN ('CMHC', 'BHC', 'IP')), CONSTRAINT \"PK_af13fc2ebf382fe0dad2e4793aa\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_providers_npi\" ON \"providers\"  (\"npi\") ");
    await queryRunner.query("CREATE TABLE \"staff\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"provider_id\" uuid NOT NULL, \"name\" text NOT NULL, \"npi\" character(10), \"birth_date\" date, \"hire_date\" date NOT NULL, \"end_date\" date, \"licenses\" jsonb NOT NULL DEFAULT '[]'::jsonb, \"degrees\" jsonb NOT NULL DEFAULT '[]'::jsonb, \"high_school_or_ged\" boolean NOT NULL DEFAULT false, \"experience\" jsonb NOT NULL DEFAULT '[]'::jsonb, \"trainings\" jsonb NOT NULL DEFAULT '[]'::jsonb, \"practicum_hours\" integer, \"certifications\" jsonb NOT NULL DEFAULT '[]'::jsonb, \"supervisor_staff_id\" uuid, \"mhp_designated_before_2011\" boolean NOT NULL DEFAULT false, \"rsa_abilities_attested_on\" date, \"prescriber_designations\" jsonb NOT NULL DEFAULT '[]'::jsonb, \"full_time\" boolean NOT NULL DEFAULT true, \"lived_experience\" boolean NOT NULL DEFAULT false, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"version\" integer NOT NULL DEFAULT '1', CONSTRAINT \"ck_staff_practicum\" CHECK (\"practicum_hours\" IS NULL OR \"practicum_hours\" >= 0), CONSTRAINT \"ck_staff_employment\" CHECK (\"end_date\" IS NULL OR \"end_date\" >= \"hire_date\"), CONSTRAINT \"PK_e4ee98bb552756c180aec1e854a\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_staff_npi\" ON \"staff\"  (\"npi\") ");
    await queryRunner.query("CREATE INDEX \"ix_staff_provider\" ON \"staff\"  (\"provider_id\") ");
    await queryRunner.query("CREATE TABLE \"recipients\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"medicaid_id\" text NOT NULL, \"name\" text, \"birth_date\" date NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"version\" integer NOT NULL DEFAULT '1', CONSTRAINT \"PK_de8fc5a9c364568f294798fe1e9\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_recipients_medicaid_id\" ON \"recipients\"  (\"medicaid_id\") ");
    await queryRunner.query("CREATE TABLE \"recipient_providers\" (\"recipient_id\" uuid NOT NULL, \"provider_id\" uuid NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_d0f8fbbd8c5228a11a7730ed3aa\" PRIMARY KEY (\"recipient_id\", \"provider_id\"))");
    await queryRunner.query("CREATE INDEX \"ix_recipient_providers_provider\" ON \"recipient_providers\"  (\"provider_id\") ");
    await queryRunner.query("CREATE TABLE \"assessments\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"recipient_id\" uuid NOT NULL, \"provider_id\" uuid NOT NULL, \"completed_on\" date NOT NULL, \"approved_by_staff_id\" uuid, \"diagnoses\" jsonb NOT NULL DEFAULT '[]'::jsonb, \"rule_out\" boolean NOT NULL DEFAULT false, \"definitive_on\" date, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_a3442bd80a00e9111cefca57f6c\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_assessments_recipient\" ON \"assessments\"  (\"recipient_id\", \"completed_on\") ");
    await queryRunner.query("CREATE TABLE \"treatment_plans\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"recipient_id\" uuid NOT NULL, \"provider_id\" uuid NOT NULL, \"approved_on\" date NOT NULL, \"approved_by_staff_id\" uuid, \"client_signed_on\" date, \"services\" jsonb NOT NULL DEFAULT '[]'::jsonb, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_6372779b339933b56aa985167f0\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_treatment_plans_recipient\" ON \"treatment_plans\"  (\"recipient_id\", \"approved_on\") ");
    await queryRunner.query("CREATE TABLE \"api_keys\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"name\" text NOT NULL, \"key_hash\" text NOT NULL, \"key_prefix\" text NOT NULL, \"role\" text NOT NULL, \"provider_ids\" uuid array NOT NULL DEFAULT '{}'::uuid[], \"all_providers\" boolean NOT NULL DEFAULT false, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"revoked_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"ck_api_keys_role\" CHECK (\"role\" IN ('BILLING', 'CLINICAL_DIRECTOR', 'REVIEWER', 'ADMIN')), CONSTRAINT \"PK_5c8a79801b44bd27b79228e1dad\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_api_keys_hash\" ON \"api_keys\"  (\"key_hash\") ");
    await queryRunner.query("CREATE TABLE \"audit_log\" (\"id\" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, \"at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"actor_key_id\" uuid, \"actor_role\" text NOT NULL, \"action\" text NOT NULL, \"entity\" text NOT NULL, \"entity_id\" text NOT NULL, \"before_hash\" text, \"after_hash\" text, \"request_id\" text, CONSTRAINT \"PK_07fefa57f7f5ab8fc3f52b3ed0b\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_audit_log_entity\" ON \"audit_log\"  (\"entity\", \"entity_id\") ");
    await queryRunner.query("ALTER TABLE \"staff\" ADD CONSTRAINT \"fk_staff_provider\" FOREIGN KEY (\"provider_id\") REFERENCES \"providers\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"staff\" ADD CONSTRAINT \"fk_staff_supervisor\" FOREIGN KEY (\"supervisor_staff_id\") REFERENCES \"staff\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"recipient_providers\" ADD CONSTRAINT \"fk_recipient_providers_recipient\" FOREIGN KEY (\"recipient_id\") REFERENCES \"recipients\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"recipient_providers\" ADD CONSTRAINT \"fk_recipient_providers_provider\" FOREIGN KEY (\"provider_id\") REFERENCES \"providers\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"assessments\" ADD CONSTRAINT \"fk_assessments_recipient\" FOREIGN KEY (\"recipient_id\") REFERENCES \"recipients\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"assessments\" ADD CONSTRAINT \"fk_assessments_provider\" FOREIGN KEY (\"provider_id\") REFERENCES \"providers\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"assessments\" ADD CONSTRAINT \"fk_assessments_approver\" FOREIGN KEY (\"approved_by_staff_id\") REFERENCES \"staff\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"treatment_plans\" ADD CONSTRAINT \"fk_treatment_plans_recipient\" FOREIGN KEY (\"recipient_id\") REFERENCES \"recipients\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"treatment_plans\" ADD CONSTRAINT \"fk_treatment_plans_provider\" FOREIGN KEY (\"provider_id\") REFERENCES \"providers\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"treatment_plans\" ADD CONSTRAINT \"fk_treatment_plans_approver\" FOREIGN KEY (\"approved_by_staff_id\") REFERENCES \"staff\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    // The audit log is append-only: refuse UPDATE, DELETE and TRUNCATE at the database itself.
    await queryRunner.query(`CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`);
    await queryRunner.query(`CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`);
    await queryRunner.query(`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON "audit_log" FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER audit_log_no_truncate ON "audit_log"`);
    await queryRunner.query(`DROP TRIGGER audit_log_no_update ON "audit_log"`);
    await queryRunner.query(`DROP FUNCTION audit_log_append_only()`);
    await queryRunner.query("DROP INDEX \"public\".\"ix_audit_log_entity\"");
    await queryRunner.query("ALTER TABLE \"treatment_plans\" DROP CONSTRAINT \"fk_treatment_plans_approver\"");
    await queryRunner.query("ALTER TABLE \"treatment_plans\" DROP CONSTRAINT \"fk_treatment_plans_provider\"");
    await queryRunner.query("ALTER TABLE \"treatment_plans\" DROP CONSTRAINT \"fk_treatment_plans_recipient\"");
    await queryRunner.query("ALTER TABLE \"assessments\" DROP CONSTRAINT \"fk_assessments_approver\"");
    await queryRunner.query("ALTER TABLE \"assessments\" DROP CONSTRAINT \"fk_assessments_provider\"");
    await queryRunner.query("ALTER TABLE \"assessments\" DROP CONSTRAINT \"fk_assessments_recipient\"");
    await queryRunner.query("ALTER TABLE \"recipient_providers\" DROP CONSTRAINT \"fk_recipient_providers_provider\"");
    await queryRunner.query("ALTER TABLE \"recipient_providers\" DROP CONSTRAINT \"fk_recipient_providers_recipient\"");
    await queryRunner.query("ALTER TABLE \"staff\" DROP CONSTRAINT \"fk_staff_supervisor\"");
    await queryRunner.query("ALTER TABLE \"staff\" DROP CONSTRAINT \"fk_staff_provider\"");
    await queryRunner.query("DROP TABLE \"audit_log\"");
    await queryRunner.query("DROP INDEX \"public\".\"uq_api_keys_hash\"");
    await queryRunner.query("DROP TABLE \"api_keys\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_treatment_plans_recipient\"");
    await queryRunner.query("DROP TABLE \"treatment_plans\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_assessments_recipient\"");
    await queryRunner.query("DROP TABLE \"assessments\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_recipient_providers_provider\"");
    await queryRunner.query("DROP TABLE \"recipient_providers\"");
    await queryRunner.query("DROP INDEX \"public\".\"uq_recipients_medicaid_id\"");
    await queryRunner.query("DROP TABLE \"recipients\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_staff_provider\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_staff_npi\"");
    await queryRunner.query("DROP TABLE \"staff\"");
    await queryRunner.query("DROP INDEX \"public\".\"uq_providers_npi\"");
    await queryRunner.query("DROP TABLE \"providers\"");
  }
}
