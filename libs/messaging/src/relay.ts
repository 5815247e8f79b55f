import { CompressionTypes, Partitioners, type Kafka, type Message, type Producer } from 'kafkajs';
import { Client, type ClientConfig } from 'pg';
import type { DataSource, DataSourceOptions, QueryRunner } from 'typeorm';
import { backoffDelay, sleep } from './backoff';
import { ensureTopics } from './ensure-topics';
import { defaultLogger, errorText, type Logger } from './logger';
import { outboxChannel } from './outbox';
import { quoteSchema } from './tables';

export interface OutboxRelayOptions {
  dataSource: DataSource;
  schema: string;
  kafka: Kafka;
  /**
   * Wait between polls when the outbox is empty. The relay LISTENs for the NOTIFY that
   * `Outbox.append` sends on commit and wakes at once; the poll catches what is written without
   * it (a bulk COPY) and covers a lost LISTEN connection. Default 1000 ms.
   */
  pollIntervalMs?: number;
  /** LISTEN for the outbox's NOTIFY. Default true; false polls only. */
  listen?: boolean;
  /** Where to LISTEN, when not the data source's own server settings (e.g. past a pooler that cannot LISTEN). */
  listenConnection?: ClientConfig;
  /** Rows claimed per batch (a round sends up to 5, in requests of at most ~900 kB). Default 2000. */
  batchSize?: number;
  /** Compression of the produced batches. Default none (cheapest on CPU; kafkajs has GZIP built in). */
  compression?: CompressionTypes;
  logger?: Logger;
  /** Longest wait between retries while Kafka (or the LISTEN connection) is unreachable. Default 5000 ms. */
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
/** First retry after a failed round or a lost LISTEN connection (or the poll interval, if shorter). */
const RETRY_BASE_MS = 200;
/** Per produce request, under the broker's default 1 MB per partition's batch whatever the partitioning. */
const MAX_REQUEST_BYTES = 900 * 1024;
/** Batches claimed and sent in one round's transaction (what a crash mid-round may send again). */
const BATCHES_PER_ROUND = 5;

/**
 * Publishes a service's outbox to Kafka, in seq order, at least once.
 *
 * Each round runs in one Postgres transaction: take the schema's relay lock (one publisher at a
 * time, so one aggregate's events keep their order), claim and mark the oldest unpublished rows
 * in one statement (`UPDATE … WHERE seq = ANY(ARRAY(SELECT … FOR UPDATE SKIP LOCKED)) RETURNING`,
 * so a second relay can never claim the same row), send them while claiming the next batch,
 * commit. If Kafka fails, the unsent rows are marked unpublished again with `attempts` and
 * `last_error` recorded, and the relay backs off and tries again, forever.
 *
 * The relay wakes on the NOTIFY that `Outbox.append` sends in the writer's transaction (Postgres
 * delivers it on commit), so an event leaves within milliseconds; a full batch is followed by
 * the next at once; the poll is a fallback. A lost LISTEN connection is reconnected with
 * back-off, the relay polling meanwhile, and a round runs as soon as it is back.
 */
export class OutboxRelay {
  private readonly dataSource: DataSource;
  private readonly kafka: Kafka;
  private readonly table: string;
  private readonly lockName: string;
  private readonly channel: string;
  private readonly pollIntervalMs: number;
  private readonly listen: boolean;
  private readonly listenConnection: ClientConfig;
  private readonly batchSize: number;
  private readonly compression: CompressionTypes;
  private readonly maxBackoffMs: number;
  private readonly retentionMs: number;
  private readonly logger: Logger;
  private producer: Producer | null = null;
  private loop: Promise<void> | null = null;
  private listener: Promise<void> | null = null;
  private stopSignal = new AbortController();
  /** Rounds run one at a time within this process (the loop and flush() share the producer). */
  private serial: Promise<unknown> = Promise.resolve();
  private lastPurge = 0;
  /** Topics known to exist with leaders; see send(). */
  private readonly readyTopics = new Set<string>();
  /** A NOTIFY (or a reconnect) came since the loop's last round began. */
  private woken = false;
  private wakeWaiter: (() => void) | null = null;

