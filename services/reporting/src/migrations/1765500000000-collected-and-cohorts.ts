import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Collected money, cohorts, ageing and the cases service's walls.
 *
 * - `portfolio_cases` becomes the one source of the portfolio figures: each case's brand and
 *   phase (the walls: an agent counts its brands' cases, legal staff the cases in legal phases,
 *   filtered in SQL), what was placed, what was collected (principal, interest, costs), its
 *   outcome and what was open when it closed. `portfolio_totals` is summed from it instead.
 * - `portfolio_claims`: each claim's placement day (its cohort), due date, principal, credits and
 *   whether it was taken back — for the collection curves and the ageing.
 * - `portfolio_payments`: each payment's latest allocation and whether it was reversed (the
 *   register of collections/collected.ts); `payment_principal_parts`: the principal each payment
 *   counts for on each claim, by the day it was received.
 *
 * Existing rows: the events before this migration cannot be read again yet (no rebuild), so what
 * the old tables knew is kept where it fits — each case's open amount becomes its placed amount
 * (placed and open were the same but for claims taken back), a closed case's phase is 'closed'
 * and an open one's 'amicable'. The rest counts from this migration on: a case from before has no
 * brand (agents do not count it) and no claims (it is in no cohort and no ageing bucket) until a
 * rebuild, and placed amounts of cases closed before it are no longer counted.
 */
export class CollectedAndCohorts1765500000000 implements MigrationInterface {
  name = 'CollectedAndCohorts1765500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reporting.portfolio_cases
      ADD COLUMN brand_id uuid,
      ADD COLUMN phase text NOT NULL DEFAULT 'placed'
        CHECK (phase IN ('placed', 'amicable', 'legal_review', 'legal', 'closed')),
      ADD COLUMN outcome text CHECK (outcome IN ('paid', 'settled', 'written_off', 'returned_to_client')),
      ADD COLUMN placed_minor bigint NOT NULL DEFAULT 0,
      ADD COLUMN closed_open_minor bigint NOT NULL DEFAULT 0,
      ADD COLUMN collected_principal_minor bigint NOT NULL DEFAULT 0,
      ADD COLUMN collected_interest_minor bigint NOT NULL DEFAULT 0,
      ADD COLUMN collected_costs_minor bigint NOT NULL DEFAULT 0`);
    await q.query(`UPDATE reporting.portfolio_cases
      SET placed_minor = open_minor, phase = CASE WHEN closed THEN 'closed' ELSE 'amicable' END`);
    await q.query(`CREATE INDEX portfolio_cases_client ON reporting.portfolio_cases (client_id, currency)`);
    await q.query(`CREATE INDEX portfolio_cases_brand ON reporting.portfolio_cases (brand_id)`);
    await q.query(`CREATE INDEX portfolio_cases_legal ON reporting.portfolio_cases (client_id) WHERE phase IN ('legal_review', 'legal')`);
    await q.query(`DROP TABLE reporting.portfolio_totals`);

    await q.query(`CREATE TABLE reporting.portfolio_claims (
      claim_id uuid PRIMARY KEY,
      case_id uuid NOT NULL REFERENCES reporting.portfolio_cases (case_id),
      client_id uuid NOT NULL,
      currency char(3) NOT NULL,
      placed_on date NOT NULL,
      due_on date NOT NULL,
      principal_minor bigint NOT NULL,
      credited_minor bigint NOT NULL DEFAULT 0,
      recalled boolean NOT NULL DEFAULT false
    )`);
    await q.query(`CREATE INDEX portfolio_claims_case ON reporting.portfolio_claims (case_id)`);
    await q.query(`CREATE INDEX portfolio_claims_cohort ON reporting.portfolio_claims (client_id, currency, placed_on)`);

    await q.query(`CREATE TABLE reporting.portfolio_payments (
      payment_id uuid PRIMARY KEY,
      case_id uuid NOT NULL REFERENCES reporting.portfolio_cases (case_id),
      allocated_at timestamptz,
      allocation_event_id text,
      received_on date,
      costs_minor bigint NOT NULL DEFAULT 0,
      interest_minor bigint NOT NULL DEFAULT 0,
      principal jsonb NOT NULL DEFAULT '[]',
      reversed boolean NOT NULL DEFAULT false
    )`);
    await q.query(`CREATE INDEX portfolio_payments_case ON reporting.portfolio_payments (case_id)`);
    await q.query(`CREATE TABLE reporting.payment_principal_parts (
      payment_id uuid NOT NULL REFERENCES reporting.portfolio_payments (payment_id),
      claim_id uuid NOT NULL,
      case_id uuid NOT NULL,
      received_on date NOT NULL,
      amount_minor bigint NOT NULL,
      PRIMARY KEY (payment_id, claim_id)
    )`);
    await q.query(`CREATE INDEX payment_principal_parts_claim ON reporting.payment_principal_parts (claim_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE reporting.payment_principal_parts`);
    await q.query(`DROP TABLE reporting.portfolio_payments`);
    await q.query(`DROP TABLE reporting.portfolio_claims`);
    await q.query(`CREATE TABLE reporting.portfolio_totals (
      client_id uuid NOT NULL,
      currency char(3) NOT NULL,
      open_cases int NOT NULL DEFAULT 0,
      placed_minor bigint NOT NULL DEFAULT 0,
      collected_minor bigint NOT NULL DEFAULT 0,
      open_minor bigint NOT NULL DEFAULT 0,
      PRIMARY KEY (client_id, currency)
    )`);
    await q.query(`INSERT INTO reporting.portfolio_totals
      SELECT client_id, currency, count(*) FILTER (WHERE NOT closed), sum(placed_minor),
             sum(collected_principal_minor + collected_interest_minor + collected_costs_minor), sum(open_minor)
        FROM reporting.portfolio_cases GROUP BY client_id, currency`);
    await q.query(`DROP INDEX reporting.portfolio_cases_legal`);
    await q.query(`DROP INDEX reporting.portfolio_cases_brand`);
    await q.query(`DROP INDEX reporting.portfolio_cases_client`);
    await q.query(`ALTER TABLE reporting.portfolio_cases
      DROP COLUMN brand_id, DROP COLUMN phase, DROP COLUMN outcome, DROP COLUMN placed_minor, DROP COLUMN closed_open_minor,
      DROP COLUMN collected_principal_minor, DROP COLUMN collected_interest_minor, DROP COLUMN collected_costs_minor`);
  }
}
