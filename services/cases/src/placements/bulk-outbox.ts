import type { EntityManager } from 'typeorm';
import { topicOf, type EventEnvelope } from '@amicus/events';

/**
 * Appends events to the service's outbox (the table `@amicus/messaging` creates and its relay
 * publishes) with one statement per 10 000 events: an array per column, unnested by Postgres,
 * instead of six bind parameters per event. For placements, which write a million events at a
 * time. The envelopes come from `createEvent`, which has already validated them. Topics carry the
 * installation's prefix (KAFKA_TOPIC_PREFIX), as the lib's Outbox does.
 */
export function bulkOutbox(schema: string, options: { topicPrefix?: string } = {}) {
  const prefix = options.topicPrefix ?? '';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid schema name ${JSON.stringify(schema)}`);
  const table = `"${schema}".outbox`;
  return async (m: EntityManager, events: EventEnvelope[]): Promise<void> => {
    if (!m.queryRunner?.isTransactionActive) throw new Error('bulkOutbox needs the EntityManager of an open transaction');
    for (let start = 0; start < events.length; start += 10_000) {
      const chunk = events.slice(start, start + 10_000);
      await m.query(
        `INSERT INTO ${table} (id, type, version, topic, key, envelope) SELECT * FROM unnest($1::uuid[], $2::text[], $3::int[], $4::text[], $5::text[], $6::jsonb[])`,
        [chunk.map((e) => e.id), chunk.map((e) => e.type), chunk.map((e) => e.version), chunk.map((e) => prefix + topicOf(e)), chunk.map((e) => e.aggregateId), chunk.map((e) => JSON.stringify(e))],
      );
    }
  };
}
