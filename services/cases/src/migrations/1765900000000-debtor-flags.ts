import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Debtor flags (debtor-flags/): a collective debt settlement with its decision date, debt
 * counselling with the counsellor contact goes to, a deceased debtor, hardship reported. A flag
 * is the debtor's (every case of that debtor with its client); it is set from one case, by an
 * agent, the client, the admin or a register, on stated evidence, and removed (never deleted)
 * with a reason: the table is the flag's own history, the cases' audit trail says it too.
 */
export class DebtorFlags1765900000000 implements MigrationInterface {
  name = 'DebtorFlags1765900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE cases.debtor_flags (
      id uuid PRIMARY KEY,
      debtor_id uuid NOT NULL REFERENCES cases.debtors (id),
      client_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('collective_settlement', 'debt_counselling', 'deceased', 'hardship')),
      status text NOT NULL CHECK (status IN ('active', 'removed')),
      decision_date date NULL,
      country char(2) NULL CHECK (country IN ('BE', 'NL')),
      reference text NULL,
      -- { name, organisation, email, phone, address }: the debt mediator, the counsellor, the estate.
      contact jsonb NULL,
      evidence text NOT NULL CHECK (length(evidence) > 0),
      source text NOT NULL CHECK (source IN ('agent', 'client', 'admin', 'register', 'debtor')),
      set_by_kind text NOT NULL,
      set_by_id text NOT NULL,
      set_on_case_id uuid NOT NULL REFERENCES cases.cases (id),
      set_at timestamptz NOT NULL,
      -- What the register answered, when the register set it.
      register_payload jsonb NULL,
      removed_at timestamptz NULL,
      removed_by_kind text NULL,
      removed_by_id text NULL,
      removal_reason text NULL,
      removal_evidence text NULL,
      CHECK (kind <> 'collective_settlement' OR decision_date IS NOT NULL),
      CHECK ((status = 'removed') = (removed_at IS NOT NULL))
    )`);
    await q.query(`CREATE UNIQUE INDEX debtor_flags_active_idx ON cases.debtor_flags (debtor_id, kind) WHERE status = 'active'`);
    await q.query(`CREATE INDEX debtor_flags_debtor_idx ON cases.debtor_flags (debtor_id, set_at, id)`);
    // Walls: a flag is seen by whoever sees its debtor (the sub-select is itself walled).
    await q.query(`ALTER TABLE cases.debtor_flags ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE cases.debtor_flags FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY debtor_flags_tenant ON cases.debtor_flags USING (
      cases.tenant_role() = 'agency_admin' OR EXISTS (SELECT 1 FROM cases.debtors d WHERE d.id = debtor_id)
    )`);
    // Each client's policy under debt counselling: do costs stop (default: yes, without a row)?
    await q.query(`CREATE TABLE cases.debtor_flag_policies (
      client_id uuid PRIMARY KEY REFERENCES cases.clients (id),
      costs_stop_under_counselling boolean NOT NULL,
      updated_by text NOT NULL,
      updated_at timestamptz NOT NULL
    )`);
    await q.query(`ALTER TABLE cases.debtor_flag_policies ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE cases.debtor_flag_policies FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY debtor_flag_policies_read ON cases.debtor_flag_policies FOR SELECT USING (
      cases.tenant_role() IN ('agency_admin', 'agent', 'legal')
      OR (cases.tenant_role() = 'client_user' AND client_id = ANY (cases.setting_ids('app.client_ids')))
    )`);
    await q.query(`CREATE POLICY debtor_flag_policies_admin ON cases.debtor_flag_policies
      USING (cases.tenant_role() = 'agency_admin') WITH CHECK (cases.tenant_role() = 'agency_admin')`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON cases.debtor_flags, cases.debtor_flag_policies TO amicus_cases_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE cases.debtor_flag_policies`);
    await q.query(`DROP TABLE cases.debtor_flags`);
  }
}
