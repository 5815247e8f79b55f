// What the messaging integration tests share: a private schema per test, the real broker, and
// a way to wait for an outcome without fixed sleeps.
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';
import { DataSource } from 'typeorm';
import { ClientOnboarded, createEvent, type EventEnvelope } from '@amicus/events';
import { messagingHousekeepingUp, messagingTablesDown, messagingTablesUp, type Logger } from '../src';

export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/amicus';
export const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');

export function uniqueName(prefix: string): string {
  return `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
}

/** A fresh schema with the messaging tables and an `effects` table for handlers to write to. */
export async function createTestSchema(): Promise<{ dataSource: DataSource; schema: string; drop: () => Promise<void> }> {
  const schema = uniqueName('msg_test');
  const dataSource = new DataSource({ type: 'postgres', url: DATABASE_URL, poolSize: 5 });
  await dataSource.initialize();
  for (const sql of [...messagingTablesUp(schema), ...messagingHousekeepingUp(schema)]) await dataSource.query(sql);
  // No unique key on purpose: a second application of an event shows up as a second row.
  await dataSource.query(`CREATE TABLE "${schema}".effects (event_id uuid NOT NULL, consumer text NOT NULL)`);
  return {
    dataSource,
    schema,
    drop: async () => {
      for (const sql of messagingTablesDown(schema)) await dataSource.query(sql);
      await dataSource.query(`DROP SCHEMA "${schema}" CASCADE`);
      await dataSource.destroy();
    },
  };
}

export function testKafka(config: Partial<KafkaConfig> = {}): Kafka {
  return new Kafka({ clientId: 'messaging-test', brokers: BROKERS, logLevel: logLevel.NOTHING, ...config });
}

/** Keeps what was logged, so a test can check that parking was reported. */
export function recordingLogger(): Logger & { lines: { level: string; msg: string; ctx?: object }[] } {
  const lines: { level: string; msg: string; ctx?: object }[] = [];
  return {
    lines,
    info: (msg, ctx) => lines.push({ level: 'info', msg, ctx }),
    warn: (msg, ctx) => lines.push({ level: 'warn', msg, ctx }),
    error: (msg, ctx) => lines.push({ level: 'error', msg, ctx }),
  };
}

/** Polls `probe` until `done` holds for its value; fails with the last value after the timeout. */
export async function eventually<T>(probe: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not reached within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function clientOnboarded(clientId: string = randomUUID()): EventEnvelope {
  return createEvent(ClientOnboarded, {
    aggregateId: clientId,
    clientId,
    payload: { clientId, name: `Client ${clientId.slice(0, 8)}`, country: 'BE', enterpriseNumber: null, sme: false },
  });
}

export async function countEffects(dataSource: DataSource, schema: string): Promise<Map<string, number>> {
  const rows: { event_id: string; n: number }[] = await dataSource.query(
    `SELECT event_id, count(*)::int AS n FROM "${schema}".effects GROUP BY event_id`,
  );
  return new Map(rows.map((r) => [r.event_id, r.n]));
}

/** Reads every message of a topic from the beginning with a throw-away group, until `count` arrived. */
export async function readTopic(kafka: Kafka, topic: string, count: number, timeoutMs = 45_000) {
  const consumer = kafka.consumer({ groupId: uniqueName('reader'), maxWaitTimeInMs: 200 });
  const seen: { key: string; value: string; partition: number; headers: Record<string, string> }[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message, partition }) => {
        const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
        seen.push({ key: String(message.key), value: String(message.value), partition, headers });
      },
    });
    await eventually(
      async () => seen.length,
      (n) => n >= count,
      timeoutMs,
    );
    return seen;
  } finally {
    await consumer.disconnect();
  }
}

/** How many messages a topic holds in all (sum of its partitions' end offsets). */
export async function messagesIn(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}
