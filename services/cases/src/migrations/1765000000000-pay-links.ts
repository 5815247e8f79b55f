import { createHash, randomBytes } from 'node:crypto';
import { MigrationInterface, QueryRunner } from 'typeorm';
import { createEvent, PayLinkIssued, topicOf } from '@amicus/events';

/**
 * Pay links: the debtor's way in to its own case, by the link's token alone. Only the token's
 * SHA-256 is kept here; the token itself leaves once, in the event that issues it (CaseOpened,
 * PayLinkIssued), for communications to print. Every case that exists gets its first link, and
 * communications hears of it through PayLinkIssued.
 */
export class PayLinks1765000000000 implements MigrationInterface {
  name = 'PayLinks1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE cases.pay_links (
      token_hash text PRIMARY KEY CHECK (token_hash ~ '^[0-9a-f]{64}$'),
      case_id uuid NOT NULL REFERENCES cases.cases (id),
      -- The case's tenant, so that this table's wall need not read cases (whose debtor wall reads this table).
      client_id uuid NOT NULL,
      brand_id uuid NOT NULL,
      issued_at timestamptz NOT NULL,
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz NULL,
      CHECK (expires_at > issued_at)
    )`);
    // One link in force per case: a reissue revokes the one before it in the same transaction.
    await q.query(`CREATE UNIQUE INDEX pay_links_current_idx ON cases.pay_links (case_id) WHERE revoked_at IS NULL`);
    await q.query(`CREATE INDEX pay_links_case_idx ON cases.pay_links (case_id, issued_at)`);

    // Walls. A request that comes with a pay link runs as the role 'pay_link' with the token's
    // hash in app.pay_link: it sees that one link, and the case of that link when the link is not
    // revoked (its claims, payments and debtor follow, as their walls read cases). Expiry is the
    // service's to judge, by its clock.
    await q.query(`ALTER TABLE cases.pay_links ENABLE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE cases.pay_links FORCE ROW LEVEL SECURITY`);
    await q.query(`CREATE POLICY pay_links_tenant ON cases.pay_links USING (
      cases.tenant_role() = 'agency_admin'
      OR (cases.tenant_role() = 'client_user' AND client_id = ANY (cases.setting_ids('app.client_ids')))
      OR (cases.tenant_role() = 'agent' AND brand_id = ANY (cases.setting_ids('app.brand_ids')))
      OR (cases.tenant_role() = 'pay_link' AND token_hash = current_setting('app.pay_link', true))
    )`);
    await q.query(`CREATE POLICY cases_pay_link ON cases.cases FOR SELECT USING (
      cases.tenant_role() = 'pay_link' AND EXISTS (
        SELECT 1 FROM cases.pay_links p
         WHERE p.case_id = cases.id AND p.token_hash = current_setting('app.pay_link', true) AND p.revoked_at IS NULL)
    )`);
    await q.query(`GRANT SELECT, INSERT, UPDATE ON cases.pay_links TO amicus_cases_app`);

    await backfill(q);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP POLICY cases_pay_link ON cases.cases`);
    await q.query(`DROP TABLE cases.pay_links`);
  }
}

/**
 * A link for every case there is, issued now for 400 days (the rule of pay-links/pay-link.ts as
 * it landed), each announced by PayLinkIssued in the outbox, on the installation's topics
 * (KAFKA_TOPIC_PREFIX, as the service's relay publishes them): the event is the only place the
 * token is ever written.
 */
async function backfill(q: QueryRunner): Promise<void> {
  const prefix = process.env.KAFKA_TOPIC_PREFIX ?? '';
  const [{ now }]: { now: Date }[] = await q.query(`SELECT now() AS now`);
  const expiresAt = new Date(now.getTime() + 400 * 86_400_000);
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const cases: { id: string; client_id: string; brand_id: string }[] = await q.query(
      `SELECT id, client_id, brand_id FROM cases.cases WHERE id > $1 ORDER BY id LIMIT 5000`,
      [after],
    );
    if (!cases.length) return;
    after = cases[cases.length - 1]!.id;
    const tokens = cases.map(() => randomBytes(16).toString('base64url'));
    await q.query(
      `INSERT INTO cases.pay_links (token_hash, case_id, client_id, brand_id, issued_at, expires_at)
       SELECT token_hash, case_id, client_id, brand_id, $5, $6 FROM unnest($1::text[], $2::uuid[], $3::uuid[], $4::uuid[])
         AS t(token_hash, case_id, client_id, brand_id)`,
      [
        tokens.map((t) => createHash('sha256').update(t).digest('hex')),
        cases.map((c) => c.id),
        cases.map((c) => c.client_id),
        cases.map((c) => c.brand_id),
        now,
        expiresAt,
      ],
    );
    const events = cases.map((c, i) =>
      createEvent(PayLinkIssued, {
        aggregateId: c.id,
        clientId: c.client_id,
        correlationId: 'migration:PayLinks1765000000000',
        occurredAt: now,
        payload: { caseId: c.id, token: tokens[i]!, expiresAt: expiresAt.toISOString() },
      }),
    );
    await q.query(
      `INSERT INTO cases.outbox (id, type, version, topic, key, envelope)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::text[], $6::jsonb[])`,
      [
        events.map((e) => e.id),
        events.map((e) => e.type),
        events.map((e) => e.version),
        events.map((e) => prefix + topicOf(e)),
        events.map((e) => e.aggregateId),
        events.map((e) => JSON.stringify(e)),
      ],
    );
  }
}
