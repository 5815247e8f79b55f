import { readConfig } from '@amicus/config';
import { agencyConfigSpec, runtimeConfigSpec } from '@amicus/service-runtime';

/** The billing service's environment: the common subgraph variables and the agency's calendar. */
export const readBillingConfig = (env: NodeJS.ProcessEnv = process.env) =>
  readConfig({ ...agencyConfigSpec, ...runtimeConfigSpec(4003) }, env);
export type BillingConfig = ReturnType<typeof readBillingConfig>;
