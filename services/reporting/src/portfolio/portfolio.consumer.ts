import { Injectable, OnModuleInit } from '@nestjs/common';
import {
  BrandCreated,
  BrandCreatedV1,
  CaseClosed,
  CaseClosedV1,
  CaseOpened,
  CaseOpenedV1,
  ClaimPlaced,
  ClaimPlacedV1,
  ClaimRecalled,
  ClaimRecalledV1,
  ClientOnboarded,
  ClientOnboardedV1,
  EventEnvelope,
  topics,
} from '@amicus/events';
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
    this.messaging.consume('portfolio', [topics.clients, topics.cases], {
      [ClientOnboarded.type]: (e, m) => p.clientOnboarded(e as EventEnvelope<ClientOnboardedV1>, m),
      [BrandCreated.type]: (e, m) => p.brandCreated(e as EventEnvelope<BrandCreatedV1>, m),
      [CaseOpened.type]: (e, m) => p.caseOpened(e as EventEnvelope<CaseOpenedV1>, m),
      [ClaimPlaced.type]: (e, m) => p.claimPlaced(e as EventEnvelope<ClaimPlacedV1>, m),
      [ClaimRecalled.type]: (e, m) => p.claimRecalled(e as EventEnvelope<ClaimRecalledV1>, m),
      [CaseClosed.type]: (e, m) => p.caseClosed(e as EventEnvelope<CaseClosedV1>, m),
    });
  }
}
