import { Injectable, OnModuleInit } from '@nestjs/common';
import { BrandCreated, CaseClosed, CaseOpened, ClaimPlaced, ClaimRecalled, ClientOnboarded, topics } from '@amicus/events';
import { on } from '@amicus/messaging';
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
    const p = this.portfolios;
    // The consumer has validated each payload against its event's schema before a handler runs.
    this.messaging.consume(
      'portfolio',
      [topics.clients, topics.cases],
      [
        on(ClientOnboarded, (e, m) => p.clientOnboarded(e, m)),
        on(BrandCreated, (e, m) => p.brandCreated(e, m)),
        on(CaseOpened, (e, m) => p.caseOpened(e, m)),
        on(ClaimPlaced, (e, m) => p.claimPlaced(e, m)),
        on(ClaimRecalled, (e, m) => p.claimRecalled(e, m)),
        on(CaseClosed, (e, m) => p.caseClosed(e, m)),
      ],
    );
  }
}
