import {
  CALL_SCRIPT_SECTIONS,
  CallScriptValues,
  DEFAULT_CALL_SCRIPTS,
  callScriptFor,
  callScriptProblems,
  renderCallScript,
} from './call-scripts';
import { LANGUAGES } from '../contact-rules/contact-rules';

const values: CallScriptValues = {
  brandName: 'Acme Energie',
  agencyName: 'Amicus Incasso',
  agentName: 'Sofie',
  debtorName: 'Jan Peeters',
  caseReference: 'CASE-2024-0042',
  amountDue: '€ 125,00',
  paymentOptions: 'overschrijving of Bancontact',
  paymentLink: 'https://pay.example/abc',
};

describe('call scripts', () => {
  it.each(LANGUAGES)('has a complete default script in %s that greets in the brand’s name', (language) => {
    const rendered = renderCallScript(DEFAULT_CALL_SCRIPTS[language], values);
    expect(Object.keys(rendered)).toEqual([...CALL_SCRIPT_SECTIONS]);
    expect(rendered.greeting).toContain('Acme Energie');
    expect(rendered.greeting).toContain('Sofie');
    expect(rendered.identityCheck).toContain('Jan Peeters');
    expect(rendered.reason).toContain('CASE-2024-0042');
    expect(rendered.reason).toContain('€ 125,00');
    expect(rendered.paymentOptions).toContain('https://pay.example/abc');
    expect(Object.values(rendered).join(' ')).not.toMatch(/\{\{|\}\}/);
  });

  it('uses the brand’s own script sections in the debtor’s language and the default for the rest', () => {
    const brand = {
      name: 'Acme',
      languages: ['fr', 'nl'] as const,
      scripts: { nl: { greeting: 'Hallo, {{agentName}} voor {{brandName}}.' } },
    };
    const { language, script } = callScriptFor(brand, 'nl');
    expect(language).toBe('nl');
    expect(script.greeting).toBe('Hallo, {{agentName}} voor {{brandName}}.');
    expect(script.closing).toBe(DEFAULT_CALL_SCRIPTS.nl.closing);
  });

  it('falls back to the brand’s first language when it does not speak the debtor’s', () => {
    expect(callScriptFor({ name: 'Acme', languages: ['fr', 'nl'] }, 'de').language).toBe('fr');
  });

  it('refuses to render with a placeholder value missing, naming the section', () => {
    const { agentName: _agentName, ...withoutAgent } = values;
    expect(() => renderCallScript(DEFAULT_CALL_SCRIPTS.en, withoutAgent as CallScriptValues)).toThrow(/greeting.*agentName/);
  });

  it('does not HTML-escape spoken text', () => {
    expect(renderCallScript(DEFAULT_CALL_SCRIPTS.en, { ...values, brandName: 'Smith & Sons' }).greeting).toContain('Smith & Sons');
  });
});

describe('a brand’s own call script', () => {
  it('is fine when it uses only known placeholders', () => {
    expect(callScriptProblems({ greeting: 'Hallo, {{agentName}} voor {{brandName}}.', closing: 'Dag {{debtorName}}.' })).toEqual([]);
  });

  it('names every unknown placeholder with its section', () => {
    const problems = callScriptProblems({
      greeting: 'Hallo {{debtorFirstName}}, {{agentName}} hier over {{iban}}.',
      reason: 'Dossier {{caseReference}}',
    });
    expect(problems).toEqual([
      expect.objectContaining({
        section: 'greeting',
        placeholder: 'debtorFirstName',
        reason: expect.stringContaining('{{debtorFirstName}}'),
      }),
      expect.objectContaining({ section: 'greeting', placeholder: 'iban' }),
    ]);
  });

  it('refuses an empty section and one that does not parse', () => {
    const problems = callScriptProblems({ closing: '  ', reason: 'Dossier {{caseReference' });
    expect(problems.map((p) => p.section)).toEqual(['reason', 'closing']);
    expect(problems[1].reason).toBe('is empty');
  });
});
