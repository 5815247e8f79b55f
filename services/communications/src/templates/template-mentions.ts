/**
 * The legal mentions a template must carry before a version may be activated. A template is
 * chosen by brand, kind, language and channel, not by the debtor's jurisdiction, so one version
 * must satisfy every jurisdiction and debtor kind it may be sent under: the union of the legal
 * engine's required mentions (BE and NL, consumer and business) for its kind.
 * SMS carries no mentions: it announces, the letter or e-mail it refers to is the reminder.
 */
import { requiredMentions } from '@amicus/legal';
import type { TemplateChannel, TemplateKind } from './template-kinds';
import type { RequiredMention } from './template-validation';

const JURISDICTIONS = [
  { country: 'BE', debtorKind: 'consumer' },
  { country: 'BE', debtorKind: 'business' },
  { country: 'NL', debtorKind: 'consumer' },
  { country: 'NL', debtorKind: 'business' },
] as const;

const DOCUMENT_KINDS = ['first_reminder', 'reminder', 'formal_notice', 'final_notice'] as const;
type DocumentKind = (typeof DOCUMENT_KINDS)[number];
const isDocumentKind = (kind: TemplateKind): kind is DocumentKind => (DOCUMENT_KINDS as readonly string[]).includes(kind);

export function templateMentions(kind: TemplateKind, channel: TemplateChannel): RequiredMention[] {
  if (channel === 'sms' || !isDocumentKind(kind)) return [];
  const byId = new Map<string, RequiredMention>();
  for (const j of JURISDICTIONS) {
    for (const mention of requiredMentions({ ...j, documentKind: kind })) byId.set(mention.id, mention);
  }
  return [...byId.values()];
}
