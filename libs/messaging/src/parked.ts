/**
 * Parked messages (issue 18 §4): what a consumer could not apply, kept with its bytes and the
 * error until someone fixes the cause and replays it. `amicus messages parked` lists them,
 * `amicus messages replay` asks for a replay: the running consumer of the message's group takes
 * it, runs its handler once in the transaction that records it processed, and drops the payload.
 * Payloads hold personal data, so a parked message not replayed within its retention (default
 * 30 days) loses its payload and is kept only as a record that it was parked.
 */
import type { DataSource, EntityManager } from 'typeorm';
import { daysFromEnv } from './backoff';
import { quoteSchema } from './tables';
import type { FailureKind } from './retry-policy';

/** 30 days, or AMICUS_PARKED_RETENTION_DAYS days. */
export const DEFAULT_PARKED_RETENTION_MS = daysFromEnv('AMICUS_PARKED_RETENTION_DAYS', 30);

export interface ParkedMessage {
  id: string;
  consumer: string;
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  error: string;
  failure: FailureKind;
  parkedAt: Date;
  replayRequestedAt: Date | null;
  replays: number;
  replayedAt: Date | null;
  purgedAt: Date | null;
}

/** One parked message with its payload, as the consumer replays it. */
export interface ParkedPayload {
  id: string;
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string;
}

const COLUMNS = `id::text, consumer, topic, partition, "offset", key, error, failure, parked_at AS "parkedAt",
  replay_requested_at AS "replayRequestedAt", replays, replayed_at AS "replayedAt", purged_at AS "purgedAt"`;

/** Which parked messages: a consumer group's, one by id, and by default only those still waiting. */
export interface ParkedFilter {
  consumer?: string;
  id?: string;
  /** Also those replayed or purged. */
  all?: boolean;
}

function where(filter: ParkedFilter): { sql: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  if (filter.consumer) clauses.push(`consumer = $${params.push(filter.consumer)}`);
  if (filter.id) clauses.push(`id = $${params.push(filter.id)}::bigint`);
  if (!filter.all) clauses.push(`replayed_at IS NULL AND purged_at IS NULL`);
  return { sql: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

/** TypeORM answers an UPDATE … RETURNING on Postgres as [rows, affected count], a SELECT as the rows. */
function returned<T>(result: unknown): T[] {
  const r = result as unknown[];
  return r.length === 2 && Array.isArray(r[0]) && typeof r[1] === 'number' ? (r[0] as T[]) : (r as T[]);
}

export async function listParked(db: DataSource | EntityManager, schema: string, filter: ParkedFilter = {}): Promise<ParkedMessage[]> {
  const { sql, params } = where(filter);
  return db.query(`SELECT ${COLUMNS} FROM ${quoteSchema(schema)}.parked_messages ${sql} ORDER BY id`, params);
}

/**
 * Asks for a replay of the parked messages the filter names that still have their payload;
 * answers those asked for. Asking again for one already asked for changes nothing.
 */
export async function requestReplay(
  db: DataSource,
  schema: string,
  filter: Omit<ParkedFilter, 'all'>,
  now: Date,
): Promise<ParkedMessage[]> {
  const { sql, params } = where(filter);
  const clauses = sql ? `${sql} AND value IS NOT NULL` : 'WHERE value IS NOT NULL';
  return returned<ParkedMessage>(
    await db.query(
      `UPDATE ${quoteSchema(schema)}.parked_messages SET replay_requested_at = COALESCE(replay_requested_at, $${params.length + 1})
       ${clauses} AND replayed_at IS NULL RETURNING ${COLUMNS}`,
      [...params, now],
    ),
  );
}

/** The ids of the consumer's parked messages asked to be replayed, oldest first. */
export async function replaysRequested(db: DataSource, schema: string, consumer: string, limit = 50): Promise<string[]> {
  const rows: { id: string }[] = await db.query(
    `SELECT id::text FROM ${quoteSchema(schema)}.parked_messages
      WHERE consumer = $1 AND replay_requested_at IS NOT NULL AND replayed_at IS NULL AND value IS NOT NULL
      ORDER BY id LIMIT ${Number(limit)}`,
    [consumer],
  );
  return rows.map((r) => r.id);
}

/** The parked message, locked for its replay; undefined when another instance replays it or it is done. */
export async function lockForReplay(m: EntityManager, schema: string, id: string): Promise<ParkedPayload | undefined> {
  const rows: ParkedPayload[] = await m.query(
    `SELECT id::text, topic, partition, "offset", key, value FROM ${quoteSchema(schema)}.parked_messages
      WHERE id = $1::bigint AND replay_requested_at IS NOT NULL AND replayed_at IS NULL AND value IS NOT NULL FOR UPDATE SKIP LOCKED`,
    [id],
  );
  return rows[0];
}

/** Replayed: its effect committed with this; the payload is no longer needed and goes. */
export async function markReplayed(m: EntityManager, schema: string, id: string, now: Date): Promise<void> {
  await m.query(
    `UPDATE ${quoteSchema(schema)}.parked_messages
        SET replayed_at = $2, replays = replays + 1, replay_requested_at = NULL, key = NULL, value = NULL WHERE id = $1::bigint`,
    [id, now],
  );
}

/** The replay failed: it stays parked with the new error, waiting for another fix and request. */
export async function markReplayFailed(db: DataSource, schema: string, id: string, error: string, failure: FailureKind): Promise<void> {
  await db.query(
    `UPDATE ${quoteSchema(schema)}.parked_messages SET replay_requested_at = NULL, replays = replays + 1, error = $2, failure = $3 WHERE id = $1::bigint`,
    [id, error, failure],
  );
}

/** Drops the payload of the consumer's parked messages parked before `before`; answers how many. */
export async function purgeParkedPayloads(db: DataSource, schema: string, consumer: string, before: Date, now: Date): Promise<number> {
  const rows = returned(
    await db.query(
      `UPDATE ${quoteSchema(schema)}.parked_messages SET key = NULL, value = NULL, purged_at = $3
        WHERE consumer = $1 AND parked_at < $2 AND value IS NOT NULL RETURNING id`,
      [consumer, before, now],
    ),
  );
  return rows.length;
}

/** How many of the consumer's parked messages wait for a replay (the gauge's value). */
export async function countWaiting(db: DataSource, schema: string, consumer: string): Promise<number> {
  const [row]: { n: number }[] = await db.query(
    `SELECT count(*)::int AS n FROM ${quoteSchema(schema)}.parked_messages WHERE consumer = $1 AND replayed_at IS NULL AND purged_at IS NULL`,
    [consumer],
  );
  return row?.n ?? 0;
}

/** The bytes `asText` (consumer.ts) kept as text. */
export function bytesOf(text: string): Buffer {
  return text.startsWith('base64:') ? Buffer.from(text.slice('base64:'.length), 'base64') : Buffer.from(text, 'utf8');
}
