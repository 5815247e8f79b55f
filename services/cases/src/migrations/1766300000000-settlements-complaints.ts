import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Settlements (settlements/): each client's terms (the discount an agent may grant on its own),
 * each offer with its decision and what the case had paid when it was accepted. Complaints
 * (complaints/): logged from any channel, due by a day, answered and closed by the agency admin,
 * and whether the admin paused the journey while one is open. Both walled like disputes: the
 * admin all, everyone else through the case they may see.
 */
export class SettlementsComplaints1766300000000 implements MigrationInterface {
  name = 'SettlementsComplaints1766300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE cases.settlement_terms (
      client_id uuid PRIMARY KEY REFERENCES cases.clients (id),
      max_discount_bp int NOT NULL CHECK (max_discount_bp BETWEEN 0 AND 10000),
      min_amount_minor bigint NULL CHECK (min_amount_minor >= 0),
      updated_by text NOT NULL,
      updated_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE TABLE cases.settlements (
      id uuid PRIMARY KEY,
      case_id uuid NOT NULL REFERENCES cases.cases (id),
      client_id uuid NOT NULL,
      brand_id uuid NOT NULL,
      currency char(3) NOT NULL,
      balance_minor bigint NOT NULL CHECK (balance_minor > 0),
      amount_minor bigint NOT NULL CHECK (amount_minor > 0 AND amount_minor < balance_minor),
      discount_bp int NOT NULL,
      within_terms boolean NOT NULL,
      by_plan boolean NOT NULL,
      -- The plan the debtor offered to pay the settled amount by (plans/ PlanProposalWire), proposed once it is accepted.
      plan_proposal jsonb NULL,
      pay_by date NULL,
      note text NULL,
      status text NOT NULL CHECK (status IN ('awaiting_client', 'accepted', 'declined', 'paid')),
      offered_at timestamptz NOT NULL,
      offered_by text NOT NULL,
      decided_at timestamptz NULL,
      decided_by text NULL,
      decision_reason text NULL,
      paid_before_minor bigint NULL,
      plan_id uuid NULL,
      version int NOT NULL DEFAULT 1
    )`);
    // One settlement pending per case: awaiting the client, or accepted and not yet paid.
    await q.query(`CREATE UNIQUE INDEX settlements_pending_idx ON cases.settlements (case_id) WHERE status IN ('awaiting_client', 'accepted')`);
    await q.query(`CREATE INDEX settlements_case_idx ON cases.settlements (case_id, offered_at)`);
    await q.query(`CREATE INDEX settlements_client_idx ON cases.settlements (client_id, status, offered_at DESC)`);
    await q.query(`CREATE TABLE cases.complaints (
      id uuid PRIMARY KEY,
      case_id uuid NOT NULL REFERENCES cases.cases (id),
      client_id uuid NOT NULL,
      brand_id uuid NOT NULL,
      category text NOT NULL,
      channel text NOT NULL,
      complained_by text NOT NULL CHECK (complained_by IN ('debtor', 'client')),
      text text NOT NULL,
      status text NOT NULL CHECK (status IN ('open', 'answered', 'closed')),
      logged_at timestamptz NOT NULL,
      logged_by text NOT NULL,
      due_on date NOT NULL,
      pauses_journey boolean NOT NULL DEFAULT false,
      pause_decided_by text NULL,
      answer text NULL,
      answered_at timestamptz NULL,
      answered_by text NULL,
      answered_in_time boolean NULL,
      upheld boolean NULL,
      closing_note text NULL,
      closed_at timestamptz NULL,
      closed_by text NULL,
      version int NOT NULL DEFAULT 1
    )`);
    await q.query(`CREATE INDEX complaints_case_idx ON cases.complaints (case_id, logged_at)`);
    await q.query(`CREATE INDEX complaints_status_idx ON cases.complaints (status, due_on, id)`);
    // The journeys' gate reads the open complaints the admin paused a journey for.
    await q.query(`CREATE INDEX complaints_pausing_idx ON cases.complaints (case_id) WHERE pauses_journey AND status <> 'closed'`);

    for (const table of ['settlements', 'complaints']) {
      await q.query(`ALTER TABLE cases.${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE cases.${table} FORCE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY ${table}_tenant ON cases.${table} USING (
        cases.tenant_role() = 'agency_admin' OR EXISTS (SELECT 1 FROM cases.cases c WHERE c.id = case_id)
      )`);
    }
    await q.query(`ALTER TABLE cases.settlement_terms ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE cases.settlement_terms FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY settlement_terms_read ON cases.settlement_terms FOR SELECT USING (
      cases.tenant_role() IN ('agency_admin', 'agent', 'legal')
      OR (cases.tenant_role() = 'client_user' AND client_id = ANY (cases.setting_ids('app.client_ids')))
    )`);
    // The admin sets any client's terms; a client user its own client's.
    await q.query(`CREATE POLICY settlement_terms_write ON cases.settlement_terms USING (
      cases.tenant_role() = 'agency_admin' OR (cases.tenant_role() = 'client_user' AND client_id = ANY (cases.setting_ids('app.client_ids')))
    ) WITH CHECK (
      cases.tenant_role() = 'agency_admin' OR (cases.tenant_role() = 'client_user' AND client_id = ANY (cases.setting_ids('app.client_ids')))
    )`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON cases.settlements, cases.complaints, cases.settlement_terms TO amicus_cases_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE cases.complaints`);
    await q.query(`DROP TABLE cases.settlements`);
    await q.query(`DROP TABLE cases.settlement_terms`);
  }
}
