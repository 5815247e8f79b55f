import { MigrationInterface, QueryRunner } from 'typeorm';
import { messagingTablesDown, messagingTablesUp } from '@amicus/messaging';

/** Brand looks and the messaging tables of the communications schema. */
export class FirstSlice1764000000000 implements MigrationInterface {
  name = 'FirstSlice1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE communications.brand_looks (
      brand_id uuid PRIMARY KEY,
      client_id uuid NOT NULL,
      sender_name text NOT NULL,
      reply_email text NULL,
      phone text NULL,
      iban text NULL,
      logo_url text NULL,
      primary_color text NOT NULL DEFAULT '#1f3a5f',
      secondary_color text NOT NULL DEFAULT '#e8eef5',
      website text NULL,
      footer text NULL,
      updated_at timestamptz NOT NULL DEFAULT now()
    )`);
    for (const sql of messagingTablesUp('communications')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of messagingTablesDown('communications')) await q.query(sql);
    await q.query(`DROP TABLE communications.brand_looks`);
  }
}
