import { readConfig } from '@amicus/config';
import { runtimeConfigSpec } from '@amicus/service-runtime';

export const readBillingConfig = (env: NodeJS.ProcessEnv = process.env) => readConfig(runtimeConfigSpec(4003), env);
