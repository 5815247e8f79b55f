import { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS = [
  'payment_received',
  'payment_allocated',
  'allocation_reversed',
  'payment_reversed',
  'fee_charged',
  'minimum_charged',
  'remittance_settled',
  'credit_noted',
];

/**
 * An invoice posts the difference between its VAT, computed once on its total, and the VAT the
 * ledger booked per transaction, as a ledger transaction of its own kind (src/invoices).
 */
export class VatRounding1765370000000 implements MigrationInterface {
  name = 'VatRounding1765370000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE billing.ledger_transactions DROP CONSTRAINT ledger_transactions_kind_check`);
    await q.query(`ALTER TABLE billing.ledger_transactions ADD CONSTRAINT ledger_transactions_kind_check
      CHECK (kind IN (${[...KINDS, 'vat_rounded'].map((k) => `'${k}'`).join(', ')}))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE billing.ledger_transactions DROP CONSTRAINT ledger_transactions_kind_check`);
    await q.query(`ALTER TABLE billing.ledger_transactions ADD CONSTRAINT ledger_transactions_kind_check
      CHECK (kind IN (${KINDS.map((k) => `'${k}'`).join(', ')}))`);
  }
}
