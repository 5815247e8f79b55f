import { isValidBIC, isValidIBAN } from 'ibantools';
import { bool, int, readConfig, str } from '@amicus/config';
import { agencyConfigSpec, runtimeConfigSpec } from '@amicus/service-runtime';

/** A variable of the environment read as text (the shape @amicus/config reads). */
interface TextVar {
  doc: string;
  default: string;
  parse: (raw: string) => string;
}

const iban = (doc: string, dflt: string): TextVar => ({
  doc,
  default: dflt,
  parse: (raw) => {
    const v = raw.replace(/\s+/g, '').toUpperCase();
    if (!isValidIBAN(v)) throw new Error('is not a valid IBAN');
    return v;
  },
});
const bic = (doc: string, dflt: string): TextVar => ({
  doc,
  default: dflt,
  parse: (raw) => {
    if (raw !== '' && !isValidBIC(raw)) throw new Error('is not a valid BIC (or empty)');
    return raw;
  },
});

/** The billing service's environment: the common subgraph variables, the agency's calendar and its trust account. */
export const billingConfigSpec = {
  ...agencyConfigSpec,
  ...runtimeConfigSpec(4003),
  AMICUS_AGENCY_NAME: str("the agency's name, as the payer of remittances in the payout file", 'Amicus Incasso'),
  AMICUS_AGENCY_COLOUR: str("the agency's colour on the statements it sends (#rrggbb)", '#1f4e79'),
  AMICUS_TRUST_IBAN: iban("the agency's trust (third-party money) account that remittances are paid from", 'BE71096123456769'),
  AMICUS_TRUST_BIC: bic("the trust account's bank BIC; empty writes NOTPROVIDED in the payout file", 'GKCCBEBB'),
  // The agency as the seller on its invoices to clients (src/invoices).
  AMICUS_AGENCY_VAT_NUMBER: str("the agency's Belgian VAT number on its invoices (BE + enterprise number)", 'BE0765432146'),
  AMICUS_AGENCY_STREET: str("the agency's street and number on its invoices", 'Wetstraat 16'),
  AMICUS_AGENCY_POSTAL_CODE: str("the agency's postal code on its invoices", '1000'),
  AMICUS_AGENCY_CITY: str("the agency's city on its invoices", 'Brussel'),
  AMICUS_INVOICE_EMAIL: str('the address invoices are e-mailed from (and the seller contact in the UBL)', 'billing@amicus.example'),
  AMICUS_OPERATING_IBAN: iban("the agency's own account its invoices are paid to", 'BE68539007547034'),
  AMICUS_OPERATING_BIC: bic("the operating account's bank BIC (or empty)", ''),
  SMTP_HOST: str('SMTP relay host the invoices are e-mailed through', '127.0.0.1'),
  SMTP_PORT: int('SMTP relay port', 2525, { min: 1, max: 65535 }),
  SMTP_SECURE: bool('implicit TLS to the relay (port 465)', false),
  SMTP_IGNORE_TLS: bool(
    'plain SMTP without STARTTLS: honoured for a relay on this machine only (the test server); any other host gets STARTTLS, required',
    true,
  ),
  SMTP_USER: str('SMTP user (empty: no authentication)', ''),
  SMTP_PASSWORD: str('SMTP password', ''),
  PEPPOL_AP_URL: str("the Peppol access point's API (src/invoices/peppol-access-point.ts)", 'http://127.0.0.1:8790'),
  PEPPOL_AP_TOKEN: str("the bearer token of the agency's account at the access point", 'local-dev-token'),
};

export const readBillingConfig = (env: NodeJS.ProcessEnv = process.env) => readConfig(billingConfigSpec, env);
export type BillingConfig = ReturnType<typeof readBillingConfig>;

/** Where remittances are paid from (the payout file's debtor). */
export const PAYOUT_ACCOUNT = Symbol('billing-payout-account');
export const payoutAccountOf = (c: BillingConfig) => ({
  name: c.AMICUS_AGENCY_NAME,
  iban: c.AMICUS_TRUST_IBAN,
  bic: c.AMICUS_TRUST_BIC || null,
});

/** The agency's look on its statements. */
export const AGENCY_LOOK = Symbol('billing-agency-look');
export interface AgencyLook {
  name: string;
  colour: string;
}
export const agencyLookOf = (c: BillingConfig): AgencyLook => ({ name: c.AMICUS_AGENCY_NAME, colour: c.AMICUS_AGENCY_COLOUR });

/** The agency as the seller on its invoices. */
export const INVOICE_SELLER = Symbol('billing-invoice-seller');
export const invoiceSellerOf = (c: BillingConfig) => ({
  name: c.AMICUS_AGENCY_NAME,
  vatNumber: c.AMICUS_AGENCY_VAT_NUMBER,
  enterpriseNumber: c.AMICUS_AGENCY_VAT_NUMBER.replace(/^BE/, ''),
  street: c.AMICUS_AGENCY_STREET,
  postalCode: c.AMICUS_AGENCY_POSTAL_CODE,
  city: c.AMICUS_AGENCY_CITY,
  countryCode: 'BE',
  email: c.AMICUS_INVOICE_EMAIL,
  iban: c.AMICUS_OPERATING_IBAN,
  bic: c.AMICUS_OPERATING_BIC || null,
});

/** Where invoices are delivered through: the SMTP relay and the Peppol access point. */
export const INVOICE_DELIVERY = Symbol('billing-invoice-delivery');
export const invoiceDeliveryOf = (c: BillingConfig) => ({
  smtp: {
    host: c.SMTP_HOST,
    port: c.SMTP_PORT,
    secure: c.SMTP_SECURE,
    ignoreTLS: c.SMTP_IGNORE_TLS,
    auth: c.SMTP_USER ? { user: c.SMTP_USER, pass: c.SMTP_PASSWORD } : undefined,
  },
  from: c.AMICUS_INVOICE_EMAIL,
  accessPoint: { url: c.PEPPOL_AP_URL, token: c.PEPPOL_AP_TOKEN },
});
