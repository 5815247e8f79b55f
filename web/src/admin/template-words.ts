/**
 * What a template is for, as the communications service names it (its template-kinds: the
 * communication kinds of @amicus/contact, the template languages and channels). The web app
 * reaches no lib, and the API lists no kinds, so the names are repeated here.
 */
export const TEMPLATE_KINDS = [
  'pre_due_reminder',
  'first_reminder',
  'reminder',
  'formal_notice',
  'final_notice',
  'promise_confirmation',
  'payment_plan_confirmation',
  'payment_receipt',
  'dispute_acknowledgement',
] as const;
export const TEMPLATE_LANGUAGES = ['nl', 'fr', 'de', 'en'] as const;
export const TEMPLATE_CHANNELS = ['letter', 'email', 'sms'] as const;
export type TemplateChannel = (typeof TEMPLATE_CHANNELS)[number];

/** The parts a channel's template has, in the order they are edited. */
export const PARTS: Record<TemplateChannel, readonly ('subject' | 'html' | 'text')[]> = {
  letter: ['html'],
  email: ['subject', 'html', 'text'],
  sms: ['text'],
};

export const isChannel = (c: string | null | undefined): c is TemplateChannel =>
  !!c && (TEMPLATE_CHANNELS as readonly string[]).includes(c);

/** The agency default set is the owner without a brand; the URL calls it "agency". */
export const AGENCY = 'agency';
