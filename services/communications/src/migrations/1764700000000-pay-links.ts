import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pay links: the case copy keeps the link cases issued last (CaseOpened.payLink, PayLinkIssued) —
 * the token its messages print, its SHA-256 the debtor's pay page is looked up by, its expiry,
 * and the moment of the event that issued it (a later one replaces it; an older one arriving late
 * changes nothing).
 */
export class PayLinks1764700000000 implements MigrationInterface {
  name = 'PayLinks1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE communications.case_contacts
      ADD COLUMN pay_link_token text NULL,
      ADD COLUMN pay_link_hash text NULL CHECK (pay_link_hash ~ '^[0-9a-f]{64}$'),
      ADD COLUMN pay_link_expires_at timestamptz NULL,
      ADD COLUMN pay_link_issued_at timestamptz NULL`);
    await q.query(`CREATE UNIQUE INDEX case_contacts_pay_link ON communications.case_contacts (pay_link_hash) WHERE pay_link_hash IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE communications.case_contacts
      DROP COLUMN pay_link_token, DROP COLUMN pay_link_hash, DROP COLUMN pay_link_expires_at, DROP COLUMN pay_link_issued_at`);
  }
}
