import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the debtor's reactions and the fate of a journey's messages leave on the journey:
 * whether the debtor reacted since the last step (the "no reaction to the previous step"
 * condition), a wait until a promised date, the channel the due step goes on instead of its
 * own after a send failed. The app role may update a journey: an admin moves a case to another
 * scenario version under the walls.
 */
export class JourneyReactions1764800000000 implements MigrationInterface {
  name = 'JourneyReactions1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases.case_journeys
      ADD COLUMN reacted boolean NOT NULL DEFAULT false,
      ADD COLUMN waiting_until timestamptz,
      ADD COLUMN waiting_reason text,
      ADD COLUMN channel_override text`);
    // An admin's move of a case to another scenario version runs under the walls (journey-migration.ts).
    await q.query(`GRANT UPDATE ON cases.case_journeys TO amicus_cases_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases.case_journeys DROP COLUMN reacted, DROP COLUMN waiting_until, DROP COLUMN waiting_reason, DROP COLUMN channel_override`);
  }
}
