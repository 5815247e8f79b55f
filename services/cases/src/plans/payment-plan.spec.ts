import fc from 'fast-check';
import { addDays, type CalendarDate } from '@amicus/calendar';
import {
  addMonths,
  DEFAULT_PLAN_LIMITS,
  nextPlanOutcome,
  outsideLimits,
  planStanding,
  readProposal,
  splitEvenly,
  sumOf,
  type CountedPayment,
  type Instalment,
} from './payment-plan';
import { paidTowards, promiseOutcome, readPromise } from './promise';

const money = (m: bigint) => `€${m}`;
const today = '2025-03-10';

describe('a proposal', () => {
  it('splits a count of monthly instalments after a down payment so that they sum to the open amount', () => {
    const read = readProposal(
      { count: 3, firstDueOn: '2025-03-31', downPaymentMinor: '10000', downPaymentOn: today },
      40001n,
      today,
      money,
    );
    expect(read).toEqual({
      instalments: [
        { seq: 1, dueOn: today, amountMinor: 10000n, downPayment: true },
        { seq: 2, dueOn: '2025-03-31', amountMinor: 10001n, downPayment: false },
        { seq: 3, dueOn: '2025-04-30', amountMinor: 10000n, downPayment: false },
        { seq: 4, dueOn: '2025-05-31', amountMinor: 10000n, downPayment: false },
      ],
    });
  });

  it('names every wrong field of explicit instalments', () => {
    const read = readProposal(
      {
        instalments: [
          { dueOn: '2025-03-09', amountMinor: '100' },
          { dueOn: '2025-04-01', amountMinor: '0' },
          { dueOn: '2025-04-01', amountMinor: '100' },
        ],
      },
      300n,
      today,
      money,
    );
    expect(read).toEqual({
      problems: [
        { field: 'instalments[0].dueOn', reason: 'is not after yesterday (2025-03-09)' },
        { field: 'instalments[1].amountMinor', reason: 'is an amount in minor units, more than zero' },
        { field: 'instalments[2].dueOn', reason: 'is not after the instalment before it (2025-04-01)' },
      ],
    });
  });

  it('refuses instalments that do not sum to what is open, and both forms or neither', () => {
    expect(readProposal({ instalments: [{ dueOn: today, amountMinor: '100' }] }, 300n, today, money)).toEqual({
      problems: [{ field: 'instalments', reason: 'the plan sums to €100; the case has €300 open today' }],
    });
    expect(readProposal({}, 300n, today, money)).toMatchObject({ problems: [{ field: 'instalments' }] });
    expect(readProposal({ instalments: [], count: 2, firstDueOn: today }, 300n, today, money)).toMatchObject({
      problems: [{ field: 'instalments' }],
    });
    expect(readProposal({ count: 0, firstDueOn: 'soon' }, 300n, today, money)).toEqual({
      problems: [
        { field: 'count', reason: 'is a whole number of instalments from 1 to 120' },
        { field: 'firstDueOn', reason: 'is a date (YYYY-MM-DD)' },
      ],
    });
  });

  it('property: a count of instalments always sums to the open amount, in parts a cent apart at most', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.integer({ min: 1, max: 120 }),
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        (total, count, down) => {
          fc.pre(total - down >= BigInt(count));
          const read = readProposal(
            { count, firstDueOn: '2025-03-11', ...(down > 0n ? { downPaymentMinor: String(down), downPaymentOn: today } : {}) },
            total,
            today,
            money,
          );
          if (!('instalments' in read)) throw new Error(JSON.stringify(read.problems));
          expect(sumOf(read.instalments)).toBe(total);
          const parts = read.instalments.filter((i) => !i.downPayment).map((i) => i.amountMinor);
          const [min, max] = [parts.reduce((a, b) => (a < b ? a : b)), parts.reduce((a, b) => (a > b ? a : b))];
          expect(max - min <= 1n).toBe(true);
          expect(sumOf(splitEvenly(total, count).map((amountMinor) => ({ amountMinor })))).toBe(total);
        },
      ),
    );
  });

  it('adds months to the last day of a shorter month', () => {
    expect([addMonths('2025-01-31', 1), addMonths('2024-01-31', 1), addMonths('2025-11-15', 3), addMonths('2025-03-10', 12)]).toEqual([
      '2025-02-28',
      '2024-02-29',
      '2026-02-15',
      '2026-03-10',
    ]);
  });
});

