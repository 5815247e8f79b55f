/**
 * How much of a placement file is read: rows, columns, and for an XLSX workbook (a zip) how large
 * its parts may inflate to — a 20 MB workbook of repeated cells can inflate to gigabytes. Rows and
 * columns are counted as the records stream; the inflated size is counted by inflating the
 * workbook's parts once, chunk by chunk (memory stays flat), before its rows are read, and a
 * part whose declared size already says too much is refused without inflating it. Each refusal
 * names its limit.
 */
import { open } from 'node:fs/promises';
import { createInflateRaw } from 'node:zlib';

export interface FileLimits {
  /** Records after the header. */
  maxRows: number;
  /** Cells in one record (an XLSX row counts up to its last cell). */
  maxColumns: number;
  /** What an XLSX workbook's parts inflate to, together. */
  maxInflatedBytes: number;
}

/** An upload through GraphQL (up to 20 MB of file). */
export const UPLOAD_FILE_LIMITS: FileLimits = { maxRows: 500_000, maxColumns: 200, maxInflatedBytes: 256 * 1024 * 1024 };
/** A file on the agency's own disk (`amicus import`): the bench imports a million rows. */
export const LOCAL_FILE_LIMITS: FileLimits = { maxRows: 10_000_000, maxColumns: 200, maxInflatedBytes: 4 * 1024 * 1024 * 1024 };

/** A limit the file goes past: the reader stops there. */
export class FileLimitExceeded extends Error {
  constructor(
    readonly limit: keyof FileLimits,
    readonly max: number,
    readonly reason: string,
    readonly line?: number,
  ) {
    super(reason);
    this.name = 'FileLimitExceeded';
  }
}

export const tooManyRows = (max: number, line: number) =>
  new FileLimitExceeded('maxRows', max, `the file has more than ${max.toLocaleString('en')} rows (maxRows): split it`, line);
export const tooManyColumns = (max: number, columns: number, line: number) =>
  new FileLimitExceeded('maxColumns', max, `the row has ${columns.toLocaleString('en')} columns, more than ${max} (maxColumns)`, line);

const inflatedTooMuch = (max: number) =>
  new FileLimitExceeded(
    'maxInflatedBytes',
    max,
    `the workbook inflates to more than ${Math.round(max / 1024 / 1024).toLocaleString('en')} MB (maxInflatedBytes): save it as CSV or split it`,
  );

/** Random access to a file's bytes: a buffer in memory or a file on disk. */
interface Bytes {
  size: number;
  read(position: number, length: number): Promise<Buffer>;
  close(): Promise<void>;
}

const inMemory = (content: Buffer): Bytes => ({
  size: content.length,
  read: async (position, length) => content.subarray(position, Math.min(content.length, position + length)),
  close: async () => undefined,
});

async function onDisk(path: string): Promise<Bytes> {
  const handle = await open(path, 'r');
  const { size } = await handle.stat();
  return {
    size,
    async read(position, length) {
      const buffer = Buffer.alloc(Math.max(0, Math.min(length, size - position)));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      return buffer.subarray(0, bytesRead);
    },
    close: () => handle.close(),
  };
}

interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  declaredSize: number;
  localHeaderOffset: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** The entries of a zip's central directory (ZIP64 sizes read as unknown: the inflating counts them). */
async function zipEntries(bytes: Bytes): Promise<ZipEntry[]> {
  const tailLength = Math.min(bytes.size, 22 + 0xffff);
  const tail = await bytes.read(bytes.size - tailLength, tailLength);
  let at = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      at = i;
      break;
    }
  }
  if (at < 0) throw new Error('not a zip file (no end of central directory)');
  const count = tail.readUInt16LE(at + 10);
  const directorySize = tail.readUInt32LE(at + 12);
  const directoryOffset = tail.readUInt32LE(at + 16);
  const directory = await bytes.read(directoryOffset, directorySize);
  const entries: ZipEntry[] = [];
  for (let p = 0, i = 0; i < count; i++) {
    if (p + 46 > directory.length || directory.readUInt32LE(p) !== CENTRAL) throw new Error('the zip central directory is damaged');
    const nameLength = directory.readUInt16LE(p + 28);
    const extraLength = directory.readUInt16LE(p + 30);
    const commentLength = directory.readUInt16LE(p + 32);
    entries.push({
      name: directory.toString('utf8', p + 46, p + 46 + nameLength),
      method: directory.readUInt16LE(p + 10),
      compressedSize: directory.readUInt32LE(p + 20),
      declaredSize: directory.readUInt32LE(p + 24),
      localHeaderOffset: directory.readUInt32LE(p + 42),
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Inflates one entry chunk by chunk, counting; stops past `budget`. Returns the bytes it inflated to. */
async function inflatedSize(bytes: Bytes, entry: ZipEntry, budget: number, max: number): Promise<number> {
  const header = await bytes.read(entry.localHeaderOffset, 30);
  if (header.length < 30 || header.readUInt32LE(0) !== LOCAL) throw new Error(`the zip entry ${entry.name} is damaged`);
  const start = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  if (entry.method === 0) {
    if (entry.compressedSize > budget) throw inflatedTooMuch(max);
    return entry.compressedSize;
  }
  if (entry.method !== 8) throw new Error(`the zip entry ${entry.name} uses an unknown compression (${entry.method})`);
  const inflate = createInflateRaw();
  let total = 0;
  let over = false;
  const done = new Promise<void>((resolve, reject) => {
    inflate.on('data', (chunk: Buffer) => {
      total += chunk.length;
      if (total > budget && !over) {
        over = true;
        inflate.destroy();
        resolve();
      }
    });
    inflate.on('end', resolve);
    inflate.on('error', (e) => (over ? resolve() : reject(e)));
  });
  const CHUNK = 256 * 1024;
  for (let p = start; p < start + entry.compressedSize && !over; p += CHUNK) {
    const chunk = await bytes.read(p, Math.min(CHUNK, start + entry.compressedSize - p));
    if (!chunk.length) break;
    if (!inflate.write(chunk) && !over)
      await new Promise<void>((r) => {
        inflate.once('drain', r);
        inflate.once('close', r);
      });
  }
  if (!over) inflate.end();
  await done;
  if (over) throw inflatedTooMuch(max);
  return total;
}

/**
 * Refuses a workbook whose parts inflate to more than `maxInflatedBytes` together: by what the
 * zip declares first (nothing inflated), then by inflating (a zip may understate its sizes).
 */
export async function checkInflatedSize(source: Buffer | string, maxInflatedBytes: number): Promise<number> {
  const bytes = typeof source === 'string' ? await onDisk(source) : inMemory(source);
  try {
    const entries = await zipEntries(bytes);
    const declared = entries.reduce((sum, e) => sum + (e.declaredSize === 0xffffffff ? 0 : e.declaredSize), 0);
    if (declared > maxInflatedBytes) throw inflatedTooMuch(maxInflatedBytes);
    let total = 0;
    for (const entry of entries) total += await inflatedSize(bytes, entry, maxInflatedBytes - total, maxInflatedBytes);
    return total;
  } finally {
    await bytes.close();
  }
}
