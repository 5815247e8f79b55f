import fc from 'fast-check';
import { addDays } from '@amicus/calendar';
import { AGEING_BUCKETS, ageing, bucketOf, daysPastDue } from './ageing';

describe('ageing buckets', () => {
  it('puts days past due in 0–30, 31–60, 61–90, 91–180 and over 180', () => {
    expect([0, 30, 31, 60, 61, 90, 91, 180, 181, 4000].map(bucketOf)).toEqual([
      'DAYS_0_30',
      'DAYS_0_30',
      'DAYS_31_60',
      'DAYS_31_60',
      'DAYS_61_90',
      'DAYS_61_90',
      'DAYS_91_180',
      'DAYS_91_180',
      'OVER_180',
      'OVER_180',
    ]);
  });

  it('counts a claim not yet due as 0 days past due', () => {
    expect(daysPastDue('2026-12-20', '2026-12-01')).toBe(0);
    expect(daysPastDue('2026-10-31', '2026-12-01')).toBe(31);
  });

  it('gives every client and currency all five buckets, in order', () => {
    const [row] = ageing([{ clientId: 'c1', currency: 'EUR', oldestDueOn: '2026-08-01', openMinor: 12550n }], '2026-12-01');
    expect(row!.buckets.map((b) => [b.bucket, b.openCases, b.openMinor])).toEqual([
      ['DAYS_0_30', 0, 0n],
      ['DAYS_31_60', 0, 0n],
      ['DAYS_61_90', 0, 0n],
      ['DAYS_91_180', 1, 12550n],
      ['OVER_180', 0, 0n],
    ]);
  });

  it('counts every open case in exactly one bucket, its amount to the cent', () => {
    const openCase = fc.record({
      clientId: fc.constantFrom('c1', 'c2'),
      currency: fc.constantFrom('EUR', 'USD'),
      overdue: fc.integer({ min: -40, max: 1000 }),
      openMinor: fc.bigInt({ min: 1n, max: 10n ** 12n }),
    });
    fc.assert(
      fc.property(fc.array(openCase, { maxLength: 30 }), (cases) => {
        const today = '2026-12-01';
        const rows = ageing(
          cases.map((c) => ({ ...c, oldestDueOn: addDays(today, -c.overdue) })),
          today,
        );
        expect(rows.every((r) => r.buckets.map((b) => b.bucket).join() === AGEING_BUCKETS.map((b) => b.bucket).join())).toBe(true);
        expect(rows.reduce((n, r) => n + r.buckets.reduce((m, b) => m + b.openCases, 0), 0)).toBe(cases.length);
        expect(rows.reduce((s, r) => s + r.buckets.reduce((t, b) => t + b.openMinor, 0n), 0n)).toBe(
          cases.reduce((s, c) => s + c.openMinor, 0n),
        );
        for (const r of rows)
          for (const b of r.buckets)
            expect(b.openCases).toBe(
              cases.filter(
                (c) =>
                  c.clientId === r.clientId &&
                  c.currency === r.currency &&
                  Math.max(0, c.overdue) >= b.minDays &&
                  (b.maxDays === null || Math.max(0, c.overdue) <= b.maxDays),
              ).length,
            );
      }),
    );
  });
});
