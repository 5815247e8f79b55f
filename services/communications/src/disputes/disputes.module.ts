import { Module } from '@nestjs/common';
import { CaseContactsModule } from '../case-contacts/case-contacts.module';
import { CommunicationsModule } from '../communications/communications.module';
import { ClientRemindersService } from './client-reminders.service';
import { DisputeHoldsService } from './dispute-holds.service';
import { DisputeNoticesService } from './dispute-notices.service';
import { DisputesConsumer } from './disputes.consumer';

@Module({
  imports: [CaseContactsModule, CommunicationsModule],
  providers: [DisputeNoticesService, DisputeHoldsService, ClientRemindersService, DisputesConsumer],
})
export class DisputesModule {}
