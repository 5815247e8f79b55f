import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The case's phase on the case copy (CaseOpened: placed; CasePhaseChanged; CaseClosed: closed),
 * so that communications walls legal staff off as cases does (libs/auth: legal staff read the
 * cases in legal review or legal only). Rows copied before this migration have no phase (NULL):
 * not a legal phase, so legal staff see them again at the case's next phase change — closed
 * rather than open.
 */
export class CasePhase1765000000000 implements MigrationInterface {
  name = 'CasePhase1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE communications.case_contacts
      ADD COLUMN phase text NULL CHECK (phase IN ('placed', 'amicable', 'legal_review', 'legal', 'closed'))`);
    await q.query(`ALTER TABLE communications.case_contacts ALTER COLUMN phase SET DEFAULT 'placed'`);
    await q.query(`UPDATE communications.case_contacts SET phase = 'closed' WHERE closed_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE communications.case_contacts DROP COLUMN phase`);
  }
}
