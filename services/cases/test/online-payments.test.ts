import type { INestApplication } from '@nestjs/common';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import type { Clock } from '@amicus/calendar';
import { LookupGuard, RUNTIME, type LookupLimits } from '@amicus/service-runtime';
import { startMollieServer, type MollieServer } from '@amicus/test-mollie';
import { schedulerPass } from '../src/journeys/journey-scheduler';
import { PayLinksService } from '../src/pay-links/pay-links.service';
import { MolliePaymentProvider } from '../src/payment-provider/mollie';
import { OnlinePaymentsService } from '../src/payment-provider/online-payments.service';
import type { PaymentProvider } from '../src/payment-provider/payment-provider';
import { PaymentWebhookController } from '../src/payment-provider/payment-webhook.controller';
import { TenantDatabase } from '../src/tenancy/tenant-database';
import { freshCasesDatabase, seedClient } from './database';
import { who } from './identities';
import { placeDebtors, requestedFor, schedulerContext, testClock } from './journeys';
import { paymentsService, refusal } from './money';

/**
 * Paying online on real Postgres, against a local server that speaks Mollie's v2 API, with the
 * webhook served over HTTP by the service's own controller: a debtor starts a payment by its pay
 * link (the link's lookup, walls and rate limit), the provider calls the webhook, the payment is
 * fetched from the provider and a paid one recorded like a bank transfer — allocated, a case paid
 * in full closed and its journey stopped — once, however often the webhook comes; the admin
 * refunds through the provider.
 */
let ds: DataSource;
let drop: () => Promise<void>;
let mollie: MollieServer;
let app: INestApplication;
let base: string;
const logged: { msg: string; providerPaymentId?: string }[] = [];
const log = pino({ level: 'info' }, { write: (line: string) => void logged.push(JSON.parse(line)) });

const REGISTRATION = '0123.456.789';
const generous: LookupLimits = { failures: { points: 100_000, durationSeconds: 600 }, lookups: { points: 100_000, durationSeconds: 600 } };
const admin = who('agency_admin');
/** The service the webhook controller serves; each test sets its own clock and provider. */
let current: OnlinePaymentsService;

function services(clock: Clock, opts: { provider?: PaymentProvider | null; limits?: LookupLimits } = {}) {
  const tenant = new TenantDatabase(ds);
  const runtime = { schema: 'cases', topicPrefix: '', log };
  const payLinks = new PayLinksService(
    tenant,
    runtime,
    clock,
    { AMICUS_AGENCY_REGISTRATION: REGISTRATION },
    new LookupGuard(opts.limits ?? generous),
  );
  const provider =
    opts.provider === undefined ? new MolliePaymentProvider({ apiKey: mollie.apiKey, apiUrl: mollie.url, retryDelayMs: 1 }) : opts.provider;
  const online = new OnlinePaymentsService(
    tenant,
    runtime,
    clock,
    { AMICUS_AGENCY_REGISTRATION: REGISTRATION, PUBLIC_BASE_URL: base },
    payLinks,
    provider,
  );
  current = online;
  return { online, payLinks, payments: paymentsService(ds, clock) };
}

