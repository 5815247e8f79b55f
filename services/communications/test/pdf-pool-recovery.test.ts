/**
 * The PDF pool survives its browser: Chromium killed in the middle of a run, or hanging (stopped),
 * is started again and the letters it held are printed again — every letter comes out exactly
 * once, as itself. Letters printed many to a document read back as each letter alone (pdftotext).
 * Needs /usr/bin/chromium and pdftotext (poppler-utils).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { composeLetter, paymentQrFor, type LetterDocument } from '../src/rendering/letter';
import { PdfRenderer, batchLetter, renderInFreshPage } from '../src/rendering/pdf-pool';
import { DEFAULT_TEMPLATES } from '../src/templates/default-templates/default-templates';
import { SAMPLE_CONTEXT } from '../src/templates/template-variables';
import { TEMPLATE_LANGUAGES } from '../src/templates/template-kinds';

function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'amicus-pool-'));
  try {
    writeFileSync(join(dir, 'letter.pdf'), pdf);
    return execFileSync('pdftotext', ['-layout', join(dir, 'letter.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const reference = (i: number) => `AMI-2025-${String(900_000 + i)}`;

async function letters(count: number, claims = (i: number) => 1 + (i % 3) * 12): Promise<LetterDocument[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const context = structuredClone(SAMPLE_CONTEXT);
      const language = TEMPLATE_LANGUAGES[i % TEMPLATE_LANGUAGES.length];
      context.case.reference = reference(i);
      context.debtor = { ...context.debtor, name: `Debtor ${i}` };
      context.claims = Array.from({ length: claims(i) }, (__, k) => ({ ...context.claims[0], number: `F${i}-${k}` }));
      context.payment.qr = await paymentQrFor(context);
      return composeLetter({ body: DEFAULT_TEMPLATES.first_reminder[language].letter.html, context, language });
    }),
  );
}

/** Each PDF is its own letter: its reference, numbered pages 1..n of its own, no other letter's reference. */
async function expectEachItself(pdfs: Buffer[]): Promise<void> {
  expect(new Set(pdfs).size).toBe(pdfs.length);
  for (const [i, pdf] of pdfs.entries()) {
    const text = pdfText(pdf);
    const pages = (await PDFDocument.load(pdf)).getPageCount();
    expect(text).toMatch(new RegExp(`Debtor ${i}(?!\\d)`));
    const references = [...text.matchAll(/AMI-2025-9\d{5}/g)].map((m) => m[0]);
    expect(new Set(references)).toEqual(new Set([reference(i)]));
    const numbers = [...text.matchAll(/(\d+)\/(\d+)\s*$/gm)].map((m) => `${m[1]}/${m[2]}`);
    expect(numbers).toEqual(Array.from({ length: pages }, (_, k) => `${k + 1}/${pages}`));
  }
}

describe('PDF pool recovery and letters printed together', () => {
  it('prints letters together that read back as each printed alone', async () => {
    const renderer = await PdfRenderer.launch({ pages: 1, batchSize: 8 });
    try {
      const documents = await letters(8);
      expect(documents.every((d) => batchLetter(d.html, d.pdf) !== null)).toBe(true);
      const pooled = await Promise.all(documents.map((d) => renderer.render(d.html, d.pdf)));
      expect(renderer.counters().prints).toBeLessThan(documents.length);
      await expectEachItself(pooled);
      for (const [i, d] of documents.entries()) {
        const alone = await renderInFreshPage(renderer.browser, d.html, d.pdf);
        const words = (text: string) => text.split(/\s+/).filter(Boolean);
        expect(words(pdfText(pooled[i]))).toEqual(words(pdfText(alone)));
        const [a, b] = [await PDFDocument.load(pooled[i]), await PDFDocument.load(alone)];
        expect(a.getPageCount()).toBe(b.getPageCount());
        expect(a.getPage(0).getSize()).toEqual(b.getPage(0).getSize());
      }
    } finally {
      await renderer.close();
    }
  });

  it("prints a footer's quotes, backslashes and markup as text when letters print together", async () => {
    const renderer = await PdfRenderer.launch({ pages: 1 });
    try {
      const [document] = await letters(1, () => 1);
      const footer = 'Say "hi" \\ </style><b>bold</b>';
      const context = structuredClone(SAMPLE_CONTEXT);
      context.brand.footer = footer;
      context.payment.qr = await paymentQrFor(context);
      const hostile = composeLetter({ body: DEFAULT_TEMPLATES.first_reminder.nl.letter.html, context, language: 'nl' });
      expect(batchLetter(hostile.html, hostile.pdf)).not.toBeNull();
      const [pdf] = await Promise.all([renderer.render(hostile.html, hostile.pdf), renderer.render(document.html, document.pdf)]);
      expect(pdfText(pdf)).toContain(footer);
    } finally {
      await renderer.close();
    }
  });

  it('starts a killed Chromium again and prints every letter exactly once', async () => {
    const renderer = await PdfRenderer.launch({ pages: 2, batchSize: 4 });
    try {
      const documents = await letters(24);
      let killed = false;
      const pdfs = await Promise.all(
        documents.map((d) =>
          renderer.render(d.html, d.pdf).then((pdf) => {
            if (!killed) {
              killed = true;
              process.kill(renderer.browser.process()!.pid!, 'SIGKILL');
            }
            return pdf;
          }),
        ),
      );
      expect(renderer.counters().restarts).toBeGreaterThanOrEqual(1);
      expect(renderer.counters().letters).toBe(24);
      await expectEachItself(pdfs);
    } finally {
      await renderer.close();
    }
  });

  it('kills a hung Chromium, starts it again and prints the letters it held', async () => {
    const renderer = await PdfRenderer.launch({ pages: 1, batchSize: 4, timeoutMs: 3_000 });
    try {
      const documents = await letters(6, () => 1);
      await renderer.render(documents[0].html, documents[0].pdf);
      const pid = renderer.browser.process()!.pid!;
      process.kill(pid, 'SIGSTOP');
      const pdfs = await Promise.all(documents.map((d) => renderer.render(d.html, d.pdf)));
      expect(renderer.counters().restarts).toBe(1);
      expect(renderer.browser.process()!.pid).not.toBe(pid);
      await expectEachItself(pdfs);
    } finally {
      await renderer.close();
    }
  });

  it('replaces the browser after so many letters and loses none', async () => {
    const renderer = await PdfRenderer.launch({ pages: 2, batchSize: 3, browserRecycleAfter: 5 });
    try {
      const first = renderer.browser.process()!.pid;
      const pdfs = await Promise.all((await letters(16, () => 1)).map((d) => renderer.render(d.html, d.pdf)));
      expect(renderer.counters().recycles).toBeGreaterThanOrEqual(2);
      expect(renderer.counters().restarts).toBe(0);
      expect(renderer.browser.process()!.pid).not.toBe(first);
      await expectEachItself(pdfs);
    } finally {
      await renderer.close();
    }
  });

  it('fails a letter after its tries when Chromium keeps failing, and serves the next', async () => {
    const renderer = await PdfRenderer.launch({ pages: 1, attempts: 1, timeoutMs: 2_000 });
    try {
      const [document] = await letters(1, () => 1);
      process.kill(renderer.browser.process()!.pid!, 'SIGSTOP');
      await expect(renderer.render(document.html, document.pdf)).rejects.toThrow(/did not print within/);
      await expectEachItself([await renderer.render(document.html, document.pdf)]);
    } finally {
      await renderer.close();
    }
  });
});
