import { MigrationInterface, QueryRunner } from 'typeorm';
import { messagingTablesDown, messagingTablesUp } from '@amicus/messaging';

/** Clients, brands, users and the messaging tables of the cases schema. */
export class FirstSlice1764000000000 implements MigrationInterface {
  name = 'FirstSlice1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE cases.clients (
      id uuid PRIMARY KEY,
      name text NOT NULL,
      country char(2) NOT NULL,
      enterprise_number text NULL,
      sme boolean NOT NULL DEFAULT false,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE TABLE cases.brands (
      id uuid PRIMARY KEY,
      client_id uuid NOT NULL REFERENCES cases.clients(id),
      name text NOT NULL,
      languages text[] NOT NULL,
      email text NULL,
      phone text NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    )`);
    await q.query(`CREATE INDEX brands_client_idx ON cases.brands (client_id)`);
    await q.query(`CREATE TABLE cases.users (
      id uuid PRIMARY KEY,
      email text NOT NULL UNIQUE,
      password_hash text NOT NULL,
      role text NOT NULL CHECK (role IN ('agency_admin', 'agent', 'legal', 'client_user')),
      client_id uuid NULL REFERENCES cases.clients(id),
      brand_ids uuid[] NOT NULL DEFAULT '{}',
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (role <> 'client_user' OR client_id IS NOT NULL)
    )`);
    for (const sql of messagingTablesUp('cases')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of messagingTablesDown('cases')) await q.query(sql);
    await q.query(`DROP TABLE cases.users`);
    await q.query(`DROP TABLE cases.brands`);
    await q.query(`DROP TABLE cases.clients`);
  }
}
