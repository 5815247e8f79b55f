import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { DynamicModule, ValidationError, ValidationPipe } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type pino from 'pino';
import { RuntimeConfig, assertProductionConfig } from './runtime-config';
import { DomainError, FieldProblem } from '@amicus/errors';
import { ensureSchema } from './database';
import { gatewayGuard } from './gateway-guard';
import { DomainErrorFilter } from './domain-error.filter';
import { JsonLogger, createLogger } from './logger';
import type { SubgraphOptions } from './runtime.module';
import { PRINT_SDL_FLAG, subgraphSdl } from './subgraph-sdl';
import { collectProcessMetrics, httpMetrics } from './metrics';

function problemsOf(errors: ValidationError[], prefix = 'input'): FieldProblem[] {
  return errors.flatMap((e) => [
    ...Object.values(e.constraints ?? {}).map((reason) => ({ field: `${prefix}.${e.property}`, reason })),
    ...problemsOf(e.children ?? [], `${prefix}.${e.property}`),
  ]);
}

/** The largest GraphQL request body the gateway reads from anyone (the web app's largest is a few kB). */
export const GRAPHQL_BODY_LIMIT_BYTES = 1024 * 1024;
/** The largest body of a file upload (a placement file travels base64-encoded: 20 MB of file, 27 MB encoded). */
export const UPLOAD_BODY_LIMIT_BYTES = 32 * 1024 * 1024;
/**
 * What a subgraph reads from the gateway, by default: a caller's request and the gateway's own
 * entity fetches (their representations grow with the lists a query asks for). The cases
 * subgraph, which takes the uploads, reads UPLOAD_BODY_LIMIT_BYTES.
 */
export const SUBGRAPH_BODY_LIMIT_BYTES = 8 * 1024 * 1024;

/** Starts one subgraph: schema, app, gateway guard, validation, graceful shutdown, listen. */
export async function bootstrapSubgraph(
  appModule: DynamicModule,
  opts: Pick<SubgraphOptions, 'service' | 'schema' | 'config' | 'log'> & { configure?: ConfigureApp; bodyLimitBytes?: number },
) {
  const { config, log } = opts;
  // Production refuses a development or short secret before anything else happens (each named).
  assertProductionConfig(config);
  await ensureSchema(config.DATABASE_URL, opts.schema);
  const app = await NestFactory.create<NestExpressApplication>(appModule, { logger: new JsonLogger(log) });
  collectProcessMetrics(opts.service);
  app.use(httpMetrics());
  // Before the body parsers (registered when the app initialises), e.g. a webhook that needs the raw body.
  await opts.configure?.(app);
  // The gateway's assertion first: a caller that did not come through it gets no byte of its body read.
  app.use('/graphql', gatewayGuard(config.GATEWAY_ASSERTION_PUBLIC_KEY, opts.service));
  app.useBodyParser('json', { limit: opts.bodyLimitBytes ?? SUBGRAPH_BODY_LIMIT_BYTES });
  app.useGlobalPipes(
    new ValidationPipe({
      transform: true,
      exceptionFactory: (errors) => DomainError.invalid(problemsOf(errors)),
    }),
  );
  app.useGlobalFilters(new DomainErrorFilter());
  app.enableShutdownHooks();
  await app.listen(config.PORT, config.HOST);
  log.info({ port: config.PORT }, `${opts.service} subgraph listening`);
  return app;
}

/** A service's own Express routes, mounted before Nest's body parsers (optional). */
export type ConfigureApp = (app: NestExpressApplication) => void | Promise<void>;

/**
 * The whole of a service's main.ts: read the environment (a bad variable stops the start with
 * its name), build the app module, serve. With `--print-sdl` it prints the SDL it would serve
 * instead (what `npm run schema` commits), touching neither the database nor the broker.
 */
export function runSubgraph<C extends RuntimeConfig>(opts: {
  service: string;
  schema: string;
  readConfig: () => C;
  appModule: (config: C, log: pino.Logger) => DynamicModule;
  configure?: ConfigureApp;
  /** The largest request body it reads (default SUBGRAPH_BODY_LIMIT_BYTES). */
  bodyLimitBytes?: number;
}): void {
  if (process.argv.includes(PRINT_SDL_FLAG)) {
    subgraphSdl(opts.appModule(opts.readConfig(), createLogger(opts.service, 'silent'))).then(
      (sdl) => process.stdout.write(sdl),
      (e) => {
        console.error(e instanceof Error ? e.message : e);
        process.exit(1);
      },
    );
    return;
  }
  const log = createLogger(opts.service);
  Promise.resolve()
    .then(() => {
      const config = opts.readConfig();
      return bootstrapSubgraph(opts.appModule(config, log), {
        service: opts.service,
        schema: opts.schema,
        config,
        log,
        configure: opts.configure,
        bodyLimitBytes: opts.bodyLimitBytes,
      });
    })
    .catch((e) => {
      log.fatal({ err: e instanceof Error ? e.message : String(e) }, `${opts.service} failed to start`);
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    });
}
