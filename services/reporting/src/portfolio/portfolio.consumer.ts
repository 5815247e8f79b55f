import { Injectable, OnModuleInit } from '@nestjs/common';
import { BrandCreated, BrandCreatedV1, ClientOnboarded, ClientOnboardedV1, EventEnvelope, topics } from '@amicus/events';
import { Messaging } from '@amicus/service-runtime';
import { PortfolioService } from './portfolio.service';

/** Thin: the events reporting keeps its portfolios from, handed to the service idempotently. */
@Injectable()
export class PortfolioConsumer implements OnModuleInit {
  constructor(
    private readonly messaging: Messaging,
    private readonly portfolios: PortfolioService,
  ) {}

  onModuleInit(): void {
    // The consumer validates each event against its schema before a handler sees it.
    this.messaging.consume('portfolio', [topics.clients], {
      [ClientOnboarded.type]: (e, m) => this.portfolios.clientOnboarded(e as EventEnvelope<ClientOnboardedV1>, m),
      [BrandCreated.type]: (e, m) => this.portfolios.brandCreated(e as EventEnvelope<BrandCreatedV1>, m),
    });
  }
}
