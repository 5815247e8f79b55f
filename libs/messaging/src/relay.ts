import { Partitioners, type Kafka, type Message, type Producer } from 'kafkajs';
import type { DataSource, QueryRunner } from 'typeorm';
import { backoffDelay, sleep } from './backoff';
import { ensureTopics } from './ensure-topics';
import { defaultLogger, errorText, type Logger } from './logger';
import { quoteSchema } from './tables';

export interface OutboxRelayOptions {
  dataSource: DataSource;
  schema: string;
  kafka: Kafka;
  /** Wait between polls when the outbox is empty. Default 200 ms. */
  pollIntervalMs?: number;
  /** Rows claimed and sent per round. Default 500. */
  batchSize?: number;
  logger?: Logger;
  /** Longest wait between retries while Kafka is unreachable. Default 5000 ms. */
  maxBackoffMs?: number;
  /** Published rows older than this are deleted by the relay. Default 7 days. */
  retentionMs?: number;
}

interface OutboxRow {
  seq: string;
  topic: string;
  key: string;
  type: string;
  version: number;
  id: string;
  envelope: string;
}

const PURGE_EVERY_MS = 60_000;

/**
 * Publishes a service's outbox to Kafka, in seq order, at least once.
 *
 * Each round runs in one Postgres transaction: take the schema's relay lock (one publisher at a
 * time, so one aggregate's events keep their order), claim the oldest unpublished rows
 * `FOR UPDATE SKIP LOCKED` (a second relay can never claim the same row), send them, mark them
 * published, commit. If Kafka fails, the rows stay unpublished with `attempts` and `last_error`
 * recorded, and the relay backs off and tries again, forever.
 */
export class OutboxRelay {
  private readonly dataSource: DataSource;
  private readonly kafka: Kafka;
  private readonly table: string;
  private readonly lockName: string;
  private readonly pollIntervalMs: number;
  private readonly batchSize: number;
  private readonly maxBackoffMs: number;
  private readonly retentionMs: number;
  private readonly logger: Logger;
  private producer: Producer | null = null;
  private loop: Promise<void> | null = null;
  private stopSignal = new AbortController();
  /** Rounds run one at a time within this process (the loop and flush() share the producer). */
  private serial: Promise<unknown> = Promise.resolve();
  private lastPurge = 0;
  /** Topics known to exist with leaders; see send(). */
  private readonly readyTopics = new Set<string>();

  constructor(opts: OutboxRelayOptions) {
    this.dataSource = opts.dataSource;
    this.kafka = opts.kafka;
    this.table = `${quoteSchema(opts.schema)}.outbox`;
    this.lockName = `${opts.schema}.outbox`;
    this.pollIntervalMs = opts.pollIntervalMs ?? 200;
    this.batchSize = opts.batchSize ?? 500;
    this.maxBackoffMs = opts.maxBackoffMs ?? 5000;
    this.retentionMs = opts.retentionMs ?? 7 * 24 * 3600 * 1000;
    this.logger = opts.logger ?? defaultLogger('amicus.outbox-relay');
  }

  /** Starts the publishing loop in the background; resolves at once. */
  async start(): Promise<void> {
    if (this.loop) return;
    this.stopSignal = new AbortController();
    this.loop = this.run(this.stopSignal.signal);
    this.logger.info('outbox relay started', { outbox: this.table });
  }

  /** Lets the current round finish, then disconnects from Kafka. */
  async stop(): Promise<void> {
    this.stopSignal.abort();
    const wasRunning = this.loop !== null;
    await this.loop;
    this.loop = null;
    await this.serial; // a flush() in progress
    await this.dropProducer();
    if (wasRunning) this.logger.info('outbox relay stopped', { outbox: this.table });
  }

  /** Publishes everything pending now (waiting for another relay's round if need be); returns how many. */
  async flush(): Promise<number> {
    let total = 0;
    for (;;) {
      const sent = await this.exclusive(() => this.publishRound(true));
      total += sent;
      if (sent < this.batchSize) return total;
    }
  }

  async pending(): Promise<number> {
    const [row] = await this.dataSource.query(`SELECT count(*)::int AS n FROM ${this.table} WHERE published_at IS NULL`);
    return (row as { n: number }).n;
  }

