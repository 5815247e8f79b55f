import { MigrationInterface, QueryRunner } from 'typeorm';
import { seedDefaultScenarios } from '../scenarios/scenario-seed';

/**
 * Collection scenarios: a scenario per owner (a client, optionally one brand and one segment, or
 * the agency's default for a country and debtor kind), its numbered versions (draft → active →
 * retired, steps as jsonb), a client's approval of a version, a client's ordered segments, and
 * the scenarios' append-only history. Walls: a client user reads its client's scenarios, an
 * agent those of its brands' clients, everyone the agency defaults; only the agency admin
 * writes them, and only a client's own user approves. The agency defaults are seeded as active
 * version 1.
 */
export class Scenarios1764500000000 implements MigrationInterface {
  name = 'Scenarios1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE cases.scenarios (
      id uuid PRIMARY KEY,
      client_id uuid NULL REFERENCES cases.clients(id),
      brand_id uuid NULL REFERENCES cases.brands(id),
      segment text NULL,
      country text NULL CHECK (country ~ '^[A-Z]{2}$'),
      debtor_kind text NULL CHECK (debtor_kind IN ('consumer', 'business')),
      name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
      created_by text NOT NULL,
      created_at timestamptz NOT NULL,
      CHECK (
        (client_id IS NOT NULL AND country IS NULL AND debtor_kind IS NULL)
        OR (client_id IS NULL AND brand_id IS NULL AND segment IS NULL AND country IS NOT NULL AND debtor_kind IS NOT NULL)
      ),
      UNIQUE NULLS NOT DISTINCT (client_id, brand_id, segment, country, debtor_kind)
    )`);
    await q.query(`CREATE TABLE cases.scenario_versions (
      id uuid PRIMARY KEY,
      scenario_id uuid NOT NULL REFERENCES cases.scenarios(id),
      number int NOT NULL CHECK (number > 0),
      status text NOT NULL CHECK (status IN ('draft', 'active', 'retired')),
      steps jsonb NOT NULL CHECK (jsonb_typeof(steps) = 'array'),
      created_by text NOT NULL,
      created_at timestamptz NOT NULL,
      activated_by text NULL,
      activated_at timestamptz NULL,
      retired_at timestamptz NULL,
      UNIQUE (scenario_id, number),
      CHECK ((status = 'draft') = (activated_at IS NULL)),
      CHECK ((status = 'retired') = (retired_at IS NOT NULL))
    )`);
    await q.query(`CREATE UNIQUE INDEX scenario_versions_one_active_idx ON cases.scenario_versions (scenario_id) WHERE status = 'active'`);
    await q.query(`CREATE TABLE cases.scenario_approvals (
      version_id uuid PRIMARY KEY REFERENCES cases.scenario_versions(id),
      client_id uuid NOT NULL REFERENCES cases.clients(id),
      approved_by text NOT NULL,
      approved_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE TABLE cases.segments (
      client_id uuid NOT NULL REFERENCES cases.clients(id),
      position int NOT NULL,
      key text NOT NULL,
      conditions jsonb NOT NULL,
      updated_by text NOT NULL,
      updated_at timestamptz NOT NULL,
      PRIMARY KEY (client_id, position),
      UNIQUE (client_id, key)
    )`);
    await q.query(`CREATE TABLE cases.scenario_history (
      seq bigserial PRIMARY KEY,
      client_id uuid NULL REFERENCES cases.clients(id),
      scenario_id uuid NULL REFERENCES cases.scenarios(id),
      version int NULL,
      actor_kind text NOT NULL,
      actor_id text NOT NULL,
      at timestamptz NOT NULL,
      action text NOT NULL,
      detail jsonb NULL
    )`);
    await q.query(`CREATE INDEX scenario_history_scenario_idx ON cases.scenario_history (scenario_id, seq)`);
    for (const table of ['scenario_history', 'scenario_approvals']) {
      await q.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON cases.${table} FOR EACH ROW EXECUTE FUNCTION cases.refuse_audit_change()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON cases.${table} FOR EACH STATEMENT EXECUTE FUNCTION cases.refuse_audit_change()`);
      await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON cases.${table} FROM PUBLIC`);
    }

    await q.query(`GRANT SELECT ON cases.scenarios, cases.scenario_versions, cases.scenario_approvals, cases.segments, cases.scenario_history TO amicus_cases_app`);
    await q.query(`GRANT INSERT, UPDATE ON cases.scenarios, cases.scenario_versions TO amicus_cases_app`);
    await q.query(`GRANT INSERT, DELETE ON cases.segments TO amicus_cases_app`);
    await q.query(`GRANT INSERT ON cases.scenario_approvals, cases.scenario_history TO amicus_cases_app`);
    await q.query(`GRANT USAGE ON SEQUENCE cases.scenario_history_seq_seq TO amicus_cases_app`);

    // Who reads a client's scenarios (NULL: the agency's defaults, readable by everyone).
    await q.query(`CREATE FUNCTION cases.sees_scenarios_of(owner uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
      SELECT owner IS NULL
        OR cases.tenant_role() = 'agency_admin'
        OR (cases.tenant_role() = 'client_user' AND owner = ANY (cases.setting_ids('app.client_ids')))
        OR (cases.tenant_role() = 'agent' AND owner IN (SELECT b.client_id FROM cases.brands b WHERE b.id = ANY (cases.setting_ids('app.brand_ids'))))
    $$`);
    for (const table of ['scenarios', 'scenario_versions', 'scenario_approvals', 'segments', 'scenario_history']) {
      await q.query(`ALTER TABLE cases.${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE cases.${table} FORCE ROW LEVEL SECURITY`);
    }
    const admin = `cases.tenant_role() = 'agency_admin'`;
    await q.query(`CREATE POLICY scenarios_read ON cases.scenarios FOR SELECT USING (cases.sees_scenarios_of(client_id))`);
    await q.query(`CREATE POLICY scenarios_write ON cases.scenarios FOR ALL USING (${admin}) WITH CHECK (${admin})`);
    // A version is visible when its scenario is (the sub-select runs under the scenarios' own policy).
    await q.query(`CREATE POLICY scenario_versions_read ON cases.scenario_versions FOR SELECT USING (EXISTS (SELECT 1 FROM cases.scenarios s WHERE s.id = scenario_id))`);
    await q.query(`CREATE POLICY scenario_versions_write ON cases.scenario_versions FOR ALL USING (${admin}) WITH CHECK (${admin})`);
    await q.query(`CREATE POLICY segments_read ON cases.segments FOR SELECT USING (cases.sees_scenarios_of(client_id))`);
    await q.query(`CREATE POLICY segments_write ON cases.segments FOR ALL USING (${admin}) WITH CHECK (${admin})`);
    await q.query(`CREATE POLICY scenario_approvals_read ON cases.scenario_approvals FOR SELECT USING (cases.sees_scenarios_of(client_id))`);
    // Only a client's own user approves, and only a version of a scenario of that client.
    await q.query(`CREATE POLICY scenario_approvals_write ON cases.scenario_approvals FOR INSERT WITH CHECK (
      cases.tenant_role() = 'client_user' AND client_id = ANY (cases.setting_ids('app.client_ids'))
      AND EXISTS (SELECT 1 FROM cases.scenario_versions v JOIN cases.scenarios s ON s.id = v.scenario_id WHERE v.id = version_id AND s.client_id = scenario_approvals.client_id)
    )`);
    await q.query(`CREATE POLICY scenario_history_read ON cases.scenario_history FOR SELECT USING (cases.sees_scenarios_of(client_id))`);
    await q.query(`CREATE POLICY scenario_history_write ON cases.scenario_history FOR INSERT WITH CHECK (
      ${admin} OR (cases.tenant_role() = 'client_user' AND client_id = ANY (cases.setting_ids('app.client_ids')))
    )`);

    await seedDefaultScenarios(q.manager, new Date());
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['scenario_history', 'segments', 'scenario_approvals', 'scenario_versions', 'scenarios']) await q.query(`DROP TABLE cases.${table}`);
    await q.query(`DROP FUNCTION cases.sees_scenarios_of(uuid)`);
  }
}
