import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The case file: debtors (with their match keys), claims, cases, placements and their report,
 * column mappings per client, notes and the append-only audit trail; the non-superuser role
 * request transactions run as, and the row-level security policies that wall tenants off.
 */
export class CaseFile1764100000000 implements MigrationInterface {
  name = 'CaseFile1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE cases.debtors (
      id uuid PRIMARY KEY,
      client_id uuid NOT NULL REFERENCES cases.clients(id),
      kind text NOT NULL CHECK (kind IN ('consumer', 'business')),
      name text NOT NULL,
      client_reference text NULL,
      vat_number text NULL,
      emails text[] NOT NULL DEFAULT '{}',
      phones text[] NOT NULL DEFAULT '{}',
      addresses jsonb NOT NULL DEFAULT '[]',
      preferred_channel text NULL CHECK (preferred_channel IN ('email', 'sms', 'whatsapp', 'letter', 'phone')),
      language char(2) NOT NULL,
      country char(2) NOT NULL,
      time_zone text NOT NULL,
      iban text NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX debtors_client_name_idx ON cases.debtors (client_id, name, id)`);
    // One row per key (ref:, vat:, email:, namepc:): a key names at most one debtor of a client.
    await q.query(`CREATE TABLE cases.debtor_match_keys (
      client_id uuid NOT NULL,
      key text NOT NULL,
      debtor_id uuid NOT NULL REFERENCES cases.debtors(id),
      PRIMARY KEY (client_id, key)
    )`);

    await q.query(`CREATE TABLE cases.cases (
      id uuid PRIMARY KEY,
      client_id uuid NOT NULL REFERENCES cases.clients(id),
      brand_id uuid NOT NULL REFERENCES cases.brands(id),
      debtor_id uuid NOT NULL REFERENCES cases.debtors(id),
      phase text NOT NULL CHECK (phase IN ('placed', 'amicable', 'legal_review', 'legal', 'closed')),
      currency char(3) NOT NULL,
      principal_minor bigint NOT NULL DEFAULT 0,
      interest_minor bigint NOT NULL DEFAULT 0,
      costs_minor bigint NOT NULL DEFAULT 0,
      paid_minor bigint NOT NULL DEFAULT 0,
      open_minor bigint GENERATED ALWAYS AS (principal_minor + interest_minor + costs_minor - paid_minor) STORED,
      oldest_due_date date NOT NULL,
      broken_promises int NOT NULL DEFAULT 0,
      last_contact_outcome text NULL,
      priority_score bigint NOT NULL DEFAULT 0,
      next_action_at timestamptz NULL,
      assigned_agent_id uuid NULL,
      opened_by_placement_id uuid NULL,
      hold_until date NULL,
      hold_reason text NULL,
      outcome text NULL CHECK (outcome IN ('paid', 'settled', 'written_off', 'returned_to_client')),
      close_reason text NULL,
      closed_at timestamptz NULL,
      opened_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      version int NOT NULL DEFAULT 1,
      CHECK ((phase = 'closed') = (outcome IS NOT NULL))
    )`);
    // List filters (each keyset-paginated by (sort key, id)) and the placement's open-case lookup.
    await q.query(`CREATE INDEX cases_client_opened_idx ON cases.cases (client_id, opened_at, id)`);
    await q.query(`CREATE INDEX cases_brand_opened_idx ON cases.cases (brand_id, opened_at, id)`);
    await q.query(`CREATE INDEX cases_phase_opened_idx ON cases.cases (phase, opened_at, id)`);
    await q.query(`CREATE INDEX cases_agent_opened_idx ON cases.cases (assigned_agent_id, opened_at, id)`);
    await q.query(`CREATE INDEX cases_client_open_idx ON cases.cases (client_id, open_minor, id)`);
    await q.query(`CREATE INDEX cases_client_due_idx ON cases.cases (client_id, oldest_due_date, id)`);
    await q.query(`CREATE INDEX cases_next_action_idx ON cases.cases (next_action_at, id)`);
    await q.query(`CREATE UNIQUE INDEX cases_one_open_per_debtor_idx ON cases.cases (client_id, brand_id, debtor_id) WHERE phase <> 'closed'`);
    await q.query(`CREATE INDEX cases_debtor_idx ON cases.cases (debtor_id)`);
    // The worklist: an agent's open cases, due ones by next action, then by the stored score.
    await q.query(`CREATE INDEX cases_worklist_score_idx ON cases.cases (assigned_agent_id, priority_score DESC, id) WHERE phase IN ('placed', 'amicable')`);
    await q.query(`CREATE INDEX cases_worklist_due_idx ON cases.cases (assigned_agent_id, next_action_at) WHERE phase IN ('placed', 'amicable')`);

    await q.query(`CREATE TABLE cases.placements (
      id uuid PRIMARY KEY,
      client_id uuid NOT NULL REFERENCES cases.clients(id),
      brand_id uuid NOT NULL REFERENCES cases.brands(id),
      source text NOT NULL CHECK (source IN ('file', 'api')),
      file_name text NULL,
      actor text NOT NULL,
      rows_read int NOT NULL DEFAULT 0,
      imported int NOT NULL DEFAULT 0,
      rejected int NOT NULL DEFAULT 0,
      cases_opened int NOT NULL DEFAULT 0,
      cases_extended int NOT NULL DEFAULT 0,
      duplicates int NOT NULL DEFAULT 0,
      conflicts int NOT NULL DEFAULT 0,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX placements_client_idx ON cases.placements (client_id, created_at)`);
    // The import report: each rejected row (line, field, reason) and each changed amount.
    await q.query(`CREATE TABLE cases.placement_issues (
      placement_id uuid NOT NULL REFERENCES cases.placements(id),
      seq int NOT NULL,
      client_id uuid NOT NULL,
      kind text NOT NULL CHECK (kind IN ('rejected', 'changed_amount')),
      line int NOT NULL,
      field text NOT NULL,
      reason text NOT NULL,
      PRIMARY KEY (placement_id, seq)
    )`);

    await q.query(`CREATE TABLE cases.claims (
      id uuid PRIMARY KEY,
      client_id uuid NOT NULL REFERENCES cases.clients(id),
      case_id uuid NOT NULL REFERENCES cases.cases(id),
      placement_id uuid NULL REFERENCES cases.placements(id),
      line int NULL,
      invoice_number text NOT NULL,
      issue_date date NOT NULL,
      due_date date NOT NULL,
      principal_minor bigint NOT NULL CHECK (principal_minor > 0),
      currency char(3) NOT NULL,
      description text NULL,
      interest_clause boolean NOT NULL DEFAULT false,
      damages_clause boolean NOT NULL DEFAULT false,
      first_reminder_sent_on date NULL,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'recalled')),
      placed_at timestamptz NOT NULL,
      UNIQUE (client_id, invoice_number)
    )`);
    await q.query(`CREATE INDEX claims_case_idx ON cases.claims (case_id)`);

    await q.query(`CREATE TABLE cases.column_mappings (
      client_id uuid PRIMARY KEY REFERENCES cases.clients(id),
      mapping jsonb NOT NULL,
      updated_by text NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);

    await q.query(`CREATE TABLE cases.notes (
      id uuid PRIMARY KEY,
      case_id uuid NOT NULL REFERENCES cases.cases(id),
      author text NOT NULL,
      body text NOT NULL,
      created_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX notes_case_idx ON cases.notes (case_id, created_at)`);

    await q.query(`CREATE TABLE cases.audit_entries (
      seq bigserial PRIMARY KEY,
      case_id uuid NOT NULL REFERENCES cases.cases(id),
      actor_kind text NOT NULL,
      actor_id text NOT NULL,
      at timestamptz NOT NULL,
      action text NOT NULL,
      reason text NULL,
      before jsonb NULL,
      after jsonb NOT NULL
    )`);
    await q.query(`CREATE INDEX audit_entries_case_idx ON cases.audit_entries (case_id, seq)`);
    // Append-only, for everyone: the trigger holds even for a superuser or the table owner.
    await q.query(`CREATE FUNCTION cases.refuse_audit_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the audit trail is append-only: % is not allowed on %', TG_OP, TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of ['audit_entries', 'notes']) {
      await q.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON cases.${table} FOR EACH ROW EXECUTE FUNCTION cases.refuse_audit_change()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON cases.${table} FOR EACH STATEMENT EXECUTE FUNCTION cases.refuse_audit_change()`);
      await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON cases.${table} FROM PUBLIC`);
    }

    // The role request transactions run as (SET LOCAL ROLE): not a superuser, not an owner,
    // so row-level security applies to it. Roles are per cluster: create it once.
    await q.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'amicus_cases_app') THEN
        CREATE ROLE amicus_cases_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
      END IF;
    END $$`);
    await q.query(`GRANT amicus_cases_app TO CURRENT_USER`);
    await q.query(`GRANT USAGE ON SCHEMA cases TO amicus_cases_app`);
    await q.query(`GRANT SELECT ON cases.clients, cases.brands TO amicus_cases_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON cases.debtors, cases.debtor_match_keys, cases.cases, cases.claims, cases.placements, cases.column_mappings TO amicus_cases_app`);
    await q.query(`GRANT SELECT, INSERT ON cases.placement_issues, cases.notes, cases.audit_entries, cases.outbox TO amicus_cases_app`);
    await q.query(`GRANT SELECT ON cases.users TO amicus_cases_app`);
    await q.query(`GRANT USAGE ON ALL SEQUENCES IN SCHEMA cases TO amicus_cases_app`);

    // Row-level security. The request's tenant is in transaction-local settings (app.role,
    // app.client_ids, app.brand_ids, app.subject), set by the service before SET LOCAL ROLE.
    await q.query(`CREATE FUNCTION cases.setting_ids(name text) RETURNS uuid[] LANGUAGE sql STABLE AS $$
      SELECT coalesce(string_to_array(nullif(current_setting(name, true), ''), ',')::uuid[], '{}')
    $$`);
    await q.query(`CREATE FUNCTION cases.tenant_role() RETURNS text LANGUAGE sql STABLE AS $$
      SELECT coalesce(current_setting('app.role', true), '')
    $$`);
    await q.query(`ALTER TABLE cases.cases ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE cases.cases FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY cases_tenant ON cases.cases USING (
      cases.tenant_role() = 'agency_admin'
      OR (cases.tenant_role() = 'client_user' AND client_id = ANY (cases.setting_ids('app.client_ids')))
      OR (cases.tenant_role() = 'agent' AND brand_id = ANY (cases.setting_ids('app.brand_ids')))
      OR (cases.tenant_role() = 'legal' AND phase IN ('legal_review', 'legal'))
    )`);
    // The tables below a case: visible when their case is (the sub-select is itself walled).
    for (const table of ['claims', 'notes', 'audit_entries']) {
      await q.query(`ALTER TABLE cases.${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE cases.${table} FORCE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY ${table}_tenant ON cases.${table} USING (
        cases.tenant_role() = 'agency_admin' OR EXISTS (SELECT 1 FROM cases.cases c WHERE c.id = case_id)
      )`);
    }
    await q.query(`ALTER TABLE cases.debtors ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE cases.debtors FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY debtors_tenant ON cases.debtors USING (
      cases.tenant_role() = 'agency_admin'
      OR (cases.tenant_role() = 'client_user' AND client_id = ANY (cases.setting_ids('app.client_ids')))
      OR EXISTS (SELECT 1 FROM cases.cases c WHERE c.debtor_id = debtors.id)
    )`);
    for (const table of ['debtor_match_keys', 'placements', 'placement_issues', 'column_mappings']) {
      await q.query(`ALTER TABLE cases.${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE cases.${table} FORCE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY ${table}_tenant ON cases.${table} USING (
        cases.tenant_role() = 'agency_admin'
        OR (cases.tenant_role() = 'client_user' AND client_id = ANY (cases.setting_ids('app.client_ids')))
      )`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['audit_entries', 'notes', 'column_mappings', 'claims', 'placement_issues', 'placements', 'cases', 'debtor_match_keys', 'debtors']) {
      await q.query(`DROP TABLE cases.${table}`);
    }
    await q.query(`DROP FUNCTION cases.refuse_audit_change()`);
    await q.query(`DROP FUNCTION cases.setting_ids(text)`);
    await q.query(`DROP FUNCTION cases.tenant_role()`);
  }
}
