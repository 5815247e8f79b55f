import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import {
  CommunicationCancelled,
  CommunicationCancelledV2,
  CommunicationDelivered,
  CommunicationFailed,
  CommunicationSentV2,
  CommunicationSentV3,
  createEvent,
  isKindOfV2,
} from '@amicus/events';
import { Messaging } from '@amicus/service-runtime';
import type { Channel, ChannelError } from '../channels/channel';
import type { SendRefused } from '../contact-rules/contact-rules';
import { cancellationOf, type Communication } from './communication';

/** What the sending use cases tell the others, through the outbox in their own transaction. */
@Injectable()
export class CommunicationEvents {
  constructor(private readonly messaging: Messaging) {}

  sent(
    m: EntityManager,
    c: Communication,
    sent: {
      channel: Channel;
      language: string;
      recipient: string;
      templateVersionId: string | null;
      at: Date;
      providerMessageId: string;
      sha256?: string;
    },
  ) {
    const payload = {
      communicationId: c.id,
      requestId: c.requestId,
      caseId: c.caseId,
      clientId: c.clientId,
      channel: sent.channel,
      kind: c.kind,
      language: sent.language,
      templateVersionId: sent.templateVersionId,
      recipient: sent.recipient,
      sentAt: sent.at.toISOString(),
      providerMessageId: sent.providerMessageId,
      ...(sent.sha256 ? { sha256: sent.sha256 } : {}),
    };
    const envelope = { aggregateId: c.caseId, clientId: c.clientId };
    // A kind @2 knows goes out as @2 (what billing and cases read); a plan's course as @3.
    const kind = c.kind;
    return this.messaging.publish(
      m,
      isKindOfV2(kind)
        ? createEvent(CommunicationSentV2, { ...envelope, payload: { ...payload, kind } })
        : createEvent(CommunicationSentV3, { ...envelope, payload }),
    );
  }

  /** It will never go: the refusal for good that cancelled it (contact-rules `cancels`). */
  cancelled(m: EntityManager, c: Communication, refusal: SendRefused, at: Date) {
    const payload = cancellationOf(c, refusal, at);
    const kind = payload.kind;
    const envelope = { aggregateId: c.caseId, clientId: c.clientId };
    return this.messaging.publish(
      m,
      isKindOfV2(kind)
        ? createEvent(CommunicationCancelled, { ...envelope, payload: { ...payload, kind } })
        : createEvent(CommunicationCancelledV2, { ...envelope, payload }),
    );
  }

  delivered(m: EntityManager, c: Communication, channel: Channel, at: Date) {
    return this.messaging.publish(
      m,
      createEvent(CommunicationDelivered, {
        aggregateId: c.caseId,
        clientId: c.clientId,
        payload: { communicationId: c.id, caseId: c.caseId, channel, deliveredAt: at.toISOString() },
      }),
    );
  }

  failed(m: EntityManager, c: Communication, channel: Channel, error: ChannelError, at: Date, fallbackChannel: Channel | null) {
    return this.messaging.publish(
      m,
      createEvent(CommunicationFailed, {
        aggregateId: c.caseId,
        clientId: c.clientId,
        payload: {
          communicationId: c.id,
          requestId: c.requestId,
          caseId: c.caseId,
          channel,
          reason: error.message || error.reason,
          bounced: error.bounced,
          failedAt: at.toISOString(),
          fallbackChannel,
        },
      }),
    );
  }
}
