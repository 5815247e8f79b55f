/**
 * PDF rendering with Debian's Chromium through Puppeteer (Puppeteer never downloads a browser:
 * the executable is given). One browser, a pool of N reusable pages: opening a page costs far
 * more than printing one, so pages are reused and renders wait in a queue for a free page. A
 * page is replaced after M renders (Chromium's per-page memory creeps up) and after any error.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import puppeteer, { type Browser, type Page, type PDFOptions } from 'puppeteer';
import { mayLoad } from './offline';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // No network at all, should a request get past the page's interception: every request goes to
  // a proxy where nothing listens, loopback included.
  '--proxy-server=127.0.0.1:9',
  '--proxy-bypass-list=<-loopback>',
  '--dns-prefetch-disable',
];

export interface PdfPageOptions {
  footerTemplate?: string;
  headerTemplate?: string;
  margin?: { top: string; right: string; bottom: string; left: string };
}

export interface PdfPoolOptions {
  /** Reusable pages (default 2: one per core of the production machine). */
  pages?: number;
  /** Renders before a page is replaced (default 250). */
  recycleAfter?: number;
  /** Per render (default 30 s). */
  timeoutMs?: number;
  executablePath?: string;
}

export interface LaunchedBrowser {
  browser: Browser;
  /** Closes the browser and removes its profile directory. */
  close(): Promise<void>;
}

/** Starts Chromium headless with a fresh profile in the temp directory. */
export async function launchChromium(executablePath = CHROMIUM_PATH): Promise<LaunchedBrowser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'amicus-chromium-'));
  const browser = await puppeteer.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, userDataDir, pipe: true });
  return {
    browser,
    async close() {
      await browser.close().catch(() => undefined);
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

function pdfOptions(options: PdfPageOptions, timeout: number): PDFOptions {
  return {
    width: '210mm',
    height: '297mm',
    printBackground: true,
    displayHeaderFooter: Boolean(options.footerTemplate || options.headerTemplate),
    footerTemplate: options.footerTemplate ?? '<span></span>',
    headerTemplate: options.headerTemplate ?? '<span></span>',
    margin: options.margin ?? { top: '20mm', right: '18mm', bottom: '18mm', left: '20mm' },
    timeout,
  };
}

async function newLetterPage(browser: Browser): Promise<Page> {
  const page = await browser.newPage();
  // The HTML is ours and needs no script: a value that slipped past escaping cannot run either.
  await page.setJavaScriptEnabled(false);
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (request.isInterceptResolutionHandled()) return;
    void (mayLoad(request.url()) ? request.continue() : request.abort('blockedbyclient')).catch(() => undefined);
  });
  return page;
}

async function printPage(page: Page, html: string, options: PdfPageOptions, timeout: number): Promise<Buffer> {
  await page.setContent(html, { waitUntil: 'load', timeout });
  return exactA4(await page.pdf(pdfOptions(options, timeout)));
}

export const A4_POINTS = { width: 595.28, height: 841.89 };

/**
 * Chromium quantises the page box: asked for 210 × 297 mm it writes 595.92 × 841.92 pt. Print
 * and hybrid-mail services check the size strictly, so the box is set to exact A4, anchored at
 * the top left so that the address still sits in the envelope window (the 0.2 mm cut is blank
 * margin on the right).
 */
export async function exactA4(pdf: Uint8Array): Promise<Buffer> {
  const document = await PDFDocument.load(pdf, { updateMetadata: false });
  for (const page of document.getPages()) {
    const { height } = page.getMediaBox();
    page.setMediaBox(0, height - A4_POINTS.height, A4_POINTS.width, A4_POINTS.height);
    page.setCropBox(0, height - A4_POINTS.height, A4_POINTS.width, A4_POINTS.height);
  }
  return Buffer.from(await document.save({ updateFieldAppearances: false, useObjectStreams: false }));
}

/** The comparison the benchmark makes: a new page for every render, closed afterwards. */
export async function renderInFreshPage(browser: Browser, html: string, options: PdfPageOptions = {}, timeoutMs = 30_000): Promise<Buffer> {
  const page = await newLetterPage(browser);
  try {
    return await printPage(page, html, options, timeoutMs);
  } finally {
    await page.close().catch(() => undefined);
  }
}

interface Slot {
  page: Page;
  renders: number;
}

export class PdfRenderer {
  private readonly idle: Slot[] = [];
  private readonly waiting: Array<{ resolve: (slot: Slot) => void; reject: (error: Error) => void }> = [];
  private closed = false;

  private constructor(
    private readonly launched: LaunchedBrowser,
    private readonly recycleAfter: number,
    private readonly timeoutMs: number,
  ) {}

  static async launch(options: PdfPoolOptions = {}): Promise<PdfRenderer> {
    const launched = await launchChromium(options.executablePath);
    const renderer = new PdfRenderer(launched, options.recycleAfter ?? 250, options.timeoutMs ?? 30_000);
    try {
      for (let i = 0; i < (options.pages ?? 2); i++) renderer.idle.push({ page: await newLetterPage(launched.browser), renders: 0 });
    } catch (error) {
      await launched.close();
      throw error;
    }
    return renderer;
  }

  get browser(): Browser {
    return this.launched.browser;
  }

  /** Renders one HTML document to an A4 PDF; waits for a free page when all are busy. */
  async render(html: string, options: PdfPageOptions = {}): Promise<Buffer> {
    const slot = await this.acquire();
    let failed = false;
    try {
      return await printPage(slot.page, html, options, this.timeoutMs);
    } catch (error) {
      failed = true;
      throw error;
    } finally {
      slot.renders += 1;
      void this.release(slot, failed);
    }
  }

  /** Pages waiting for work and renders waiting for a page (for monitoring). */
  stats(): { idlePages: number; queued: number } {
    return { idlePages: this.idle.length, queued: this.waiting.length };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiting.splice(0)) waiter.reject(new Error('PDF renderer closed'));
    this.idle.splice(0);
    await this.launched.close();
  }

  private acquire(): Promise<Slot> {
    if (this.closed) return Promise.reject(new Error('PDF renderer closed'));
    const slot = this.idle.pop();
    if (slot) return Promise.resolve(slot);
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  private async release(slot: Slot, failed: boolean): Promise<void> {
    if (this.closed) return;
    let next = slot;
    if (failed || slot.renders >= this.recycleAfter) {
      await slot.page.close().catch(() => undefined);
      if (this.closed) return;
      try {
        next = { page: await newLetterPage(this.launched.browser), renders: 0 };
      } catch (error) {
        // The browser itself is gone: fail whoever waits rather than hang.
        for (const waiter of this.waiting.splice(0)) waiter.reject(error instanceof Error ? error : new Error(String(error)));
        return;
      }
    }
    const waiter = this.waiting.shift();
    if (waiter) waiter.resolve(next);
    else this.idle.push(next);
  }
}
