import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ChannelError } from '../channels/channel';
import { DeliveryReceipt, receiptDeliveryStatus } from '../channels/http-sms.adapter';
import { applyReceipt } from '../delivery/delivery-status';
import { Clock } from '@amicus/calendar';
import { storedHistory } from './communication';
import { CommunicationEvents } from './communication-events';
import { lockCommunication } from './communication-store';

const UUID = /^[0-9a-f-]{36}$/i;

/** A provider's signed delivery receipts (the webhook is delivery-receipts.ts): they move a communication's status forward. */
@Injectable()
export class DeliveryReceiptsService {
  private readonly log = new Logger('delivery-receipts');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly events: CommunicationEvents,
    private readonly clock: Clock,
  ) {}

  /** Late and repeated receipts are kept in the history, marked ignored, and change nothing. */
  async receiptArrived(receipt: DeliveryReceipt): Promise<void> {
    if (!UUID.test(receipt.communicationId)) {
      this.log.warn(`receipt for unknown reference ${receipt.communicationId}: ignored`);
      return;
    }
    await this.db.transaction(async (m) => {
      const c = await lockCommunication(m, receipt.communicationId);
      const channel = c?.channel;
      if (!c || !channel || (c.providerMessageId && c.providerMessageId !== receipt.providerMessageId)) {
        this.log.warn(`receipt ${receipt.providerMessageId} matches no communication: ignored`);
        return;
      }
      const status = receiptDeliveryStatus(receipt.status);
      const detail = `provider receipt ${receipt.status}${receipt.errorCode ? ` (${receipt.errorCode}${receipt.errorMessage ? `: ${receipt.errorMessage}` : ''})` : ''}`;
      const next = applyReceipt(c.state, status, receipt.occurredAt, detail);
      await m.query(`UPDATE communications.communications SET status = $2, history = $3::jsonb, updated_at = $4 WHERE id = $1`, [
        c.id,
        next.status,
        JSON.stringify(storedHistory(next)),
        this.clock.now(),
      ]);
      if (next.status === c.state.status) return;
      if (next.status === 'delivered') {
        await this.events.delivered(m, c, channel, receipt.occurredAt);
      } else if (next.status === 'failed' || next.status === 'bounced') {
        await this.events.failed(
          m,
          c,
          channel,
          new ChannelError(channel, 'rejected', false, detail, next.status === 'bounced'),
          receipt.occurredAt,
          null,
        );
      }
    });
  }
}
