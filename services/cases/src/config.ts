import { ConfigError, int, readConfig, str, url } from '@amicus/config';
import { DEV_SECRETS, isProduction } from '@amicus/auth';
import { agencyConfigSpec, runtimeConfigSpec } from '@amicus/service-runtime';

/** The cases service's environment: the agency's facts, the common subgraph variables, the first admin, the scheduler. */
export const casesConfigSpec = {
  ...agencyConfigSpec,
  ...runtimeConfigSpec(4001),
  AMICUS_ADMIN_EMAIL: str('e-mail of the agency admin created on first start', 'admin@amicus.local'),
  AMICUS_ADMIN_PASSWORD: str(
    'password of that first agency admin; in production leave it empty: the first start prints a one-time password',
    DEV_SECRETS.adminPassword,
  ),
  JWT_SECRET: str('secret that signs user tokens (sessions); the gateway verifies them with it', DEV_SECRETS.jwt),
  AMICUS_SCHEDULER_INTERVAL_MS: int(
    'how often the scheduler moves the due journeys along, in ms; 0 = only when asked (amicus scheduler run)',
    60_000,
    { max: 86_400_000 },
  ),
  PAYMENT_PROVIDER: {
    doc: "the payment service provider the debtor's page offers paying online through: none (the bank transfer with its QR code only) or mollie",
    default: 'none' as PaymentProviderSetting,
    parse: (raw: string): PaymentProviderSetting => {
      if (!(PAYMENT_PROVIDER_SETTINGS as readonly string[]).includes(raw))
        throw new Error(`must be one of ${PAYMENT_PROVIDER_SETTINGS.join(', ')}`);
      return raw as PaymentProviderSetting;
    },
  },
  MOLLIE_API_KEY: str("Mollie's API key (test_… or live_…), required with PAYMENT_PROVIDER=mollie", ''),
  MOLLIE_API_URL: url("where Mollie's v2 API is (a local Mollie-protocol server in tests)", 'https://api.mollie.com', ['http', 'https']),
  AMICUS_AGENCY_NAME: str("the agency's name, as the declarant of claims to a debt mediator", 'Amicus Incasso'),
  AMICUS_SETTLEMENT_REGISTER_URL: str(
    'the collective debt settlement register gateway (services/cases/src/debtor-flags/README.md); empty: no register, settlements are flagged by hand',
    '',
  ),
  AMICUS_SETTLEMENT_REGISTER_TOKEN: str("the register gateway's bearer token", ''),
  PUBLIC_BASE_URL: url(
    "the gateway's public address: the provider calls its webhook there (/webhooks/<provider>) and sends the debtor back to its pay page (/pay/<token>)",
    'http://127.0.0.1:4000',
    ['http', 'https'],
  ),
};

export const PAYMENT_PROVIDER_SETTINGS = ['none', 'mollie'] as const;
export type PaymentProviderSetting = (typeof PAYMENT_PROVIDER_SETTINGS)[number];

export type CasesConfig = ReturnType<typeof readCasesConfig>;
export function readCasesConfig(env: NodeJS.ProcessEnv = process.env) {
  const config = readConfig(casesConfigSpec, env);
  // Production has no default admin password: unset, the first start generates one and prints it once.
  if (isProduction(config.NODE_ENV) && !env.AMICUS_ADMIN_PASSWORD) config.AMICUS_ADMIN_PASSWORD = '';
  // A provider named needs its credentials: found at start, not at the first debtor's payment.
  if (config.PAYMENT_PROVIDER === 'mollie' && !/^(test|live)_[A-Za-z0-9]+$/.test(config.MOLLIE_API_KEY))
    throw new ConfigError([
      `MOLLIE_API_KEY${config.MOLLIE_API_KEY ? '=' + JSON.stringify(config.MOLLIE_API_KEY.slice(0, 5) + '…') : ''}: PAYMENT_PROVIDER=mollie needs a Mollie API key (test_… or live_…)`,
    ]);
  return config;
}
export const CASES_CONFIG = Symbol('cases-config');
