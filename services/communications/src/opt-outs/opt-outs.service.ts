import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Identity } from '@amicus/auth';
import { DomainError } from '@amicus/errors';
import { CaseContactEntity } from '../case-contacts/case-contact.entity';
import type { Channel } from '../channels/channel';
import { mayContact, mayRead } from '../communications/communication-access';
import { Clock } from '@amicus/calendar';
import { CommunicationsService } from '../communications/communications.service';
import { SendingService } from '../communications/sending.service';
import type { OptOutModel } from './opt-out.model';
import { optOutsOfDebtor, recordOptOut, withdrawOptOut } from './opt-out-store';

/**
 * A debtor's opt-outs per channel, recorded on one of their cases (they hold for the debtor, on
 * every case: the contact rules read them before anything leaves). Withdrawing one decides again
 * the debtor's communications that were waiting for it.
 */
@Injectable()
export class OptOutsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly communications: CommunicationsService,
    private readonly sending: SendingService,
    private readonly clock: Clock,
  ) {}

  /** The same walls as sending: agency admins, and agents for the cases of their brands. */
  private async caseToContact(identity: Identity, caseId: string): Promise<CaseContactEntity> {
    const contact = await this.db.manager.findOneBy(CaseContactEntity, { caseId });
    if (!contact)
      throw new DomainError('not_found', `no case ${caseId} known to communications`, [{ field: 'caseId', reason: 'no such case' }]);
    if (!mayContact(identity, contact)) throw new DomainError('forbidden', 'this case is not of one of your brands');
    return contact;
  }

  async record(identity: Identity, caseId: string, channel: Channel, reason: string | null): Promise<OptOutModel> {
    const contact = await this.caseToContact(identity, caseId);
    return recordOptOut(this.db.manager, {
      debtorId: contact.debtorId,
      channel,
      reason: reason?.trim() || null,
      recordedBy: `user:${identity.subject}`,
      at: this.clock.now(),
    });
  }

  /** Answers whether there was an opt-out to withdraw; the communications waiting for it go again. */
  async withdraw(identity: Identity, caseId: string, channel: Channel): Promise<boolean> {
    const contact = await this.caseToContact(identity, caseId);
    const { withdrawn, woken } = await this.db.transaction(async (m) => {
      const withdrawn = await withdrawOptOut(m, contact.debtorId, channel);
      // A 'preferred' request refused for opt-outs and missing details together waits for contact details.
      const woken = withdrawn
        ? await this.communications.wakeWaiting(m, { debtorId: contact.debtorId }, { waitsFor: ['opt_in', 'contact_details'] })
        : [];
      return { withdrawn, woken };
    });
    // Decided now rather than at the scheduler's next pass; the scheduler would take them all the same.
    for (const id of woken) await this.sending.process(id);
    return withdrawn;
  }

  async ofCase(identity: Identity, caseId: string): Promise<OptOutModel[]> {
    const contact = await this.db.manager.findOneBy(CaseContactEntity, { caseId });
    if (!contact || !mayRead(identity, contact)) return [];
    return optOutsOfDebtor(this.db.manager, contact.debtorId);
  }
}
