import { parseEvent, type EventEnvelope } from '@amicus/events';
import type { Consumer, ConsumerConfig, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { backoffDelay, sleep } from './backoff';
import { defaultLogger, errorText, type Logger } from './logger';
import { EventRoutes, type EventHandler, type EventRoute } from './routes';
import { quoteSchema } from './tables';

export interface IdempotentConsumerOptions {
  dataSource: DataSource;
  schema: string;
  kafka: Kafka;
  /** Kafka consumer group, and the consumer's name in processed_events and parked_messages. */
  groupId: string;
  topics: string[];
  /**
   * One `on(Event, handler)` per event version. An event of a type without a handler is recorded
   * as processed and has no effect; a version of a handled type without a handler is parked.
   */
  handlers: readonly EventRoute[];
  /** Tries of a failing handler before its message is parked. Default 5. */
  maxAttempts?: number;
  logger?: Logger;
  /** Where a group without committed offsets starts. Default true. */
  fromBeginning?: boolean;
  /** Wait before the first retry of a failing handler; doubles up to 5 s. Default 200 ms. */
  retryBackoffMs?: number;
  /** kafkajs consumer tuning (sessionTimeout, heartbeatInterval, maxWaitTimeInMs …). */
  consumerConfig?: Omit<ConsumerConfig, 'groupId'>;
}

type Outcome = 'handled' | 'ignored' | 'duplicate' | 'parked' | 'abandoned';

/**
 * Runs handlers for a consumer group, each event's effect exactly once.
 *
 * Per message, one transaction records (consumer, event id) in processed_events and runs the
 * handler; a redelivered event finds its row and is skipped. The Kafka offset is resolved only
 * after that transaction commits, so a crash means redelivery, never loss. A message that is
 * not a valid event is parked at once; one whose handler keeps failing is parked after
 * maxAttempts tries. Parked messages keep their bytes and error in parked_messages.
 */
export class IdempotentConsumer {
  private readonly opts: IdempotentConsumerOptions;
  private readonly schema: string;
  private readonly maxAttempts: number;
  private readonly retryBackoffMs: number;
  private readonly logger: Logger;
  private readonly routes: EventRoutes;
  private consumer: Consumer | null = null;
  private running = false;
  private stopSignal = new AbortController();

  constructor(opts: IdempotentConsumerOptions) {
    this.opts = opts;
    this.schema = quoteSchema(opts.schema);
    this.maxAttempts = Math.max(1, opts.maxAttempts ?? 5);
    this.retryBackoffMs = opts.retryBackoffMs ?? 200;
    this.logger = opts.logger ?? defaultLogger('amicus.consumer');
    this.routes = new EventRoutes(opts.handlers);
  }

  /** Connects, subscribes and joins the group; resolves once messages are being consumed. */
  async start(): Promise<void> {
    if (this.consumer) return;
    const { kafka, groupId, topics, fromBeginning = true, consumerConfig } = this.opts;
    const consumer = kafka.consumer({ ...consumerConfig, groupId });
    this.consumer = consumer;
    this.stopSignal = new AbortController();
    let removeListeners: (() => void)[] = [];
    const joined = new Promise<void>((resolve, reject) => {
      removeListeners = [
        consumer.on(consumer.events.GROUP_JOIN, () => resolve()),
        consumer.on(consumer.events.CRASH, ({ payload }) => {
          if (payload.restart) return;
          this.running = false;
          this.logger.error('consumer crashed and will not restart', { groupId, error: errorText(payload.error) });
          reject(payload.error);
        }),
      ];
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topics, fromBeginning });
      await consumer.run({
        // kafkajs commits only offsets we resolve, and we resolve only after the DB commit.
        autoCommit: true,
        autoCommitInterval: 1000,
        eachBatchAutoResolve: false,
        eachBatch: (payload) => this.consumeBatch(payload),
      });
      await joined;
    } catch (e) {
      this.consumer = null;
      await consumer.disconnect().catch(() => undefined);
      throw e;
    } finally {
      removeListeners[0]?.();
    }
    this.running = true;
    this.logger.info('consumer started', { groupId, topics });
  }

  /** Stops fetching, finishes the message in hand, commits offsets, leaves the group. */
  async stop(): Promise<void> {
    const consumer = this.consumer;
    if (!consumer) return;
    this.running = false;
    this.stopSignal.abort(); // cuts a retry back-off short; that message is redelivered later
    await consumer.disconnect();
    this.consumer = null;
    this.logger.info('consumer stopped', { groupId: this.opts.groupId });
  }

  isRunning(): boolean {
    return this.running;
  }

  private async consumeBatch({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }: EachBatchPayload) {
    for (const message of batch.messages) {
      if (!isRunning() || isStale() || this.stopSignal.signal.aborted) break;
      const outcome = await this.consumeMessage(batch.topic, batch.partition, message, heartbeat);
      if (outcome === 'abandoned') break;
      resolveOffset(message.offset);
      await commitOffsetsIfNecessary();
      await heartbeat();
    }
  }

  private async consumeMessage(topic: string, partition: number, message: KafkaMessage, heartbeat: () => Promise<void>): Promise<Outcome> {
    let event: EventEnvelope;
    try {
      event = parseEvent(message.value);
    } catch (e) {
      await this.park(topic, partition, message, `invalid event: ${errorText(e)}`);
      return 'parked';
    }
    const route = this.routes.routeOf(event);
    if ('unreadable' in route) {
      await this.park(topic, partition, message, route.unreadable);
      return 'parked';
    }
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.apply(event, route.handler);
      } catch (e) {
        if (attempt >= this.maxAttempts) {
          await this.park(topic, partition, message, `handler failed ${attempt} times: ${errorText(e)}`);
          return 'parked';
        }
        const retryInMs = backoffDelay(attempt, this.retryBackoffMs, 5000);
        this.logger.warn('event handler failed; will retry', {
          consumer: this.opts.groupId,
          eventId: event.id,
          type: event.type,
          attempt,
          retryInMs,
          error: errorText(e),
        });
        await heartbeat();
        await sleep(retryInMs, this.stopSignal.signal);
        if (this.stopSignal.signal.aborted) return 'abandoned';
      }
    }
  }

  /** One transaction: claim the event id for this consumer, then run the handler. */
  private apply(event: EventEnvelope, handler: EventHandler | null): Promise<Outcome> {
    return this.opts.dataSource.transaction(async (manager) => {
      const claimed: unknown[] = await manager.query(
        `INSERT INTO ${this.schema}.processed_events (consumer, event_id) VALUES ($1, $2)
         ON CONFLICT DO NOTHING RETURNING event_id`,
        [this.opts.groupId, event.id],
      );
      if (claimed.length === 0) return 'duplicate';
      if (!handler) return 'ignored';
      await handler(event, manager);
      return 'handled';
    });
  }

  private async park(topic: string, partition: number, message: KafkaMessage, error: string): Promise<void> {
    this.logger.error('consumer parked a message', { consumer: this.opts.groupId, topic, partition, offset: message.offset, error });
    await this.opts.dataSource.query(
      `INSERT INTO ${this.schema}.parked_messages (consumer, topic, partition, "offset", key, value, error)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
      [
        this.opts.groupId,
        topic,
        partition,
        message.offset,
        message.key && asText(message.key),
        message.value ? asText(message.value) : '',
        error.replace(/\u0000/g, '\\u0000'), // Postgres text cannot hold NUL; a parse error may quote one
      ],
    );
  }
}

/** Bytes as text for a text column: UTF-8 when it round-trips (and has no NUL), else `base64:…`. */
export function asText(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  return !text.includes('\u0000') && Buffer.from(text, 'utf8').equals(bytes) ? text : `base64:${bytes.toString('base64')}`;
}
