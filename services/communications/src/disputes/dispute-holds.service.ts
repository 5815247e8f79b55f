import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@amicus/calendar';
import type { DisputeRaisedV1, DisputeResolvedV1, EventEnvelope } from '@amicus/events';
import { CaseContactsService } from '../case-contacts/case-contacts.service';
import { storedHistory, storedRefusal, type Communication } from '../communications/communication';
import { lockQueuedOfCase } from '../communications/communication-store';
import { CommunicationsService } from '../communications/communications.service';
import { takeOutOfOpenBatch } from '../communications/print-batch-store';
import { SendingService } from '../communications/sending.service';
import { recordRefusal } from '../delivery/delivery-status';
import { afterResolution, holdOnDispute } from './dispute-holds';

/**
 * A dispute's effect on the case's queued requests, in the consumer's transaction (dispute-holds.ts
 * decides): raised, those whose amounts count the disputed claims are held; resolved, the held
 * ones are decided again (rejected) or cancelled (credited).
 */
@Injectable()
export class DisputeHoldsService {
  constructor(
    private readonly contacts: CaseContactsService,
    private readonly communications: CommunicationsService,
    private readonly sending: SendingService,
    private readonly clock: Clock,
  ) {}

  /** Holds the queued requests the dispute makes stale; answers their ids. */
  async raised(e: EventEnvelope<DisputeRaisedV1>, m: EntityManager): Promise<string[]> {
    const numbers = e.payload.claims.map((c) => c.invoiceNumber);
    const now = this.clock.now();
    const held: string[] = [];
    for (const c of await lockQueuedOfCase(m, e.payload.caseId)) {
      const hold = holdOnDispute({ kind: c.kind, amounts: c.amounts, refusalCode: c.refusal?.code ?? null }, numbers);
      if (!hold || !(await outOfBatch(m, c))) continue;
      const refused = recordRefusal(c.state, hold, now);
      if (!refused.ok) throw refused.error;
      await m.query(
        `UPDATE communications.communications
            SET status = 'scheduled', not_before = NULL, refusal = $2::jsonb, print_batch_id = NULL, history = $3::jsonb, updated_at = $4
          WHERE id = $1`,
        [c.id, JSON.stringify(storedRefusal(hold)), JSON.stringify(storedHistory(refused.state)), now],
      );
      held.push(c.id);
    }
    return held;
  }

  /** Rejected: what the dispute held is decided again; upheld or partly upheld: it is cancelled, its amounts stale. */
  async resolved(e: EventEnvelope<DisputeResolvedV1>, m: EntityManager): Promise<void> {
    const { caseId, outcome, claimIds } = e.payload;
    const then = afterResolution(outcome, await this.numbersOf(m, caseId, claimIds));
    if (then === 'wake') {
      await this.communications.wakeWaiting(m, { caseIds: [caseId] }, { codes: ['dispute_open'] });
      return;
    }
    const now = this.clock.now();
    for (const c of await lockQueuedOfCase(m, caseId))
      if (c.state.status === 'scheduled' && c.refusal?.code === 'dispute_open' && c.refusal.waitsFor === 'dispute_resolved')
        await this.sending.cancel(m, c, then, now);
  }

  private async numbersOf(m: EntityManager, caseId: string, claimIds: readonly string[]): Promise<string[]> {
    const claims = (await this.contacts.find(caseId, m))?.claims ?? [];
    return claimIds.map((id) => claims.find((c) => c.claimId === id)?.number ?? id);
  }
}

function outOfBatch(m: EntityManager, c: Communication): Promise<boolean> {
  return c.printBatchId ? takeOutOfOpenBatch(m, c.id, c.printBatchId) : Promise.resolve(true);
}
