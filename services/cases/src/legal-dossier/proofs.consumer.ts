import { Injectable, OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  CallLogged,
  CommunicationDelivered,
  CommunicationFailed,
  CommunicationSent,
  CommunicationSentV2,
  CommunicationSentV3,
  topics,
  type CallLoggedV1,
  type CommunicationSentV2 as SentV2,
  type CommunicationSentV3 as CommunicationSentV3Payload,
} from '@amicus/events';
import { on } from '@amicus/messaging';
import { Messaging } from '@amicus/service-runtime';

/**
 * Thin: what communications sent and logged on each case, with its proof, mirrored from its
 * events for the court dossier (idempotently: an event handled twice changes nothing).
 */
@Injectable()
export class DossierProofsConsumer implements OnModuleInit {
  constructor(private readonly messaging: Messaging) {}

  onModuleInit(): void {
    this.messaging.consume(
      'dossier-proofs',
      [topics.communications],
      [
        on(CommunicationSent, (e, m) => sent(m, e.payload)),
        on(CommunicationSentV2, (e, m) => sent(m, e.payload)),
        // @3: a payment plan's course (instalment reminders, missed, completed): in the history too.
        on(CommunicationSentV3, (e, m) => sent(m, e.payload)),
        on(CommunicationDelivered, (e, m) =>
          m.query(`UPDATE cases.communication_proofs SET delivered_at = $2 WHERE id = $1 AND delivered_at IS NULL`, [
            e.payload.communicationId,
            e.payload.deliveredAt,
          ]),
        ),
        on(CommunicationFailed, (e, m) =>
          m.query(`UPDATE cases.communication_proofs SET failed_at = $2, failure = $3 WHERE id = $1`, [
            e.payload.communicationId,
            e.payload.failedAt,
            e.payload.reason,
          ]),
        ),
        on(CallLogged, (e, m) => call(m, e.payload)),
      ],
    );
  }
}

async function sent(m: EntityManager, e: SentV2 | CommunicationSentV3Payload): Promise<void> {
  await m.query(
    `INSERT INTO cases.communication_proofs (id, case_id, kind, channel, language, recipient, sent_at, provider_message_id, template_version_id, sha256)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING`,
    [
      e.communicationId,
      e.caseId,
      e.kind,
      e.channel,
      e.language,
      e.recipient,
      e.sentAt,
      e.providerMessageId,
      e.templateVersionId,
      e.sha256 ?? null,
    ],
  );
}

async function call(m: EntityManager, e: CallLoggedV1): Promise<void> {
  await m.query(
    `INSERT INTO cases.call_records (id, case_id, agent_id, number, direction, outcome, at, promise, note)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9) ON CONFLICT (id) DO NOTHING`,
    [e.callId, e.caseId, e.agentId, e.number, e.direction, e.outcome, e.at, e.promise ? JSON.stringify(e.promise) : null, e.note],
  );
}
