import ExcelJS from 'exceljs';
import { create } from 'xmlbuilder2';
import { formatAmount } from '@amicus/money';
import { spreadsheetText } from '@amicus/spreadsheets';
import type { StatementLine } from './remittance';

/**
 * What a remittance is handed over as: its statement as CSV and XLSX, and the payouts as a
 * SEPA credit-transfer file (ISO 20022 pain.001.001.09, EPC SCT rules) for the agency's bank.
 */

/** The SEPA Latin character set (EPC AOS): accents dropped, anything else a space. */
export function sepaText(text: string, max: number): string {
  const latin = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9/\-?:().,'+ ]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return (latin || '-').slice(0, max).trim();
}

/** An identification of the SEPA set: letters, digits and + ? : ( ) . , ' -, at most 35. */
const sepaId = (text: string): string => text.replace(/[^A-Za-z0-9+?:().,'-]/g, '').slice(0, 35) || 'NOTPROVIDED';

export interface PayoutAccount {
  name: string;
  iban: string;
  /** The bank's BIC; null writes NOTPROVIDED, as the EPC rules allow within the EEA. */
  bic: string | null;
}

export interface Payout {
  /** The remittance's id: the end-to-end id the client's bank statement shows. */
  endToEndId: string;
  creditor: { name: string; iban: string };
  amountMinor: bigint;
  /** What the client reads on its statement. */
  text: string;
}

/** A pain.001.001.09 credit-transfer initiation paying every payout from the agency's trust account, in EUR. */
export function payoutFile(opts: {
  messageId: string;
  createdAt: Date;
  executionDate: string;
  debtor: PayoutAccount;
  payouts: readonly Payout[];
}): string {
  const total = opts.payouts.reduce((s, p) => s + p.amountMinor, 0n);
  const eur = (minor: bigint) => formatAmount({ amountMinor: minor, currency: 'EUR' });
  const count = String(opts.payouts.length);
  const doc = create({ version: '1.0', encoding: 'UTF-8' }).ele('urn:iso:std:iso:20022:tech:xsd:pain.001.001.09', 'Document');
  const root = doc.ele('CstmrCdtTrfInitn');
  const header = root.ele('GrpHdr');
  header.ele('MsgId').txt(sepaId(opts.messageId));
  header.ele('CreDtTm').txt(opts.createdAt.toISOString().replace(/\.\d{3}Z$/, 'Z'));
  header.ele('NbOfTxs').txt(count);
  header.ele('CtrlSum').txt(eur(total));
  header.ele('InitgPty').ele('Nm').txt(sepaText(opts.debtor.name, 70));
  const info = root.ele('PmtInf');
  info.ele('PmtInfId').txt(sepaId(`${opts.messageId}-1`));
  info.ele('PmtMtd').txt('TRF');
  info.ele('BtchBookg').txt('false');
  info.ele('NbOfTxs').txt(count);
  info.ele('CtrlSum').txt(eur(total));
  info.ele('PmtTpInf').ele('SvcLvl').ele('Cd').txt('SEPA');
  info.ele('ReqdExctnDt').ele('Dt').txt(opts.executionDate);
  info.ele('Dbtr').ele('Nm').txt(sepaText(opts.debtor.name, 70));
  info.ele('DbtrAcct').ele('Id').ele('IBAN').txt(opts.debtor.iban);
  const agent = info.ele('DbtrAgt').ele('FinInstnId');
  if (opts.debtor.bic) agent.ele('BICFI').txt(opts.debtor.bic);
  else agent.ele('Othr').ele('Id').txt('NOTPROVIDED');
  info.ele('ChrgBr').txt('SLEV');
  for (const p of opts.payouts) {
    const tx = info.ele('CdtTrfTxInf');
    // a uuid is 36 long: without its hyphens it fits the 35 of an end-to-end id
    tx.ele('PmtId')
      .ele('EndToEndId')
      .txt(sepaId(p.endToEndId.length > 35 ? p.endToEndId.replace(/-/g, '') : p.endToEndId));
    tx.ele('Amt').ele('InstdAmt', { Ccy: 'EUR' }).txt(eur(p.amountMinor));
    tx.ele('Cdtr').ele('Nm').txt(sepaText(p.creditor.name, 70));
    tx.ele('CdtrAcct').ele('Id').ele('IBAN').txt(p.creditor.iban);
    tx.ele('RmtInf').ele('Ustrd').txt(sepaText(p.text, 140));
  }
  return doc.end({ prettyPrint: true });
}

const COLUMNS = ['case', 'collected', 'commission', 'fees', 'costs_kept', 'vat', 'refunds', 'net'] as const;

function rowsOf(lines: readonly StatementLine[], total: StatementLine, currency: string): string[][] {
  const money = (minor: bigint) => formatAmount({ amountMinor: minor, currency });
  const row = (label: string, l: StatementLine) => [
    label,
    money(l.collectedMinor),
    money(l.commissionMinor),
    money(l.feesMinor),
    money(l.costsKeptMinor),
    money(l.vatMinor),
    money(l.refundsMinor),
    money(l.netMinor),
  ];
  return [...lines.map((l) => row(l.caseId ?? 'client (monthly minimum)', l)), row('total', total)];
}

/** The statement as CSV (RFC 4180, amounts as plain decimals of the currency). */
export function statementCsv(lines: readonly StatementLine[], total: StatementLine, currency: string): string {
  const cell = (text: string) => {
    const v = spreadsheetText(text);
    return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
  };
  return [COLUMNS.join(','), ...rowsOf(lines, total, currency).map((r) => r.map(cell).join(','))].join('\r\n') + '\r\n';
}

/** The statement as an XLSX workbook (amounts as numbers with two decimals; exact to the cent below 2^53 cents). */
export async function statementXlsx(
  title: string,
  lines: readonly StatementLine[],
  total: StatementLine,
  currency: string,
): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Statement');
  sheet.addRow([spreadsheetText(title)]);
  sheet.addRow([...COLUMNS]);
  for (const r of rowsOf(lines, total, currency)) sheet.addRow([spreadsheetText(r[0]!), ...r.slice(1).map(Number)]);
  sheet.getColumn(1).width = 40;
  for (let c = 2; c <= COLUMNS.length; c++) sheet.getColumn(c).numFmt = '#,##0.00';
  return Buffer.from(await book.xlsx.writeBuffer());
}
