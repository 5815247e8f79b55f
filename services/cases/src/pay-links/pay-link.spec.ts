import { createHash } from 'node:crypto';
import { PAY_LINK_LIFETIME_DAYS, isWellFormedToken, issuePayLinks, payLinkStanding, payLinkWire, tokenHashOf } from './pay-link';

describe('pay links', () => {
  const at = new Date('2025-02-10T09:00:00Z');

  it('issues 22-character base64url tokens of 128 random bits, each once, stored as their SHA-256', () => {
    const links = issuePayLinks(500, at);
    expect(new Set(links.map((l) => l.token)).size).toBe(500);
    for (const l of links) {
      expect(l.token).toMatch(/^[A-Za-z0-9_-]{22}$/);
      expect(Buffer.from(l.token, 'base64url')).toHaveLength(16);
      expect(l.tokenHash).toBe(createHash('sha256').update(l.token).digest('hex'));
      expect(tokenHashOf(l.token)).toBe(l.tokenHash);
      expect(isWellFormedToken(l.token)).toBe(true);
    }
  });

  it(`expires ${PAY_LINK_LIFETIME_DAYS} days after it is issued, and a revoked one is revoked whatever its date`, () => {
    const [link] = issuePayLinks(1, at);
    expect(payLinkWire(link!)).toEqual({ token: link!.token, expiresAt: '2026-03-17T09:00:00.000Z' });
    const standing = (now: string, revokedAt: Date | null = null) =>
      payLinkStanding({ expiresAt: link!.expiresAt, revokedAt }, new Date(now));
    expect(standing('2026-03-17T08:59:59.999Z')).toBe('open');
    expect(standing('2026-03-17T09:00:00.000Z')).toBe('expired');
    expect(standing('2025-02-11T00:00:00Z', new Date('2025-02-10T12:00:00Z'))).toBe('revoked');
  });

  it('looks up nothing that cannot be a token', () => {
    for (const text of [
      '',
      'short',
      'A'.repeat(21),
      'A'.repeat(23),
      'AAAAAAAAAAAAAAAAAAAAA=',
      "x' OR 1=1 --AAAAAAAAAA",
      'AAAAAAAAAAAAAAAAAAAAA/',
    ])
      expect(isWellFormedToken(text)).toBe(false);
  });
});
