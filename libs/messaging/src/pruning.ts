/**
 * Pruning consumers' processed-event records (issue 18 §4). The topics keep every event
 * (retention.ms=-1, see ensure-topics.ts), so "older than the topics' retention" never comes; the
 * bound is instead the consumer group's committed offset. Kafka redelivers from the committed
 * offset on (a crash, a rebalance), never below it, so a record whose message lies below its
 * partition's committed offset is needed only against two rarer redeliveries:
 * - the outbox relay publishing an event twice (a crash between the send and marking it
 *   published): the copy comes as soon as the relay runs again, minutes later, not weeks — the
 *   records are kept `keepMs` (default 30 days) for it;
 * - the group's offsets lost or reset (Kafka drops a group's offsets after it was empty for
 *   offsets.retention.minutes, 7 days by default; fromBeginning then reads every event again):
 *   each prune raises the partition's watermark to just above the highest offset it pruned, and
 *   the consumer treats a message below the watermark as processed (consumer.ts).
 * Records from before positions were recorded (no offset) are kept: their partition is unknown,
 * and they no longer grow.
 */
import type { DataSource } from 'typeorm';
import { daysFromEnv } from './backoff';
import { quoteSchema } from './tables';

/** 30 days, or AMICUS_PROCESSED_EVENTS_KEEP_DAYS days. */
export const DEFAULT_KEEP_PROCESSED_MS = daysFromEnv('AMICUS_PROCESSED_EVENTS_KEEP_DAYS', 30);

/** A partition's committed offset, as kafkajs admin.fetchOffsets answers it ("-1": none yet). */
export interface CommittedOffset {
  topic: string;
  partition: number;
  offset: string;
}

const BATCH = 5000;

/**
 * Deletes the consumer's records below each partition's committed offset and processed before
 * `olderThan`, in batches, raising the partition's watermark in the same transaction as each
 * batch. Answers how many were pruned.
 */
export async function pruneProcessedEvents(
  db: DataSource,
  schema: string,
  consumer: string,
  committed: readonly CommittedOffset[],
  olderThan: Date,
  now: Date,
): Promise<number> {
  const s = quoteSchema(schema);
  let total = 0;
  for (const { topic, partition, offset } of committed) {
    if (!/^\d+$/.test(offset)) continue; // nothing committed yet
    for (;;) {
      const n = await db.transaction(async (m) => {
        const [pruned]: { n: number; top: string | null }[] = await m.query(
          `WITH pruned AS (
             DELETE FROM ${s}.processed_events WHERE (consumer, event_id) IN (
               SELECT consumer, event_id FROM ${s}.processed_events
                WHERE consumer = $1 AND topic = $2 AND partition = $3 AND "offset" < $4::bigint AND processed_at < $5
                LIMIT ${BATCH})
             RETURNING "offset")
           SELECT count(*)::int AS n, max("offset")::text AS top FROM pruned`,
          [consumer, topic, partition, offset, olderThan],
        );
        if (!pruned || pruned.n === 0 || pruned.top === null) return 0;
        await m.query(
          `INSERT INTO ${s}.consumer_watermarks (consumer, topic, partition, pruned_below, updated_at) VALUES ($1, $2, $3, $4::bigint + 1, $5)
           ON CONFLICT (consumer, topic, partition)
           DO UPDATE SET pruned_below = GREATEST(consumer_watermarks.pruned_below, EXCLUDED.pruned_below), updated_at = EXCLUDED.updated_at`,
          [consumer, topic, partition, pruned.top, now],
        );
        return pruned.n;
      });
      total += n;
      if (n < BATCH) break;
    }
  }
  return total;
}

/** The consumer's watermarks: below `prunedBelow`, a message of the partition was processed. */
export async function watermarksOf(
  db: DataSource,
  schema: string,
  consumer: string,
): Promise<{ topic: string; partition: number; prunedBelow: string }[]> {
  return db.query(
    `SELECT topic, partition, pruned_below::text AS "prunedBelow" FROM ${quoteSchema(schema)}.consumer_watermarks WHERE consumer = $1`,
    [consumer],
  );
}

/**
 * Forgets the watermark of a partition whose end lies below it: offsets never go back, so the
 * topic was deleted and made anew (a broker's data wiped) and its new messages must not be
 * taken for processed ones.
 */
export async function forgetWatermark(db: DataSource, schema: string, consumer: string, topic: string, partition: number): Promise<void> {
  await db.query(`DELETE FROM ${quoteSchema(schema)}.consumer_watermarks WHERE consumer = $1 AND topic = $2 AND partition = $3`, [
    consumer,
    topic,
    partition,
  ]);
}
