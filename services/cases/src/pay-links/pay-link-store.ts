/**
 * `cases.pay_links` (migration 1765000000000): one row per link ever issued, under its token's
 * hash; and the debtor's way into a transaction — the role 'pay_link', which row-level security
 * lets see the one link named and, while it is not revoked, its case.
 */
import type { EntityManager } from 'typeorm';
import { insertRows } from '../bulk-writes/unnest-rows';
import { CASES_APP_ROLE } from '../tenancy/tenant-database';
import type { IssuedPayLink } from './pay-link';

export interface PayLinkRow {
  caseId: string;
  issuedAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
}

/** Enters the transaction as the holder of one pay link (transaction-local, like enterTenant). */
export async function enterPayLink(m: EntityManager, tokenHash: string): Promise<void> {
  await m.query(
    `SELECT set_config('app.role', 'pay_link', true), set_config('app.pay_link', $1, true),
            set_config('app.client_ids', '', true), set_config('app.brand_ids', '', true), set_config('app.subject', 'pay_link', true)`,
    [tokenHash],
  );
  await m.query(`SET LOCAL ROLE ${CASES_APP_ROLE}`);
}

/** New links, each for its case (the case's client and brand are the link's walls). */
export async function insertPayLinks(
  m: EntityManager,
  links: readonly { caseId: string; clientId: string; brandId: string; link: IssuedPayLink }[],
): Promise<void> {
  await insertRows(
    m,
    'cases.pay_links',
    [
      ['token_hash', 'text'],
      ['case_id', 'uuid'],
      ['client_id', 'uuid'],
      ['brand_id', 'uuid'],
      ['issued_at', 'timestamptz'],
      ['expires_at', 'timestamptz'],
    ],
    links.map((l) => [l.link.tokenHash, l.caseId, l.clientId, l.brandId, l.link.issuedAt, l.link.expiresAt]),
  );
}

export async function payLinkByHash(m: EntityManager, tokenHash: string): Promise<PayLinkRow | undefined> {
  const [row]: PayLinkRow[] = await m.query(
    `SELECT case_id AS "caseId", issued_at AS "issuedAt", expires_at AS "expiresAt", revoked_at AS "revokedAt"
       FROM cases.pay_links WHERE token_hash = $1`,
    [tokenHash],
  );
  return row;
}

/** Revokes the case's link in force (there is one at most); answers how many were revoked. */
export async function revokePayLinks(m: EntityManager, caseId: string, at: Date): Promise<number> {
  const [, revoked]: [unknown[], number] = await m.query(
    `UPDATE cases.pay_links SET revoked_at = $2 WHERE case_id = $1 AND revoked_at IS NULL`,
    [caseId, at],
  );
  return revoked;
}
