import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Payment plans and promises to pay (plans/): a case's plans (one pending or agreed at a time)
 * with their instalments, its promises (one open at a time), and each client's limits for plans
 * agreed without an approval. The sweep of the scheduler's tick takes the plans and promises due
 * for a check by partial indexes on `check_at`, so it costs the same however many cases are open.
 */
export class PlansAndPromises1765400000000 implements MigrationInterface {
  name = 'PlansAndPromises1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE cases.payment_plans (
      id uuid PRIMARY KEY,
      case_id uuid NOT NULL REFERENCES cases.cases (id),
      client_id uuid NOT NULL,
      brand_id uuid NOT NULL,
      currency char(3) NOT NULL,
      -- The case's open amount on the day it was proposed: what the instalments sum to.
      total_minor bigint NOT NULL CHECK (total_minor > 0),
      -- [{ seq, dueOn, amountMinor, downPayment }], in order.
      instalments jsonb NOT NULL,
      grace_days int NOT NULL CHECK (grace_days BETWEEN 0 AND 60),
      status text NOT NULL CHECK (status IN ('pending', 'agreed', 'rejected', 'broken', 'completed')),
      -- Why it waited for an approval (the client's limits it is outside of); empty when within them.
      outside_limits jsonb NOT NULL DEFAULT '[]',
      source text NOT NULL CHECK (source IN ('agent', 'debtor_page')),
      proposed_on date NOT NULL,
      proposed_at timestamptz NOT NULL,
      proposed_by text NOT NULL,
      agreement text NULL CHECK (agreement IN ('within_limits', 'approved')),
      decided_at timestamptz NULL,
      decided_by text NULL,
      decision_reason text NULL,
      -- Agreed: the instant the sweep looks at it next (an instalment's grace ended, a payment came in).
      check_at timestamptz NULL,
      paid_minor bigint NOT NULL DEFAULT 0,
      missed_seq int NULL,
      ended_on date NULL,
      version int NOT NULL DEFAULT 1,
      CHECK ((status = 'agreed') = (check_at IS NOT NULL))
    )`);
    await q.query(`CREATE UNIQUE INDEX payment_plans_in_force_idx ON cases.payment_plans (case_id) WHERE status IN ('pending', 'agreed')`);
    await q.query(`CREATE INDEX payment_plans_case_idx ON cases.payment_plans (case_id, proposed_at, id)`);
    await q.query(`CREATE INDEX payment_plans_check_idx ON cases.payment_plans (check_at, id) WHERE status = 'agreed'`);

    await q.query(`CREATE TABLE cases.promises (
      id uuid PRIMARY KEY,
      case_id uuid NOT NULL REFERENCES cases.cases (id),
      client_id uuid NOT NULL,
      brand_id uuid NOT NULL,
      currency char(3) NOT NULL,
      amount_minor bigint NOT NULL CHECK (amount_minor > 0),
      due_on date NOT NULL,
      made_on date NOT NULL,
      made_at timestamptz NOT NULL,
      made_by text NOT NULL,
      source text NOT NULL CHECK (source IN ('agent', 'call', 'debtor_page')),
      -- What made it when that was an event (a call logged with a promise): made once per source.
      source_key text NULL UNIQUE,
      status text NOT NULL CHECK (status IN ('open', 'kept', 'broken', 'replaced')),
      check_at timestamptz NULL,
      paid_minor bigint NOT NULL DEFAULT 0,
      ended_at timestamptz NULL,
      replaced_by uuid NULL,
      CHECK ((status = 'open') = (check_at IS NOT NULL))
    )`);
    await q.query(`CREATE UNIQUE INDEX promises_open_idx ON cases.promises (case_id) WHERE status = 'open'`);
    await q.query(`CREATE INDEX promises_case_idx ON cases.promises (case_id, made_at, id)`);
    await q.query(`CREATE INDEX promises_check_idx ON cases.promises (check_at, id) WHERE status = 'open'`);

    await q.query(`CREATE TABLE cases.plan_limits (
      client_id uuid PRIMARY KEY REFERENCES cases.clients (id),
      max_months int NOT NULL CHECK (max_months BETWEEN 1 AND 120),
      min_instalment_minor bigint NOT NULL CHECK (min_instalment_minor >= 0),
      down_payment_required boolean NOT NULL,
      grace_days int NOT NULL CHECK (grace_days BETWEEN 0 AND 60),
      updated_by text NOT NULL,
      updated_at timestamptz NOT NULL
    )`);

    // Walls: a plan or a promise is visible when its case is (the sub-select is itself walled);
    // the limits to the agency and the client's own users, set by the agency admin alone.
    for (const table of ['payment_plans', 'promises']) {
      await q.query(`ALTER TABLE cases.${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE cases.${table} FORCE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY ${table}_tenant ON cases.${table} USING (
        cases.tenant_role() = 'agency_admin'
        OR (cases.tenant_role() <> 'pay_link' AND EXISTS (SELECT 1 FROM cases.cases c WHERE c.id = case_id))
      )`);
    }
    await q.query(`ALTER TABLE cases.plan_limits ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE cases.plan_limits FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY plan_limits_read ON cases.plan_limits FOR SELECT USING (
      cases.tenant_role() IN ('agency_admin', 'agent', 'legal')
      OR (cases.tenant_role() = 'client_user' AND client_id = ANY (cases.setting_ids('app.client_ids')))
    )`);
    await q.query(`CREATE POLICY plan_limits_admin ON cases.plan_limits
      USING (cases.tenant_role() = 'agency_admin') WITH CHECK (cases.tenant_role() = 'agency_admin')`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON cases.payment_plans, cases.promises, cases.plan_limits TO amicus_cases_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE cases.plan_limits`);
    await q.query(`DROP TABLE cases.promises`);
    await q.query(`DROP TABLE cases.payment_plans`);
  }
}
