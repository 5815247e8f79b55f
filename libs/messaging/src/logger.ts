import pino from 'pino';

/** The little the messaging plumbing needs from a logger; pino, Nest's Logger wrapper or a test spy fit. */
export interface Logger {
  info(msg: string, ctx?: object): void;
  warn(msg: string, ctx?: object): void;
  error(msg: string, ctx?: object): void;
}

/** Default: pino, JSON lines on stdout. */
export function defaultLogger(name: string): Logger {
  const log = pino({ name });
  return {
    info: (msg, ctx) => log.info(ctx ?? {}, msg),
    warn: (msg, ctx) => log.warn(ctx ?? {}, msg),
    error: (msg, ctx) => log.error(ctx ?? {}, msg),
  };
}

/** One line describing an error, for logs and the last_error / parked error columns. */
export function errorText(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
