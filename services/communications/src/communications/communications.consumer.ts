import { Injectable, OnModuleInit } from '@nestjs/common';
import { CaseOpened, ClaimPlaced, CommunicationRequested, DebtorUpdated, topics } from '@amicus/events';
import { on } from '@amicus/messaging';
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
        on(CommunicationRequested, (e, m) => this.communications.requested(e, m)),
      ],
    );
  }
}
