import { DEFAULT_TEMPLATES } from '../templates/default-templates/default-templates';
import { SAMPLE_CONTEXT, type TemplateContext } from '../templates/template-variables';
import { composeEmail, inlineStyles } from './email';

const context = (change: (c: TemplateContext) => void = () => undefined): TemplateContext => {
  const copy = structuredClone(SAMPLE_CONTEXT);
  change(copy);
  return copy;
};

describe('composeEmail', () => {
  const email = composeEmail({ parts: DEFAULT_TEMPLATES.formal_notice.fr.email, context: SAMPLE_CONTEXT, language: 'fr' });

  it('renders the subject, an HTML part in the brand look and a plain-text part', () => {
    expect(email.subject).toBe('Mise en demeure – dossier AMI-2025-000173');
    expect(email.html).toContain('background:#1f4e79');
    expect(email.html).toContain('Fietsen Vermeulen BV – Meir 50, 2000 Antwerpen');
    expect(email.html).toContain('href="https://www.fietsenvermeulen.be"');
    expect(email.text).toContain('+++123/4567/89002+++');
    expect(email.text).not.toMatch(/<[a-z]/);
  });

  it('inlines the styles of the template classes, leaving no class attribute', () => {
    expect(email.html).not.toContain(' class="');
    expect(email.html).toMatch(/<a style="display:inline-block;background:#1f4e79[^"]*" href="https:\/\/pay\.amicus\.be\/x7Kp2">/);
  });

  it('escapes a hostile debtor name in the HTML part and keeps it literal in the text part', () => {
    const hostile = composeEmail({
      parts: DEFAULT_TEMPLATES.first_reminder.en.email,
      context: context((c) => (c.debtor.name = '<script>alert(1)</script>')),
      language: 'en',
    });
    expect(hostile.html).not.toContain('<script>');
    expect(hostile.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(hostile.text).toContain('Dear <script>alert(1)</script>,');
  });

  it('keeps the subject on one line even when a value holds line breaks', () => {
    const parts = { ...DEFAULT_TEMPLATES.reminder.en.email, subject: 'File {{case.reference}}' };
    const composed = composeEmail({ parts, context: context((c) => (c.case.reference = 'A\r\nBcc: x@evil.test')), language: 'en' });
    expect(composed.subject).toBe('File A Bcc: x@evil.test');
  });

  it('refuses a brand colour that is not #rrggbb, falling back to the default', () => {
    const composed = composeEmail({
      parts: DEFAULT_TEMPLATES.reminder.en.email,
      context: context((c) => (c.brand.primaryColor = 'red;background:url(x)')),
      language: 'en',
    });
    expect(composed.html).not.toContain('url(x)');
  });
});

describe('inlineStyles', () => {
  it('merges class styles and default tag styles', () => {
    expect(inlineStyles('<td class="num">1</td><p>x</p>', { num: 'text-align:right;' }, { td: 'padding:1px;', p: 'margin:0;' })).toBe(
      '<td style="padding:1px;text-align:right;">1</td><p style="margin:0;">x</p>',
    );
  });
});
