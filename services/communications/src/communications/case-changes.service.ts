import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@amicus/calendar';
import type { CaseClosedV1, CaseHeldV1, CaseHoldReleasedV1, ClaimRecalledV1, EventEnvelope } from '@amicus/events';
import { caseStandingOf } from '../case-contacts/case-contact';
import { CaseContactsService } from '../case-contacts/case-contacts.service';
import { caseRefusal, cancels, neverAfterHold, recalledClaimRefusal, type SendRefused } from '../contact-rules/contact-rules';
import type { Communication } from './communication';
import { lockQueuedOfCase, makeDueAgain } from './communication-store';
import { CommunicationsService } from './communications.service';
import { takeOutOfOpenBatch } from './print-batch-store';
import { SendingService } from './sending.service';

/**
 * Communications acts on the case as it is now (issue 10, part 3). Each of cases' events is kept
 * in the case contacts, then what is queued for the case and not sent yet (requested, scheduled,
 * waiting, a letter in the open print batch) follows it, in the event's transaction:
 *   - closed, or every claim recalled: cancelled, with the contact rules' reason;
 *   - a claim recalled: what was requested with a statement that counts it is cancelled;
 *   (each cancellation announced as CommunicationCancelled, in the same transaction)
 *   - put on hold: decided again now (the rules then schedule it for the day the hold ends), but
 *     what the hold leaves never to go (a pre-due reminder whose due date passes during it) is
 *     cancelled now;
 *   - the hold released: what waited for the hold is decided again now.
 * A letter whose batch is already being handed over has left: it is not taken back.
 */
@Injectable()
export class CaseChangesService {
  constructor(
    private readonly contacts: CaseContactsService,
    private readonly communications: CommunicationsService,
    private readonly sending: SendingService,
    private readonly clock: Clock,
  ) {}

  async caseHeld(e: EventEnvelope<CaseHeldV1>, m: EntityManager): Promise<void> {
    if (!(await this.contacts.caseHeld(e, this.clock.timeZone, m))) return;
    const now = this.clock.now();
    const contact = await this.contacts.find(e.payload.caseId, m);
    const standing = contact ? caseStandingOf(contact) : undefined;
    for (const c of await lockQueuedOfCase(m, e.payload.caseId)) {
      if (!(await this.outOfBatch(m, c))) continue;
      const never = standing && neverAfterHold(standing, c.kind, now);
      if (never) {
        await this.sending.cancel(m, c, never, now);
        continue;
      }
      const detail = `taken out of print batch ${c.printBatchId} to be decided again: the case was put on hold`;
      const state = c.printBatchId ? { ...c.state, history: [...c.state.history, { status: c.state.status, at: now, detail }] } : c.state;
      await makeDueAgain(m, c.id, state, now);
    }
  }

  async caseHoldReleased(e: EventEnvelope<CaseHoldReleasedV1>, m: EntityManager): Promise<void> {
    await this.contacts.caseHoldReleased(e, m);
    await this.communications.wakeWaiting(m, { caseIds: [e.payload.caseId] }, { codes: ['on_hold'] });
  }

  async caseClosed(e: EventEnvelope<CaseClosedV1>, m: EntityManager): Promise<void> {
    await this.contacts.caseClosed(e, m);
    await this.cancelQueued(m, e.payload.caseId, (standing, c) => caseRefusal(standing, c.kind, this.clock.now()));
  }

  async claimRecalled(e: EventEnvelope<ClaimRecalledV1>, m: EntityManager): Promise<void> {
    if (!(await this.contacts.claimRecalled(e, m))) return;
    const number = (await this.contacts.find(e.payload.caseId, m))?.claims.find((c) => c.claimId === e.payload.claimId)?.number;
    const stale = recalledClaimRefusal(number ?? e.payload.claimId);
    // Every claim recalled: nothing goes. Otherwise only a statement made before the recall is wrong now.
    await this.cancelQueued(m, e.payload.caseId, (standing, c) =>
      standing.allClaimsRecalled ? caseRefusal(standing, c.kind, this.clock.now()) : c.amounts ? stale : undefined,
    );
  }

  /** Cancels the case's queued communications that `refusalOf` refuses for good. */
  private async cancelQueued(
    m: EntityManager,
    caseId: string,
    refusalOf: (standing: ReturnType<typeof caseStandingOf>, c: Communication) => SendRefused | undefined,
  ): Promise<void> {
    const contact = await this.contacts.find(caseId, m);
    if (!contact) return;
    const standing = caseStandingOf(contact);
    const now = this.clock.now();
    for (const c of await lockQueuedOfCase(m, caseId)) {
      const refusal = refusalOf(standing, c);
      if (!refusal || !cancels(refusal) || !(await this.outOfBatch(m, c))) continue;
      await this.sending.cancel(m, c, refusal, now);
    }
  }

  /** A letter waiting in an open print batch is taken out of it; false once its batch is being handed over. */
  private outOfBatch(m: EntityManager, c: Communication): Promise<boolean> {
    return c.printBatchId ? takeOutOfOpenBatch(m, c.id, c.printBatchId) : Promise.resolve(true);
  }
}
