import { topics } from '@amicus/events';
import { subgraphModule } from '@amicus/service-runtime';
import { Clock } from '@amicus/calendar';
import type { ReportingConfig } from './config';
import { PortfolioModule } from './portfolio/portfolio.module';
import { CollectionsModule } from './collections/collections.module';
import { RootCausesModule } from './root-causes/root-causes.module';
import { REPORTING_SCHEMA, reportingSchema } from './reporting-schema';

export { REPORTING_SCHEMA };

export const AppModule = subgraphModule<ReportingConfig>({
  service: 'reporting',
  ...reportingSchema,
  topics: [topics.clients, topics.cases],
  features: [PortfolioModule, CollectionsModule, RootCausesModule],
  providers: (config) => [
    // The agency's clock: a claim's placement day and a case's days past due count the days of its calendar.
    { provide: Clock, useValue: new Clock(config.AMICUS_AGENCY_TIME_ZONE) },
  ],
});
