/**
 * Mollie's v2 payments API (https://docs.mollie.com/reference/v2), spoken over fetch: the
 * Benelux default for Bancontact, iDEAL and cards. `Authorization: Bearer <API key>`; amounts as
 * `{ currency, value: "10.00" }` with exactly the currency's decimals; POSTs carry an
 * Idempotency-Key, so a request retried after a network failure or a 5xx creates nothing twice.
 * Mollie's error bodies (`{ status, title, detail, field }`) become PaymentProviderErrors with
 * Mollie's own words; an answer that is not what the API documents is `unavailable`, never
 * taken for a payment.
 */
import { formatAmount, isCurrencyCode, minorDigits, parseMoney, type Money } from '@amicus/money';
import {
  PROVIDER_PAYMENT_STATUSES,
  PaymentProviderError,
  type NewProviderPayment,
  type NewProviderRefund,
  type PaymentProvider,
  type ProviderPayment,
  type ProviderPaymentStatus,
  type ProviderRefund,
} from './payment-provider';

export interface MollieOptions {
  apiKey: string;
  /** https://api.mollie.com, or a local Mollie-protocol server. */
  apiUrl: string;
  /** Per attempt. */
  timeoutMs?: number;
  /** Attempts after the first, for a network failure, a 5xx or a 429 (same idempotency key). */
  retries?: number;
  /** Milliseconds before the first retry; doubled for each next one. */
  retryDelayMs?: number;
}

/** A Mollie payment id: `tr_` and its token. */
export const MOLLIE_PAYMENT_ID = /^tr_[A-Za-z0-9]{4,64}$/;

export class MolliePaymentProvider implements PaymentProvider {
  readonly name = 'mollie';
  private readonly base: string;

  constructor(private readonly opts: MollieOptions) {
    this.base = opts.apiUrl.replace(/\/+$/, '');
  }

  async createPayment(p: NewProviderPayment, idempotencyKey: string): Promise<ProviderPayment> {
    const body = {
      amount: mollieAmount(p.amount),
      description: p.description.slice(0, 255),
      redirectUrl: p.redirectUrl,
      webhookUrl: p.webhookUrl,
      metadata: p.metadata,
    };
    return paymentOf(await this.request('POST', '/v2/payments', body, idempotencyKey));
  }

  async getPayment(id: string): Promise<ProviderPayment | null> {
    if (!MOLLIE_PAYMENT_ID.test(id)) return null;
    try {
      return paymentOf(await this.request('GET', `/v2/payments/${id}`));
    } catch (e) {
      if (e instanceof PaymentProviderError && e.status === 404) return null;
      throw e;
    }
  }

  async createRefund(paymentId: string, r: NewProviderRefund, idempotencyKey: string): Promise<ProviderRefund> {
    if (!MOLLIE_PAYMENT_ID.test(paymentId)) throw new PaymentProviderError('refused', `"${paymentId}" is not a Mollie payment id`);
    const body = { amount: mollieAmount(r.amount), description: r.description.slice(0, 255), metadata: r.metadata };
    const json = await this.request('POST', `/v2/payments/${paymentId}/refunds`, body, idempotencyKey);
    const o = json as Record<string, unknown>;
    if (o.resource !== 'refund' || typeof o.id !== 'string' || typeof o.status !== 'string')
      throw new PaymentProviderError('unavailable', 'Mollie answered a refund request with something that is not a refund');
    return { id: o.id, paymentId, amount: amountOf(o.amount, 'amount'), status: o.status };
  }

  private async request(method: 'GET' | 'POST', path: string, body?: unknown, idempotencyKey?: string): Promise<unknown> {
    const retries = this.opts.retries ?? 2;
    let delay = this.opts.retryDelayMs ?? 250;
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.once(method, path, body, idempotencyKey);
      if (outcome.ok) return outcome.json;
      // Only what may go better on its own is tried again; a POST only with its idempotency key.
      if (!outcome.retry || attempt >= retries || (method === 'POST' && !idempotencyKey)) throw outcome.error;
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay *= 2;
    }
  }

  private async once(
    method: string,
    path: string,
    body: unknown,
    idempotencyKey: string | undefined,
  ): Promise<{ ok: true; json: unknown } | { ok: false; retry: boolean; error: PaymentProviderError }> {
    let res: Response;
    try {
      res = await fetch(this.base + path, {
        method,
        headers: {
          authorization: `Bearer ${this.opts.apiKey}`,
          accept: 'application/hal+json, application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
      });
    } catch (e) {
      const why = e instanceof Error && e.name === 'TimeoutError' ? 'did not answer in time' : 'could not be reached';
      return { ok: false, retry: true, error: new PaymentProviderError('unavailable', `Mollie ${why} (${method} ${path})`) };
    }
    const text = await res.text().catch(() => '');
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    if (res.ok) {
      if (json === null || typeof json !== 'object')
        return {
          ok: false,
          retry: false,
          error: new PaymentProviderError('unavailable', `Mollie answered ${method} ${path} without JSON`),
        };
      return { ok: true, json };
    }
    const e = (json ?? {}) as { title?: unknown; detail?: unknown; field?: unknown };
    const detail = typeof e.detail === 'string' ? e.detail : typeof e.title === 'string' ? e.title : `HTTP ${res.status}`;
    const field = typeof e.field === 'string' ? e.field : null;
    if (res.status >= 500 || res.status === 429)
      return { ok: false, retry: true, error: new PaymentProviderError('unavailable', `Mollie: ${detail}`, res.status, field) };
    if (res.status === 401)
      return {
        ok: false,
        retry: false,
        error: new PaymentProviderError('unavailable', `Mollie refused the API key (MOLLIE_API_KEY): ${detail}`, 401, null),
      };
    return { ok: false, retry: false, error: new PaymentProviderError('refused', `Mollie: ${detail}`, res.status, field) };
  }
}

