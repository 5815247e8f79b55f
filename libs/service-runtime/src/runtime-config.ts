import { DEV_SECRETS } from '@amicus/auth';
import { timeZoneOfCountry } from '@amicus/calendar';
import { int, readConfig, str, timeZone, url } from '@amicus/config';

/** What every subgraph reads from its environment; a service adds its own on top. */
export function runtimeConfigSpec(defaultPort: number) {
  return {
    PORT: int('HTTP port of this subgraph', defaultPort, { min: 1, max: 65535 }),
    HOST: str('address to listen on', '127.0.0.1'),
    DATABASE_URL: url('PostgreSQL connection URL', 'postgres://postgres@127.0.0.1:5432/amicus', ['postgres', 'postgresql']),
    KAFKA_BROKERS: str('comma-separated Kafka bootstrap brokers', '127.0.0.1:9092'),
    KAFKA_TOPIC_PREFIX: str('prefix of every topic name, to run two installations on one broker (e.g. "test.")', ''),
    KAFKA_GROUP_PREFIX: str('prefix of consumer group ids, to run two installations on one broker', ''),
    GATEWAY_SECRET: str('secret shared by the gateway and the subgraphs', DEV_SECRETS.gateway),
    JWT_SECRET: str('secret that signs user tokens', DEV_SECRETS.jwt),
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
