import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from '@nestjs/common';
import { createDeliveryReceiptHandler } from '../channels/http-sms.adapter';
import { COMMUNICATIONS_CONFIG, type CommunicationsConfig } from '../config';
import { Clock } from '@amicus/calendar';
import { DeliveryReceiptsService } from './delivery-receipts.service';

export const RECEIPTS_PATH = '/webhooks/messaging/receipts';

/**
 * The provider's delivery-receipt webhook. Not under /graphql (no gateway, no user): it is
 * authenticated by its HMAC signature over the raw body, so it is mounted before Nest's JSON
 * parser (bootstrapSubgraph's `configure`).
 */
export function mountDeliveryReceipts(app: NestExpressApplication): void {
  const config = app.get<CommunicationsConfig>(COMMUNICATIONS_CONFIG);
  const receipts = app.get(DeliveryReceiptsService);
  const clock = app.get(Clock);
  const log = new Logger('delivery-receipts');
  app.use(
    RECEIPTS_PATH,
    createDeliveryReceiptHandler({
      secret: config.MESSAGING_RECEIPT_SECRET,
      clock: () => clock.now(),
      onReceipt: (receipt) => receipts.receiptArrived(receipt),
      onRejected: (error) => log.warn(`receipt refused: ${error.code}: ${error.message}`),
    }),
  );
}
