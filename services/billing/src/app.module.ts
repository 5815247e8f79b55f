import { topics } from '@amicus/events';
import { RuntimeConfig, subgraphModule } from '@amicus/service-runtime';
import { AgreementsModule } from './agreements/agreements.module';
import { BILLING_SCHEMA, billingSchema } from './billing-schema';

export { BILLING_SCHEMA };

export const AppModule = subgraphModule<RuntimeConfig>({
  service: 'billing',
  ...billingSchema,
  topics: [topics.billing],
  features: [AgreementsModule],
});
