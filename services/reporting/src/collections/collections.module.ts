import { Module } from '@nestjs/common';
import { CollectionsService } from './collections.service';
import { CollectionsReadsService } from './collections-reads.service';
import { CollectionsResolver } from './collections.resolver';

/** Collected money, collection curves per cohort and ageing; its events come through the portfolio consumer (one group keeps a case's events in order). */
@Module({ providers: [CollectionsService, CollectionsReadsService, CollectionsResolver], exports: [CollectionsService] })
export class CollectionsModule {}
