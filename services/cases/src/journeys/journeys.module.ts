import { Module } from '@nestjs/common';
import { TenantDatabase } from '../tenancy/tenant-database';
import { JourneyScheduler } from './journey-scheduler';
import { CaseJourneyResolver, OutgoingResolver } from './journeys.resolver';
import { JourneysService } from './journeys.service';

@Module({
  providers: [TenantDatabase, JourneyScheduler, JourneysService, OutgoingResolver, CaseJourneyResolver],
  exports: [JourneyScheduler, JourneysService],
})
export class JourneysModule {}
