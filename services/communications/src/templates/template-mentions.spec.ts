import { DEFAULT_TEMPLATES } from './default-templates/default-templates';
import { TEMPLATE_KINDS, TEMPLATE_LANGUAGES } from './template-kinds';
import { templateMentions } from './template-mentions';
import { validateTemplateParts } from './template-validation';

describe('template mentions', () => {
  it('asks a Belgian-consumer first reminder for the agency registration (BE-A-1) and the damages if unpaid (BE-C-3)', () => {
    const ids = templateMentions('first_reminder', 'letter').map((m) => m.id);
    expect(ids).toEqual(expect.arrayContaining(['BE-A-1.registration', 'BE-C-3.damages', 'NL-C-1.costs']));
  });
  it('asks nothing of an SMS or a payment receipt', () => {
    expect(templateMentions('first_reminder', 'sms')).toEqual([]);
    expect(templateMentions('payment_receipt', 'email')).toEqual([]);
  });
  it('finds every mention in the agency default set, so the defaults can be activated', () => {
    for (const kind of TEMPLATE_KINDS) {
      for (const language of TEMPLATE_LANGUAGES) {
        for (const channel of ['email', 'letter'] as const) {
          const parts = DEFAULT_TEMPLATES[kind][language][channel] as unknown as Record<string, string>;
          expect({
            kind,
            language,
            channel,
            issues: validateTemplateParts(parts, { requiredMentions: templateMentions(kind, channel) }).issues,
          }).toEqual({ kind, language, channel, issues: [] });
        }
      }
    }
  });
});
