import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One worklist index instead of two: an agent's open cases by stored score, carrying the
 * columns the worklist filters on (next action, hold, and those row-level security reads), so
 * both halves of the worklist (due, then the rest) walk it in order and stop after a page,
 * without sorting thousands of cases or visiting the table for the ones they skip.
 */
export class WorklistIndex1764300000000 implements MigrationInterface {
  name = 'WorklistIndex1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cases.cases_worklist_score_idx`);
    await q.query(`DROP INDEX cases.cases_worklist_due_idx`);
    await q.query(`CREATE INDEX cases_worklist_idx ON cases.cases (assigned_agent_id, priority_score DESC, id)
      INCLUDE (next_action_at, hold_until, brand_id, client_id, phase) WHERE phase IN ('placed', 'amicable')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cases.cases_worklist_idx`);
    await q.query(`CREATE INDEX cases_worklist_score_idx ON cases.cases (assigned_agent_id, priority_score DESC, id) WHERE phase IN ('placed', 'amicable')`);
    await q.query(`CREATE INDEX cases_worklist_due_idx ON cases.cases (assigned_agent_id, next_action_at) WHERE phase IN ('placed', 'amicable')`);
  }
}