  private async run(signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      try {
        const sent = await this.exclusive(() => this.publishRound(false));
        if (failures > 0) this.logger.info('outbox relay recovered', { outbox: this.table, failures });
        failures = 0;
        await this.purgeIfDue();
        if (sent < this.batchSize) await sleep(this.pollIntervalMs, signal);
      } catch (e) {
        failures += 1;
        const retryInMs = backoffDelay(failures, this.pollIntervalMs, this.maxBackoffMs);
        this.logger.warn('outbox relay could not publish; will retry', {
          outbox: this.table,
          failures,
          retryInMs,
          error: errorText(e),
        });
        await sleep(retryInMs, signal);
      }
    }
  }

  private exclusive<T>(round: () => Promise<T>): Promise<T> {
    const result = this.serial.then(round, round);
    this.serial = result.catch(() => undefined);
    return result;
  }

  /** One round; returns how many rows it published (0 when another relay holds the lock). */
  private async publishRound(waitForLock: boolean): Promise<number> {
    const qr = this.dataSource.createQueryRunner();
    await qr.connect();
    try {
      await qr.startTransaction();
      if (!(await this.lock(qr, waitForLock))) {
        await qr.commitTransaction();
        return 0;
      }
      const rows: OutboxRow[] = await qr.query(
        `SELECT seq, id, type, version, topic, key, envelope::text AS envelope FROM ${this.table}
          WHERE published_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.batchSize],
      );
      if (rows.length === 0) {
        await qr.commitTransaction();
        return 0;
      }
      const seqs = rows.map((r) => r.seq);
      try {
        await this.send(rows);
      } catch (e) {
        await this.dropProducer();
        await qr.query(`UPDATE ${this.table} SET attempts = attempts + 1, last_error = $2 WHERE seq = ANY($1::bigint[])`, [
          seqs,
          errorText(e),
        ]);
        await qr.commitTransaction();
        throw e;
      }
      await qr.query(`UPDATE ${this.table} SET published_at = now(), attempts = attempts + 1 WHERE seq = ANY($1::bigint[])`, [seqs]);
      await qr.commitTransaction();
      return rows.length;
    } catch (e) {
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      throw e;
    } finally {
      await qr.release();
    }
  }

  /** The schema's relay lock, held until the round's transaction ends. */
  private async lock(qr: QueryRunner, wait: boolean): Promise<boolean> {
    if (wait) {
      await qr.query(`SELECT pg_advisory_xact_lock(hashtext('amicus.messaging'), hashtext($1))`, [this.lockName]);
      return true;
    }
    const [row] = await qr.query(`SELECT pg_try_advisory_xact_lock(hashtext('amicus.messaging'), hashtext($1)) AS locked`, [this.lockName]);
    return (row as { locked: boolean }).locked;
  }

  private async send(rows: OutboxRow[]): Promise<void> {
    const byTopic = new Map<string, Message[]>();
    for (const row of rows) {
      const messages = byTopic.get(row.topic) ?? [];
      messages.push({
        key: row.key,
        value: row.envelope,
        headers: { 'event-id': row.id, 'event-type': row.type, 'event-version': String(row.version) },
      });
      byTopic.set(row.topic, messages);
    }
    // Producing to a topic that is still being auto-created can fail for some partitions after
    // others were written, and the retry then duplicates those: create it and wait for leaders first.
    const newTopics = [...byTopic.keys()].filter((t) => !this.readyTopics.has(t));
    if (newTopics.length > 0) {
      await ensureTopics(this.kafka, newTopics);
      newTopics.forEach((t) => this.readyTopics.add(t));
    }
    const producer = await this.connectedProducer();
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
    });
  }

  private async connectedProducer(): Promise<Producer> {
    if (!this.producer) {
      // Idempotent: when kafkajs retries a request that partly succeeded, the broker drops the
      // batches it already has instead of appending them twice. One request in flight keeps
      // each partition in seq order across retries.
      const producer = this.kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        createPartitioner: Partitioners.DefaultPartitioner,
      });
      this.producer = producer; // before connect, so a failed connect is still cleaned up
      await producer.connect();
    }
    return this.producer;
  }

  private async dropProducer(): Promise<void> {
    const producer = this.producer;
    this.producer = null;
    await producer?.disconnect().catch(() => undefined);
  }

  private async purgeIfDue(): Promise<void> {
    if (Date.now() - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = Date.now();
    await this.dataSource.query(
      `DELETE FROM ${this.table} WHERE seq IN (
         SELECT seq FROM ${this.table} WHERE published_at < now() - make_interval(secs => $1) LIMIT 10000)`,
      [this.retentionMs / 1000],
    );
  }
}
