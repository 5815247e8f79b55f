import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startMollieServer, type MollieServer } from '@amicus/test-mollie';
import { MolliePaymentProvider, webhookPaymentId } from '../src/payment-provider/mollie';
import { PaymentProviderError, type NewProviderPayment } from '../src/payment-provider/payment-provider';

/**
 * The Mollie adapter against a local server that speaks Mollie's v2 API (libs/test-mollie):
 * the bearer key, amounts as Mollie writes them, idempotency keys on retries, Mollie's errors
 * read with their field, payments read back as they move, refunds, and the webhook Mollie
 * sends (a form-encoded id, nothing more).
 */
let mollie: MollieServer;
let webhook: { url: string; received: string[]; close(): Promise<void> };

beforeAll(async () => {
  mollie = await startMollieServer();
  const received: string[] = [];
  const http = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push(`${req.headers['content-type']} ${body}`);
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  webhook = {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}/webhooks/mollie`,
    received,
    close: () => new Promise<void>((resolve) => http.close(() => resolve())),
  };
});
afterAll(async () => {
  await mollie.close();
  await webhook.close();
});

const adapter = (over: Partial<ConstructorParameters<typeof MolliePaymentProvider>[0]> = {}) =>
  new MolliePaymentProvider({ apiKey: mollie.apiKey, apiUrl: mollie.url, retryDelayMs: 1, ...over });

const newPayment = (over: Partial<NewProviderPayment> = {}): NewProviderPayment => ({
  amount: { amountMinor: 12345n, currency: 'EUR' },
  description: 'AMI-1000000001 Fietsen Vermeulen BV',
  redirectUrl: 'http://127.0.0.1:4000/pay/AAAAAAAAAAAAAAAAAAAAAA?onlinePayment=x',
  webhookUrl: webhook.url,
  metadata: { caseId: 'c-1', onlinePaymentId: 'o-1' },
  ...over,
});

async function failure(work: Promise<unknown>): Promise<PaymentProviderError> {
  try {
    await work;
  } catch (e) {
    if (e instanceof PaymentProviderError) return e;
    throw e;
  }
  throw new Error('expected a PaymentProviderError');
}

describe('the Mollie adapter', () => {
  it('creates an open payment with the amount as Mollie writes it, its metadata and webhook, with the bearer key and the idempotency key', async () => {
    const created = await adapter().createPayment(newPayment(), 'key-create-1');
    expect(created).toMatchObject({
      id: expect.stringMatching(/^tr_[A-Za-z0-9]+$/),
      status: 'open',
      amount: { amountMinor: 12345n, currency: 'EUR' },
      metadata: { caseId: 'c-1', onlinePaymentId: 'o-1' },
      checkoutUrl: `${mollie.url}/checkout/${created.id}`,
      paidAt: null,
      refunded: { amountMinor: 0n, currency: 'EUR' },
    });
    const sent = mollie.requests.filter((r) => r.idempotencyKey === 'key-create-1');
    expect(sent).toEqual([
      {
        method: 'POST',
        path: '/v2/payments',
        authorization: `Bearer ${mollie.apiKey}`,
        idempotencyKey: 'key-create-1',
        body: {
          amount: { currency: 'EUR', value: '123.45' },
          description: 'AMI-1000000001 Fietsen Vermeulen BV',
          redirectUrl: newPayment().redirectUrl,
          webhookUrl: webhook.url,
          metadata: { caseId: 'c-1', onlinePaymentId: 'o-1' },
        },
      },
    ]);
    expect(mollie.payment(created.id)).toMatchObject({ status: 'open', webhookUrl: webhook.url });
  });

  it('answers the same payment for the same idempotency key, and a new one for a new key', async () => {
    const a = await adapter().createPayment(newPayment(), 'key-same');
    const b = await adapter().createPayment(newPayment(), 'key-same');
    const c = await adapter().createPayment(newPayment(), 'key-other');
    expect(b.id).toBe(a.id);
    expect(c.id).not.toBe(a.id);
    // The same key for another request is Mollie's refusal, not a second payment.
    const e = await failure(adapter().createPayment(newPayment({ amount: { amountMinor: 100n, currency: 'EUR' } }), 'key-same'));
    expect(e).toMatchObject({ kind: 'refused', status: 422 });
  });

  it('retries a 5xx with the same idempotency key: one payment at the provider', async () => {
    const before = mollie.payments().length;
    mollie.failNext(2, 503);
    const created = await adapter().createPayment(newPayment(), 'key-retried');
    expect(mollie.requests.filter((r) => r.idempotencyKey === 'key-retried').length).toBe(3);
    expect(mollie.payments().length).toBe(before + 1);
    expect(created.status).toBe('open');
  });

  it('gives up as unavailable when Mollie keeps failing, or cannot be reached', async () => {
    mollie.failNext(3, 502);
    expect(await failure(adapter().createPayment(newPayment(), 'key-down'))).toMatchObject({ kind: 'unavailable', status: 502 });
    const nowhere = new MolliePaymentProvider({ apiKey: mollie.apiKey, apiUrl: 'http://127.0.0.1:9', retries: 0 });
    expect(await failure(nowhere.getPayment('tr_abcdefghij'))).toMatchObject({
      kind: 'unavailable',
      message: expect.stringMatching(/could not be reached/),
    });
  });

  it("reads Mollie's refusals with the field it names; a refused key is the configuration's fault", async () => {
    const e = await failure(adapter().createPayment(newPayment({ description: ' ' }), 'key-bad-description'));
    expect(e).toMatchObject({ kind: 'refused', status: 422, field: 'description', message: 'Mollie: The description is required' });
    const wrongKey = await failure(adapter({ apiKey: 'test_wrongwrongwrongwrongwrongwrong' }).getPayment('tr_abcdefghij'));
    expect(wrongKey).toMatchObject({ kind: 'unavailable', status: 401, message: expect.stringMatching(/MOLLIE_API_KEY/) });
  });

  it('reads a payment as it moves: open, then paid with the payer and method; an unknown or malformed id is no payment', async () => {
    const created = await adapter().createPayment(newPayment(), 'key-read');
    expect(await adapter().getPayment(created.id)).toMatchObject({ status: 'open', checkoutUrl: expect.any(String) });
    const status = await mollie.settle(created.id, 'paid', {
      method: 'ideal',
      consumerName: 'J. de Vries',
      consumerAccount: 'NL91ABNA0417164300',
      at: new Date('2025-02-10T10:15:00Z'),
    });
    expect(status).toBe(200);
    expect(webhook.received).toContain(`application/x-www-form-urlencoded id=${created.id}`);
    expect(await adapter().getPayment(created.id)).toMatchObject({
      status: 'paid',
      method: 'ideal',
      paidAt: new Date('2025-02-10T10:15:00Z'),
      payer: { name: 'J. de Vries', account: 'NL91ABNA0417164300' },
      checkoutUrl: null,
    });
    expect(await adapter().getPayment('tr_doesnotexist')).toBeNull();
    const asked = mollie.requests.length;
    expect(await adapter().getPayment('../v2/payments')).toBeNull();
    expect(mollie.requests.length).toBe(asked);
  });

  it('refunds a paid payment up to what remains, idempotently; an open one is not refundable', async () => {
    const created = await adapter().createPayment(newPayment({ amount: { amountMinor: 5000n, currency: 'EUR' } }), 'key-refund');
    const refund = { amount: { amountMinor: 1500n, currency: 'EUR' }, description: 'Refund AMI-1', metadata: { onlinePaymentId: 'o-1' } };
    expect(await failure(adapter().createRefund(created.id, refund, 'r-0'))).toMatchObject({ kind: 'refused', status: 422 });
    await mollie.settle(created.id, 'paid');
    const r1 = await adapter().createRefund(created.id, refund, 'r-1');
    expect(r1).toMatchObject({ id: expect.stringMatching(/^re_/), paymentId: created.id, status: 'pending', amount: refund.amount });
    expect((await adapter().createRefund(created.id, refund, 'r-1')).id).toBe(r1.id);
    expect(mollie.refunds(created.id)).toHaveLength(1);
    expect(await adapter().getPayment(created.id)).toMatchObject({ refunded: { amountMinor: 1500n, currency: 'EUR' } });
    const tooMuch = { ...refund, amount: { amountMinor: 3501n, currency: 'EUR' } };
    expect(await failure(adapter().createRefund(created.id, tooMuch, 'r-2'))).toMatchObject({
      kind: 'refused',
      field: 'amount.value',
      message: expect.stringMatching(/exceeds the amount remaining on the payment \(35\.00\)/),
    });
  });

  it('reads the webhook as Mollie sends it: an id and nothing else', () => {
    expect(webhookPaymentId({ id: 'tr_WDqYK6vllg' })).toEqual({ id: 'tr_WDqYK6vllg' });
    expect(webhookPaymentId({ id: 'tr_WDqYK6vllg', status: 'paid', amount: '1000000' })).toEqual({ id: 'tr_WDqYK6vllg' });
    expect(webhookPaymentId({})).toEqual({ problem: expect.stringMatching(/^id: is required/) });
    expect(webhookPaymentId(undefined)).toEqual({ problem: expect.stringMatching(/^id: is required/) });
    expect(webhookPaymentId({ id: "tr_1' OR 1=1" })).toEqual({ problem: expect.stringMatching(/is not a Mollie payment id/) });
    expect(webhookPaymentId({ id: ['tr_a', 'tr_b'] })).toEqual({ problem: expect.stringMatching(/is not a Mollie payment id/) });
  });
});
