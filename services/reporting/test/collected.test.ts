import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import type { Identity } from '@amicus/auth';
import { Clock } from '@amicus/calendar';
import type { EventEnvelope, PaymentAllocatedV1, PaymentReversedV1 } from '@amicus/events';
import { freshServiceDatabase } from '@amicus/service-runtime';
import { reportingSchema } from '../src/reporting-schema';
import { PortfolioService } from '../src/portfolio/portfolio.service';
import { CollectionsService } from '../src/collections/collections.service';
import { CollectionsReadsService } from '../src/collections/collections-reads.service';
import { collectedFrom, type PaymentFact } from '../src/collections/collected';
import { reportFilter } from '../src/collections/report-filter';

/**
 * The handlers on the real schema: payments allocated, allocated again and reversed, delivered
 * in any order, move a case's collected (principal, interest, costs), its open amount, its curve
 * and its ageing exactly as the pure fold over the same facts says — never a payment twice.
 */
let ds: DataSource;
let drop: () => Promise<void>;
let portfolios: PortfolioService;
let collections: CollectionsService;
let reads: CollectionsReadsService;
const clock = new Clock('Europe/Brussels');

beforeAll(async () => {
  ({ ds, drop } = await freshServiceDatabase('reporting_collected', reportingSchema));
  portfolios = new PortfolioService(ds, clock);
  collections = new CollectionsService();
  reads = new CollectionsReadsService(ds, clock);
});

afterAll(() => drop());

const envelope = <P>(type: string, aggregateId: string, payload: P, occurredAt = new Date().toISOString()): EventEnvelope<P> => ({
  id: crypto.randomUUID(),
  type,
  version: 1,
  occurredAt,
  clientId: null,
  aggregateId,
  correlationId: crypto.randomUUID(),
  causationId: null,
  payload,
});

const run = (f: (m: DataSource['manager']) => Promise<void>) => ds.transaction(f);

/** A client with one case of two claims (€400.00 and €100.00), placed today; returns its ids. */
async function openCase(claims = [crypto.randomUUID(), `INV-${crypto.randomUUID()}`]) {
  // The event contract promises a non-empty id, not a UUID: the second claim's is of another kind.
  const clientId = crypto.randomUUID();
  const caseId = crypto.randomUUID();
  await run((m) =>
    portfolios.clientOnboarded(envelope('ClientOnboarded', clientId, { clientId, name: 'Brewery', country: 'BE' } as never), m),
  );
  await run((m) =>
    portfolios.caseOpened(
      envelope('CaseOpened', caseId, { caseId, clientId, brandId: null, currency: 'EUR', placementId: null } as never),
      m,
    ),
  );
  for (const [i, claimId] of claims.entries())
    await run((m) =>
      portfolios.claimPlaced(
        envelope('ClaimPlaced', caseId, {
          caseId,
          claimId,
          clientId,
          invoiceNumber: `F-${i}`,
          issueDate: '2026-09-01',
          dueDate: '2026-10-01',
          principalMinor: i === 0 ? '40000' : '10000',
          currency: 'EUR',
          description: null,
          placementId: null,
        }),
        m,
      ),
    );
  return { clientId, caseId, claims };
}

const allocated = (
  caseId: string,
  paymentId: string,
  at: string,
  parts: { costs: bigint; interest: bigint; principal: [string, bigint][] },
) =>
  envelope<PaymentAllocatedV1>(
    'PaymentAllocated',
    caseId,
    {
      paymentId,
      caseId,
      receivedOn: clock.today(),
      currency: 'EUR',
      allocation: {
        costsMinor: parts.costs.toString(),
        interestMinor: parts.interest.toString(),
        principal: parts.principal.map(([claimId, a]) => ({ claimId, amountMinor: a.toString() })),
        unallocatedMinor: '0',
        rule: 'BE-X-1',
        legalSource: 'art. 1254 BW',
      },
      reallocated: false,
      balance: { principalMinor: '0', interestMinor: '0', costsMinor: '0', paidMinor: '0', openMinor: '0' },
    },
    at,
  );

const reversed = (caseId: string, paymentId: string) =>
  envelope<PaymentReversedV1>('PaymentReversed', caseId, {
    paymentId,
    caseId,
    amountMinor: '1',
    currency: 'EUR',
    kind: 'bank_return',
    reason: 'returned by the bank',
    undone: { costsMinor: '0', interestMinor: '0', principal: [], unallocatedMinor: '0', rule: 'BE-X-1', legalSource: 'x' },
    balance: { principalMinor: '0', interestMinor: '0', costsMinor: '0', paidMinor: '0', openMinor: '0' },
    reopened: false,
    actor: 'system:test',
  });

const client = (clientId: string): Identity => ({ subject: 'u', role: 'client_user', clientId, brandIds: [], email: null });

