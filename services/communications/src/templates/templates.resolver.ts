import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { GqlContext, requireIdentity, requireRole } from '@amicus/service-runtime';
import { DomainError } from '@amicus/errors';
import { CommunicationContextService } from '../communication-context/communication-context.service';
import { Clock } from '@amicus/calendar';
import { previewTemplate } from '../rendering/preview';
import type { TemplatePartsByChannel } from './template-kinds';
import { templateChecks } from './template-mentions';
import { CreateTemplateVersionInput, TemplatePreviewModel, TemplateVersionModel } from './template.model';
import { StoredTemplateVersion, TemplatesService } from './templates.service';

const toModel = (v: StoredTemplateVersion): TemplateVersionModel => ({
  ...v,
  subject: v.parts.subject ?? null,
  html: v.parts.html ?? null,
  text: v.parts.text ?? null,
});

@Resolver(() => TemplateVersionModel)
export class TemplatesResolver {
  constructor(
    private readonly service: TemplatesService,
    private readonly contexts: CommunicationContextService,
    private readonly clock: Clock,
  ) {}

  @Query(() => [TemplateVersionModel], { description: "A brand's template versions (or the agency default set without brandId)" })
  async templates(
    @Context() ctx: GqlContext,
    @Args('brandId', { type: () => ID, nullable: true }) brandId?: string,
    @Args('kind', { nullable: true }) kind?: string,
    @Args('language', { nullable: true }) language?: string,
  ): Promise<TemplateVersionModel[]> {
    const identity = requireIdentity(ctx);
    if (identity.role !== 'agency_admin' && !(identity.role === 'agent' && brandId && identity.brandIds.includes(brandId))) {
      throw new DomainError('forbidden', 'templates are managed by the agency');
    }
    return (await this.service.list({ brandId: brandId ?? null, kind, language })).map(toModel);
  }

  @Mutation(() => TemplateVersionModel, { description: 'A new draft version of a template (agency admin)' })
  async createTemplateVersion(@Args('input') input: CreateTemplateVersionInput, @Context() ctx: GqlContext): Promise<TemplateVersionModel> {
    const identity = requireRole(ctx, 'agency_admin');
    const { brandId, kind, language, channel, ...parts } = input;
    return toModel(
      await this.service.createVersion({ brandId: brandId ?? null, kind, language, channel, parts }, `user:${identity.subject}`),
    );
  }

  @Mutation(() => TemplateVersionModel, {
    description: 'Activate a version (agency admin); refused with BAD_USER_INPUT listing unknown variables and missing legal mentions',
  })
  async activateTemplateVersion(@Args('id', { type: () => ID }) id: string, @Context() ctx: GqlContext): Promise<TemplateVersionModel> {
    requireRole(ctx, 'agency_admin');
    return toModel(await this.service.activate(id, this.clock.now()));
  }

  @Mutation(() => TemplateVersionModel, {
    description:
      'Retire the active version (agency admin): a brand override falls back to the agency default, the agency default to the built-in set',
  })
  async retireTemplateVersion(
    @Args('versionId', { type: () => ID }) versionId: string,
    @Context() ctx: GqlContext,
  ): Promise<TemplateVersionModel> {
    requireRole(ctx, 'agency_admin');
    return toModel(await this.service.retire(versionId, this.clock.now()));
  }

  @Query(() => TemplatePreviewModel, { description: 'Render any template version for the sample case, or for a real case' })
  async previewTemplate(
    @Args('versionId', { type: () => ID }) versionId: string,
    @Context() ctx: GqlContext,
    @Args('caseId', { type: () => ID, nullable: true }) caseId?: string,
  ): Promise<TemplatePreviewModel> {
    requireRole(ctx, 'agency_admin');
    const version = await this.service.get(versionId);
    const context = caseId
      ? (
          await this.contexts.forCase({
            caseId,
            kind: version.kind,
            language: version.language,
            channel: version.channel,
            amounts: null,
            now: this.clock.now(),
          })
        ).context
      : undefined;
    const result = previewTemplate(version.channel, version.parts as unknown as TemplatePartsByChannel[typeof version.channel], {
      language: version.language,
      context,
      ...templateChecks(version.kind, version.channel),
    });
    const p = result.preview;
    return {
      channel: version.channel,
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
}
