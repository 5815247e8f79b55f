import { Injectable, Module } from '@nestjs/common';
import type pino from 'pino';
import { SubgraphRuntimeModule, subgraphModule } from './runtime.module';
import { readRuntimeConfig } from './runtime-config';

const SERVICE_CONFIG = 'SERVICE_CONFIG';

@Injectable()
class Clock {}

@Module({})
class FeatureModule {}

describe('subgraphModule', () => {
  const config = readRuntimeConfig(4999, {});
  const log = {} as pino.Logger;
  const AppModule = subgraphModule({
    service: 'billing',
    schema: 'billing',
    entities: [],
    migrations: [],
    topics: ['amicus.billing'],
    features: [FeatureModule],
    providers: (c) => [{ provide: SERVICE_CONFIG, useValue: c }, Clock],
  });

  it('imports the subgraph runtime first, then the feature modules', () => {
    const root = AppModule.with(config, log);
    expect(root.imports).toHaveLength(2);
    expect(root.imports?.[0]).toMatchObject({ module: SubgraphRuntimeModule });
    expect(root.imports?.[1]).toBe(FeatureModule);
  });

  it('provides the service’s own values to every feature module, from its configuration', () => {
    const runtime = AppModule.with(config, log).imports?.[0] as ReturnType<typeof SubgraphRuntimeModule.forRoot>;
    expect(runtime.providers).toEqual(expect.arrayContaining([{ provide: SERVICE_CONFIG, useValue: config }, Clock]));
    expect(runtime.exports).toEqual(expect.arrayContaining([SERVICE_CONFIG, Clock]));
  });
});
