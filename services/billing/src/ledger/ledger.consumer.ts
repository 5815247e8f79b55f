import { Injectable, OnModuleInit } from '@nestjs/common';
import {
  CallLogged,
  CaseClosed,
  CaseOpened,
  ClaimPlaced,
  ClaimsPlaced,
  ClientOnboarded,
  CommunicationSent,
  CommunicationSentV2,
  CommunicationSentV3,
  PaymentAllocated,
  PaymentReceived,
  PaymentReversed,
  topics,
} from '@amicus/events';
import { on } from '@amicus/messaging';
import { Messaging } from '@amicus/service-runtime';
import { LedgerPostingsService } from './ledger-postings.service';

/** Thin: the cases' (and the letters' and calls') events the trust ledger is posted from, handed to the postings idempotently. */
@Injectable()
export class LedgerConsumer implements OnModuleInit {
  constructor(
    private readonly messaging: Messaging,
    private readonly postings: LedgerPostingsService,
  ) {}

  onModuleInit(): void {
    const p = this.postings;
    // The consumer has validated each payload against its event's schema before a handler runs.
    this.messaging.consume(
      'ledger',
      [topics.clients, topics.cases, topics.communications],
      [
        on(ClientOnboarded, (e, m) => p.clientOnboarded(e, m)),
        on(CaseOpened, (e, m) => p.caseOpened(e, m)),
        on(ClaimPlaced, (e, m) => p.claimPlaced(e, m)),
        on(ClaimsPlaced, (e, m) => p.claimsPlaced(e, m)),
        on(CaseClosed, (e, m) => p.caseClosed(e, m)),
        on(PaymentReceived, (e, m) => p.paymentReceived(e, m)),
        on(PaymentAllocated, (e, m) => p.paymentAllocated(e, m)),
        on(PaymentReversed, (e, m) => p.paymentReversed(e, m)),
        on(CommunicationSent, (e, m) => p.communicationSent(e, m)),
        on(CommunicationSentV2, (e, m) => p.communicationSent(e, m)),
        // @3: a payment plan's course (its letters cost the client a letter like any other).
        on(CommunicationSentV3, (e, m) => p.communicationSent(e, m)),
        on(CallLogged, (e, m) => p.callLogged(e, m)),
      ],
    );
  }
}
