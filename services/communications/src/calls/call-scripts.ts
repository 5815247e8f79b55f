import Handlebars from 'handlebars';
import { Language, communicationLanguage } from '../contact-rules/contact-rules';

/**
 * The script an agent follows on a call, per brand and language. A brand may have its own
 * script for a language; otherwise the default below is used. Placeholders are Handlebars
 * expressions; rendering is strict, so a missing value is an error, never an empty gap read
 * out to a debtor.
 *
 * Placeholders: brandName, agencyName, agentName, debtorName, caseReference, amountDue,
 * paymentOptions (a sentence listing the ways to pay), paymentLink.
 */

export const CALL_SCRIPT_SECTIONS = ['greeting', 'identityCheck', 'reason', 'paymentOptions', 'closing'] as const;
export type CallScriptSection = (typeof CALL_SCRIPT_SECTIONS)[number];
export type CallScript = Record<CallScriptSection, string>;

export interface CallScriptValues {
  brandName: string;
  agencyName: string;
  agentName: string;
  debtorName: string;
  caseReference: string;
  /** Already formatted for the language, e.g. "€ 125,00". */
  amountDue: string;
  paymentOptions: string;
  paymentLink: string;
}

export const DEFAULT_CALL_SCRIPTS: Record<Language, CallScript> = {
  nl: {
    greeting: 'Goedendag, u spreekt met {{agentName}} van {{agencyName}}, namens {{brandName}}.',
    identityCheck: 'Spreek ik met {{debtorName}}? Mag ik voor uw veiligheid uw geboortedatum of uw adres bevestigen?',
    reason: 'Ik bel over uw dossier {{caseReference}} bij {{brandName}}: er staat nog {{amountDue}} open.',
    paymentOptions:
      'U kunt betalen via {{paymentOptions}}. Ik kan u ook de betaallink sturen: {{paymentLink}}. Is een afbetalingsplan nodig, dan bekijken we dat samen.',
    closing: 'Ik vat samen wat we afspraken en u krijgt dat ook schriftelijk. Bedankt voor uw tijd en nog een fijne dag.',
  },
  fr: {
    greeting: 'Bonjour, {{agentName}} de {{agencyName}}, au nom de {{brandName}}.',
    identityCheck:
      'Suis-je bien en ligne avec {{debtorName}} ? Pour votre sécurité, pouvez-vous me confirmer votre date de naissance ou votre adresse ?',
    reason:
      'Je vous appelle au sujet de votre dossier {{caseReference}} auprès de {{brandName}} : un montant de {{amountDue}} reste impayé.',
    paymentOptions:
      'Vous pouvez payer par {{paymentOptions}}. Je peux aussi vous envoyer le lien de paiement : {{paymentLink}}. Si un plan de paiement est nécessaire, nous pouvons l’examiner ensemble.',
    closing: 'Je récapitule ce que nous avons convenu ; vous le recevrez aussi par écrit. Merci pour votre temps et bonne journée.',
  },
  de: {
    greeting: 'Guten Tag, hier spricht {{agentName}} von {{agencyName}} im Auftrag von {{brandName}}.',
    identityCheck: 'Spreche ich mit {{debtorName}}? Können Sie mir zu Ihrer Sicherheit Ihr Geburtsdatum oder Ihre Anschrift bestätigen?',
    reason: 'Ich rufe wegen Ihrer Akte {{caseReference}} bei {{brandName}} an: Es sind noch {{amountDue}} offen.',
    paymentOptions:
      'Sie können per {{paymentOptions}} bezahlen. Ich kann Ihnen auch den Zahlungslink senden: {{paymentLink}}. Wenn Sie eine Ratenzahlung brauchen, sehen wir uns das gemeinsam an.',
    closing:
      'Ich fasse zusammen, was wir vereinbart haben; Sie erhalten es auch schriftlich. Vielen Dank für Ihre Zeit und einen schönen Tag.',
  },
  en: {
    greeting: 'Good day, this is {{agentName}} from {{agencyName}}, calling on behalf of {{brandName}}.',
    identityCheck: 'Am I speaking with {{debtorName}}? For your security, could you confirm your date of birth or your address?',
    reason: 'I am calling about your file {{caseReference}} with {{brandName}}: {{amountDue}} is still outstanding.',
    paymentOptions:
      'You can pay by {{paymentOptions}}. I can also send you the payment link: {{paymentLink}}. If you need a payment plan, we can look at that together.',
    closing: 'Let me sum up what we agreed; you will also receive it in writing. Thank you for your time and have a good day.',
  },
};

export interface BrandCallScripts {
  name: string;
  languages: readonly Language[];
  /** The brand's own scripts; a section left out falls back to the default. */
  scripts?: Partial<Record<Language, Partial<CallScript>>>;
}

/** The script for a debtor's language: the brand's own where it has one, the default otherwise. */
export function callScriptFor(brand: BrandCallScripts, debtorLanguage: string): { language: Language; script: CallScript } {
  const language = communicationLanguage(debtorLanguage, brand.languages);
  return { language, script: { ...DEFAULT_CALL_SCRIPTS[language], ...(brand.scripts?.[language] ?? {}) } };
}

export function renderCallScript(script: CallScript, values: CallScriptValues): CallScript {
  const rendered = {} as CallScript;
  for (const section of CALL_SCRIPT_SECTIONS) {
    try {
      // Spoken text, not HTML: no escaping. Strict: a missing placeholder throws.
      rendered[section] = Handlebars.compile(script[section], { noEscape: true, strict: true })(values);
    } catch (error) {
      throw new Error(`call script section ${section}: ${(error as Error).message}`);
    }
  }
  return rendered;
}

/** Values for every placeholder, only to try a script out. */
const TRIAL_VALUES: CallScriptValues = {
  brandName: 'Brand',
  agencyName: 'Agency',
  agentName: 'Agent',
  debtorName: 'Debtor',
  caseReference: 'REF',
  amountDue: '€ 1,00',
  paymentOptions: 'transfer',
  paymentLink: 'https://pay.example',
};

export interface CallScriptProblem {
  section: CallScriptSection;
  /** The unknown placeholder, when that is the problem. */
  placeholder?: string;
  reason: string;
}

/**
 * What is wrong with a brand's own sections, found by rendering each with the renderer agents
 * use (strict) and a value for every known placeholder: each unknown placeholder, by name, and
 * any template that does not parse. An empty section would leave the agent without words.
 */
export function callScriptProblems(sections: Partial<CallScript>): CallScriptProblem[] {
  const problems: CallScriptProblem[] = [];
  for (const section of CALL_SCRIPT_SECTIONS) {
    const source = sections[section];
    if (source === undefined) continue;
    if (!source.trim()) {
      problems.push({ section, reason: 'is empty' });
      continue;
    }
    // Each unknown placeholder in turn: once named, it gets a value so the next one shows.
    const values: Record<string, string> = { ...TRIAL_VALUES };
    for (let found = 0; found < 50; found++) {
      try {
        renderCallScript({ ...DEFAULT_CALL_SCRIPTS.en, [section]: source }, values as unknown as CallScriptValues);
        break;
      } catch (error) {
        const message = (error as Error).message;
        const unknown = /"([^"]+)" not defined/.exec(message)?.[1];
        if (!unknown || unknown in values) {
          problems.push({ section, reason: message.replace(/^call script section \w+: /, '') });
          break;
        }
        problems.push({
          section,
          placeholder: unknown,
          reason: `unknown placeholder {{${unknown}}}; known: ${Object.keys(TRIAL_VALUES).join(', ')}`,
        });
        values[unknown] = '';
      }
    }
  }
  return problems;
}
