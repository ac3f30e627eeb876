import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ProgramApprovals1795333667664 implements MigrationInterface {
  name = 'ProgramApprovals1795333667664';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"program_approvals\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"provider_id\" uuid NOT NULL, \"program\" text NOT NULL, \"staffing\" jsonb, \"census\" jsonb, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"version\" integer NOT NULL DEFAULT '1', CONSTRAINT \"ck_program_approvals_program\" CHECK (\"program\" IN ('CST', 'IO', 'PSR')), CONSTRAINT \"PK_7cf07e35da7b31c4f056f989852\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_program_approvals_provider_program\" ON \"program_approvals\"  (\"provider_id\", \"program\") ");
    await queryRunner.query("CREATE TABLE \"program_approval_events\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"program_approval_id\" uuid NOT NULL, \"seq\" integer NOT NULL, \"type\" text NOT NULL, \"occurred_on\" date NOT NULL, \"notice_on\" date, \"review_on\" date, \"outcome\" text, \"effective_on\" date, \"note\" text, \"recorded_by_key_id\" uuid, \"recorded_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_00c5d4ac06211f1030df7c6b5b3\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_program_approval_events_seq\" ON \"program_approval_events\"  (\"program_approval_id\", \"seq\") ");
    await queryRunner.query("ALTER TABLE \"program_approvals\" ADD CONSTRAINT \"fk_program_approvals_provider\" FOREIGN KEY (\"provider_id\") REFERENCES \"providers\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"program_approval_events\" ADD CONSTRAINT \"fk_program_approval_events_approval\" FOREIGN KEY (\"program_approval_id\") REFERENCES \"program_approvals\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"program_approval_events\" DROP CONSTRAINT \"fk_program_approval_events_approval\"");
    await queryRunner.query("ALTER TABLE \"program_approvals\" DROP CONSTRAINT \"fk_program_approvals_provider\"");
    await queryRunner.query("DROP INDEX \"public\".\"uq_program_approval_events_seq\"");
    await queryRunner.query("DROP TABLE \"program_approval_events\"");
    await queryRunner.query("DROP INDEX \"public\".\"uq_program_approvals_provider_program\"");
    await queryRunner.query("DROP TABLE \"program_approvals\"");
  }
}