  constructor(opts: OutboxRelayOptions) {
    this.dataSource = opts.dataSource;
    this.kafka = opts.kafka;
    this.table = `${quoteSchema(opts.schema)}.outbox`;
    this.lockName = `${opts.schema}.outbox`;
    this.channel = outboxChannel(opts.schema);
    this.pollIntervalMs = opts.pollIntervalMs ?? 1000;
    this.listen = opts.listen ?? true;
    this.listenConnection = {
      ...(opts.listenConnection ?? clientConfigOf(opts.dataSource)),
      application_name: `amicus-outbox-relay ${opts.schema}`,
      keepAlive: true,
    };
    this.batchSize = opts.batchSize ?? 2000;
    this.compression = opts.compression ?? CompressionTypes.None;
    this.maxBackoffMs = opts.maxBackoffMs ?? 5000;
    this.retentionMs = opts.retentionMs ?? 7 * 24 * 3600 * 1000;
    this.logger = opts.logger ?? defaultLogger('amicus.outbox-relay');
  }

  /** Starts the publishing loop (and its LISTEN connection) in the background; resolves at once. */
  async start(): Promise<void> {
    if (this.loop) return;
    this.stopSignal = new AbortController();
    const signal = this.stopSignal.signal;
    if (this.listen) this.listener = this.listenForCommits(signal);
    this.loop = this.run(signal);
    this.logger.info('outbox relay started', { outbox: this.table, listen: this.listen });
  }

