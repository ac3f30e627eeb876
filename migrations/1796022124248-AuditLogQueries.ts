import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditLogQueries1796022124248 implements MigrationInterface {
  name = 'AuditLogQueries1796022124248';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE INDEX \"ix_audit_log_at\" ON \"audit_log\"  (\"at\") ");
    await queryRunner.query("CREATE INDEX \"ix_audit_log_actor\" ON \"audit_log\"  (\"actor_key_id\") ");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"public\".\"ix_audit_log_actor\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_audit_log_at\"");
  }
}
