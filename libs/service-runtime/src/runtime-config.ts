import { DEV_SECRETS, SecretSetting, adminPasswordProblem, isProduction, secretProblems } from '@amicus/auth';
import { timeZoneOfCountry } from '@amicus/calendar';
import { ConfigError, int, readConfig, str, timeZone, url } from '@amicus/config';

/** What every subgraph reads from its environment; a service adds its own on top. */
export function runtimeConfigSpec(defaultPort: number) {
  return {
    NODE_ENV: str('production refuses development secrets and turns introspection and the landing page off', 'development'),
    PORT: int('HTTP port of this subgraph', defaultPort, { min: 1, max: 65535 }),
    HOST: str('address to listen on', '127.0.0.1'),
    DATABASE_URL: url('PostgreSQL connection URL', 'postgres://postgres@127.0.0.1:5432/amicus', ['postgres', 'postgresql']),
    KAFKA_BROKERS: str('comma-separated Kafka bootstrap brokers', '127.0.0.1:9092'),
    KAFKA_TOPIC_PREFIX: str('prefix of every topic name, to run two installations on one broker (e.g. "test.")', ''),
    KAFKA_GROUP_PREFIX: str('prefix of consumer group ids, to run two installations on one broker', ''),
    KAFKA_SSL: str('TLS to the brokers: "true", or empty for plain TCP (a local broker)', ''),
    KAFKA_SSL_CA_FILE: str("PEM file of the CA that signed the brokers' certificates (empty: the system CAs)", ''),
    KAFKA_SASL_MECHANISM: str('SASL mechanism: plain, scram-sha-256 or scram-sha-512 (empty: no SASL)', ''),
    KAFKA_SASL_USERNAME: str('SASL user name', ''),
    KAFKA_SASL_PASSWORD: str('SASL password', ''),
    GATEWAY_ASSERTION_PUBLIC_KEY: str(
      "the gateway's Ed25519 public key (base64 SPKI DER or PEM): verifies its assertions; the subgraph holds no key that signs one",
      DEV_SECRETS.gatewayPublicKey,
    ),
  };
}

/**
 * The agency's own facts, read alike by every service that needs them: the calendar it counts
 * its days in, and its FPS Economy registration (BE-A-1) — the development default is not a
 * real one; set both in production.
 */
export const agencyConfigSpec = {
  AMICUS_AGENCY_TIME_ZONE: timeZone(
    "the agency's calendar: holds, ages and placement dates count its days; default the zone of Belgium",
    timeZoneOfCountry('BE'),
  ),
  AMICUS_AGENCY_REGISTRATION: str(
    "the agency's FPS Economy registration (BE-A-1): given to the legal engine, printed on every communication; empty = none",
    'FOD Economie 0987.654.312/2024',
  ),
};

export type RuntimeConfig = ReturnType<typeof readRuntimeConfig>;

export function readRuntimeConfig(defaultPort: number, env: NodeJS.ProcessEnv = process.env) {
  return readConfig(runtimeConfigSpec(defaultPort), env);
}

/**
 * The settings that hold a key, by name and purpose, wherever a service's or the gateway's
 * configuration has them: one list, so a new service's secret is checked as soon as it uses one
 * of these names.
 */
const SECRET_SETTINGS: Omit<SecretSetting, 'value'>[] = [
  { name: 'JWT_SECRET', purpose: 'sessions' },
  { name: 'GATEWAY_ASSERTION_PRIVATE_KEY', purpose: 'gateway-assertion', kind: 'ed25519-private' },
  { name: 'GATEWAY_ASSERTION_PUBLIC_KEY', purpose: 'gateway-assertion', kind: 'ed25519-public' },
  { name: 'PAY_LINK_SECRET', purpose: 'payment-links' },
  { name: 'MESSAGING_RECEIPT_SECRET', purpose: 'webhooks' },
];

/**
 * What production refuses in a read configuration, each line naming its setting: development or
 * short secrets, one key for two purposes, the development admin password. Outside production
 * (the tests, `npm start`) nothing: the defaults work on one machine.
 */
export function productionConfigProblems(config: Record<string, unknown>): string[] {
  if (!isProduction(typeof config.NODE_ENV === 'string' ? config.NODE_ENV : undefined)) return [];
  const settings = SECRET_SETTINGS.flatMap((s) => (typeof config[s.name] === 'string' ? [{ ...s, value: config[s.name] as string }] : []));
  const problems = secretProblems(settings);
  if (typeof config.AMICUS_ADMIN_PASSWORD === 'string') {
    const problem = adminPasswordProblem('AMICUS_ADMIN_PASSWORD', config.AMICUS_ADMIN_PASSWORD);
    if (problem) problems.push(problem);
  }
  return problems;
}

/** Stops a start in production on a setting production refuses (a ConfigError naming each). */
export function assertProductionConfig(config: Record<string, unknown>): void {
  const problems = productionConfigProblems(config);
  if (problems.length) throw new ConfigError(problems);
}
