/**
 * Preview of any template version, for the sample case of the variable catalog or a real case's
 * context: what the debtor would receive on that channel, before the version is activated.
 * Validation runs alongside so the editor sees the problems next to the result.
 */
import type { TemplateChannel, TemplateLanguage, TemplatePartsByChannel } from '../templates/template-kinds';
import { validateTemplateParts, type TemplateChecks, type TemplateValidation } from '../templates/template-validation';
import { SAMPLE_CONTEXT, type TemplateContext } from '../templates/template-variables';
import { composeEmail, type ComposedEmail } from './email';
import { composeLetter, type LetterDocument } from './letter';
import { composeSms, type ComposedSms } from './sms';

export type Preview =
  { channel: 'email'; email: ComposedEmail } | { channel: 'sms'; sms: ComposedSms } | { channel: 'letter'; letter: LetterDocument };

export interface PreviewResult {
  validation: TemplateValidation;
  /** Null when the version does not validate (it could not render reliably). */
  preview: Preview | null;
}

export function previewTemplate<C extends TemplateChannel>(
  channel: C,
  parts: TemplatePartsByChannel[C],
  options: { language: TemplateLanguage; context?: TemplateContext } & TemplateChecks,
): PreviewResult {
  const validation = validateTemplateParts(parts as unknown as Record<string, string>, {
    requiredMentions: options.requiredMentions,
    forbiddenVariables: options.forbiddenVariables,
  });
  const blocking = validation.issues.filter((issue) => issue.code !== 'missing_mention');
  if (blocking.length) return { validation, preview: null };
  const context = options.context ?? SAMPLE_CONTEXT;
  const { language } = options;
  switch (channel) {
    case 'email':
      return {
        validation,
        preview: { channel, email: composeEmail({ parts: parts as TemplatePartsByChannel['email'], context, language }) },
      };
    case 'sms':
      return {
        validation,
        preview: { channel, sms: composeSms({ source: (parts as TemplatePartsByChannel['sms']).text, context, language }) },
      };
    default:
      return {
        validation,
        preview: {
          channel: 'letter',
          letter: composeLetter({ body: (parts as TemplatePartsByChannel['letter']).html, context, language }),
        },
      };
  }
}
