import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { TemplatePreviewModel } from '../templates/template.model';
import { ChannelAdapters } from './channel-adapters';

/**
 * A letter preview's PDF, printed by the same Chromium pool as the letters that leave (so the
 * preview is what the print house would get). Here rather than with the templates because the
 * pool belongs to the channel adapters.
 */
@Resolver(() => TemplatePreviewModel)
export class TemplatePreviewPdfResolver {
  constructor(private readonly adapters: ChannelAdapters) {}

  @ResolveField(() => String, {
    nullable: true,
    description: "A letter's page as an A4 PDF, base64 (null for e-mail and SMS, or a version that does not render)",
  })
  async pdfBase64(@Parent() preview: TemplatePreviewModel): Promise<string | null> {
    if (!preview.letter) return null;
    return (await this.adapters.renderPdf(preview.letter.html, preview.letter.pdf)).toString('base64');
  }
}
