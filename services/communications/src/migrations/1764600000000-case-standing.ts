import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 10: communications acts on the case as it is now. The case contacts keep the case's hold
 * (CaseHeld, CaseHoldReleased), its closing (CaseClosed) and its recalled claims (ClaimRecalled);
 * a communication that will never go (the case closed, its claims recalled) is `cancelled`.
 */
export class CaseStanding1764600000000 implements MigrationInterface {
  name = 'CaseStanding1764600000000';

  async up(q: QueryRunner): Promise<void> {
    // hold_until (already there) is the start of hold_ends in the agency's calendar; hold_changed_at
    // is the moment of the hold event last applied, so an older one arriving late changes nothing.
    await q.query(`ALTER TABLE communications.case_contacts
      ADD COLUMN hold_ends date NULL,
      ADD COLUMN hold_reason text NULL,
      ADD COLUMN hold_changed_at timestamptz NULL,
      ADD COLUMN closed_outcome text NULL CHECK (closed_outcome IN ('paid', 'settled', 'written_off', 'returned_to_client')),
      ADD COLUMN closed_at timestamptz NULL,
      ADD COLUMN recalled_claim_ids uuid[] NOT NULL DEFAULT '{}'`);

    await q.query(`ALTER TABLE communications.communications
      DROP CONSTRAINT communications_status_check,
      ADD CONSTRAINT communications_status_check
        CHECK (status IN ('requested', 'scheduled', 'sent', 'delivered', 'failed', 'bounced', 'cancelled'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE communications.communications SET status = 'failed' WHERE status = 'cancelled'`);
    await q.query(`ALTER TABLE communications.communications
      DROP CONSTRAINT communications_status_check,
      ADD CONSTRAINT communications_status_check CHECK (status IN ('requested', 'scheduled', 'sent', 'delivered', 'failed', 'bounced'))`);
    await q.query(`ALTER TABLE communications.case_contacts
      DROP COLUMN hold_ends, DROP COLUMN hold_reason, DROP COLUMN hold_changed_at,
      DROP COLUMN closed_outcome, DROP COLUMN closed_at, DROP COLUMN recalled_claim_ids`);
  }
}
