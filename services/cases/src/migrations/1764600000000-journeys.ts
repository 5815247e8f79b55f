import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every open case's journey through its scenario: the step it waits for and the instant it is
 * due, in one partial index the scheduler walks; and each step execution under its identity
 * (case, scenario version, step, attempt), so no step ever runs twice.
 */
export class Journeys1764600000000 implements MigrationInterface {
  name = 'Journeys1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE cases.case_journeys (
      case_id uuid PRIMARY KEY REFERENCES cases.cases (id),
      client_id uuid NOT NULL,
      status text NOT NULL CHECK (status IN ('new', 'active', 'review', 'finished')),
      scenario_version_id text,
      scenario_name text,
      -- The version's steps as the case started on them: a case keeps its version.
      steps jsonb,
      next_step_key text,
      next_step_at timestamptz,
      last_step_key text,
      last_step_on date,
      -- The rule of the refusal last recorded for the next step: a refusal is recorded once.
      last_refusal text,
      attempt int NOT NULL DEFAULT 1,
      reason text,
      updated_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX case_journeys_due_idx ON cases.case_journeys (next_step_at) WHERE next_step_at IS NOT NULL`);
    await q.query(`CREATE TABLE cases.step_executions (
      case_id uuid NOT NULL REFERENCES cases.cases (id),
      scenario_version_id text NOT NULL,
      step_key text NOT NULL,
      attempt int NOT NULL,
      outcome text NOT NULL,
      request_id uuid,
      decision jsonb,
      executed_at timestamptz NOT NULL,
      PRIMARY KEY (case_id, scenario_version_id, step_key, attempt)
    )`);
    // The cases open today start their journeys on the scheduler's first pass.
    await q.query(`INSERT INTO cases.case_journeys (case_id, client_id, status, next_step_at, updated_at)
                   SELECT id, client_id, 'new', now(), now() FROM cases.cases WHERE phase <> 'closed'`);
    for (const table of ['case_journeys', 'step_executions']) {
      await q.query(`ALTER TABLE cases.${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE cases.${table} FORCE ROW LEVEL SECURITY`);
      // Visible (and writable by a placement) exactly when its case is.
      await q.query(`CREATE POLICY ${table}_tenant ON cases.${table} USING (EXISTS (SELECT 1 FROM cases.cases c WHERE c.id = case_id))`);
    }
    await q.query(`GRANT SELECT, INSERT ON cases.case_journeys TO amicus_cases_app`);
    await q.query(`GRANT SELECT ON cases.step_executions TO amicus_cases_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE cases.step_executions`);
    await q.query(`DROP TABLE cases.case_journeys`);
  }
}
