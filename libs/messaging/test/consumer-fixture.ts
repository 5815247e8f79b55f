// A consumer in its own process, for the kill test: `node -r @swc-node/register consumer-fixture.ts`.
// Configured by environment; says "ready" on stdout once it consumes; each event's effect is a row
// in <schema>.effects, written slowly so that a SIGKILL lands mid-stream.
import { ClientOnboarded } from '@amicus/events';
import { Kafka, logLevel } from 'kafkajs';
import { DataSource } from 'typeorm';
import { IdempotentConsumer, on } from '../src';

async function main(): Promise<void> {
  const env = (name: string): string => {
    const value = process.env[name];
    if (!value) throw new Error(`consumer-fixture: ${name} is not set`);
    return value;
  };
  const schema = env('FIXTURE_SCHEMA');
  const groupId = env('FIXTURE_GROUP');
  const handlerDelayMs = Number(process.env.FIXTURE_HANDLER_DELAY_MS ?? 50);
  const dataSource = new DataSource({ type: 'postgres', url: env('DATABASE_URL'), poolSize: 3 });
  await dataSource.initialize();
  const kafka = new Kafka({ clientId: 'consumer-fixture', brokers: env('KAFKA_BROKERS').split(','), logLevel: logLevel.NOTHING });
  const consumer = new IdempotentConsumer({
    dataSource,
    schema,
    kafka,
    groupId,
    topics: [env('FIXTURE_TOPIC')],
    logger: { info: () => undefined, warn: () => undefined, error: (msg, ctx) => console.error(msg, ctx) },
    // A killed member is noticed after the session timeout: keep it short so the test stays short.
    consumerConfig: { sessionTimeout: 6000, rebalanceTimeout: 6000, heartbeatInterval: 500, maxWaitTimeInMs: 100 },
    handlers: [
      on(ClientOnboarded, async (event, manager) => {
        await manager.query(`INSERT INTO "${schema}".effects (event_id, consumer) VALUES ($1, $2)`, [event.id, groupId]);
        await new Promise((r) => setTimeout(r, handlerDelayMs));
      }),
    ],
  });
  await consumer.start();
  process.stdout.write('ready\n');
  process.once('SIGTERM', () => {
    void consumer
      .stop()
      .then(() => dataSource.destroy())
      .then(() => process.exit(0));
  });
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
