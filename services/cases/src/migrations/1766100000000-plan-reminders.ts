import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 11's leftovers on plans and online payments:
 * - a payment plan's own structured reference: `reference_number` (9,000,000,000 + a sequence,
 *   @amicus/payment-references planReferenceNumber), unique, so the bank import finds the plan's
 *   case by it; plans already on file get theirs in the order they were proposed;
 * - the reminder before each instalment: `remind_at` (the scheduler's tick takes the agreed plans
 *   due for one by a partial index, like `check_at`) and `reminded_seq` (the last instalment
 *   reminded: each once);
 * - online payments not confirmed by a webhook: `poll_at`, when the tick asks the provider next
 *   (a partial index on the attempts still open), and `polls`, how often it has asked.
 */
export class PlanReminders1766100000000 implements MigrationInterface {
  name = 'PlanReminders1766100000000';

  async up(q: QueryRunner): Promise<void> {
    // Case numbers stay below the plans' range (they start at 1,000,000,001).
    await q.query(`ALTER SEQUENCE cases.case_number_seq MAXVALUE 8999999999`);
    await q.query(`CREATE SEQUENCE cases.plan_reference_seq MINVALUE 1 MAXVALUE 999999999 NO CYCLE`);
    await q.query(`GRANT USAGE ON SEQUENCE cases.plan_reference_seq TO amicus_cases_app`);
    await q.query(`ALTER TABLE cases.payment_plans
      ADD COLUMN reference_number bigint NULL UNIQUE CHECK (reference_number > 9000000000 AND reference_number < 10000000000),
      ADD COLUMN remind_at timestamptz NULL,
      ADD COLUMN reminded_seq int NOT NULL DEFAULT 0`);
    await q.query(`UPDATE cases.payment_plans p SET reference_number = 9000000000 + n.seq
      FROM (SELECT id, nextval('cases.plan_reference_seq') AS seq FROM (SELECT id FROM cases.payment_plans ORDER BY proposed_at, id) o) n
      WHERE p.id = n.id`);
    await q.query(`ALTER TABLE cases.payment_plans ALTER COLUMN reference_number SET DEFAULT 9000000000 + nextval('cases.plan_reference_seq')`);
    await q.query(`ALTER TABLE cases.payment_plans ALTER COLUMN reference_number SET NOT NULL`);
    await q.query(`CREATE INDEX payment_plans_remind_idx ON cases.payment_plans (remind_at, id) WHERE status = 'agreed' AND remind_at IS NOT NULL`);

    await q.query(`ALTER TABLE cases.online_payments ADD COLUMN poll_at timestamptz NULL, ADD COLUMN polls int NOT NULL DEFAULT 0`);
    await q.query(`CREATE INDEX online_payments_poll_idx ON cases.online_payments (poll_at, id) WHERE poll_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cases.online_payments_poll_idx`);
    await q.query(`ALTER TABLE cases.online_payments DROP COLUMN poll_at, DROP COLUMN polls`);
    await q.query(`DROP INDEX cases.payment_plans_remind_idx`);
    await q.query(`ALTER TABLE cases.payment_plans DROP COLUMN reference_number, DROP COLUMN remind_at, DROP COLUMN reminded_seq`);
    await q.query(`DROP SEQUENCE cases.plan_reference_seq`);
    await q.query(`ALTER SEQUENCE cases.case_number_seq MAXVALUE 9999999999`);
  }
}