/** Money as Mollie writes it: "10.00" EUR (exactly the currency's decimals). */
export function mollieAmount(m: Money): { currency: string; value: string } {
  return { currency: m.currency, value: formatAmount(m) };
}

function amountOf(raw: unknown, what: string): Money {
  const a = raw as { currency?: unknown; value?: unknown } | null;
  if (!a || typeof a.currency !== 'string' || !isCurrencyCode(a.currency) || typeof a.value !== 'string')
    throw new PaymentProviderError('unavailable', `Mollie's ${what} is not an amount`);
  const digits = minorDigits(a.currency);
  if (!new RegExp(digits ? `^-?\\d+\\.\\d{${digits}}$` : '^-?\\d+$').test(a.value))
    throw new PaymentProviderError('unavailable', `Mollie's ${what} "${a.value}" is not an amount in ${a.currency}`);
  const negative = a.value.startsWith('-');
  const m = parseMoney(negative ? a.value.slice(1) : a.value, a.currency);
  return negative ? { amountMinor: -m.amountMinor, currency: m.currency } : m;
}

function dateOf(raw: unknown): Date | null {
  if (typeof raw !== 'string') return null;
  const d = new Date(raw);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** A Mollie payment object read into the port's values, checked as it is read. */
export function paymentOf(json: unknown): ProviderPayment {
  const o = json as Record<string, unknown>;
  if (!o || o.resource !== 'payment' || typeof o.id !== 'string' || !MOLLIE_PAYMENT_ID.test(o.id))
    throw new PaymentProviderError('unavailable', 'Mollie answered with something that is not a payment');
  if (typeof o.status !== 'string' || !(PROVIDER_PAYMENT_STATUSES as readonly string[]).includes(o.status))
    throw new PaymentProviderError('unavailable', `Mollie's payment ${o.id} has an unknown status "${String(o.status)}"`);
  const amount = amountOf(o.amount, 'amount');
  const none = { amountMinor: 0n, currency: amount.currency };
  const links = (o._links ?? {}) as Record<string, { href?: unknown } | undefined>;
  const details = (o.details ?? {}) as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
  return {
    id: o.id,
    status: o.status as ProviderPaymentStatus,
    amount,
    metadata: o.metadata && typeof o.metadata === 'object' && !Array.isArray(o.metadata) ? (o.metadata as Record<string, unknown>) : null,
    checkoutUrl: text(links.checkout?.href),
    method: text(o.method),
    paidAt: dateOf(o.paidAt),
    payer: { name: text(details.consumerName), account: text(details.consumerAccount) },
    refunded: o.amountRefunded === undefined ? none : amountOf(o.amountRefunded, 'amountRefunded'),
    chargedBack: o.amountChargedBack === undefined ? none : amountOf(o.amountChargedBack, 'amountChargedBack'),
  };
}

/**
 * The payment id a Mollie webhook names: its form-encoded body is only `id=tr_…` (the body is
 * never trusted for more; the payment is fetched). A string: the id; otherwise why it is not one.
 */
export function webhookPaymentId(body: unknown): { id: string } | { problem: string } {
  const raw = body && typeof body === 'object' ? (body as Record<string, unknown>).id : undefined;
  if (raw === undefined || raw === null || raw === '')
    return { problem: 'id: is required (a form-encoded body id=tr_…, as Mollie sends it)' };
  if (typeof raw !== 'string' || !MOLLIE_PAYMENT_ID.test(raw))
    return { problem: `id: ${JSON.stringify(raw)} is not a Mollie payment id (tr_…)` };
  return { id: raw };
}
