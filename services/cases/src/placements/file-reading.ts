/**
 * Reading placement files as clients' accounting software exports them, one record at a time.
 *
 * CSV: the encoding (UTF-8 with or without BOM, UTF-16 with BOM, else Windows-1252) and the
 * delimiter (`,` `;` tab `|`) are sniffed from the first megabyte; quoted fields may hold line
 * breaks. XLSX: the first worksheet, with date and number cells turned into the text the row
 * validator reads (ISO dates, plain decimal-point numbers).
 *
 * Both stream: records come from an async iterator that pulls from the file only as fast as
 * the caller consumes, so memory stays flat however long the file is. Each record carries the
 * 1-based line (CSV) or row (XLSX) where it starts, for the import report.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable, pipeline } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import {
  FileLimitExceeded,
  FileLimits,
  LOCAL_FILE_LIMITS,
  UPLOAD_FILE_LIMITS,
  checkInflatedSize,
  tooManyColumns,
  tooManyRows,
} from './file-limits';

export interface SourceRecord {
  /** 1-based line (CSV) or row (XLSX) where the record starts. */
  readonly line: number;
  /** The raw cell texts, in column order. */
  readonly values: readonly string[];
}

export type SourceEncoding = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';
export type CsvDelimiter = ',' | ';' | '\t' | '|';

export interface SourceTable {
  readonly format: 'csv' | 'xlsx';
  /** CSV only: how the file was decoded and split. */
  readonly encoding?: SourceEncoding;
  readonly delimiter?: CsvDelimiter;
  /** The first non-empty record: the column names. */
  readonly header: readonly string[];
  readonly headerLine: number;
  /** The records after the header. Can be iterated once. Records with only empty cells are skipped. */
  readonly records: AsyncIterable<SourceRecord>;
}

export interface CsvReadOptions {
  /** Overrides the sniffed encoding. */
  encoding?: SourceEncoding;
  /** Overrides the sniffed delimiter. */
  delimiter?: CsvDelimiter;
  /** Rows and columns read at most (default: a file on disk's). */
  limits?: FileLimits;
}

/** The file cannot be read as a table at all (not a bad row: those are the validator's), or goes past a limit. */
export class PlacementFileError extends Error {
  constructor(
    readonly reason: string,
    readonly line?: number,
    /** The limit the file goes past, when that is why. */
    readonly limit?: keyof FileLimits,
  ) {
    super(line === undefined ? reason : `line ${line}: ${reason}`);
    this.name = 'PlacementFileError';
  }
}

const placementFileError = (e: FileLimitExceeded) => new PlacementFileError(e.reason, e.line, e.limit);

/** The workbook's inflated size within its limit, as a PlacementFileError when it is not (or not a zip at all). */
async function assertInflatedSize(source: Buffer | string, limits: FileLimits): Promise<void> {
  try {
    await checkInflatedSize(source, limits.maxInflatedBytes);
  } catch (e) {
    if (e instanceof FileLimitExceeded) throw placementFileError(e);
    throw new PlacementFileError(`the file cannot be read as XLSX (${(e as Error).message})`);
  }
}

/** How much of the start of a CSV file decides its encoding and delimiter. */
const SNIFF_BYTES = 1 << 20;
/** A record longer than this is a runaway quote, not data. */
const MAX_RECORD_CHARS = 1 << 20;

/** An XLSX workbook is a zip: it starts with `PK\3\4`. */
function isZip(head: Uint8Array): boolean {
  return Buffer.from(head.subarray(0, 4)).toString('latin1') === 'PK\u0003\u0004';
}

/**
 * Opens a placement file by path: XLSX when it is a zip, CSV otherwise, streamed from disk.
 * `onBytes` hears of every CSV chunk read (for a progress bar).
 */
export async function readPlacementFile(
  path: string,
  options: CsvReadOptions & { onBytes?: (bytes: number) => void } = {},
): Promise<SourceTable> {
  const limits = options.limits ?? LOCAL_FILE_LIMITS;
  const handle = await open(path, 'r');
  const magic = Buffer.alloc(4);
  try {
    await handle.read(magic, 0, 4, 0);
  } finally {
    await handle.close();
  }
  if (isZip(magic)) {
    await assertInflatedSize(path, limits);
    return readXlsx(createReadStream(path), limits);
  }
  const { onBytes, ...csv } = options;
  async function* chunks() {
    for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) {
      onBytes?.((chunk as Buffer).length);
      yield chunk as Buffer;
    }
  }
  return readCsv(chunks(), { ...csv, limits });
}

