import { Module } from '@nestjs/common';
import { CommunicationContextModule } from '../communication-context/communication-context.module';
import { TemplatesResolver } from './templates.resolver';
import { TemplatePreviews } from './template-previews.service';
import { TemplatesService } from './templates.service';

@Module({
  imports: [CommunicationContextModule],
  providers: [TemplatesService, TemplatePreviews, TemplatesResolver],
  exports: [TemplatesService],
})
export class TemplatesModule {}
