/**
 * The e-mail of a communication: subject, HTML part in the brand's look, plain-text part. The
 * HTML is a simple table layout with inline CSS (what mail clients render reliably): a header
 * with the logo or brand name on the brand colour, the template body, and a footer with the
 * brand's footer, website, reply address and phone. Every value is escaped; the subject is
 * kept on one line (no header injection through a name).
 */
import Handlebars from 'handlebars';
import type { EmailTemplateParts, TemplateLanguage } from '../templates/template-kinds';
import { localeFor, renderTemplate } from '../templates/template-rendering';
import type { TemplateContext } from '../templates/template-variables';
import { safeColor } from './letter';

export interface ComposedEmail {
  subject: string;
  html: string;
  text: string;
}

export interface EmailInput {
  parts: EmailTemplateParts;
  context: TemplateContext;
  language: TemplateLanguage;
  locale?: string;
}

const e = (value: string | null | undefined) => Handlebars.escapeExpression(value ?? '');

/** Inline styles for the classes templates may use (mail clients drop most <style> blocks). */
function classStyles(primary: string, secondary: string): Record<string, string> {
  return {
    statement: 'width:100%;border-collapse:collapse;margin:0 0 12px 0;font-size:14px;',
    num: 'text-align:right;white-space:nowrap;',
    total: `font-weight:bold;border-top:2px solid ${primary};`,
    button: `display:inline-block;background:${primary};color:#ffffff;text-decoration:none;padding:10px 22px;border-radius:4px;font-weight:bold;`,
    small: 'font-size:12px;color:#555555;border-top:1px solid #dddddd;margin-top:16px;padding-top:8px;',
    subject: `font-size:18px;color:${primary};`,
    head: `background:${secondary};`,
  };
}

/** Replaces `class="a b"` by the inline style of those classes; tags without class get defaults. */
export function inlineStyles(html: string, styles: Record<string, string>, defaults: Record<string, string> = {}): string {
  const withClasses = html.replace(/ class="([^"]*)"/g, (_, names: string) => {
    const style = names
      .split(/\s+/)
      .map((name) => styles[name] ?? '')
      .join('');
    return style ? ` style="${style}"` : '';
  });
  return withClasses.replace(/<(th|td|h2|p)(\s[^>]*)?>/g, (tag, name: string, attributes: string | undefined) => {
    const style = defaults[name];
    if (!style) return tag;
    if (attributes?.includes('style="')) return `<${name}${attributes.replace('style="', `style="${style}`)}>`;
    return `<${name} style="${style}"${attributes ?? ''}>`;
  });
}

export function composeEmail(input: EmailInput): ComposedEmail {
  const { context: c, language } = input;
  const options = { language, locale: input.locale ?? localeFor(language) };
  const subject = renderTemplate(input.parts.subject, c, { ...options, mode: 'text' })
    .replace(/[\r\n]+/g, ' ')
    .trim();
  const text = renderTemplate(input.parts.text, c, { ...options, mode: 'text' });
  const primary = safeColor(c.brand.primaryColor, '#1f4e79');
  const secondary = safeColor(c.brand.secondaryColor, '#eef2f6');
  const body = inlineStyles(renderTemplate(input.parts.html, c, { ...options, mode: 'html' }), classStyles(primary, secondary), {
    th: `text-align:left;background:${secondary};padding:6px 8px;font-size:13px;`,
    td: 'padding:6px 8px;border-bottom:1px solid #e5e5e5;vertical-align:top;',
    h2: `font-size:16px;color:${primary};margin:18px 0 6px 0;`,
    p: 'margin:0 0 12px 0;',
  });
  const header = c.brand.logoUrl
    ? `<img src="${e(c.brand.logoUrl)}" alt="${e(c.brand.name)}" height="40" style="display:block;border:0;max-height:40px;">`
    : `<span style="font-size:22px;font-weight:bold;color:#ffffff;">${e(c.brand.name)}</span>`;
  const footerLines = c.brand.footer
    .split(/\r?\n/)
    .filter((line) => line.trim())
    .map(e)
    .join('<br>');
  const html = `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${e(subject)}</title></head>
<body style="margin:0;padding:0;background:#f3f4f6;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f3f4f6;">
<tr><td align="center" style="padding:24px 8px;">
  <table role="presentation" width="640" cellpadding="0" cellspacing="0" border="0" style="max-width:640px;width:100%;background:#ffffff;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1a1a1a;">
    <tr><td style="background:${primary};padding:16px 24px;">${header}</td></tr>
    <tr><td style="padding:24px;">
${body}
    </td></tr>
    <tr><td style="background:${secondary};padding:16px 24px;font-size:12px;color:#444444;">
      ${footerLines}<br>
      <a href="${e(c.brand.website)}" style="color:${primary};">${e(c.brand.website)}</a> · <a href="mailto:${e(c.brand.replyEmail)}" style="color:${primary};">${e(c.brand.replyEmail)}</a> · ${e(c.brand.phone)}
    </td></tr>
  </table>
</td></tr>
</table>
</body></html>`;
  return { subject, html, text };
}
