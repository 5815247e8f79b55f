import fc from 'fast-check';
import type { PlanNotice } from './plan-notices';
import { afterPayment, afterPlanEnded, PLAN_RULE, type QueuedNotice } from './reminder-cancellation';

const planId = '0193c0de-0000-7000-8000-000000000009';
const asOf = '2026-01-07T06:00:00.000Z';

/** A queued reminder of instalment `seq` (due on `dueOn`), `open` still to pay of its `amount`. */
function reminder(id: string, seq: number, dueOn: string, amount: bigint, open: bigint, extra: Partial<PlanNotice> = {}): QueuedNotice {
  return {
    id,
    kind: 'instalment_reminder',
    details: {
      planId,
      referenceNumber: '9000000007',
      currency: 'EUR',
      instalments: [{ seq, dueOn, amountMinor: amount.toString() }],
      dueOn,
      payNowMinor: open.toString(),
      totalMinor: open.toString(),
      paidMinor: (amount - open).toString(),
      graceDays: null,
      asOf,
      ...extra,
    },
  };
}

const payment = (amountMinor: string, paymentId = 'pay-1', recordedAt = '2026-01-08T09:00:00.000Z') => ({
  paymentId,
  amountMinor,
  currency: 'EUR',
  receivedOn: '2026-01-08',
  recordedAt,
});

describe('an instalment reminder still queued when the money comes in', () => {
  it('is cancelled when a payment covers its open part, naming the instalment, the payment and the rule', () => {
    const changes = afterPayment([reminder('c-1', 1, '2026-01-10', 10000n, 10000n)], payment('10000'));
    expect(changes).toEqual([
      {
        kind: 'cancel',
        id: 'c-1',
        refusal: {
          allowed: false,
          code: 'instalment_paid',
          reason: 'instalment 1 of the payment plan (EUR 100.00 due on 2026-01-10) is paid: payment of EUR 100.00 received on 2026-01-08',
          rule: PLAN_RULE,
          source: 'Amicus: the payment plan',
          waitsFor: 'nothing',
        },
      },
    ]);
  });

  it('asks only for what is still open when a payment covers it in part, and counts that payment once', () => {
    const [change] = afterPayment([reminder('c-1', 1, '2026-01-10', 10000n, 10000n)], payment('2500'));
    expect(change).toMatchObject({
      kind: 'adapt',
      id: 'c-1',
      details: { payNowMinor: '7500', totalMinor: '7500', paidMinor: '2500', countedPayments: ['pay-1'] },
      amounts: { paidMinor: '2500', totalMinor: '7500', principalMinor: '7500' },
    });
    if (change?.kind !== 'adapt') throw new Error('adapted');
    const adapted: QueuedNotice = { id: 'c-1', kind: 'instalment_reminder', details: change.details };
    // The same payment again (a copy under another event id): nothing.
    expect(afterPayment([adapted], payment('2500'))).toEqual([]);
    // The rest, by another payment: cancelled.
    expect(afterPayment([adapted], payment('7500', 'pay-2'))).toMatchObject([{ kind: 'cancel', id: 'c-1' }]);
  });

  it('covers the earliest instalment first; what is left goes to the next', () => {
    const queued = [reminder('c-2', 2, '2026-02-10', 10000n, 10000n), reminder('c-1', 1, '2026-01-10', 10000n, 4000n)];
    expect(afterPayment(queued, payment('6000'))).toMatchObject([
      { kind: 'cancel', id: 'c-1' },
      { kind: 'adapt', id: 'c-2', details: { payNowMinor: '8000', paidMinor: '2000' } },
    ]);
  });

  it('is not touched by a payment cases had already deducted when it asked for it, nor by another currency, nor is any other kind', () => {
    const queued = [
      reminder('c-1', 1, '2026-01-10', 10000n, 10000n),
      { id: 'letter', kind: 'first_reminder', details: null },
      { id: 'confirmation', kind: 'payment_plan_confirmation', details: reminder('x', 1, '2026-01-10', 1n, 1n).details },
    ];
    expect(afterPayment(queued, payment('10000', 'pay-0', '2026-01-07T05:00:00.000Z'))).toEqual([]);
    expect(afterPayment(queued, { ...payment('10000'), currency: 'USD' })).toEqual([]);
    expect(afterPayment(queued, payment('10000')).map((c) => c.id)).toEqual(['c-1']);
  });

  it('marks a payment on every reminder it reaches, so a copy of it counts nothing (property)', () => {
    const queuedOf = fc
      .array(fc.record({ amount: fc.bigInt({ min: 1n, max: 100_000n }), paid: fc.bigInt({ min: 0n, max: 100_000n }) }), {
        minLength: 1,
        maxLength: 4,
      })
      .map((xs) =>
        xs.map(({ amount, paid }, i) =>
          reminder(`c-${i + 1}`, i + 1, `2026-0${i + 1}-10`, amount, amount - (paid < amount ? paid : amount - 1n)),
        ),
      );
    fc.assert(
      fc.property(queuedOf, fc.bigInt({ min: 1n, max: 500_000n }), (queued, amount) => {
        const changes = afterPayment(queued, payment(amount.toString()));
        const open = (q: QueuedNotice) => BigInt(q.details!.payNowMinor);
        // What the payment counts never exceeds it, nor any reminder's open part; a cancelled one was covered in full.
        let counted = 0n;
        for (const c of changes) {
          const before = open(queued.find((q) => q.id === c.id)!);
          const after = c.kind === 'cancel' ? 0n : BigInt(c.details.payNowMinor);
          expect(after >= 0n && after <= before).toBe(true);
          counted += before - after;
        }
        expect(counted <= amount).toBe(true);
        expect(counted).toBe(amount < queued.reduce((s, q) => s + open(q), 0n) ? amount : queued.reduce((s, q) => s + open(q), 0n));
        // Applied, then the same payment again: nothing more.
        const next = queued
          .map((q) => {
            const c = changes.find((x) => x.id === q.id);
            return c?.kind === 'cancel' ? null : c ? { ...q, details: c.details } : q;
          })
          .filter((q): q is QueuedNotice => q !== null);
        expect(afterPayment(next, payment(amount.toString()))).toEqual([]);
      }),
    );
  });
});

describe('an instalment reminder still queued when the plan ends', () => {
  const queued = [
    reminder('c-1', 2, '2026-02-10', 10000n, 10000n),
    reminder('other-plan', 1, '2026-02-10', 10000n, 10000n, { planId: '0193c0de-0000-7000-8000-00000000000a' }),
    { id: 'letter', kind: 'formal_notice', details: null },
  ];

  it('is cancelled when the plan is completed', () => {
    expect(afterPlanEnded(queued, planId, { how: 'completed', on: '2026-02-08' })).toEqual([
      {
        kind: 'cancel',
        id: 'c-1',
        refusal: {
          allowed: false,
          code: 'payment_plan_ended',
          reason: 'the payment plan was completed on 2026-02-08: nothing is left to remind of',
          rule: PLAN_RULE,
          source: 'Amicus: the payment plan',
          waitsFor: 'nothing',
        },
      },
    ]);
  });

  it('is cancelled when the plan is broken, with the reason, and only that plan’s', () => {
    const changes = afterPlanEnded(queued, planId, { how: 'broken', on: '2026-01-16', reason: 'instalment 1 not paid within 5 days' });
    expect(changes.map((c) => c.id)).toEqual(['c-1']);
    expect(changes[0]).toMatchObject({
      refusal: {
        code: 'payment_plan_ended',
        reason: expect.stringContaining('broken on 2026-01-16 (instalment 1 not paid within 5 days)'),
      },
    });
  });
});
