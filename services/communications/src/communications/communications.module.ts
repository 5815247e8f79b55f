import { Module } from '@nestjs/common';
import { CaseContactsModule } from '../case-contacts/case-contacts.module';
import { CommunicationContextModule } from '../communication-context/communication-context.module';
import { TemplatesModule } from '../templates/templates.module';
import { ChannelAdapters } from './channel-adapters';
import { CommunicationsConsumer } from './communications.consumer';
import { CommunicationsResolver } from './communications.resolver';
import { CommunicationsScheduler } from './communications.scheduler';
import { CommunicationsService } from './communications.service';
import { TemplatePreviewPdfResolver } from './template-preview-pdf.resolver';

@Module({
  imports: [CaseContactsModule, CommunicationContextModule, TemplatesModule],
  providers: [ChannelAdapters, CommunicationsService, CommunicationsScheduler, CommunicationsConsumer, CommunicationsResolver, TemplatePreviewPdfResolver],
  exports: [CommunicationsService],
})
export class CommunicationsModule {}
