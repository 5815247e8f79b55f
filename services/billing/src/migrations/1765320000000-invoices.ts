import { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS = [
  'payment_received',
  'payment_allocated',
  'allocation_reversed',
  'payment_reversed',
  'fee_charged',
  'minimum_charged',
  'remittance_settled',
];

/**
 * Client invoices and credit notes (issue #14 §4): one gap-free series per kind and year (the
 * counter row is taken under its row lock in the issuing transaction, so a number is used once
 * the document commits, and a rolled-back issue leaves no gap); the documents, which are never
 * deleted and whose number never changes; the ledger transactions each took (a transaction is
 * invoiced once); the client's invoicing address; each delivery (e-mail, Peppol). A credit note
 * posts a ledger transaction of its own kind.
 */
export class Invoices1765320000000 implements MigrationInterface {
  name = 'Invoices1765320000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE billing.ledger_transactions DROP CONSTRAINT ledger_transactions_kind_check`);
    await q.query(`ALTER TABLE billing.ledger_transactions ADD CONSTRAINT ledger_transactions_kind_check
      CHECK (kind IN (${[...KINDS, 'credit_noted'].map((k) => `'${k}'`).join(', ')}))`);
    await q.query(`CREATE TABLE billing.invoice_series (
      series text NOT NULL CHECK (series IN ('INV', 'CN')),
      year int NOT NULL,
      last_number int NOT NULL CHECK (last_number > 0),
      PRIMARY KEY (series, year)
    )`);
    await q.query(`CREATE TABLE billing.invoice_recipients (
      client_id uuid PRIMARY KEY,
      name text NOT NULL,
      street text NOT NULL,
      postal_code text NOT NULL,
      city text NOT NULL,
      country_code char(2) NOT NULL,
      email text,
      endpoint_scheme text NOT NULL,
      endpoint_id text NOT NULL,
      send_by_peppol boolean NOT NULL,
      buyer_reference text NOT NULL,
      updated_by text NOT NULL,
      updated_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE TABLE billing.invoices (
      id uuid PRIMARY KEY,
      kind text NOT NULL CHECK (kind IN ('invoice', 'credit_note')),
      series text NOT NULL,
      year int NOT NULL,
      seq int NOT NULL CHECK (seq > 0),
      number text NOT NULL UNIQUE,
      client_id uuid NOT NULL,
      period_start date,
      period_end date,
      issue_date date NOT NULL,
      due_date date NOT NULL,
      currency char(3) NOT NULL,
      agreement_id uuid REFERENCES billing.agreements (id),
      credited_invoice_id uuid REFERENCES billing.invoices (id),
      reason text,
      lines jsonb NOT NULL,
      vat jsonb NOT NULL,
      recipient jsonb NOT NULL,
      line_total_minor bigint NOT NULL CHECK (line_total_minor > 0),
      vat_minor bigint NOT NULL,
      payable_minor bigint NOT NULL,
      vat_booked_minor bigint NOT NULL,
      ubl text NOT NULL,
      issued_by text NOT NULL,
      issued_at timestamptz NOT NULL,
      UNIQUE (series, year, seq),
      CHECK ((kind = 'credit_note') = (credited_invoice_id IS NOT NULL))
    )`);
    // An invoice per client and period; credit notes as many as the invoice has lines left.
    await q.query(`CREATE UNIQUE INDEX invoices_client_period_idx ON billing.invoices (client_id, period_start) WHERE kind = 'invoice'`);
    await q.query(`CREATE INDEX invoices_client_idx ON billing.invoices (client_id, issue_date DESC)`);
    // An issued document is a fact: never deleted, its number and amounts never changed.
    await q.query(`CREATE FUNCTION billing.invoices_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'billing.invoices: an issued invoice or credit note is never changed or deleted (a credit note corrects it)'; END $$`);
    await q.query(`CREATE TRIGGER invoices_immutable BEFORE UPDATE OR DELETE ON billing.invoices
      FOR EACH ROW EXECUTE FUNCTION billing.invoices_immutable()`);
    await q.query(`CREATE TABLE billing.invoice_items (
      transaction_id uuid PRIMARY KEY REFERENCES billing.ledger_transactions (id),
      invoice_id uuid NOT NULL REFERENCES billing.invoices (id)
    )`);
    await q.query(`CREATE INDEX invoice_items_invoice_idx ON billing.invoice_items (invoice_id)`);
    await q.query(`CREATE TABLE billing.invoice_deliveries (
      id uuid PRIMARY KEY,
      invoice_id uuid NOT NULL REFERENCES billing.invoices (id),
      channel text NOT NULL CHECK (channel IN ('email', 'peppol')),
      recipient text NOT NULL,
      status text NOT NULL CHECK (status IN ('sent', 'accepted', 'delivered', 'failed')),
      provider_message_id text,
      detail text,
      attempted_at timestamptz NOT NULL,
      updated_at timestamptz NOT NULL
    )`);
    await q.query(`CREATE INDEX invoice_deliveries_invoice_idx ON billing.invoice_deliveries (invoice_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE billing.invoice_deliveries`);
    await q.query(`DROP TABLE billing.invoice_items`);
    await q.query(`DROP TABLE billing.invoices`);
    await q.query(`DROP FUNCTION billing.invoices_immutable()`);
    await q.query(`DROP TABLE billing.invoice_recipients`);
    await q.query(`DROP TABLE billing.invoice_series`);
    await q.query(`ALTER TABLE billing.ledger_transactions DROP CONSTRAINT ledger_transactions_kind_check`);
    await q.query(`ALTER TABLE billing.ledger_transactions ADD CONSTRAINT ledger_transactions_kind_check
      CHECK (kind IN (${KINDS.map((k) => `'${k}'`).join(', ')}))`);
  }
}
