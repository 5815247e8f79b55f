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
 * Remittances (issue #14 §3): one per client per period (the unique key is what makes a
 * second run change nothing), the ledger transactions each took (a transaction is remitted
 * once), and the ledger's client-level transactions (the monthly minimum, the settlement) that
 * belong to no case; the clients' names for the payout file.
 */
export class Remittances1765310000000 implements MigrationInterface {
  name = 'Remittances1765310000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE billing.ledger_transactions ALTER COLUMN case_id DROP NOT NULL`);
    await q.query(`ALTER TABLE billing.ledger_entries ALTER COLUMN case_id DROP NOT NULL`);
    await q.query(`ALTER TABLE billing.ledger_transactions DROP CONSTRAINT ledger_transactions_kind_check`);
    await q.query(`ALTER TABLE billing.ledger_transactions ADD CONSTRAINT ledger_transactions_kind_check
      CHECK (kind IN (${KINDS.map((k) => `'${k}'`).join(', ')}))`);
    await q.query(`CREATE TABLE billing.remittances (
      id uuid PRIMARY KEY,
      client_id uuid NOT NULL,
      period_kind text NOT NULL CHECK (period_kind IN ('weekly', 'monthly')),
      period_start date NOT NULL,
      period_end date NOT NULL,
      currency char(3) NOT NULL,
      agreement_id uuid REFERENCES billing.agreements (id),
      payout_iban text,
      outcome text NOT NULL CHECK (outcome IN ('payout', 'invoice', 'nil')),
      collected_minor bigint NOT NULL,
      commission_minor bigint NOT NULL,
      fees_minor bigint NOT NULL,
      costs_kept_minor bigint NOT NULL,
      vat_minor bigint NOT NULL,
      refunds_minor bigint NOT NULL,
      net_minor bigint NOT NULL,
      payout_minor bigint NOT NULL CHECK (payout_minor >= 0),
      invoiced_minor bigint NOT NULL CHECK (invoiced_minor >= 0),
      lines jsonb NOT NULL,
      issued_by text NOT NULL,
      issued_at timestamptz NOT NULL,
      UNIQUE (client_id, period_start)
    )`);
    await q.query(`CREATE TABLE billing.remittance_items (
      transaction_id uuid PRIMARY KEY REFERENCES billing.ledger_transactions (id),
      remittance_id uuid NOT NULL REFERENCES billing.remittances (id)
    )`);
    await q.query(`CREATE INDEX remittance_items_remittance_idx ON billing.remittance_items (remittance_id)`);
    await q.query(`CREATE INDEX ledger_transactions_client_idx ON billing.ledger_transactions (client_id, booked_on)`);
    // The clients as ClientOnboarded named them: the payout file's creditor name.
    await q.query(`CREATE TABLE billing.clients (client_id uuid PRIMARY KEY, name text NOT NULL, country char(2) NOT NULL)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE billing.clients`);
    await q.query(`DROP INDEX billing.ledger_transactions_client_idx`);
    await q.query(`DROP TABLE billing.remittance_items`);
    await q.query(`DROP TABLE billing.remittances`);
    await q.query(`ALTER TABLE billing.ledger_transactions DROP CONSTRAINT ledger_transactions_kind_check`);
    await q.query(`ALTER TABLE billing.ledger_transactions ADD CONSTRAINT ledger_transactions_kind_check
      CHECK (kind IN (${KINDS.slice(0, 5).map((k) => `'${k}'`).join(', ')}))`);
  }
}
