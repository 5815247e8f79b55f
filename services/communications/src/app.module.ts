import { topics } from '@amicus/events';
import { subgraphModule } from '@amicus/service-runtime';
import { BrandLooksModule } from './brand-looks/brand-looks.module';
import { BrandLookEntity } from './brand-looks/brand-look.entity';
import { CallsModule } from './calls/calls.module';
import { CaseContactEntity } from './case-contacts/case-contact.entity';
import { CommunicationsModule } from './communications/communications.module';
import { DisputesModule } from './disputes/disputes.module';
import { Clock } from '@amicus/calendar';
import { COMMUNICATIONS_CONFIG, type CommunicationsConfig } from './config';
import { OptOutsModule } from './opt-outs/opt-outs.module';
import { PayPageModule } from './pay-page/pay-page.module';
import { SettlementsModule } from './settlements/settlements.module';
import { TemplatesModule } from './templates/templates.module';
import { FirstSlice1764000000000 } from './migrations/1764000000000-first-slice';
import { Communications1764100000000 } from './migrations/1764100000000-communications';
import { CallScripts1764200000000 } from './migrations/1764200000000-call-scripts';
import { PrintBatches1764300000000 } from './migrations/1764300000000-print-batches';
import { CaseStanding1764600000000 } from './migrations/1764600000000-case-standing';
import { PayLinks1764700000000 } from './migrations/1764700000000-pay-links';
import { PlanNotices1764800000000 } from './migrations/1764800000000-plan-notices';
import { PlanNoticesModule } from './plan-notices/plan-notices.module';
import { CasePhase1765000000000 } from './migrations/1765000000000-case-phase';
import { MessagingHousekeeping1765300000000 } from './migrations/1765300000000-messaging-housekeeping';

export const COMMUNICATIONS_SCHEMA = 'communications';

export const AppModule = subgraphModule<CommunicationsConfig>({
  service: 'communications',
  schema: COMMUNICATIONS_SCHEMA,
  entities: [BrandLookEntity, CaseContactEntity],
  migrations: [
    FirstSlice1764000000000,
    Communications1764100000000,
    CallScripts1764200000000,
    PrintBatches1764300000000,
    CaseStanding1764600000000,
    PayLinks1764700000000,
    PlanNotices1764800000000,
    CasePhase1765000000000,
    MessagingHousekeeping1765300000000,
  ],
  topics: [topics.communications, topics.cases, topics.clients],
  features: [
    BrandLooksModule,
    TemplatesModule,
    CommunicationsModule,
    CallsModule,
    OptOutsModule,
    PayPageModule,
    DisputesModule,
    PlanNoticesModule,
    SettlementsModule,
  ],
  // The service's configuration and clock, for every feature module.
  providers: (config) => [
    { provide: COMMUNICATIONS_CONFIG, useValue: config },
    { provide: Clock, useValue: new Clock(config.AMICUS_AGENCY_TIME_ZONE) },
  ],
});
