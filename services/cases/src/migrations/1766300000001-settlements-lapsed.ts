import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A settlement accepted but never paid lapses (settlements/ settlement.ts `lapsed`): paid at once
 * and past its pay-by day, or by a plan that broke. It no longer counts as the case's pending
 * settlement, so a new offer may be recorded.
 */
export class SettlementsLapsed1766300000001 implements MigrationInterface {
  name = 'SettlementsLapsed1766300000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases.settlements DROP CONSTRAINT settlements_status_check`);
    await q.query(
      `ALTER TABLE cases.settlements ADD CONSTRAINT settlements_status_check CHECK (status IN ('awaiting_client', 'accepted', 'declined', 'paid', 'lapsed'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE cases.settlements SET status = 'declined' WHERE status = 'lapsed'`);
    await q.query(`ALTER TABLE cases.settlements DROP CONSTRAINT settlements_status_check`);
    await q.query(
      `ALTER TABLE cases.settlements ADD CONSTRAINT settlements_status_check CHECK (status IN ('awaiting_client', 'accepted', 'declined', 'paid'))`,
    );
  }
}
