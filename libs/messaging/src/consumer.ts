import { parseEvent, type EventEnvelope } from '@amicus/events';
import type { Consumer, ConsumerConfig, EachBatchPayload, Kafka, KafkaMessage } from 'kafkajs';
import type { DataSource } from 'typeorm';
import type { EntityManager } from 'typeorm';
import { sleep } from './backoff';
import { defaultLogger, errorText, type Logger } from './logger';
import { messagesParkedTotal, parkedMessagesGauge, parkedReplaysTotal, processedEventsPrunedTotal } from './metrics';
import {
  bytesOf,
  countWaiting,
  DEFAULT_PARKED_RETENTION_MS,
  lockForReplay,
  markReplayed,
  markReplayFailed,
  purgeParkedPayloads,
  replaysRequested,
} from './parked';
import { DEFAULT_KEEP_PROCESSED_MS, forgetWatermark, pruneProcessedEvents, watermarksOf } from './pruning';
import { classifyFailure, decideRetry, DEFAULT_RETRY_POLICY, type ConsumerRetryPolicy, type FailureKind } from './retry-policy';
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
  /** Tries of a handler failing in a way we cannot classify before its message is parked. Default 5 (see retry-policy.ts). */
  maxAttempts?: number;
  /** The rest of the retry policy: transient failures are retried far longer, permanent ones parked at once. */
  retryPolicy?: Partial<ConsumerRetryPolicy>;
  logger?: Logger;
  /** Where a group without committed offsets starts. Default true. */
  fromBeginning?: boolean;
  /** Wait before the first retry of a failing handler; doubles up to 5 s. Default 200 ms. */
  retryBackoffMs?: number;
  /** kafkajs consumer tuning (sessionTimeout, heartbeatInterval, maxWaitTimeInMs …). */
  consumerConfig?: Omit<ConsumerConfig, 'groupId'>;
  /** How often the consumer looks for replays asked for (`amicus messages replay`). Default 2 s; 0: never. */
  replayPollMs?: number;
  /** How often housekeeping prunes processed events and purges parked payloads. Default 10 min; 0: never. */
  housekeepingIntervalMs?: number;
  /** Processed-event records are kept at least this long (see pruning.ts). Default 30 days. */
  keepProcessedMs?: number;
  /** A parked message's payload is purged this long after it was parked. Default 30 days. */
  parkedRetentionMs?: number;
  /** "Now", for housekeeping; tests move it. */
  now?: () => Date;
}

/** Where a message was read: its partition's position, kept with its processed-event record. */
interface Position {
  topic: string;
  partition: number;
  offset: string;
}

type Outcome = 'handled' | 'ignored' | 'duplicate' | 'parked' | 'abandoned';

/**
 * Runs handlers for a consumer group, each event's effect exactly once.
 *
 * Per message, one transaction records (consumer, event id) in processed_events and runs the
 * handler; a redelivered event finds its row and is skipped. The Kafka offset is resolved only
 * after that transaction commits, so a crash means redelivery, never loss. A message that is
 * not a valid event is parked at once; a failing handler is retried or parked as the retry
 * policy says (retry-policy.ts: transient failures retried with back-off, permanent ones parked at
 * once). Parked messages keep their bytes and error in parked_messages, are logged at error level
 * and counted (metrics.ts); a replay asked for (parked.ts) is run by the consumer of their group.
 * Housekeeping prunes processed events below the committed offsets (pruning.ts) and purges
 * parked payloads past their retention.
 */
export class IdempotentConsumer {
  private readonly opts: IdempotentConsumerOptions;
  private readonly schema: string;
  private readonly retryPolicy: ConsumerRetryPolicy;
  private readonly now: () => Date;
  private readonly logger: Logger;
  private readonly routes: EventRoutes;
  private consumer: Consumer | null = null;
  private running = false;
  private stopSignal = new AbortController();
  private timers: NodeJS.Timeout[] = [];
  private chores: Promise<unknown> = Promise.resolve();

  constructor(opts: IdempotentConsumerOptions) {
    this.opts = opts;
    this.schema = quoteSchema(opts.schema);
    this.retryPolicy = {
      ...DEFAULT_RETRY_POLICY,
      ...(opts.retryBackoffMs !== undefined ? { baseDelayMs: opts.retryBackoffMs } : {}),
      ...(opts.maxAttempts !== undefined ? { maxUnknownAttempts: Math.max(1, opts.maxAttempts) } : {}),
      ...opts.retryPolicy,
    };
    this.now = opts.now ?? (() => new Date());
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
      await this.forgetWatermarksOfRecreatedTopics();
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
    this.startChores();
    this.logger.info('consumer started', { groupId, topics });
  }

