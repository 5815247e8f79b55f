import { createHash } from 'node:crypto';
import { isWellFormedToken, payLinkHashOf, payLinkOpen, readTransferAmount } from './pay-page';

describe('the pay page', () => {
  it('looks a token up by its SHA-256, as cases keeps it', () => {
    expect(payLinkHashOf('07FO4KxLINfuZ9g60TXTGA')).toBe(createHash('sha256').update('07FO4KxLINfuZ9g60TXTGA').digest('hex'));
    expect(isWellFormedToken('07FO4KxLINfuZ9g60TXTGA')).toBe(true);
    for (const text of ['', 'short', '07FO4KxLINfuZ9g60TXTG=', "' OR 1=1 -- xxxxxxxxxxxx"]) expect(isWellFormedToken(text)).toBe(false);
  });

  it('opens until the link expires', () => {
    const payLinkExpiresAt = new Date('2026-03-17T09:00:00Z');
    expect(payLinkOpen({ payLinkExpiresAt }, new Date('2026-03-17T08:59:59Z'))).toBe(true);
    expect(payLinkOpen({ payLinkExpiresAt }, new Date('2026-03-17T09:00:00Z'))).toBe(false);
    expect(payLinkOpen({ payLinkExpiresAt: null }, new Date('2025-01-01T00:00:00Z'))).toBe(false);
  });

  it('takes the amount to transfer in whole cents, within what an EPC QR code holds; none leaves it to the bank app', () => {
    expect(readTransferAmount('12550')).toBe(12550n);
    expect(readTransferAmount(null)).toBeNull();
    expect(readTransferAmount('')).toBeNull();
    for (const bad of ['125.50', '-1', '0', '1e3', '100000000000'])
      expect(() => readTransferAmount(bad)).toThrow(
        expect.objectContaining({ code: 'invalid_input', problems: [expect.objectContaining({ field: 'amountMinor' })] }),
      );
  });
});
