import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { OutboundMessage, PostalAddress, isChannelError } from '../src/channels/channel';
import { MANIFEST_COLUMNS, PrintBatchAdapter } from '../src/channels/print-batch.adapter';

/** A letter of `pages` pages; every page is `width` points wide so its place in the batch can be checked. */
async function letterPdf(pages: number, width: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) {
    const page = doc.addPage([width, 842]);
    page.drawText(`page ${i + 1} of ${pages}`, { x: 50, y: 780, size: 12, font });
  }
  return Buffer.from(await doc.save());
}

function letter(caseReference: string, address: PostalAddress, pdf: Buffer, extra: Partial<OutboundMessage> = {}): OutboundMessage {
  return {
    communicationId: `com-${caseReference}`,
    caseReference,
    sender: { name: 'Acme Energie' },
    recipient: { name: address.name, address },
    text: 'see PDF',
    pdf,
    ...extra,
  };
}

describe('print batch adapter', () => {
  let outputDir: string;
  beforeEach(async () => {
    outputDir = await mkdtemp(path.join(tmpdir(), 'amicus-print-'));
  });
  afterEach(async () => rm(outputDir, { recursive: true, force: true }));

  const addresses: PostalAddress[] = [
    { name: 'Jan Peeters', lines: ['Kerkstraat 12', '2000 Antwerpen'], country: 'BE' },
    { name: 'Dupont, Marie "Mimi"', lines: ['Rue de la Loi 16, bte 3', '1000 Bruxelles'], country: 'BE' },
    { name: 'Bakkerij de Vries B.V.', lines: ['t.a.v. de administratie', 'Dorpsstraat 1', '1234 AB Ergens'], country: 'NL' },
  ];

  it('merges the batch into one PDF whose pages add up, in order, with a manifest row per letter', async () => {
    let n = 0;
    const adapter = new PrintBatchAdapter({ outputDir, newBatchId: () => `PB-TEST-${++n}` });
    const outcomes = [
      await adapter.send(letter('CASE-1', addresses[0], await letterPdf(1, 595))),
      await adapter.send(letter('CASE-2', addresses[1], await letterPdf(2, 600), { registered: true, postageClass: 'priority' })),
      await adapter.send(letter('CASE-3', addresses[2], await letterPdf(3, 610))),
    ];
    expect(outcomes.map((o) => (isChannelError(o) ? o.message : o.providerMessageId))).toEqual(['PB-TEST-1/1', 'PB-TEST-1/2', 'PB-TEST-1/3']);

    const batch = await adapter.closeBatch();
    expect(batch).toBeDefined();
    expect(batch!.totalPages).toBe(6);

    const merged = await PDFDocument.load(await readFile(batch!.pdfPath));
    expect(merged.getPageCount()).toBe(6);
    expect(merged.getPages().map((p) => Math.round(p.getWidth()))).toEqual([595, 600, 600, 610, 610, 610]);

    const rows: Record<string, string>[] = parse(await readFile(batch!.manifestPath), { columns: true });
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

  it('keeps the letter PDF as the evidence of what was sent', async () => {
    const adapter = new PrintBatchAdapter({ outputDir });
    const pdf = await letterPdf(2, 595);
    const outcome = await adapter.send(letter('CASE-E', addresses[0], pdf));
    expect(!isChannelError(outcome) && outcome.sent).toEqual({ mediaType: 'application/pdf', content: pdf });
  });

  it('quotes fields the RFC 4180 way in the raw manifest', async () => {
    const adapter = new PrintBatchAdapter({ outputDir, newBatchId: () => 'PB-Q' });
    await adapter.send(letter('CASE-Q', addresses[1], await letterPdf(1, 595)));
    const batch = await adapter.closeBatch();
    const raw = (await readFile(batch!.manifestPath, 'utf8')).split('\r\n');
    expect(raw[1]).toBe('PB-Q,1,CASE-Q,"Dupont, Marie ""Mimi""","Rue de la Loi 16, bte 3",1000 Bruxelles,,,,BE,1,1,standard,n');
  });

  it('pads odd letters with a blank page for duplex printing so each letter starts on a new sheet', async () => {
    const adapter = new PrintBatchAdapter({ outputDir, duplex: true });
    await adapter.send(letter('CASE-A', addresses[0], await letterPdf(1, 595)));
    await adapter.send(letter('CASE-B', addresses[1], await letterPdf(2, 595)));
    await adapter.send(letter('CASE-C', addresses[2], await letterPdf(3, 595)));
    const batch = await adapter.closeBatch();

    expect(batch!.rows.map((r) => r.firstPageIndex)).toEqual([1, 3, 5]);
    expect(batch!.rows.every((r) => r.firstPageIndex % 2 === 1)).toBe(true);
    expect((await PDFDocument.load(await readFile(batch!.pdfPath))).getPageCount()).toBe(8);
  });

  it('starts a new batch after closing, and closing an empty batch writes nothing', async () => {
    let n = 0;
    const adapter = new PrintBatchAdapter({ outputDir, newBatchId: () => `PB-${++n}` });
    await adapter.send(letter('CASE-1', addresses[0], await letterPdf(1, 595)));
    const sendDuringClose = adapter.send(letter('CASE-2', addresses[0], await letterPdf(1, 595)));
    const first = adapter.closeBatch();
    const late = await sendDuringClose;

    expect((await first)!.rows.map((r) => r.caseReference)).toEqual(['CASE-1', 'CASE-2']);
    expect(!isChannelError(late) && late.providerMessageId).toBe('PB-1/2');
    expect(adapter.openBatchId).toBe('PB-2');
    expect(await adapter.closeBatch()).toBeUndefined();
    expect((await readdir(outputDir)).sort()).toEqual(['PB-1.manifest.csv', 'PB-1.pdf']);
  });

  it('refuses letters without an address, without a PDF, or with an unreadable PDF', async () => {
    const adapter = new PrintBatchAdapter({ outputDir });
    const pdf = await letterPdf(1, 595);
    const noAddress = await adapter.send({ ...letter('X', addresses[0], pdf), recipient: { name: 'Jan' } });
    const badCountry = await adapter.send(letter('X', { ...addresses[0], country: 'Belgium' }, pdf));
    const noPdf = await adapter.send(letter('X', addresses[0], pdf, { pdf: undefined }));
    const corrupt = await adapter.send(letter('X', addresses[0], Buffer.from('not a pdf')));

    expect([noAddress, badCountry, noPdf, corrupt].map((o) => isChannelError(o) && [o.reason, o.retryable])).toEqual([
      ['invalid_recipient', false],
      ['invalid_recipient', false],
      ['rejected', false],
      ['rejected', false],
    ]);
    expect(adapter.openBatchSize).toBe(0);
  });
});