beforeAll(async () => {
  ({ ds, drop } = await freshCasesDatabase('online_payments'));
  mollie = await startMollieServer();
  @Module({
    controllers: [PaymentWebhookController],
    providers: [
      // The controller asks whichever service the running test made.
      {
        provide: OnlinePaymentsService,
        useValue: new Proxy({} as OnlinePaymentsService, {
          get: (_t, key: keyof OnlinePaymentsService) => {
            if (!current) return undefined;
            const v = current[key];
            return typeof v === 'function' ? v.bind(current) : v;
          },
        }),
      },
      { provide: RUNTIME, useValue: { log } },
    ],
  })
  class WebhookModule {}
  app = await NestFactory.create(WebhookModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  base = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
});
afterAll(async () => {
  await app?.close();
  await mollie?.close();
  await drop();
});

const address = () => `198.51.100.7:${crypto.randomUUID()}`;

async function tokenOf(caseId: string): Promise<string> {
  const [row] = await ds.query(`SELECT envelope FROM cases.outbox WHERE key = $1 AND type = 'CaseOpened'`, [caseId]);
  return row.envelope.payload.payLink.token;
}

/** A BE consumer case of EUR 400.00 (due 2025-01-31, nothing charged yet on 2025-02-10) and its pay link. */
async function oneCase(names = ['Anna Peeters']) {
  const clock = testClock('2025-02-10T09:00:00Z');
  const { clientId, brandIds } = await seedClient(ds);
  const caseIds = await placeDebtors(ds, clientId, names, clock.now());
  const tokens = await Promise.all(caseIds.map(tokenOf));
  return { clock, clientId, brandId: brandIds[0]!, caseId: caseIds[0]!, token: tokens[0]!, caseIds, tokens };
}

const caseRow = async (id: string) =>
  (await ds.query(`SELECT phase, outcome, paid_minor::text AS paid, open_minor::text AS open FROM cases.cases WHERE id = $1`, [id]))[0];
const paymentsOf = (caseId: string) =>
  ds.query(
    `SELECT id, amount_minor::text AS amount, source, payer_name, payer_iban, note, recorded_by, status, received_on FROM cases.payments WHERE case_id = $1 ORDER BY seq`,
    [caseId],
  );
const attemptsOf = (caseId: string) =>
  ds.query(
    `SELECT id, status, provider_payment_id, payment_id, amount_minor::text AS amount, idempotency_key FROM cases.online_payments WHERE case_id = $1 ORDER BY created_at`,
    [caseId],
  );
const events = async (caseId: string, type: string): Promise<Record<string, unknown>[]> =>
  (await ds.query(`SELECT envelope FROM cases.outbox WHERE key = $1 AND type = $2 ORDER BY seq`, [caseId, type])).map(
    (r: { envelope: { payload: Record<string, unknown> } }) => r.envelope.payload,
  );
const audit = async (caseId: string) =>
  (await ds.query(`SELECT action, reason FROM cases.audit_entries WHERE case_id = $1 ORDER BY seq`, [caseId])) as {
    action: string;
    reason: string;
  }[];
const openTasks = (caseId: string) =>
  ds.query(
    `SELECT kind, amount_minor::text AS amount, payment_id, status, reason FROM cases.payment_tasks WHERE case_id = $1 ORDER BY created_at`,
    [caseId],
  );

/** Posts to the webhook as Mollie does (or with any body a caller sends). */
const postWebhook = async (body: string, type = 'application/x-www-form-urlencoded') => {
  const res = await fetch(`${base}/webhooks/mollie`, { method: 'POST', headers: { 'content-type': type }, body });
  return { status: res.status, text: await res.text() };
};

describe('starting an online payment by the pay link', () => {
  it("creates the provider's payment with the case's metadata, webhook and way back, and answers its checkout", async () => {
    const { clock, caseId, token } = await oneCase();
    const { online } = services(clock);
    const started = await online.start(token, '15000', address());
    expect(started).toMatchObject({
      status: 'open',
      amountMinor: '15000',
      currency: 'EUR',
      provider: 'mollie',
      checkoutUrl: expect.stringMatching(new RegExp(`^${mollie.url}/checkout/tr_`)),
      paymentId: null,
    });
    const [row] = await attemptsOf(caseId);
    expect(row).toMatchObject({ id: started.id, status: 'open', provider_payment_id: started.providerPaymentId, amount: '15000' });
    const at = mollie.payment(started.providerPaymentId!)!;
    expect(at).toMatchObject({
      amount: { currency: 'EUR', value: '150.00' },
      description: expect.stringMatching(/^AMI-\d{10} Client /),
      metadata: { caseId, onlinePaymentId: started.id, caseNumber: expect.stringMatching(/^\d{10}$/) },
      webhookUrl: `${base}/webhooks/mollie`,
      redirectUrl: `${base}/pay/${token}?onlinePayment=${started.id}`,
    });
    // Sent with the attempt's own idempotency key.
    expect(mollie.requests.find((r) => r.method === 'POST' && r.idempotencyKey === row.idempotency_key)).toBeDefined();
    expect((await audit(caseId)).map((a) => a.action)).toContain('online_payment_started');
    // The way back shows it by the link; another case's link does not.
    expect(await online.ofLink(token, started.id, address())).toMatchObject({ id: started.id, status: 'open' });
    const other = await oneCase(['Bart Claes']);
    expect(await refusal(services(other.clock).online.ofLink(other.token, started.id, address()))).toMatchObject({ code: 'not_found' });
  });

  it('answers NOT_FOUND for a token that opens nothing, counted by the same rate limit as payLink', async () => {
    const { clock, token } = await oneCase();
    const { online, payLinks } = services(clock, {
      limits: { failures: { points: 2, durationSeconds: 600 }, lookups: { points: 100, durationSeconds: 600 } },
    });
    const from = address();
    const before = mollie.payments().length;
    expect(await refusal(online.start('A'.repeat(22), '100', from))).toMatchObject({ code: 'not_found' });
    expect(await refusal(online.start("x' OR 1=1 --", '100', from))).toMatchObject({ code: 'not_found' });
    // Two failures used up: the address is refused now, a good token too, and on payLink as well.
    expect(await refusal(online.start(token, '100', from))).toMatchObject({ code: 'too_many_requests' });
    expect(await refusal(payLinks.statement(token, from))).toMatchObject({ code: 'too_many_requests' });
    expect(mollie.payments().length).toBe(before);
  });

  it('refuses an amount outside one cent to the total due today, naming amountMinor, and writes nothing', async () => {
    const { clock, caseId, token } = await oneCase();
    const { online, payLinks } = services(clock);
    expect((await payLinks.statement(token, address())).totalDueMinor).toBe('40000');
    const asked = mollie.requests.length;
    for (const amount of ['40001', '0', '12.50', 'all'])
      expect(await refusal(online.start(token, amount, address()))).toMatchObject({ code: 'invalid_input', fields: ['amountMinor'] });
    expect(await attemptsOf(caseId)).toEqual([]);
    expect(mollie.requests.length).toBe(asked);
    // The whole of it is fine.
    expect((await online.start(token, '40000', address())).status).toBe('open');
  });

  it('leaves an attempt the provider could not take as not_started, and tells the debtor to try later or transfer', async () => {
    const { clock, caseId, token } = await oneCase();
    const { online } = services(clock);
    mollie.failNext(3, 503);
    expect(await refusal(online.start(token, '1000', address()))).toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/try again in a few minutes, or pay by bank transfer/),
    });
    expect(await attemptsOf(caseId)).toEqual([expect.objectContaining({ status: 'not_started', provider_payment_id: null })]);
  });

  it('without a provider configured, offers the bank transfer only and refuses to start', async () => {
    const { clock, token } = await oneCase();
    const { online, payLinks } = services(clock, { provider: null });
    expect(online.methodsFor(await payLinks.statement(token, address()))).toEqual(['bank_transfer']);
    expect(await refusal(online.start(token, '1000', address()))).toMatchObject({ code: 'conflict' });
    // A bad token is still NOT_FOUND: the debtor learns nothing else first.
    expect(await refusal(online.start('B'.repeat(22), '1000', address()))).toMatchObject({ code: 'not_found' });
    expect((await postWebhook('id=tr_abcdefghij')).status).toBe(404);
    expect(services(clock).online.methodsFor(await payLinks.statement(token, address()))).toEqual(['bank_transfer', 'online']);
  });
});

