import fc from 'fast-check';
import { addDays } from '@amicus/calendar';
import { BE_LATE_PAYMENT, type RatePeriod } from '@amicus/legal';
import { halfYearEnd, readNewPeriod, tableWarning, type NewRatePeriodWire } from './rate-periods';

const wire = (extra: Partial<NewRatePeriodWire> = {}): NewRatePeriodWire => ({
  tableId: 'be-late-payment',
  from: '2026-01-01',
  through: '2026-06-30',
  ratePercent: '10.50',
  source: 'FPS Finance notice, Belgian Official Gazette',
  ...extra,
});
const shipped = () => BE_LATE_PAYMENT.periods;
const fieldsOf = (w: NewRatePeriodWire, periods: readonly RatePeriod[] = shipped()) =>
  readNewPeriod(w, () => periods).problems.map((p) => p.field);

/** Start dates from 2000 to 2040, and period lengths up to a year, as day counts. */
const startDay = fc.integer({ min: 0, max: 40 * 365 }).map((n) => addDays('2000-01-01', n));
const lengths = fc.array(fc.integer({ min: 0, max: 365 }), { minLength: 1, maxLength: 12 });

/** Adds contiguous periods one by one from `start`, each as the admin would; the table so built. */
function build(start: string, days: number[]): { periods: RatePeriod[]; refused: string[] } {
  const periods: RatePeriod[] = [];
  const refused: string[] = [];
  let from = start;
  for (const d of days) {
    const { period, problems } = readNewPeriod(wire({ from, through: addDays(from, d) }), () => periods);
    if (period) periods.push(period);
    refused.push(...problems.map((p) => `${p.field}: ${p.reason}`));
    from = addDays(from, d + 1);
  }
  return { periods, refused };
}

describe('a new rate period', () => {
  it('accepts the half-year that continues the shipped table, the rate in the shipped form', () => {
    const { period, problems } = readNewPeriod(wire({ ratePercent: '10.5' }), shipped);
    expect(problems).toEqual([]);
    expect(period).toEqual({
      tableId: 'be-late-payment',
      from: '2026-01-01',
      to: '2026-06-30',
      ratePercent: '10.50',
      source: wire().source,
    });
  });

  it('accepts any sequence of contiguous periods on an empty table', () => {
    fc.assert(
      fc.property(startDay, lengths, (start, days) => {
        const { periods, refused } = build(start, days);
        expect(refused).toEqual([]);
        expect(periods).toHaveLength(days.length);
      }),
    );
  });

  it('refuses any gap after the last period, naming from and the day the next one must start', () => {
    fc.assert(
      fc.property(startDay, lengths, fc.integer({ min: 1, max: 400 }), (start, days, gap) => {
        const { periods } = build(start, days);
        const next = addDays(periods.at(-1)!.to, 1);
        const { period, problems } = readNewPeriod(wire({ from: addDays(next, gap), through: null }), () => periods);
        expect(period).toBeNull();
        expect(problems).toEqual([{ field: 'from', reason: expect.stringContaining(`leaves a gap from ${next}`) }]);
      }),
    );
  });

  it('refuses any overlap with the table, naming from and the period it overlaps', () => {
    fc.assert(
      fc.property(startDay, lengths, fc.integer({ min: 1, max: 5000 }), (start, days, back) => {
        const { periods } = build(start, days);
        const next = addDays(periods.at(-1)!.to, 1);
        const from = addDays(next, -back);
        const { period, problems } = readNewPeriod(wire({ from, through: addDays(from, 10) }), () => periods);
        expect(period).toBeNull();
        const hit = periods.find((p) => p.from <= from && from <= p.to);
        const reason = hit ? `overlaps the period ${hit.from} – ${hit.to}` : "is before the table's first period";
        expect(problems).toEqual([{ field: 'from', reason: `${reason}: the next period starts on ${next}` }]);
      }),
    );
  });

  it('defaults through to the end of the half-year from starts in', () => {
    expect(readNewPeriod(wire({ through: null }), shipped).period?.to).toBe('2026-06-30');
    expect(halfYearEnd('2026-07-01')).toBe('2026-12-31');
    expect(halfYearEnd('2026-06-30')).toBe('2026-06-30');
  });

  it('names each bad field', () => {
    expect(fieldsOf(wire({ tableId: 'be-legal' }))).toEqual(['tableId']);
    expect(fieldsOf(wire({ from: '2026-02-30' }))).toEqual(['from']);
    expect(fieldsOf(wire({ through: '2025-12-31' }))).toEqual(['through']);
    expect(fieldsOf(wire({ through: '2027-06-30' }))).toEqual(['through']);
    expect(fieldsOf(wire({ through: '30/06/2026' }))).toEqual(['through']);
    expect(fieldsOf(wire({ ratePercent: '10,50' }))).toEqual(['ratePercent']);
    expect(fieldsOf(wire({ ratePercent: '-1' }))).toEqual(['ratePercent']);
    expect(fieldsOf(wire({ ratePercent: '25.5' }))).toEqual(['ratePercent']);
    expect(fieldsOf(wire({ source: '  ' }))).toEqual(['source']);
    expect(fieldsOf(wire({ source: 'x'.repeat(501) }))).toEqual(['source']);
    expect(fieldsOf({ tableId: '', from: '', through: 'x', ratePercent: '', source: '' })).toEqual([
      'tableId',
      'from',
      'through',
      'ratePercent',
      'source',
    ]);
  });
});

describe("a table's warning", () => {
  const table = BE_LATE_PAYMENT; // ends 2025-12-31

  it('is silent until 30 days before the table ends', () => {
    expect(tableWarning(table, '2025-11-30')).toBeNull();
  });

  it('shows from 30 days before the table ends, with the last day', () => {
    expect(tableWarning(table, '2025-12-01')).toMatch(/ends on 2025-12-31 \(in 30 days\)/);
    expect(tableWarning(table, '2025-12-31')).toMatch(/in 0 days/);
  });

  it('says interest is refused once the table has ended', () => {
    expect(tableWarning(table, '2026-01-01')).toMatch(/ended on 2025-12-31: interest from 2026-01-01 is refused/);
    expect(tableWarning({ ...table, periods: [] }, '2026-01-01')).toMatch(/no period known/);
  });
});
