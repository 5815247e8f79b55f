/**
 * PDF rendering with Debian's Chromium through Puppeteer (Puppeteer never downloads a browser:
 * the executable is given). One browser, N reusable pages (workers), one queue of renders.
 *
 * Printing costs Chromium a fixed ~30 ms per `printToPDF` whatever the content, and a letter
 * about as much again, so letters waiting together are printed as one document and split
 * (pdf-lib): each letter in its own shadow root (its styles stay its own), on its own named page
 * whose margin boxes print its footer, page numbers counted from its first page by a counter
 * style fixed at that page. A letter's page count is guessed beforehand (from earlier letters of
 * about its length) and checked against the named destination of its first page in the printed
 * document; a letter whose guess was wrong is printed again with its true count.
 *
 * A crashed or hung Chromium (disconnected, or a print past its timeout) is killed and started
 * again, and the letters it held are retried, each resolved exactly once. The browser is also
 * replaced after a number of letters, and a page after a number of prints, to keep memory flat.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRef } from 'pdf-lib';
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
  /**
   * The footer as plain text (`left`; `right` followed by "page/total"), styled by `css`: given
   * with a `<style>`-in-head document, the letter may be printed together with others.
   */
  footerText?: { left: string; right: string; css: string };
}

export interface PdfPoolOptions {
  /** Reusable pages printing side by side (default 2: one per core of the production machine). */
  pages?: number;
  /** Prints before a page is replaced (default 250). */
  recycleAfter?: number;
  /** Letters before the browser is replaced (default 2,000). */
  browserRecycleAfter?: number;
  /** Most letters printed as one document (default 32). */
  batchSize?: number;
  /** Per print of up to 8 letters (default 30 s): past it Chromium counts as hung, is killed and started again. */
  timeoutMs?: number;
  /** Tries of a letter when its browser crashes or hangs (default 3). */
  attempts?: number;
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

/** A render waiting in the queue: resolved exactly once, whatever happens to the browsers. */
interface Job {
  html: string;
  options: PdfPageOptions;
  /** The letter split into the parts a batch needs, or null: printed alone as given. */
  letter: BatchLetter | null;
  /** Its page count when known (after a print whose guess was wrong). */
  pages?: number;
  /** Printed alone after its batch failed for a reason of its own. */
  alone?: boolean;
  tries: number;
  resolve: (pdf: Buffer) => void;
  reject: (error: Error) => void;
}

interface BatchLetter {
  lang: string;
  title: string;
  css: string;
  body: string;
  footer: { left: string; right: string; css: string };
  /** Letters print together only with the same language (the document's, as when alone) and page margins. */
  marginKey: string;
  margin: { top: string; right: string; bottom: string; left: string };
}

interface Generation {
  launched: LaunchedBrowser;
  letters: number;
  inFlight: number;
  retired: boolean;
  /** Called when a browser replaced to keep memory flat has no print left. */
  drained?: () => void;
}

interface Worker {
  page: Page | null;
  generation: Generation | null;
  prints: number;
  busy: boolean;
}

const LETTER_DOCUMENT =
  /^\s*<!doctype html>\s*<html lang="([A-Za-z-]{0,35})">\s*<head>([\s\S]*?)<\/head>\s*<body>([\s\S]*)<\/body>\s*<\/html>\s*$/i;
const HEAD_PART = /<meta charset="utf-8">|<title>([^<]*)<\/title>|<style>([^<]*)<\/style>|\s+/gy;
const LENGTH = /^\d+(\.\d+)?(mm|cm|in|pt|px)$/;
const DEFAULT_MARGIN = { top: '20mm', right: '18mm', bottom: '18mm', left: '20mm' };

const unescapeHtml = (text: string) =>
  text.replace(
    /&(amp|lt|gt|quot|#x27|#x60|#x3D);/g,
    (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#x27': "'", '#x60': '`', '#x3D': '=' })[name] ?? '',
  );
/**
 * A CSS string literal: white space collapses as it would in the footer's HTML; `<` is escaped
 * so that no text can close the `<style>` it is written in.
 */
const cssString = (text: string) =>
  `"${text
    .replace(/\s+/g, ' ')
    .replace(/[\\"]/g, (c) => `\\${c}`)
    .replace(/</g, '\\3c ')}"`;

/**
 * The letter's parts when it has the shape `composeLetter` writes (styles in the head, a body
 * without styles or templates of its own, a plain-text footer); null when it must print alone.
 */
export function batchLetter(html: string, options: PdfPageOptions): BatchLetter | null {
  const footer = options.footerText;
  if (!footer || /[{}<>]/.test(footer.css)) return null;
  if (options.headerTemplate && options.headerTemplate !== '<span></span>') return null;
  const margin = options.margin ?? DEFAULT_MARGIN;
  if (![margin.top, margin.right, margin.bottom, margin.left].every((m) => LENGTH.test(m))) return null;
  const document = LETTER_DOCUMENT.exec(html);
  if (!document) return null;
  const [, lang, head, body] = document;
  if (/<\/?(style|link|template|meta|base|slot)\b|<\/body>/i.test(body)) return null;
  let title = '';
  const styles: string[] = [];
  HEAD_PART.lastIndex = 0;
  for (let match = HEAD_PART.exec(head); match && match[0]; match = HEAD_PART.exec(head)) {
    if (match[1] !== undefined) title = unescapeHtml(match[1]);
    if (match[2] !== undefined) styles.push(match[2]);
    if (HEAD_PART.lastIndex === head.length) break;
  }
  if (HEAD_PART.lastIndex !== head.length) return null;
  const css = scopeCss(styles.join('\n'));
  if (css === null) return null;
  return { lang, title, css, body, footer, margin, marginKey: `${lang} ${margin.top} ${margin.right} ${margin.bottom} ${margin.left}` };
}

/**
 * The letter's styles for its shadow root: `@page` goes (the batch sets the page), and what
 * styled `html` and `body` styles the root element of the letter. Null for CSS of another
 * shape (nested at-rules), which prints alone.
 */
function scopeCss(css: string): string | null {
  const flat = css.replace(/\/\*[\s\S]*?\*\//g, '').replace(/@page\s*\{[^{}]*\}/g, '');
  if (flat.includes('@')) return null;
  let balanced = true;
  const scoped = flat.replace(/([^{}]*)\{([^{}]*)\}/g, (_, selectors: string, block: string) => {
    const list = selectors.split(',').map((s) => s.trim());
    if (list.some((s) => !s)) balanced = false;
    return `${list.map((s) => (s === 'html' || s === 'body' ? '.amicus-body' : s)).join(', ')} {${block}}`;
  });
  if (!balanced || /[{}]/.test(scoped.replace(/([^{}]*)\{([^{}]*)\}/g, ''))) return null;
  return scoped;
}

/** Where Chromium prints a footer template: its text sits at the bottom of the page's bottom margin. */
const FOOTER_BOX = 'vertical-align: bottom; padding-bottom: 15pt;';

/** One document of letters, each starting a page, each numbering its pages 1 to `counts[i]` in its footer. */
function batchDocument(letters: BatchLetter[], counts: number[]): string {
  const { margin } = letters[0];
  let start = 1;
  const pageRules = letters.map((letter, i) => {
    const symbols = Array.from({ length: counts[i] }, (_, k) => `"${k + 1}"`).join(' ');
    const rule = `@counter-style amicus-n${i} { system: fixed ${start}; symbols: ${symbols}; }
@page amicus-p${i} {
  @bottom-left { content: ${cssString(letter.footer.left)}; ${FOOTER_BOX} ${letter.footer.css} }
  @bottom-right { content: ${cssString(letter.footer.right)} counter(page, amicus-n${i}) "/${counts[i]}"; ${FOOTER_BOX} ${letter.footer.css} }
}`;
    start += counts[i];
    return rule;
  });
  const bodies = letters.map(
    (letter, i) =>
      `<div class="amicus-letter" id="amicus-${i}" style="page: amicus-p${i}"><template shadowrootmode="open"><style>${letter.css}</style><div class="amicus-body" lang="${letter.lang}">${letter.body}</div></template></div>`,
  );
  // The links make Chromium write a named destination for each letter's first page.
  const links = letters.map((_, i) => `<a href="#amicus-${i}"></a>`).join('');
  return `<!doctype html>
<html lang="${letters[0].lang}"><head><meta charset="utf-8"><style>
@page { size: A4; margin: ${margin.top} ${margin.right} ${margin.bottom} ${margin.left}; }
html, body { margin: 0; padding: 0; }
.amicus-letter + .amicus-letter { break-before: page; }
.amicus-links { display: none; }
${pageRules.join('\n')}
</style></head><body>${bodies.join('')}<div class="amicus-links">${links}</div></body></html>`;
}

/** Page index (0-based) of each letter's named destination in the printed batch. */
function letterStarts(document: PDFDocument, count: number): Array<number | undefined> {
  const pageIndex = new Map(document.getPages().map((page, i) => [page.ref.toString(), i]));
  const dests = document.catalog.lookupMaybe(PDFName.of('Dests'), PDFDict);
  return Array.from({ length: count }, (_, i) => {
    const dest = dests?.lookupMaybe(PDFName.of(`amicus-${i}`), PDFArray);
    const page = dest?.get(0);
    return page instanceof PDFRef ? pageIndex.get(page.toString()) : undefined;
  });
}

/** Pages `from`..`to` (exclusive) of the batch as a letter of its own, exact A4, titled. */
async function letterPdf(batch: PDFDocument, from: number, to: number, title: string): Promise<Buffer> {
  const out = await PDFDocument.create({ updateMetadata: false });
  out.setTitle(title);
  const producer = batch.getProducer();
  const creator = batch.getCreator();
  const created = batch.getCreationDate();
  const modified = batch.getModificationDate();
  if (producer) out.setProducer(producer);
  if (creator) out.setCreator(creator);
  if (created) out.setCreationDate(created);
  if (modified) out.setModificationDate(modified);
  const pages = await out.copyPages(
    batch,
    Array.from({ length: to - from }, (_, k) => from + k),
  );
  for (const page of pages) {
    const { height } = page.getMediaBox();
    page.setMediaBox(0, height - A4_POINTS.height, A4_POINTS.width, A4_POINTS.height);
    page.setCropBox(0, height - A4_POINTS.height, A4_POINTS.width, A4_POINTS.height);
    out.addPage(page);
  }
  return Buffer.from(await out.save({ updateFieldAppearances: false, useObjectStreams: false, objectsPerTick: Infinity }));
}

class HungError extends Error {}

/** Errors of the browser rather than of the letter: the letter is tried again. */
function browserFailed(error: unknown): boolean {
  if (error instanceof HungError) return true;
  const text = error instanceof Error ? `${error.name} ${error.message}` : String(error);
  return /TargetClose|ConnectionClosed|Target closed|Session closed|Connection closed|detached|crash/i.test(text);
}

function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HungError(`Chromium did not print within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export class PdfRenderer {
  private readonly queue: Job[] = [];
  private readonly workers: Worker[] = [];
  private readonly wakers: Array<() => void> = [];
  /** Page count last seen for letters of about this length (the guess for the next one). */
  private readonly guesses = new Map<number, number>();
  /** The page count of the last letter printed, the guess for a length not seen yet. */
  private lastPages = 1;
  private generation: Promise<Generation>;
  private last: Generation | null = null;
  private closed = false;
  private readonly count = { prints: 0, letters: 0, reprints: 0, restarts: 0, recycles: 0 };

  private constructor(
    private readonly executablePath: string | undefined,
    private readonly recycleAfter: number,
    private readonly browserRecycleAfter: number,
    private readonly batchSize: number,
    private readonly timeoutMs: number,
    private readonly attempts: number,
  ) {
    this.generation = this.start();
  }

  static async launch(options: PdfPoolOptions = {}): Promise<PdfRenderer> {
    const renderer = new PdfRenderer(
      options.executablePath,
      options.recycleAfter ?? 250,
      options.browserRecycleAfter ?? 2_000,
      Math.max(1, options.batchSize ?? 32),
      options.timeoutMs ?? 30_000,
      Math.max(1, options.attempts ?? 3),
    );
    await renderer.generation;
    for (let i = 0; i < (options.pages ?? 2); i++) {
      const worker: Worker = { page: null, generation: null, prints: 0, busy: false };
      renderer.workers.push(worker);
      void renderer.work(worker);
    }
    return renderer;
  }

  /** The browser printing now (its process id for monitoring, or a page of one's own). */
  get browser(): Browser {
    if (!this.last) throw new Error('PDF renderer has no browser yet');
    return this.last.launched.browser;
  }

  /** Renders one HTML document to an A4 PDF; waits in the queue while every page is busy. */
  render(html: string, options: PdfPageOptions = {}): Promise<Buffer> {
    if (this.closed) return Promise.reject(new Error('PDF renderer closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ html, options, letter: batchLetter(html, options), tries: 0, resolve, reject });
      this.wakers.shift()?.();
    });
  }

  /** Pages waiting for work, renders waiting for a page, browsers started again after a crash or hang. */
  stats(): { idlePages: number; queued: number } {
    return { idlePages: this.workers.filter((w) => !w.busy).length, queued: this.queue.length };
  }

  /** Since launch: prints (documents), letters out, letters printed again (page count guessed wrong), browsers restarted after a crash or hang, browsers replaced to keep memory flat. */
  counters(): { prints: number; letters: number; reprints: number; restarts: number; recycles: number } {
    return { ...this.count };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('PDF renderer closed'));
    for (const wake of this.wakers.splice(0)) wake();
    const generation = await this.generation.catch(() => null);
    await generation?.launched.close();
  }

  private start(): Promise<Generation> {
    return launchChromium(this.executablePath).then((launched) => {
      const generation: Generation = { launched, letters: 0, inFlight: 0, retired: false };
      this.last = generation;
      if (this.closed) void launched.close();
      return generation;
    });
  }

  /** Replaces the browser of `generation` (once, however many workers saw it fail). */
  private replace(generation: Generation, kill: boolean): void {
    if (generation.retired) return;
    generation.retired = true;
    if (this.closed) return;
    if (kill) {
      this.count.restarts += 1;
      try {
        generation.launched.browser.process()?.kill('SIGKILL');
      } catch {
        // already gone
      }
      const next = this.start();
      next.catch(() => undefined);
      this.generation = next;
      void generation.launched.close();
      return;
    }
    // Replaced to keep memory flat: the old browser finishes its prints and closes before the
    // next starts, so that two browsers never run side by side.
    this.count.recycles += 1;
    const drained = new Promise<void>((resolve) => (generation.drained = resolve));
    if (generation.inFlight === 0) generation.drained?.();
    const next = drained.then(() => generation.launched.close()).then(() => this.start());
    next.catch(() => undefined);
    this.generation = next;
  }

  private async work(worker: Worker): Promise<void> {
    while (!this.closed) {
      const jobs = this.take();
      if (!jobs.length) {
        await new Promise<void>((wake) => this.wakers.push(wake));
        continue;
      }
      worker.busy = true;
      await this.print(worker, jobs);
    }
  }

  /** The next job, with the batchable ones of the same margins queued after it. */
  private take(): Job[] {
    const first = this.queue.shift();
    if (!first) return [];
    if (!first.letter || first.alone) return [first];
    const jobs = [first];
    for (let i = 0; i < this.queue.length && jobs.length < this.batchSize;) {
      const job = this.queue[i];
      if (job.letter && !job.alone && job.letter.marginKey === first.letter.marginKey) {
        jobs.push(job);
        this.queue.splice(i, 1);
      } else i++;
    }
    return jobs;
  }

  private async print(worker: Worker, jobs: Job[]): Promise<void> {
    let generation: Generation;
    let pending = this.generation;
    try {
      // The browser may have been replaced while this worker waited for it.
      do generation = await (pending = this.generation);
      while (generation.retired && !this.closed);
    } catch (error) {
      // Chromium does not start: fail these letters, try again with the next ones.
      if (this.generation === pending && !this.closed) {
        this.generation = this.start();
        this.generation.catch(() => undefined);
      }
      worker.busy = false;
      for (const job of jobs) job.reject(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    if (this.closed) return this.fail(jobs, new Error('PDF renderer closed'));
    generation.inFlight += 1;
    const outcome: { done: Array<[Job, Buffer]>; again: Job[] } = { done: [], again: [] };
    let failure: unknown = null;
    try {
      const page = await within(this.pageOf(worker, generation), this.timeoutMs);
      worker.prints += 1;
      this.count.prints += 1;
      if (jobs.length === 1 && (!jobs[0].letter || jobs[0].alone)) {
        outcome.done.push([jobs[0], await within(printPage(page, jobs[0].html, jobs[0].options, this.timeoutMs), this.timeoutMs)]);
      } else {
        Object.assign(outcome, await within(this.printBatch(page, jobs), this.batchTimeout(jobs.length)));
      }
    } catch (error) {
      failure = error;
    }
    generation.inFlight -= 1;
    generation.letters += outcome.done.length;
    this.count.letters += outcome.done.length;
    this.count.reprints += outcome.again.length;
    worker.busy = false;

    if (failure !== null && this.closed) {
      this.fail(jobs, new Error('PDF renderer closed'));
    } else if (failure !== null) {
      const page = worker.page;
      worker.page = null;
      if (browserFailed(failure) || !generation.launched.browser.connected) {
        this.replace(generation, true);
        for (const job of jobs) {
          job.tries += 1;
          if (job.tries >= this.attempts) job.reject(failure instanceof Error ? failure : new Error(String(failure)));
        }
        this.requeue(jobs.filter((job) => job.tries < this.attempts));
      } else {
        void page?.close().catch(() => undefined);
        if (jobs.length > 1 || (jobs[0].letter && !jobs[0].alone)) {
          // Something in one of them: each prints alone, and only that one fails.
          for (const job of jobs) job.alone = true;
          this.requeue(jobs);
        } else {
          jobs[0].reject(failure instanceof Error ? failure : new Error(String(failure)));
        }
      }
    } else {
      for (const [job, pdf] of outcome.done) job.resolve(pdf);
      this.requeue(outcome.again);
    }
    if (generation.retired && generation.inFlight === 0) {
      generation.drained?.();
    } else if (!generation.retired && generation.letters >= this.browserRecycleAfter) {
      this.replace(generation, false);
    }
  }

  private fail(jobs: Job[], error: Error): void {
    for (const job of jobs) job.reject(error);
  }

  private requeue(jobs: Job[]): void {
    if (this.closed) return this.fail(jobs, new Error('PDF renderer closed'));
    if (!jobs.length) return;
    this.queue.unshift(...jobs);
    for (let i = 0; i < jobs.length; i++) this.wakers.shift()?.();
  }

  private async pageOf(worker: Worker, generation: Generation): Promise<Page> {
    if (worker.page && worker.generation === generation && worker.prints < this.recycleAfter && !worker.page.isClosed()) return worker.page;
    const old = worker.page;
    worker.page = null;
    if (old && worker.generation === generation) void old.close().catch(() => undefined);
    worker.page = await newLetterPage(generation.launched.browser);
    worker.generation = generation;
    worker.prints = 0;
    return worker.page;
  }

  /** Prints the letters as one document and splits it; letters whose page count was guessed wrong go again. */
  private async printBatch(page: Page, jobs: Job[]): Promise<{ done: Array<[Job, Buffer]>; again: Job[] }> {
    const letters = jobs.map((job) => job.letter!);
    const counts = jobs.map((job) => job.pages ?? this.guesses.get(this.lengthKey(job)) ?? this.lastPages);
    const timeout = this.batchTimeout(jobs.length);
    await page.setContent(batchDocument(letters, counts), { waitUntil: 'load', timeout });
    // Untagged: the structure tree would not survive the split, and building it costs Chromium a
    // third of the print.
    const printed = await page.pdf({
      ...pdfOptions({ margin: letters[0].margin }, timeout),
      displayHeaderFooter: false,
      tagged: false,
    });
    const batch = await PDFDocument.load(printed, { updateMetadata: false, parseSpeed: Infinity });
    const starts = letterStarts(batch, jobs.length);
    const total = batch.getPageCount();
    const done: Array<[Job, Buffer]> = [];
    const again: Job[] = [];
    let expected = 0;
    for (let i = 0; i < jobs.length; i++) {
      const from = starts[i];
      const to = i + 1 < jobs.length ? starts[i + 1] : total;
      if (from === undefined || to === undefined || to <= from) {
        // No destination (an empty letter?): it prints alone.
        jobs[i].alone = true;
        again.push(jobs[i]);
        expected += counts[i];
        continue;
      }
      const pages = to - from;
      this.guesses.set(this.lengthKey(jobs[i]), pages);
      this.lastPages = pages;
      if (from === expected && pages === counts[i]) done.push([jobs[i], await letterPdf(batch, from, to, letters[i].title)]);
      else again.push(Object.assign(jobs[i], { pages }));
      expected += counts[i];
    }
    return { done, again };
  }

  /** The time a print of so many letters may take before Chromium counts as hung: the timeout per 8 letters. */
  private batchTimeout(letters: number): number {
    return this.timeoutMs * Math.ceil(letters / 8);
  }

  private lengthKey(job: Job): number {
    return Math.round(job.html.length / 256);
  }
}