  /** Stops fetching, finishes the message in hand, commits offsets, leaves the group. */
  async stop(): Promise<void> {
    const consumer = this.consumer;
    if (!consumer) return;
    this.running = false;
    this.stopSignal.abort(); // cuts a retry back-off short; that message is redelivered later
    this.timers.forEach((t) => clearInterval(t));
    this.timers = [];
    await this.chores.catch(() => undefined);
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
      await this.park(topic, partition, message, `invalid event: ${errorText(e)}`, 'permanent');
      return 'parked';
    }
    const route = this.routes.routeOf(event);
    if ('unreadable' in route) {
      await this.park(topic, partition, message, route.unreadable, 'permanent');
      return 'parked';
    }
    const position = { topic, partition, offset: message.offset };
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.opts.dataSource.transaction((m) => this.apply(m, event, route.handler, position, true));
      } catch (e) {
        const failure = classifyFailure(e);
        const next = decideRetry(failure, attempt, this.retryPolicy);
        if (next.action === 'park') {
          await this.park(topic, partition, message, `handler failed ${attempt} times (${failure}): ${errorText(e)}`, failure);
          return 'parked';
        }
        this.logger.warn('event handler failed; will retry', {
          consumer: this.opts.groupId,
          eventId: event.id,
          type: event.type,
          attempt,
          failure,
          retryInMs: next.delayMs,
          error: errorText(e),
        });
        await this.waitBeatingHeart(next.delayMs, heartbeat);
        if (this.stopSignal.signal.aborted) return 'abandoned';
      }
    }
  }

  /** A long back-off keeps the group membership: a heartbeat every few seconds while waiting. */
  private async waitBeatingHeart(ms: number, heartbeat: () => Promise<void>): Promise<void> {
    for (let left = ms; left > 0 && !this.stopSignal.signal.aborted; left -= 3000) {
      await heartbeat();
      await sleep(Math.min(left, 3000), this.stopSignal.signal);
    }
  }

  /**
   * In the caller's transaction: claim the event id for this consumer (with where it was read),
   * then run the handler. A message below its partition's watermark (pruning.ts) was processed
   * and its record pruned: a duplicate too — except on a replay, for a parked message was never
   * processed.
   */
  private async apply(
    manager: EntityManager,
    event: EventEnvelope,
    handler: EventHandler | null,
    position: Position,
    belowWatermarkIsDuplicate: boolean,
  ): Promise<Outcome> {
    const watermark = belowWatermarkIsDuplicate
      ? `WHERE NOT EXISTS (SELECT 1 FROM ${this.schema}.consumer_watermarks w
           WHERE w.consumer = $1 AND w.topic = $3 AND w.partition = $4 AND w.pruned_below > $5::bigint)`
      : '';
    const claimed: unknown[] = await manager.query(
      `INSERT INTO ${this.schema}.processed_events (consumer, event_id, topic, partition, "offset")
       SELECT $1, $2, $3, $4, $5::bigint ${watermark}
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [this.opts.groupId, event.id, position.topic, position.partition, position.offset],
    );
    if (claimed.length === 0) return 'duplicate';
    if (!handler) return 'ignored';
    await handler(event, manager);
    return 'handled';
  }

  private async park(topic: string, partition: number, message: KafkaMessage, error: string, failure: FailureKind): Promise<void> {
    const consumer = this.opts.groupId;
    this.logger.error('consumer parked a message', { consumer, topic, partition, offset: message.offset, failure, error });
    await this.opts.dataSource.query(
      `INSERT INTO ${this.schema}.parked_messages (consumer, topic, partition, "offset", key, value, error, failure)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
      [
        consumer,
        topic,
        partition,
        message.offset,
        message.key && asText(message.key),
        message.value ? asText(message.value) : '',
        error.replace(/\u0000/g, '\\u0000'), // Postgres text cannot hold NUL; a parse error may quote one
        failure,
      ],
    );
    messagesParkedTotal.inc({ consumer, failure });
    parkedMessagesGauge.inc({ consumer });
  }

  /** The replay poll and housekeeping, one at a time, until stop(). */
  private startChores(): void {
    const { replayPollMs = 2000, housekeepingIntervalMs = 600_000 } = this.opts;
    const chore = (work: () => Promise<void>) => () => {
      this.chores = this.chores
        .then(work)
        .catch((e: unknown) =>
          this.logger.warn('consumer housekeeping failed; tried again later', { consumer: this.opts.groupId, error: errorText(e) }),
        );
    };
    if (replayPollMs > 0)
      this.timers.push(
        setInterval(
          chore(() => this.replayRequested().then(() => undefined)),
          replayPollMs,
        ).unref(),
      );
    if (housekeepingIntervalMs > 0) {
      chore(() => this.housekeeping().then(() => undefined))();
      this.timers.push(
        setInterval(
          chore(() => this.housekeeping().then(() => undefined)),
          housekeepingIntervalMs,
        ).unref(),
      );
    }
  }

  /**
   * Replays the parked messages of this group asked for: each in one transaction that holds the
   * parked row, records the event processed, runs its handler and drops the payload — so a replay
   * has its effect once, however often it is asked for or by how many instances. One that fails
   * again stays parked with its new error. Answers how many were replayed.
   */
  async replayRequested(): Promise<number> {
    const { dataSource, schema, groupId: consumer } = this.opts;
    let replayed = 0;
    for (const id of await replaysRequested(dataSource, schema, consumer)) {
      if (this.stopSignal.signal.aborted) break;
      try {
        const outcome = await dataSource.transaction(async (m) => {
          const parked = await lockForReplay(m, schema, id);
          if (!parked) return null;
          const event = parseEvent(bytesOf(parked.value));
          const route = this.routes.routeOf(event);
          if ('unreadable' in route) throw new PermanentReplayError(route.unreadable);
          const result = await this.apply(m, event, route.handler, parked, false);
          await markReplayed(m, schema, id, this.now());
          return result;
        });
        if (!outcome) continue;
        replayed++;
        parkedReplaysTotal.inc({ consumer, outcome: 'replayed' });
        this.logger.info('parked message replayed', { consumer, parkedId: id, outcome });
      } catch (e) {
        const failure = e instanceof PermanentReplayError ? 'permanent' : classifyFailure(e);
        await markReplayFailed(dataSource, schema, id, `replay failed (${failure}): ${errorText(e)}`, failure);
        parkedReplaysTotal.inc({ consumer, outcome: 'parked' });
        this.logger.error('parked message failed again on replay', { consumer, parkedId: id, failure, error: errorText(e) });
      }
    }
    if (replayed) await this.countParked();
    return replayed;
  }

  /**
   * Prunes processed events below the committed offsets and older than keepProcessedMs, purges
   * parked payloads older than parkedRetentionMs, and sets the parked gauge.
   */
  async housekeeping(): Promise<{ pruned: number; purged: number; parked: number }> {
    const { dataSource, schema, groupId: consumer, kafka, topics } = this.opts;
    const now = this.now();
    const admin = kafka.admin();
    await admin.connect();
    let committed;
    try {
      committed = (await admin.fetchOffsets({ groupId: consumer, topics })).flatMap((t) =>
        t.partitions.map((p) => ({ topic: t.topic, partition: p.partition, offset: p.offset })),
      );
    } finally {
      await admin.disconnect();
    }
    const keep = this.opts.keepProcessedMs ?? DEFAULT_KEEP_PROCESSED_MS;
    const pruned = await pruneProcessedEvents(dataSource, schema, consumer, committed, new Date(now.getTime() - keep), now);
    const retention = this.opts.parkedRetentionMs ?? DEFAULT_PARKED_RETENTION_MS;
    const purged = await purgeParkedPayloads(dataSource, schema, consumer, new Date(now.getTime() - retention), now);
    if (pruned) processedEventsPrunedTotal.inc({ consumer }, pruned);
    if (purged) this.logger.warn('parked messages past their retention lost their payload', { consumer, purged });
    const parked = await this.countParked();
    return { pruned, purged, parked };
  }

  private async countParked(): Promise<number> {
    const { dataSource, schema, groupId: consumer } = this.opts;
    const parked = await countWaiting(dataSource, schema, consumer);
    parkedMessagesGauge.set({ consumer }, parked);
    return parked;
  }

  /** A partition whose end lies below its watermark was made anew: its watermark goes (pruning.ts). */
  private async forgetWatermarksOfRecreatedTopics(): Promise<void> {
    const { dataSource, schema, groupId: consumer, kafka } = this.opts;
    const watermarks = await watermarksOf(dataSource, schema, consumer);
    if (watermarks.length === 0) return;
    const admin = kafka.admin();
    await admin.connect();
    try {
      for (const topic of [...new Set(watermarks.map((w) => w.topic))]) {
        const ends = await admin.fetchTopicOffsets(topic).catch(() => []);
        for (const w of watermarks.filter((x) => x.topic === topic)) {
          const end = ends.find((p) => p.partition === w.partition);
          if (!end || BigInt(end.high) >= BigInt(w.prunedBelow)) continue;
          this.logger.warn('partition ends below its watermark (topic made anew); watermark forgotten', { consumer, ...w, end: end.high });
          await forgetWatermark(dataSource, schema, consumer, w.topic, w.partition);
        }
      }
    } finally {
      await admin.disconnect();
    }
  }
}

/** A replayed message this consumer cannot read: as permanent as it was. */
class PermanentReplayError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentReplayError';
  }
}

/** Bytes as text for a text column: UTF-8 when it round-trips (and has no NUL), else `base64:…`. */
export function asText(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  return !text.includes('\u0000') && Buffer.from(text, 'utf8').equals(bytes) ? text : `base64:${bytes.toString('base64')}`;
}
