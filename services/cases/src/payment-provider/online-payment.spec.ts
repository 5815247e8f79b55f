import fc from 'fast-check';
import {
  nextPollAt,
  stillPolled,
  paymentDescription,
  paymentMethods,
  providerUrls,
  readOnlineAmount,
  receivedOnOf,
  refundIdempotencyKey,
  refundKind,
  webhookAction,
  type OnlineAttempt,
} from './online-payment';
import type { ProviderPayment } from './payment-provider';

const EUR = (amountMinor: bigint) => ({ amountMinor, currency: 'EUR' });

const attempt = (over: Partial<OnlineAttempt> = {}): OnlineAttempt => ({
  id: 'o-1',
  caseId: 'c-1',
  providerPaymentId: 'tr_abcdefghij',
  amount: EUR(10_000n),
  status: 'open',
  chargedBackMinor: 0n,
  paymentId: null,
  ...over,
});

const fetched = (over: Partial<ProviderPayment> = {}): ProviderPayment => ({
  id: 'tr_abcdefghij',
  status: 'open',
  amount: EUR(10_000n),
  metadata: { caseId: 'c-1', onlinePaymentId: 'o-1' },
  checkoutUrl: null,
  method: null,
  paidAt: null,
  payer: { name: null, account: null },
  refunded: EUR(0n),
  chargedBack: EUR(0n),
  ...over,
});

describe('starting an online payment', () => {
  const due = { totalDueMinor: 40_000n, currency: 'EUR' };

  it('takes an amount from one cent to the total due today', () => {
    expect(readOnlineAmount('1', due)).toEqual(EUR(1n));
    expect(readOnlineAmount(' 40000 ', due)).toEqual(EUR(40_000n));
  });

  it('names amountMinor for anything else', () => {
    for (const [text, reason] of [
      ['0', /at least 1 cent/],
      ['40001', /more than the total due today \(EUR 400\.00\)/],
      ['12.50', /whole number of minor units/],
      ['-5', /whole number of minor units/],
      ['', /whole number of minor units/],
      ['1e3', /whole number of minor units/],
    ] as const) {
      const problems = readOnlineAmount(text, due);
      expect(problems).toEqual([{ field: 'amountMinor', reason: expect.stringMatching(reason) }]);
    }
  });

  it('offers paying online only with a provider, and nothing on a closed case or one with nothing due', () => {
    expect(paymentMethods({ closed: false, totalDueMinor: '100' }, true)).toEqual(['bank_transfer', 'online']);
    expect(paymentMethods({ closed: false, totalDueMinor: '100' }, false)).toEqual(['bank_transfer']);
    expect(paymentMethods({ closed: true, totalDueMinor: '0' }, true)).toEqual([]);
    expect(paymentMethods({ closed: false, totalDueMinor: '0' }, true)).toEqual([]);
  });

  it("tells the provider the case's reference, its webhook and the way back to the debtor's page", () => {
    expect(paymentDescription({ caseReference: '1000000001', clientName: 'Fietsen Vermeulen BV' })).toBe(
      'AMI-1000000001 Fietsen Vermeulen BV',
    );
    expect(paymentDescription({ caseReference: '1', clientName: 'x'.repeat(400) })).toHaveLength(255);
    expect(providerUrls('https://pay.agency.example/', 'mollie', 'Abc_-123', 'o-1')).toEqual({
      webhookUrl: 'https://pay.agency.example/webhooks/mollie',
      redirectUrl: 'https://pay.agency.example/pay/Abc_-123?onlinePayment=o-1',
    });
  });
});

describe("a webhook's fetched payment", () => {
  it('records a paid payment once: paid and not recorded → record; recorded → nothing', () => {
    expect(webhookAction(attempt(), fetched({ status: 'paid' }))).toEqual({ kind: 'record' });
    expect(webhookAction(attempt({ status: 'canceled' }), fetched({ status: 'paid' }))).toEqual({ kind: 'record' });
    expect(webhookAction(attempt({ status: 'paid', paymentId: 'p-1' }), fetched({ status: 'paid' }))).toEqual({ kind: 'none' });
  });

  it('changes only the status of a payment without money', () => {
    for (const status of ['canceled', 'expired', 'failed', 'pending', 'authorized'] as const)
      expect(webhookAction(attempt(), fetched({ status }))).toEqual({ kind: 'status', status });
    expect(webhookAction(attempt({ status: 'expired' }), fetched({ status: 'expired' }))).toEqual({ kind: 'none' });
  });

  it('undoes a recorded payment the bank took back, once', () => {
    const paid = attempt({ status: 'paid', paymentId: 'p-1' });
    expect(webhookAction(paid, fetched({ status: 'paid', chargedBack: EUR(10_000n) }))).toEqual({
      kind: 'chargeback',
      amountMinor: 10_000n,
    });
    expect(webhookAction({ ...paid, chargedBackMinor: 10_000n }, fetched({ status: 'paid', chargedBack: EUR(10_000n) }))).toEqual({
      kind: 'none',
    });
  });

  it('believes nothing that is not the attempt on file: another id, another attempt in its metadata, another amount', () => {
    expect(webhookAction(attempt(), fetched({ id: 'tr_other00000', status: 'paid' })).kind).toBe('mismatch');
    expect(webhookAction(attempt(), fetched({ status: 'paid', metadata: { onlinePaymentId: 'o-2' } })).kind).toBe('mismatch');
    expect(webhookAction(attempt(), fetched({ status: 'paid', metadata: null })).kind).toBe('mismatch');
    expect(webhookAction(attempt(), fetched({ status: 'paid', amount: EUR(1_000_000n) })).kind).toBe('mismatch');
    expect(webhookAction(attempt(), fetched({ status: 'paid', amount: { amountMinor: 10_000n, currency: 'USD' } })).kind).toBe('mismatch');
  });

  it("counts the money as received on its paidAt's day in the agency's calendar, never after today", () => {
    const day = (d: Date) => d.toISOString().slice(0, 10);
    expect(receivedOnOf(new Date('2025-02-09T10:00:00Z'), day, '2025-02-10')).toBe('2025-02-09');
    expect(receivedOnOf(new Date('2025-02-12T10:00:00Z'), day, '2025-02-10')).toBe('2025-02-10');
    expect(receivedOnOf(null, day, '2025-02-10')).toBe('2025-02-10');
  });
});

