import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11: a payment plan's communications (its confirmation, the reminder before an
 * instalment, an instalment missed, the plan completed) keep what they print of the plan —
 * its instalments, the day that matters, what to pay now, its own reference number
 * (plan-notices.ts PlanNotice). Null for every other communication.
 */
export class PlanNotices1764800000000 implements MigrationInterface {
  name = 'PlanNotices1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE communications.communications ADD COLUMN details jsonb NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE communications.communications DROP COLUMN details`);
  }
}
