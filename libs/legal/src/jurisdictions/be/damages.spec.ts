import { formatAmount, parseMoney } from '@amicus/money';
import { maxDamages } from '../../api';

const eur = (v: string) => parseMoney(v, 'EUR');

// legal-rules.md, "Damages scale (BE-C-7), worked".
describe('BE-C-7 consumer damages scale (worked examples)', () => {
  it.each([
    ['100.00', '20.00'],
    ['150.00', '20.00'],
    ['400.00', '55.00'],
    ['500.00', '65.00'],
    ['1000.00', '90.00'],
    ['10000.00', '540.00'],
    ['50000.00', '2000.00'],
  ])('outstanding €%s allows at most €%s', (outstanding, expected) => {
    const cap = maxDamages({ country: 'BE', debtorKind: 'consumer', outstanding: eur(outstanding) });
    expect(cap.allowed).toBe(true);
    expect(cap.rule).toBe('BE-C-7');
    expect(formatAmount(cap.max)).toBe(expected);
  });

  it('shows the capping in the arithmetic', () => {
    expect(maxDamages({ country: 'BE', debtorKind: 'consumer', outstanding: eur('50000') }).arithmetic).toMatch(/capped at €2000/);
  });

  it('starts the middle band just above €150', () => {
    expect(formatAmount(maxDamages({ country: 'BE', debtorKind: 'consumer', outstanding: eur('150.01') }).max)).toBe('30.00');
  });

  it('refuses damages in a currency other than euro', () => {
    const cap = maxDamages({ country: 'BE', debtorKind: 'consumer', outstanding: parseMoney('1000', 'USD') });
    expect(cap.allowed).toBe(false);
    expect(cap.max.amountMinor).toBe(0n);
    expect(cap.arithmetic).toMatch(/in euro/);
  });
});

describe('BE-B-2 business compensation', () => {
  it('is a flat €40 without a clause', () => {
    expect(formatAmount(maxDamages({ country: 'BE', debtorKind: 'business', outstanding: eur('10000') }).max)).toBe('40.00');
  });
  it('follows a higher contractual clause', () => {
    const cap = maxDamages({
      country: 'BE',
      debtorKind: 'business',
      outstanding: eur('10000'),
      damagesClause: { reciprocal: true, ratePercent: '10', minimum: eur('125') },
    });
    expect(formatAmount(cap.max)).toBe('1000.00');
  });
  it('keeps the €40 when the clause gives less', () => {
    const cap = maxDamages({
      country: 'BE',
      debtorKind: 'business',
      outstanding: eur('100'),
      damagesClause: { reciprocal: true, ratePercent: '10' },
    });
    expect(formatAmount(cap.max)).toBe('40.00');
  });
});
