/**
 * Issue 5 part 8, issue 19 §2: letters to PDF per second through the pool (letters printed many
 * to a document and split, pages reused, the browser replaced every so many letters), against a
 * sample rendered each in a fresh browser page, in the same run; with peak memory (Node + every
 * Chromium process, whichever browser is current) and the memory at 25/50/75/100 % of the run to
 * show it stays flat, and a check that every letter came out exactly once.
 *
 *   npm run bench -- letters-pdf            (10,000 letters)
 *   npm run bench -- letters-pdf 2000       (or LETTERS=2000; FRESH_SAMPLE=100 PAGES=2 BATCH=32 IN_FLIGHT=128 KILL_AT=1000)
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

const LETTERS = Number(process.argv[2] ?? process.env.LETTERS ?? 10_000);
const FRESH_SAMPLE = Number(process.env.FRESH_SAMPLE ?? 200);
const PAGES = Number(process.env.PAGES ?? 2);
const BATCH = Number(process.env.BATCH ?? 32);
/** Letters composed and waiting for the pool at once (what a sending run hands it). */
const IN_FLIGHT = Number(process.env.IN_FLIGHT ?? PAGES * BATCH * 2);
/** Kill Chromium (SIGKILL) once this many letters are out, to show the run survives it (KILL_AT=5000). */
const KILL_AT = Number(process.env.KILL_AT ?? 0);

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

/**
 * CPU time in ms of this process and every descendant it has had: each process's own time, the
 * most seen of it while sampling (a browser replaced mid-run keeps what it used).
 */
const cpuSeen = new Map<number, number>();
function sampleCpu(rootPid: number): number {
  const children = new Map<number, number[]>();
  const cpu = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      cpu.set(Number(entry), (Number(fields[11]) + Number(fields[12])) * 10);
      children.set(Number(fields[1]), [...(children.get(Number(fields[1])) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop()!;
    cpuSeen.set(pid, Math.max(cpuSeen.get(pid) ?? 0, cpu.get(pid) ?? 0));
    stack.push(...(children.get(pid) ?? []));
  }
  return [...cpuSeen.values()].reduce((a, b) => a + b, 0);
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
  const renderer = await PdfRenderer.launch({ pages: PAGES, batchSize: BATCH });
  // Chromium runs as a child of this process: the tree holds Node and whichever browser is current.
  const memory = () => treeRss(process.pid);
  let peak = memory();
  const sampler = setInterval(() => {
    peak = Math.max(peak, memory());
    sampleCpu(process.pid);
  }, 200);
  const checkpoints: string[] = [];
  let bytes = 0;

  // Warm up (first page loads fonts) so both measurements start from the same state.
  const warm = await Promise.all(Array.from({ length: PAGES * 2 }, (_, i) => letterHtml(i)));
  await Promise.all(warm.map((letter) => renderer.render(letter.html, letter.pdf)));

  const cpuBefore = sampleCpu(process.pid);
  const nodeBefore = process.cpuUsage();
  const countersBefore = renderer.counters();
  const started = process.hrtime.bigint();
  let next = 0;
  let done = 0;
  const marks = new Set([0.25, 0.5, 0.75, 1].map((f) => Math.ceil(LETTERS * f)));
  const outputs = new Array<number>(LETTERS).fill(0);
  // Keep the pool fed: IN_FLIGHT letters composed and handed to it at any time.
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < LETTERS) {
        const i = next++;
        const letter = await letterHtml(i);
        const pdf = await renderer.render(letter.html, letter.pdf);
        outputs[i] += 1;
        bytes += pdf.length;
        done += 1;
        if (done === KILL_AT) process.kill(renderer.browser.process()!.pid!, 'SIGKILL');
        if (marks.has(done)) {
          const now = memory();
          peak = Math.max(peak, now);
          checkpoints.push(`${Math.round((done / LETTERS) * 100)}%: ${mb(now)} (node ${mb(process.memoryUsage().rss)})`);
        }
      }
    }),
  );
  const pooledSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const pooledCpuMs = sampleCpu(process.pid) - cpuBefore;
  const nodeCpu = process.cpuUsage(nodeBefore);
  const nodeCpuMs = (nodeCpu.user + nodeCpu.system) / 1000;
  const counters = renderer.counters();

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

  const pooledRate = LETTERS / pooledSeconds;
  const freshRate = FRESH_SAMPLE / freshSeconds;
  const once = outputs.filter((n) => n === 1).length;
  console.log(
    `letters-pdf: ${LETTERS} letters through a pool of ${PAGES} pages (up to ${BATCH} letters per print, ${IN_FLIGHT} in flight), ${FRESH_SAMPLE} in fresh pages (Chromium /usr/bin/chromium)`,
  );
  console.log(
    `  pooled       : ${pooledRate.toFixed(1)} letters/s (${pooledSeconds.toFixed(1)} s, ${mb(bytes)} of PDF, ${(bytes / LETTERS / 1024).toFixed(0)} KB per letter)`,
  );
  console.log(`  fresh pages  : ${freshRate.toFixed(1)} letters/s (${freshSeconds.toFixed(1)} s)`);
  console.log(
    `  ratio        : ${(pooledRate / freshRate).toFixed(1)} x the fresh-page sample (target >= 10 x; >= 40 letters/s on 2 cores)`,
  );
  console.log(
    `  letters out  : ${once} of ${LETTERS} exactly once${once === LETTERS ? '' : ' — INCOMPLETE'}; Chromium restarted after a crash/hang: ${counters.restarts}, replaced to keep memory flat: ${counters.recycles}`,
  );
  console.log(
    `  work         : ${counters.prints - countersBefore.prints} prints, ${counters.reprints - countersBefore.reprints} letters printed again (page count guessed wrong); CPU ${(pooledCpuMs / LETTERS).toFixed(1)} ms per letter (node ${(nodeCpuMs / LETTERS).toFixed(1)}: composing and splitting; chromium ${((pooledCpuMs - nodeCpuMs) / LETTERS).toFixed(1)}) = at most ${((2 * 1000 * LETTERS) / pooledCpuMs).toFixed(0)} letters/s on 2 idle cores`,
  );
  console.log(`  peak RSS     : ${mb(peak)} (node + chromium processes)`);
  console.log(`  RSS during the pooled run: ${checkpoints.join(' | ')}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
