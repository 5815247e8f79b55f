import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Row-level security in reporting, as in cases (libs/service-runtime asTenant): the request's
 * reads run as `amicus_reporting_app` — not the tables' owner, no BYPASSRLS, SELECT only on the
 * tables the reads use — after stating who is asking in transaction-local settings. The policies
 * are libs/auth's walls: the admin all, a client user its client's, an agent its brands', legal
 * staff the cases in legal review or legal; a portfolio is listed when its client is the client
 * user's, shares a brand with the agent, or (legal staff) has a case they may see. The consumers
 * keep writing as the owner.
 */
export class RowLevelSecurity1765520000000 implements MigrationInterface {
  name = 'RowLevelSecurity1765520000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'amicus_reporting_app') THEN
        CREATE ROLE amicus_reporting_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
      END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; -- another database's migration made it first
    END $$`);
    await q.query(`GRANT amicus_reporting_app TO CURRENT_USER`);
    await q.query(`GRANT USAGE ON SCHEMA reporting TO amicus_reporting_app`);
    await q.query(
      `GRANT SELECT ON reporting.client_portfolios, reporting.portfolio_cases, reporting.portfolio_claims, reporting.payment_principal_parts TO amicus_reporting_app`,
    );

    await q.query(`CREATE FUNCTION reporting.setting_ids(name text) RETURNS uuid[] LANGUAGE sql STABLE AS $$
      SELECT coalesce(string_to_array(nullif(current_setting(name, true), ''), ',')::uuid[], '{}')
    $$`);
    await q.query(`CREATE FUNCTION reporting.tenant_role() RETURNS text LANGUAGE sql STABLE AS $$
      SELECT coalesce(current_setting('app.role', true), '')
    $$`);

    await q.query(`ALTER TABLE reporting.portfolio_cases ENABLE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY portfolio_cases_tenant ON reporting.portfolio_cases FOR SELECT TO amicus_reporting_app USING (
      reporting.tenant_role() = 'agency_admin'
      OR (reporting.tenant_role() = 'client_user' AND client_id = ANY (reporting.setting_ids('app.client_ids')))
      OR (reporting.tenant_role() = 'agent' AND brand_id = ANY (reporting.setting_ids('app.brand_ids')))
      OR (reporting.tenant_role() = 'legal' AND phase IN ('legal_review', 'legal'))
    )`);
    // Below a case: visible when the case is (the sub-select is itself walled).
    for (const table of ['portfolio_claims', 'payment_principal_parts']) {
      await q.query(`ALTER TABLE reporting.${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY ${table}_tenant ON reporting.${table} FOR SELECT TO amicus_reporting_app USING (
        reporting.tenant_role() = 'agency_admin' OR EXISTS (SELECT 1 FROM reporting.portfolio_cases c WHERE c.case_id = ${table}.case_id)
      )`);
    }
    await q.query(`ALTER TABLE reporting.client_portfolios ENABLE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY client_portfolios_tenant ON reporting.client_portfolios FOR SELECT TO amicus_reporting_app USING (
      reporting.tenant_role() = 'agency_admin'
      OR (reporting.tenant_role() = 'client_user' AND client_id = ANY (reporting.setting_ids('app.client_ids')))
      OR (reporting.tenant_role() = 'agent' AND brand_ids && reporting.setting_ids('app.brand_ids'))
      OR (reporting.tenant_role() = 'legal' AND EXISTS (SELECT 1 FROM reporting.portfolio_cases c WHERE c.client_id = client_portfolios.client_id))
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['client_portfolios', 'payment_principal_parts', 'portfolio_claims', 'portfolio_cases']) {
      await q.query(`DROP POLICY ${table}_tenant ON reporting.${table}`);
      await q.query(`ALTER TABLE reporting.${table} DISABLE ROW LEVEL SECURITY`);
    }
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA reporting FROM amicus_reporting_app`);
    await q.query(`REVOKE USAGE ON SCHEMA reporting FROM amicus_reporting_app`);
    await q.query(`DROP FUNCTION reporting.setting_ids(text)`);
    await q.query(`DROP FUNCTION reporting.tenant_role()`);
  }
}