describe('the client’s limits', () => {
  const plan = (amounts: bigint[], months = 1, down = false): Instalment[] =>
    amounts.map((amountMinor, i) => ({ seq: i + 1, dueOn: addMonths(today, i * months), amountMinor, downPayment: down && i === 0 }));

  it('are met by a plan within the months, above the minimum (the last may be the remainder), with a down payment when required', () => {
    expect(outsideLimits(plan([5000n, 5000n, 100n]), DEFAULT_PLAN_LIMITS, today, money)).toEqual([]);
    expect(outsideLimits(plan([5000n, 5000n], 1, true), { ...DEFAULT_PLAN_LIMITS, downPaymentRequired: true }, today, money)).toEqual([]);
  });

  it('say what is outside them', () => {
    expect(outsideLimits(plan([100n, 5000n], 13), { ...DEFAULT_PLAN_LIMITS, downPaymentRequired: true }, today, money)).toEqual([
      'the last instalment (2026-04-10) falls more than 12 months after 2025-03-10',
      "instalment 1 (€100) is below the client's minimum of €2500",
      'the client requires a down payment',
    ]);
  });
});

describe('where a plan stands', () => {
  const instalments: Instalment[] = [
    { seq: 1, dueOn: '2025-03-15', amountMinor: 10000n, downPayment: false },
    { seq: 2, dueOn: '2025-04-15', amountMinor: 10000n, downPayment: false },
  ];
  const pay = (receivedOn: string, amountMinor: bigint): CountedPayment => ({ receivedOn, amountMinor });

  it('is kept while each instalment is covered by the end of its grace days, and checked the day after the next one’s', () => {
    const s = planStanding(instalments, [pay('2025-03-18', 10000n)], '2025-03-25', 5, today);
    expect(s).toMatchObject({ outcome: 'kept', paidMinor: 10000n, missed: null, checkOn: '2025-04-21' });
    expect(s.instalments.map((i) => i.status)).toEqual(['paid', 'upcoming']);
  });

  it('breaks the day after the grace days of an instalment not covered, and payments cover instalments in order', () => {
    const s = planStanding(instalments, [pay('2025-03-12', 6000n)], '2025-03-21', 5, today);
    expect(s).toMatchObject({ outcome: 'broken', missed: { seq: 1, brokeOn: '2025-03-21', paidMinor: 6000n }, checkOn: null });
    expect(s.instalments.map((i) => [i.status, i.paidMinor])).toEqual([
      ['missed', 6000n],
      ['upcoming', 0n],
    ]);
    expect(planStanding(instalments, [pay('2025-03-12', 6000n)], '2025-03-20', 5, today).outcome).toBe('kept');
  });

  it('completes when the payments reach its total, and ignores money from before it was proposed', () => {
    expect(planStanding(instalments, [pay('2025-03-12', 20000n)], '2025-03-12', 5, today).outcome).toBe('completed');
    expect(planStanding(instalments, [pay('2025-03-09', 20000n)], '2025-03-12', 5, today).outcome).toBe('kept');
  });

  const scheduleArb = fc
    .array(fc.record({ gap: fc.integer({ min: 1, max: 40 }), amount: fc.bigInt({ min: 1n, max: 50_000n }) }), {
      minLength: 1,
      maxLength: 6,
    })
    .map((parts) => {
      let day: CalendarDate = today;
      return parts.map((p, i): Instalment => {
        day = addDays(day, p.gap);
        return { seq: i + 1, dueOn: day, amountMinor: p.amount, downPayment: false };
      });
    });
  // A run of days from the proposal; on each, some payments come in (dated that day).
  const daysArb = fc.array(
    fc.record({ step: fc.integer({ min: 0, max: 20 }), paid: fc.array(fc.bigInt({ min: 1n, max: 40_000n }), { maxLength: 2 }) }),
    {
      maxLength: 30,
    },
  );

  it('property: checked day by day, as the sweep does, it stands where it stands computed once on the last day', () => {
    fc.assert(
      fc.property(scheduleArb, daysArb, fc.integer({ min: 0, max: 10 }), (plan, days, grace) => {
        let day: CalendarDate = today;
        let stored = planStanding(plan, [], day, grace, today).outcome;
        const payments: CountedPayment[] = [];
        for (const d of days) {
          day = addDays(day, d.step);
          payments.push(...d.paid.map((amountMinor) => ({ receivedOn: day, amountMinor })));
          stored = nextPlanOutcome(stored, planStanding(plan, payments, day, grace, today));
        }
        const once = planStanding(plan, payments, day, grace, today);
        expect(stored).toBe(once.outcome);
        // A kept plan is next checked after the day it is checked on, when an instalment is still to cover.
        if (once.outcome === 'kept') expect(once.checkOn! > day).toBe(true);
        expect(once.instalments.reduce((s, i) => s + i.paidMinor, 0n)).toBe(once.paidMinor < sumOf(plan) ? once.paidMinor : sumOf(plan));
      }),
    );
  });

  it('property: the instalments of a plan sum to its total, and what payments cover never exceeds an instalment', () => {
    fc.assert(
      fc.property(scheduleArb, fc.array(fc.bigInt({ min: 1n, max: 80_000n }), { maxLength: 5 }), (plan, amounts) => {
        const s = planStanding(
          plan,
          amounts.map((amountMinor) => ({ receivedOn: today, amountMinor })),
          today,
          5,
          today,
        );
        expect(sumOf(s.instalments)).toBe(sumOf(plan));
        for (const i of s.instalments) expect(i.paidMinor >= 0n && i.paidMinor <= i.amountMinor).toBe(true);
      }),
    );
  });
});

