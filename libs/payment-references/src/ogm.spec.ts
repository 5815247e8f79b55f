import fc from 'fast-check';
import { formatOgm, isValidOgm, ogmCheckDigits, ogmFromNumber, parseOgm } from './ogm';

describe('OGM/VCS structured communication', () => {
  it('builds the known example +++123/4567/89002+++ from 1234567890', () => {
    expect(ogmFromNumber(1234567890n)).toEqual({ digits: '123456789002', formatted: '+++123/4567/89002+++' });
  });

  it('pads short numbers with leading zeros', () => {
    expect(ogmFromNumber(42).formatted).toBe('+++000/0000/04242+++');
  });

  it('uses 97 as check digits when the number is a multiple of 97', () => {
    expect(ogmCheckDigits(97n * 1234n)).toBe('97');
    expect(ogmFromNumber(0).digits).toBe('000000000097');
  });

  it('accepts the known-valid +++090/9337/55493+++ in every usual spelling', () => {
    for (const spelling of ['+++090/9337/55493+++', '***090/9337/55493***', '090/9337/55493', '090933755493', ' 090 9337 55493 ']) {
      expect(parseOgm(spelling)).toEqual({ digits: '090933755493', formatted: '+++090/9337/55493+++' });
    }
  });

  it('rejects wrong check digits, wrong lengths, mixed frames and letters', () => {
    for (const bad of ['+++123/4567/89003+++', '12345678900', '1234567890021', '+++123/4567/89002***', '12345678900A', '', '+++++++']) {
      expect(isValidOgm(bad)).toBe(false);
    }
  });

  it('refuses numbers that do not fit in 10 digits', () => {
    expect(() => ogmFromNumber(10_000_000_000n)).toThrow(/outside/);
    expect(() => ogmFromNumber(-1)).toThrow(/outside/);
    expect(() => ogmFromNumber('12a')).toThrow(/whole number/);
  });

  it('round-trips: every generated OGM parses back to the same digits, in any spelling', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 9_999_999_999n }), fc.constantFrom('+++', '***', ''), (n, frame) => {
        const ogm = ogmFromNumber(n);
        const written = frame ? ogm.formatted.replace(/\+\+\+/g, frame) : ogm.digits;
        expect(parseOgm(written)).toEqual(ogm);
        expect(BigInt(ogm.digits.slice(0, 10))).toBe(n);
      }),
    );
  });

  it('detects any single changed digit', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 9_999_999_999n }), fc.nat(11), fc.integer({ min: 1, max: 9 }), (n, position, delta) => {
        const digits = ogmFromNumber(n).digits.split('');
        digits[position] = String((Number(digits[position]) + delta) % 10);
        expect(parseOgm(formatOgm(digits.join('')))).toBeNull();
      }),
    );
  });
});
