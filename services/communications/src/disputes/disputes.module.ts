import { Module } from '@nestjs/common';
import { CaseContactsModule } from '../case-contacts/case-contacts.module';
import { DisputeNoticesService } from './dispute-notices.service';
import { DisputesConsumer } from './disputes.consumer';

@Module({ imports: [CaseContactsModule], providers: [DisputeNoticesService, DisputesConsumer] })
export class DisputesModule {}
