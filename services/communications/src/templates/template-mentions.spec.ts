import { DEFAULT_TEMPLATES } from './default-templates/default-templates';
import { TEMPLATE_KINDS, TEMPLATE_LANGUAGES } from './template-kinds';
import { templateChecks, templateMentions } from './template-mentions';
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
  it('finds every mention in the agency default set, and nothing its kind may not say, so the defaults can be activated', () => {
    for (const kind of TEMPLATE_KINDS) {
      for (const language of TEMPLATE_LANGUAGES) {
        for (const channel of ['email', 'letter', 'sms'] as const) {
          const parts = DEFAULT_TEMPLATES[kind][language][channel] as unknown as Record<string, string>;
          expect({
            kind,
            language,
            channel,
            issues: validateTemplateParts(parts, templateChecks(kind, channel)).issues,
          }).toEqual({ kind, language, channel, issues: [] });
        }
      }
    }
  });
  it('refuses a pre-due reminder that prints interest, damages, costs or their breakdown, naming each; a reminder may', () => {
    const source = [
      '{{money amounts.principal}} due {{date term.endDate}}',
      'Interest {{money amounts.interest}}, costs {{money amounts.costs}}',
      '{{#each amounts.breakdown}}{{label}} {{money amount}}{{/each}}',
    ].join('\n');
    const parts = { subject: 'Reminder {{case.reference}}', html: `<p>${source}</p>`, text: source };
    const issues = validateTemplateParts(parts, templateChecks('pre_due_reminder', 'email')).issues;
    // Each part the debtor may read is named: the HTML and the text part alike.
    expect(issues.filter((i) => i.code === 'forbidden_variable').map((i) => [i.message.split(' ')[0], i.variable])).toEqual([
      ['html:', 'amounts.interest'],
      ['html:', 'amounts.costs'],
      ['html:', 'amounts.breakdown'],
      ['text:', 'amounts.interest'],
      ['text:', 'amounts.costs'],
      ['text:', 'amounts.breakdown'],
    ]);
    expect(issues[0].message).toMatch(/html: \{\{amounts.interest\}\} has no place in a pre-due reminder/);
    expect(validateTemplateParts({ text: 'Still due: {{money amounts.total}}' }, templateChecks('pre_due_reminder', 'sms')).valid).toBe(
      true,
    );
    expect(validateTemplateParts(parts, templateChecks('reminder', 'email')).issues.filter((i) => i.code === 'forbidden_variable')).toEqual(
      [],
    );
  });
});
