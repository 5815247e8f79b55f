import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isChannelError } from '../src/channels/channel';
import { BatchedLetter, PrintBatchAdapter } from '../src/channels/print-batch.adapter';
import { ADDRESSES, letter, letterPdf } from './letters';

/** Issue 18 §4: a print batch is written once, however often its hand-over is done again. */
describe('print batch written idempotently', () => {
  let outputDir: string;
  beforeEach(async () => {
    outputDir = await mkdtemp(path.join(tmpdir(), 'amicus-print-'));
  });
  afterEach(async () => rm(outputDir, { recursive: true, force: true }));

  it('leaves a complete batch as the print house may have collected it when its hand-over is done again after a failed commit', async () => {
    const adapter = new PrintBatchAdapter({ outputDir, duplex: true });
    const letters: BatchedLetter[] = [];
    for (const [i, address] of ADDRESSES.entries()) {
      const checked = await adapter.check(letter(`CASE-${i}`, address, await letterPdf(i + 1, 595)));
      if (isChannelError(checked)) throw checked;
      letters.push({ ...checked, sequence: i + 1 });
    }
    const first = await adapter.write('PB-AGAIN-1', letters, new Date('2026-12-01T10:00:00Z'));
    const written = { pdf: await readFile(first.pdfPath), manifest: await readFile(first.manifestPath) };

    // The commit that would have marked the batch handed over failed: the next hand-over writes it again.
    const again = await adapter.write('PB-AGAIN-1', letters, new Date('2026-12-01T10:05:00Z'));
    expect(again).toMatchObject({
      batchId: 'PB-AGAIN-1',
      pdfPath: first.pdfPath,
      manifestPath: first.manifestPath,
      totalPages: first.totalPages,
    });
    expect(again.rows).toEqual(first.rows);
    expect(await readFile(first.pdfPath)).toEqual(written.pdf);
    expect(await readFile(first.manifestPath)).toEqual(written.manifest);
    expect((await readdir(outputDir)).sort()).toEqual(['PB-AGAIN-1.manifest.csv', 'PB-AGAIN-1.pdf']);
  });

  it('writes a batch whose PDF a stopped hand-over left without its manifest', async () => {
    const adapter = new PrintBatchAdapter({ outputDir });
    const checked = await adapter.check(letter('CASE-X', ADDRESSES[0]!, await letterPdf(1, 595)));
    if (isChannelError(checked)) throw checked;
    const batch = await adapter.write('PB-HALF-1', [{ ...checked, sequence: 1 }], new Date());
    await rm(batch.manifestPath);
    await adapter.write('PB-HALF-1', [{ ...checked, sequence: 1 }], new Date());
    expect((await readdir(outputDir)).sort()).toEqual(['PB-HALF-1.manifest.csv', 'PB-HALF-1.pdf']);
  });
});
