import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Escalation to legal staff (escalation/): each proposal with its estimate, the client's answer
 * and legal staff's decision; each client's escalation settings (threshold, approval). And the
 * cases wall for legal staff's own writes: the policy on cases was USING only, so a case legal
 * staff moved out of the legal phases (sent back to amicable, closed) failed the policy as a new
 * row. A trigger now marks such a move with the transaction's instant and the subject who made
 * it, and legal staff see — and may write — that row in that transaction only (`now()` is the
 * transaction's start): their own write, and nothing after it.
 */
export class Escalation1765700000000 implements MigrationInterface {
  name = 'Escalation1765700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE cases.escalations (
      id uuid PRIMARY KEY,
      case_id uuid NOT NULL REFERENCES cases.cases (id),
      client_id uuid NOT NULL,
      brand_id uuid NOT NULL,
      status text NOT NULL CHECK (status IN ('awaiting_client', 'awaiting_legal', 'accepted', 'declined', 'returned')),
      reason text NOT NULL,
      proposed_at timestamptz NOT NULL,
      proposed_by text NOT NULL,
      approval_required boolean NOT NULL,
      -- The cost–benefit estimate (escalation.ts EscalationEstimate, amounts as decimal strings).
      estimate jsonb NOT NULL,
      answered_at timestamptz NULL,
      answered_by text NULL,
      approved boolean NULL,
      answer_reason text NULL,
      decided_at timestamptz NULL,
      decided_by text NULL,
      decision_reason text NULL,
      version int NOT NULL DEFAULT 1
    )`);
    // One proposal pending per case.
    await q.query(
      `CREATE UNIQUE INDEX escalations_pending_idx ON cases.escalations (case_id) WHERE status IN ('awaiting_client', 'awaiting_legal')`,
    );
    await q.query(`CREATE INDEX escalations_case_idx ON cases.escalations (case_id, proposed_at DESC)`);
    await q.query(`CREATE TABLE cases.escalation_settings (
      client_id uuid PRIMARY KEY REFERENCES cases.clients (id),
      threshold_minor bigint NOT NULL CHECK (threshold_minor >= 0),
      approval_required boolean NOT NULL,
      updated_by text NOT NULL,
      updated_at timestamptz NOT NULL
    )`);
    await q.query(`ALTER TABLE cases.escalations ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE cases.escalations FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY escalations_tenant ON cases.escalations USING (
      cases.tenant_role() = 'agency_admin' OR EXISTS (SELECT 1 FROM cases.cases c WHERE c.id = case_id)
    )`);
    await q.query(`ALTER TABLE cases.escalation_settings ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE cases.escalation_settings FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY escalation_settings_read ON cases.escalation_settings FOR SELECT USING (
      cases.tenant_role() IN ('agency_admin', 'agent', 'legal')
      OR (cases.tenant_role() = 'client_user' AND client_id = ANY (cases.setting_ids('app.client_ids')))
    )`);
    await q.query(`CREATE POLICY escalation_settings_admin ON cases.escalation_settings
      USING (cases.tenant_role() = 'agency_admin') WITH CHECK (cases.tenant_role() = 'agency_admin')`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON cases.escalations, cases.escalation_settings TO amicus_cases_app`);

    // Legal staff's writes out of the legal phases.
    await q.query(`ALTER TABLE cases.cases ADD COLUMN left_legal_at timestamptz NULL, ADD COLUMN left_legal_by text NULL`);
    await q.query(`CREATE FUNCTION cases.mark_left_legal() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.phase IN ('legal_review', 'legal') AND NEW.phase NOT IN ('legal_review', 'legal') THEN
          NEW.left_legal_at := now();
          NEW.left_legal_by := current_setting('app.subject', true);
        ELSIF TG_OP = 'INSERT' OR NEW.left_legal_at IS DISTINCT FROM OLD.left_legal_at OR NEW.left_legal_by IS DISTINCT FROM OLD.left_legal_by THEN
          -- Only the move itself marks a case; nobody writes the mark.
          NEW.left_legal_at := CASE WHEN TG_OP = 'UPDATE' THEN OLD.left_legal_at END;
          NEW.left_legal_by := CASE WHEN TG_OP = 'UPDATE' THEN OLD.left_legal_by END;
        END IF;
        RETURN NEW;
      END $$`);
    // WHEN clauses: the function runs only on a phase change or a write of the mark (not on every placement's COPY).
    await q.query(`CREATE TRIGGER cases_mark_left_legal BEFORE UPDATE ON cases.cases FOR EACH ROW
      WHEN (OLD.phase IS DISTINCT FROM NEW.phase OR OLD.left_legal_at IS DISTINCT FROM NEW.left_legal_at OR OLD.left_legal_by IS DISTINCT FROM NEW.left_legal_by)
      EXECUTE FUNCTION cases.mark_left_legal()`);
    await q.query(`CREATE TRIGGER cases_mark_left_legal_insert BEFORE INSERT ON cases.cases FOR EACH ROW
      WHEN (NEW.left_legal_at IS NOT NULL OR NEW.left_legal_by IS NOT NULL) EXECUTE FUNCTION cases.mark_left_legal()`);
    await q.query(`DROP POLICY cases_tenant ON cases.cases`);
    await q.query(`CREATE POLICY cases_tenant ON cases.cases
      USING (
        cases.tenant_role() = 'agency_admin'
        OR (cases.tenant_role() = 'client_user' AND client_id = ANY (cases.setting_ids('app.client_ids')))
        OR (cases.tenant_role() = 'agent' AND brand_id = ANY (cases.setting_ids('app.brand_ids')))
        OR (cases.tenant_role() = 'legal' AND (phase IN ('legal_review', 'legal')
              OR (left_legal_at = now() AND left_legal_by = current_setting('app.subject', true))))
      )
      WITH CHECK (
        cases.tenant_role() = 'agency_admin'
        OR (cases.tenant_role() = 'client_user' AND client_id = ANY (cases.setting_ids('app.client_ids')))
        OR (cases.tenant_role() = 'agent' AND brand_id = ANY (cases.setting_ids('app.brand_ids')))
        OR (cases.tenant_role() = 'legal' AND (phase IN ('legal_review', 'legal')
              OR (phase IN ('amicable', 'closed') AND left_legal_at = now() AND left_legal_by = current_setting('app.subject', true))))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP POLICY cases_tenant ON cases.cases`);
    await q.query(`CREATE POLICY cases_tenant ON cases.cases USING (
      cases.tenant_role() = 'agency_admin'
      OR (cases.tenant_role() = 'client_user' AND client_id = ANY (cases.setting_ids('app.client_ids')))
      OR (cases.tenant_role() = 'agent' AND brand_id = ANY (cases.setting_ids('app.brand_ids')))
      OR (cases.tenant_role() = 'legal' AND phase IN ('legal_review', 'legal'))
    )`);
    await q.query(`DROP TRIGGER cases_mark_left_legal ON cases.cases`);
    await q.query(`DROP TRIGGER cases_mark_left_legal_insert ON cases.cases`);
    await q.query(`DROP FUNCTION cases.mark_left_legal()`);
    await q.query(`ALTER TABLE cases.cases DROP COLUMN left_legal_at, DROP COLUMN left_legal_by`);
    await q.query(`DROP TABLE cases.escalation_settings`);
    await q.query(`DROP TABLE cases.escalations`);
  }
}
