/**
 * Bank statement parsing speed and memory: writes a CAMT.053 (camt.053.001.08) and a CODA 2
 * file of ENTRIES entries each in the temp directory (80 % of the entries with a
 * valid OGM — three in four of those in the structured field, one in four typed in the free
 * text — one booking in a hundred a batch of three; daily statements of 5,000 entries, since
 * CODA numbers a statement's movements with four digits), then reads each through the cases service's
 * reader twice: keeping the statement's entries (what an import holds before it writes), and
 * streaming them (`keepEntries: false`, each entry handed on and dropped). Reports entries/s,
 * the OGMs recognised, and peak RSS and heap sampled along the way.
 *
 *   npm run bench -- bank-parse                 (ENTRIES=100000 by default)
 *
 * Figures (2 cores shared with other work; tree at 53f97a4 + this bench, 2026-12-01), 100,000
 * entries in 20 statements: CAMT 78 MB written in 0.9 s, CODA 39 MB in 1.0 s. RSS starts at
 * ~275 MB (the SWC-compiled sources and their modules).
 *   - CAMT kept:     7.9 s = 12,700 entries/s; peak RSS 611 MB, heap 373 MB.
 *   - CAMT streamed: 8.5 s = 11,750 entries/s; peak heap 317 MB (268 MB at 20,000 entries: it
 *     grows with garbage V8 has not collected yet, not with the file; nothing is kept).
 *   - CODA kept:     2.0 s = 49,000 entries/s; peak RSS 390 MB, heap 211 MB.
 *   - CODA streamed: 2.2 s = 44,700 entries/s; peak heap 210 MB.
 *   Every read: all 100,000 entries, the 80,000 OGMs recognised, every balance adding up.
 *   Where CAMT's time goes (CPU profile at 20,000): a quarter in V8's garbage collector (one
 *   small tree per Ntry, ~35 nodes), a third in saxes (namespace resolution and position
 *   tracking included), the rest in the reader and the entry digest.
 *
 * Why saxes and not fast-xml-parser: fast-xml-parser parses a whole text into a whole object
 * tree, so a 78 MB statement means the 78 MB string (156 MB as UTF-16) plus a tree several times
 * its size before the first entry can be read, and no streaming to an import; saxes hands the
 * reader one element at a time and the reader keeps a small tree of one Ntry. (Decided on that
 * design ground; fast-xml-parser was not installed to measure it side by side.)
 */
import { createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { camt053Chunks, codaLines, readBankStatementFile, type EntryToWrite, type StatementToWrite } from '@amicus/cases';
import { ogmFromNumber } from '@amicus/payment-references';

const ENTRIES = Number(process.env.ENTRIES ?? 100_000);
const camtPath = join(tmpdir(), `amicus-bank-bench-${process.pid}.xml`);
const codaPath = join(tmpdir(), `amicus-bank-bench-${process.pid}.cod`);

const names = [
  'JANSSENS AN',
  'PEETERS JAN',
  'MAES EN ZONEN BV',
  'DE VRIES BV',
  'SOCIETE GENERALE SA',
  'MULLER GMBH',
  'WILLEMS ELS',
  'CLAES PIET',
];

/** CODA numbers a statement's movements with 4 digits: the entries go in daily statements of this many. */
const PER_STATEMENT = 5_000;

/** Entries `from` to `to`: every fifth without a reference, 3 in 4 of the others in the structured field. */
function* entries(from: number, to: number): Generator<EntryToWrite> {
  let i = from;
  while (i < to) {
    const batchSize = i % 100 === 0 && i + 3 <= to ? 3 : 1;
    for (let b = 0; b < batchSize; b++, i++) {
      const ogm = i % 5 === 4 ? null : ogmFromNumber(1_000_000 + i);
      const typed = ogm !== null && i % 4 === 3;
      const day = String((i % 28) + 1).padStart(2, '0');
      yield {
        bankReference: `BNK${String(i).padStart(12, '0')}`,
        bookingDate: `2025-03-${day}`,
        valueDate: `2025-03-${day}`,
        amount: { amountMinor: BigInt(1_000 + ((i * 7919) % 500_000)), currency: 'EUR' },
        direction: i % 10 === 9 ? 'debit' : 'credit',
        reversal: false,
        counterparty: { name: names[i % names.length] as string, iban: `BE${String(10_000_000_000_000 + i).slice(-14)}`, bic: 'GKCCBEBB' },
        structuredReference:
          ogm && !typed ? { scheme: 'ogm', electronic: ogm.digits, formatted: ogm.formatted, source: 'structured' } : null,
        remittanceText: typed ? `BETALING DOSSIER ${ogm.formatted} DANK U` : `FACTUUR ${2025_000 + i}`,
        endToEndId: `E2E-${i}`,
        batch: batchSize > 1 ? { bookingReference: `BATCH${i - b}`, index: b + 1, count: batchSize } : null,
      };
    }
  }
}

/** The daily statements, each closing where the next opens, as the bank computes the balances. */
function statements(): StatementToWrite[] {
  const result: StatementToWrite[] = [];
  let balance = 1_000_000n;
  for (let from = 0, n = 1; from < ENTRIES; from += PER_STATEMENT, n++) {
    const to = Math.min(ENTRIES, from + PER_STATEMENT);
    let net = 0n;
    for (const e of entries(from, to)) net += e.direction === 'credit' ? e.amount.amountMinor : -e.amount.amountMinor;
    result.push({
      statementId: `BENCH-2025-${n}`,
      sequence: String(n),
      account: { iban: 'BE68539007547034', number: 'BE68539007547034', holderName: 'AMICUS INCASSO NV', bic: 'GKCCBEBB' },
      currency: 'EUR',
      openingBalance: { amount: { amountMinor: balance, currency: 'EUR' }, date: '2025-02-28' },
      closingBalance: { amount: { amountMinor: balance + net, currency: 'EUR' }, date: '2025-03-28' },
      entries: { [Symbol.iterator]: () => entries(from, to) },
    });
    balance += net;
  }
  return result;
}

async function write(path: string, chunks: Iterable<string>): Promise<void> {
  const out = createWriteStream(path);
  for (const chunk of chunks) if (!out.write(chunk)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;

async function measure(label: string, path: string, keepEntries: boolean): Promise<boolean> {
  global.gc?.();
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 50);
  let streamed = 0;
  let ogms = 0;
  const started = process.hrtime.bigint();
  const file = await readBankStatementFile(path, {
    keepEntries,
    onEntry: (e) => {
      streamed++;
      if (e.structuredReference?.scheme === 'ogm') ogms++;
    },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  clearInterval(sampler);
  const after = process.memoryUsage();
  peakRss = Math.max(peakRss, after.rss);
  peakHeap = Math.max(peakHeap, after.heapUsed);
  const kept = file.statements.reduce((total, s) => total + s.entries.length, 0);
  const balanced = file.statements.every((s) => s.balanceCheck.ok);
  console.log(
    `${label.padEnd(14)} ${streamed.toLocaleString('en')} entries in ${seconds.toFixed(2)} s = ${Math.round(streamed / seconds).toLocaleString('en')} entries/s; ` +
      `OGM recognised ${ogms.toLocaleString('en')}; ${file.statements.length} statements, balances ${balanced ? 'ok' : 'OFF'}; kept ${kept.toLocaleString('en')}; ` +
      `RSS ${mb(before.rss)} → peak ${mb(peakRss)}, heap ${mb(before.heapUsed)} → peak ${mb(peakHeap)}`,
  );
  return streamed === ENTRIES && ogms === ENTRIES - Math.floor(ENTRIES / 5) && balanced;
}

async function main(): Promise<void> {
  let t = Date.now();
  await write(camtPath, camt053Chunks('BENCH-1', statements(), 8));
  const camtSeconds = (Date.now() - t) / 1000;
  t = Date.now();
  await write(codaPath, codaLines(statements()));
  const codaSeconds = (Date.now() - t) / 1000;
  console.log(
    `generated ${ENTRIES.toLocaleString('en')} entries: CAMT ${mb((await stat(camtPath)).size)} in ${camtSeconds.toFixed(1)} s, CODA ${mb((await stat(codaPath)).size)} in ${codaSeconds.toFixed(1)} s`,
  );
  const results = [
    await measure('CAMT kept', camtPath, true),
    await measure('CAMT streamed', camtPath, false),
    await measure('CODA kept', codaPath, true),
    await measure('CODA streamed', codaPath, false),
  ];
  await Promise.all([rm(camtPath, { force: true }), rm(codaPath, { force: true })]);
  if (results.includes(false)) {
    console.error('a read did not give every entry, every OGM and a balance that adds up');
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
