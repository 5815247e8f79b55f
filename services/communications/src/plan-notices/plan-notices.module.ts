import { Module } from '@nestjs/common';
import { CaseContactsModule } from '../case-contacts/case-contacts.module';
import { CommunicationsModule } from '../communications/communications.module';
import { PlanNoticesConsumer } from './plan-notices.consumer';
import { PlanNoticesService } from './plan-notices.service';

@Module({
  imports: [CaseContactsModule, CommunicationsModule],
  providers: [PlanNoticesService, PlanNoticesConsumer],
})
export class PlanNoticesModule {}
