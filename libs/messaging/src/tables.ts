// The messaging tables live in each service's own schema and are created by that service's
// migration: `for (const sql of messagingTablesUp('cases')) await queryRunner.query(sql)`.

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The schema name, quoted for SQL; refuses anything that is not a plain lower-case identifier. */
export function quoteSchema(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`messaging: invalid schema name ${JSON.stringify(schema)}`);
  return `"${schema}"`;
}

export function messagingTablesUp(schema: string): string[] {
  const s = quoteSchema(schema);
  return [
    `CREATE SCHEMA IF NOT EXISTS ${s}`,
    `CREATE TABLE ${s}.outbox (
      seq bigserial PRIMARY KEY,
      id uuid NOT NULL UNIQUE,
      type text NOT NULL,
      version int NOT NULL,
      topic text NOT NULL,
      key text NOT NULL,
      envelope jsonb NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      published_at timestamptz NULL,
      attempts int NOT NULL DEFAULT 0,
      last_error text NULL
    )`,
    // The relay only ever reads the unpublished tail, in seq order.
    `CREATE INDEX outbox_unpublished_idx ON ${s}.outbox (seq) WHERE published_at IS NULL`,
    `CREATE INDEX outbox_published_at_idx ON ${s}.outbox (published_at) WHERE published_at IS NOT NULL`,
    `CREATE TABLE ${s}.processed_events (
      consumer text NOT NULL,
      event_id uuid NOT NULL,
      processed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer, event_id)
    )`,
    // Unique per Kafka position, so parking a redelivered message again is a no-op.
    `CREATE TABLE ${s}.parked_messages (
      id bigserial PRIMARY KEY,
      consumer text NOT NULL,
      topic text NOT NULL,
      partition int NOT NULL,
      "offset" text NOT NULL,
      key text NULL,
      value text NOT NULL,
      error text NOT NULL,
      parked_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (consumer, topic, partition, "offset")
    )`,
  ];
}

export function messagingTablesDown(schema: string): string[] {
  const s = quoteSchema(schema);
  return [`DROP TABLE IF EXISTS ${s}.parked_messages`, `DROP TABLE IF EXISTS ${s}.processed_events`, `DROP TABLE IF EXISTS ${s}.outbox`];
}

/**
 * Housekeeping (issue 18 §4), added by each service's migration after the tables above:
 * - processed_events keep the Kafka position they were read at, so that housekeeping prunes only
 *   records below their partition's committed offset (see pruning.ts);
 * - consumer_watermarks remember, per partition, below which offset records were pruned: a
 *   message redelivered from there (offsets reset or expired, a group re-reading from the
 *   beginning) is known as processed without its record;
 * - parked_messages say why they were parked (failure kind), carry a replay request and its
 *   outcome, and lose their payload (personal data) once replayed or past their retention.
 */
export function messagingHousekeepingUp(schema: string): string[] {
  const s = quoteSchema(schema);
  return [
    `ALTER TABLE ${s}.processed_events ADD COLUMN topic text NULL, ADD COLUMN partition int NULL, ADD COLUMN "offset" bigint NULL`,
    `CREATE INDEX processed_events_position_idx ON ${s}.processed_events (consumer, topic, partition, "offset")`,
    `CREATE INDEX processed_events_processed_at_idx ON ${s}.processed_events (processed_at)`,
    `CREATE TABLE ${s}.consumer_watermarks (
      consumer text NOT NULL,
      topic text NOT NULL,
      partition int NOT NULL,
      pruned_below bigint NOT NULL,
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer, topic, partition)
    )`,
    `ALTER TABLE ${s}.parked_messages
      ADD COLUMN failure text NOT NULL DEFAULT 'unknown' CHECK (failure IN ('transient', 'permanent', 'unknown')),
      ADD COLUMN replay_requested_at timestamptz NULL,
      ADD COLUMN replays int NOT NULL DEFAULT 0,
      ADD COLUMN replayed_at timestamptz NULL,
      ADD COLUMN purged_at timestamptz NULL,
      ALTER COLUMN value DROP NOT NULL`,
    `CREATE INDEX parked_messages_waiting_idx ON ${s}.parked_messages (consumer) WHERE replayed_at IS NULL AND purged_at IS NULL`,
  ];
}

export function messagingHousekeepingDown(schema: string): string[] {
  const s = quoteSchema(schema);
  return [
    `DROP INDEX IF EXISTS ${s}.parked_messages_waiting_idx`,
    `DELETE FROM ${s}.parked_messages WHERE value IS NULL`,
    `ALTER TABLE ${s}.parked_messages DROP COLUMN failure, DROP COLUMN replay_requested_at, DROP COLUMN replays, DROP COLUMN replayed_at, DROP COLUMN purged_at, ALTER COLUMN value SET NOT NULL`,
    `DROP TABLE IF EXISTS ${s}.consumer_watermarks`,
    `DROP INDEX IF EXISTS ${s}.processed_events_processed_at_idx`,
    `DROP INDEX IF EXISTS ${s}.processed_events_position_idx`,
    `ALTER TABLE ${s}.processed_events DROP COLUMN topic, DROP COLUMN partition, DROP COLUMN "offset"`,
  ];
}
