import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DisputeAnswerOverdueV1, EventEnvelope } from '@amicus/events';
import { isChannelError } from '../channels/channel';
import { ChannelAdapters } from '../communications/channel-adapters';
import { COMMUNICATIONS_CONFIG, type CommunicationsConfig } from '../config';
import { clientReminderOf } from './client-reminders';

/**
 * A dispute's answer overdue (DisputeAnswerOverdue, stage reminder): each of the client's users
 * it names is e-mailed once (the consumer is idempotent) by the agency's own address. An
 * escalation sends nothing: the account manager reads the admin's list in cases. A refused
 * address is logged, not retried: the escalation follows in any case.
 */
@Injectable()
export class ClientRemindersService {
  private readonly log = new Logger('ClientReminders');

  constructor(
    private readonly adapters: ChannelAdapters,
    @Inject(COMMUNICATIONS_CONFIG) private readonly config: CommunicationsConfig,
  ) {}

  async overdue(e: EventEnvelope<DisputeAnswerOverdueV1>): Promise<number> {
    if (e.payload.stage !== 'reminder') return 0;
    const portal = `${new URL(this.config.PAYMENT_LINK_BASE).origin}/client/disputes`;
    let sent = 0;
    for (const { email } of e.payload.recipients) {
      const message = clientReminderOf(e.payload, email, { name: this.config.AGENCY_NAME, email: this.config.AGENCY_EMAIL }, portal);
      const outcome = await this.adapters.for('email').send(message);
      if (isChannelError(outcome))
        this.log.warn(`dispute ${e.payload.disputeId}: the reminder to ${email} was refused: ${outcome.message}`);
      else sent++;
    }
    return sent;
  }
}
