import { MigrationInterface, QueryRunner } from 'typeorm';
import { messagingTablesDown, messagingTablesUp } from '@amicus/messaging';

/** The portfolio read model and the messaging tables of the reporting schema. */
export class FirstSlice1764000000000 implements MigrationInterface {
  name = 'FirstSlice1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE reporting.client_portfolios (
      client_id uuid PRIMARY KEY,
      client_name text NOT NULL,
      country char(2) NOT NULL,
      brand_ids uuid[] NOT NULL DEFAULT '{}',
      open_cases int NOT NULL DEFAULT 0,
      placed_minor bigint NOT NULL DEFAULT 0,
      collected_minor bigint NOT NULL DEFAULT 0,
      open_minor bigint NOT NULL DEFAULT 0,
      currency char(3) NOT NULL DEFAULT 'EUR'
    )`);
    for (const sql of messagingTablesUp('reporting')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of messagingTablesDown('reporting')) await q.query(sql);
    await q.query(`DROP TABLE reporting.client_portfolios`);
  }
}
