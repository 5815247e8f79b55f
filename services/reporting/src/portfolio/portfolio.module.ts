import { Module } from '@nestjs/common';
import { CollectionsModule } from '../collections/collections.module';
import { PortfolioConsumer } from './portfolio.consumer';
import { PortfolioResolver } from './portfolio.resolver';
import { PortfolioService } from './portfolio.service';

@Module({ imports: [CollectionsModule], providers: [PortfolioService, PortfolioResolver, PortfolioConsumer] })
export class PortfolioModule {}
