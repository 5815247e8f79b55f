import { int, readConfig, str } from '@amicus/config';
import { agencyConfigSpec, runtimeConfigSpec } from '@amicus/service-runtime';

/** The cases service's environment: the agency's facts, the common subgraph variables, the first admin, the scheduler. */
export const casesConfigSpec = {
  ...agencyConfigSpec,
  ...runtimeConfigSpec(4001),
  AMICUS_ADMIN_EMAIL: str('e-mail of the agency admin created on first start', 'admin@amicus.local'),
  AMICUS_ADMIN_PASSWORD: str('password of that first agency admin', 'amicus-admin'),
  AMICUS_SCHEDULER_INTERVAL_MS: int(
    'how often the scheduler moves the due journeys along, in ms; 0 = only when asked (amicus scheduler run)',
    60_000,
    { max: 86_400_000 },
  ),
};

export type CasesConfig = ReturnType<typeof readCasesConfig>;
export const readCasesConfig = (env: NodeJS.ProcessEnv = process.env) => readConfig(casesConfigSpec, env);
export const CASES_CONFIG = Symbol('cases-config');
