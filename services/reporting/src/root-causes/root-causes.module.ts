import { Module } from '@nestjs/common';
import { RootCausesConsumer } from './root-causes.consumer';
import { RootCausesResolver } from './root-causes.resolver';
import { RootCausesService } from './root-causes.service';

/** The client's root causes: disputes and complaints, from their own consumer group. */
@Module({ providers: [RootCausesService, RootCausesResolver, RootCausesConsumer] })
export class RootCausesModule {}
