import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The client's root causes (issue 13 §4): one row per dispute and per complaint, filled in by
 * their events (root-causes/root-causes.ts). Walled as reporting's other tables (migration
 * 1765520000000): the admin all, a client user its client's, an agent its brands'; legal staff
 * none (root causes are no legal matter).
 */
export class RootCauses1765550000000 implements MigrationInterface {
  name = 'RootCauses1765550000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE reporting.root_cause_disputes (
      dispute_id uuid PRIMARY KEY,
      case_id uuid NOT NULL,
      client_id uuid NOT NULL,
      brand_id uuid,
      reason text,
      raised_on date,
      answer_due_on date,
      answered_on date,
      answered_late boolean,
      outcome text CHECK (outcome IN ('upheld', 'rejected', 'partly_upheld')),
      resolved_on date
    )`);
    await q.query(`CREATE INDEX root_cause_disputes_client ON reporting.root_cause_disputes (client_id, raised_on)`);
    await q.query(`CREATE TABLE reporting.root_cause_complaints (
      complaint_id uuid PRIMARY KEY,
      case_id uuid NOT NULL,
      client_id uuid NOT NULL,
      brand_id uuid NOT NULL,
      category text NOT NULL,
      logged_on date,
      closed_on date,
      upheld boolean,
      answered_in_time boolean
    )`);
    await q.query(`CREATE INDEX root_cause_complaints_client ON reporting.root_cause_complaints (client_id, logged_on)`);
    await q.query(`GRANT SELECT ON reporting.root_cause_disputes, reporting.root_cause_complaints TO amicus_reporting_app`);
    for (const table of ['root_cause_disputes', 'root_cause_complaints']) {
      await q.query(`ALTER TABLE reporting.${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY ${table}_tenant ON reporting.${table} FOR SELECT TO amicus_reporting_app USING (
        reporting.tenant_role() = 'agency_admin'
        OR (reporting.tenant_role() = 'client_user' AND client_id = ANY (reporting.setting_ids('app.client_ids')))
        OR (reporting.tenant_role() = 'agent' AND brand_id = ANY (reporting.setting_ids('app.brand_ids')))
      )`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE reporting.root_cause_complaints`);
    await q.query(`DROP TABLE reporting.root_cause_disputes`);
  }
}
