/**
 * The debtor's pay page as communications serves it: what it owns of the case behind a pay link
 * — the brand's look and contacts, the bank transfer with its EPC QR code, the messages sent —
 * found by the link's token in communications' own copy of it (CaseOpened.payLink,
 * PayLinkIssued). The statement itself is cases' (payLink). Pure.
 */
import { createHash } from 'node:crypto';
import { DomainError } from '@amicus/errors';

/** How a token is looked up: its SHA-256, hex — the digest cases keeps of it too. */
export function payLinkHashOf(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A token as cases issues it (16 random bytes, base64url); anything else is not looked up. */
export function isWellFormedToken(text: string): boolean {
  return /^[A-Za-z0-9_-]{22,86}$/.test(text);
}

/** Whether the link kept for a case still opens its page at `now` (a revoked one is no longer kept: cases issued another). */
export function payLinkOpen(link: { payLinkExpiresAt: Date | null }, now: Date): boolean {
  return !!link.payLinkExpiresAt && now.getTime() < link.payLinkExpiresAt.getTime();
}

/** The one answer to a token that opens nothing: unknown, expired and replaced read the same (and as cases' payLink says it). */
export function payPageNotFound(): DomainError {
  return new DomainError('not_found', 'this pay link does not open a case: ask the sender of your letter or message for a new one');
}

/** EPC069-12: EUR 0.01 to EUR 999,999,999.99. */
const MAX_TRANSFER_MINOR = 99_999_999_999n;

/** The amount a debtor chose to transfer, in minor units; none: the QR code leaves the amount to the debtor's bank app. */
export function readTransferAmount(amountMinor: string | null | undefined): bigint | null {
  if (amountMinor === null || amountMinor === undefined || amountMinor === '') return null;
  if (!/^\d{1,12}$/.test(amountMinor))
    throw DomainError.invalid([{ field: 'amountMinor', reason: 'must be a whole number of cents, e.g. "12550" for 125.50' }]);
  const amount = BigInt(amountMinor);
  if (amount < 1n || amount > MAX_TRANSFER_MINOR)
    throw DomainError.invalid([{ field: 'amountMinor', reason: 'must be between 1 (0.01) and 99999999999 (999,999,999.99)' }]);
  return amount;
}
