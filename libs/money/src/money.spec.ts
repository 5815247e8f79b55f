import fc from 'fast-check';
import {
  addMoney,
  formatAmount,
  isCurrencyCode,
  formatMoney,
  fromMajorRatio,
  minorDigits,
  parseMoney,
  subtractMoney,
  toMajorRatio,
} from './money';
import { formatRatio, parseDecimal, ratio, roundHalfUp } from './ratio';

describe('money', () => {
  it('parses decimal amounts into minor units of the currency', () => {
    expect(parseMoney('1234.5', 'EUR').amountMinor).toBe(123450n);
    expect(parseMoney('1500', 'JPY').amountMinor).toBe(1500n);
    expect(parseMoney('1.234', 'BHD').amountMinor).toBe(1234n);
  });

  it('refuses more decimals than the currency has', () => {
    expect(() => parseMoney('1.234', 'EUR')).toThrow(/2 decimals/);
    expect(() => parseMoney('12', 'XYZW')).toThrow(/unknown currency/);
  });

  it('knows minor digits from Intl', () => {
    expect(minorDigits('EUR')).toBe(2);
    expect(minorDigits('JPY')).toBe(0);
  });

  // Moved from services/cases/src/placements/number-and-date-parsing.spec.ts ('currency exponents').
  it('knows the ISO 4217 minor units of EUR, JPY and KWD', () => {
    expect(minorDigits('EUR')).toBe(2);
    expect(minorDigits('JPY')).toBe(0);
    expect(minorDigits('KWD')).toBe(3);
  });
  it('has none for a code that is not a currency', () => {
    expect(isCurrencyCode('XYZ')).toBe(false);
    expect(isCurrencyCode('eur')).toBe(false);
    expect(() => minorDigits('XYZ')).toThrow(/unknown currency/);
  });

  it('formats without grouping', () => {
    expect(formatMoney(parseMoney('1234567.8', 'EUR'))).toBe('EUR 1234567.80');
    expect(formatAmount(parseMoney('0.05', 'EUR'))).toBe('0.05');
  });

  it('refuses to add different currencies', () => {
    expect(() => addMoney(parseMoney('1', 'EUR'), parseMoney('1', 'USD'))).toThrow(/mismatch/);
  });

  it('rounds half-up exactly', () => {
    expect(roundHalfUp(ratio(5n, 2n))).toBe(3n);
    expect(roundHalfUp(ratio(249n, 100n))).toBe(2n);
    expect(roundHalfUp(ratio(-5n, 2n))).toBe(-3n);
    expect(fromMajorRatio(parseDecimal('10.005'), 'EUR').amountMinor).toBe(1001n);
    expect(formatRatio(parseDecimal('12.155'), 2)).toBe('12.16');
  });

  it('round-trips any amount through its decimal text', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.constantFrom('EUR', 'JPY', 'BHD', 'USD'), (minor, cur) => {
        const m = { amountMinor: minor, currency: cur };
        expect(parseMoney(formatAmount(m), cur)).toEqual(m);
        expect(subtractMoney(addMoney(m, m), m)).toEqual(m);
        expect(fromMajorRatio(toMajorRatio(m), cur)).toEqual(m);
      }),
    );
  });
});
