import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CallLogged, CommunicationSent, CommunicationSentV2, CommunicationSentV3, topics } from '@amicus/events';
import { on } from '@amicus/messaging';
import { Messaging } from '@amicus/service-runtime';
import { ContactRecord, contactOfCall, contactOfCommunication } from './contact-history';

/** Thin: the communications events the case file keeps its contact history from (idempotently). */
@Injectable()
export class ContactHistoryConsumer implements OnModuleInit {
  constructor(private readonly messaging: Messaging) {}

  onModuleInit(): void {
    this.messaging.consume(
      'contact-history',
      [topics.communications],
      [
        // @2 adds the pre-due reminder; an @1 payload is an @2 one (earlier sends, replays).
        on(CommunicationSent, (e, m) => record(m, contactOfCommunication(e.payload))),
        on(CommunicationSentV2, (e, m) => record(m, contactOfCommunication(e.payload))),
        // @3: a payment plan's course (its reminders and notices count as contacts).
        on(CommunicationSentV3, (e, m) => record(m, contactOfCommunication(e.payload))),
        on(CallLogged, (e, m) => record(m, contactOfCall(e.payload))),
      ],
    );
  }
}

async function record(m: EntityManager, contact: ContactRecord | null): Promise<void> {
  if (!contact) return;
  await m.query(
    `INSERT INTO cases.contact_history (id, case_id, kind, channel, at, complete) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
    [contact.id, contact.caseId, contact.kind, contact.channel, contact.at, contact.complete],
  );
}
