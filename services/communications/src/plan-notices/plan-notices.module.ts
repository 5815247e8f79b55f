import { Module } from '@nestjs/common';
import { CaseContactsModule } from '../case-contacts/case-contacts.module';
import { PlanNoticesConsumer } from './plan-notices.consumer';
import { PlanNoticesService } from './plan-notices.service';

@Module({
  imports: [CaseContactsModule],
  providers: [PlanNoticesService, PlanNoticesConsumer],
})
export class PlanNoticesModule {}
