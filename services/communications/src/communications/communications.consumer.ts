import { Injectable, OnModuleInit } from '@nestjs/common';
import {
  CaseClosed,
  CaseHeld,
  CaseHoldReleased,
  CaseOpened,
  CasePhaseChanged,
  ClaimPlaced,
  ClaimsPlaced,
  ClaimRecalled,
  CommunicationRequested,
  CommunicationRequestedV2,
  CommunicationRequestedV3,
  DebtorUpdated,
  PayLinkIssued,
  topics,
} from '@amicus/events';
import { on } from '@amicus/messaging';
import { Messaging } from '@amicus/service-runtime';
import { CaseContactsService } from '../case-contacts/case-contacts.service';
import { CaseChangesService } from './case-changes.service';
import { CommunicationsService } from './communications.service';

/**
 * Thin: the cases topic, in one consumer so that a case's CaseOpened is always handled before
 * the CommunicationRequested about it, and a request before the case's closing, hold or recall
 * that follows it (same key, same partition, same order).
 */
@Injectable()
export class CommunicationsConsumer implements OnModuleInit {
  constructor(
    private readonly messaging: Messaging,
    private readonly contacts: CaseContactsService,
    private readonly communications: CommunicationsService,
    private readonly caseChanges: CaseChangesService,
  ) {}

  onModuleInit(): void {
    this.messaging.consume(
      'cases',
      [topics.cases],
      [
        on(CaseOpened, (e, m) => this.contacts.caseOpened(e, m)),
        on(DebtorUpdated, async (e, m) => {
          await this.contacts.debtorUpdated(e, m);
          await this.communications.debtorUpdated(e, m);
        }),
        on(ClaimPlaced, (e, m) => this.contacts.claimPlaced(e, m)),
        on(ClaimsPlaced, (e, m) => this.contacts.claimsPlaced(e, m)),
        // @1 until every producer sends @2 (which adds the pre-due reminder): one handler for both.
        on(CommunicationRequested, (e, m) => this.communications.requested(e, m)),
        on(CommunicationRequestedV2, (e, m) => this.communications.requested(e, m)),
        on(CommunicationRequestedV3, (e, m) => this.communications.requested(e, m)),
        on(CaseHeld, (e, m) => this.caseChanges.caseHeld(e, m)),
        on(CaseHoldReleased, (e, m) => this.caseChanges.caseHoldReleased(e, m)),
        on(CaseClosed, (e, m) => this.caseChanges.caseClosed(e, m)),
        on(ClaimRecalled, (e, m) => this.caseChanges.claimRecalled(e, m)),
        on(PayLinkIssued, (e, m) => this.contacts.payLinkIssued(e, m)),
        on(CasePhaseChanged, (e, m) => this.contacts.casePhaseChanged(e, m)),
      ],
    );
  }
}
