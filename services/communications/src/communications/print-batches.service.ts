import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { recipientText } from '../case-contacts/case-contact';
import { ChannelError, OutboundMessage, SendResult, isChannelError } from '../channels/channel';
import type { ClosedPrintBatch } from '../channels/print-batch.adapter';
import { transition } from '../delivery/delivery-status';
import { ChannelAdapters } from './channel-adapters';
import { Clock } from '@amicus/calendar';
import { storedHistory } from './communication';
import { CommunicationEvents } from './communication-events';
import { keepEvidence, lockCommunication } from './communication-store';
import {
  closeOpenBatch,
  insertQueuedLetter,
  lettersOf,
  lockClosingBatch,
  markBatchClosed,
  markBatchEmpty,
  placeInOpenBatch,
  type QueuedLetter,
} from './print-batch-store';

/** A rendered letter as sending hands it over to its batch. */
export interface LetterToQueue {
  message: OutboundMessage;
  html: string | null;
  context: unknown;
  templateVersionId: string | null;
  templateSource: string;
}

/** A letter accepted in the open batch: it leaves when the batch is handed over. */
export type QueuedInBatch = SendResult & { batchId: string };

/**
 * Print batches: a letter joins the open batch in its sending transaction; at the hand-over the
 * batch is written for the print house and its letters become sent, with their evidence and
 * events. Batches live in the database, so whichever instance hands over takes every letter.
 */
@Injectable()
export class PrintBatchesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly adapters: ChannelAdapters,
    private readonly events: CommunicationEvents,
    private readonly clock: Clock,
  ) {}

  /** Puts a letter the print house can take in the open batch, in the caller's transaction. */
  async queue(m: EntityManager, letter: LetterToQueue, now: Date): Promise<QueuedInBatch | ChannelError> {
    const printable = await this.adapters.print.check(letter.message);
    if (isChannelError(printable)) return printable;
    const { batchId, sequence } = await placeInOpenBatch(
      m,
      now,
      () => `PB-${now.toISOString().slice(0, 10).replace(/-/g, '')}-${randomUUID().slice(0, 8)}`,
    );
    const { html, context, templateVersionId, templateSource } = letter;
    await insertQueuedLetter(m, { ...printable, batchId, sequence, html, context, templateVersionId, templateSource }, now);
    return {
      ok: true,
      batchId,
      providerMessageId: `${batchId}/${sequence}`,
      acceptedAt: now,
      sent: { mediaType: 'application/pdf', content: printable.pdf },
    };
  }

  /** Hands the open batch over, and any batch a stopped instance left half-way; answers the last one handed over. */
  async handOver(): Promise<string | null> {
    await this.db.transaction((m) => closeOpenBatch(m, this.clock.now()));
    let last: string | null = null;
    for (let batchId = await this.handOverClosingBatch(); batchId; batchId = await this.handOverClosingBatch()) last = batchId;
    return last;
  }

  /** Writes the oldest closing batch and records its letters sent, in one transaction that holds the batch. */
  private handOverClosingBatch(): Promise<string | null> {
    return this.db.transaction(async (m) => {
      const batchId = await lockClosingBatch(m);
      if (!batchId) return null;
      const letters = await lettersOf(m, batchId);
      if (!letters.length) {
        await markBatchEmpty(m, batchId, this.clock.now());
        return batchId;
      }
      const batch = await this.adapters.print.write(batchId, letters, this.clock.now());
      for (const letter of letters) await this.letterSent(m, letter, batch);
      await markBatchClosed(m, batch);
      return batchId;
    });
  }

  private async letterSent(m: EntityManager, letter: QueuedLetter, batch: ClosedPrintBatch): Promise<void> {
    const c = await lockCommunication(m, letter.communicationId);
    if (!c || c.state.status !== 'requested') return;
    const sentAt = batch.closedAt;
    const sent = transition(
      c.state,
      'sent',
      sentAt,
      `handed to the print house in batch ${batch.batchId} (letter ${letter.sequence}, ${letter.pageCount} pages)`,
    );
    if (!sent.ok) throw sent.error;
    await m.query(
      `UPDATE communications.communications SET status = 'sent', sent_at = $2, history = $3::jsonb, not_before = NULL, updated_at = $2 WHERE id = $1`,
      [c.id, sentAt, JSON.stringify(storedHistory(sent.state))],
    );
    const recipient = recipientText(letter.address);
    const { templateVersionId, templateSource, context, html, pdf } = letter;
    const sha256 = await keepEvidence(m, {
      communicationId: c.id,
      channel: 'letter',
      recipient,
      sentAt,
      templateVersionId,
      templateSource,
      legalDecision: c.legalDecision,
      context,
      subject: null,
      html,
      text: null,
      sms: null,
      pdf,
      sentMediaType: 'application/pdf',
      sentBytes: pdf,
    });
    await this.events.sent(m, c, {
      channel: 'letter',
      language: c.language ?? 'en',
      recipient,
      templateVersionId,
      at: sentAt,
      providerMessageId: `${letter.batchId}/${letter.sequence}`,
      sha256,
    });
  }
}
