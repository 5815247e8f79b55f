import { readConfig } from '@amicus/config';
import { runtimeConfigSpec } from '@amicus/service-runtime';

export const readCommunicationsConfig = (env: NodeJS.ProcessEnv = process.env) => readConfig(runtimeConfigSpec(4002), env);
