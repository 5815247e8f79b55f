/**
 * The claim declaration for the debt mediator (BE) or the administrator (NL) as a PDF: who
 * declares, for which debtor and settlement, and the statement as of the decision date — each
 * line with its arithmetic and rule — drawn with pdf-lib in the standard fonts, as billing's
 * remittance statement is (remittances/remittance-pdf.ts).
 */
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { formatAmount } from '@amicus/money';
import type { Statement } from '@amicus/legal';
import type { FlagContact } from './debtor-flag';

export interface ClaimDeclarationInput {
  agency: { name: string; registration: string | null };
  creditor: { name: string };
  debtor: { name: string; address: string | null };
  settlement: { country: 'BE' | 'NL'; reference: string | null; decisionDate: string; declarationRule: string; declarationSource: string };
  mediator: FlagContact | null;
  caseId: string;
  statement: Statement;
  issuedOn: string;
}

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = 48;

/** Text the standard PDF fonts can draw (WinAnsi): anything else becomes '?'. */
function drawable(font: PDFFont, text: string): string {
  return [...text]
    .map((ch) => {
      try {
        font.encodeText(ch);
        return ch;
      } catch {
        return '?';
      }
    })
    .join('');
}

export async function claimDeclarationPdf(input: ClaimDeclarationInput): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const st = input.statement;
  const nl = input.settlement.country === 'NL';
  const title = nl ? 'Claim filed with the administrator (Wsnp)' : 'Claim declaration to the debt mediator (collective debt settlement)';
  doc.setTitle(title);
  doc.setAuthor(input.agency.name);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const money = (minor: bigint) => `${st.currency} ${formatAmount({ amountMinor: minor, currency: st.currency })}`;
  let page: PDFPage = doc.addPage([A4.width, A4.height]);
  let y = A4.height - MARGIN;
  const newPageIfNeeded = (needed: number) => {
    if (y - needed < MARGIN) {
      page = doc.addPage([A4.width, A4.height]);
      y = A4.height - MARGIN;
    }
  };
  const line = (text: string, opts: { size?: number; bold?: boolean; x?: number; right?: string } = {}) => {
    const size = opts.size ?? 9.5;
    const f = opts.bold ? bold : font;
    const x = opts.x ?? MARGIN;
    const width = A4.width - MARGIN - x - (opts.right ? 110 : 0);
    const words = drawable(f, text).split(/\s+/);
    const rows: string[] = [];
    let cur = '';
    for (const w of words) {
      const next = cur ? `${cur} ${w}` : w;
      if (f.widthOfTextAtSize(next, size) > width && cur) {
        rows.push(cur);
        cur = w;
      } else cur = next;
    }
    rows.push(cur);
    newPageIfNeeded(rows.length * (size + 3));
    rows.forEach((r, i) => {
      page.drawText(r, { x, y, size, font: f });
      if (i === 0 && opts.right) {
        const t = drawable(bold, opts.right);
        page.drawText(t, { x: A4.width - MARGIN - bold.widthOfTextAtSize(t, size), y, size, font: bold });
      }
      y -= size + 3;
    });
  };
  const gap = (h = 8) => (y -= h);

  page.drawRectangle({ x: 0, y: A4.height - 8, width: A4.width, height: 8, color: rgb(0.1, 0.2, 0.4) });
  line(title, { size: 15, bold: true });
  gap();
  line(
    `Declared on ${input.issuedOn} by ${input.agency.name}${input.agency.registration ? ` (registration ${input.agency.registration})` : ''}, collecting for the creditor ${input.creditor.name}.`,
  );
  line(`Debtor: ${input.debtor.name}${input.debtor.address ? `, ${input.debtor.address}` : ''}`);
  line(
    `Settlement: ${input.settlement.reference ?? 'reference not known'}; decision of ${input.settlement.decisionDate} (${nl ? 'ruling applying the Wsnp' : 'admissibility decision'}).`,
  );
  if (input.mediator) {
    const m = input.mediator;
    line(`To: ${m.name}${m.organisation ? `, ${m.organisation}` : ''}${m.address ? `, ${m.address}` : ''}${m.email ? `, ${m.email}` : ''}`);
  }
  line(`Our case: ${input.caseId}`);
  gap();
  line(`Statement as of ${input.settlement.decisionDate}`, { size: 12, bold: true });
  gap(2);
  for (const l of st.lines) {
    line(`${l.label}${l.date ? ` (${l.date})` : ''}`, { bold: true, right: money(l.amount.amountMinor) });
    line(`${l.explanation}${l.rule ? ` [${l.rule}]` : ''}`, { x: MARGIN + 12, size: 8 });
  }
  gap();
  line('Principal outstanding', { right: money(st.principal.amountMinor) });
  line(`Interest to ${input.settlement.decisionDate}`, { right: money(st.interest.amountMinor) });
  line('Damages', { right: money(st.damages.amountMinor) });
  line('Paid', { right: money(st.paid.amountMinor) });
  line('Total declared', { bold: true, size: 11, right: money(st.total.amountMinor) });
  gap();
  for (const n of st.notes) line(n, { size: 8 });
  gap();
  line(`Declared under ${input.settlement.declarationRule}: ${input.settlement.declarationSource}.`, { size: 8 });
  const pages = doc.getPages();
  pages.forEach((p, i) => p.drawText(`${i + 1} / ${pages.length}`, { x: A4.width - MARGIN - 20, y: MARGIN / 2, size: 8, font }));
  return doc.save();
}
