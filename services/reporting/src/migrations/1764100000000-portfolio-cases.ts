import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Portfolio figures per client and currency, kept from the cases events, and reporting's own
 * record of each case's open amount so that closings and recalls can be applied without asking
 * the cases service. The single-currency columns of the first slice give way to them.
 */
export class PortfolioCases1764100000000 implements MigrationInterface {
  name = 'PortfolioCases1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE reporting.portfolio_cases (
      case_id uuid PRIMARY KEY,
      client_id uuid NOT NULL,
      currency char(3) NOT NULL,
      open_minor bigint NOT NULL DEFAULT 0,
      closed boolean NOT NULL DEFAULT false
    )`);
    await q.query(`CREATE TABLE reporting.portfolio_totals (
      client_id uuid NOT NULL,
      currency char(3) NOT NULL,
      open_cases int NOT NULL DEFAULT 0,
      placed_minor bigint NOT NULL DEFAULT 0,
      collected_minor bigint NOT NULL DEFAULT 0,
      open_minor bigint NOT NULL DEFAULT 0,
      PRIMARY KEY (client_id, currency)
    )`);
    for (const column of ['open_cases', 'placed_minor', 'collected_minor', 'open_minor', 'currency']) {
      await q.query(`ALTER TABLE reporting.client_portfolios DROP COLUMN ${column}`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reporting.client_portfolios
      ADD COLUMN open_cases int NOT NULL DEFAULT 0, ADD COLUMN placed_minor bigint NOT NULL DEFAULT 0,
      ADD COLUMN collected_minor bigint NOT NULL DEFAULT 0, ADD COLUMN open_minor bigint NOT NULL DEFAULT 0,
      ADD COLUMN currency char(3) NOT NULL DEFAULT 'EUR'`);
    await q.query(`DROP TABLE reporting.portfolio_totals`);
    await q.query(`DROP TABLE reporting.portfolio_cases`);
  }
}
