/**
 * The legal mentions a template must carry before a version may be activated. A template is
 * chosen by brand, kind, language and channel, not by the debtor's jurisdiction, so one version
 * must satisfy every jurisdiction and debtor kind it may be sent under: the union of the legal
 * engine's required mentions (BE and NL, consumer and business) for its kind.
 * SMS carries no mentions: it announces, the letter or e-mail it refers to is the reminder.
 */
import { isCollectionKind } from '@amicus/contact';
import { requiredMentions } from '@amicus/legal';
import type { TemplateChannel, TemplateKind } from './template-kinds';
import type { ForbiddenVariables, RequiredMention, TemplateChecks } from './template-validation';

const JURISDICTIONS = [
  { country: 'BE', debtorKind: 'consumer' },
  { country: 'BE', debtorKind: 'business' },
  { country: 'NL', debtorKind: 'consumer' },
  { country: 'NL', debtorKind: 'business' },
] as const;

export function templateMentions(kind: TemplateKind, channel: TemplateChannel): RequiredMention[] {
  if (channel === 'sms' || !isCollectionKind(kind)) return [];
  const byId = new Map<string, RequiredMention>();
  for (const j of JURISDICTIONS) {
    for (const mention of requiredMentions({ ...j, documentKind: kind })) byId.set(mention.id, mention);
  }
  return [...byId.values()];
}

/**
 * A pre-due reminder names no charge (nothing is late before the due date, so nothing may be
 * charged or announced): its statement is the principal less what was paid, and a template of
 * it — a brand's override too — may not print interest, damages, costs or their breakdown.
 */
const NO_CHARGES: ForbiddenVariables = {
  variables: ['amounts.interest', 'amounts.damages', 'amounts.costs', 'amounts.damagesIfUnpaid', 'amounts.breakdown'],
  reason: 'has no place in a pre-due reminder: before the due date nothing is late, so it names no interest, damages or costs',
};

/** Everything a template of this kind and channel is checked for before a version is activated or previewed. */
export function templateChecks(kind: TemplateKind, channel: TemplateChannel): TemplateChecks {
  return { requiredMentions: templateMentions(kind, channel), ...(kind === 'pre_due_reminder' && { forbiddenVariables: NO_CHARGES }) };
}
