import pino from 'pino';
import type { DataSource } from 'typeorm';
import type { Clock } from '@amicus/calendar';
import { LookupGuard, type LookupLimits } from '@amicus/service-runtime';
import { startMollieServer, type MollieServer } from '@amicus/test-mollie';
import { PayLinksService } from '../src/pay-links/pay-links.service';
import { MolliePaymentProvider } from '../src/payment-provider/mollie';
import { OnlinePaymentsService } from '../src/payment-provider/online-payments.service';
import { TenantDatabase } from '../src/tenancy/tenant-database';
import { freshCasesDatabase, seedClient } from './database';
import { placeDebtors, testClock } from './journeys';

/**
 * Online payments no webhook settles (the provider cannot reach us: the webhook URL goes
 * nowhere), on real Postgres against the local server that speaks Mollie's v2 API: the poll asks
 * the provider once a payment is due for it, and records a paid one exactly as the webhook would
 * — once, PaymentReceived carrying the provider's id of the payment — or ends an expired one;
 * either way the payment is polled no more. One still open is asked again later, each time later.
 */
let ds: DataSource;
let drop: () => Promise<void>;
let mollie: MollieServer;
const log = pino({ level: 'silent' });
const generous: LookupLimits = { failures: { points: 100_000, durationSeconds: 600 }, lookups: { points: 100_000, durationSeconds: 600 } };

beforeAll(async () => {
  ({ ds, drop } = await freshCasesDatabase('online_payment_polling'));
  mollie = await startMollieServer();
});
afterAll(async () => {
  await mollie?.close();
  await drop();
});

function online(clock: Clock, provider = new MolliePaymentProvider({ apiKey: mollie.apiKey, apiUrl: mollie.url, retryDelayMs: 1 })) {
  const tenant = new TenantDatabase(ds);
  const runtime = { schema: 'cases', topicPrefix: '', log };
  const payLinks = new PayLinksService(tenant, runtime, clock, { AMICUS_AGENCY_REGISTRATION: '0123.456.789' }, new LookupGuard(generous));
  // A webhook URL nothing listens on: the provider's calls never arrive.
  const config = { AMICUS_AGENCY_REGISTRATION: '0123.456.789', PUBLIC_BASE_URL: 'http://127.0.0.1:9' };
  return new OnlinePaymentsService(tenant, runtime, clock, config, payLinks, provider);
}

async function started(names: string[]) {
  const clock = testClock('2025-02-10T09:00:00Z');
  const { clientId } = await seedClient(ds);
  const caseIds = await placeDebtors(ds, clientId, names, clock.now());
  const service = online(clock);
  const attempts = [];
  for (const caseId of caseIds) {
    const [row] = await ds.query(`SELECT envelope FROM cases.outbox WHERE key = $1 AND type = 'CaseOpened'`, [caseId]);
    attempts.push(await service.start(row.envelope.payload.payLink.token, '15000', `198.51.100.7:${crypto.randomUUID()}`));
  }
  return { clock, caseIds, attempts, service };
}

const attempt = async (id: string) =>
  (await ds.query(`SELECT status, payment_id, poll_at, polls FROM cases.online_payments WHERE id = $1`, [id]))[0] as {
    status: string;
    payment_id: string | null;
    poll_at: Date | null;
    polls: number;
  };
const received = async (caseId: string) =>
  (await ds.query(`SELECT envelope FROM cases.outbox WHERE key = $1 AND type = 'PaymentReceived' ORDER BY seq`, [caseId])).map(
    (r: { envelope: { payload: Record<string, unknown> } }) => r.envelope.payload,
  );

describe('polling online payments no webhook settled', () => {
  it('records a paid one once, with the provider’s reference, ends an expired one, and asks about an open one later each time', async () => {
    const { clock, caseIds, attempts, service } = await started(['Pia Paid', 'Erik Expired', 'Olga Open']);
    const [paid, expired, open] = attempts;
    // The provider settles two; its webhook calls go nowhere.
    await mollie
      .settle(paid!.providerPaymentId!, 'paid', { method: 'bancontact', consumerName: 'P. Paid', at: clock.now() })
      .catch(() => null);
    await mollie.settle(expired!.providerPaymentId!, 'expired').catch(() => null);
    expect((await attempt(paid!.id)).status).toBe('open');

    // Not due yet: nothing is asked.
    const asked = mollie.requests.length;
    expect(await service.pollDue()).toEqual({ polled: 0, outcomes: {} });
    expect(mollie.requests.length).toBe(asked);

    clock.advance(3 * 60_000);
    expect(await service.pollDue()).toMatchObject({ polled: 3, outcomes: { recorded: 1, status: 1, unchanged: 1 } });
    expect(await attempt(paid!.id)).toMatchObject({ status: 'paid', poll_at: null, polls: 1, payment_id: expect.any(String) });
    expect(await attempt(expired!.id)).toMatchObject({ status: 'expired', poll_at: null });
    const stillOpen = await attempt(open!.id);
    expect(stillOpen).toMatchObject({ status: 'open', polls: 1 });
    // Asked again in four minutes (twice the first wait), counted from the poll.
    const wait = stillOpen.poll_at!.getTime() - clock.now().getTime();
    expect(wait).toBeLessThanOrEqual(4 * 60_000);
    expect(wait).toBeGreaterThan(3 * 60_000);
    expect(await received(caseIds[0]!)).toEqual([
      expect.objectContaining({
        source: 'provider',
        amountMinor: '15000',
        online: { provider: 'mollie', paymentId: paid!.providerPaymentId, method: 'bancontact' },
      }),
    ]);
    expect(await received(caseIds[1]!)).toEqual([]);

    // The webhook arriving late, or another poll, records nothing twice; settled ones are not asked again.
    expect(await service.webhook(paid!.providerPaymentId!, 'late')).toBe('unchanged');
    clock.advance(5 * 60_000);
    const before = mollie.requests.filter((r) => r.method === 'GET').map((r) => r.path);
    expect(await service.pollDue()).toMatchObject({ polled: 1, outcomes: { unchanged: 1 } });
    const after = mollie.requests
      .filter((r) => r.method === 'GET')
      .map((r) => r.path)
      .slice(before.length);
    expect(after).toEqual([expect.stringContaining(open!.providerPaymentId!)]);
    expect(await received(caseIds[0]!)).toHaveLength(1);
    expect((await attempt(open!.id)).polls).toBe(2);
  });

  it('keeps polling when the provider cannot be reached, and stops once a payment has been open for two weeks', async () => {
    const { clock, attempts, service } = await started(['Uma Unreachable']);
    const [a] = attempts;
    clock.advance(3 * 60_000);
    mollie.failNext(10, 503);
    expect((await service.pollDue()).outcomes.unreachable).toBeGreaterThanOrEqual(1);
    expect(await attempt(a!.id)).toMatchObject({ status: 'open', polls: 1, poll_at: expect.any(Date) });
    mollie.failNext(0);
    clock.advance(15 * 86_400_000);
    await service.pollDue();
    expect(await attempt(a!.id)).toMatchObject({ status: 'open', poll_at: null, polls: 2 });
  });
});
