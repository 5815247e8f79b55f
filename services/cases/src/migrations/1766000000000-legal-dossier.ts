import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The court dossier and the proceedings (legal-dossier/, #16 §3–§4):
 *   - communication_proofs and call_records: what communications sent and logged on each case,
 *     mirrored from its events (CommunicationSent with the SHA-256 of the bytes that left,
 *     CommunicationDelivered, CommunicationFailed, CallLogged) — the dossier's proof of each
 *     communication, with no read of communications' tables;
 *   - dossiers: each dossier issued, with the SHA-256 of its PDF;
 *   - proceedings, proceeding_entries (hearings, deadlines with the day legal staff are reminded,
 *     enforcement steps, judicial costs) and judgments.
 * Every table behind the same wall as its case (the subquery runs under the cases policy: legal
 * staff see and write only cases in the legal phases).
 */
export class LegalDossier1766000000000 implements MigrationInterface {
  name = 'LegalDossier1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE cases.communication_proofs (
      id text PRIMARY KEY,
      case_id uuid NOT NULL,
      kind text NOT NULL,
      channel text NOT NULL,
      language text NOT NULL,
      recipient text NOT NULL,
      sent_at timestamptz NOT NULL,
      provider_message_id text NULL,
      template_version_id text NULL,
      sha256 text NULL,
      delivered_at timestamptz NULL,
      failed_at timestamptz NULL,
      failure text NULL
    )`);
    await q.query(`CREATE INDEX communication_proofs_case_idx ON cases.communication_proofs (case_id, sent_at)`);
    await q.query(`CREATE TABLE cases.call_records (
      id text PRIMARY KEY,
      case_id uuid NOT NULL,
      agent_id text NOT NULL,
      number text NOT NULL,
      direction text NOT NULL,
      outcome text NOT NULL,
      at timestamptz NOT NULL,
      promise jsonb NULL,
      note text NULL
    )`);
    await q.query(`CREATE INDEX call_records_case_idx ON cases.call_records (case_id, at)`);
    await q.query(`CREATE TABLE cases.dossiers (
      id uuid PRIMARY KEY,
      case_id uuid NOT NULL REFERENCES cases.cases (id),
      issued_at timestamptz NOT NULL,
      issued_by text NOT NULL,
      route_id text NULL,
      language text NOT NULL,
      pdf_sha256 text NOT NULL,
      communications int NOT NULL,
      total_minor bigint NOT NULL
    )`);
    await q.query(`CREATE INDEX dossiers_case_idx ON cases.dossiers (case_id, issued_at)`);
    await q.query(`CREATE TABLE cases.proceedings (
      case_id uuid PRIMARY KEY REFERENCES cases.cases (id),
      route_id text NULL,
      court text NOT NULL,
      reference text NULL,
      opened_at timestamptz NOT NULL,
      opened_by text NOT NULL
    )`);
    await q.query(`CREATE TABLE cases.proceeding_entries (
      id uuid PRIMARY KEY,
      case_id uuid NOT NULL REFERENCES cases.cases (id),
      kind text NOT NULL CHECK (kind IN ('hearing', 'deadline', 'enforcement', 'judicial_cost')),
      on_date date NOT NULL,
      description text NOT NULL,
      remind_on date NULL,
      amount_minor bigint NULL CHECK (amount_minor IS NULL OR amount_minor > 0),
      done_at timestamptz NULL,
      recorded_by text NOT NULL,
      recorded_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX proceeding_entries_case_idx ON cases.proceeding_entries (case_id, on_date)`);
    await q.query(`CREATE INDEX proceeding_entries_remind_idx ON cases.proceeding_entries (remind_on) WHERE done_at IS NULL`);
    await q.query(`CREATE TABLE cases.judgments (
      id uuid PRIMARY KEY,
      case_id uuid NOT NULL UNIQUE REFERENCES cases.cases (id),
      judged_on date NOT NULL,
      court text NOT NULL,
      reference text NULL,
      principal_minor bigint NOT NULL CHECK (principal_minor >= 0),
      costs_minor bigint NOT NULL CHECK (costs_minor >= 0),
      interest_rate text NULL,
      interest_from date NULL,
      currency char(3) NOT NULL,
      recorded_by text NOT NULL,
      recorded_at timestamptz NOT NULL
    )`);
    // The mirrors are written by the consumer only (as contact_history): the app reads them.
    await q.query(`GRANT SELECT ON cases.communication_proofs, cases.call_records TO amicus_cases_app`);
    await q.query(`GRANT SELECT, INSERT ON cases.dossiers, cases.judgments TO amicus_cases_app`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON cases.proceedings, cases.proceeding_entries TO amicus_cases_app`);
    for (const t of ['communication_proofs', 'call_records', 'dossiers', 'proceedings', 'proceeding_entries', 'judgments']) {
      await q.query(`ALTER TABLE cases.${t} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE cases.${t} FORCE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY ${t}_tenant ON cases.${t} USING (EXISTS (SELECT 1 FROM cases.cases c WHERE c.id = case_id))`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['judgments', 'proceeding_entries', 'proceedings', 'dossiers', 'call_records', 'communication_proofs'])
      await q.query(`DROP TABLE cases.${t}`);
  }
}
