import { MigrationInterface, QueryRunner } from 'typeorm';
import { messagingTablesDown, messagingTablesUp } from '@amicus/messaging';

/** Agreements and the messaging tables of the billing schema. */
export class FirstSlice1764000000000 implements MigrationInterface {
  name = 'FirstSlice1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE billing.agreements (
      id uuid PRIMARY KEY,
      client_id uuid NOT NULL,
      commission_bp int NOT NULL CHECK (commission_bp BETWEEN 0 AND 10000),
      fee_per_case_minor bigint NOT NULL DEFAULT 0,
      currency char(3) NOT NULL DEFAULT 'EUR',
      valid_from date NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX agreements_client_idx ON billing.agreements (client_id, valid_from)`);
    for (const sql of messagingTablesUp('billing')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of messagingTablesDown('billing')) await q.query(sql);
    await q.query(`DROP TABLE billing.agreements`);
  }
}
