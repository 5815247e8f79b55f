import { MigrationInterface, QueryRunner } from 'typeorm';
import { priorityWeights } from '../worklist/worklist';

/**
 * Set-based placement totals: the worklist's stored priority score as a SQL function (the same
 * formula as `storedPriorityScore` in worklist.ts, checked against it by a test), and an index
 * on the claims of a placement, so a million-row placement totals its cases in one statement.
 */
export class PlacementTotals1764200000000 implements MigrationInterface {
  name = 'PlacementTotals1764200000000';

  async up(q: QueryRunner): Promise<void> {
    const w = priorityWeights;
    const outcomes = Object.entries(w.lastContactOutcome).map(([o, v]) => `WHEN '${o}' THEN ${v}`).join(' ');
    await q.query(`CREATE FUNCTION cases.stored_priority_score(open_minor bigint, exponent int, oldest date, broken int, last_outcome text)
      RETURNS bigint LANGUAGE sql IMMUTABLE AS $$
        SELECT (floor(${w.amountPerDecade} * log(1 + greatest(open_minor, 0)::float8 / (10::float8 ^ exponent)) + 0.5))::bigint
             + ${w.brokenPromise} * least(greatest(broken, 0), ${w.maxBrokenPromises})
             + coalesce(CASE last_outcome ${outcomes} END, 0)
             - ${w.agePerDay} * (oldest - date '1970-01-01')
      $$`);
    await q.query(`CREATE INDEX claims_placement_idx ON cases.claims (placement_id, case_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX cases.claims_placement_idx`);
    await q.query(`DROP FUNCTION cases.stored_priority_score(bigint, int, date, int, text)`);
  }
}
