import fc from 'fast-check';
import type { Money } from '@amicus/money';
import { formatDate, formatMoney, localeFor, minorUnitsToDecimal, renderTemplate } from './template-rendering';
import { SAMPLE_CONTEXT, type TemplateContext } from './template-variables';

const context = (change: (c: TemplateContext) => void = () => undefined): TemplateContext => {
  const copy = structuredClone(SAMPLE_CONTEXT);
  change(copy);
  return copy;
};

/** Intl separates with no-break spaces; compare with plain ones. */
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('renderTemplate', () => {
  it('escapes debtor data in HTML parts: a <script> in the name stays text', () => {
    const html = renderTemplate(
      '<p>Dear {{debtor.name}}</p>',
      context((c) => (c.debtor.name = '<script>alert("x")</script> & Co')),
      { language: 'en', mode: 'html' },
    );
    expect(html).toBe('<p>Dear &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co</p>');
  });

  it('escapes every line of multiline values and joins them with <br>', () => {
    const html = renderTemplate(
      '{{multiline debtor.addressLines}}',
      context((c) => (c.debtor.addressLines = ['<b>Rue</b> 1', '1000 Bruxelles'])),
      { language: 'fr', mode: 'html' },
    );
    expect(html).toBe('&lt;b&gt;Rue&lt;/b&gt; 1<br>1000 Bruxelles');
  });

  it('does not escape text parts (subject, plain text, SMS)', () => {
    expect(
      renderTemplate(
        '{{debtor.name}}',
        context((c) => (c.debtor.name = 'Smith & Sons <BV>')),
        { language: 'en', mode: 'text' },
      ),
    ).toBe('Smith & Sons <BV>');
  });

  it('formats amounts and dates in the debtor language', () => {
    const source = '{{money amounts.total}} – {{date term.endDate}}';
    expect(plain(renderTemplate(source, SAMPLE_CONTEXT, { language: 'nl', mode: 'text' }))).toBe('€ 438,50 – 22 januari 2025');
    expect(plain(renderTemplate(source, SAMPLE_CONTEXT, { language: 'fr', mode: 'text' }))).toBe('438,50 € – 22 janvier 2025');
    expect(plain(renderTemplate(source, SAMPLE_CONTEXT, { language: 'de', mode: 'text' }))).toBe('438,50 € – 22. Januar 2025');
    expect(renderTemplate(source, SAMPLE_CONTEXT, { language: 'en', mode: 'text' })).toBe('€438.50 – 22 January 2025');
  });

  it('throws rather than printing a blank for a variable missing from the context', () => {
    const incomplete = context() as unknown as { creditor: Record<string, unknown> };
    delete incomplete.creditor.phone;
    expect(() =>
      renderTemplate('Call {{creditor.phone}}', incomplete as unknown as TemplateContext, { language: 'en', mode: 'text' }),
    ).toThrow(/cannot render/);
  });

  it('refuses helpers that validation does not know', () => {
    expect(() => renderTemplate('{{lookup claims 0}}', SAMPLE_CONTEXT, { language: 'en', mode: 'text' })).toThrow(/cannot render/);
  });

  it('tells a settled balance from an open one with isZero', () => {
    const source = '{{#if (isZero amounts.total)}}settled{{else}}open{{/if}}';
    expect(renderTemplate(source, SAMPLE_CONTEXT, { language: 'en', mode: 'text' })).toBe('open');
    // A context read back from JSON carries its minor units as a string.
    expect(
      renderTemplate(
        source,
        context((c) => (c.amounts.total = { amountMinor: '0', currency: 'EUR' } as unknown as Money)),
        { language: 'en', mode: 'text' },
      ),
    ).toBe('settled');
  });
});

describe('money and date formatting', () => {
  it('turns minor units into exact decimal text, for any size', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), (minor) => {
        const text = minorUnitsToDecimal(minor);
        expect(BigInt(text.replace('.', ''))).toBe(minor);
        expect(text).toMatch(/^-?\d+\.\d{2}$/);
      }),
    );
  });

  it('keeps every cent of amounts beyond floating-point precision', () => {
    expect(plain(formatMoney({ amountMinor: 1234567890123456789n, currency: 'EUR' }, 'nl-BE'))).toBe('€ 12.345.678.901.234.567,89');
    expect(formatMoney({ amountMinor: -5n, currency: 'EUR' }, 'en-GB')).toBe('-€0.05');
    const fromJson = { amountMinor: '-5', currency: 'EUR' } as unknown as Money;
    expect(
      renderTemplate(
        '{{money amounts.total}}',
        context((c) => (c.amounts.total = fromJson)),
        { language: 'en', mode: 'text', locale: 'en-GB' },
      ),
    ).toBe('-€0.05');
  });

  it('uses the country variant when Intl knows it', () => {
    expect(localeFor('nl', 'NL')).toBe('nl-NL');
    expect(localeFor('de')).toBe('de-BE');
    expect(formatDate('2024-02-29', 'fr-BE', 'short')).toBe('29/02/24');
  });

  it('refuses a date that is not YYYY-MM-DD', () => {
    expect(() => formatDate('29/02/2024', 'fr-BE')).toThrow(/calendar date/);
  });
});