  /** Lets the current round finish, then disconnects from Kafka and stops listening. */
  async stop(): Promise<void> {
    this.stopSignal.abort();
    const wasRunning = this.loop !== null;
    await Promise.all([this.loop, this.listener]);
    this.loop = null;
    this.listener = null;
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
        this.woken = false; // what was committed before this round's claim, the claim sees
        const sent = await this.exclusive(() => this.publishRound(false));
        if (failures > 0) this.logger.info('outbox relay recovered', { outbox: this.table, failures });
        failures = 0;
        await this.purgeIfDue();
        if (sent < this.batchSize) await this.waitForCommit(this.pollIntervalMs, signal);
      } catch (e) {
        failures += 1;
        const retryInMs = backoffDelay(failures, Math.min(RETRY_BASE_MS, this.pollIntervalMs), this.maxBackoffMs);
        this.logger.warn('outbox relay could not publish; will retry', {
          outbox: this.table,
          failures,
          retryInMs,
          error: errorText(e),
        });
        await sleep(retryInMs, signal); // not woken by commits: they must not hammer a broker that is down
      }
    }
  }

  /** Resolves on the next NOTIFY (at once if one came during the round), after `ms`, or on stop. */
  private waitForCommit(ms: number, signal: AbortSignal): Promise<void> {
    if (this.woken || signal.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
      this.wakeWaiter = done;
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
    }).finally(() => (this.wakeWaiter = null));
  }

  private wake(): void {
    this.woken = true;
    this.wakeWaiter?.();
  }

  /**
   * Holds one connection (not from the pool) in LISTEN on the outbox's channel while the relay
   * runs; when it is lost, reconnects with back-off and wakes the loop once it is back, for
   * what was committed in between.
   */
  private async listenForCommits(signal: AbortSignal): Promise<void> {
    let failures = 0;
    while (!signal.aborted) {
      const client = new Client(this.listenConnection);
      // Attached before connect: an idle connection's error must not crash the process.
      const lost = new Promise<Error>((resolve) => {
        client.on('error', resolve);
        client.on('end', () => resolve(new Error('LISTEN connection closed')));
      });
      const stopped = new Promise<null>((resolve) => signal.addEventListener('abort', () => resolve(null), { once: true }));
      try {
        await client.connect();
        client.on('notification', () => this.wake());
        await client.query(`LISTEN "${this.channel}"`);
        if (failures > 0) this.logger.info('outbox relay listening again', { outbox: this.table, failures });
        failures = 0;
        this.wake();
        const reason = await Promise.race([lost, stopped]);
        if (reason) throw reason;
      } catch (e) {
        if (signal.aborted) break;
        failures += 1;
        const retryInMs = backoffDelay(failures, RETRY_BASE_MS, this.maxBackoffMs);
        this.logger.warn('outbox relay lost its LISTEN connection; polling until it is back', {
          outbox: this.table,
          failures,
          retryInMs,
          pollIntervalMs: this.pollIntervalMs,
          error: errorText(e),
        });
        await sleep(retryInMs, signal);
      } finally {
        client.removeAllListeners('notification');
        await client.end().catch(() => undefined);
      }
    }
  }

  private exclusive<T>(round: () => Promise<T>): Promise<T> {
    const result = this.serial.then(round, round);
    this.serial = result.catch(() => undefined);
    return result;
  }

  /**
   * One round in one transaction: claim a batch, then send it while the next batch is claimed
   * (Postgres and Kafka work at the same time), up to BATCHES_PER_ROUND batches; commit. Returns
   * how many rows it published (0 when another relay holds the lock). If a send fails, what was
   * sent stays marked and the rest is marked unpublished again with the error, and committed.
   */
  private async publishRound(waitForLock: boolean): Promise<number> {
    const qr = this.dataSource.createQueryRunner();
    await qr.connect();
    try {
      await qr.startTransaction();
      if (!(await this.lock(qr, waitForLock))) {
        await qr.commitTransaction();
        return 0;
      }
      let published = 0;
      let batch = await this.claim(qr, null);
      for (let round = 1; batch.length > 0; round++) {
        const full = batch.length === this.batchSize && round < BATCHES_PER_ROUND;
        const [sent, next] = await Promise.allSettled([this.send(batch), full ? this.claim(qr, batch.at(-1)!.seq) : Promise.resolve([])]);
        if (sent.status === 'rejected') {
          await this.dropProducer();
          const unsent = [...batch, ...(next.status === 'fulfilled' ? next.value : [])].map((r) => r.seq);
          await qr.query(`UPDATE ${this.table} SET published_at = NULL, last_error = $2 WHERE seq = ANY($1::bigint[])`, [
            unsent,
            errorText(sent.reason),
          ]);
          await qr.commitTransaction();
          throw sent.reason;
        }
        published += batch.length;
        if (next.status === 'rejected') throw next.reason; // the transaction is lost: its rows go again
        batch = next.value;
      }
      await qr.commitTransaction();
      return published;
    } catch (e) {
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      throw e;
    } finally {
      await qr.release();
    }
  }

  /**
   * Claims and marks the oldest unpublished rows in one statement; `ARRAY(…)` keeps it an index
   * scan in seq order. After the round's first batch it starts past the rows the round has
   * claimed (a row committed meanwhile with a lower seq waits for the next round).
   */
  private claim(qr: QueryRunner, after: string | null): Promise<OutboxRow[]> {
    return qr.query(
      `WITH claimed AS (
         UPDATE ${this.table} SET published_at = now(), attempts = attempts + 1
          WHERE seq = ANY(ARRAY(
            SELECT seq FROM ${this.table} WHERE published_at IS NULL AND seq > $2
             ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED))
         RETURNING seq, id, type, version, topic, key, envelope)
       SELECT seq, id, type, version, topic, key, envelope::text AS envelope FROM claimed ORDER BY seq`,
      [this.batchSize, after ?? '0'],
    );
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

  /** Sends the rows in seq order, in requests of at most MAX_REQUEST_BYTES, one after the other. */
  private async send(rows: OutboxRow[]): Promise<void> {
    // Producing to a topic that is still being auto-created can fail for some partitions after
    // others were written, and the retry then duplicates those: create it and wait for leaders first.
    const newTopics = [...new Set(rows.map((r) => r.topic))].filter((t) => !this.readyTopics.has(t));
    if (newTopics.length > 0) {
      await ensureTopics(this.kafka, newTopics);
      newTopics.forEach((t) => this.readyTopics.add(t));
    }
    const producer = await this.connectedProducer();
    for (let start = 0; start < rows.length;) {
      const byTopic = new Map<string, Message[]>();
      let bytes = 0;
      let end = start;
      for (; end < rows.length && (end === start || bytes < MAX_REQUEST_BYTES); end++) {
        const row = rows[end]!;
        bytes += row.envelope.length + row.key.length + row.id.length + row.type.length + 64;
        const messages = byTopic.get(row.topic) ?? [];
        messages.push({
          key: row.key,
          value: row.envelope,
          headers: { 'event-id': row.id, 'event-type': row.type, 'event-version': String(row.version) },
        });
        byTopic.set(row.topic, messages);
      }
      await producer.sendBatch({
        acks: -1,
        compression: this.compression,
        topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })),
      });
      start = end;
    }
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

/** The LISTEN connection's settings, from the data source's own (URL or fields). */
function clientConfigOf(dataSource: DataSource): ClientConfig {
  const o = dataSource.options as Extract<DataSourceOptions, { type: 'postgres' }>;
  return {
    connectionString: o.url,
    host: o.host,
    port: o.port,
    user: o.username,
    password: typeof o.password === 'string' ? o.password : undefined,
    database: o.database,
    ssl: o.ssl as ClientConfig['ssl'],
    connectionTimeoutMillis: o.connectTimeoutMS ?? 5000, // stop() must not wait on a host that does not answer
  };
}
