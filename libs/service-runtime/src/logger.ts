import { LoggerService } from '@nestjs/common';
import pino from 'pino';

/** JSON log lines on stdout, one logger per service, named by the service. */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): pino.Logger {
  // Synchronous writes: the last lines of a shutdown must reach the log before the process exits.
  return pino(
    { name: service, level, base: { service }, timestamp: pino.stdTimeFunctions.isoTime },
    pino.destination({ dest: 1, sync: true }),
  );
}

/** Nest's logger interface over pino, so framework messages are JSON too. */
export class JsonLogger implements LoggerService {
  constructor(private readonly pino: pino.Logger) {}
  log(message: unknown, context?: string): void {
    this.pino.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.pino.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.pino.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.pino.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.pino.trace({ context }, String(message));
  }
}

/** The messaging libs' logger shape, backed by pino. */
export function messagingLogger(log: pino.Logger) {
  return {
    info: (msg: string, ctx?: object) => log.info(ctx ?? {}, msg),
    warn: (msg: string, ctx?: object) => log.warn(ctx ?? {}, msg),
    error: (msg: string, ctx?: object) => log.error(ctx ?? {}, msg),
  };
}
