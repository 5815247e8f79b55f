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
