import { isValidBIC, isValidIBAN } from 'ibantools';
import { readConfig, str } from '@amicus/config';
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
