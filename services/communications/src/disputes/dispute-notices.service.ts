import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@amicus/calendar';
import type { DisputeRaisedV1, EventEnvelope } from '@amicus/events';
import { CaseContactsService } from '../case-contacts/case-contacts.service';
import { insertCommunication } from '../communications/communication-store';
import { acknowledgementOf } from './dispute-notices';

/** A dispute raised: its acknowledgement recorded for the scheduler to decide and send, in the consumer's transaction. */
@Injectable()
export class DisputeNoticesService {
  constructor(
    private readonly contacts: CaseContactsService,
    private readonly clock: Clock,
  ) {}

  async raised(e: EventEnvelope<DisputeRaisedV1>, m: EntityManager): Promise<string> {
    const contact = await this.contacts.find(e.payload.caseId, m);
    // CaseOpened reaches the cases consumer group first in practice (a dispute comes days after
    // the placement); until it has, the consumer tries again, and parks the event in the end.
    if (!contact) throw new Error(`DisputeRaised ${e.payload.disputeId}: case ${e.payload.caseId} not known here yet`);
    return insertCommunication(m, acknowledgementOf(e.payload, e.correlationId), contact, this.clock.now());
  }
}