describe('collected, from the payment events', () => {
  it('counts allocations, reallocations and reversals delivered in any order exactly as the fold does', async () => {
    const payment = fc.record({
      versions: fc.array(
        fc.record({
          costs: fc.bigInt({ min: 0n, max: 2000n }),
          interest: fc.bigInt({ min: 0n, max: 500n }),
          a: fc.bigInt({ min: 0n, max: 5000n }),
          b: fc.bigInt({ min: 0n, max: 2000n }),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      reversed: fc.boolean(),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(payment, { minLength: 1, maxLength: 4 }), fc.infiniteStream(fc.nat()), async (ps, order) => {
        const { clientId, caseId, claims } = await openCase();
        const events: {
          e: EventEnvelope<PaymentAllocatedV1> | EventEnvelope<PaymentReversedV1>;
          fact: { paymentId: string; fact: PaymentFact };
        }[] = [];
        ps.forEach((p, i) => {
          const paymentId = crypto.randomUUID();
          p.versions.forEach((v, j) => {
            const e = allocated(caseId, paymentId, new Date(Date.UTC(2026, 10, 2, 10, i, j)).toISOString(), {
              costs: v.costs,
              interest: v.interest,
              principal: [
                [claims[0]!, v.a],
                [claims[1]!, v.b],
              ],
            });
            events.push({
              e,
              fact: {
                paymentId,
                fact: {
                  kind: 'allocated',
                  version: {
                    at: e.occurredAt,
                    eventId: e.id,
                    receivedOn: e.payload.receivedOn,
                    parts: {
                      costsMinor: v.costs,
                      interestMinor: v.interest,
                      principal: [
                        { claimId: claims[0]!, amountMinor: v.a },
                        { claimId: claims[1]!, amountMinor: v.b },
                      ],
                    },
                  },
                },
              },
            });
          });
          if (p.reversed) events.push({ e: reversed(caseId, paymentId), fact: { paymentId, fact: { kind: 'reversed' } } });
        });
        // a shuffle drawn from the stream
        const it = order[Symbol.iterator]();
        const shuffled = [...events];
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = it.next().value! % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        for (const { e } of shuffled)
          await run((m) =>
            e.type === 'PaymentAllocated'
              ? collections.paymentAllocated(e as EventEnvelope<PaymentAllocatedV1>, m)
              : collections.paymentReversed(e as EventEnvelope<PaymentReversedV1>, m),
          );
        const want = collectedFrom(events.map((x) => x.fact));
        const [p] = await portfolios.summary(client(clientId));
        expect(p!.totals).toEqual([
          expect.objectContaining({
            collectedPrincipalMinor: want.principalMinor,
            collectedInterestMinor: want.interestMinor,
            collectedCostsMinor: want.costsMinor,
            collectedMinor: want.principalMinor + want.interestMinor + want.costsMinor,
            openMinor: 50000n - want.principalMinor,
          }),
        ]);
        const [curve] = await reads.collectionCurves(client(clientId), reportFilter({}));
        expect(curve!.points[curve!.points.length - 1]!.collectedMinor).toBe(want.principalMinor);
        const [aged] = await reads.ageing(client(clientId), reportFilter({}));
        expect(aged?.buckets.reduce((s, b) => s + b.openMinor, 0n) ?? 0n).toBe(50000n - want.principalMinor);
      }),
      { numRuns: 15 },
    );
  });

  it('knows a claim within its case: two cases naming the same claim ids are two claims', async () => {
    const first = await openCase(['INV-1', 'INV-2']);
    const second = await openCase(['INV-1', 'INV-2']);
    await run((m) =>
      collections.paymentAllocated(
        allocated(second.caseId, crypto.randomUUID(), new Date().toISOString(), {
          costs: 0n,
          interest: 0n,
          principal: [['INV-1', 15000n]],
        }),
        m,
      ),
    );
    const [a] = await reads.ageing(client(first.clientId), reportFilter({}));
    const [b] = await reads.ageing(client(second.clientId), reportFilter({}));
    expect(a!.buckets.reduce((s, x) => s + x.openMinor, 0n)).toBe(50000n);
    expect(b!.buckets.reduce((s, x) => s + x.openMinor, 0n)).toBe(35000n);
  });

  it('opens a case closed as paid again when its payment is undone, with the figures as before the payment', async () => {
    const { clientId, caseId, claims } = await openCase();
    const before = await portfolios.summary(client(clientId));
    const paymentId = crypto.randomUUID();
    await run((m) =>
      collections.paymentAllocated(
        allocated(caseId, paymentId, new Date().toISOString(), {
          costs: 4000n,
          interest: 150n,
          principal: [
            [claims[0]!, 40000n],
            [claims[1]!, 10000n],
          ],
        }),
        m,
      ),
    );
    await run((m) =>
      portfolios.caseClosed(
        envelope('CaseClosed', caseId, { caseId, outcome: 'paid', reason: 'paid', balanceMinor: '0', currency: 'EUR', actor: 'system' }),
        m,
      ),
    );
    const paid = (await portfolios.summary(client(clientId)))[0]!.totals[0]!;
    expect(paid).toMatchObject({ openCases: 0, collectedMinor: 54150n, collectedPrincipalMinor: 50000n, openMinor: 0n });
    expect(await reads.ageing(client(clientId), reportFilter({}))).toEqual([]);
    await run((m) =>
      collections.paymentReversed(
        { ...reversed(caseId, paymentId), payload: { ...reversed(caseId, paymentId).payload, reopened: true } },
        m,
      ),
    );
    await run((m) =>
      portfolios.casePhaseChanged(
        envelope('CasePhaseChanged', caseId, { caseId, from: 'closed', to: 'amicable', reason: null, actor: 'system' }),
        m,
      ),
    );
    expect(await portfolios.summary(client(clientId))).toEqual(before);
    const [aged] = await reads.ageing(client(clientId), reportFilter({}));
    expect(aged!.buckets.reduce((s, b) => s + b.openCases, 0)).toBe(1);
  });
});
