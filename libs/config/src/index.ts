export { readConfig, ConfigError, str, int, url, bool, timeZone } from './config';
export type { ConfigSpec, ConfigOf } from './config';
