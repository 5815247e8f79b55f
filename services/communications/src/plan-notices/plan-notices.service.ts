import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@amicus/calendar';
import { CaseContactsService } from '../case-contacts/case-contacts.service';
import { insertCommunication } from '../communications/communication-store';
import type { PlanNoticeRequest } from './plan-notices';

/** A plan's communication recorded for the scheduler to decide and send, in the consumer's transaction (once per request id). */
@Injectable()
export class PlanNoticesService {
  constructor(
    private readonly contacts: CaseContactsService,
    private readonly clock: Clock,
  ) {}

  async request(r: PlanNoticeRequest, m: EntityManager): Promise<string> {
    const contact = await this.contacts.find(r.caseId, m);
    // CaseOpened reaches the cases consumer group first in practice (a plan comes after the
    // placement); until it has, the consumer tries again, and parks the event in the end.
    if (!contact) throw new Error(`${r.kind} for plan ${r.details.planId}: case ${r.caseId} not known here yet`);
    return insertCommunication(m, r, contact, this.clock.now());
  }
}
