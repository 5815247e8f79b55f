import { Clock } from '@amicus/calendar';
import { topics } from '@amicus/events';
import { subgraphModule } from '@amicus/service-runtime';
import { AgreementsModule } from './agreements/agreements.module';
import { LedgerModule } from './ledger/ledger.module';
import { RemittancesModule } from './remittances/remittances.module';
import { InvoicesModule } from './invoices/invoices.module';
import { BILLING_SCHEMA, billingSchema } from './billing-schema';
import {
  AGENCY_LOOK,
  agencyLookOf,
  type BillingConfig,
  INVOICE_DELIVERY,
  INVOICE_SELLER,
  invoiceDeliveryOf,
  invoiceSellerOf,
  PAYOUT_ACCOUNT,
  payoutAccountOf,
} from './config';

export { BILLING_SCHEMA };

export const AppModule = subgraphModule<BillingConfig>({
  service: 'billing',
  ...billingSchema,
  topics: [topics.billing, topics.clients, topics.cases, topics.communications],
  features: [AgreementsModule, LedgerModule, RemittancesModule, InvoicesModule],
  providers: (config) => [
    // The agency's clock: fees and reversals are booked on the days of its calendar.
    { provide: Clock, useValue: new Clock(config.AMICUS_AGENCY_TIME_ZONE) },
    // The trust account remittances are paid from.
    { provide: PAYOUT_ACCOUNT, useValue: payoutAccountOf(config) },
    { provide: AGENCY_LOOK, useValue: agencyLookOf(config) },
    // The agency as the seller on its invoices, and where they are sent through.
    { provide: INVOICE_SELLER, useValue: invoiceSellerOf(config) },
    { provide: INVOICE_DELIVERY, useValue: invoiceDeliveryOf(config) },
  ],
});
