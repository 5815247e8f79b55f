import { Injectable } from '@nestjs/common';
import { Clock } from '@amicus/calendar';
import { DomainError, isDomainError } from '@amicus/errors';
import { CommunicationContextService } from '../communication-context/communication-context.service';
import { previewTemplate } from '../rendering/preview';
import type { TemplateChannel, TemplateKind, TemplateLanguage, TemplatePartsByChannel } from './template-kinds';
import { templateChecks } from './template-mentions';
import { readTemplateDraft, type TemplateDraftInput } from './template-draft';
import type { TemplatePreviewModel } from './template.model';
import { TemplatesService } from './templates.service';

/** What is rendered: a template's key and its parts (a saved version's, or a draft's). */
interface ToRender {
  brandId: string | null;
  kind: TemplateKind;
  language: TemplateLanguage;
  channel: TemplateChannel;
  parts: Record<string, string>;
}

/**
 * Previews of a saved version and of an unsaved draft, by one path: the parts are checked and
 * rendered by `previewTemplate` (the legal mentions and forbidden variables of `templateChecks`,
 * as activation checks them) for the sample case or a real case of the template's brand; a
 * letter's PDF is printed when asked for (TemplatePreviewPdfResolver).
 */
@Injectable()
export class TemplatePreviews {
  constructor(
    private readonly templates: TemplatesService,
    private readonly contexts: CommunicationContextService,
    private readonly clock: Clock,
  ) {}

  async ofVersion(versionId: string, caseId: string | null): Promise<TemplatePreviewModel> {
    const v = await this.templates.get(versionId);
    return this.render(v, caseId, 'caseId');
  }

  /** An unsaved text, rendered exactly as it would be once saved (refused as readTemplateDraft refuses). */
  async ofDraft(input: TemplateDraftInput & { brandId?: string | null; caseId?: string | null }): Promise<TemplatePreviewModel> {
    const draft = readTemplateDraft(input);
    const brandId = input.brandId ?? null;
    if (brandId && !(await this.templates.brandExists(brandId)))
      throw new DomainError('not_found', `no brand ${brandId}`, [{ field: 'input.brandId', reason: 'no such brand' }]);
    return this.render(
      { ...draft, brandId, parts: draft.parts as unknown as Record<string, string> },
      input.caseId ?? null,
      'input.caseId',
    );
  }

  private async render(t: ToRender, caseId: string | null, caseField: string): Promise<TemplatePreviewModel> {
    const context = caseId ? await this.caseContext(t, caseId, caseField) : undefined;
    const result = previewTemplate(t.channel, t.parts as unknown as TemplatePartsByChannel[typeof t.channel], {
      language: t.language,
      context,
      ...templateChecks(t.kind, t.channel),
    });
    const p = result.preview;
    return {
      channel: t.channel,
      valid: result.validation.valid,
      problems: result.validation.issues.map((i) => ({
        code: i.code,
        message: i.message,
        variable: i.variable ?? null,
        mentionId: i.mentionId ?? null,
        line: i.line ?? null,
      })),
      subject: p?.channel === 'email' ? p.email.subject : null,
      html: p?.channel === 'email' ? p.email.html : p?.channel === 'letter' ? p.letter.html : null,
      text: p?.channel === 'email' ? p.email.text : p?.channel === 'sms' ? p.sms.text : null,
      smsSegments: p?.channel === 'sms' ? p.sms.segments : null,
      smsEncoding: p?.channel === 'sms' ? p.sms.encoding : null,
      ...(p?.channel === 'letter' && { letter: p.letter }),
    };
  }

  /** A real case's context; a brand's template only for that brand's cases (as a send would use it). */
  private async caseContext(t: ToRender, caseId: string, field: string) {
    try {
      const { context, contact } = await this.contexts.forCase({
        caseId,
        kind: t.kind,
        language: t.language,
        channel: t.channel,
        amounts: null,
        now: this.clock.now(),
      });
      if (t.brandId && contact.brandId !== t.brandId)
        throw DomainError.invalid([{ field, reason: "the case is another brand's: a brand's template is previewed with its own cases" }]);
      return context;
    } catch (error) {
      if (isDomainError(error) && error.code === 'not_found' && field !== 'caseId')
        throw new DomainError(
          error.code,
          error.message,
          error.problems.map((p) => (p.field === 'caseId' ? { ...p, field } : p)),
        );
      throw error;
    }
  }
}