/** Opens a placement file held in memory (an upload, with an upload's limits): XLSX when it is a zip, CSV otherwise. */
export async function readPlacementContent(content: Buffer, limits: FileLimits = UPLOAD_FILE_LIMITS): Promise<SourceTable> {
  if (!isZip(content)) return readCsv(Readable.from([content]), { limits });
  await assertInflatedSize(content, limits);
  return readXlsx(Readable.from(content), limits);
}

// ---------------------------------------------------------------------------------------------
// CSV

export async function readCsv(input: AsyncIterable<Uint8Array>, options: CsvReadOptions = {}): Promise<SourceTable> {
  const source = input[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headBytes = 0;
  let exhausted = false;
  while (headBytes < SNIFF_BYTES) {
    const next = await source.next();
    if (next.done) {
      exhausted = true;
      break;
    }
    const chunk = Buffer.from(next.value);
    head.push(chunk);
    headBytes += chunk.length;
  }
  const sample = Buffer.concat(head);
  const encoding = options.encoding ?? sniffEncoding(sample, exhausted);
  const decoder = iconv.getDecoder(encoding); // strips a BOM
  const decodedHead = decoder.write(sample);
  const delimiter = options.delimiter ?? sniffDelimiter(decodedHead);

  async function* text(): AsyncGenerator<string> {
    try {
      if (decodedHead) yield decodedHead;
      if (!exhausted) {
        for (let next = await source.next(); !next.done; next = await source.next()) {
          const decoded = decoder.write(Buffer.from(next.value));
          if (decoded) yield decoded;
        }
      }
      const tail = decoder.end();
      if (tail) yield tail;
    } finally {
      await source.return?.(); // close the file when the caller stops early
    }
  }

  const records = csvRecords(text(), delimiter, options.limits ?? LOCAL_FILE_LIMITS);
  const first = await records.next();
  if (first.done) throw new PlacementFileError('the file has no header row');
  return {
    format: 'csv',
    encoding,
    delimiter,
    header: first.value.values.map((name) => name.trim()),
    headerLine: first.value.line,
    records: { [Symbol.asyncIterator]: () => records },
  };
}

async function* csvRecords(text: AsyncIterable<string>, delimiter: CsvDelimiter, limits: FileLimits): AsyncGenerator<SourceRecord> {
  const parser = parse({
    delimiter,
    info: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_CHARS,
    // A stream error would drop the records still buffered before it; as a `skip` event the
    // error arrives in order, after the records that precede it.
    skip_records_with_error: true,
  });
  let failure: { error: Error; afterRecords: number } | undefined;
  parser.on('skip', (error: Error) => {
    failure ??= { error, afterRecords: parser.info.records };
  });
  pipeline(Readable.from(text), parser, () => undefined);
  // csv-parse's own `info.lines` miscounts CRLF inside quoted fields, so lines are counted
  // here: a record starts after the previous one and the empty lines skipped in between, and
  // spans as many lines as the line breaks inside its fields.
  let lastLine = 0;
  let emptyLines = 0;
  let consumed = 0;
  let records = 0;
  let limit: FileLimitExceeded | undefined;
  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { empty_lines: number } }>) {
      if (failure && consumed >= failure.afterRecords) break;
      consumed++;
      const line = lastLine + 1 + (item.info.empty_lines - emptyLines);
      emptyLines = item.info.empty_lines;
      let breaks = 0;
      for (const value of item.record) if (value.includes('\n') || value.includes('\r')) breaks += countLineBreaks(value);
      lastLine = line + breaks;
      if (item.record.every((value) => value.trim() === '')) continue; // `;;;;` rows Excel leaves behind
      // the header and limits.maxRows records after it
      if (++records > limits.maxRows + 1) throw tooManyRows(limits.maxRows, line);
      if (item.record.length > limits.maxColumns) throw tooManyColumns(limits.maxColumns, item.record.length, line);
      yield { line, values: item.record };
    }
  } catch (error) {
    if (error instanceof FileLimitExceeded) limit = error;
    else failure ??= { error: error as Error, afterRecords: consumed };
  } finally {
    parser.destroy();
  }
  if (limit) throw placementFileError(limit);
  if (failure) {
    const code = (failure.error as CsvError).code;
    const reason =
      code === 'CSV_QUOTE_NOT_CLOSED' || code === 'CSV_MAX_RECORD_SIZE'
        ? 'a quoted field is never closed'
        : `the file cannot be read as CSV (${failure.error.message})`;
    throw new PlacementFileError(reason, lastLine + 1);
  }
}

