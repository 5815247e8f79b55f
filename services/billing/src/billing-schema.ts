import type { ServiceSchema } from '@amicus/service-runtime';
import { AgreementEntity } from './agreements/agreement.entity';
import { FirstSlice1764000000000 } from './migrations/1764000000000-first-slice';
import { Ledger1765300000000 } from './migrations/1765300000000-ledger';
import { Remittances1765310000000 } from './migrations/1765310000000-remittances';
import { Invoices1765320000000 } from './migrations/1765320000000-invoices';
import { RowLevelSecurity1765330000000 } from './migrations/1765330000000-row-level-security';
import { MessagingHousekeeping1765350000000 } from './migrations/1765350000000-messaging-housekeeping';
import { InvoiceRowLevelSecurity1765360000000 } from './migrations/1765360000000-invoice-row-level-security';
import { VatRounding1765370000000 } from './migrations/1765370000000-vat-rounding';

export const BILLING_SCHEMA = 'billing';

/** The billing schema's entities and migrations, in order; the service and its tests share them. */
export const billingSchema: ServiceSchema = {
  schema: BILLING_SCHEMA,
  entities: [AgreementEntity],
  migrations: [
    FirstSlice1764000000000,
    Ledger1765300000000,
    Remittances1765310000000,
    Invoices1765320000000,
    RowLevelSecurity1765330000000,
    MessagingHousekeeping1765350000000,
    InvoiceRowLevelSecurity1765360000000,
    VatRounding1765370000000,
  ],
};
