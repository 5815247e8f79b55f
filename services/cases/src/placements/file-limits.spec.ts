import { deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { PlacementFileError, readPlacementContent, type SourceTable } from './file-reading';
import { UPLOAD_FILE_LIMITS, checkInflatedSize } from './file-limits';

async function drain(table: SourceTable): Promise<number> {
  let n = 0;
  for await (const _record of table.records) n++;
  return n;
}

/** The error a read ends in (opening the file or streaming its records). */
async function failure(read: () => Promise<unknown>): Promise<PlacementFileError> {
  try {
    await read();
  } catch (e) {
    if (e instanceof PlacementFileError) return e;
    throw e;
  }
  throw new Error('the read did not fail');
}

/** A zip of deflated entries; `declare` overrides the uncompressed size written in the headers (a lying zip). */
function zipOf(entries: { name: string; content: Buffer; declare?: number }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const data = deflateRawSync(e.content);
    const name = Buffer.from(e.name);
    const size = e.declare ?? e.content.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

async function workbook(rows: unknown[][], at?: { row: number; column: number; value: string }): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Claims');
  for (const row of rows) sheet.addRow(row);
  if (at) sheet.getCell(at.row, at.column).value = at.value;
  return Buffer.from(await book.xlsx.writeBuffer());
}

const MB = 1024 * 1024;
const small = { ...UPLOAD_FILE_LIMITS, maxInflatedBytes: MB, maxRows: 3, maxColumns: 10 };

describe('placement file limits', () => {
  it('refuses a workbook that inflates past the limit (a zip bomb), naming the limit, before reading a row', async () => {
    const bomb = zipOf([{ name: 'xl/worksheets/sheet1.xml', content: Buffer.alloc(20 * MB, ' ') }]);
    expect(bomb.length).toBeLessThan(100 * 1024);
    const e = await failure(() => readPlacementContent(bomb, small));
    expect([e.limit, e.reason]).toEqual([
      'maxInflatedBytes',
      'the workbook inflates to more than 1 MB (maxInflatedBytes): save it as CSV or split it',
    ]);
  });

  it('counts what the parts really inflate to, not what the zip says they do', async () => {
    const liar = zipOf([{ name: 'xl/worksheets/sheet1.xml', content: Buffer.alloc(5 * MB, ' '), declare: 100 }]);
    await expect(checkInflatedSize(liar, MB)).rejects.toMatchObject({ limit: 'maxInflatedBytes' });
    await expect(checkInflatedSize(liar, 10 * MB)).resolves.toBe(5 * MB);
  });

  it('reads an ordinary workbook within the limits', async () => {
    const content = await workbook([
      ['invoice', 'amount'],
      ['F-1', 10],
      ['F-2', 20],
    ]);
    expect(await checkInflatedSize(content, MB)).toBeGreaterThan(content.length);
    expect(await drain(await readPlacementContent(content, small))).toBe(2);
  });

  it('stops a CSV at the first row past maxRows, naming the limit and the line', async () => {
    const csv = Buffer.from(['invoice;amount', 'F-1;1', 'F-2;2', 'F-3;3', 'F-4;4', 'F-5;5'].join('\n'));
    expect(await drain(await readPlacementContent(csv.subarray(0, csv.indexOf('F-4') - 1), small))).toBe(3);
    const e = await failure(async () => drain(await readPlacementContent(csv, small)));
    expect([e.limit, e.line, e.reason]).toEqual(['maxRows', 5, 'the file has more than 3 rows (maxRows): split it']);
  });

  it('stops a CSV at a row of more columns than maxColumns', async () => {
    const csv = Buffer.from(`invoice;amount\nF-1;1\n${Array.from({ length: 50 }, (_, i) => `c${i}`).join(';')}\n`);
    const e = await failure(async () => drain(await readPlacementContent(csv, small)));
    expect([e.limit, e.line, e.reason]).toEqual(['maxColumns', 3, 'the row has 50 columns, more than 10 (maxColumns)']);
  });

  it('stops an XLSX at a lone cell far to the right (column XFD) before making its 16,384 cells text', async () => {
    const content = await workbook(
      [
        ['invoice', 'amount'],
        ['F-1', 10],
      ],
      { row: 3, column: 16384, value: 'x' },
    );
    const e = await failure(async () => drain(await readPlacementContent(content, small)));
    expect([e.limit, e.line]).toEqual(['maxColumns', 3]);
  });

  it('stops an XLSX at the first row past maxRows', async () => {
    const content = await workbook([['invoice', 'amount'], ...Array.from({ length: 10 }, (_, i) => [`F-${i}`, i])]);
    const e = await failure(async () => drain(await readPlacementContent(content, small)));
    expect([e.limit, e.line]).toEqual(['maxRows', 5]);
  });

  it('refuses a file that is a zip but not a readable one with a clear error', async () => {
    const broken = Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(100)]);
    const e = await failure(() => readPlacementContent(broken, small));
    expect(e.reason).toMatch(/^the file cannot be read as XLSX/);
  });
});
