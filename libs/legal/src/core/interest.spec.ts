import { formatAmount, parseMoney } from '@amicus/money';
import { BE_LATE_PAYMENT } from '../rates';
import type { RateTable } from '../rates';
import { accrue } from './interest';

const eur = (v: string) => parseMoney(v, 'EUR');

describe('interest: simple, actual/365, split at rate changes', () => {
  it('splits a period across a half-year change of the reference rate', () => {
    // €1,000 from 1 Dec 2024 to 31 Jan 2025: 31 days at 12.50% then 31 days at 11.50%.
    const r = accrue('c1', eur('1000'), { kind: 'table', table: BE_LATE_PAYMENT }, '2024-12-01', '2025-02-01', 'BE-B-1', 'law');
    expect(r.lines.map((l) => [l.from, l.through, l.days, l.ratePercent, formatAmount(l.amount)])).toEqual([
      ['2024-12-01', '2024-12-31', 31, '12.5', '10.62'], // 1000 × 12.5% × 31/365 = 10.616…
      ['2025-01-01', '2025-01-31', 31, '11.5', '9.77'], // 1000 × 11.5% × 31/365 = 9.767…
    ]);
  });

  it('counts 29 February as a day, still over 365', () => {
    const r = accrue('c1', eur('3650'), { kind: 'contract', ratePercent: '10' }, '2024-02-28', '2024-03-01', 'X', 'x');
    expect(r.lines[0].days).toBe(2);
    expect(formatAmount(r.lines[0].amount)).toBe('2.00');
  });

  it('caps a contract rate at the reference rate (BE-C-5)', () => {
    const r = accrue(
      'c1',
      eur('3650'),
      { kind: 'contract_capped', ratePercent: '15', table: BE_LATE_PAYMENT },
      '2025-01-01',
      '2025-01-11',
      'BE-C-5',
      'x',
    );
    expect(r.lines[0].ratePercent).toBe('11.5');
    expect(formatAmount(r.lines[0].amount)).toBe('11.50');
  });

  it('says where no rate is known instead of guessing', () => {
    const short: RateTable = { ...BE_LATE_PAYMENT, periods: BE_LATE_PAYMENT.periods.slice(0, 1) };
    const r = accrue('c1', eur('1000'), { kind: 'table', table: short }, '2023-06-01', '2023-08-01', 'X', 'x');
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0].through).toBe('2023-06-30');
    expect(r.missingRateFrom).toBe('2023-07-01');
  });

  it('rounds each line half-up once', () => {
    // 1.00 × 36.5% × 1/365 = 0.001 EUR = 0.1 cent → 0; 5.00 × 36.5% × 1/365 = 0.5 cent → 1 cent.
    expect(
      accrue('c', eur('1'), { kind: 'contract', ratePercent: '36.5' }, '2025-01-01', '2025-01-02', 'X', 'x').lines[0].amount.amountMinor,
    ).toBe(0n);
    expect(
      accrue('c', eur('5'), { kind: 'contract', ratePercent: '36.5' }, '2025-01-01', '2025-01-02', 'X', 'x').lines[0].amount.amountMinor,
    ).toBe(1n);
  });
});
