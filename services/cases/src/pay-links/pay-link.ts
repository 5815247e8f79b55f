/**
 * A pay link: the debtor's way in to its own case, by the link alone. Its token is 16 random
 * bytes (128 bits) in base64url — 22 characters at the end of the link — scoped to one case;
 * the case file keeps only its SHA-256, so the table cannot be read back into working links.
 *
 * A link expires PAY_LINK_LIFETIME_DAYS after it is issued, and is revoked when a new one is
 * issued for its case (one link in force per case). An unknown, expired or revoked token gets
 * the same answer: the caller learns nothing about which it was.
 */
import { createHash, randomBytes } from 'node:crypto';
import { DomainError } from '@amicus/errors';

/**
 * Long enough for a case's whole amicable life and a while beyond (reminders, a payment plan,
 * legal review) on one printed letter; a reissue gives a fresh one. Counted from issue, not from
 * the last visit: a link read by someone else stops working at a known date.
 */
export const PAY_LINK_LIFETIME_DAYS = 400;

const TOKEN_BYTES = 16;
const TOKEN = /^[A-Za-z0-9_-]{22}$/;

export interface IssuedPayLink {
  /** What the link ends in; it leaves this service only in the event that issues it. */
  token: string;
  tokenHash: string;
  issuedAt: Date;
  expiresAt: Date;
}

/** `count` new links issued at `issuedAt`. */
export function issuePayLinks(count: number, issuedAt: Date): IssuedPayLink[] {
  const bytes = randomBytes(TOKEN_BYTES * count);
  const expiresAt = new Date(issuedAt.getTime() + PAY_LINK_LIFETIME_DAYS * 86_400_000);
  return Array.from({ length: count }, (_, i) => {
    const token = bytes.subarray(i * TOKEN_BYTES, (i + 1) * TOKEN_BYTES).toString('base64url');
    return { token, tokenHash: tokenHashOf(token), issuedAt, expiresAt };
  });
}

/** The stored form of a token: its SHA-256, hex. */
export function tokenHashOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Whether a text can be a token at all (anything else is not looked up). */
export function isWellFormedToken(text: string): boolean {
  return TOKEN.test(text);
}

/** What the events carry of a link. */
export function payLinkWire(link: IssuedPayLink): { token: string; expiresAt: string } {
  return { token: link.token, expiresAt: link.expiresAt.toISOString() };
}

export type PayLinkStanding = 'open' | 'expired' | 'revoked';

export function payLinkStanding(link: { expiresAt: Date; revokedAt: Date | null }, now: Date): PayLinkStanding {
  if (link.revokedAt) return 'revoked';
  return now.getTime() < link.expiresAt.getTime() ? 'open' : 'expired';
}

/** The one answer to a token that opens nothing: unknown, expired and revoked read the same. */
export function payLinkNotFound(): DomainError {
  return new DomainError('not_found', 'this pay link does not open a case: ask the sender of your letter or message for a new one');
}
