import { agencyConfigSpec, runtimeConfigSpec } from '@amicus/service-runtime';
import { readConfig } from '@amicus/config';

/** The reporting service's environment: the agency's calendar (placement days, days past due) and the common subgraph variables. */
export const reportingConfigSpec = { ...agencyConfigSpec, ...runtimeConfigSpec(4004) };

export type ReportingConfig = ReturnType<typeof readReportingConfig>;

export const readReportingConfig = (env: NodeJS.ProcessEnv = process.env) => readConfig(reportingConfigSpec, env);
