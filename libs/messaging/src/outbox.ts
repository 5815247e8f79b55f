import { parseEvent, topicOf, type EventEnvelope } from '@amicus/events';
import type { EntityManager } from 'typeorm';
import { quoteSchema } from './tables';

/**
 * The channel on which a schema's outbox NOTIFYs its relay. Postgres refuses a channel name of
 * 64 bytes or more; a long schema name is cut (two schemas sharing a channel only wake each
 * other's relay for nothing).
 */
export function outboxChannel(schema: string): string {
  return `${quoteSchema(schema).slice(1, -1)}.outbox`.slice(0, 63);
}

/**
 * Writes events into the service's outbox with the caller's EntityManager, so they commit or
 * roll back with the state change they describe. The outbox never opens a transaction itself.
 * It also NOTIFYs the relay in that transaction: Postgres delivers the notification only on
 * commit (and once per transaction however many appends), and drops it on rollback.
 */
export class Outbox {
  private readonly table: string;
  private readonly channel: string;
  private readonly topicPrefix: string;

  /** `topicPrefix` (e.g. `test_ab12.`) namespaces the catalog's topics, for isolated test runs. */
  constructor(schema: string, options: { topicPrefix?: string } = {}) {
    this.table = `${quoteSchema(schema)}.outbox`;
    this.channel = outboxChannel(schema);
    this.topicPrefix = options.topicPrefix ?? '';
  }

  async append(manager: EntityManager, events: EventEnvelope | EventEnvelope[]): Promise<void> {
    const list = Array.isArray(events) ? events : [events];
    if (list.length === 0) return;
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('Outbox.append needs the EntityManager of an open transaction (dataSource.transaction(m => …))');
    }
    // Validate all before writing any: a bad event fails the caller's transaction, not a consumer later.
    const rows = list.map((e) => {
      const envelope = parseEvent(e);
      return [
        envelope.id,
        envelope.type,
        envelope.version,
        this.topicPrefix + topicOf(envelope),
        envelope.aggregateId,
        JSON.stringify(envelope),
      ];
    });
    // 1000 rows per statement keeps well under Postgres' 65535 bind parameters.
    for (let start = 0; start < rows.length; start += 1000) {
      const chunk = rows.slice(start, start + 1000);
      const values = chunk.map(
        (_, i) => `($${i * 6 + 1}, $${i * 6 + 2}, $${i * 6 + 3}, $${i * 6 + 4}, $${i * 6 + 5}, $${i * 6 + 6}::jsonb)`,
      );
      await manager.query(`INSERT INTO ${this.table} (id, type, version, topic, key, envelope) VALUES ${values.join(', ')}`, chunk.flat());
    }
    await manager.query(`SELECT pg_notify($1, '')`, [this.channel]);
  }
}
