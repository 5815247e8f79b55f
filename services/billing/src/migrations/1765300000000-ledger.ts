import { MigrationInterface, QueryRunner } from 'typeorm';

const ACCOUNTS = [
  'trust_bank',
  'operating_bank',
  'client_payable',
  'client_receivable',
  'commission_revenue',
  'fee_revenue',
  'costs_revenue',
  'vat_payable',
  'refunds_owed',
  'suspense',
];

/**
 * Agreements become versions with their full terms (issue #14 §1), and the trust ledger (§2):
 * transactions and their entries, append-only (a trigger refuses UPDATE and DELETE), each
 * transaction balanced (a deferred constraint trigger checks it at commit); and what billing
 * keeps of the cases' events: cases, claims (for tiers) and payments (source, last posting).
 */
export class Ledger1765300000000 implements MigrationInterface {
  name = 'Ledger1765300000000';

  async up(q: QueryRunner): Promise<void> {
    // Agreements: the first slice's rows become approved versions 1, 2, … per client, their terms from the old columns.
    await q.query(`ALTER TABLE billing.agreements
      ADD COLUMN version int,
      ADD COLUMN status text NOT NULL DEFAULT 'approved' CHECK (status IN ('draft', 'approved')),
      ADD COLUMN valid_to date,
      ADD COLUMN terms jsonb,
      ADD COLUMN created_by text NOT NULL DEFAULT 'migration',
      ADD COLUMN approved_by text,
      ADD COLUMN approved_at timestamptz`);
    await q.query(`UPDATE billing.agreements a SET
        version = v.version,
        valid_to = v.next_from - 1,
        approved_by = 'migration',
        approved_at = a.created_at,
        terms = jsonb_build_object(
          'currency', a.currency,
          'commission', jsonb_build_object('tieredBy', 'none', 'bands', jsonb_build_array(jsonb_build_object(
            'from', '0', 'principalBp', a.commission_bp, 'interestBp', a.commission_bp, 'costsBp', 0))),
          'fees', jsonb_build_object('caseOpened', a.fee_per_case_minor::text, 'letter', '0', 'registeredLetter', '0', 'call', '0', 'success', '0'),
          'monthlyMinimum', '0', 'collectionCostsKeptBy', 'agency', 'remittancePeriod', 'monthly', 'payoutIban', '',
          'vat', jsonb_build_object('kind', 'be_standard', 'rateBp', 2100, 'vatNumber', null))
      FROM (SELECT id, row_number() OVER w AS version, lead(valid_from) OVER w AS next_from
              FROM billing.agreements WINDOW w AS (PARTITION BY client_id ORDER BY valid_from)) v
      WHERE v.id = a.id`);
    await q.query(`ALTER TABLE billing.agreements
      ALTER COLUMN version SET NOT NULL,
      ALTER COLUMN terms SET NOT NULL,
      ALTER COLUMN status DROP DEFAULT,
      ADD CONSTRAINT agreements_version_unique UNIQUE (client_id, version),
      ADD CONSTRAINT agreements_valid_range CHECK (valid_to IS NULL OR valid_to >= valid_from - 1)`);

    await q.query(`CREATE TABLE billing.cases (
      case_id uuid PRIMARY KEY,
      client_id uuid NOT NULL,
      brand_id uuid,
      currency char(3) NOT NULL,
      opened_on date NOT NULL
    )`);
    await q.query(`CREATE TABLE billing.claims (
      claim_id uuid PRIMARY KEY,
      case_id uuid NOT NULL,
      principal_minor bigint NOT NULL,
      due_date date NOT NULL,
      placed_on date NOT NULL
    )`);
    await q.query(`CREATE INDEX claims_case_idx ON billing.claims (case_id)`);
    await q.query(`CREATE TABLE billing.payments (
      payment_id uuid PRIMARY KEY,
      case_id uuid NOT NULL,
      client_id uuid NOT NULL,
      amount_minor bigint NOT NULL CHECK (amount_minor > 0),
      currency char(3) NOT NULL,
      received_on date NOT NULL,
      direct boolean NOT NULL,
      received_key text,
      allocation_key text,
      reversed boolean NOT NULL DEFAULT false
    )`);

    await q.query(`CREATE TABLE billing.ledger_transactions (
      id uuid PRIMARY KEY,
      seq bigserial UNIQUE,
      key text NOT NULL UNIQUE,
      kind text NOT NULL CHECK (kind IN ('payment_received', 'payment_allocated', 'allocation_reversed', 'payment_reversed', 'fee_charged')),
      client_id uuid NOT NULL,
      case_id uuid NOT NULL,
      payment_id uuid,
      currency char(3) NOT NULL,
      booked_on date NOT NULL,
      agreement_id uuid REFERENCES billing.agreements (id),
      reverses text REFERENCES billing.ledger_transactions (key),
      memo text NOT NULL,
      posted_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE UNIQUE INDEX ledger_transactions_reversed_once ON billing.ledger_transactions (reverses) WHERE reverses IS NOT NULL`);
    await q.query(`CREATE TABLE billing.ledger_entries (
      transaction_id uuid NOT NULL REFERENCES billing.ledger_transactions (id),
      line int NOT NULL,
      account text NOT NULL CHECK (account IN (${ACCOUNTS.map((a) => `'${a}'`).join(', ')})),
      client_id uuid NOT NULL,
      case_id uuid NOT NULL,
      claim_id uuid,
      part text NOT NULL,
      amount_minor bigint NOT NULL CHECK (amount_minor <> 0),
      currency char(3) NOT NULL,
      booked_on date NOT NULL,
      PRIMARY KEY (transaction_id, line)
    )`);
    await q.query(`CREATE INDEX ledger_entries_client_idx ON billing.ledger_entries (client_id, booked_on)`);
    await q.query(`CREATE INDEX ledger_entries_account_idx ON billing.ledger_entries (account, booked_on)`);

    // Append-only: a correction is a reversing transaction.
    await q.query(`CREATE FUNCTION billing.ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'the ledger is append-only: post a reversing transaction instead of % on %', TG_OP, TG_TABLE_NAME; END $$`);
    for (const table of ['ledger_transactions', 'ledger_entries'])
      await q.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON billing.${table}
        FOR EACH ROW EXECUTE FUNCTION billing.ledger_append_only()`);
    // Every transaction balances, checked at commit when all its entries are in.
    await q.query(`CREATE FUNCTION billing.ledger_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE total numeric;
      BEGIN
        SELECT coalesce(sum(amount_minor), 0) INTO total FROM billing.ledger_entries WHERE transaction_id = NEW.transaction_id;
        IF total <> 0 THEN RAISE EXCEPTION 'ledger transaction % does not balance: its entries sum to %', NEW.transaction_id, total; END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE CONSTRAINT TRIGGER ledger_entries_balanced AFTER INSERT ON billing.ledger_entries
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION billing.ledger_balanced()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE billing.ledger_entries`);
    await q.query(`DROP TABLE billing.ledger_transactions`);
    await q.query(`DROP FUNCTION billing.ledger_balanced()`);
    await q.query(`DROP FUNCTION billing.ledger_append_only()`);
    await q.query(`DROP TABLE billing.payments`);
    await q.query(`DROP TABLE billing.claims`);
    await q.query(`DROP TABLE billing.cases`);
    await q.query(`ALTER TABLE billing.agreements DROP CONSTRAINT agreements_valid_range, DROP CONSTRAINT agreements_version_unique,
      DROP COLUMN version, DROP COLUMN status, DROP COLUMN valid_to, DROP COLUMN terms, DROP COLUMN created_by,
      DROP COLUMN approved_by, DROP COLUMN approved_at`);
  }
}
