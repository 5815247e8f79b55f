import { formatAmount, parseMoney } from '@amicus/money';
import { maxDamages } from '../../api';

const eur = (v: string) => parseMoney(v, 'EUR');

// legal-rules.md, "Cost scale (NL-C-3), worked".
describe('NL-C-3 BIK cost scale (worked examples)', () => {
  it.each([
    ['100.00', '40.00'],
    ['1000.00', '150.00'],
    ['2500.00', '375.00'],
    ['3000.00', '425.00'],
    ['5000.00', '625.00'],
    ['10000.00', '875.00'],
    ['200000.00', '2775.00'],
  ])('principal €%s allows at most €%s', (principal, expected) => {
    const cap = maxDamages({ country: 'NL', debtorKind: 'consumer', outstanding: eur(principal) });
    expect(cap.rule).toBe('NL-C-3');
    expect(formatAmount(cap.max)).toBe(expected);
  });

  it('never exceeds €6,775', () => {
    expect(formatAmount(maxDamages({ country: 'NL', debtorKind: 'consumer', outstanding: eur('5000000') }).max)).toBe('6775.00');
  });

  it('business debtors: at least €40, otherwise the scale', () => {
    expect(formatAmount(maxDamages({ country: 'NL', debtorKind: 'business', outstanding: eur('50') }).max)).toBe('40.00');
    expect(formatAmount(maxDamages({ country: 'NL', debtorKind: 'business', outstanding: eur('3000') }).max)).toBe('425.00');
  });

  it('business debtors: a contractual clause replaces the scale', () => {
    expect(
      formatAmount(
        maxDamages({
          country: 'NL',
          debtorKind: 'business',
          outstanding: eur('3000'),
          damagesClause: { reciprocal: false, ratePercent: '15' },
        }).max,
      ),
    ).toBe('450.00');
  });
});
