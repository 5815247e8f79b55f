import { Module } from '@nestjs/common';
import { CaseContactsModule } from '../case-contacts/case-contacts.module';
import { CommunicationsModule } from '../communications/communications.module';
import { DisputeHoldsService } from './dispute-holds.service';
import { DisputeNoticesService } from './dispute-notices.service';
import { DisputesConsumer } from './disputes.consumer';

@Module({ imports: [CaseContactsModule, CommunicationsModule], providers: [DisputeNoticesService, DisputeHoldsService, DisputesConsumer] })
export class DisputesModule {}
