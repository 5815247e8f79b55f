import { DynamicModule, ForwardReference, Global, InjectionToken, Module, Provider, Type } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { ApolloFederationDriver, ApolloFederationDriverConfig } from '@nestjs/apollo';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { TypeOrmModule } from '@nestjs/typeorm';
import type pino from 'pino';
import { SUBGRAPH_QUERY_LIMITS, namingTokenLimit, parseOptionsFor, queryLimitRules } from '@amicus/query-limits';
import { contextFromRequest, formatError } from './graphql-context';
import { dataSourceOptions } from './database';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { Messaging, RUNTIME, RuntimeContext, kafkaSecurityOf } from './messaging';
import type { RuntimeConfig } from './runtime-config';
import type { ServiceSchema } from './service-database';

export interface SubgraphOptions extends ServiceSchema {
  service: string;
  config: RuntimeConfig;
  log: pino.Logger;
  topics: string[];
  /** The service's own values every feature module may inject (its configuration, its clock). */
  providers?: Provider[];
}

/**
 * What every subgraph has: its Postgres schema through TypeORM (migrations on start), an
 * Apollo Federation v2 code-first schema, the event bus (outbox, relay, consumers) and /health.
 * A service's AppModule (built by `subgraphModule`) imports this and its feature modules, nothing else.
 */
@Global()
@Module({})
export class SubgraphRuntimeModule {
  static forRoot(opts: SubgraphOptions): DynamicModule {
    const runtime: RuntimeContext = {
      service: opts.service,
      schema: opts.schema,
      kafkaBrokers: opts.config.KAFKA_BROKERS.split(',').map((b) => b.trim()),
      groupPrefix: opts.config.KAFKA_GROUP_PREFIX,
      topicPrefix: opts.config.KAFKA_TOPIC_PREFIX,
      log: opts.log,
      topics: opts.topics,
      kafkaSecurity: kafkaSecurityOf(opts.config),
    };
    return {
      module: SubgraphRuntimeModule,
      imports: [
        TypeOrmModule.forRoot(
          dataSourceOptions({
            url: opts.config.DATABASE_URL,
            schema: opts.schema,
            entities: opts.entities,
            migrations: opts.migrations,
          }),
        ),
        GraphQLModule.forRoot<ApolloFederationDriverConfig>({
          driver: ApolloFederationDriver,
          autoSchemaFile: { federation: 2 },
          sortSchema: true,
          playground: false,
          // Off in production: the gateway composes from the committed supergraph (`_service` still answers).
          introspection: opts.config.NODE_ENV !== 'production',
          context: contextFromRequest,
          formatError: (formatted, error) => namingTokenLimit(formatError(formatted, error)),
          // What the gateway lets through, with room for its `_entities` wrapper.
          validationRules: queryLimitRules(SUBGRAPH_QUERY_LIMITS),
          parseOptions: parseOptionsFor(SUBGRAPH_QUERY_LIMITS),
          // No subgraph sets cache hints, and the gateway caches no responses: without this, Apollo's
          // cache-control plugin wraps every field resolver of every request.
          plugins: [ApolloServerPluginCacheControlDisabled()],
        }),
      ],
      controllers: [HealthController, MetricsController],
      providers: [{ provide: RUNTIME, useValue: runtime }, Messaging, ...(opts.providers ?? [])],
      exports: [Messaging, RUNTIME, ...(opts.providers ?? []).map(tokenOf)],
    };
  }
}

const tokenOf = (p: Provider): InjectionToken => ('provide' in p ? p.provide : p);

/** What a service's root module is made of: the runtime's options, its feature modules, its own providers. */
export interface SubgraphModuleOptions<C extends RuntimeConfig> extends Omit<SubgraphOptions, 'config' | 'log' | 'providers'> {
  /** The feature modules, one per domain word. */
  features: (Type<unknown> | DynamicModule | ForwardReference)[];
  /** Values every feature module may inject, made from the service's configuration. */
  providers?: (config: C) => Provider[];
}

/** A service's root module; `AppModule.with(config, log)` is what main.ts and the integration tests start. */
export interface SubgraphAppModule<C extends RuntimeConfig> {
  with(config: C, log: pino.Logger): DynamicModule;
}

/** Builds a service's root module: the subgraph runtime and the service's feature modules, nothing else. */
export function subgraphModule<C extends RuntimeConfig>(opts: SubgraphModuleOptions<C>): SubgraphAppModule<C> {
  const { features, providers, ...runtime } = opts;
  @Module({})
  class AppModule {}
  return {
    with: (config, log) => ({
      module: AppModule,
      imports: [SubgraphRuntimeModule.forRoot({ ...runtime, config, log, providers: providers?.(config) }), ...features],
    }),
  };
}
