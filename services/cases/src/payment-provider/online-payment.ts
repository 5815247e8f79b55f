/**
 * Paying a case online through a payment provider, as plain values: what a debtor may start
 * (an amount from one cent to the total due today, on an open case), what the provider is
 * told (the case's reference and ids as metadata, the webhook and the way back to the page),
 * what a webhook's fetched payment means for the attempt on file, and what a refund of an
 * online payment may be.
 *
 * The attempt's status follows the provider's (`starting` until the provider answered,
 * `not_started` when it refused or could not be reached); it becomes `paid` only in the
 * transaction that records the money, so a paid attempt is one whose money is on file.
 */
import type { CalendarDate } from '@amicus/calendar';
import type { FieldProblem } from '@amicus/errors';
import { formatMoney, type Money } from '@amicus/money';
import { PROVIDER_PAYMENT_STATUSES, type ProviderPayment, type ProviderPaymentStatus } from './payment-provider';

export const ONLINE_PAYMENT_STATUSES = ['starting', ...PROVIDER_PAYMENT_STATUSES, 'not_started'] as const;
export type OnlinePaymentStatus = (typeof ONLINE_PAYMENT_STATUSES)[number];

/** The ways the debtor's page may offer to pay: the bank transfer (always, while the case is open), online when a provider is configured. */
export const PAYMENT_METHODS = ['bank_transfer', 'online'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export function paymentMethods(c: { closed: boolean; totalDueMinor: string }, providerConfigured: boolean): PaymentMethod[] {
  if (c.closed || BigInt(c.totalDueMinor) <= 0n) return [];
  return providerConfigured ? ['bank_transfer', 'online'] : ['bank_transfer'];
}

/** The amount a debtor asks to pay online, checked against what is due today (`amountMinor`). */
export function readOnlineAmount(text: string, due: { totalDueMinor: bigint; currency: string }): Money | FieldProblem[] {
  const t = text.trim();
  const problem = (reason: string): FieldProblem[] => [{ field: 'amountMinor', reason }];
  if (!/^\d{1,18}$/.test(t)) return problem('must be a whole number of minor units (cents), e.g. "12550" for 125.50');
  const amountMinor = BigInt(t);
  if (amountMinor < 1n) return problem('must be at least 1 cent');
  if (amountMinor > due.totalDueMinor)
    return problem(`is more than the total due today (${formatMoney({ amountMinor: due.totalDueMinor, currency: due.currency })})`);
  return { amountMinor, currency: due.currency };
}

/** The line the debtor's bank or card statement shows: the case's reference and its creditor. */
export function paymentDescription(c: { caseReference: string; clientName: string }): string {
  return `AMI-${c.caseReference} ${c.clientName}`.slice(0, 255);
}

/** Where the provider calls back (the gateway forwards /webhooks/<provider>) and where the debtor comes back to (its page). */
export function providerUrls(publicBaseUrl: string, provider: string, token: string, onlinePaymentId: string) {
  const base = publicBaseUrl.replace(/\/+$/, '');
  return {
    webhookUrl: `${base}/webhooks/${provider}`,
    redirectUrl: `${base}/pay/${encodeURIComponent(token)}?onlinePayment=${onlinePaymentId}`,
  };
}

/** The attempt on file, as a webhook's fetched payment is compared with it. */
export interface OnlineAttempt {
  id: string;
  caseId: string;
  providerPaymentId: string | null;
  amount: Money;
  status: OnlinePaymentStatus;
  chargedBackMinor: bigint;
  /** The Amicus payment its money was recorded as. */
  paymentId: string | null;
}

export type WebhookAction =
  /** The provider's payment is not the one on file under its id (amount, metadata): nothing is done, it is logged. */
  | { kind: 'mismatch'; why: string }
  /** Paid and not recorded yet: the money goes on the case. */
  | { kind: 'record' }
  /** A change without money (pending, canceled, expired, failed …). */
  | { kind: 'status'; status: ProviderPaymentStatus }
  /** The payer's bank took back more than known. */
  | { kind: 'chargeback'; amountMinor: bigint }
  | { kind: 'none' };

/** What a webhook's payment, fetched from the provider, means for the attempt on file. */
export function webhookAction(a: OnlineAttempt, p: ProviderPayment): WebhookAction {
  if (p.id !== a.providerPaymentId) return { kind: 'mismatch', why: `the provider answered payment ${p.id} for ${a.providerPaymentId}` };
  const metadataId = p.metadata?.onlinePaymentId;
  if (metadataId !== a.id) return { kind: 'mismatch', why: `its metadata names attempt ${String(metadataId)}, not ${a.id}` };
  if (p.amount.currency !== a.amount.currency || p.amount.amountMinor !== a.amount.amountMinor)
    return { kind: 'mismatch', why: `it is for ${formatMoney(p.amount)}, the attempt for ${formatMoney(a.amount)}` };
  if (a.status === 'paid') {
    if (p.chargedBack.amountMinor > a.chargedBackMinor) return { kind: 'chargeback', amountMinor: p.chargedBack.amountMinor };
    return { kind: 'none' };
  }
  // Money is money, whatever the attempt's status was before (a late payment of a canceled attempt is still paid).
  if (p.status === 'paid') return { kind: 'record' };
  if (p.status !== a.status) return { kind: 'status', status: p.status };
  return { kind: 'none' };
}

/** The day a provider's payment counts as received: its paidAt in the agency's calendar, never after today. */
export function receivedOnOf(paidAt: Date | null, dayOf: (d: Date) => CalendarDate, today: CalendarDate): CalendarDate {
  if (!paidAt) return today;
  const day = dayOf(paidAt);
  return day > today ? today : day;
}

/** What a refund of an online payment is, for the case. */
export type RefundKind =
  /** Money beyond the debt (the payment's unallocated part) goes back: the case's balances stay. */
  | 'overpayment'
  /** All the money still held goes back: the payment is undone on the case (reversed), the case restated. */
  | 'rest'
  /** The money was never recorded on the case (it was closed when it came): it goes back, nothing else changes. */
  | 'unrecorded';

/**
 * Which refund `amountMinor` is, or why it cannot be: at most what was paid beyond the debt
 * and not yet refunded, or exactly all the rest (the payment then stands no more); for money
 * never recorded, anything up to what is left of it.
 */
export function refundKind(
  amountMinor: bigint,
  p: { paidMinor: bigint; refundedMinor: bigint; currency: string; recorded: { unallocatedMinor: bigint; reversed: boolean } | null },
): { kind: RefundKind } | FieldProblem[] {
  const money = (minor: bigint) => formatMoney({ amountMinor: minor, currency: p.currency });
  const problem = (reason: string): FieldProblem[] => [{ field: 'amountMinor', reason }];
  const rest = p.paidMinor - p.refundedMinor;
  if (amountMinor < 1n) return problem('must be at least 1 cent');
  if (rest <= 0n) return problem('nothing of this payment is left to refund');
  if (amountMinor > rest) return problem(`is more than what is left of the payment (${money(rest)})`);
  if (!p.recorded) return { kind: 'unrecorded' };
  if (p.recorded.reversed)
    return problem('the payment was reversed on the case: refund it by hand with the payer, not through the provider');
  const beyond = p.recorded.unallocatedMinor - p.refundedMinor;
  if (amountMinor === rest) return { kind: 'rest' };
  if (amountMinor <= beyond) return { kind: 'overpayment' };
  return problem(
    beyond > 0n
      ? `may be at most ${money(beyond)} (what was paid beyond the debt) or exactly ${money(rest)} (all of it: the payment is then undone on the case)`
      : `may only be exactly ${money(rest)} (all of it: the payment is then undone on the case), as none of it was paid beyond the debt`,
  );
}

/** The idempotency key of a refund: the same request made again after a failure (same attempt, same refunded total, same amount) is the same refund. */
export function refundIdempotencyKey(onlinePaymentId: string, refundedMinor: bigint, amountMinor: bigint): string {
  return `refund:${onlinePaymentId}:${refundedMinor}:${amountMinor}`;
}

/**
 * Polling an online payment its webhook did not settle (the provider could not reach us, a
 * webhook lost): the statuses that may still change, and when to ask the provider next — two
 * minutes after the start, then twice as long each time up to an hour, and no more once a
 * payment has been open for POLL_FOR_DAYS (the provider has expired it long before: Mollie's
 * slowest method, the bank transfer, expires after 12 days by default).
 */
export const POLLED_STATUSES = ['open', 'pending', 'authorized'] as const;
export const POLL_FOR_DAYS = 14;
const FIRST_POLL_MS = 2 * 60_000;
const LONGEST_WAIT_MS = 60 * 60_000;

export function nextPollAt(startedAt: Date, polls: number, now: Date): Date | null {
  const wait = Math.min(FIRST_POLL_MS * 2 ** Math.max(0, polls), LONGEST_WAIT_MS);
  const at = new Date(now.getTime() + wait);
  return at.getTime() - startedAt.getTime() > POLL_FOR_DAYS * 86_400_000 ? null : at;
}

export const stillPolled = (status: string): boolean => (POLLED_STATUSES as readonly string[]).includes(status);
