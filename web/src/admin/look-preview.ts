/**
 * The brand-look page's preview: how a letter's head and an e-mail look with the colours, logo
 * and sender being edited, laid out as the letter and e-mail composers of the communications
 * service lay them out (letterhead with a rule in the primary colour, sender block on the right;
 * e-mail header bar in the primary colour, footer on the secondary). Shown in a sandboxed frame;
 * every value is escaped. The real letter, rendered by the service, is the templates page's preview.
 */
export interface LookFields {
  senderName: string;
  replyEmail: string;
  phone: string;
  iban: string;
  logoUrl: string;
  primaryColor: string;
  secondaryColor: string;
  website: string;
  footer: string;
  letterhead: string;
}

const escape = (s: string) => s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

/** A colour as the composers accept it (#rrggbb), else their default. */
const colour = (value: string, fallback: string) => (/^#[0-9a-fA-F]{6}$/.test(value) ? value : fallback);

/** WCAG contrast ratio of two #rrggbb colours (null when one is not a colour). */
export function contrastRatio(a: string, b: string): number | null {
  const lum = (hex: string) => {
    if (!/^#[0-9a-fA-F]{6}$/.test(hex)) return null;
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [la, lb] = [lum(a), lum(b)];
  if (la === null || lb === null) return null;
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** The sample letter's words, in the admin's language. */
export interface SampleWords {
  subject: string;
  greeting: string;
  body: string;
  invoice: string;
  dueDate: string;
  amount: string;
  invoices: string;
  pay: string;
  noReply: string;
  /** The sample amount and date, formatted for the admin's locale. */
  sampleAmount: string;
  sampleDate: string;
  /** The language the words are in (the frame's lang). */
  lang: string;
}

const DEBTOR = ['Jan Peeters', 'Kerkstraat 12', '2000 Antwerpen'];

export function letterPreview(brandName: string, f: LookFields, w: SampleWords): string {
  const primary = colour(f.primaryColor, '#1f4e79');
  const secondary = colour(f.secondaryColor, '#eef2f6');
  const brand = f.letterhead
    ? `<img class="letterhead-image" src="${escape(f.letterhead)}" alt="">`
    : `<div>${f.logoUrl ? `<img class="logo" src="${escape(f.logoUrl)}" alt="">` : `<div class="brand-name">${escape(brandName)}</div>`}</div>
       <div class="sender">${escape(f.senderName)}<br>${[f.phone, f.replyEmail].filter(Boolean).map(escape).join(' · ')}<br>${escape(f.website)}</div>`;
  return `<!doctype html><html lang="${escape(w.lang)}"><head><meta charset="utf-8"><title>${escape(w.subject)}</title><style>
  body { margin: 0; padding: 16px; background: #f3f4f6; font-family: 'DejaVu Sans', Arial, sans-serif; font-size: 12px; color: #1a1a1a; }
  .sheet { background: #fff; padding: 28px 26px; box-shadow: 0 1px 3px rgba(0,0,0,.15); min-height: 440px; }
  .letterhead { display: flex; justify-content: space-between; align-items: flex-start; border-bottom: 5px solid ${primary}; padding-bottom: 8px; min-height: 60px; }
  .letterhead-image { max-height: 80px; max-width: 100%; }
  .brand-name { font-size: 22px; font-weight: bold; color: ${primary}; }
  .logo { max-height: 56px; max-width: 240px; }
  .sender { font-size: 10px; text-align: right; color: #444; }
  .window { margin: 28px 0 24px; font-size: 13px; line-height: 1.35; }
  h1 { font-size: 15px; color: ${primary}; margin: 0 0 10px; }
  table { width: 100%; border-collapse: collapse; margin: 10px 0; }
  th { text-align: left; background: ${secondary}; padding: 5px 6px; font-size: 11px; }
  td { border-bottom: 1px solid #ddd; padding: 5px 6px; }
  .num { text-align: right; }
  .footer { margin-top: 24px; font-size: 9px; color: #555; border-top: 1px solid #ccc; padding-top: 6px; white-space: pre-line; }
</style></head><body><div class="sheet">
  <div class="letterhead">${brand}</div>
  <div class="window">${DEBTOR.map(escape).join('<br>')}</div>
  <h1>${escape(w.subject)}</h1>
  <p>${escape(w.greeting)}</p>
  <p>${escape(w.body)}</p>
  <table><thead><tr><th>${escape(w.invoice)}</th><th>${escape(w.dueDate)}</th><th class="num">${escape(w.amount)}</th></tr></thead>
  <tbody><tr><td>INV-2024-0042</td><td>${escape(w.sampleDate)}</td><td class="num">${escape(w.sampleAmount)}</td></tr></tbody></table>
  ${f.iban ? `<p>IBAN ${escape(f.iban)}</p>` : ''}
  <div class="footer">${escape(f.footer)}</div>
</div></body></html>`;
}

export function emailPreview(brandName: string, f: LookFields, w: SampleWords): string {
  const primary = colour(f.primaryColor, '#1f4e79');
  const secondary = colour(f.secondaryColor, '#eef2f6');
  const header = f.logoUrl
    ? `<img src="${escape(f.logoUrl)}" alt="${escape(brandName)}" height="40" style="display:block;max-height:40px;">`
    : `<span style="font-size:22px;font-weight:bold;color:#ffffff;">${escape(brandName)}</span>`;
  const contact = [
    f.website && `<a href="#" style="color:${primary};">${escape(f.website)}</a>`,
    f.replyEmail && `<a href="#" style="color:${primary};">${escape(f.replyEmail)}</a>`,
    f.phone && escape(f.phone),
  ]
    .filter(Boolean)
    .join(' · ');
  return `<!doctype html><html lang="${escape(w.lang)}"><head><meta charset="utf-8"><title>${escape(w.subject)}</title></head>
<body style="margin:0;padding:16px;background:#f3f4f6;font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.5;color:#1a1a1a;">
  <div style="font-size:12px;color:#444;margin:0 auto 8px;max-width:560px;">
    <strong>${escape(f.senderName)}</strong> &lt;${escape(f.replyEmail || w.noReply)}&gt;<br>${escape(w.subject)}
  </div>
  <div style="max-width:560px;margin:0 auto;background:#fff;">
    <div style="background:${primary};padding:16px 24px;">${header}</div>
    <div style="padding:24px;">
      <p style="margin:0 0 12px;">${escape(w.greeting)}</p>
      <p style="margin:0 0 12px;">${escape(w.body)}</p>
      <h2 style="font-size:16px;color:${primary};margin:18px 0 6px;">${escape(w.invoices)}</h2>
      <table style="width:100%;border-collapse:collapse;"><tr><th style="text-align:left;background:${secondary};padding:6px 8px;font-size:13px;">${escape(w.invoice)}</th><th style="text-align:right;background:${secondary};padding:6px 8px;font-size:13px;">${escape(w.amount)}</th></tr>
      <tr><td style="padding:6px 8px;border-bottom:1px solid #e5e5e5;">INV-2024-0042</td><td style="padding:6px 8px;border-bottom:1px solid #e5e5e5;text-align:right;">${escape(w.sampleAmount)}</td></tr></table>
      <p style="margin:16px 0;"><a href="#" style="display:inline-block;background:${primary};color:#fff;padding:10px 18px;text-decoration:none;border-radius:4px;">${escape(w.pay)}</a></p>
    </div>
    <div style="background:${secondary};padding:16px 24px;font-size:12px;color:#444;white-space:pre-line;">${escape(f.footer)}
${contact}</div>
  </div>
</body></html>`;
}
