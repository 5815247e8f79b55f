import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@amicus/calendar';
import type { EventEnvelope, PaymentPlanBrokenV1, PaymentPlanCompletedV1, PaymentReceivedV1 } from '@amicus/events';
import { CaseContactsService } from '../case-contacts/case-contacts.service';
import { insertCommunication, lockQueuedOfCase } from '../communications/communication-store';
import { takeOutOfOpenBatch } from '../communications/print-batch-store';
import { SendingService } from '../communications/sending.service';
import type { PlanNoticeRequest } from './plan-notices';
import { afterPayment, afterPlanEnded, type PlanEnd, type ReminderChange } from './reminder-cancellation';

/**
 * A plan's communication recorded for the scheduler to decide and send, in the consumer's
 * transaction (once per request id); and the queued instalment reminders a payment or the plan's
 * end overtakes, cancelled (announced as CommunicationCancelled) or adapted in the same transaction.
 */
@Injectable()
export class PlanNoticesService {
  constructor(
    private readonly contacts: CaseContactsService,
    private readonly sending: SendingService,
    private readonly clock: Clock,
  ) {}

  async request(r: PlanNoticeRequest, m: EntityManager): Promise<string> {
    const contact = await this.contacts.find(r.caseId, m);
    // CaseOpened reaches the cases consumer group first in practice (a plan comes after the
    // placement); until it has, the consumer tries again, and parks the event in the end.
    if (!contact) throw new Error(`${r.kind} for plan ${r.details.planId}: case ${r.caseId} not known here yet`);
    return insertCommunication(m, r, contact, this.clock.now());
  }

  /** A payment on the case: the queued instalment reminders it covers are cancelled, one it covers in part asks for the rest. */
  async paymentReceived(e: EventEnvelope<PaymentReceivedV1>, m: EntityManager): Promise<void> {
    const p = e.payload;
    const queued = await lockQueuedOfCase(m, p.caseId);
    const payment = {
      paymentId: p.paymentId,
      amountMinor: p.amountMinor,
      currency: p.currency,
      receivedOn: p.receivedOn,
      recordedAt: e.occurredAt,
    };
    await this.apply(m, queued, afterPayment(queued, payment));
  }

  /** The plan completed or broke: its reminders still queued never go. */
  async planEnded(e: EventEnvelope<PaymentPlanCompletedV1 | PaymentPlanBrokenV1>, end: PlanEnd, m: EntityManager): Promise<void> {
    const queued = await lockQueuedOfCase(m, e.payload.caseId);
    await this.apply(m, queued, afterPlanEnded(queued, e.payload.planId, end));
  }

  private async apply(m: EntityManager, queued: Awaited<ReturnType<typeof lockQueuedOfCase>>, changes: ReminderChange[]): Promise<void> {
    const now = this.clock.now();
    for (const change of changes) {
      const c = queued.find((q) => q.id === change.id)!;
      if (change.kind === 'adapt') {
        await m.query(
          `UPDATE communications.communications SET details = $2::jsonb, amounts = coalesce(amounts, '{}'::jsonb) || $3::jsonb, updated_at = $4 WHERE id = $1`,
          [c.id, JSON.stringify(change.details), JSON.stringify(change.amounts), now],
        );
        continue;
      }
      // A letter in a print batch already being handed over has left: it is not taken back.
      if (c.printBatchId && !(await takeOutOfOpenBatch(m, c.id, c.printBatchId))) continue;
      await this.sending.cancel(m, c, change.refusal, now);
    }
  }
}
