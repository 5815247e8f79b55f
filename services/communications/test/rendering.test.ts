/**
 * Letters through real Chromium: the PDF is A4, numbers its pages, and carries the debtor's
 * address, the statement and the structured reference. Needs /usr/bin/chromium (Debian's
 * `chromium` package) and, for the text checks, `pdftotext` (poppler-utils).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { composeLetter, paymentQrFor } from '../src/rendering/letter';
import { PdfRenderer, renderInFreshPage } from '../src/rendering/pdf-pool';
import { DEFAULT_TEMPLATES } from '../src/templates/default-templates/default-templates';
import { SAMPLE_CONTEXT, type TemplateContext } from '../src/templates/template-variables';

const hasPdftotext = (() => {
  try {
    execFileSync('which', ['pdftotext']);
    return true;
  } catch {
    return false;
  }
})();

/** The PDF's text (pdftotext -layout), or null when poppler is not installed. */
function pdfText(pdf: Buffer): string | null {
  if (!hasPdftotext) return null;
  const dir = mkdtempSync(join(tmpdir(), 'amicus-letter-'));
  try {
    writeFileSync(join(dir, 'letter.pdf'), pdf);
    return execFileSync('pdftotext', ['-layout', join(dir, 'letter.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function letterFor(change: (c: TemplateContext) => void = () => undefined) {
  const context = structuredClone(SAMPLE_CONTEXT);
  change(context);
  context.payment.qr = await paymentQrFor(context);
  return composeLetter({ body: DEFAULT_TEMPLATES.first_reminder.nl.letter.html, context, language: 'nl' });
}

describe('letter PDF rendering with Chromium', () => {
  let renderer: PdfRenderer;

  beforeAll(async () => {
    expect(existsSync('/usr/bin/chromium')).toBe(true);
    renderer = await PdfRenderer.launch({ pages: 2, recycleAfter: 3 });
  });
  afterAll(async () => {
    await renderer?.close();
  });

  it('renders an A4 PDF with the address, the statement, the OGM and numbered pages', async () => {
    const letter = await letterFor();
    const pdf = await renderer.render(letter.html, letter.pdf);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const document = await PDFDocument.load(pdf);
    for (const page of document.getPages()) {
      expect(page.getWidth()).toBeCloseTo(595.28, 1);
      expect(page.getHeight()).toBeCloseTo(841.89, 1);
    }
    const pages = document.getPageCount();
    expect(pages).toBeGreaterThanOrEqual(1);

    // What went into the PDF: the HTML carries every piece the page must show.
    expect(letter.html).toContain('+++123/4567/89002+++');
    expect(letter.html).toContain('Kerkstraat 12 bus 3');
    expect(letter.pdf.footerTemplate).toContain('class="pageNumber"');

    const text = pdfText(pdf);
    if (text !== null) {
      expect(text).toContain('+++123/4567/89002+++');
      expect(text).toContain('Kerkstraat 12 bus 3');
      expect(text).toContain('Totaal verschuldigd');
      expect(text).toContain(`Pagina 1/${pages}`);
      expect(text).toContain(`Pagina ${pages}/${pages}`);
    }
  });

  it('runs a long statement over more pages and numbers each of them', async () => {
    const short = await PDFDocument.load(await renderer.render((await letterFor()).html));
    const longLetter = await letterFor((c) => {
      c.claims = Array.from({ length: 60 }, (_, i) => ({ ...c.claims[0], number: `F2024-${String(1000 + i)}` }));
    });
    const pdf = await renderer.render(longLetter.html, longLetter.pdf);
    const pages = (await PDFDocument.load(pdf)).getPageCount();
    expect(pages).toBeGreaterThan(short.getPageCount());
    const text = pdfText(pdf);
    if (text !== null) {
      for (let page = 1; page <= pages; page++) expect(text).toContain(`Pagina ${page}/${pages}`);
      expect(text).toContain('F2024-1059');
    }
  });

  it("prints a debtor's <script> name as text, never as markup", async () => {
    const letter = await letterFor((c) => (c.debtor.name = '<script>document.title="x"</script>Jan'));
    expect(letter.html).not.toContain('<script>document');
    const text = pdfText(await renderer.render(letter.html, letter.pdf));
    if (text !== null) expect(text).toContain('<script>document.title="x"</script>Jan');
  });

  it('serves more renders than pages through the queue, recycling pages on the way', async () => {
    const letter = await letterFor();
    const pdfs = await Promise.all(Array.from({ length: 7 }, () => renderer.render(letter.html, letter.pdf)));
    for (const pdf of pdfs) expect((await PDFDocument.load(pdf)).getPageCount()).toBeGreaterThanOrEqual(1);
    expect(renderer.stats()).toEqual({ idlePages: 2, queued: 0 });
  });

  it('keeps serving after a failed render (the page is replaced)', async () => {
    await expect(
      renderer.render('<html><body>x</body></html>', { margin: { top: 'nonsense', right: '0', bottom: '0', left: '0' } }),
    ).rejects.toThrow();
    const pdf = await renderer.render((await letterFor()).html);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('renders in a fresh page too (the benchmark comparison)', async () => {
    const letter = await letterFor();
    const pdf = await renderInFreshPage(renderer.browser, letter.html, letter.pdf);
    expect((await PDFDocument.load(pdf)).getPage(0).getWidth()).toBeCloseTo(595.28, 1);
  });
});
