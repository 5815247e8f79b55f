import fc from 'fast-check';
import { addDays } from '@amicus/calendar';
import { CohortCollected, CohortPlaced, collectionCurves, monthOf, monthsBetween } from './collection-curve';

describe('monthsBetween', () => {
  it('counts calendar months, month 0 being the month itself', () => {
    expect(monthsBetween('2026-01-31', '2026-01-01')).toBe(0);
    expect(monthsBetween('2026-01-31', '2026-02-01')).toBe(1);
    expect(monthsBetween('2025-11-15', '2026-02-10')).toBe(3);
    expect(monthsBetween('2026-03-01', '2026-02-28')).toBe(0);
  });
});

describe('collectionCurves', () => {
  it('accumulates a cohort month by month up to today, as a share of its placed principal', () => {
    const placed: CohortPlaced[] = [{ clientId: 'c1', currency: 'EUR', cohortMonth: '2026-09', placedMinor: 400000n }];
    const collected: CohortCollected[] = [
      { clientId: 'c1', currency: 'EUR', cohortMonth: '2026-09', monthsSincePlacement: 0, collectedMinor: 40000n },
      { clientId: 'c1', currency: 'EUR', cohortMonth: '2026-09', monthsSincePlacement: 2, collectedMinor: 100000n },
      { clientId: 'c1', currency: 'EUR', cohortMonth: '2026-09', monthsSincePlacement: 2, collectedMinor: 10000n },
      // another client's money is not this cohort's
      { clientId: 'c2', currency: 'EUR', cohortMonth: '2026-09', monthsSincePlacement: 1, collectedMinor: 99999n },
    ];
    expect(collectionCurves(placed, collected, '2026-12-01')).toEqual([
      {
        ...placed[0],
        points: [
          { monthsSincePlacement: 0, collectedMinor: 40000n, shareBp: 1000 },
          { monthsSincePlacement: 1, collectedMinor: 40000n, shareBp: 1000 },
          { monthsSincePlacement: 2, collectedMinor: 150000n, shareBp: 3750 },
          { monthsSincePlacement: 3, collectedMinor: 150000n, shareBp: 3750 },
        ],
      },
    ]);
  });

  it('is cumulative, never above 100 % and ends at all that was collected, for generated claims and payments', () => {
    const claim = fc.record({
      client: fc.constantFrom('c1', 'c2'),
      placedDay: fc.integer({ min: 0, max: 300 }),
      principal: fc.bigInt({ min: 1n, max: 10n ** 10n }),
      // each payment: its share of the principal still open (in per mille) and how many days after placement it came
      payments: fc.array(fc.record({ perMille: fc.integer({ min: 0, max: 1000 }), after: fc.integer({ min: -20, max: 400 }) }), {
        maxLength: 4,
      }),
    });
    fc.assert(
      fc.property(fc.array(claim, { minLength: 1, maxLength: 12 }), fc.integer({ min: 0, max: 800 }), (claims, asOfDay) => {
        const placed = new Map<string, CohortPlaced>();
        const collected: CohortCollected[] = [];
        const total = new Map<string, bigint>();
        for (const c of claims) {
          const placedOn = addDays('2025-06-01', c.placedDay);
          const key = { clientId: c.client, currency: 'EUR', cohortMonth: monthOf(placedOn) };
          const k = `${c.client} ${key.cohortMonth}`;
          placed.set(k, { ...key, placedMinor: (placed.get(k)?.placedMinor ?? 0n) + c.principal });
          let open = c.principal;
          for (const p of c.payments) {
            const amount = (open * BigInt(p.perMille)) / 1000n;
            open -= amount;
            collected.push({ ...key, monthsSincePlacement: monthsBetween(placedOn, addDays(placedOn, p.after)), collectedMinor: amount });
            total.set(k, (total.get(k) ?? 0n) + amount);
          }
        }
        const asOf = addDays('2025-06-01', asOfDay);
        const curves = collectionCurves([...placed.values()], collected, asOf);
        expect(curves).toHaveLength(placed.size);
        for (const curve of curves) {
          const k = `${curve.clientId} ${curve.cohortMonth}`;
          expect(curve.points.map((p) => p.monthsSincePlacement)).toEqual(curve.points.map((_, i) => i));
          expect(curve.points.length).toBeGreaterThanOrEqual(monthsBetween(`${curve.cohortMonth}-01`, asOf) + 1);
          curve.points.forEach((p, i) => {
            if (i > 0) expect(p.collectedMinor).toBeGreaterThanOrEqual(curve.points[i - 1]!.collectedMinor);
            expect(p.shareBp).toBeLessThanOrEqual(10000);
            expect(p.shareBp).toBe(Number((p.collectedMinor * 10000n) / curve.placedMinor));
          });
          expect(curve.points[curve.points.length - 1]!.collectedMinor).toBe(total.get(k) ?? 0n);
        }
      }),
    );
  });
});
