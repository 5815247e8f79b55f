import fc from 'fast-check';
import { formatMoney, formatRatio, parseDecimal, type Money } from '@amicus/money';
import { decimalOf, moneyText, percentText } from './money-text';

const outcome = (f: () => unknown): unknown => {
  try {
    return { value: f() };
  } catch (e) {
    return { error: (e as Error).constructor.name, message: (e as Error).message };
  }
};

describe('amounts and rates as text', () => {
  it('writes any amount in any currency exactly as formatMoney does', () => {
    const amountArb = fc.oneof(
      fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }),
      fc.bigInt({ min: -1200n, max: 1200n }),
      fc.constantFrom(0n, 1n, -1n, 9n, 10n, 99n, 100n, 101n, 999n, 1000n, -5n, -100n),
    );
    const currencyArb = fc.constantFrom('EUR', 'USD', 'GBP', 'JPY', 'KRW', 'BHD', 'KWD', 'CLF', 'XYZ', 'eur', '');
    fc.assert(
      fc.property(amountArb, currencyArb, (amountMinor, currency) => {
        const m: Money = { amountMinor, currency };
        expect(outcome(() => moneyText(m))).toEqual(outcome(() => formatMoney(m)));
      }),
      { numRuns: 3000 },
    );
  });

  it('parses and writes rates as parseDecimal and formatRatio do, once per text', () => {
    const rateArb = fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 99999 })).map(([i, f]) => `${i}.${String(f).padStart(5, '0')}`),
      fc.constantFrom('10.50', '12', '0', '3.333', '11.15', '0.00005', '8.00049', '7.99995', '-1.5', ' 4.25 '),
    );
    fc.assert(
      fc.property(rateArb, (text) => {
        expect(decimalOf(text)).toEqual(parseDecimal(text));
        expect(decimalOf(text)).toBe(decimalOf(text));
        expect(percentText(decimalOf(text))).toBe(formatRatio(parseDecimal(text), 4).replace(/\.?0+$/, ''));
      }),
      { numRuns: 1000 },
    );
    expect(outcome(() => decimalOf('12,5'))).toEqual(outcome(() => parseDecimal('12,5')));
  });
});
