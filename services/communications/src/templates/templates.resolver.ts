import { Args, Context, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { GqlContext, requireIdentity, requireRole } from '@amicus/service-runtime';
import { DomainError } from '@amicus/errors';
import { Clock } from '@amicus/calendar';
import {
  CreateTemplateVersionInput,
  DefaultTemplateModel,
  TemplateDraftPreviewInput,
  TemplatePreviewModel,
  TemplateVersionModel,
} from './template.model';
import { TemplatePreviews } from './template-previews.service';
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
    private readonly previews: TemplatePreviews,
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
    return this.previews.ofVersion(versionId, caseId ?? null);
  }

  @Query(() => TemplatePreviewModel, {
    description:
      'Render an unsaved template text as a saved version renders (agency admin), with the legal mentions check; a syntax error is BAD_USER_INPUT on its field with its line and column',
  })
  async templateDraftPreview(@Args('input') input: TemplateDraftPreviewInput, @Context() ctx: GqlContext): Promise<TemplatePreviewModel> {
    requireRole(ctx, 'agency_admin');
    return this.previews.ofDraft(input);
  }

  @Query(() => [DefaultTemplateModel], {
    description:
      "The agency default set a brand's template starts from (agency admin): the agency's active version, else the built-in text",
  })
  async defaultTemplates(
    @Context() ctx: GqlContext,
    @Args('kind', { nullable: true }) kind?: string,
    @Args('language', { nullable: true }) language?: string,
    @Args('channel', { nullable: true }) channel?: string,
  ): Promise<DefaultTemplateModel[]> {
    requireRole(ctx, 'agency_admin');
    return (await this.service.defaults({ kind, language, channel })).map((d) => ({
      ...d,
      subject: d.parts.subject ?? null,
      html: d.parts.html ?? null,
      text: d.parts.text ?? null,
    }));
  }
}