describe('a promise to pay', () => {
  it('is read with every wrong field named', () => {
    expect(readPromise({ amountMinor: '50000', dueOn: '2025-03-01' }, 40000n, today, money)).toEqual({
      problems: [
        { field: 'amountMinor', reason: 'is more than the €40000 the case has open' },
        { field: 'dueOn', reason: 'is before today (2025-03-10)' },
      ],
    });
    expect(readPromise({ amountMinor: '1.5', dueOn: '2026-03-01' }, 40000n, today, money)).toMatchObject({
      problems: [{ field: 'amountMinor' }, { field: 'dueOn', reason: 'is more than 92 days away: propose a payment plan instead' }],
    });
  });

  it('is kept once paid by its date, open until then, broken after', () => {
    const p = { amountMinor: 10000n, dueOn: '2025-03-20', madeOn: today };
    expect(promiseOutcome(p, [{ receivedOn: '2025-03-20', amountMinor: 10000n }], '2025-03-20')).toBe('kept');
    expect(promiseOutcome(p, [{ receivedOn: '2025-03-15', amountMinor: 9999n }], '2025-03-20')).toBe('open');
    expect(promiseOutcome(p, [{ receivedOn: '2025-03-21', amountMinor: 10000n }], '2025-03-21')).toBe('broken');
  });

  it('property: after its date it is kept exactly when the payments from the day it was made to its date reach its amount', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 100_000n }),
        fc.integer({ min: 0, max: 60 }),
        fc.array(fc.record({ day: fc.integer({ min: -5, max: 70 }), amount: fc.bigInt({ min: 1n, max: 60_000n }) }), { maxLength: 6 }),
        fc.integer({ min: 1, max: 30 }),
        (amountMinor, inDays, raw, later) => {
          const p = { amountMinor, dueOn: addDays(today, inDays), madeOn: today };
          const payments = raw.map((r) => ({ receivedOn: addDays(today, r.day), amountMinor: r.amount }));
          const inTime = payments.filter((x) => x.receivedOn >= today && x.receivedOn <= p.dueOn).reduce((s, x) => s + x.amountMinor, 0n);
          const outcome = promiseOutcome(p, payments, addDays(p.dueOn, later));
          expect(outcome).toBe(inTime >= amountMinor ? 'kept' : 'broken');
          expect(paidTowards(p, payments, addDays(p.dueOn, later))).toBe(inTime);
        },
      ),
    );
  });
});
