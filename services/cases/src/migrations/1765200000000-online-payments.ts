import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Paying online: each attempt a debtor starts through its pay link with a payment provider
 * (Mollie) — its amount, the provider's payment id and status, the idempotency key it was
 * created with, the Amicus payment its money became — and the refunds made through the
 * provider.
 */
export class OnlinePayments1765200000000 implements MigrationInterface {
  name = 'OnlinePayments1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE cases.online_payments (
      id uuid PRIMARY KEY,
      case_id uuid NOT NULL REFERENCES cases.cases (id),
      provider text NOT NULL CHECK (provider IN ('mollie')),
      -- Null until the provider answered (or when it never did: not_started).
      provider_payment_id text NULL UNIQUE,
      -- Sent with the create request: a retry of it is the same payment at the provider.
      idempotency_key text NOT NULL UNIQUE,
      amount_minor bigint NOT NULL CHECK (amount_minor > 0),
      currency char(3) NOT NULL,
      status text NOT NULL CHECK (status IN ('starting', 'open', 'pending', 'authorized', 'paid', 'canceled', 'expired', 'failed', 'not_started')),
      checkout_url text NULL,
      method text NULL,
      -- Why it did not start (the provider's words).
      failure text NULL,
      -- The payment its money was recorded as (one attempt, one payment: a webhook told twice records once).
      payment_id uuid NULL UNIQUE REFERENCES cases.payments (id),
      -- Money that came for a case already closed: the refund task raised for it instead.
      refund_task_id uuid NULL REFERENCES cases.payment_tasks (id),
      paid_at timestamptz NULL,
      refunded_minor bigint NOT NULL DEFAULT 0 CHECK (refunded_minor >= 0 AND refunded_minor <= amount_minor),
      charged_back_minor bigint NOT NULL DEFAULT 0 CHECK (charged_back_minor >= 0),
      created_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL,
      CHECK (status <> 'paid' OR payment_id IS NOT NULL OR refund_task_id IS NOT NULL)
    )`);
    await q.query(`CREATE INDEX online_payments_case_idx ON cases.online_payments (case_id, created_at)`);
    await q.query(`CREATE TABLE cases.online_payment_refunds (
      id uuid PRIMARY KEY,
      online_payment_id uuid NOT NULL REFERENCES cases.online_payments (id),
      case_id uuid NOT NULL REFERENCES cases.cases (id),
      provider_refund_id text NOT NULL UNIQUE,
      idempotency_key text NOT NULL UNIQUE,
      amount_minor bigint NOT NULL CHECK (amount_minor > 0),
      currency char(3) NOT NULL,
      kind text NOT NULL CHECK (kind IN ('overpayment', 'rest', 'unrecorded')),
      status text NOT NULL,
      reason text NOT NULL,
      requested_by text NOT NULL,
      created_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX online_payment_refunds_payment_idx ON cases.online_payment_refunds (online_payment_id, created_at)`);

    // Walls. Staff see an attempt when they see its case. A pay link's holder (role pay_link, whose
    // wall on cases shows its one case) reads its case's attempts and starts new ones, nothing more;
    // what the provider says later is written by the service, agency-wide.
    await q.query(`ALTER TABLE cases.online_payments ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE cases.online_payments FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY online_payments_tenant ON cases.online_payments USING (
      cases.tenant_role() = 'agency_admin'
      OR (cases.tenant_role() <> 'pay_link' AND EXISTS (SELECT 1 FROM cases.cases c WHERE c.id = case_id))
    )`);
    await q.query(`CREATE POLICY online_payments_pay_link_read ON cases.online_payments FOR SELECT USING (
      cases.tenant_role() = 'pay_link' AND EXISTS (SELECT 1 FROM cases.cases c WHERE c.id = case_id)
    )`);
    await q.query(`CREATE POLICY online_payments_pay_link_start ON cases.online_payments FOR INSERT WITH CHECK (
      cases.tenant_role() = 'pay_link' AND status = 'starting' AND payment_id IS NULL AND refunded_minor = 0
      AND EXISTS (SELECT 1 FROM cases.cases c WHERE c.id = case_id)
    )`);
    await q.query(`ALTER TABLE cases.online_payment_refunds ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE cases.online_payment_refunds FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY online_payment_refunds_agency ON cases.online_payment_refunds USING (
      cases.tenant_role() = 'agency_admin'
      OR (cases.tenant_role() = 'agent' AND EXISTS (SELECT 1 FROM cases.cases c WHERE c.id = case_id))
    )`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON cases.online_payments TO amicus_cases_app`);
    await q.query(`GRANT SELECT, INSERT ON cases.online_payment_refunds TO amicus_cases_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE cases.online_payment_refunds`);
    await q.query(`DROP TABLE cases.online_payments`);
  }
}
