import { DynamicModule, Global, Module, Type } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { ApolloFederationDriver, ApolloFederationDriverConfig } from '@nestjs/apollo';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DataSourceOptions } from 'typeorm';
import type pino from 'pino';
import { contextFromRequest, formatError } from './graphql-context';
import { dataSourceOptions } from './database';
import { HealthController } from './health.controller';
import { Messaging, RUNTIME, RuntimeContext } from './messaging';
import type { RuntimeConfig } from './runtime-config';

export interface SubgraphOptions {
  service: string;
  schema: string;
  config: RuntimeConfig;
  log: pino.Logger;
  entities: DataSourceOptions['entities'];
  migrations: Type<unknown>[];
  topics: string[];
}

/**
 * What every subgraph has: its Postgres schema through TypeORM (migrations on start), an
 * Apollo Federation v2 code-first schema, the event bus (outbox, relay, consumers) and /health.
 * A service's AppModule imports this and its feature modules, nothing else.
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
          introspection: true,
          context: contextFromRequest,
          formatError,
        }),
      ],
      controllers: [HealthController],
      providers: [{ provide: RUNTIME, useValue: runtime }, Messaging],
      exports: [Messaging, RUNTIME],
    };
  }
}
