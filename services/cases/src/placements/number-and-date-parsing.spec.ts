import fc from 'fast-check';
import { minorDigits } from '@amicus/money';
import { detectDecimalSeparator, parseAmount, parseCalendarDate, type DecimalSeparator } from './number-and-date-parsing';

interface AmountFormat {
  decimalSeparator: DecimalSeparator;
  /** '' for none. Must differ from the decimal separator. */
  groupSeparator: '' | '.' | ',' | ' ' | "'";
}

/** Writes minor units as accounting software would, for the round trip through parseAmount. */
function formatAmount(minor: bigint, currency: string, format: AmountFormat): string {
  const exponent = minorDigits(currency);
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(exponent + 1, '0');
  const integer = digits.slice(0, digits.length - exponent);
  const fraction = digits.slice(digits.length - exponent);
  const grouped = format.groupSeparator ? integer.replace(/\B(?=(\d{3})+(?!\d))/g, format.groupSeparator) : integer;
  return (negative ? '-' : '') + grouped + (exponent > 0 ? format.decimalSeparator + fraction : '');
}

const value = (text: string, currency = 'EUR', decimalSeparator?: ',' | '.') => {
  const parsed = parseAmount(text, currency, { decimalSeparator });
  return parsed.ok ? parsed.value : parsed.reason;
};

describe('parseAmount', () => {
  it.each([
    ['1.234,56', 123456n],
    ['1,234.56', 123456n],
    ['1 234,56', 123456n],
    ['1\u00a0234,56', 123456n],
    ["1'234.56", 123456n],
    ['1.234.567,8', 123456780n],
    ['1234,5', 123450n],
    ['12.34', 1234n],
    ['0,12', 12n],
    ['-12,50', -1250n],
    ['12,50-', -1250n],
    ['+7', 700n],
    ['1.234.567', 123456700n],
  ])('reads %s as %p minor units of EUR', (text, expected) => {
    expect(value(text)).toBe(expected);
  });

  it('reads to the exponent of the currency', () => {
    expect(value('1.234', 'KWD', '.')).toBe(1234n);
    expect(value('1.234', 'JPY', ',')).toBe(1234n);
    expect(value('1234', 'JPY')).toBe(1234n);
  });

  it('refuses more decimals than the currency allows', () => {
    expect(value('12,345', 'EUR', ',')).toMatch(/at most 2 decimals/);
    expect(value('0,125')).toMatch(/at most 2 decimals/);
    expect(value('12.5', 'JPY')).toMatch(/no decimals/);
  });

  it('calls 1,234 ambiguous unless the file says which separator is decimal', () => {
    expect(value('1,234')).toMatch(/ambiguous/);
    expect(value('1,234', 'EUR', '.')).toBe(123400n);
    expect(value('1.234', 'EUR', ',')).toBe(123400n);
  });

  it.each(['', 'abc', '12,34,5', '1.23,45', '12,34.56', '1,2,3', '€ 12', '1..2', '--1', '12e3'])('refuses %p', (text) => {
    expect(typeof value(text)).toBe('string');
  });

  it('refuses a currency that is not ISO 4217', () => {
    expect(value('12', 'EURO')).toMatch(/not an ISO 4217 currency/);
  });
});

describe('amount properties', () => {
  const currency = fc.constantFrom('EUR', 'USD', 'JPY', 'KWD', 'GBP', 'CHF', 'BHD', 'ISK');
  const format: fc.Arbitrary<AmountFormat> = fc.constantFrom<AmountFormat>(
    { decimalSeparator: ',', groupSeparator: '' },
    { decimalSeparator: ',', groupSeparator: '.' },
    { decimalSeparator: ',', groupSeparator: ' ' },
    { decimalSeparator: '.', groupSeparator: '' },
    { decimalSeparator: '.', groupSeparator: ',' },
    { decimalSeparator: '.', groupSeparator: "'" },
  );

  it('reads back every amount it writes, in every format, to the minor unit', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), currency, format, (minor, cur, fmt) => {
        const text = formatAmount(minor, cur, fmt);
        const parsed = parseAmount(text, cur, { decimalSeparator: fmt.decimalSeparator });
        expect(parsed).toEqual({ ok: true, value: minor });
      }),
    );
  });

  it('never accepts more decimals than the currency has', () => {
    fc.assert(
      fc.property(
        currency,
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.integer({ min: 1, max: 4 }),
        fc.constantFrom<',' | '.'>(',', '.'),
        fc.option(fc.constantFrom<',' | '.'>(',', '.'), { nil: undefined }),
        fc.nat(),
        (cur, integer, extra, separator, hint, fractionSeed) => {
          const decimals = minorDigits(cur) + extra;
          const fraction = String(fractionSeed).padStart(decimals, '7').slice(0, decimals);
          const parsed = parseAmount(`${integer}${separator}${fraction}`, cur, { decimalSeparator: hint });
          // Either refused, or the separator was read as grouping (so no decimals were dropped).
          if (parsed.ok) expect(parsed.value).toBe(BigInt(`${integer}${fraction}`) * 10n ** BigInt(minorDigits(cur)));
        },
      ),
    );
  });
});

describe('detectDecimalSeparator', () => {
  it('takes the separator that the unambiguous amounts use', () => {
    expect(detectDecimalSeparator(['1,234', '12,50', '1.234,56'])).toBe(',');
    expect(detectDecimalSeparator(['1,234', '12.50', '99.99'])).toBe('.');
  });
  it('says nothing when no amount is unambiguous', () => {
    expect(detectDecimalSeparator(['1,234', '100', '1.234.567'])).toBeUndefined();
  });
});

describe('parseCalendarDate', () => {
  it.each([
    ['31/12/2023', '2023-12-31'],
    ['1-2-2024', '2024-02-01'],
    ['05.03.2024', '2024-03-05'],
    ['2024-03-05', '2024-03-05'],
    ['29/02/2024', '2024-02-29'],
    ['29/02/2000', '2000-02-29'],
  ])('reads %s as %s', (text, expected) => {
    expect(parseCalendarDate(text)).toEqual({ ok: true, value: expected });
  });

  it.each(['31/02/2024', '29/02/2023', '29/02/1900', '00/01/2024', '12/13/2024', '2024-02-30', '1/2/24', '2024/13/01', '', 'yesterday'])(
    'refuses %p',
    (text) => {
      expect(parseCalendarDate(text).ok).toBe(false);
    },
  );

  it('accepts exactly the real calendar dates (checked against the UTC calendar)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (y, m, d) => {
        const real = new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d;
        const dd = String(d).padStart(2, '0');
        const mm = String(m).padStart(2, '0');
        const parsed = parseCalendarDate(`${dd}/${mm}/${y}`);
        expect(parsed.ok).toBe(real);
        if (parsed.ok) expect(parsed.value).toBe(`${y}-${mm}-${dd}`);
      }),
    );
  });
});