describe('refunding an online payment', () => {
  const recorded = (unallocatedMinor: bigint) => ({ unallocatedMinor, reversed: false });

  it('refunds what was paid beyond the debt, or exactly all the rest (the payment is undone)', () => {
    const p = { paidMinor: 10_000n, refundedMinor: 0n, currency: 'EUR', recorded: recorded(2_500n) };
    expect(refundKind(2_500n, p)).toEqual({ kind: 'overpayment' });
    expect(refundKind(1_000n, p)).toEqual({ kind: 'overpayment' });
    expect(refundKind(10_000n, p)).toEqual({ kind: 'rest' });
    expect(refundKind(7_500n, { ...p, refundedMinor: 2_500n })).toEqual({ kind: 'rest' });
    expect(refundKind(2_501n, p)).toEqual([
      {
        field: 'amountMinor',
        reason:
          'may be at most EUR 25.00 (what was paid beyond the debt) or exactly EUR 100.00 (all of it: the payment is then undone on the case)',
      },
    ]);
    expect(refundKind(1n, { ...p, recorded: recorded(0n) })).toEqual([
      { field: 'amountMinor', reason: expect.stringMatching(/only be exactly EUR 100\.00/) },
    ]);
  });

  it('refunds money never recorded (its case had closed) up to what is left of it', () => {
    const p = { paidMinor: 10_000n, refundedMinor: 4_000n, currency: 'EUR', recorded: null };
    expect(refundKind(6_000n, p)).toEqual({ kind: 'unrecorded' });
    expect(refundKind(6_001n, p)).toEqual([{ field: 'amountMinor', reason: 'is more than what is left of the payment (EUR 60.00)' }]);
    expect(refundKind(1n, { ...p, refundedMinor: 10_000n })).toEqual([
      { field: 'amountMinor', reason: 'nothing of this payment is left to refund' },
    ]);
    expect(refundKind(0n, p)).toEqual([{ field: 'amountMinor', reason: 'must be at least 1 cent' }]);
  });

  it('never lets the refunds of a payment add up to more than was paid, whatever is asked in turn', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 1_000_000n }),
        fc.bigInt({ min: 0n, max: 1_000_000n }),
        fc.array(fc.bigInt({ min: 0n, max: 1_200_000n }), { maxLength: 12 }),
        fc.boolean(),
        (paidMinor, unallocated, asks, isRecorded) => {
          let refundedMinor = 0n;
          let undone = false;
          for (const ask of asks) {
            const kind = refundKind(ask, {
              paidMinor,
              refundedMinor,
              currency: 'EUR',
              recorded: isRecorded ? { unallocatedMinor: unallocated > paidMinor ? paidMinor : unallocated, reversed: undone } : null,
            });
            if (Array.isArray(kind)) continue;
            refundedMinor += ask;
            if (kind.kind === 'rest') undone = true;
          }
          return refundedMinor <= paidMinor;
        },
      ),
    );
  });

  it('keys a refund by its request: asking the same again is the same refund', () => {
    expect(refundIdempotencyKey('o-1', 0n, 2_500n)).toBe(refundIdempotencyKey('o-1', 0n, 2_500n));
    expect(refundIdempotencyKey('o-1', 2_500n, 2_500n)).not.toBe(refundIdempotencyKey('o-1', 0n, 2_500n));
  });
});

describe('polling an online payment no webhook settled', () => {
  const start = new Date('2025-02-10T09:00:00Z');
  const after = (ms: number) => new Date(start.getTime() + ms);

  it('asks two minutes after the start, then twice as long each time, at most an hour apart', () => {
    const waits = [0, 1, 2, 3, 4, 5, 6, 9].map((polls) => nextPollAt(start, polls, start)!.getTime() - start.getTime());
    expect(waits.map((w) => w / 60_000)).toEqual([2, 4, 8, 16, 32, 60, 60, 60]);
  });

  it('stops once the payment has been open for two weeks, and only polls what may still change', () => {
    expect(nextPollAt(start, 30, after(13 * 86_400_000))).not.toBeNull();
    expect(nextPollAt(start, 30, after(14 * 86_400_000))).toBeNull();
    expect(['open', 'pending', 'authorized'].every(stillPolled)).toBe(true);
    expect(['paid', 'canceled', 'expired', 'failed', 'not_started', 'starting'].some(stillPolled)).toBe(false);
  });
});
