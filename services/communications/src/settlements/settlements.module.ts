import { Module } from '@nestjs/common';
import { CommunicationsModule } from '../communications/communications.module';
import { OfferNoticesService } from './offer-notices.service';
import { SettlementsConsumer } from './settlements.consumer';

@Module({
  imports: [CommunicationsModule],
  providers: [OfferNoticesService, SettlementsConsumer],
})
export class SettlementsModule {}
