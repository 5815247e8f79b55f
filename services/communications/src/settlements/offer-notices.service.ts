import { Inject, Injectable, Logger } from '@nestjs/common';
import type { EventEnvelope, SettlementOfferedV2 } from '@amicus/events';
import { isChannelError } from '../channels/channel';
import { ChannelAdapters } from '../communications/channel-adapters';
import { COMMUNICATIONS_CONFIG, type CommunicationsConfig } from '../config';
import { asksTheClient, offerNoticeOf } from './offer-notices';

/**
 * A settlement offer waiting for the client (SettlementOffered@2, awaiting_client): each of the
 * client's users it names is e-mailed once (the consumer is idempotent) by the agency's own
 * address. A refused address is logged, not retried: the offer waits in the portal in any case.
 */
@Injectable()
export class OfferNoticesService {
  private readonly log = new Logger('OfferNotices');

  constructor(
    private readonly adapters: ChannelAdapters,
    @Inject(COMMUNICATIONS_CONFIG) private readonly config: CommunicationsConfig,
  ) {}

  async offered(e: EventEnvelope<SettlementOfferedV2>): Promise<number> {
    if (!asksTheClient(e.payload)) return 0;
    const portal = `${new URL(this.config.PAYMENT_LINK_BASE).origin}/client/settlements`;
    let sent = 0;
    for (const { email } of e.payload.recipients) {
      const message = offerNoticeOf(e.payload, email, { name: this.config.AGENCY_NAME, email: this.config.AGENCY_EMAIL }, portal);
      const outcome = await this.adapters.for('email').send(message);
      if (isChannelError(outcome))
        this.log.warn(`settlement ${e.payload.settlementId}: the e-mail to ${email} was refused: ${outcome.message}`);
      else sent++;
    }
    return sent;
  }
}
