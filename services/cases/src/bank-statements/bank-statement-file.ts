/**
 * Reading a bank statement file, whichever format it is: the format is told from the content
 * (an XML document → CAMT.053, a CODA header record → CODA), never from the file name. The
 * file is read in chunks and decoded as it goes (XML by its declaration, CODA as UTF-8 when it
 * is valid UTF-8, else Windows-1252, as Belgian bank software writes it).
 *
 * All or nothing: a file with any problem throws one `DomainError` (`invalid_input`) listing
 * what is wrong and where (CODA: line and positions; CAMT: element path and line), and no
 * statement is returned. A balance that does not add up is no such problem: each statement
 * carries its `balanceCheck` for the caller to show and to confirm.
 */
import { createReadStream } from 'node:fs';
import { DomainError } from '@amicus/errors';
import iconv from 'iconv-lite';
import { sniffEncoding } from '../placements/file-reading';
import type { BankStatementFile, EntryListener, StatementFormat } from './bank-statement';
import { Camt053Reader } from './camt053';
import { CodaReader } from './coda';

export interface BankStatementReadOptions {
  /** false: statements come back without their entries (count and totals still there); take them from `onEntry`. */
  keepEntries?: boolean;
  /** Each entry as it is read. The file may still turn out bad later: keep nothing before the read ends. */
  onEntry?: EntryListener;
}

/** How much of the start decides the format and the encoding. */
const SNIFF_BYTES = 64 * 1024;

export async function readBankStatementFile(path: string, options: BankStatementReadOptions = {}): Promise<BankStatementFile> {
  return readBankStatements(createReadStream(path, { highWaterMark: SNIFF_BYTES }), options);
}

/** The same from bytes already in memory (a GraphQL upload, a test). */
export async function parseBankStatement(content: Uint8Array | string, options: BankStatementReadOptions = {}): Promise<BankStatementFile> {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  async function* once(): AsyncGenerator<Uint8Array> {
    for (let i = 0; i < bytes.length; i += SNIFF_BYTES) yield bytes.subarray(i, i + SNIFF_BYTES);
  }
  return readBankStatements(once(), options);
}

export async function readBankStatements(
  source: AsyncIterable<Uint8Array>,
  options: BankStatementReadOptions = {},
): Promise<BankStatementFile> {
  let head = Buffer.alloc(0);
  const iterator = source[Symbol.asyncIterator]();
  let done = false;
  // Enough of the start to tell the format and the encoding.
  while (head.length < SNIFF_BYTES && !done) {
    const next = await iterator.next();
    if (next.done) done = true;
    else head = Buffer.concat([head, Buffer.from(next.value)]);
  }
  const format = detectStatementFormat(head);
  const decoder = iconv.getDecoder(format === 'camt.053' ? xmlEncoding(head) : sniffEncoding(head.subarray(0, SNIFF_BYTES), done));
  const rest: AsyncIterable<Uint8Array> = {
    [Symbol.asyncIterator]: () => iterator,
  };
  async function* texts(): AsyncGenerator<string> {
    yield decoder.write(head);
    if (!done) for await (const chunk of rest) yield decoder.write(Buffer.from(chunk));
    const tail = decoder.end();
    if (tail) yield tail;
  }
  return format === 'camt.053' ? readCamt(texts(), options) : readCoda(texts(), options);
}

/**
 * CAMT.053 when the content is XML (the reader then checks it is a camt.053 document), CODA when
 * it starts with a CODA header record; anything else is not a bank statement.
 */
export function detectStatementFormat(head: Uint8Array): StatementFormat {
  const start = Buffer.from(head.subarray(0, 256))
    .toString('latin1')
    .replace(/^(\xef\xbb\xbf|\xff\xfe|\xfe\xff)/, '')
    .replace(/\0/g, '');
  const trimmed = start.trimStart();
  if (trimmed === '') throw DomainError.invalid([{ field: 'file', reason: 'empty: no bank statement in it' }]);
  if (trimmed.startsWith('<')) return 'camt.053';
  // Record 0: identification 0, then 0000, then the creation date DDMMYY.
  if (/^00000\d{6}/.test(start)) return 'coda';
  const shown = JSON.stringify(trimmed.split(/\r?\n/)[0]?.slice(0, 40) ?? '');
  throw DomainError.invalid([
    {
      field: 'line 1',
      reason: `not a bank statement: starts with ${shown}, neither XML (a CAMT.053 statement) nor a CODA header record ("0000" and the creation date)`,
    },
  ]);
}

/** The encoding an XML declaration names (UTF-8 by default; a BOM decides UTF-16). */
function xmlEncoding(head: Uint8Array): string {
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  const declaration = /^(?:\xef\xbb\xbf)?\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(
    Buffer.from(head.subarray(0, 512)).toString('latin1'),
  );
  const encoding = declaration?.[1] ?? 'utf-8';
  if (!iconv.encodingExists(encoding)) {
    throw DomainError.invalid([{ field: 'line 1: <?xml encoding?>', reason: `"${encoding}" is not an encoding this reader knows` }]);
  }
  return encoding;
}

async function readCamt(texts: AsyncIterable<string>, options: BankStatementReadOptions): Promise<BankStatementFile> {
  const reader = new Camt053Reader(options);
  for await (const text of texts) reader.write(text);
  reader.finish();
  reader.problems.throwIfAny('not a readable CAMT.053 statement');
  return { format: 'camt.053', version: reader.version as string, messageId: reader.messageId, statements: reader.statements };
}

async function readCoda(texts: AsyncIterable<string>, options: BankStatementReadOptions): Promise<BankStatementFile> {
  const reader = new CodaReader(options);
  let carry = '';
  let line = 0;
  for await (const text of texts) {
    const records = (carry + text).split('\n');
    carry = records.pop() as string;
    for (const record of records) reader.line(record.endsWith('\r') ? record.slice(0, -1) : record, ++line);
  }
  if (carry !== '') reader.line(carry.endsWith('\r') ? carry.slice(0, -1) : carry, ++line);
  reader.finish();
  reader.problems.throwIfAny('not a readable CODA statement');
  return { format: 'coda', version: 'coda 2', messageId: reader.messageId, statements: reader.statements };
}
