import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Claim and payment ids as the events carry them: a non-empty string (the cases service makes
 * UUIDs, but the event contract does not promise one), so an event with another id is kept, not
 * parked for failing a cast. A claim is known within its case (its events are keyed by the case),
 * so a claim is keyed by case and claim id, and a payment's principal parts name both.
 */
export class ClaimAndPaymentIdsAsText1765510000000 implements MigrationInterface {
  name = 'ClaimAndPaymentIdsAsText1765510000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reporting.payment_principal_parts DROP CONSTRAINT payment_principal_parts_payment_id_fkey`);
    await q.query(`ALTER TABLE reporting.portfolio_claims ALTER COLUMN claim_id TYPE text`);
    await q.query(`ALTER TABLE reporting.portfolio_payments ALTER COLUMN payment_id TYPE text`);
    await q.query(`ALTER TABLE reporting.payment_principal_parts ALTER COLUMN payment_id TYPE text, ALTER COLUMN claim_id TYPE text`);
    await q.query(`ALTER TABLE reporting.payment_principal_parts
      ADD CONSTRAINT payment_principal_parts_payment_id_fkey FOREIGN KEY (payment_id) REFERENCES reporting.portfolio_payments (payment_id)`);
    await q.query(`ALTER TABLE reporting.portfolio_claims DROP CONSTRAINT portfolio_claims_pkey, ADD PRIMARY KEY (case_id, claim_id)`);
    await q.query(`DROP INDEX reporting.payment_principal_parts_claim`);
    await q.query(`CREATE INDEX payment_principal_parts_claim ON reporting.payment_principal_parts (case_id, claim_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX reporting.payment_principal_parts_claim`);
    await q.query(`CREATE INDEX payment_principal_parts_claim ON reporting.payment_principal_parts (claim_id)`);
    await q.query(`ALTER TABLE reporting.portfolio_claims DROP CONSTRAINT portfolio_claims_pkey, ADD PRIMARY KEY (claim_id)`);
    await q.query(`ALTER TABLE reporting.payment_principal_parts DROP CONSTRAINT payment_principal_parts_payment_id_fkey`);
    await q.query(`ALTER TABLE reporting.payment_principal_parts ALTER COLUMN payment_id TYPE uuid USING payment_id::uuid, ALTER COLUMN claim_id TYPE uuid USING claim_id::uuid`);
    await q.query(`ALTER TABLE reporting.portfolio_payments ALTER COLUMN payment_id TYPE uuid USING payment_id::uuid`);
    await q.query(`ALTER TABLE reporting.portfolio_claims ALTER COLUMN claim_id TYPE uuid USING claim_id::uuid`);
    await q.query(`ALTER TABLE reporting.payment_principal_parts
      ADD CONSTRAINT payment_principal_parts_payment_id_fkey FOREIGN KEY (payment_id) REFERENCES reporting.portfolio_payments (payment_id)`);
  }
}
