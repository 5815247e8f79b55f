import { topics } from '@amicus/events';
import { RuntimeConfig, subgraphModule } from '@amicus/service-runtime';
import { PortfolioModule } from './portfolio/portfolio.module';
import { REPORTING_SCHEMA, reportingSchema } from './reporting-schema';

export { REPORTING_SCHEMA };

export const AppModule = subgraphModule<RuntimeConfig>({
  service: 'reporting',
  ...reportingSchema,
  topics: [topics.clients, topics.cases],
  features: [PortfolioModule],
});
