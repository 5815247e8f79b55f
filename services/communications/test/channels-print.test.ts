import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { PDFDocument } from 'pdf-lib';
import { OutboundMessage, isChannelError } from '../src/channels/channel';
import { BatchedLetter, MANIFEST_COLUMNS, PrintBatchAdapter } from '../src/channels/print-batch.adapter';
import { ADDRESSES as addresses, letter, letterPdf } from './letters';

/** The print house's side of letters (files, no database); how batches fill and close is print-batches.test.ts. */
describe('print batch adapter', () => {
  let outputDir: string;
  beforeEach(async () => {
    outputDir = await mkdtemp(path.join(tmpdir(), 'amicus-print-'));
  });
  afterEach(async () => rm(outputDir, { recursive: true, force: true }));

  /** The letters as checked by the adapter, numbered in the order given. */
  async function batched(adapter: PrintBatchAdapter, messages: OutboundMessage[]): Promise<BatchedLetter[]> {
    const letters: BatchedLetter[] = [];
    for (const message of messages) {
      const checked = await adapter.check(message);
      if (isChannelError(checked)) throw checked;
      letters.push({ ...checked, sequence: letters.length + 1 });
    }
    return letters;
  }

  it('merges the batch into one PDF whose pages add up, in order, with a manifest row per letter', async () => {
    const adapter = new PrintBatchAdapter({ outputDir });
    const letters = await batched(adapter, [
      letter('CASE-1', addresses[0], await letterPdf(1, 595)),
      letter('CASE-2', addresses[1], await letterPdf(2, 600), { registered: true, postageClass: 'priority' }),
      letter('CASE-3', addresses[2], await letterPdf(3, 610)),
    ]);

    const batch = await adapter.write('PB-TEST-1', letters, new Date());
    expect(batch).toBeDefined();
    expect(batch.totalPages).toBe(6);

    const merged = await PDFDocument.load(await readFile(batch.pdfPath));
    expect(merged.getPageCount()).toBe(6);
    expect(merged.getPages().map((p) => Math.round(p.getWidth()))).toEqual([595, 600, 600, 610, 610, 610]);

    const rows: Record<string, string>[] = parse(await readFile(batch.manifestPath), { columns: true });
    expect(Object.keys(rows[0])).toEqual(MANIFEST_COLUMNS);
    expect(rows.map((r) => [r.sequence, r.case_reference, r.page_count, r.first_page_index])).toEqual([
      ['1', 'CASE-1', '1', '1'],
      ['2', 'CASE-2', '2', '2'],
      ['3', 'CASE-3', '3', '4'],
    ]);
    const pageSum = rows.reduce((sum, r) => sum + Number(r.page_count), 0);
    expect(pageSum).toBe(merged.getPageCount());
    expect(rows[1]).toMatchObject({
      batch_id: 'PB-TEST-1',
      recipient_name: 'Dupont, Marie "Mimi"',
      address_line_1: 'Rue de la Loi 16, bte 3',
      address_line_2: '1000 Bruxelles',
      address_line_3: '',
      country: 'BE',
      postage_class: 'priority',
      registered: 'y',
    });
    expect(rows[2]).toMatchObject({ address_line_3: '1234 AB Ergens', country: 'NL', postage_class: 'standard', registered: 'n' });
  });

  it('quotes fields the RFC 4180 way in the raw manifest', async () => {
    const adapter = new PrintBatchAdapter({ outputDir });
    const batch = await adapter.write(
      'PB-Q',
      await batched(adapter, [letter('CASE-Q', addresses[1], await letterPdf(1, 595))]),
      new Date(),
    );
    const raw = (await readFile(batch.manifestPath, 'utf8')).split('\r\n');
    expect(raw[1]).toBe('PB-Q,1,CASE-Q,"Dupont, Marie ""Mimi""","Rue de la Loi 16, bte 3",1000 Bruxelles,,,,BE,1,1,standard,n');
  });

  it('pads odd letters with a blank page for duplex printing so each letter starts on a new sheet', async () => {
    const adapter = new PrintBatchAdapter({ outputDir, duplex: true });
    const letters = await batched(adapter, [
      letter('CASE-A', addresses[0], await letterPdf(1, 595)),
      letter('CASE-B', addresses[1], await letterPdf(2, 595)),
      letter('CASE-C', addresses[2], await letterPdf(3, 595)),
    ]);
    const batch = await adapter.write('PB-D', letters, new Date());

    expect(batch.rows.map((r) => r.firstPageIndex)).toEqual([1, 3, 5]);
    expect(batch.rows.every((r) => r.firstPageIndex % 2 === 1)).toBe(true);
    expect((await PDFDocument.load(await readFile(batch.pdfPath))).getPageCount()).toBe(8);
  });

  it('refuses letters without an address, without a PDF, or with an unreadable PDF', async () => {
    const adapter = new PrintBatchAdapter({ outputDir });
    const pdf = await letterPdf(1, 595);
    const noAddress = await adapter.check({ ...letter('X', addresses[0], pdf), recipient: { name: 'Jan' } });
    const badCountry = await adapter.check(letter('X', { ...addresses[0], country: 'Belgium' }, pdf));
    const noPdf = await adapter.check(letter('X', addresses[0], pdf, { pdf: undefined }));
    const corrupt = await adapter.check(letter('X', addresses[0], Buffer.from('not a pdf')));

    expect([noAddress, badCountry, noPdf, corrupt].map((o) => isChannelError(o) && [o.reason, o.retryable])).toEqual([
      ['invalid_recipient', false],
      ['invalid_recipient', false],
      ['rejected', false],
      ['rejected', false],
    ]);
  });
});
