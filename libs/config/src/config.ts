import { isTimeZone } from '@amicus/calendar';
/**
 * A service's environment, read once at start: every variable has a parser and a default that
 * works on one machine. A bad value stops the start with a message naming the variable.
 */
export interface VarSpec<T> {
  parse(raw: string): T;
  default?: T;
  doc: string;
}

export type ConfigSpec = Record<string, VarSpec<unknown>>;
export type ConfigOf<S extends ConfigSpec> = { [K in keyof S]: S[K] extends VarSpec<infer T> ? T : never };

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

export function readConfig<S extends ConfigSpec>(spec: S, env: NodeJS.ProcessEnv = process.env): ConfigOf<S> {
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(spec)) {
    const raw = env[name];
    if (raw === undefined || raw === '') {
      if (v.default === undefined) problems.push(`${name} is required (${v.doc})`);
      else out[name] = v.default;
      continue;
    }
    try {
      out[name] = v.parse(raw);
    } catch (e) {
      problems.push(`${name}=${JSON.stringify(raw)}: ${(e as Error).message} (${v.doc})`);
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return out as ConfigOf<S>;
}

export const str = (doc: string, dflt?: string): VarSpec<string> => ({ doc, default: dflt, parse: (r) => r });

export const int = (doc: string, dflt?: number, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}): VarSpec<number> => ({
  doc,
  default: dflt,
  parse: (r) => {
    if (!/^-?\d+$/.test(r)) throw new Error('not an integer');
    const n = Number(r);
    if (n < min || n > max) throw new Error(`must be between ${min} and ${max}`);
    return n;
  },
});

export const url = (doc: string, dflt?: string, protocols?: string[]): VarSpec<string> => ({
  doc,
  default: dflt,
  parse: (r) => {
    let u: URL;
    try {
      u = new URL(r);
    } catch {
      throw new Error('not a URL');
    }
    if (protocols && !protocols.includes(u.protocol.replace(/:$/, ''))) {
      throw new Error(`protocol must be one of ${protocols.join(', ')}`);
    }
    return r;
  },
});

export const bool = (doc: string, dflt?: boolean): VarSpec<boolean> => ({
  doc,
  default: dflt,
  parse: (r) => {
    if (/^(1|true|yes)$/i.test(r)) return true;
    if (/^(0|false|no)$/i.test(r)) return false;
    throw new Error('must be true or false');
  },
});

/** An IANA time zone (`Europe/Brussels`), checked against the zones Node knows. */
export const timeZone = (doc: string, dflt?: string): VarSpec<string> => ({
  doc,
  default: dflt,
  parse: (r) => {
    if (!isTimeZone(r)) throw new Error('not an IANA time zone (e.g. Europe/Amsterdam)');
    return r;
  },
});
