import { MigrationInterface, QueryRunner } from 'typeorm';

/** A placement's issues include warnings: a bad e-mail or phone left out of a row that is not refused for it. */
export class PlacementWarnings1764450000000 implements MigrationInterface {
  name = 'PlacementWarnings1764450000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases.placement_issues DROP CONSTRAINT placement_issues_kind_check`);
    await q.query(`ALTER TABLE cases.placement_issues ADD CONSTRAINT placement_issues_kind_check CHECK (kind IN ('rejected', 'changed_amount', 'warning'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The older constraint cannot hold warnings: they go with it.
    await q.query(`DELETE FROM cases.placement_issues WHERE kind = 'warning'`);
    await q.query(`ALTER TABLE cases.placement_issues DROP CONSTRAINT placement_issues_kind_check`);
    await q.query(`ALTER TABLE cases.placement_issues ADD CONSTRAINT placement_issues_kind_check CHECK (kind IN ('rejected', 'changed_amount'))`);
  }
}
