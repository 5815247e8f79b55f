import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Row-level security in billing, as in cases (libs/service-runtime asTenant): the requests' reads
 * of a client's money — agreements, the trust ledger, remittances — run as `amicus_billing_app`
 * (not the tables' owner, no BYPASSRLS, SELECT only on those tables) after stating who is asking;
 * the policy is libs/auth's money wall: the agency admin every client's, a client user its own,
 * agents and legal staff none. The consumers and the admin's commands keep writing as the owner.
 * The ledger, append-only since 1765300000000 (no UPDATE, no DELETE), refuses TRUNCATE too.
 */
export class RowLevelSecurity1765330000000 implements MigrationInterface {
  name = 'RowLevelSecurity1765330000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'amicus_billing_app') THEN
        CREATE ROLE amicus_billing_app NOLOGIN NOSUPERUSER NOBYPASSRLS;
      END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; -- another database's migration made it first
    END $$`);
    await q.query(`GRANT amicus_billing_app TO CURRENT_USER`);
    await q.query(`GRANT USAGE ON SCHEMA billing TO amicus_billing_app`);
    const tables = ['agreements', 'ledger_transactions', 'ledger_entries', 'remittances'];
    await q.query(`GRANT SELECT ON ${tables.map((t) => `billing.${t}`).join(', ')} TO amicus_billing_app`);
    await q.query(`CREATE FUNCTION billing.setting_ids(name text) RETURNS uuid[] LANGUAGE sql STABLE AS $$
      SELECT coalesce(string_to_array(nullif(current_setting(name, true), ''), ',')::uuid[], '{}')
    $$`);
    await q.query(`CREATE FUNCTION billing.tenant_role() RETURNS text LANGUAGE sql STABLE AS $$
      SELECT coalesce(current_setting('app.role', true), '')
    $$`);
    for (const table of tables) {
      await q.query(`ALTER TABLE billing.${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY ${table}_tenant ON billing.${table} FOR SELECT TO amicus_billing_app USING (
        billing.tenant_role() = 'agency_admin'
        OR (billing.tenant_role() = 'client_user' AND client_id = ANY (billing.setting_ids('app.client_ids')))
      )`);
    }
    for (const table of ['ledger_transactions', 'ledger_entries']) {
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON billing.${table} FOR EACH STATEMENT EXECUTE FUNCTION billing.ledger_append_only()`);
      await q.query(`REVOKE UPDATE, DELETE, TRUNCATE ON billing.${table} FROM PUBLIC`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['ledger_transactions', 'ledger_entries']) await q.query(`DROP TRIGGER ${table}_no_truncate ON billing.${table}`);
    for (const table of ['agreements', 'ledger_transactions', 'ledger_entries', 'remittances']) {
      await q.query(`DROP POLICY ${table}_tenant ON billing.${table}`);
      await q.query(`ALTER TABLE billing.${table} DISABLE ROW LEVEL SECURITY`);
    }
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA billing FROM amicus_billing_app`);
    await q.query(`REVOKE USAGE ON SCHEMA billing FROM amicus_billing_app`);
    await q.query(`DROP FUNCTION billing.setting_ids(text)`);
    await q.query(`DROP FUNCTION billing.tenant_role()`);
  }
}
