import { Injectable, OnModuleInit } from '@nestjs/common';
import {
  BrandCreated,
  CaseClosed,
  CaseOpened,
  CasePhaseChanged,
  ClaimPlaced,
  ClaimsPlaced,
  ClaimRecalled,
  ClientOnboarded,
  DisputeResolved,
  PaymentAllocated,
  PaymentReversed,
} from '@amicus/events';
import { on } from '@amicus/messaging';
import { Messaging } from '@amicus/service-runtime';
import { PortfolioService } from './portfolio.service';
import { CollectionsService } from '../collections/collections.service';
import { PORTFOLIO_CONSUMER } from '../rebuild/rebuild';

/**
 * Thin: the events reporting keeps its portfolios from, handed to the services idempotently.
 * One consumer group for the case's events and its money, so a case's payments come after its
 * opening and claims, in the order of its partition.
 */
@Injectable()
export class PortfolioConsumer implements OnModuleInit {
  constructor(
    private readonly messaging: Messaging,
    private readonly portfolios: PortfolioService,
    private readonly collections: CollectionsService,
  ) {}

  onModuleInit(): void {
    const p = this.portfolios;
    const c = this.collections;
    // The consumer has validated each payload against its event's schema before a handler runs.
    this.messaging.consume(PORTFOLIO_CONSUMER.name, PORTFOLIO_CONSUMER.topics, [
      on(ClientOnboarded, (e, m) => p.clientOnboarded(e, m)),
      on(BrandCreated, (e, m) => p.brandCreated(e, m)),
      on(CaseOpened, (e, m) => p.caseOpened(e, m)),
      on(ClaimPlaced, (e, m) => p.claimPlaced(e, m)),
      on(ClaimsPlaced, (e, m) => p.claimsPlaced(e, m)),
      on(ClaimRecalled, (e, m) => p.claimRecalled(e, m)),
      on(CasePhaseChanged, (e, m) => p.casePhaseChanged(e, m)),
      on(CaseClosed, (e, m) => p.caseClosed(e, m)),
      on(DisputeResolved, (e, m) => p.disputeResolved(e, m)),
      on(PaymentAllocated, (e, m) => c.paymentAllocated(e, m)),
      on(PaymentReversed, (e, m) => c.paymentReversed(e, m)),
    ]);
  }
}