function countLineBreaks(value: string): number {
  let breaks = 0;
  for (let i = 0; i < value.length; i++) {
    const char = value.charCodeAt(i);
    if (char === 10) breaks++;
    else if (char === 13) {
      breaks++;
      if (value.charCodeAt(i + 1) === 10) i++;
    }
  }
  return breaks;
}

/**
 * The encoding of a file from its first bytes: a BOM says so; otherwise UTF-8 if the sample is
 * valid UTF-8 (plain ASCII is too), else Windows-1252, which is what Excel and most Belgian and
 * Dutch accounting packages write when they do not write UTF-8.
 */
export function sniffEncoding(sample: Uint8Array, isWholeFile = true): SourceEncoding {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf-16le';
  if (sample[0] === 0xfe && sample[1] === 0xff) return 'utf-16be';
  try {
    // `stream: true` lets a character cut at the end of the sample wait instead of failing.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: !isWholeFile });
    return 'utf-8';
  } catch {
    return 'windows-1252';
  }
}

const DELIMITERS: readonly CsvDelimiter[] = ['\t', ';', ',', '|']; // ties go to the earlier one

/** The delimiter that occurs most often outside quotes on the first line. */
export function sniffDelimiter(text: string): CsvDelimiter {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i] as string;
    if (char === '"')
      quoted = !quoted; // a doubled quote toggles twice: still right
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && counts.has(char)) counts.set(char, (counts.get(char) as number) + 1);
  }
  let best: CsvDelimiter = ',';
  let bestCount = 0;
  for (const delimiter of DELIMITERS) {
    const count = counts.get(delimiter) as number;
    if (count > bestCount) {
      best = delimiter;
      bestCount = count;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// XLSX

/** Reads the first worksheet of an XLSX workbook (a stream or a path), streaming its rows. */
export async function readXlsx(input: Readable | string, limits: FileLimits = LOCAL_FILE_LIMITS): Promise<SourceTable> {
  const rows = xlsxRecords(input, limits);
  const first = await rows.next();
  if (first.done) throw new PlacementFileError('the first worksheet has no header row');
  return {
    format: 'xlsx',
    header: first.value.values.map((name) => name.trim()),
    headerLine: first.value.line,
    records: { [Symbol.asyncIterator]: () => rows },
  };
}

async function* xlsxRecords(input: Readable | string, limits: FileLimits): AsyncGenerator<SourceRecord> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache', // needed to know which number cells are dates
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let records = 0;
  try {
    for await (const worksheet of workbook) {
      for await (const row of worksheet) {
        const cells = row.values as unknown[]; // 1-based and sparse
        // counted before the row's cells are made text: a lone cell at column XFD is 16,384 columns
        if (cells.length - 1 > limits.maxColumns) throw tooManyColumns(limits.maxColumns, cells.length - 1, row.number);
        const values: string[] = [];
        for (let column = 1; column < cells.length; column++) values.push(cellText(cells[column]));
        if (values.every((value) => value.trim() === '')) continue;
        if (++records > limits.maxRows + 1) throw tooManyRows(limits.maxRows, row.number);
        yield { line: row.number, values };
      }
      return; // the first worksheet only
    }
  } catch (error) {
    if (error instanceof PlacementFileError) throw error;
    if (error instanceof FileLimitExceeded) throw placementFileError(error);
    throw new PlacementFileError(`the file cannot be read as XLSX (${(error as Error).message})`);
  }
}

/** A cell as the text the row validator reads. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    // Remove binary float noise from computed cells (121.00000000000001) without rounding data.
    return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(15)));
  }
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value instanceof Date) {
    // exceljs gives date cells as the UTC instant of the serial day: the calendar date is in UTC.
    return Number.isNaN(value.getTime()) ? '' : value.toISOString().slice(0, 10);
  }
  if (typeof value === 'object') {
    const cell = value as { richText?: { text: string }[]; text?: unknown; result?: unknown; error?: string };
    if (cell.richText) return cell.richText.map((part) => part.text).join('');
    if ('result' in cell) return cellText(cell.result);
    if (cell.text !== undefined) return cellText(cell.text);
    if (cell.error) return cell.error;
  }
  return String(value);
}
