import { PDFDocument, type PDFPage, StandardFonts, rgb } from 'pdf-lib';
import { formatAmount } from '@amicus/money';
import { drawable, hex } from '../remittances/remittance-pdf';
import { PAYMENT_TERM_DAYS, type Seller } from './invoice';
import type { Invoice } from './invoice-store';

/** What the invoice PDF shows: the stored document, the agency as seller and its colour. */
export interface InvoicePdfInput {
  invoice: Invoice;
  seller: Seller;
  look: { name: string; colour: string };
  /** On a credit note: the number of the invoice it corrects. */
  creditedNumber: string | null;
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 40;
const ROW = 16;
const COLUMNS = [
  { title: 'Description', x: MARGIN, width: 290, right: false },
  { title: 'Quantity', x: 335, width: 50, right: true },
  { title: 'Unit price', x: 390, width: 75, right: true },
  { title: 'Amount', x: 470, width: 85, right: true },
] as const;

/** The invoice (or credit note) as a PDF in the agency's colour: seller and buyer, the lines, VAT, totals, how to pay. */
export async function invoicePdf(input: InvoicePdfInput): Promise<Uint8Array> {
  const { invoice: inv, seller } = input;
  const isCredit = inv.kind === 'credit_note';
  const doc = await PDFDocument.create();
  doc.setTitle(`${isCredit ? 'Credit note' : 'Invoice'} ${inv.number}`);
  doc.setAuthor(seller.name);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const colour = hex(input.look.colour);
  const money = (minor: bigint) => formatAmount({ amountMinor: minor, currency: inv.currency });
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
    page.drawText(drawable(bold, seller.name), { x: MARGIN, y: A4.height - 38, size: 16, font: bold, color: rgb(1, 1, 1) });
    y = A4.height - 90;
    if (first) {
      text(page, `${isCredit ? 'Credit note' : 'Invoice'} ${inv.number}`, MARGIN, y, { size: 14, bold: true });
      y -= 18;
      const facts = [
        `Issued ${inv.issueDate}${isCredit ? '' : ` · due ${inv.dueDate} (${PAYMENT_TERM_DAYS} days)`} · amounts in ${inv.currency}`,
        ...(inv.period ? [`Commission and fees for ${inv.period.start} to ${inv.period.end}`] : []),
        ...(input.creditedNumber ? [`Corrects invoice ${input.creditedNumber}: ${inv.reason ?? ''}`] : []),
        `Your reference: ${inv.recipient.buyerReference}`,
      ];
      for (const f of facts) {
        text(page, f, MARGIN, y, { size: 10 });
        y -= 14;
      }
      y -= 6;
      const top = y;
      const party = (x: number, title: string, lines: string[]) => {
        let yy = top;
        text(page, title, x, yy, { bold: true });
        yy -= 12;
        for (const l of lines) {
          text(page, l, x, yy);
          yy -= 12;
        }
        return yy;
      };
      const r = inv.recipient;
      const a = party(MARGIN, 'From', [
        seller.name,
        seller.street,
        `${seller.postalCode} ${seller.city}`,
        `VAT ${seller.vatNumber}`,
        seller.email,
      ]);
      const b = party(320, 'To', [
        r.name,
        r.street,
        `${r.postalCode} ${r.city} (${r.countryCode})`,
        ...(inv.vat.category === 'AE' ? [`VAT ${inv.vat.buyerVatNumber}`] : []),
        `Peppol ${r.endpoint.scheme}:${r.endpoint.id}`,
      ]);
      y = Math.min(a, b) - 14;
    }
    for (const c of COLUMNS) text(page, c.title, c.x, y, { bold: true, ...(c.right ? { right: c.width } : {}) });
    y -= 4;
    page.drawLine({ start: { x: MARGIN, y }, end: { x: A4.width - MARGIN, y }, thickness: 0.5, color: colour });
    y -= ROW - 4;
  };
  const row = (cells: string[], isBold = false) => {
    if (y < MARGIN + 120) {
      page = doc.addPage([A4.width, A4.height]);
      header(false);
    }
    COLUMNS.forEach((c, i) => text(page, cells[i] ?? '', c.x, y, { bold: isBold, ...(c.right ? { right: c.width } : {}) }));
    y -= ROW;
  };

  header(true);
  for (const l of inv.lines) row([l.name, l.quantity.toString(), money(l.unitPriceMinor), money(l.amountMinor)]);
  page.drawLine({ start: { x: MARGIN, y: y + ROW - 4 }, end: { x: A4.width - MARGIN, y: y + ROW - 4 }, thickness: 0.5, color: colour });
  row(['Total excluding VAT', '', '', money(inv.lineTotalMinor)]);
  row([inv.vat.category === 'S' ? `VAT ${inv.vat.rateBp / 100} %` : 'VAT (reverse charge)', '', '', money(inv.vatMinor)]);
  row([isCredit ? 'Total credited' : 'Total to pay', '', '', `${inv.currency} ${money(inv.payableMinor)}`], true);
  y -= 8;
  if (inv.vat.category === 'AE') {
    text(page, inv.vat.mention, MARGIN, y, { size: 9, bold: true });
    y -= 14;
  }
  if (!isCredit) {
    text(page, `Pay to ${seller.iban}${seller.bic ? ` (${seller.bic})` : ''} by ${inv.dueDate}, reference ${inv.number}.`, MARGIN, y, {
      size: 10,
    });
    y -= 14;
    text(page, 'What is owed may be set off against the remittance of your collected money.', MARGIN, y, { size: 9 });
  } else text(page, 'Credited against what you owe, or paid with your next remittance.', MARGIN, y, { size: 10 });
  const pages = doc.getPages();
  pages.forEach((p, i) => {
    p.drawText(`${inv.number} · ${i + 1} / ${pages.length}`, { x: A4.width - MARGIN - 120, y: MARGIN - 15, size: 8, font });
  });
  return doc.save();
}
