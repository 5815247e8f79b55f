import { runtimeConfigSpec } from '@amicus/service-runtime';
import { readConfig } from '@amicus/config';

export const readReportingConfig = (env: NodeJS.ProcessEnv = process.env) => readConfig(runtimeConfigSpec(4004), env);
