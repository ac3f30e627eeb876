import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ApiKeyHoldersAndAccessReviews1796023260568 implements MigrationInterface {
  name = 'ApiKeyHoldersAndAccessReviews1796023260568';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"access_reviews\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"reviewed_on\" date NOT NULL, \"reviewed_by_key_id\" uuid, \"note\" text, \"changes\" jsonb NOT NULL DEFAULT '[]', \"key_changes\" jsonb NOT NULL DEFAULT '[]', \"keys_reviewed\" jsonb NOT NULL DEFAULT '[]', \"recorded_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_901871ab6c969f7053685d00929\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"ix_access_reviews_reviewed_on\" ON \"access_reviews\"  (\"reviewed_on\") ");
    await queryRunner.query("ALTER TABLE \"api_keys\" ADD \"holder_staff_id\" uuid");
    await queryRunner.query("ALTER TABLE \"api_keys\" ADD \"last_used_on\" date");
    await queryRunner.query("ALTER TABLE \"api_keys\" ADD CONSTRAINT \"fk_api_keys_holder\" FOREIGN KEY (\"holder_staff_id\") REFERENCES \"staff\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"api_keys\" DROP CONSTRAINT \"fk_api_keys_holder\"");
    await queryRunner.query("ALTER TABLE \"api_keys\" DROP COLUMN \"last_used_on\"");
    await queryRunner.query("ALTER TABLE \"api_keys\" DROP COLUMN \"holder_staff_id\"");
    await queryRunner.query("DROP INDEX \"public\".\"ix_access_reviews_reviewed_on\"");
    await queryRunner.query("DROP TABLE \"access_reviews\"");
  }
}
