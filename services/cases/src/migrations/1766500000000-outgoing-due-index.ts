import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * "What goes out today" at scale (issue 10 §6, 50,000 due of 1,000,000): the due journeys of open
 * journeys in exactly the order outgoing pages them and the scheduler takes them (due instant,
 * then case), so a page is a range of one index, not the due instants sorted again; and the
 * journeys' and the contact history's walls say at once what they say for the agency's admin
 * anyway (every case is the admin's: the EXISTS on the case was a lookup per row for nothing),
 * like the other tables of a case.
 */
export class OutgoingDueIndex1766500000000 implements MigrationInterface {
  name = 'OutgoingDueIndex1766500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cases.case_journeys_due_idx`);
    await q.query(
      `CREATE INDEX case_journeys_due_idx ON cases.case_journeys (next_step_at, case_id) WHERE next_step_at IS NOT NULL AND status IN ('new', 'active')`,
    );
    for (const t of ['case_journeys', 'contact_history']) {
      await q.query(`ALTER POLICY ${t}_tenant ON cases.${t} USING (
        cases.tenant_role() = 'agency_admin' OR EXISTS (SELECT 1 FROM cases.cases c WHERE c.id = case_id)
      )`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['case_journeys', 'contact_history'])
      await q.query(`ALTER POLICY ${t}_tenant ON cases.${t} USING (EXISTS (SELECT 1 FROM cases.cases c WHERE c.id = case_id))`);
    await q.query(`DROP INDEX cases.case_journeys_due_idx`);
    await q.query(`CREATE INDEX case_journeys_due_idx ON cases.case_journeys (next_step_at) WHERE next_step_at IS NOT NULL`);
  }
}
