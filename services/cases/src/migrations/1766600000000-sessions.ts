import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-in sessions: each `login` opens one, its token names it, and the gateway asks on every
 * request (cached a few seconds) whether it still holds. Signing out, an admin's revocation or a
 * disabled user end it at once; the rows stay as the user's sign-in history.
 */
export class Sessions1766600000000 implements MigrationInterface {
  name = 'Sessions1766600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE cases.sessions (
      id uuid PRIMARY KEY,
      user_id uuid NOT NULL REFERENCES cases.users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      last_seen_at timestamptz NULL,
      address text NULL,
      revoked_at timestamptz NULL,
      revoked_by text NULL
    )`);
    await q.query(`CREATE INDEX sessions_user_idx ON cases.sessions (user_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE cases.sessions`);
  }
}
