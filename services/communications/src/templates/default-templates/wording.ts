/**
 * The words of the agency's default templates in one language. Sentences hold Handlebars
 * variables and no HTML, so the same sentence serves the HTML part (escaped) and the text part.
 */
import type { TemplateKind } from '../template-kinds';

/** Which statement a kind prints. */
export type StatementShape = 'full' | 'claims' | 'instalments' | 'amounts' | 'none';

export interface KindWording {
  subject: string;
  paragraphs: string[];
  sms: string;
  statement: StatementShape;
  /** Print the payment instructions: always, only while something is due, or never. */
  payment: 'always' | 'while_due' | 'never';
  /** Print the term's contest notice and consequences (the collection kinds). */
  term: boolean;
}

export interface DefaultWording {
  /** What ends a label in plain text: ':' (French puts a non-breaking space before it). */
  colon?: string;
  greeting: string;
  closing: string;
  /** Asks the debtor to quote the case reference. */
  quoteReference: string;
  signature: string;
  labels: {
    claims: string;
    invoice: string;
    issueDate: string;
    dueDate: string;
    description: string;
    amount: string;
    amounts: string;
    principal: string;
    interest: string;
    damages: string;
    costs: string;
    paid: string;
    total: string;
    breakdown: string;
    instalments: string;
    explanation: string;
    payOnline: string;
    identification: string;
  };
  payment: string;
  /** Said when the term passes unpaid (collection kinds, only when damages would be charged). */
  damagesIfUnpaid: string;
  creditorIdentification: string;
  agencyIdentification: string;
  kinds: Record<TemplateKind, KindWording>;
}

/** `Meir 50, 2000 Antwerpen` from address lines. */
export const inlineAddress = (path: string) => `{{#each ${path}}}{{this}}{{#unless @last}}, {{/unless}}{{/each}}`;
