import { TEMPLATE_KINDS, TEMPLATE_LANGUAGES, partModes, type TemplateChannel } from '../template-kinds';
import { renderTemplate } from '../template-rendering';
import { validateTemplateParts, type RequiredMention } from '../template-validation';
import { SAMPLE_CONTEXT } from '../template-variables';
import { DEFAULT_TEMPLATES } from './default-templates';

/** The mentions of BE CEL XIX (first reminder, formal notice) as the legal engine names them. */
const COLLECTION_MENTIONS: RequiredMention[] = [
  {
    id: 'BE-C-3',
    rule: 'first reminder mentions',
    source: 'CEL XIX.2',
    description: 'principal, damages if unpaid, creditor, goods and due date, term and contest',
    variables: [
      'amounts.principal',
      'amounts.damagesIfUnpaid',
      'creditor.name',
      'creditor.enterpriseNumber',
      'claims.description',
      'claims.dueDate',
      'term.days',
      'term.endDate',
      'term.contestNotice',
    ],
  },
  {
    id: 'BE-A-2',
    rule: 'formal notice by a collector',
    source: 'CEL XIX.4',
    description: 'creditor and collector identity, obligation, amounts, consequences',
    variables: [
      'creditor.addressLines',
      'creditor.phone',
      'creditor.capacity',
      'agency.name',
      'agency.addressLines',
      'agency.enterpriseNumber',
      'agency.supervisor',
      'claims.number',
      'claims.issueDate',
      'amounts.breakdown.label',
      'amounts.breakdown.amount',
      'amounts.breakdown.explanation',
      'term.consequences',
    ],
  },
];
const EVERY_COMMUNICATION: RequiredMention[] = [
  {
    id: 'BE-A-1',
    rule: 'agency registration',
    source: 'CEL XIX.4',
    description: 'registration number',
    variables: ['agency.registrationNumber'],
  },
];
const COLLECTION_KINDS = new Set(['first_reminder', 'reminder', 'formal_notice', 'final_notice']);
const CHANNELS: TemplateChannel[] = ['email', 'sms', 'letter'];

describe('agency default templates', () => {
  for (const kind of TEMPLATE_KINDS) {
    for (const language of TEMPLATE_LANGUAGES) {
      it(`${kind} in ${language}: every channel validates and renders the sample case`, () => {
        for (const channel of CHANNELS) {
          const parts = DEFAULT_TEMPLATES[kind][language][channel] as unknown as Record<string, string>;
          const mentions = channel === 'sms' ? [] : [...EVERY_COMMUNICATION, ...(COLLECTION_KINDS.has(kind) ? COLLECTION_MENTIONS : [])];
          expect(validateTemplateParts(parts, { requiredMentions: mentions }).issues).toEqual([]);
          for (const [part, mode] of Object.entries(partModes(channel))) {
            const rendered = renderTemplate(parts[part], SAMPLE_CONTEXT, { language, mode });
            if (channel !== 'sms') expect(rendered).toContain(SAMPLE_CONTEXT.case.reference);
            expect(rendered).not.toMatch(/\{\{|\}\}/);
          }
        }
      });
    }
  }

  it('uses the same variables in every language as in English (no mention lost in translation)', () => {
    // The French and German formal greetings do not name the debtor; the address block does.
    const variablesOf = (parts: unknown) =>
      validateTemplateParts(parts as Record<string, string>).variables.filter((v) => v !== 'debtor' && v !== 'debtor.name');
    for (const kind of TEMPLATE_KINDS) {
      for (const channel of CHANNELS) {
        const english = variablesOf(DEFAULT_TEMPLATES[kind].en[channel]);
        for (const language of TEMPLATE_LANGUAGES) {
          expect({ kind, channel, language, variables: variablesOf(DEFAULT_TEMPLATES[kind][language][channel]) }).toEqual({
            kind,
            channel,
            language,
            variables: english,
          });
        }
      }
    }
  });

  it('gives the first reminder its free-of-charge statement in each language', () => {
    const free = { nl: 'kosteloos', fr: 'gratuit', de: 'kostenlos', en: 'free of charge' };
    for (const language of TEMPLATE_LANGUAGES) expect(DEFAULT_TEMPLATES.first_reminder[language].letter.html).toContain(free[language]);
  });

  it('puts a non-breaking space before the colon of a label in French plain text, and none in the other languages', () => {
    const french = DEFAULT_TEMPLATES.formal_notice.fr.email.text;
    expect(french).toContain('Total dû\u00a0: {{money amounts.total}}');
    expect(french).not.toMatch(/\S:\s/);
    expect(DEFAULT_TEMPLATES.formal_notice.nl.email.text).toMatch(/\S: \{\{money amounts\.total\}\}/);
  });
});
