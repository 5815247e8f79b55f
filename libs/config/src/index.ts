export { readConfig, ConfigError, str, int, url, bool } from './config';
export type { ConfigSpec, ConfigOf } from './config';
