import { Clock } from '@amicus/calendar';
import { topics } from '@amicus/events';
import { subgraphModule } from '@amicus/service-runtime';
import { AgreementsModule } from './agreements/agreements.module';
import { LedgerModule } from './ledger/ledger.module';
import { RemittancesModule } from './remittances/remittances.module';
import { BILLING_SCHEMA, billingSchema } from './billing-schema';
import { AGENCY_LOOK, agencyLookOf, type BillingConfig, PAYOUT_ACCOUNT, payoutAccountOf } from './config';

export { BILLING_SCHEMA };

export const AppModule = subgraphModule<BillingConfig>({
  service: 'billing',
  ...billingSchema,
  topics: [topics.billing, topics.clients, topics.cases, topics.communications],
  features: [AgreementsModule, LedgerModule, RemittancesModule],
  providers: (config) => [
    // The agency's clock: fees and reversals are booked on the days of its calendar.
    { provide: Clock, useValue: new Clock(config.AMICUS_AGENCY_TIME_ZONE) },
    // The trust account remittances are paid from.
    { provide: PAYOUT_ACCOUNT, useValue: payoutAccountOf(config) },
    { provide: AGENCY_LOOK, useValue: agencyLookOf(config) },
  ],
});
