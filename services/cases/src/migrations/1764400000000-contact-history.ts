import { MigrationInterface, QueryRunner } from 'typeorm';

/** The contacts made with each case's debtor, mirrored from the communications events, behind the same wall as its case. */
export class ContactHistory1764400000000 implements MigrationInterface {
  name = 'ContactHistory1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE cases.contact_history (
      id text PRIMARY KEY,
      case_id uuid NOT NULL,
      kind text NOT NULL,
      channel text NOT NULL,
      at timestamptz NOT NULL,
      complete boolean NOT NULL
    )`);
    await q.query(`CREATE INDEX contact_history_case_idx ON cases.contact_history (case_id, at)`);
    await q.query(`GRANT SELECT ON cases.contact_history TO amicus_cases_app`);
    await q.query(`ALTER TABLE cases.contact_history ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE cases.contact_history FORCE ROW LEVEL SECURITY`);
    // Visible exactly when its case is: the subquery runs under the cases table's own policy.
    await q.query(`CREATE POLICY contact_history_tenant ON cases.contact_history USING (EXISTS (SELECT 1 FROM cases.cases c WHERE c.id = case_id))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE cases.contact_history`);
  }
}
