import { DomainError } from '@amicus/errors';
import { enterpriseNumberProblem, isCountryCode, isLanguageCode, onboardClient } from './client';

describe('onboardClient', () => {
  it('normalises country and enterprise number', () => {
    expect(onboardClient('c1', { name: ' Acme Energie ', country: 'be', enterpriseNumber: '0417.497.106' })).toEqual({
      id: 'c1',
      name: 'Acme Energie',
      country: 'BE',
      enterpriseNumber: '0417497106',
      sme: false,
    });
  });

  it('names each bad field', () => {
    try {
      onboardClient('c1', { name: ' ', country: 'XX', enterpriseNumber: 'abc' });
      throw new Error('expected DomainError');
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).problems.map((p) => p.field)).toEqual(['input.name', 'input.country', 'input.enterpriseNumber']);
    }
  });
});

describe('enterpriseNumberProblem', () => {
  it('accepts a VAT number or a national register number with a valid check', () => {
    expect(enterpriseNumberProblem('NL', 'NL004495445B01')).toBeNull();
    expect(enterpriseNumberProblem('BE', 'BE0417497106')).toBeNull();
    expect(enterpriseNumberProblem('BE', '0417497106')).toBeNull();
    expect(enterpriseNumberProblem('NL', '12345678')).toBeNull();
  });

  it('refuses a wrong check digit', () => {
    expect(enterpriseNumberProblem('BE', '0417497107')).toMatch(/check digits/);
    expect(enterpriseNumberProblem('BE', 'BE0417497107')).toMatch(/not a valid VAT number/);
  });
});

describe('codes', () => {
  it('knows real countries and languages only', () => {
    expect(isCountryCode('NL')).toBe(true);
    expect(isCountryCode('XX')).toBe(false);
    expect(isLanguageCode('fr')).toBe(true);
    expect(isLanguageCode('qq')).toBe(false);
  });
});
