import fc from 'fast-check';
import { creditorReferenceFrom, isValidCreditorReference, parseCreditorReference } from './rf-creditor-reference';

describe('ISO 11649 RF creditor reference', () => {
  it('builds the ISO 11649 example RF18 5390 0754 7034 from 539007547034', () => {
    expect(creditorReferenceFrom('539007547034')).toEqual({ electronic: 'RF18539007547034', formatted: 'RF18 5390 0754 7034' });
  });

  it('accepts the known-valid example in printed and electronic form, any case', () => {
    expect(isValidCreditorReference('RF18 5390 0754 7034')).toBe(true);
    expect(isValidCreditorReference('rf18539007547034')).toBe(true);
  });

  it('rejects wrong check digits, too long references and other characters', () => {
    expect(isValidCreditorReference('RF19539007547034')).toBe(false);
    expect(isValidCreditorReference('RF18' + '1'.repeat(22))).toBe(false);
    expect(isValidCreditorReference('RF18-5390')).toBe(false);
    expect(isValidCreditorReference('XX18539007547034')).toBe(false);
  });

  it('refuses to build from an empty or too long reference', () => {
    expect(() => creditorReferenceFrom('')).toThrow(/1 to 21/);
    expect(() => creditorReferenceFrom('A'.repeat(22))).toThrow(/1 to 21/);
  });

  it('round-trips: every generated reference is valid and keeps its body', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9A-Z]{1,21}$/), (body) => {
        const rf = creditorReferenceFrom(body);
        expect(parseCreditorReference(rf.formatted)).toEqual(rf);
        expect(rf.electronic.slice(4)).toBe(body);
      }),
    );
  });

  // ISO 7064 mod 97-10 catches every swap of two different neighbouring digits; with letters
  // (expanded to two digits each) some swaps slip through, e.g. "A0" <-> "0A".
  it('detects any swap of two different neighbouring digits in a numeric reference', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{2,21}$/), fc.nat(), (body, at) => {
        const electronic = creditorReferenceFrom(body).electronic;
        const i = 4 + (at % (electronic.length - 5));
        fc.pre(electronic[i] !== electronic[i + 1]);
        const swapped = electronic.slice(0, i) + electronic[i + 1] + electronic[i] + electronic.slice(i + 2);
        expect(isValidCreditorReference(swapped)).toBe(false);
      }),
    );
  });
});
