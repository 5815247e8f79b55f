/**
 * The letter as an HTML page ready for PDF: A4, the brand's letterhead, the recipient's address
 * where the window of a DL/C5 envelope shows it (left window, as used in Belgium and the
 * Netherlands: 20 mm from the left edge, 45–90 mm from the top), the rendered template body
 * (with its statement of amounts), a payment slip with the EPC QR code and the structured
 * reference, and page numbers in the footer (Puppeteer's footer template).
 */
import Handlebars from 'handlebars';
import type { TemplateLanguage } from '../templates/template-kinds';
import { formatDate, formatMoney, localeFor, renderTemplate } from '../templates/template-rendering';
import type { TemplateContext } from '../templates/template-variables';
import { mayLoad } from './offline';
import { epcQrSvgDataUrl } from './epc-qr';

export interface LetterPdfOptions {
  footerTemplate: string;
  headerTemplate: string;
  margin: { top: string; right: string; bottom: string; left: string };
  /** The same footer as plain text, for the pool printing many letters as one document. */
  footerText: { left: string; right: string; css: string };
}

export interface LetterDocument {
  html: string;
  pdf: LetterPdfOptions;
}

interface LetterLabels {
  date: string;
  reference: string;
  slipTitle: string;
  amount: string;
  beneficiary: string;
  iban: string;
  bic: string;
  structuredReference: string;
  scan: string;
  page: string;
}

const LABELS: Record<TemplateLanguage, LetterLabels> = {
  nl: {
    date: 'Datum',
    reference: 'Ons dossier',
    slipTitle: 'Betalen',
    amount: 'Bedrag',
    beneficiary: 'Begunstigde',
    iban: 'IBAN',
    bic: 'BIC',
    structuredReference: 'Gestructureerde mededeling',
    scan: 'Scan de QR-code met uw bankapp: begunstigde, bedrag en mededeling zijn dan al ingevuld.',
    page: 'Pagina',
  },
  fr: {
    date: 'Date',
    reference: 'Notre dossier',
    slipTitle: 'Paiement',
    amount: 'Montant',
    beneficiary: 'Bénéficiaire',
    iban: 'IBAN',
    bic: 'BIC',
    structuredReference: 'Communication structurée',
    scan: 'Scannez le code QR avec votre application bancaire : bénéficiaire, montant et communication sont préremplis.',
    page: 'Page',
  },
  de: {
    date: 'Datum',
    reference: 'Unsere Akte',
    slipTitle: 'Zahlung',
    amount: 'Betrag',
    beneficiary: 'Empfänger',
    iban: 'IBAN',
    bic: 'BIC',
    structuredReference: 'Strukturierte Mitteilung',
    scan: 'Scannen Sie den QR-Code mit Ihrer Banking-App: Empfänger, Betrag und Mitteilung sind dann ausgefüllt.',
    page: 'Seite',
  },
  en: {
    date: 'Date',
    reference: 'Our file',
    slipTitle: 'Payment',
    amount: 'Amount',
    beneficiary: 'Beneficiary',
    iban: 'IBAN',
    bic: 'BIC',
    structuredReference: 'Structured reference',
    scan: 'Scan the QR code with your banking app: beneficiary, amount and reference are filled in for you.',
    page: 'Page',
  },
};

const e = (value: string | null | undefined) => Handlebars.escapeExpression(value ?? '');
const SAFE_COLOR = /^#[0-9a-fA-F]{3}([0-9a-fA-F]{3})?$/;
/** Colours go into CSS: only `#rgb` / `#rrggbb` is let through. */
export const safeColor = (color: string, fallback: string) => (SAFE_COLOR.test(color) ? color : fallback);

export interface LetterInput {
  /** The letter template's body source (`LetterTemplateParts.html`). */
  body: string;
  context: TemplateContext;
  language: TemplateLanguage;
  locale?: string;
  /** Account holder printed on the slip (defaults to the agency). */
  beneficiaryName?: string;
  /** Print the payment slip (not on a dispute acknowledgement or a settled receipt). */
  paymentSlip?: boolean;
}

