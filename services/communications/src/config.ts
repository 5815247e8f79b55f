import { bool, int, readConfig, str, url } from '@amicus/config';
import { DEV_SECRETS } from '@amicus/auth';
import { agencyConfigSpec, runtimeConfigSpec } from '@amicus/service-runtime';

/**
 * The communications service's environment. Every default works on one machine: in development
 * nothing listens on the SMTP port or the messaging provider URL, so sends fail visibly (retried,
 * then failed with their reason) instead of crashing the service.
 */
export const communicationsConfigSpec = {
  ...agencyConfigSpec,
  ...runtimeConfigSpec(4002),
  SMTP_HOST: str('SMTP relay host for e-mail', '127.0.0.1'),
  SMTP_PORT: int('SMTP relay port', 2525, { min: 1, max: 65535 }),
  SMTP_SECURE: bool('implicit TLS to the relay (port 465)', false),
  SMTP_IGNORE_TLS: bool(
    'plain SMTP without STARTTLS: honoured for a relay on this machine only (the test server); any other host gets STARTTLS, required',
    true,
  ),
  SMTP_USER: str('SMTP user (empty: no authentication)', ''),
  SMTP_PASSWORD: str('SMTP password', ''),
  REGISTERED_SMTP_HOST: str('registered e-mail provider relay host (empty: the SMTP relay)', ''),
  REGISTERED_SMTP_PORT: int('registered e-mail provider relay port (0: the SMTP relay port)', 0, { min: 0, max: 65535 }),
  REGISTERED_DSN_ADDRESS: str('envelope sender that receives the delivery status notifications of registered e-mail', 'dsn@amicus.local'),
  MESSAGING_BASE_URL: url('SMS/WhatsApp provider base URL', 'http://127.0.0.1:4099', ['http', 'https']),
  MESSAGING_API_KEY: str('SMS/WhatsApp provider API key', 'amicus-dev-messaging-key'),
  MESSAGING_RECEIPT_SECRET: str('secret the provider signs delivery receipts with (HMAC-SHA256)', DEV_SECRETS.receipts),
  MESSAGING_CALLBACK_URL: url('public URL of our delivery-receipt webhook', 'http://127.0.0.1:4002/webhooks/messaging/receipts', [
    'http',
    'https',
  ]),
  PRINT_OUTPUT_DIR: str('directory the print house collects letter batches from', '.data/print'),
  PRINT_BATCH_INTERVAL_MS: int('how often the open print batch is closed and handed over', 60_000, { min: 100 }),
  PDF_POOL_SIZE: int('Chromium pages kept for letter PDFs (the browser starts with the first letter)', 2, { min: 1, max: 16 }),
  CHROMIUM_PATH: str('Chromium executable for letter PDFs', '/usr/bin/chromium'),
  SCHEDULER_INTERVAL_MS: int('how often due communications (requested, scheduled, retries) are picked up', 1000, { min: 50 }),
  RETRY_BASE_DELAY_MS: int('first retry delay of a failed channel', 60_000, { min: 1 }),
  RETRY_MAX_DELAY_MS: int('longest retry delay', 6 * 60 * 60_000, { min: 1 }),
  RETRY_MAX_ATTEMPTS: int('attempts per channel before falling back or giving up', 4, { min: 1, max: 50 }),
  AGENCY_NAME: str('agency name on every communication', 'Amicus Incasso NV'),
  AGENCY_EMAIL: str(
    'the agency’s own e-mail address: the sender of what goes to its clients (a dispute to answer)',
    'kantoor@amicus.example',
  ),
  AGENCY_ENTERPRISE_NUMBER: str('agency enterprise number', 'BE 0987.654.312'),
  AGENCY_ADDRESS: str('agency address, lines separated by |', 'Wetstraat 100|1040 Brussel'),
  AGENCY_SUPERVISOR: str(
    'supervising administration contact details',
    'FOD Economie, Algemene Directie Economische Inspectie, Koning Albert II-laan 16, 1000 Brussel, eco.inspec.fo@economie.fgov.be',
  ),
  AGENCY_IBAN: str('third-party account debtors pay into when the brand has none', 'BE68539007547034'),
  AGENCY_BIC: str('BIC of the agency account', 'GKCCBEBB'),
  PAYMENT_LINK_BASE: url(
    "base of the pay links: the debtor's page (the gateway serves the web app there); the case's token follows it",
    'http://127.0.0.1:4000/pay',
    ['http', 'https'],
  ),
  PAY_LINK_SECRET: str(
    "key of the short pay-link codes of cases opened before pay links (its own: not the sessions' key)",
    DEV_SECRETS.payLink,
  ),
};

export type CommunicationsConfig = ReturnType<typeof readCommunicationsConfig>;

export const readCommunicationsConfig = (env: NodeJS.ProcessEnv = process.env) => readConfig(communicationsConfigSpec, env);

/** Nest injection token of the service's configuration. */
export const COMMUNICATIONS_CONFIG = Symbol('communications-config');
