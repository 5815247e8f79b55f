import { Module } from '@nestjs/common';
import { CaseContactsModule } from '../case-contacts/case-contacts.module';
import { CommunicationContextModule } from '../communication-context/communication-context.module';
import { TemplatesModule } from '../templates/templates.module';
import { ChannelAdapters } from './channel-adapters';
import { CommunicationsConsumer } from './communications.consumer';
import { CommunicationsResolver } from './communications.resolver';
import { CommunicationsScheduler } from './communications.scheduler';
import { CommunicationsService } from './communications.service';

@Module({
  imports: [CaseContactsModule, CommunicationContextModule, TemplatesModule],
  providers: [ChannelAdapters, CommunicationsService, CommunicationsScheduler, CommunicationsConsumer, CommunicationsResolver],
  exports: [CommunicationsService],
})
export class CommunicationsModule {}
