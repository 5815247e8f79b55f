import { Module } from '@nestjs/common';
import { PortfolioConsumer } from './portfolio.consumer';
import { PortfolioResolver } from './portfolio.resolver';
import { PortfolioService } from './portfolio.service';

@Module({ providers: [PortfolioService, PortfolioResolver, PortfolioConsumer] })
export class PortfolioModule {}
