/**
 * The port to a payment service provider (Mollie today): create a payment the debtor pays on
 * the provider's checkout, read one back, refund one. An adapter speaks the provider's protocol
 * and answers in these values; nothing else of the provider leaks into the case file.
 *
 * A provider's webhook only says "look at payment X": the truth is what `getPayment` answers.
 */
import type { Money } from '@amicus/money';

export const PROVIDER_PAYMENT_STATUSES = ['open', 'pending', 'authorized', 'paid', 'canceled', 'expired', 'failed'] as const;
/** A provider payment's status: open (not paid yet), pending/authorized (on its way), paid, or one of the three ends without money. */
export type ProviderPaymentStatus = (typeof PROVIDER_PAYMENT_STATUSES)[number];

/** A payment to create: what the debtor pays, the line its statement shows, where the provider calls back and sends the debtor. */
export interface NewProviderPayment {
  amount: Money;
  description: string;
  /** The debtor's page, after the checkout. */
  redirectUrl: string;
  /** Where the provider says that the payment changed. */
  webhookUrl: string;
  /** Carried by the provider and answered back with the payment: which case and attempt it is for. */
  metadata: Record<string, string>;
}

/** A payment as the provider has it now. */
export interface ProviderPayment {
  id: string;
  status: ProviderPaymentStatus;
  amount: Money;
  metadata: Record<string, unknown> | null;
  /** Where the debtor pays it (while it is open). */
  checkoutUrl: string | null;
  /** bancontact, ideal, creditcard … once chosen. */
  method: string | null;
  paidAt: Date | null;
  /** Who paid, as the provider tells (a bank's account holder and IBAN; a card has none). */
  payer: { name: string | null; account: string | null };
  refunded: Money;
  chargedBack: Money;
}

export interface NewProviderRefund {
  amount: Money;
  description: string;
  metadata: Record<string, string>;
}

export interface ProviderRefund {
  id: string;
  paymentId: string;
  amount: Money;
  /** queued, pending, processing, refunded, failed, canceled. */
  status: string;
}

export interface PaymentProvider {
  /** The provider's name: the webhook's path (/webhooks/<name>), the payments' note. */
  readonly name: string;
  /** Creates a payment; the same idempotency key answers the same payment (a retry never creates two). */
  createPayment(payment: NewProviderPayment, idempotencyKey: string): Promise<ProviderPayment>;
  /** The payment as the provider has it; null when it has no such payment. */
  getPayment(id: string): Promise<ProviderPayment | null>;
  createRefund(paymentId: string, refund: NewProviderRefund, idempotencyKey: string): Promise<ProviderRefund>;
}

/**
 * The provider did not do what was asked: it refused the request (`refused`, with its reason and
 * the field it named), or could not be reached or answered nonsense (`unavailable`: try later).
 */
export class PaymentProviderError extends Error {
  constructor(
    readonly kind: 'refused' | 'unavailable',
    message: string,
    readonly status: number | null = null,
    readonly field: string | null = null,
  ) {
    super(message);
    this.name = 'PaymentProviderError';
  }
}

/** Nest's token for the configured provider; its value is null when none is configured. */
export const PAYMENT_PROVIDER = Symbol('payment-provider');
