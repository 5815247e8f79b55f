import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { ChannelAdapter, ChannelError, OutboundMessage, PostalAddress, SendOutcome } from './channel';

/**
 * Letters go to a print house in batches: one merged PDF and one manifest (CSV) per batch, in an
 * output directory the print house collects from (config PRINT_OUTPUT_DIR).
 *
 * `send` puts a letter in the open batch and answers `{batchId}/{sequence}` as its provider id:
 * the letter is accepted, not yet posted. The use case marks the communication `sent` when the
 * batch is handed over (after `closeBatch`).
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
  clock?: () => Date;
  newBatchId?: () => string;
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

interface QueuedLetter {
  message: OutboundMessage;
  address: PostalAddress;
  pdf: PDFDocument;
  sequence: number;
}

export class PrintBatchAdapter implements ChannelAdapter {
  readonly channel = 'letter' as const;
  private batchId: string;
  private letters: QueuedLetter[] = [];
  /** Adding and closing run one at a time, so a letter is never half in a closing batch. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly clock: () => Date;
  private readonly newBatchId: () => string;

  constructor(private readonly config: PrintBatchConfig) {
    this.clock = config.clock ?? (() => new Date());
    this.newBatchId = config.newBatchId ?? (() => `PB-${this.clock().toISOString().slice(0, 10).replace(/-/g, '')}-${randomUUID().slice(0, 8)}`);
    this.batchId = this.newBatchId();
  }

  get openBatchId(): string {
    return this.batchId;
  }

  get openBatchSize(): number {
    return this.letters.length;
  }

  send(message: OutboundMessage): Promise<SendOutcome> {
    return this.serialise(() => this.add(message));
  }

  /** Writes the open batch (if it has letters) and starts a new one. */
  closeBatch(): Promise<ClosedPrintBatch | undefined> {
    return this.serialise(() => this.close());
  }

  private serialise<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.queue.then(operation);
    this.queue = result.catch(() => undefined);
    return result;
  }

  private async add(message: OutboundMessage): Promise<SendOutcome> {
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
    const sequence = this.letters.length + 1;
    this.letters.push({ message, address, pdf, sequence });
    return {
      ok: true,
      providerMessageId: `${this.batchId}/${sequence}`,
      acceptedAt: this.clock(),
      sent: { mediaType: 'application/pdf', content: message.pdf },
    };
  }

  private async close(): Promise<ClosedPrintBatch | undefined> {
    if (this.letters.length === 0) return undefined;
    const batchId = this.batchId;
    const letters = this.letters;

    const merged = await PDFDocument.create();
    merged.setTitle(`Print batch ${batchId}`);
    const rows: PrintBatchRow[] = [];
    for (const letter of letters) {
      const firstPageIndex = merged.getPageCount() + 1;
      const pages = await merged.copyPages(letter.pdf, letter.pdf.getPageIndices());
      pages.forEach((page) => merged.addPage(page));
      if (this.config.duplex && pages.length % 2 === 1) {
        const last = pages[pages.length - 1].getSize();
        merged.addPage([last.width, last.height]);
      }
      rows.push({
        batchId,
        sequence: letter.sequence,
        caseReference: letter.message.caseReference,
        communicationId: letter.message.communicationId,
        recipient: letter.address,
        pageCount: pages.length,
        firstPageIndex,
        postageClass: letter.message.postageClass ?? 'standard',
        registered: letter.message.registered ?? false,
      });
    }

    await fs.mkdir(this.config.outputDir, { recursive: true });
    const pdfPath = path.join(this.config.outputDir, `${batchId}.pdf`);
    const manifestPath = path.join(this.config.outputDir, `${batchId}.manifest.csv`);
    await writeAtomically(pdfPath, Buffer.from(await merged.save()));
    await writeAtomically(manifestPath, Buffer.from(printManifestCsv(rows), 'utf8'));

    this.letters = [];
    this.batchId = this.newBatchId();
    return { batchId, pdfPath, manifestPath, closedAt: this.clock(), totalPages: merged.getPageCount(), rows };
  }
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
    lines.push(fields.map(csvField).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
