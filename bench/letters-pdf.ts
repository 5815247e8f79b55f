/**
 * Issue 5 part 8: letters to PDF per second through the page pool, against a sample rendered
 * each in a fresh browser page, with peak memory (Node + every Chromium process) and the memory
 * at 25/50/75/100 % of the run to show it stays flat.
 *
 *   node -r @swc-node/register bench/letters-pdf.ts        (or: npm run bench -- letters-pdf)
 *   LETTERS=2000 FRESH_SAMPLE=100 PAGES=2 node -r @swc-node/register bench/letters-pdf.ts
 */
import { readFileSync, readdirSync } from 'node:fs';
import {
  DEFAULT_TEMPLATES,
  PdfRenderer,
  SAMPLE_CONTEXT,
  TEMPLATE_LANGUAGES,
  composeLetter,
  paymentQrFor,
  renderInFreshPage,
  type TemplateContext,
  type TemplateLanguage,
} from '@amicus/communications';
import { paymentReferenceFor } from '@amicus/payment-references';

const LETTERS = Number(process.env.LETTERS ?? 10_000);
const FRESH_SAMPLE = Number(process.env.FRESH_SAMPLE ?? 200);
const PAGES = Number(process.env.PAGES ?? 2);

/** RSS in bytes of a process and all its descendants, read from /proc (Linux). */
function treeRss(rootPid: number): number {
  const children = new Map<number, number[]>();
  const rss = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const pid = Number(entry);
      const parent = Number(fields[1]);
      rss.set(pid, Number(fields[21]) * 4096);
      children.set(parent, [...(children.get(parent) ?? []), pid]);
    } catch {
      // the process ended while we looked
    }
  }
  let total = 0;
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop()!;
    total += rss.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

const languageOf = (i: number): TemplateLanguage => TEMPLATE_LANGUAGES[i % TEMPLATE_LANGUAGES.length];

/** A different case per letter: names, amounts, references and languages vary. */
function caseNumber(i: number): TemplateContext {
  const context = structuredClone(SAMPLE_CONTEXT);
  const language = languageOf(i);
  const principal = 5_000n + BigInt((i * 7919) % 500_000);
  context.debtor = { ...context.debtor, name: `Debtor ${i} <${i}@example.be>`, language };
  context.claims = context.claims.map((claim, k) => ({ ...claim, number: `F${i}-${k}` }));
  context.amounts = {
    ...context.amounts,
    principal: { amountMinor: principal, currency: 'EUR' },
    total: { amountMinor: principal, currency: 'EUR' },
  };
  context.payment.reference = paymentReferenceFor('BE', 1_000_000 + i).formatted;
  context.case.reference = `AMI-2025-${String(i).padStart(6, '0')}`;
  return context;
}

async function letterHtml(i: number) {
  const context = caseNumber(i);
  context.payment.qr = await paymentQrFor(context);
  const language = languageOf(i);
  return composeLetter({ body: DEFAULT_TEMPLATES.first_reminder[language].letter.html, context, language });
}

async function main(): Promise<void> {
  const renderer = await PdfRenderer.launch({ pages: PAGES });
  const chromiumPid = renderer.browser.process()?.pid;
  const memory = () => process.memoryUsage().rss + (chromiumPid ? treeRss(chromiumPid) : 0);
  let peak = memory();
  const sampler = setInterval(() => (peak = Math.max(peak, memory())), 200);
  const checkpoints: string[] = [];
  let bytes = 0;

  // Warm up (first page loads fonts) so both measurements start from the same state.
  for (let i = 0; i < PAGES * 2; i++) await renderer.render((await letterHtml(i)).html);

  const started = process.hrtime.bigint();
  let next = 0;
  let done = 0;
  const marks = new Set([0.25, 0.5, 0.75, 1].map((f) => Math.ceil(LETTERS * f)));
  // Keep the pool busy: as many workers as pages plus one composing the next letter meanwhile.
  await Promise.all(
    Array.from({ length: PAGES + 1 }, async () => {
      while (next < LETTERS) {
        const i = next++;
        const letter = await letterHtml(i);
        const pdf = await renderer.render(letter.html, letter.pdf);
        bytes += pdf.length;
        done += 1;
        if (marks.has(done)) {
          const now = memory();
          peak = Math.max(peak, now);
          checkpoints.push(`${Math.round((done / LETTERS) * 100)}%: ${mb(now)} (node ${mb(process.memoryUsage().rss)})`);
        }
      }
    }),
  );
  const pooledSeconds = Number(process.hrtime.bigint() - started) / 1e9;

  const freshStarted = process.hrtime.bigint();
  let freshNext = 0;
  await Promise.all(
    Array.from({ length: PAGES }, async () => {
      while (freshNext < FRESH_SAMPLE) {
        const letter = await letterHtml(freshNext++);
        await renderInFreshPage(renderer.browser, letter.html, letter.pdf);
      }
    }),
  );
  const freshSeconds = Number(process.hrtime.bigint() - freshStarted) / 1e9;
  clearInterval(sampler);
  peak = Math.max(peak, memory());
  await renderer.close();

  console.log(
    `letters-pdf: ${LETTERS} letters through a pool of ${PAGES} pages, ${FRESH_SAMPLE} in fresh pages (Chromium ${'/usr/bin/chromium'})`,
  );
  console.log(
    `  pooled pages : ${(LETTERS / pooledSeconds).toFixed(1)} letters/s (${pooledSeconds.toFixed(1)} s, ${mb(bytes)} of PDF, ${(bytes / LETTERS / 1024).toFixed(0)} KB per letter)`,
  );
  console.log(`  fresh pages  : ${(FRESH_SAMPLE / freshSeconds).toFixed(1)} letters/s (${freshSeconds.toFixed(1)} s)`);
  console.log(`  peak RSS     : ${mb(peak)} (node + chromium processes)`);
  console.log(`  RSS during the pooled run: ${checkpoints.join(' | ')}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
