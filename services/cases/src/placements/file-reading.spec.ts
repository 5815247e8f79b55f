import { join } from 'node:path';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import {
  PlacementFileError,
  readCsv,
  readPlacementFile,
  readXlsx,
  sniffDelimiter,
  sniffEncoding,
  type SourceRecord,
  type SourceTable,
} from './file-reading';

const fixture = (name: string) => join(__dirname, 'fixtures', name);

async function all(table: SourceTable): Promise<SourceRecord[]> {
  const records: SourceRecord[] = [];
  for await (const record of table.records) records.push(record);
  return records;
}

async function* chunksOf(bytes: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe('sniffing', () => {
  it('takes UTF-8 for valid UTF-8 and Windows-1252 otherwise', () => {
    expect(sniffEncoding(Buffer.from('Café;Müller', 'utf8'))).toBe('utf-8');
    expect(sniffEncoding(iconv.encode('Café;Müller', 'win1252'))).toBe('windows-1252');
    expect(sniffEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x41]))).toBe('utf-8');
    expect(sniffEncoding(Buffer.from([0xff, 0xfe, 0x41, 0x00]))).toBe('utf-16le');
  });

  it('does not mistake a UTF-8 character cut at the end of the sample for Windows-1252', () => {
    const bytes = Buffer.from('abcé', 'utf8');
    expect(sniffEncoding(bytes.subarray(0, bytes.length - 1), false)).toBe('utf-8');
  });

  it('takes the delimiter that occurs most outside quotes on the first line', () => {
    expect(sniffDelimiter('a;b;c\n1,2;3')).toBe(';');
    expect(sniffDelimiter('"x;y;z",b,c\n')).toBe(',');
    expect(sniffDelimiter('a\tb\tc')).toBe('\t');
    expect(sniffDelimiter('single')).toBe(',');
  });
});

describe('readCsv', () => {
  it('reads an Exact Online semicolon export in Windows-1252 with CRLF lines', async () => {
    const table = await readPlacementFile(fixture('exact-online-export.csv'));
    expect(table).toMatchObject({ format: 'csv', encoding: 'windows-1252', delimiter: ';', headerLine: 1 });
    expect(table.header.slice(0, 3)).toEqual(['Relatiecode', 'Naam', 'Soort']);
    const records = await all(table);
    expect(records.map((r) => r.line)).toEqual([2, 3, 4, 5, 6]); // the `;;;;` line is skipped
    expect(records[0]?.values[1]).toBe('Café De Zwaan BV');
    expect(records[2]?.values[6]).toBe('Rue de la Régence 4');
    expect(records[4]?.values[1]).toBe('Müller & Söhne GmbH');
  });

  it('strips a UTF-8 BOM and keeps line numbers right after a quoted multi-line field', async () => {
    const table = await readPlacementFile(fixture('utf8-bom-export.csv'));
    expect(table).toMatchObject({ encoding: 'utf-8', delimiter: ',' });
    expect(table.header[0]).toBe('Customer ID');
    const records = await all(table);
    expect(records.map((r) => r.line)).toEqual([2, 5, 6]);
    expect(records[0]?.values[14]).toBe('Maintenance contract Q1\nsite Paris 9e\n(see PO 4471)');
    expect(records[1]?.values[1]).toBe("O'Brien, Siobhán");
  });

  it('reads a tab-separated export', async () => {
    const table = await readPlacementFile(fixture('tab-separated-export.tsv'));
    expect(table.delimiter).toBe('\t');
    const records = await all(table);
    expect(records).toHaveLength(2);
    expect(records[1]?.values.slice(1, 2)).toEqual(['Schreinerei Weiß']);
  });

  it('counts CRLF breaks inside quotes and skipped empty lines', async () => {
    const text = 'a;b\r\n\r\n1;"x\r\ny\r\nz"\r\n2;3\r\n\r\n\r\n4;5\r\n';
    const records = await all(await readCsv(chunksOf(Buffer.from(text), 3)));
    expect(records.map((r) => [r.line, r.values[0]])).toEqual([
      [3, '1'],
      [6, '2'],
      [9, '4'],
    ]);
  });

  it('decodes Windows-1252 and UTF-8 the same whatever the chunk boundaries', async () => {
    const text = 'naam;bedrag\nCafé Señor;1,00\nÉcole Ø;2,00\n';
    for (const bytes of [Buffer.from(text, 'utf8'), iconv.encode(text, 'win1252')]) {
      const records = await all(await readCsv(chunksOf(bytes, 1)));
      expect(records.map((r) => r.values[0])).toEqual(['Café Señor', 'École Ø']);
    }
  });

  it('reports a quoted field that is never closed with the line it starts on', async () => {
    const table = await readCsv(chunksOf(Buffer.from('a,b\n1,2\n3,"never\nclosed\n'), 64));
    const read = all(table);
    await expect(read).rejects.toBeInstanceOf(PlacementFileError);
    await expect(read).rejects.toMatchObject({ line: 3 });
  });

  it('pulls from the file only as fast as records are consumed', async () => {
    let pulled = 0;
    const total = 5_000;
    async function* source(): AsyncGenerator<Buffer> {
      yield Buffer.from('ref;amount\n');
      for (let i = 0; i < total; i++) {
        pulled++;
        yield Buffer.from(`R${i};${'x'.repeat(1000)}\n`);
      }
    }
    const table = await readCsv(source());
    let seen = 0;
    for await (const _record of table.records) {
      if (++seen === 10) break;
    }
    expect(seen).toBe(10);
    expect(pulled).toBeLessThan(total / 2);
  });
});

describe('readXlsx', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'amicus-xlsx-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function workbookFile(): Promise<string> {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Openstaande posten');
    sheet.addRow(['Factuurnummer', 'Klant', 'Vervaldatum', 'Bedrag', 'Valuta']);
    sheet.addRow([20240117, 'Café De Zwaan', new Date(Date.UTC(2024, 1, 2)), 1234.56, 'EUR']);
    sheet.addRow([]);
    sheet.addRow([
      'F-2',
      { richText: [{ text: 'Brasserie ' }, { text: 'Léopold' }] },
      new Date(Date.UTC(2024, 1, 29)),
      { formula: 'D2*0.1', result: 123.45600000000002 },
      'EUR',
    ]);
    sheet.getColumn(3).numFmt = 'dd/mm/yyyy';
    workbook.addWorksheet('Other').addRow(['ignored']);
    const path = join(dir, 'placement.xlsx');
    await workbook.xlsx.writeFile(path);
    return path;
  }

  it('streams the first worksheet with dates as ISO text and numbers as plain decimals', async () => {
    const table = await readPlacementFile(await workbookFile());
    expect(table.format).toBe('xlsx');
    expect(table.header).toEqual(['Factuurnummer', 'Klant', 'Vervaldatum', 'Bedrag', 'Valuta']);
    const records = await all(table);
    expect(records).toEqual([
      { line: 2, values: ['20240117', 'Café De Zwaan', '2024-02-02', '1234.56', 'EUR'] },
      { line: 4, values: ['F-2', 'Brasserie Léopold', '2024-02-29', '123.456', 'EUR'] },
    ]);
  });

  it('reads from a stream as well as from a path', async () => {
    const path = await workbookFile();
    const stream = new PassThrough();
    const { createReadStream } = await import('node:fs');
    createReadStream(path).pipe(stream);
    const records = await all(await readXlsx(stream));
    expect(records).toHaveLength(2);
  });
});
