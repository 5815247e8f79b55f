import { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { graphql } from 'graphql';

/** `main.js --print-sdl`: the service prints the SDL it serves and exits, without starting. */
export const PRINT_SDL_FLAG = '--print-sdl';

/**
 * The SDL a subgraph answers to `{ _service { sdl } }` (federation directives, @key, @link),
 * from the very app module it runs, without Postgres or Kafka: in Nest's preview mode the
 * module tree is scanned but only GraphQLModule (allow-listed for preview) is instantiated and
 * initialised, so the schema is generated from the same resolvers with the same options while
 * no database, broker or feature provider is touched. The answer is then asked of that schema.
 */
export async function subgraphSdl(appModule: DynamicModule): Promise<string> {
  const app = await NestFactory.createApplicationContext(appModule, { preview: true, logger: false, abortOnError: false });
  try {
    const { schema } = app.get(GraphQLSchemaHost);
    const result = await graphql({ schema, source: '{ _service { sdl } }' });
    const service = result.data?._service;
    if (result.errors?.length || !isServiceAnswer(service)) {
      throw new Error(`the subgraph schema does not answer _service.sdl: ${result.errors?.map((e) => e.message).join('; ') ?? 'no sdl'}`);
    }
    return service.sdl;
  } finally {
    await app.close();
  }
}

function isServiceAnswer(value: unknown): value is { sdl: string } {
  return typeof value === 'object' && value !== null && 'sdl' in value && typeof value.sdl === 'string';
}
