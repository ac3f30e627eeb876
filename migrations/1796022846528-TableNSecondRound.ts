import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TableNSecondRound1796022846528 implements MigrationInterface {
  name = 'TableNSecondRound1796022846528';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"calendar_feeds\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"api_key_id\" uuid NOT NULL, \"name\" text NOT NULL, \"token_hash\" text NOT NULL, \"filters\" jsonb NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"revoked_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"PK_045067d8bb57f971f3c5426ea71\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_calendar_feeds_token_hash\" ON \"calendar_feeds\"  (\"token_hash\") ");
    await queryRunner.query("CREATE INDEX \"ix_calendar_feeds_api_key\" ON \"calendar_feeds\"  (\"api_key_id\") ");
    await queryRunner.query("CREATE TABLE \"act_teams\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"provider_id\" uuid NOT NULL, \"staffing\" jsonb, \"census\" jsonb, \"evidence\" jsonb NOT NULL DEFAULT '[]', \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"version\" integer NOT NULL DEFAULT '1', CONSTRAINT \"PK_7186d4ae6d73a152c22129278ad\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_act_teams_provider\" ON \"act_teams\"  (\"provider_id\") ");
    await queryRunner.query("ALTER TABLE \"program_approvals\" ADD \"evidence\" jsonb NOT NULL DEFAULT '[]'");
    await queryRunner.query("ALTER TABLE \"program_approval_events\" ADD \"submitted_on\" date");
    await queryRunner.query("ALTER TABLE \"program_approval_events\" ADD CONSTRAINT \"ck_program_approval_events_submitted\" CHECK (\"submitted_on\" IS NULL OR \"submitted_on\" <= \"occurred_on\")");
    await queryRunner.query("ALTER TABLE \"calendar_feeds\" ADD CONSTRAINT \"fk_calendar_feeds_api_key\" FOREIGN KEY (\"api_key_id\") REFERENCES \"api_keys\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"act_teams\" ADD CONSTRAINT \"fk_act_teams_provider\" FOREIGN KEY (\"provider_id\") REFERENCES \"providers\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"act_teams\" DROP CONSTRAINT \"fk_act_teams_provider\"");
    await queryRunner.query("ALTER TABLE \"calendar_feeds\" DROP CONSTRAINT \"fk_calendar_feeds_api_key\"");
    await queryRunner.query("ALTER TABLE \"program_approval_events\" DROP CONSTRAINT \"ck_program_approval_events_submitted\"");
    await queryRunner.query("ALTER TABLE \"program_approval_events\" DROP COLUMN \"submitted_on\"");
    await queryRunner.query("ALTER TABLE \"program_approvals\" DROP COLUMN \"evidence\"");
    await queryRunner.query("DROP INDEX \"public\".\"uq_act_teams_provider\"");
    await queryRunner.query("DROP TABLE \"act_teams\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_calendar_feeds_api_key\"");
    await queryRunner.query("DROP INDEX \"public\".\"uq_calendar_feeds_token_hash\"");
    await queryRunner.query("DROP TABLE \"calendar_feeds\"");
  }
}
