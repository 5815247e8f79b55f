import { Module } from '@nestjs/common';
import { CaseContactsModule } from '../case-contacts/case-contacts.module';
import { CommunicationContextModule } from '../communication-context/communication-context.module';
import { TemplatesModule } from '../templates/templates.module';
import { CaseChangesService } from './case-changes.service';
import { ChannelAdapters } from './channel-adapters';
import { CommunicationEvents } from './communication-events';
import { CommunicationReadsService } from './communication-reads.service';
import { CommunicationRenderer } from './communication-renderer';
import { CommunicationsConsumer } from './communications.consumer';
import { CommunicationsResolver } from './communications.resolver';
import { CommunicationsScheduler } from './communications.scheduler';
import { CommunicationsService } from './communications.service';
import { DeliveryReceiptsService } from './delivery-receipts.service';
import { PrintBatchesService } from './print-batches.service';
import { SendingService } from './sending.service';
import { TemplatePreviewPdfResolver } from './template-preview-pdf.resolver';

@Module({
  imports: [CaseContactsModule, CommunicationContextModule, TemplatesModule],
  providers: [
    ChannelAdapters,
    CommunicationEvents,
    CommunicationRenderer,
    CommunicationsService,
    CaseChangesService,
    SendingService,
    PrintBatchesService,
    DeliveryReceiptsService,
    CommunicationReadsService,
    CommunicationsScheduler,
    CommunicationsConsumer,
    CommunicationsResolver,
    TemplatePreviewPdfResolver,
  ],
  exports: [CommunicationsService, SendingService, ChannelAdapters],
})
export class CommunicationsModule {}
