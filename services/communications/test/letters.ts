import { PDFDocument, StandardFonts } from 'pdf-lib';
import type { OutboundMessage, PostalAddress } from '../src/channels/channel';

/** Letters for the print-batch tests, without Chromium. */

/** A letter of `pages` pages; every page is `width` points wide so its place in the batch can be checked. */
export async function letterPdf(pages: number, width: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 0; i < pages; i++) {
    const page = doc.addPage([width, 842]);
    page.drawText(`page ${i + 1} of ${pages}`, { x: 50, y: 780, size: 12, font });
  }
  return Buffer.from(await doc.save());
}

export function letter(caseReference: string, address: PostalAddress, pdf: Buffer, extra: Partial<OutboundMessage> = {}): OutboundMessage {
  return {
    communicationId: `com-${caseReference}`,
    caseReference,
    sender: { name: 'Acme Energie' },
    recipient: { name: address.name, address },
    text: 'see PDF',
    pdf,
    ...extra,
  };
}

export const ADDRESSES: PostalAddress[] = [
  { name: 'Jan Peeters', lines: ['Kerkstraat 12', '2000 Antwerpen'], country: 'BE' },
  { name: 'Dupont, Marie "Mimi"', lines: ['Rue de la Loi 16, bte 3', '1000 Bruxelles'], country: 'BE' },
  { name: 'Bakkerij de Vries B.V.', lines: ['t.a.v. de administratie', 'Dorpsstraat 1', '1234 AB Ergens'], country: 'NL' },
];
