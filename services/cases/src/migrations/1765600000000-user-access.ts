import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * People leave or change jobs: a user can be disabled (it signs in no more; its history stays,
 * naming it) and enabled again, with the reason and when; its role and scope can change.
 */
export class UserAccess1765600000000 implements MigrationInterface {
  name = 'UserAccess1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases.users ADD COLUMN disabled_at timestamptz NULL, ADD COLUMN disabled_reason text NULL,
      ADD COLUMN updated_at timestamptz NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases.users DROP COLUMN disabled_at, DROP COLUMN disabled_reason, DROP COLUMN updated_at`);
  }
}