export function composeLetter(input: LetterInput): LetterDocument {
  const { context: c, language } = input;
  const locale = input.locale ?? localeFor(language);
  const l = LABELS[language];
  const body = renderTemplate(input.body, c, { language, locale, mode: 'html' });
  const primary = safeColor(c.brand.primaryColor, '#1f4e79');
  const secondary = safeColor(c.brand.secondaryColor, '#eef2f6');
  // Chromium loads nothing from the network (offline.ts): an image given by address would print as
  // nothing, so only an image the letter carries (a data: URL) is printed; else the brand's name.
  const printable = (url: string | null) => (url && mayLoad(url) ? url : null);
  const letterheadImage = printable(c.brand.letterhead);
  const logo = printable(c.brand.logoUrl);
  const letterhead = letterheadImage
    ? `<img class="letterhead-image" src="${e(letterheadImage)}" alt="">`
    : `<div class="brand">${logo ? `<img class="logo" src="${e(logo)}" alt="">` : `<div class="brand-name">${e(c.brand.name)}</div>`}</div>
       <div class="sender">${e(c.brand.senderName)}<br>${c.agency.addressLines.map(e).join('<br>')}<br>${e(c.brand.phone)} · ${e(c.brand.replyEmail)}<br>${e(c.brand.website)}</div>`;
  const slip =
    input.paymentSlip === false
      ? ''
      : `<section class="slip">
  <div class="slip-text">
    <h2>${l.slipTitle}</h2>
    <table>
      <tr><th>${l.amount}</th><td class="strong">${e(formatMoney(c.amounts.total, locale))}</td></tr>
      <tr><th>${l.beneficiary}</th><td>${e(input.beneficiaryName ?? c.agency.name)}</td></tr>
      <tr><th>${l.iban}</th><td>${e(c.payment.iban)}</td></tr>
      ${c.payment.bic ? `<tr><th>${l.bic}</th><td>${e(c.payment.bic)}</td></tr>` : ''}
      <tr><th>${l.structuredReference}</th><td class="reference">${e(c.payment.reference)}</td></tr>
    </table>
    <p class="scan">${l.scan}</p>
  </div>
  <img class="qr" src="${e(c.payment.qr)}" alt="EPC QR">
</section>`;
  const html = `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><title>${e(c.case.reference)}</title>
<style>
  @page { size: A4; margin: 20mm 18mm 18mm 20mm; }
  * { box-sizing: border-box; }
  html, body { margin: 0; padding: 0; }
  body { font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 9.5pt; line-height: 1.4; color: #1a1a1a; }
  /* First page head: 80 mm of the content box = 20–100 mm from the top of the sheet. */
  .head { position: relative; height: 80mm; }
  .letterhead { position: absolute; top: 0; left: 0; right: 0; height: 22mm; display: flex; justify-content: space-between; align-items: flex-start; border-bottom: 1.2mm solid ${primary}; padding-bottom: 2mm; }
  .letterhead-image { max-height: 22mm; max-width: 100%; }
  .brand-name { font-size: 17pt; font-weight: bold; color: ${primary}; }
  .logo { max-height: 16mm; max-width: 70mm; }
  .sender { font-size: 7.5pt; text-align: right; color: #444; }
  /* Window of a DL/C5 envelope (left): 20 mm from the left edge, 45 mm from the top, 90 × 45 mm. */
  .window { position: absolute; top: 25mm; left: 0; width: 90mm; height: 45mm; padding: 4mm 0 0 0; overflow: hidden; }
  .return { font-size: 6.5pt; color: #555; border-bottom: 0.2mm solid #999; margin-bottom: 2mm; padding-bottom: 0.5mm; white-space: nowrap; overflow: hidden; }
  .recipient { font-size: 10.5pt; line-height: 1.35; }
  .meta { position: absolute; top: 29mm; left: 105mm; right: 0; font-size: 8.5pt; }
  .meta th { text-align: left; font-weight: normal; color: #555; padding-right: 3mm; }
  h1.subject { font-size: 12pt; color: ${primary}; margin: 0 0 4mm; }
  h2 { font-size: 10pt; color: ${primary}; margin: 5mm 0 1.5mm; }
  p { margin: 0 0 2.5mm; }
  table.statement { width: 100%; border-collapse: collapse; margin-bottom: 2mm; page-break-inside: auto; }
  table.statement th { text-align: left; background: ${secondary}; font-weight: bold; font-size: 8.5pt; padding: 1.2mm 1.5mm; }
  table.statement td { border-bottom: 0.2mm solid #ddd; padding: 1.2mm 1.5mm; vertical-align: top; }
  table.statement tr { page-break-inside: avoid; }
  .num { text-align: right; white-space: nowrap; }
  tr.total td { font-weight: bold; border-top: 0.4mm solid ${primary}; border-bottom: none; }
  .small { font-size: 7.5pt; color: #444; margin-top: 5mm; border-top: 0.2mm solid #ccc; padding-top: 2mm; }
  .small p { margin-bottom: 1.2mm; }
  .slip { display: flex; justify-content: space-between; gap: 6mm; border: 0.3mm dashed ${primary}; padding: 4mm; margin-top: 6mm; page-break-inside: avoid; }
  .slip h2 { margin-top: 0; }
  .slip th { text-align: left; font-weight: normal; color: #555; padding-right: 4mm; vertical-align: top; }
  .slip .strong { font-weight: bold; font-size: 11pt; }
  .slip .reference { font-family: 'DejaVu Sans Mono', monospace; font-size: 11pt; font-weight: bold; letter-spacing: 0.3pt; }
  .scan { font-size: 7.5pt; color: #555; margin: 2mm 0 0; }
  .qr { width: 38mm; height: 38mm; flex: none; }
</style></head>
<body>
<div class="head">
  <div class="letterhead">${letterhead}</div>
  <div class="window">
    <div class="return">${e(c.agency.name)} · ${c.agency.addressLines.map(e).join(' · ')}</div>
    <div class="recipient">${e(c.debtor.name)}<br>${c.debtor.addressLines.map(e).join('<br>')}</div>
  </div>
  <table class="meta">
    <tr><th>${l.date}</th><td>${e(formatDate(c.today, locale))}</td></tr>
    <tr><th>${l.reference}</th><td>${e(c.case.reference)}</td></tr>
    <tr><th>${l.structuredReference}</th><td>${e(c.payment.reference)}</td></tr>
  </table>
</div>
<main>
${body}
</main>
${slip}
</body></html>`;
  return { html, pdf: letterPdfOptions(c, l) };
}

