import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { CommunicationRequestedV2, CommunicationRequestedV3, DebtorUpdatedV1, EventEnvelope } from '@amicus/events';
import { DomainError } from '@amicus/errors';
import { CaseContactsService } from '../case-contacts/case-contacts.service';
import type { RefusalCode, WaitsFor } from '../contact-rules/contact-rules';
import { Clock } from '@amicus/calendar';
import type { Communication, CommunicationRequest } from './communication';
import { CommunicationReadsService } from './communication-reads.service';
import { insertCommunication } from './communication-store';
import { SendingService } from './sending.service';

/**
 * Taking requests (issue 5, part 3): cases' CommunicationRequested and an agent's "send now"
 * become communications, due at once; an event a refusal waited for (an opt-in, new contact
 * details) makes the waiting ones due again. Deciding and sending them is SendingService's work.
 */
@Injectable()
export class CommunicationsService {
  private readonly log = new Logger('communications');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly contacts: CaseContactsService,
    private readonly sending: SendingService,
    private readonly reads: CommunicationReadsService,
    private readonly clock: Clock,
  ) {}

  /** CommunicationRequested (@1 or @2: an @1 payload is an @2 one) from cases: recorded once (by request id); the scheduler sends it. */
  async requested(e: EventEnvelope<CommunicationRequestedV2 | CommunicationRequestedV3>, m: EntityManager): Promise<void> {
    const p = e.payload;
    const contact = await this.contacts.find(p.caseId, m);
    if (!contact) {
      // Cases announces a case before asking to write about it (same key, same partition):
      // an unknown case belongs to another installation on this broker.
      this.log.warn(`CommunicationRequested ${p.requestId} for unknown case ${p.caseId}: ignored`);
      return;
    }
    const request = {
      requestId: p.requestId,
      caseId: p.caseId,
      kind: p.kind,
      channel: p.channel,
      requestedBy: p.requestedBy,
      amounts: p.amounts,
      correlationId: e.correlationId,
    };
    await insertCommunication(m, request, contact, this.clock.now());
  }

  /** An agent's "send now": recorded, then decided and sent at once; answers the outcome. */
  async sendNow(request: CommunicationRequest): Promise<Communication> {
    const id = await this.db.transaction(async (m) => {
      const contact = await this.contacts.find(request.caseId, m);
      if (!contact)
        throw new DomainError('not_found', `no case ${request.caseId} known to communications`, [
          { field: 'caseId', reason: 'no such case' },
        ]);
      return insertCommunication(m, request, contact, this.clock.now());
    });
    // The scheduler may have taken it first: then its outcome is the answer.
    await this.sending.process(id, true);
    return this.reads.get(id);
  }

  /**
   * The communications of a debtor's (or these) cases refused until an event (an opt-in, new
   * contact details), or by a refusal the event ends (a hold released), become due now, in the
   * transaction that records that event: the scheduler decides them again (a refusal that still
   * holds schedules them again, waiting as before). Answers their ids.
   */
  async wakeWaiting(
    m: EntityManager,
    of: { debtorId?: string; caseIds?: string[] },
    refused: { waitsFor?: readonly WaitsFor[]; codes?: readonly RefusalCode[] },
  ): Promise<string[]> {
    const [rows]: [{ id: string }[], number] = await m.query(
      `UPDATE communications.communications SET not_before = $5, updated_at = $5
        WHERE status = 'scheduled' AND ((not_before IS NULL AND refusal->>'waitsFor' = ANY($3::text[])) OR refusal->>'code' = ANY($4::text[]))
          AND case_id IN (SELECT case_id FROM communications.case_contacts WHERE debtor_id = $1 OR case_id = ANY($2::uuid[]))
        RETURNING id`,
      [of.debtorId ?? null, of.caseIds ?? [], [...(refused.waitsFor ?? [])], [...(refused.codes ?? [])], this.clock.now()],
    );
    return rows.map((r) => r.id);
  }

  /** New contact details for a debtor: what waited for them is decided again (by the scheduler, after this commits). */
  async debtorUpdated(e: EventEnvelope<DebtorUpdatedV1>, m: EntityManager): Promise<void> {
    await this.wakeWaiting(m, { debtorId: e.payload.debtorId, caseIds: e.payload.caseIds }, { waitsFor: ['contact_details'] });
  }
}
