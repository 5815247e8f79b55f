/** What a template is for: its kind, its language and the channel it renders for. */
import { COMMUNICATION_KINDS, type CommunicationKind } from '@amicus/contact';

/** A template's kind is the communication's kind (@amicus/contact), under the name the templates use. */
export { COMMUNICATION_KINDS as TEMPLATE_KINDS, type CommunicationKind as TemplateKind } from '@amicus/contact';

/** Belgian debtors are addressed in their own language (nl, fr, de); en for everyone else. */
export const TEMPLATE_LANGUAGES = ['nl', 'fr', 'de', 'en'] as const;
export type TemplateLanguage = (typeof TEMPLATE_LANGUAGES)[number];

export const TEMPLATE_CHANNELS = ['email', 'sms', 'letter'] as const;
export type TemplateChannel = (typeof TEMPLATE_CHANNELS)[number];

/** The Handlebars sources of one template, per channel. */
export interface EmailTemplateParts {
  subject: string;
  /** Body fragment; the e-mail composer wraps it in the brand's look. */
  html: string;
  text: string;
}
export interface SmsTemplateParts {
  text: string;
}
export interface LetterTemplateParts {
  /** Body fragment; the letter page adds letterhead, address window, payment slip and page numbers. */
  html: string;
}
export interface TemplatePartsByChannel {
  email: EmailTemplateParts;
  sms: SmsTemplateParts;
  letter: LetterTemplateParts;
}
export type TemplateParts = TemplatePartsByChannel[TemplateChannel];

/** How each part is rendered: HTML parts escape every value, text parts do not (no HTML there). */
export function partModes(channel: TemplateChannel): Record<string, 'html' | 'text'> {
  switch (channel) {
    case 'email':
      return { subject: 'text', html: 'html', text: 'text' };
    case 'sms':
      return { text: 'text' };
    case 'letter':
      return { html: 'html' };
  }
}

export function isTemplateKind(value: string): value is CommunicationKind {
  return (COMMUNICATION_KINDS as readonly string[]).includes(value);
}
export function isTemplateLanguage(value: string): value is TemplateLanguage {
  return (TEMPLATE_LANGUAGES as readonly string[]).includes(value);
}
