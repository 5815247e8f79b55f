import { timeZoneOfCountry } from '@amicus/calendar';
import { int, readConfig, str, timeZone } from '@amicus/config';
import { runtimeConfigSpec } from '@amicus/service-runtime';

/** The cases service's environment: the common subgraph variables plus the first admin. */
export const casesConfigSpec = {
  ...runtimeConfigSpec(4001),
  AMICUS_ADMIN_EMAIL: str('e-mail of the agency admin created on first start', 'admin@amicus.local'),
  AMICUS_ADMIN_PASSWORD: str('password of that first agency admin', 'amicus-admin'),
  AMICUS_AGENCY_TIME_ZONE: timeZone(
    "the agency's calendar: holds, ages and placement dates count its days; default the zone of Belgium, the agency's jurisdiction",
    timeZoneOfCountry('BE'),
  ),
  AMICUS_SCHEDULER_INTERVAL_MS: int(
    'how often the scheduler moves the due journeys along, in ms; 0 = only when asked (amicus scheduler run)',
    60_000,
    { max: 86_400_000 },
  ),
  AMICUS_AGENCY_REGISTRATION: str("the agency's FPS Economy registration (BE-A-1), given to the legal engine; empty = none", ''),
};

export type CasesConfig = ReturnType<typeof readCasesConfig>;
export const readCasesConfig = (env: NodeJS.ProcessEnv = process.env) => readConfig(casesConfigSpec, env);
export const CASES_CONFIG = Symbol('cases-config');
