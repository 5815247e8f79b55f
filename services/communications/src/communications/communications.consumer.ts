import { Injectable, OnModuleInit } from '@nestjs/common';
import {
  CaseOpened,
  CaseOpenedV1,
  ClaimPlaced,
  ClaimPlacedV1,
  CommunicationRequested,
  CommunicationRequestedV1,
  DebtorUpdated,
  DebtorUpdatedV1,
  EventEnvelope,
  topics,
} from '@amicus/events';
import { Messaging } from '@amicus/service-runtime';
import { CaseContactsService } from '../case-contacts/case-contacts.service';
import { CommunicationsService } from './communications.service';

/**
 * Thin: the cases topic, in one consumer so that a case's CaseOpened is always handled before
 * the CommunicationRequested about it (same key, same partition, same order).
 */
@Injectable()
export class CommunicationsConsumer implements OnModuleInit {
  constructor(
    private readonly messaging: Messaging,
    private readonly contacts: CaseContactsService,
    private readonly communications: CommunicationsService,
  ) {}

  onModuleInit(): void {
    this.messaging.consume('cases', [topics.cases], {
      [CaseOpened.type]: (e, m) => this.contacts.caseOpened(e as EventEnvelope<CaseOpenedV1>, m),
      [DebtorUpdated.type]: async (e, m) => {
        await this.contacts.debtorUpdated(e as EventEnvelope<DebtorUpdatedV1>, m);
        await this.communications.debtorUpdated(e as EventEnvelope<DebtorUpdatedV1>, m);
      },
      [ClaimPlaced.type]: (e, m) => this.contacts.claimPlaced(e as EventEnvelope<ClaimPlacedV1>, m),
      [CommunicationRequested.type]: (e, m) => this.communications.requested(e as EventEnvelope<CommunicationRequestedV1>, m),
    });
  }
}
