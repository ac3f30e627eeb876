import type { MigrationInterface, QueryRunner } from 'typeorm';

export class WebSessions1796021356154 implements MigrationInterface {
  name = 'WebSessions1796021356154';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"web_sessions\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"token_hash\" text NOT NULL, \"api_key_id\" uuid NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"expires_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"ended_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"PK_3ae6bbf6cb5ac95b7f617d395d3\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"uq_web_sessions_token_hash\" ON \"web_sessions\"  (\"token_hash\") ");
    await queryRunner.query("ALTER TABLE \"web_sessions\" ADD CONSTRAINT \"fk_web_sessions_api_key\" FOREIGN KEY (\"api_key_id\") REFERENCES \"api_keys\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"web_sessions\" DROP CONSTRAINT \"fk_web_sessions_api_key\"");
    await queryRunner.query("DROP INDEX \"public\".\"uq_web_sessions_token_hash\"");
    await queryRunner.query("DROP TABLE \"web_sessions\"");
  }
}