describe('the webhook', () => {
  it('fetches the payment from the provider and records a paid one like a bank payment: allocated, with its events', async () => {
    const { clock, caseId, token } = await oneCase();
    const { online, payments } = services(clock);
    const started = await online.start(token, '15000', address());
    expect(
      await mollie.settle(started.providerPaymentId!, 'paid', {
        method: 'bancontact',
        consumerName: 'PEETERS ANNA',
        consumerAccount: 'BE68539007547034',
      }),
    ).toBe(200);
    const [p] = await paymentsOf(caseId);
    expect(p).toMatchObject({
      amount: '15000',
      source: 'provider',
      payer_name: 'PEETERS ANNA',
      payer_iban: 'BE68539007547034',
      note: `mollie ${started.providerPaymentId} (bancontact)`,
      recorded_by: 'system:mollie',
      status: 'active',
      received_on: '2025-02-10',
    });
    expect(await attemptsOf(caseId)).toEqual([expect.objectContaining({ status: 'paid', payment_id: p.id })]);
    expect(await caseRow(caseId)).toMatchObject({ phase: 'placed', paid: '15000', open: '25000' });
    expect(await events(caseId, 'PaymentReceived')).toEqual([
      expect.objectContaining({ paymentId: p.id, amountMinor: '15000', source: 'provider', direct: false, actor: 'system:mollie' }),
    ]);
    expect(await events(caseId, 'PaymentAllocated')).toEqual([
      expect.objectContaining({ paymentId: p.id, balance: expect.objectContaining({ paidMinor: '15000', openMinor: '25000' }) }),
    ]);
    const views = await payments.ofCase(admin, caseId);
    expect(views[0]!.allocation).toMatchObject({ principal: [{ claimId: expect.any(String), amountMinor: '15000' }], rule: 'BE-X-1' });
    expect(await online.ofLink(token, started.id, address())).toMatchObject({ status: 'paid', paymentId: p.id, checkoutUrl: null });
    expect(await online.ofCase(admin, caseId)).toEqual([expect.objectContaining({ id: started.id, status: 'paid' })]);
  });

  it('closes a case paid in full as paid, and its journey stops', async () => {
    const { clock, caseId, token } = await oneCase();
    const { online } = services(clock);
    const started = await online.start(token, '40000', address());
    await mollie.settle(started.providerPaymentId!, 'paid');
    expect(await caseRow(caseId)).toMatchObject({ phase: 'closed', outcome: 'paid', paid: '40000', open: '0' });
    expect(await events(caseId, 'CaseClosed')).toEqual([expect.objectContaining({ outcome: 'paid', actor: 'system:payments' })]);
    // The scheduler's next pass (other tests' cases go on in it) sends this one nothing.
    await schedulerPass(ds, schedulerContext(clock));
    expect(await requestedFor(ds, [caseId])).toEqual([]);
    const [j] = await ds.query(`SELECT status FROM cases.case_journeys WHERE case_id = $1`, [caseId]);
    expect(j.status).toBe('finished');
  });

  it('told twice — one after the other, or both at once — records the payment once', async () => {
    const { clock, caseId, token } = await oneCase();
    const { online } = services(clock);
    const started = await online.start(token, '10000', address());
    const id = started.providerPaymentId!;
    await mollie.settle(id, 'paid');
    expect(await postWebhook(`id=${id}`)).toEqual({ status: 200, text: 'unchanged' });
    const again = await Promise.all([mollie.callWebhook(id), mollie.callWebhook(id), postWebhook(`id=${id}`)]);
    expect(again.map((r) => (r !== null && typeof r === 'object' ? r.status : r))).toEqual([200, 200, 200]);
    expect(await paymentsOf(caseId)).toHaveLength(1);
    expect(await events(caseId, 'PaymentReceived')).toHaveLength(1);
    expect(await caseRow(caseId)).toMatchObject({ paid: '10000' });

    // Two attempts paid at once on one case: both recorded, one after the other.
    const [a, b] = await Promise.all([online.start(token, '1000', address()), online.start(token, '2000', address())]);
    await Promise.all([mollie.settle(a.providerPaymentId!, 'paid'), mollie.settle(b.providerPaymentId!, 'paid')]);
    expect((await paymentsOf(caseId)).map((p: { amount: string }) => p.amount).sort()).toEqual(['1000', '10000', '2000']);
    expect(await caseRow(caseId)).toMatchObject({ paid: '13000', open: '27000' });
  });

  it('for a canceled, expired or failed payment changes its status and records nothing', async () => {
    const { clock, caseId, token } = await oneCase();
    const { online } = services(clock);
    for (const status of ['canceled', 'expired', 'failed'] as const) {
      const started = await online.start(token, '5000', address());
      expect(await mollie.settle(started.providerPaymentId!, status)).toBe(200);
      expect(await online.ofLink(token, started.id, address())).toMatchObject({ status, paymentId: null });
    }
    expect(await paymentsOf(caseId)).toEqual([]);
    expect(await caseRow(caseId)).toMatchObject({ paid: '0', open: '40000' });
    expect((await audit(caseId)).map((a) => a.action)).toEqual(
      expect.arrayContaining(['online_payment_canceled', 'online_payment_expired', 'online_payment_failed']),
    );
  });

  it('answers 200 for a payment not on file and changes nothing, but logs it; 400 for a body without a payment id', async () => {
    const before = (await ds.query(`SELECT count(*)::int AS n FROM cases.payments`))[0].n;
    const asked = mollie.requests.length;
    expect(await postWebhook('id=tr_NotOnFile123')).toEqual({ status: 200, text: 'unknown' });
    expect(logged).toContainEqual(
      expect.objectContaining({ providerPaymentId: 'tr_NotOnFile123', msg: expect.stringMatching(/not on file/) }),
    );
    // Not even asked of the provider: nothing of ours is at stake.
    expect(mollie.requests.length).toBe(asked);
    expect(await postWebhook('')).toEqual({ status: 400, text: expect.stringMatching(/^id: is required/) });
    expect(await postWebhook('id=DROP%20TABLE')).toEqual({ status: 400, text: expect.stringMatching(/is not a Mollie payment id/) });
    expect(await postWebhook(JSON.stringify({ id: 42 }), 'application/json')).toEqual({
      status: 400,
      text: expect.stringMatching(/is not a Mollie payment id/),
    });
    expect((await ds.query(`SELECT count(*)::int AS n FROM cases.payments`))[0].n).toBe(before);
  });

  it('never takes the body for the payment: a webhook claiming paid for an open payment records nothing', async () => {
    const { clock, caseId, token } = await oneCase();
    const { online } = services(clock);
    const started = await online.start(token, '40000', address());
    expect(await postWebhook(`id=${started.providerPaymentId}&status=paid&amount=40000`)).toEqual({ status: 200, text: 'unchanged' });
    expect(await paymentsOf(caseId)).toEqual([]);
  });

  it('answers 503 while the provider cannot be asked, so that it retries; the retry records the payment', async () => {
    const { clock, caseId, token } = await oneCase();
    const { online } = services(clock);
    const started = await online.start(token, '7000', address());
    mollie.failNext(3, 500);
    expect(await mollie.settle(started.providerPaymentId!, 'paid')).toBe(503);
    expect(await paymentsOf(caseId)).toEqual([]);
    expect(await mollie.callWebhook(started.providerPaymentId!)).toBe(200);
    expect(await paymentsOf(caseId)).toHaveLength(1);
  });

  it('turns money paid for a case closed meanwhile into a refund task, which the refund through the provider does', async () => {
    const { clock, caseId, token } = await oneCase();
    const { online, payments } = services(clock);
    const started = await online.start(token, '40000', address());
    // The debtor also paid by bank transfer before finishing the checkout.
    await payments.record(admin, { caseId, amountMinor: '40000', receivedOn: '2025-02-10', source: 'bank' }, 'c');
    expect(await caseRow(caseId)).toMatchObject({ phase: 'closed', outcome: 'paid' });
    await mollie.settle(started.providerPaymentId!, 'paid');
    expect(await paymentsOf(caseId)).toHaveLength(1);
    const [task] = await openTasks(caseId);
    expect(task).toMatchObject({
      kind: 'refund',
      amount: '40000',
      payment_id: null,
      status: 'open',
      reason: expect.stringMatching(/after the case closed/),
    });

    const refund = await online.refund(admin, started.id, '40000', null, 'c');
    expect(refund).toMatchObject({
      kind: 'unrecorded',
      amountMinor: '40000',
      status: 'pending',
      onlinePayment: { refundedMinor: '40000' },
    });
    expect(mollie.refunds(started.providerPaymentId!)).toEqual([expect.objectContaining({ amount: { currency: 'EUR', value: '400.00' } })]);
    expect((await openTasks(caseId))[0]).toMatchObject({ status: 'done' });
    expect(await refusal(online.refund(admin, started.id, '1', null, 'c'))).toMatchObject({
      code: 'invalid_input',
      fields: ['amountMinor'],
    });
  });
});

