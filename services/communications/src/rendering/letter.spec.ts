import { DEFAULT_TEMPLATES } from '../templates/default-templates/default-templates';
import { SAMPLE_CONTEXT, type TemplateContext } from '../templates/template-variables';
import { composeLetter, paymentQrFor } from './letter';

const context = (change: (c: TemplateContext) => void = () => undefined): TemplateContext => {
  const copy = structuredClone(SAMPLE_CONTEXT);
  change(copy);
  return copy;
};

describe('composeLetter', () => {
  it('places the recipient in the envelope window and prints the reference, QR and page numbers', () => {
    const letter = composeLetter({ body: DEFAULT_TEMPLATES.formal_notice.de.letter.html, context: SAMPLE_CONTEXT, language: 'de' });
    expect(letter.html).toContain('@page { size: A4;');
    expect(letter.html).toMatch(/<div class="recipient">Jan Peeters<br>Kerkstraat 12 bus 3<br>2000 Antwerpen<br>België<\/div>/);
    expect(letter.html).toContain('<td class="reference">+++123/4567/89002+++</td>');
    expect(letter.html).toContain('<img class="qr" src="data:image/png;base64,iVBORw0KGgo');
    expect(letter.pdf.footerTemplate).toContain('Seite <span class="pageNumber"></span>/<span class="totalPages"></span>');
  });

  it('escapes every value the frame prints itself (address, agency, footer)', () => {
    const letter = composeLetter({
      body: '<p>{{debtor.name}}</p>',
      context: context((c) => {
        c.debtor.addressLines = ['<img src=x onerror=alert(1)>'];
        c.brand.footer = '<b>footer</b>';
      }),
      language: 'en',
    });
    expect(letter.html).not.toContain('<img src=x');
    expect(letter.pdf.footerTemplate).toContain('&lt;b&gt;footer&lt;/b&gt;');
  });

  it("prints a logo or letterhead the letter carries (data:), and the brand's name instead of one Chromium may not fetch", () => {
    const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';
    const letterWith = (change: (c: TemplateContext) => void) =>
      composeLetter({ body: '<p>x</p>', context: context(change), language: 'en' }).html;
    expect(letterWith((c) => (c.brand.logoUrl = PNG))).toContain('<img class="logo" src="data:image/png;base64,iVBORw0KGgo');
    const remote = letterWith((c) => (c.brand.logoUrl = 'https://brand.example/logo.png'));
    expect(remote).not.toContain('brand.example');
    expect(remote).toContain(`<div class="brand-name">${SAMPLE_CONTEXT.brand.name}</div>`);
    expect(letterWith((c) => (c.brand.letterhead = PNG))).toContain('<img class="letterhead-image" src="data:image/png;base64,iVBORw0KGgo');
    expect(letterWith((c) => (c.brand.letterhead = 'http://169.254.169.254/latest/'))).not.toContain('169.254');
  });

  it('leaves the payment slip out when asked (dispute acknowledgement)', () => {
    const letter = composeLetter({
      body: DEFAULT_TEMPLATES.dispute_acknowledgement.nl.letter.html,
      context: SAMPLE_CONTEXT,
      language: 'nl',
      paymentSlip: false,
    });
    expect(letter.html).not.toContain('class="slip"');
  });

  it('makes the EPC QR of the total due with the structured reference', async () => {
    expect(await paymentQrFor(SAMPLE_CONTEXT)).toMatch(/^data:image\/svg\+xml;base64,/);
  });
});
