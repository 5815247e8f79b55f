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
