import fc from 'fast-check';
import { judgmentBalance, judgmentOf, proceedingEntry, remindersDue } from './proceedings';

const judgment = judgmentOf(
  {
    judgedOn: '2026-03-02',
    court: 'Vredegerecht Gent',
    principalMinor: 100_000n,
    costsMinor: 25_000n,
    interestRatePercent: '10',
    interestFrom: '2026-01-01',
  },
  'EUR',
);

describe('proceedings (#16 §4)', () => {
  it('a hearing is reminded a week before unless told otherwise; a judicial cost needs an amount', () => {
    expect(proceedingEntry({ kind: 'hearing', on: '2026-05-12', description: 'introductory hearing' }).remindOn).toBe('2026-05-05');
    expect(proceedingEntry({ kind: 'deadline', on: '2026-05-12', description: 'conclusions', remindOn: '2026-05-01' }).remindOn).toBe(
      '2026-05-01',
    );
    expect(() => proceedingEntry({ kind: 'judicial_cost', on: '2026-05-12', description: 'roll fee' })).toThrow(/amountMinor/);
    expect(() => proceedingEntry({ kind: 'hearing', on: '2026-02-30', description: 'x' })).toThrow(/on: is not a date/);
  });

  it('refuses a judgment with interest but no day it runs from, naming the field', () => {
    expect(() =>
      judgmentOf({ judgedOn: '2026-03-02', court: 'x', principalMinor: 1n, costsMinor: 0n, interestRatePercent: '8' }, 'EUR'),
    ).toThrow(/interestFrom/);
  });

  it('interest runs on the principal awarded from its day; a payment goes to costs, then interest, then principal', () => {
    // 1 Jan – 1 Apr 2026 = 90 days: 1,000.00 × 10% × 90/365 = 24.66
    const b = judgmentBalance(judgment, [], [{ id: 'p1', receivedOn: '2026-04-01', amountMinor: 30_000n }], '2026-04-01');
    expect(b.payments[0]).toMatchObject({ costsMinor: 25_000n, interestMinor: 2_466n, principalMinor: 2_534n, surplusMinor: 0n });
    expect(b).toMatchObject({ costsMinor: 0n, interestMinor: 0n, principalMinor: 97_466n, totalMinor: 97_466n });
    expect(b.interestLines[0]).toMatchObject({ from: '2026-01-01', through: '2026-03-31', days: 90, ratePercent: '10' });
  });

  it('a judicial cost recorded later is owed from its day; a payment before the judgment is not counted', () => {
    const b = judgmentBalance(
      { ...judgment, interestRatePercent: null, interestFrom: null },
      [{ on: '2026-04-10', amountMinor: 5_000n }],
      [
        { id: 'before', receivedOn: '2026-02-01', amountMinor: 1_000n },
        { id: 'p', receivedOn: '2026-04-05', amountMinor: 25_000n },
      ],
      '2026-05-01',
    );
    expect(b.payments.map((p) => p.id)).toEqual(['p']);
    expect(b).toMatchObject({ costsMinor: 5_000n, principalMinor: 100_000n, totalMinor: 105_000n });
  });

  it('every payment splits to its whole to the cent, and what is owed never goes below zero', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ day: fc.integer({ min: 0, max: 300 }), amount: fc.bigInt({ min: 1n, max: 200_000n }) }), { maxLength: 8 }),
        (ps) => {
          const pays = ps.map((p, i) => ({
            id: String(i),
            receivedOn: new Date(Date.UTC(2026, 2, 2 + p.day)).toISOString().slice(0, 10),
            amountMinor: p.amount,
          }));
          const b = judgmentBalance(judgment, [{ on: '2026-06-01', amountMinor: 3_000n }], pays, '2027-01-01');
          for (const a of b.payments) expect(a.costsMinor + a.interestMinor + a.principalMinor + a.surplusMinor).toBe(a.amountMinor);
          expect(b.costsMinor >= 0n && b.interestMinor >= 0n && b.principalMinor >= 0n).toBe(true);
        },
      ),
    );
  });

  it('reminds of what is not done and whose day has come', () => {
    const e = [
      { id: 'a', remindOn: '2026-05-05', doneAt: null },
      { id: 'b', remindOn: '2026-05-06', doneAt: null },
      { id: 'c', remindOn: '2026-05-01', doneAt: new Date() },
      { id: 'd', remindOn: null, doneAt: null },
    ];
    expect(remindersDue(e, '2026-05-05').map((x) => x.id)).toEqual(['a']);
  });
});
