import fc from 'fast-check';
import { minorOfTyped } from './amount';
import { decimalOf, formatMoney } from './format';

describe('an amount as a person types it', () => {
  it.each([
    ['50', '5000'],
    ['50,5', '5050'],
    ['50,00', '5000'],
    ['1.234,56', '123456'],
    ['1,234.56', '123456'],
    ['1 234,56', '123456'],
    ['1\u202f234,56', '123456'],
    ['€ 99,90', '9990'],
    ['99.90 EUR', '9990'],
    ['1.000', '100000'],
    ['0,01', '1'],
  ])('%s is %s cents', (typed, minor) => expect(minorOfTyped(typed, 'EUR')).toBe(minor));

  it.each(['', 'abc', '12,345,6', '1.2.3', '1,2345', '-5', '1..0', ',50', '1.234.56'])('%j is no amount', (typed) =>
    expect(minorOfTyped(typed, 'EUR')).toBeNull(),
  );

  it('has no minor digits where the currency has none', () => {
    expect(minorOfTyped('1.234', 'JPY')).toBe('1234');
    expect(minorOfTyped('12,5', 'JPY')).toBeNull();
  });

  it('reads back every amount as the app writes it, in each of its locales, to the cent', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 13n }), fc.constantFrom('nl-BE', 'fr-BE', 'de-BE', 'en-GB'), (minor, locale) => {
        expect(minorOfTyped(formatMoney(minor, 'EUR', locale), 'EUR')).toBe(minor.toString());
        expect(minorOfTyped(decimalOf(minor, 'EUR'), 'EUR')).toBe(minor.toString());
      }),
    );
  });
});