describe('refunding an online payment (the agency admin)', () => {
  it('refunds an overpayment and does its refund task; the case keeps its balances', async () => {
    const { clock, caseId, token } = await oneCase();
    const { online, payments } = services(clock);
    const started = await online.start(token, '40000', address());
    await payments.record(admin, { caseId, amountMinor: '10000', receivedOn: '2025-02-10', source: 'bank' }, 'c');
    await mollie.settle(started.providerPaymentId!, 'paid');
    expect(await caseRow(caseId)).toMatchObject({ phase: 'closed', outcome: 'paid', paid: '40000' });
    const onlinePayment = (await paymentsOf(caseId))[1];
    expect(await openTasks(caseId)).toEqual([
      expect.objectContaining({ kind: 'refund', amount: '10000', payment_id: onlinePayment.id, status: 'open' }),
    ]);

    // Named by the payment on the case, as the refund task names it.
    expect(await refusal(online.refund(admin, onlinePayment.id, '10001', null, 'c'))).toMatchObject({
      code: 'invalid_input',
      fields: ['amountMinor'],
    });
    expect(await refusal(online.refund(who('agent'), onlinePayment.id, '10000', null, 'c'))).toMatchObject({ code: 'forbidden' });
    const refund = await online.refund(admin, onlinePayment.id, '10000', 'paid twice', 'c');
    expect(refund).toMatchObject({ kind: 'overpayment', amountMinor: '10000', providerRefundId: expect.stringMatching(/^re_/) });
    expect((await openTasks(caseId))[0]).toMatchObject({ status: 'done' });
    expect(await caseRow(caseId)).toMatchObject({ phase: 'closed', paid: '40000' });
    expect((await audit(caseId)).find((a) => a.action === 'online_payment_refunded')?.reason).toMatch(
      /EUR 100\.00 .* refunded through mollie \(re_\w+\): paid twice/,
    );
  });

  it('refunds all of it: the payment is undone on the case, which opens again', async () => {
    const { clock, caseId, token } = await oneCase();
    const { online } = services(clock);
    const started = await online.start(token, '40000', address());
    await mollie.settle(started.providerPaymentId!, 'paid');
    expect(await caseRow(caseId)).toMatchObject({ phase: 'closed' });
    const refund = await online.refund(admin, started.id, '40000', null, 'c');
    expect(refund.kind).toBe('rest');
    expect((await paymentsOf(caseId))[0]).toMatchObject({ status: 'reversed' });
    expect(await caseRow(caseId)).toMatchObject({ phase: 'placed', outcome: null, paid: '0', open: '40000' });
    expect(await events(caseId, 'PaymentReversed')).toEqual([expect.objectContaining({ kind: 'correction', reopened: true })]);
    // Nothing left to refund: the provider is not asked again.
    const asked = mollie.requests.length;
    expect(await refusal(online.refund(admin, started.id, '1', null, 'c'))).toMatchObject({ code: 'invalid_input' });
    expect(mollie.requests.length).toBe(asked);
  });

  it('refuses to refund an attempt that is not paid, and one it does not know', async () => {
    const { clock, token } = await oneCase();
    const { online } = services(clock);
    const started = await online.start(token, '1000', address());
    expect(await refusal(online.refund(admin, started.id, '1000', null, 'c'))).toMatchObject({ code: 'conflict' });
    expect(await refusal(online.refund(admin, crypto.randomUUID(), '1000', null, 'c'))).toMatchObject({ code: 'not_found' });
    expect(await refusal(online.refund(admin, started.id, '10.00', null, 'c'))).toMatchObject({
      code: 'invalid_input',
      fields: ['amountMinor'],
    });
  });
});

describe('a chargeback', () => {
  it("undoes a recorded payment the payer's bank took back, once", async () => {
    const { clock, caseId, token } = await oneCase();
    const { online } = services(clock);
    const started = await online.start(token, '40000', address());
    await mollie.settle(started.providerPaymentId!, 'paid');
    expect(await caseRow(caseId)).toMatchObject({ phase: 'closed' });
    expect(await mollie.chargeBack(started.providerPaymentId!)).toBe(200);
    expect(await mollie.callWebhook(started.providerPaymentId!)).toBe(200);
    expect((await paymentsOf(caseId))[0]).toMatchObject({ status: 'reversed' });
    expect(await events(caseId, 'PaymentReversed')).toEqual([expect.objectContaining({ kind: 'chargeback', reopened: true })]);
    expect(await caseRow(caseId)).toMatchObject({ phase: 'placed', open: '40000' });
  });
});
