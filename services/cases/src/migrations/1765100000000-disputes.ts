import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Disputes: a debtor's reason not to pay some claims of a case, the client's answer and the
 * outcome (disputes/dispute.ts); what a resolved dispute credited on each claim; and each
 * client's service level for answering, in business days of the agency's calendar.
 */
export class Disputes1765100000000 implements MigrationInterface {
  name = 'Disputes1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE cases.disputes (
      id uuid PRIMARY KEY,
      case_id uuid NOT NULL REFERENCES cases.cases (id),
      client_id uuid NOT NULL,
      brand_id uuid NOT NULL,
      claim_ids uuid[] NOT NULL CHECK (cardinality(claim_ids) > 0),
      reason text NOT NULL CHECK (reason IN ('not_received', 'partial_delivery', 'poor_quality', 'billing_error', 'already_paid',
                                             'not_my_debt', 'wrong_amount', 'contract_cancelled', 'other')),
      text text NULL,
      raised_by text NOT NULL CHECK (raised_by IN ('debtor', 'agent', 'client')),
      channel text NOT NULL CHECK (channel IN ('phone', 'email', 'registered_email', 'letter', 'sms', 'whatsapp', 'client_portal',
                                               'debtor_page', 'in_person')),
      status text NOT NULL CHECK (status IN ('open', 'awaiting_client', 'resolved')),
      raised_at timestamptz NOT NULL,
      recorded_by text NOT NULL,
      answer_due_on date NOT NULL,
      answer text NULL,
      proposed_outcome text NULL CHECK (proposed_outcome IN ('upheld', 'rejected', 'partly_upheld')),
      answered_at timestamptz NULL,
      answered_by text NULL,
      answered_late boolean NULL,
      outcome text NULL CHECK (outcome IN ('upheld', 'rejected', 'partly_upheld')),
      -- [{ claimId, amountMinor }]: what the outcome credited on each claim.
      credits jsonb NOT NULL DEFAULT '[]',
      explanation text NULL,
      resolved_at timestamptz NULL,
      resolved_by text NULL,
      -- What raised it when that was an event (a call logged with a dispute outcome): raised once per source.
      source_key text NULL UNIQUE,
      version int NOT NULL DEFAULT 1,
      CHECK ((status = 'resolved') = (outcome IS NOT NULL))
    )`);
    await q.query(`CREATE INDEX disputes_case_idx ON cases.disputes (case_id, raised_at, id)`);
    // Listings: a client's, by status, newest first; the agency's overdue ones by due day.
    await q.query(`CREATE INDEX disputes_client_idx ON cases.disputes (client_id, raised_at DESC, id DESC)`);
    await q.query(`CREATE INDEX disputes_listing_idx ON cases.disputes (raised_at DESC, id DESC)`);
    await q.query(`CREATE INDEX disputes_awaiting_idx ON cases.disputes (answer_due_on, id) WHERE status = 'awaiting_client'`);

    // What resolved disputes credited on a claim (a credit note): no longer collected.
    await q.query(`ALTER TABLE cases.claims ADD COLUMN credited_minor bigint NOT NULL DEFAULT 0`);
    await q.query(
      `ALTER TABLE cases.claims ADD CONSTRAINT claims_credited_within_principal CHECK (credited_minor >= 0 AND paid_minor + credited_minor <= principal_minor)`,
    );

    // Days a client has to answer a dispute, in business days of the agency's calendar (default 10 without a row).
    await q.query(`CREATE TABLE cases.dispute_service_levels (
      client_id uuid PRIMARY KEY REFERENCES cases.clients (id),
      answer_days int NOT NULL CHECK (answer_days BETWEEN 1 AND 60),
      updated_by text NOT NULL,
      updated_at timestamptz NOT NULL
    )`);

    // Walls: a dispute is visible when its case is (the sub-select is itself walled); a service
    // level to the agency and to the client's own users, set by the agency admin alone.
    await q.query(`ALTER TABLE cases.disputes ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE cases.disputes FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY disputes_tenant ON cases.disputes USING (
      cases.tenant_role() = 'agency_admin' OR EXISTS (SELECT 1 FROM cases.cases c WHERE c.id = case_id)
    )`);
    await q.query(`ALTER TABLE cases.dispute_service_levels ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE cases.dispute_service_levels FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY dispute_service_levels_read ON cases.dispute_service_levels FOR SELECT USING (
      cases.tenant_role() IN ('agency_admin', 'agent', 'legal')
      OR (cases.tenant_role() = 'client_user' AND client_id = ANY (cases.setting_ids('app.client_ids')))
    )`);
    await q.query(`CREATE POLICY dispute_service_levels_admin ON cases.dispute_service_levels
      USING (cases.tenant_role() = 'agency_admin') WITH CHECK (cases.tenant_role() = 'agency_admin')`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON cases.disputes, cases.dispute_service_levels TO amicus_cases_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE cases.dispute_service_levels`);
    await q.query(`ALTER TABLE cases.claims DROP CONSTRAINT claims_credited_within_principal`);
    await q.query(`ALTER TABLE cases.claims DROP COLUMN credited_minor`);
    await q.query(`DROP TABLE cases.disputes`);
  }
}
