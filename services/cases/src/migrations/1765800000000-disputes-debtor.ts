import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A dispute's answer overdue: when the client was reminded, and when it went on to the agency's
 * account manager; the sweep takes the disputes awaiting the client that are not escalated yet
 * by their due day (a partial index: the few that wait, not every dispute ever raised).
 */
export class DisputesDebtor1765800000000 implements MigrationInterface {
  name = 'DisputesDebtor1765800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases.disputes ADD COLUMN reminded_at timestamptz NULL, ADD COLUMN escalated_at timestamptz NULL`);
    await q.query(
      `CREATE INDEX disputes_overdue_idx ON cases.disputes (answer_due_on, id) WHERE status = 'awaiting_client' AND escalated_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cases.disputes_overdue_idx`);
    await q.query(`ALTER TABLE cases.disputes DROP COLUMN reminded_at, DROP COLUMN escalated_at`);
  }
}
