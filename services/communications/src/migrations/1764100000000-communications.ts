import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 5: the read models (case contacts, clients), templates and their versions,
 * communications with their delivery history, the evidence kept of what was sent (append-only),
 * calls and opt-outs.
 */
export class Communications1764100000000 implements MigrationInterface {
  name = 'Communications1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE communications.brand_looks
      ADD COLUMN brand_name text NULL,
      ADD COLUMN languages text[] NOT NULL DEFAULT '{nl,fr,de,en}',
      ADD COLUMN letterhead text NULL`);

    await q.query(`CREATE TABLE communications.clients (
      client_id uuid PRIMARY KEY,
      name text NOT NULL,
      country text NOT NULL,
      enterprise_number text NULL
    )`);

    // The debtor as cases last described it, per case (CaseOpened, DebtorUpdated, ClaimPlaced).
    await q.query(`CREATE TABLE communications.case_contacts (
      case_id uuid PRIMARY KEY,
      client_id uuid NOT NULL,
      brand_id uuid NULL,
      debtor_id uuid NOT NULL,
      case_number bigserial NOT NULL UNIQUE,
      currency text NOT NULL,
      debtor_name text NOT NULL,
      debtor_kind text NOT NULL CHECK (debtor_kind IN ('consumer', 'business')),
      country text NOT NULL,
      language text NOT NULL,
      time_zone text NOT NULL,
      emails text[] NOT NULL DEFAULT '{}',
      phones text[] NOT NULL DEFAULT '{}',
      addresses jsonb NOT NULL DEFAULT '[]',
      preferred_channel text NULL,
      claims jsonb NOT NULL DEFAULT '[]',
      -- Dispute, payment-plan and hold state do not flow as events yet (cases owns them); the
      -- contact rules read these columns, which stay false/null until those events exist.
      dispute_open boolean NOT NULL DEFAULT false,
      payment_plan_kept boolean NOT NULL DEFAULT false,
      hold_until timestamptz NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX case_contacts_debtor ON communications.case_contacts (debtor_id)`);

    await q.query(`CREATE TABLE communications.templates (
      id uuid PRIMARY KEY,
      brand_id uuid NULL,
      kind text NOT NULL,
      language text NOT NULL CHECK (language IN ('nl', 'fr', 'de', 'en')),
      channel text NOT NULL CHECK (channel IN ('email', 'sms', 'letter')),
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    // One template per owner (a brand, or the agency's default set when brand_id is null).
    await q.query(`CREATE UNIQUE INDEX templates_key ON communications.templates
      (COALESCE(brand_id, '00000000-0000-0000-0000-000000000000'::uuid), kind, language, channel)`);

    await q.query(`CREATE TABLE communications.template_versions (
      id uuid PRIMARY KEY,
      template_id uuid NOT NULL REFERENCES communications.templates(id),
      version integer NOT NULL,
      status text NOT NULL CHECK (status IN ('draft', 'active', 'retired')),
      parts jsonb NOT NULL,
      created_by text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      activated_at timestamptz NULL,
      retired_at timestamptz NULL,
      UNIQUE (template_id, version)
    )`);
    await q.query(`CREATE UNIQUE INDEX template_versions_one_active ON communications.template_versions (template_id) WHERE status = 'active'`);

    await q.query(`CREATE TABLE communications.communications (
      id uuid PRIMARY KEY,
      request_id text NULL UNIQUE,
      case_id uuid NOT NULL,
      client_id uuid NOT NULL,
      brand_id uuid NULL,
      kind text NOT NULL,
      requested_channel text NOT NULL,
      channel text NULL,
      language text NULL,
      status text NOT NULL CHECK (status IN ('requested', 'scheduled', 'sent', 'delivered', 'failed', 'bounced')),
      recipient text NULL,
      template_version_id uuid NULL,
      template_source text NULL,
      legal_decision jsonb NULL,
      refusal jsonb NULL,
      not_before timestamptz NULL,
      attempts integer NOT NULL DEFAULT 0,
      attempts_on_channel integer NOT NULL DEFAULT 0,
      tried_channels text[] NOT NULL DEFAULT '{}',
      fallback_allowed boolean NOT NULL DEFAULT true,
      fallback_of uuid NULL,
      provider_message_id text NULL,
      print_batch_id text NULL,
      amounts jsonb NULL,
      requested_by text NOT NULL,
      history jsonb NOT NULL DEFAULT '[]',
      created_at timestamptz NOT NULL DEFAULT now(),
      sent_at timestamptz NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX communications_due ON communications.communications (not_before) WHERE status IN ('requested', 'scheduled')`);
    await q.query(`CREATE INDEX communications_case ON communications.communications (case_id, created_at)`);
    await q.query(`CREATE INDEX communications_provider_id ON communications.communications (provider_message_id)`);

    // Exactly what left, kept for a court file: never changed, never deleted.
    await q.query(`CREATE TABLE communications.communication_evidence (
      id uuid PRIMARY KEY,
      communication_id uuid NOT NULL UNIQUE REFERENCES communications.communications(id),
      channel text NOT NULL,
      recipient text NOT NULL,
      sent_at timestamptz NOT NULL,
      template_version_id uuid NULL,
      template_source text NOT NULL,
      legal_decision jsonb NOT NULL,
      context jsonb NOT NULL,
      subject text NULL,
      html text NULL,
      text_body text NULL,
      sms_text text NULL,
      pdf bytea NULL,
      sent_media_type text NOT NULL,
      sent_bytes bytea NOT NULL,
      sha256 text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE FUNCTION communications.evidence_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'communication evidence is append-only (% refused)', TG_OP;
      END $$`);
    await q.query(`CREATE TRIGGER evidence_append_only BEFORE UPDATE OR DELETE ON communications.communication_evidence
      FOR EACH ROW EXECUTE FUNCTION communications.evidence_is_append_only()`);

    await q.query(`CREATE TABLE communications.calls (
      id uuid PRIMARY KEY,
      case_id uuid NOT NULL,
      client_id uuid NOT NULL,
      debtor_id uuid NOT NULL,
      agent_id text NOT NULL,
      number text NOT NULL,
      direction text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
      outcome text NOT NULL,
      started_at timestamptz NOT NULL,
      duration_seconds integer NULL,
      notes text NULL,
      call_back_at timestamptz NULL,
      promise jsonb NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX calls_case ON communications.calls (case_id, started_at)`);
    await q.query(`CREATE INDEX calls_debtor ON communications.calls (debtor_id, started_at)`);

    await q.query(`CREATE TABLE communications.opt_outs (
      debtor_id uuid NOT NULL,
      channel text NOT NULL,
      reason text NULL,
      recorded_by text NOT NULL,
      at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (debtor_id, channel)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE communications.opt_outs`);
    await q.query(`DROP TABLE communications.calls`);
    await q.query(`DROP TABLE communications.communication_evidence`);
    await q.query(`DROP FUNCTION communications.evidence_is_append_only()`);
    await q.query(`DROP TABLE communications.communications`);
    await q.query(`DROP TABLE communications.template_versions`);
    await q.query(`DROP TABLE communications.templates`);
    await q.query(`DROP TABLE communications.case_contacts`);
    await q.query(`DROP TABLE communications.clients`);
    await q.query(`ALTER TABLE communications.brand_looks DROP COLUMN brand_name, DROP COLUMN languages, DROP COLUMN letterhead`);
  }
}
