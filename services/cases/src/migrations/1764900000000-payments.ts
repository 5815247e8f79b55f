import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Money in: the case's number (its structured payment reference, OGM and RF, is made from it),
 * each claim's principal paid, the payments of a case with the allocation the legal engine gave
 * them, the tasks money leaves for agents (a refund of an overpayment, a reversal to look at),
 * and the bank statements imported — every entry once under its id, the credits no reference
 * matched with their ranked suggestions.
 */
export class Payments1764900000000 implements MigrationInterface {
  name = 'Payments1764900000000';

  async up(q: QueryRunner): Promise<void> {
    // Communications numbers its cases from 1 for its letters today; the cases' numbers start
    // in another range, so that until the letters print this number no reference on them can
    // name another case here (an unknown reference goes to the unmatched queue, never to a
    // wrong case). An OGM holds 10 digits: room for 9 billion cases.
    await q.query(`CREATE SEQUENCE cases.case_number_seq START WITH 1000000001 MINVALUE 1000000001 MAXVALUE 9999999999`);
    await q.query(`ALTER TABLE cases.cases ADD COLUMN case_number bigint NOT NULL DEFAULT nextval('cases.case_number_seq')`);
    await q.query(`ALTER SEQUENCE cases.case_number_seq OWNED BY cases.cases.case_number`);
    await q.query(`CREATE UNIQUE INDEX cases_case_number_idx ON cases.cases (case_number)`);
    // The principal paid on each claim, as the engine allocated the case's payments (oldest claim first).
    await q.query(`ALTER TABLE cases.claims ADD COLUMN paid_minor bigint NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE cases.claims ADD CONSTRAINT claims_paid_within_principal CHECK (paid_minor >= 0 AND paid_minor <= principal_minor)`);
    await q.query(`ALTER TABLE cases.cases ADD CONSTRAINT cases_balances_not_negative CHECK (paid_minor >= 0 AND interest_minor >= 0 AND costs_minor >= 0)`);

    await q.query(`CREATE TABLE cases.bank_imports (
      id uuid PRIMARY KEY,
      file_name text NOT NULL,
      format text NOT NULL CHECK (format IN ('camt.053', 'coda')),
      version text NOT NULL,
      message_id text NULL,
      actor text NOT NULL,
      imported_at timestamptz NOT NULL,
      confirmed boolean NOT NULL,
      summary jsonb NOT NULL
    )`);
    await q.query(`CREATE TABLE cases.bank_statements (
      import_id uuid NOT NULL REFERENCES cases.bank_imports (id) DEFERRABLE INITIALLY DEFERRED,
      seq int NOT NULL,
      account text NOT NULL,
      statement_id text NOT NULL,
      sequence text NULL,
      location text NOT NULL,
      currency char(3) NOT NULL,
      opening_minor bigint NOT NULL,
      opening_date date NOT NULL,
      closing_minor bigint NOT NULL,
      closing_date date NOT NULL,
      credits_minor bigint NOT NULL,
      debits_minor bigint NOT NULL,
      balance_ok boolean NOT NULL,
      difference_minor bigint NOT NULL,
      entries int NOT NULL,
      PRIMARY KEY (import_id, seq)
    )`);
    // One row per booking ever read, under the reader's entry id within its account: an
    // overlapping statement's entries are already here and are counted as duplicates.
    await q.query(`CREATE TABLE cases.bank_entries (
      id uuid PRIMARY KEY,
      account text NOT NULL,
      entry_key text NOT NULL,
      -- The import's row is written at its end, with its summary (same transaction).
      import_id uuid NOT NULL REFERENCES cases.bank_imports (id) DEFERRABLE INITIALLY DEFERRED,
      -- Where the import read it (Stmt[2]/Ntry[14], line 41): its statement is the import's.
      location text NOT NULL,
      booking_date date NOT NULL,
      value_date date NULL,
      direction text NOT NULL CHECK (direction IN ('credit', 'debit')),
      amount_minor bigint NOT NULL CHECK (amount_minor > 0),
      currency char(3) NOT NULL,
      reversal boolean NOT NULL,
      counterparty_name text NULL,
      counterparty_iban text NULL,
      counterparty_bic text NULL,
      reference_scheme text NULL CHECK (reference_scheme IN ('ogm', 'rf')),
      reference text NULL,
      unrecognised_reference text NULL,
      remittance_text text NULL,
      end_to_end_id text NULL,
      bank_reference text NULL,
      transaction_code text NULL,
      -- matched: a payment by its reference; unmatched: in the agents' queue; assigned: an agent
      -- made it a case's payment; not_ours / to_return: an agent's decision; debit: reconciliation only.
      status text NOT NULL CHECK (status IN ('matched', 'unmatched', 'assigned', 'not_ours', 'to_return', 'debit')),
      case_id uuid NULL REFERENCES cases.cases (id),
      why text NULL,
      decided_by text NULL,
      decided_at timestamptz NULL,
      UNIQUE (account, entry_key)
    )`);
    await q.query(`CREATE INDEX bank_entries_unmatched_idx ON cases.bank_entries (booking_date, id) WHERE status = 'unmatched'`);
    await q.query(`CREATE TABLE cases.bank_entry_suggestions (
      entry_id uuid NOT NULL REFERENCES cases.bank_entries (id),
      rank int NOT NULL,
      case_id uuid NOT NULL REFERENCES cases.cases (id),
      score int NOT NULL,
      reasons text[] NOT NULL,
      PRIMARY KEY (entry_id, rank)
    )`);

    await q.query(`CREATE TABLE cases.payments (
      id uuid PRIMARY KEY,
      -- The order payments were recorded in: payments of one day are allocated in it.
      seq bigserial NOT NULL UNIQUE,
      case_id uuid NOT NULL REFERENCES cases.cases (id),
      client_id uuid NOT NULL,
      brand_id uuid NOT NULL,
      amount_minor bigint NOT NULL CHECK (amount_minor > 0),
      currency char(3) NOT NULL,
      received_on date NOT NULL,
      source text NOT NULL CHECK (source IN ('bank', 'direct', 'provider')),
      payer_name text NULL,
      payer_iban text NULL,
      -- The bank entry it came from: an entry is one payment at most.
      bank_entry_id uuid NULL UNIQUE REFERENCES cases.bank_entries (id),
      note text NULL,
      recorded_by text NOT NULL,
      recorded_at timestamptz NOT NULL,
      -- The allocation the engine gives it now (a payment dated before it may change it; the
      -- audit trail and PaymentAllocated keep each one).
      costs_minor bigint NOT NULL DEFAULT 0,
      interest_minor bigint NOT NULL DEFAULT 0,
      principal jsonb NOT NULL DEFAULT '[]',
      unallocated_minor bigint NOT NULL DEFAULT 0,
      rule text NULL,
      legal_source text NULL,
      allocated_at timestamptz NULL,
      -- The phase the case closed from when this payment paid it in full (a reversal reopens it there).
      closed_case_from text NULL,
      status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'reversed')),
      reversal_kind text NULL CHECK (reversal_kind IN ('chargeback', 'bank_return', 'correction')),
      reversal_reason text NULL,
      reversed_by text NULL,
      reversed_at timestamptz NULL,
      CHECK (costs_minor >= 0 AND interest_minor >= 0 AND unallocated_minor >= 0)
    )`);
    await q.query(`CREATE INDEX payments_case_idx ON cases.payments (case_id, received_on, seq)`);
    await q.query(`CREATE INDEX payments_payer_iban_idx ON cases.payments (payer_iban) WHERE payer_iban IS NOT NULL`);

    await q.query(`CREATE TABLE cases.payment_tasks (
      id uuid PRIMARY KEY,
      case_id uuid NOT NULL REFERENCES cases.cases (id),
      payment_id uuid NULL REFERENCES cases.payments (id),
      kind text NOT NULL CHECK (kind IN ('refund', 'review')),
      amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
      currency char(3) NOT NULL,
      reason text NOT NULL,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
      created_at timestamptz NOT NULL,
      done_by text NULL,
      done_at timestamptz NULL
    )`);
    await q.query(`CREATE INDEX payment_tasks_open_idx ON cases.payment_tasks (created_at, id) WHERE status = 'open'`);

    // Walls: a payment and a task are visible when their case is; the bank's lines are the
    // agency's (its admin and agents), a suggestion only when its case is visible too.
    for (const table of ['payments', 'payment_tasks']) {
      await q.query(`ALTER TABLE cases.${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE cases.${table} FORCE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY ${table}_tenant ON cases.${table} USING (
        cases.tenant_role() = 'agency_admin' OR EXISTS (SELECT 1 FROM cases.cases c WHERE c.id = case_id)
      )`);
    }
    for (const table of ['bank_imports', 'bank_statements', 'bank_entries']) {
      await q.query(`ALTER TABLE cases.${table} ENABLE ROW LEVEL SECURITY`);
      await q.query(`ALTER TABLE cases.${table} FORCE ROW LEVEL SECURITY`);
      await q.query(`CREATE POLICY ${table}_agency ON cases.${table} USING (cases.tenant_role() IN ('agency_admin', 'agent'))`);
    }
    await q.query(`ALTER TABLE cases.bank_entry_suggestions ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE cases.bank_entry_suggestions FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY bank_entry_suggestions_agency ON cases.bank_entry_suggestions USING (
      cases.tenant_role() = 'agency_admin' OR (cases.tenant_role() = 'agent' AND EXISTS (SELECT 1 FROM cases.cases c WHERE c.id = case_id))
    )`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON cases.payments, cases.payment_tasks, cases.bank_entries TO amicus_cases_app`);
    await q.query(`GRANT SELECT, INSERT ON cases.bank_imports, cases.bank_statements, cases.bank_entry_suggestions TO amicus_cases_app`);
    await q.query(`GRANT USAGE ON ALL SEQUENCES IN SCHEMA cases TO amicus_cases_app`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['payment_tasks', 'payments', 'bank_entry_suggestions', 'bank_entries', 'bank_statements', 'bank_imports']) {
      await q.query(`DROP TABLE cases.${table}`);
    }
    await q.query(`ALTER TABLE cases.cases DROP CONSTRAINT cases_balances_not_negative`);
    await q.query(`ALTER TABLE cases.claims DROP CONSTRAINT claims_paid_within_principal`);
    await q.query(`ALTER TABLE cases.claims DROP COLUMN paid_minor`);
    await q.query(`ALTER TABLE cases.cases DROP COLUMN case_number`);
  }
}
