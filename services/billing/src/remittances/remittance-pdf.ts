import { PDFDocument, type PDFFont, type PDFPage, StandardFonts, rgb } from 'pdf-lib';
import { formatAmount } from '@amicus/money';
import type { RemittanceOutcome, StatementLine } from './remittance';

/** What the statement PDF shows: the agency's look, the client, the period, a line per case. */
export interface StatementPdfInput {
  agency: { name: string; colour: string };
  client: { name: string };
  period: { start: string; end: string };
  currency: string;
  lines: readonly StatementLine[];
  total: StatementLine;
  outcome: RemittanceOutcome;
  payoutMinor: bigint;
  invoicedMinor: bigint;
  payoutIban: string | null;
  issuedOn: string;
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 40;
const ROW = 16;
const COLUMNS = [
  { title: 'Case', x: MARGIN, width: 95 },
  { title: 'Collected', x: 135, width: 60 },
  { title: 'Commission', x: 200, width: 60 },
  { title: 'Fees', x: 265, width: 50 },
  { title: 'Costs kept', x: 320, width: 55 },
  { title: 'VAT', x: 380, width: 50 },
  { title: 'Refunds', x: 435, width: 50 },
  { title: 'Net', x: 490, width: 65 },
] as const;

/** Text the standard PDF fonts can draw (WinAnsi): anything else becomes '?'. */
export function drawable(font: PDFFont, text: string): string {
  return [...text].map((ch) => (canEncode(font, ch) ? ch : '?')).join('');
}
function canEncode(font: PDFFont, ch: string): boolean {
  try {
    font.encodeText(ch);
    return true;
  } catch {
    return false;
  }
}

export function hex(colour: string): ReturnType<typeof rgb> {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(colour);
  if (!m) return rgb(0.1, 0.2, 0.4);
  return rgb(parseInt(m[1]!, 16) / 255, parseInt(m[2]!, 16) / 255, parseInt(m[3]!, 16) / 255);
}

/** The remittance statement as a PDF in the agency's colour: header, a line per case (pages as needed), totals and what was paid. */
export async function statementPdf(input: StatementPdfInput): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`Remittance ${input.period.start} – ${input.period.end}`);
  doc.setAuthor(input.agency.name);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const colour = hex(input.agency.colour);
  const money = (minor: bigint) => formatAmount({ amountMinor: minor, currency: input.currency });
  const text = (page: PDFPage, s: string, x: number, y: number, opts: { size?: number; bold?: boolean; right?: number } = {}) => {
    const f = opts.bold ? bold : font;
    const size = opts.size ?? 9;
    const t = drawable(f, s);
    const dx = opts.right !== undefined ? opts.right - f.widthOfTextAtSize(t, size) : 0;
    page.drawText(t, { x: x + dx, y, size, font: f });
  };

  let page = doc.addPage([A4.width, A4.height]);
  let y = 0;
  const header = (first: boolean) => {
    page.drawRectangle({ x: 0, y: A4.height - 60, width: A4.width, height: 60, color: colour });
    page.drawText(drawable(bold, input.agency.name), { x: MARGIN, y: A4.height - 38, size: 16, font: bold, color: rgb(1, 1, 1) });
    y = A4.height - 90;
    if (first) {
      text(page, 'Remittance statement', MARGIN, y, { size: 14, bold: true });
      y -= 20;
      text(page, `Client: ${input.client.name}`, MARGIN, y, { size: 10 });
      y -= 14;
      text(
        page,
        `Period: ${input.period.start} to ${input.period.end} · issued ${input.issuedOn} · amounts in ${input.currency}`,
        MARGIN,
        y,
        {
          size: 10,
        },
      );
      y -= 24;
    }
    for (const c of COLUMNS) text(page, c.title, c.x, y, { bold: true, ...(c.x === MARGIN ? {} : { right: c.width }) });
    y -= 4;
    page.drawLine({ start: { x: MARGIN, y }, end: { x: A4.width - MARGIN, y }, thickness: 0.5, color: colour });
    y -= ROW - 4;
  };
  const row = (label: string, l: StatementLine, isBold = false) => {
    if (y < MARGIN + 80) {
      page = doc.addPage([A4.width, A4.height]);
      header(false);
    }
    const cells = [
      label,
      ...[l.collectedMinor, l.commissionMinor, l.feesMinor, l.costsKeptMinor, l.vatMinor, l.refundsMinor, l.netMinor].map(money),
    ];
    COLUMNS.forEach((c, i) => text(page, cells[i] ?? '', c.x, y, { bold: isBold, ...(i === 0 ? {} : { right: c.width }) }));
    y -= ROW;
  };

  header(true);
  // a case id's last 12 digits: its random part (the first ones are the time the case was made)
  for (const l of input.lines) row(l.caseId ? `…${l.caseId.slice(-12)}` : 'Monthly minimum', l);
  page.drawLine({ start: { x: MARGIN, y: y + ROW - 4 }, end: { x: A4.width - MARGIN, y: y + ROW - 4 }, thickness: 0.5, color: colour });
  row('Total', input.total, true);
  y -= 10;
  const closing =
    input.outcome === 'payout'
      ? `Paid out: ${input.currency} ${money(input.payoutMinor)} to ${input.payoutIban ?? 'the account in your agreement'}`
      : input.outcome === 'invoice'
        ? `Owed to ${input.agency.name}: ${input.currency} ${money(input.invoicedMinor)} — invoiced separately`
        : 'Nothing to pay out or invoice for this period';
  text(page, closing, MARGIN, y, { size: 11, bold: true });
  const pages = doc.getPages();
  pages.forEach((p, i) => {
    p.drawText(`${i + 1} / ${pages.length}`, { x: A4.width - MARGIN - 30, y: MARGIN - 15, size: 8, font });
  });
  return doc.save();
}
