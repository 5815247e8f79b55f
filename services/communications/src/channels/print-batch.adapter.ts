import { promises as fs } from 'node:fs';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { spreadsheetText } from '@amicus/spreadsheets';
import { ChannelError, OutboundMessage, PostalAddress } from './channel';

/**
 * Letters go to a print house in batches: one merged PDF and one manifest (CSV) per batch, in an
 * output directory the print house collects from (config PRINT_OUTPUT_DIR).
 *
 * The adapter holds no batch: `check` says whether a letter can be printed (a window address, a
 * readable PDF with pages), and `write` writes a batch the use case kept in the database (see
 * ../communications/print-batches.service.ts), its letters in their order.
 *
 * Manifest: RFC 4180 CSV, UTF-8, CRLF, header row, one row per letter:
 *   batch_id, sequence (1-based), case_reference, recipient_name, address_line_1..5, country,
 *   page_count, first_page_index (1-based page number in the merged PDF), postage_class,
 *   registered (y/n)
 * With `duplex`, a blank page follows every letter with an odd page count so that each letter
 * starts on the front of a sheet; the blank is not counted in the letter's page_count.
 * The PDF is written before the manifest, each under a temporary name then renamed, so a
 * manifest in the directory always means its batch is complete.
 */

export const MAX_ADDRESS_LINES = 5;

export interface PrintBatchConfig {
  outputDir: string;
  duplex?: boolean;
}

/** A letter the print house can take. */
export interface PrintableLetter {
  communicationId: string;
  caseReference: string;
  address: PostalAddress;
  pdf: Buffer;
  pageCount: number;
  postageClass: 'standard' | 'priority';
  registered: boolean;
}

/** A letter at its place in a batch. */
export interface BatchedLetter extends PrintableLetter {
  sequence: number;
}

export interface PrintBatchRow {
  batchId: string;
  sequence: number;
  caseReference: string;
  communicationId: string;
  recipient: PostalAddress;
  pageCount: number;
  firstPageIndex: number;
  postageClass: 'standard' | 'priority';
  registered: boolean;
}

export interface ClosedPrintBatch {
  batchId: string;
  pdfPath: string;
  manifestPath: string;
  closedAt: Date;
  totalPages: number;
  rows: PrintBatchRow[];
}

export class PrintBatchAdapter {
  readonly channel = 'letter' as const;

  constructor(private readonly config: PrintBatchConfig) {}

  /** Whether the print house can take this letter; a refusal is never worth retrying (the letter is wrong). */
  async check(message: OutboundMessage): Promise<PrintableLetter | ChannelError> {
    const address = message.recipient.address;
    if (!address || address.lines.length === 0 || !address.name.trim()) {
      return new ChannelError(this.channel, 'invalid_recipient', false, 'recipient has no postal address');
    }
    if (address.lines.length > MAX_ADDRESS_LINES) {
      return new ChannelError(this.channel, 'invalid_recipient', false, `address has more than ${MAX_ADDRESS_LINES} lines`);
    }
    if (!/^[A-Z]{2}$/.test(address.country)) {
      return new ChannelError(this.channel, 'invalid_recipient', false, 'address country must be an ISO 3166-1 alpha-2 code');
    }
    if (!message.pdf) {
      return new ChannelError(this.channel, 'rejected', false, 'letter has no rendered PDF');
    }
    let pdf: PDFDocument;
    try {
      pdf = await PDFDocument.load(message.pdf);
    } catch (error) {
      return new ChannelError(this.channel, 'rejected', false, `letter PDF cannot be read: ${(error as Error).message}`);
    }
    if (pdf.getPageCount() === 0) {
      return new ChannelError(this.channel, 'rejected', false, 'letter PDF has no pages');
    }
    return {
      communicationId: message.communicationId,
      caseReference: message.caseReference,
      address,
      pdf: message.pdf,
      pageCount: pdf.getPageCount(),
      postageClass: message.postageClass ?? 'standard',
      registered: message.registered ?? false,
    };
  }

  /** Writes a batch for the print house: its letters merged in order into one PDF, then the manifest. */
  async write(batchId: string, letters: readonly BatchedLetter[], closedAt: Date): Promise<ClosedPrintBatch> {
    const merged = await PDFDocument.create();
    merged.setTitle(`Print batch ${batchId}`);
    const rows: PrintBatchRow[] = [];
    for (const letter of letters) {
      const firstPageIndex = merged.getPageCount() + 1;
      const source = await PDFDocument.load(letter.pdf);
      const pages = await merged.copyPages(source, source.getPageIndices());
      pages.forEach((page) => merged.addPage(page));
      if (this.config.duplex && pages.length % 2 === 1) {
        const last = pages[pages.length - 1].getSize();
        merged.addPage([last.width, last.height]);
      }
      const { sequence, caseReference, communicationId, address: recipient, postageClass, registered } = letter;
      rows.push({
        batchId,
        sequence,
        caseReference,
        communicationId,
        recipient,
        pageCount: pages.length,
        firstPageIndex,
        postageClass,
        registered,
      });
    }

    await fs.mkdir(this.config.outputDir, { recursive: true });
    const pdfPath = path.join(this.config.outputDir, `${batchId}.pdf`);
    const manifestPath = path.join(this.config.outputDir, `${batchId}.manifest.csv`);
    // Idempotent (issue 18 §4): a hand-over whose commit failed after writing is done again with
    // the same batch and letters; the print house may have collected the files already, so a
    // complete batch (its manifest is written last) is left as it is, never written a second time.
    if (!(await exists(manifestPath))) {
      await writeAtomically(pdfPath, Buffer.from(await merged.save()));
      await writeAtomically(manifestPath, Buffer.from(printManifestCsv(rows), 'utf8'));
    }
    return { batchId, pdfPath, manifestPath, closedAt, totalPages: merged.getPageCount(), rows };
  }
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

async function writeAtomically(target: string, content: Buffer): Promise<void> {
  const temporary = `${target}.${process.pid}.partial`;
  await fs.writeFile(temporary, content);
  await fs.rename(temporary, target);
}

export const MANIFEST_COLUMNS = [
  'batch_id',
  'sequence',
  'case_reference',
  'recipient_name',
  ...Array.from({ length: MAX_ADDRESS_LINES }, (_, i) => `address_line_${i + 1}`),
  'country',
  'page_count',
  'first_page_index',
  'postage_class',
  'registered',
];

/** RFC 4180 §2: a field with a comma, quote or line break is quoted, quotes inside are doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function printManifestCsv(rows: PrintBatchRow[]): string {
  const lines = [MANIFEST_COLUMNS.join(',')];
  for (const row of rows) {
    const addressLines = Array.from({ length: MAX_ADDRESS_LINES }, (_, i) => row.recipient.lines[i] ?? '');
    const fields = [
      row.batchId,
      String(row.sequence),
      row.caseReference,
      row.recipient.name,
      ...addressLines,
      row.recipient.country,
      String(row.pageCount),
      String(row.firstPageIndex),
      row.postageClass,
      row.registered ? 'y' : 'n',
    ];
    lines.push(fields.map((field) => csvField(spreadsheetText(field))).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
