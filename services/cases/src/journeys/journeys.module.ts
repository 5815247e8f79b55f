import { Module } from '@nestjs/common';
import { TenantDatabase } from '../tenancy/tenant-database';
import { JourneyScheduler } from './journey-scheduler';
import { CaseJourneyResolver, JourneyMigrationResolver, OutgoingResolver, SimulationResolver } from './journeys.resolver';
import { JourneysService } from './journeys.service';
import { ReactionsConsumer } from './reactions.consumer';
import { SimulationService } from './simulation.service';

@Module({
  providers: [
    TenantDatabase,
    JourneyScheduler,
    JourneysService,
    ReactionsConsumer,
    SimulationService,
    OutgoingResolver,
    SimulationResolver,
    CaseJourneyResolver,
    JourneyMigrationResolver,
  ],
  exports: [JourneyScheduler, JourneysService],
})
export class JourneysModule {}