function letterPdfOptions(c: TemplateContext, l: LetterLabels): LetterPdfOptions {
  // Puppeteer fills .pageNumber and .totalPages; the footer has its own tiny document (no CSS of
  // the page reaches it), hence the inline styles and explicit font size.
  const font = "font-family:'DejaVu Sans',sans-serif;font-size:7px;color:#555;";
  const footerTemplate = `<div style="${font}width:100%;margin:0 18mm 0 20mm;display:flex;justify-content:space-between;"><span>${e(c.brand.footer)}</span><span>${e(c.case.reference)} · ${l.page} <span class="pageNumber"></span>/<span class="totalPages"></span></span></div>`;
  return {
    footerTemplate,
    headerTemplate: '<span></span>',
    margin: { top: '20mm', right: '18mm', bottom: '18mm', left: '20mm' },
    footerText: { left: c.brand.footer, right: `${c.case.reference} · ${l.page} `, css: font },
  };
}

/**
 * The EPC QR image of a case: the total due, to the payment account, with the structured
 * reference (OGM or RF), as an SVG data URL (sharp in print). Put it in `payment.qr` before
 * composing the letter; e-mails should use the PNG (`epcQrDataUrl`), which mail clients show.
 */
export async function paymentQrFor(context: TemplateContext, beneficiaryName = context.agency.name): Promise<string> {
  return epcQrSvgDataUrl({
    beneficiaryName,
    iban: context.payment.iban,
    bic: context.payment.bic ?? undefined,
    amountMinor: BigInt(context.amounts.total.amountMinor),
    remittance: { kind: 'structured', reference: context.payment.reference },
  });
}
