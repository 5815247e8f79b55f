import { ClientOnboarded, createEvent } from '@amicus/events';
import { ensureTopics, IdempotentConsumer, messagingHousekeepingUp, messagingTablesUp, on, PermanentFailure } from '@amicus/messaging';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { parkedMessages, replayParked } from '@amicus/cli';

/**
 * `amicus messages parked` and `amicus messages replay` against a running consumer (issue 18 §4),
 * on a database of their own with a `reporting` schema as the service's migrations make it: a
 * message its handler refuses is listed; replayed before the fix it fails again and says so;
 * replayed after, the effect happens once, and a second replay finds nothing to do.
 */
const DB = `e2e_messages_cli_${process.pid}`;
const DATABASE_URL = `postgres://postgres@127.0.0.1:5432/${DB}`;
const env = { ...process.env, DATABASE_URL };
const kafka = new Kafka({
  clientId: 'messages-cli-test',
  brokers: (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(','),
  logLevel: logLevel.NOTHING,
});
const topic = `e2e_messages_cli_${Date.now().toString(36)}`;
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

let db: DataSource;
let consumer: IdempotentConsumer;
let fixed = false;

beforeAll(async () => {
  const admin = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/postgres' });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`);
  await admin.query(`CREATE DATABASE ${DB}`);
  await admin.end();
  db = new DataSource({ type: 'postgres', url: DATABASE_URL, poolSize: 4 });
  await db.initialize();
  for (const sql of [...messagingTablesUp('reporting'), ...messagingHousekeepingUp('reporting')]) await db.query(sql);
  await db.query(`CREATE TABLE reporting.effects (event_id uuid NOT NULL)`); // no key: a second effect would be a second row
  await ensureTopics(kafka, [topic]);
  consumer = new IdempotentConsumer({
    dataSource: db,
    schema: 'reporting',
    kafka,
    groupId: `${topic}.portfolio`,
    topics: [topic],
    logger: quiet,
    replayPollMs: 200,
    housekeepingIntervalMs: 0,
    consumerConfig: { maxWaitTimeInMs: 100 },
    handlers: [
      on(ClientOnboarded, async (event, manager) => {
        if (!fixed) throw new PermanentFailure('the portfolio has no currency for this country');
        await manager.query(`INSERT INTO reporting.effects (event_id) VALUES ($1)`, [event.id]);
      }),
    ],
  });
  await consumer.start();
}, 60000);

afterAll(async () => {
  await consumer?.stop();
  await db?.destroy();
}, 30000);

it('lists the parked message, replays it once fixed with its effect once, and finds nothing to replay after', async () => {
  const clientId = crypto.randomUUID();
  const event = createEvent(ClientOnboarded, {
    aggregateId: clientId,
    clientId,
    payload: { clientId, name: 'Parked BV', country: 'BE', enterpriseNumber: null, sme: false },
  });
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  await producer.send({ topic, messages: [{ key: clientId, value: JSON.stringify(event) }] });
  await producer.disconnect();

  let parked = await parkedMessages({ service: 'reporting', env });
  for (
    const deadline = Date.now() + 30000;
    parked.length === 0 && Date.now() < deadline;
    parked = await parkedMessages({ service: 'reporting', env })
  )
    await new Promise((r) => setTimeout(r, 200));
  expect(parked.map((p) => [p.service, p.failure, p.error])).toEqual([
    ['reporting', 'permanent', 'handler failed 1 times (permanent): PermanentFailure: the portfolio has no currency for this country'],
  ]);
  const id = `reporting/${parked[0]!.id}`;

  const before = await replayParked({ id, env });
  expect(before.map((o) => o.outcome)).toEqual(['parked again']);

  fixed = true;
  const after = await replayParked({ id, env });
  expect(after.map((o) => o.outcome)).toEqual(['replayed']);
  const effects = await db.query(`SELECT event_id FROM reporting.effects`);
  expect(effects).toEqual([{ event_id: event.id }]);

  expect(await replayParked({ service: 'reporting', all: true, env })).toEqual([]);
  await expect(replayParked({ id, env })).rejects.toThrow(/waits for a replay/);
  expect(await db.query(`SELECT count(*)::int AS n FROM reporting.effects`)).toEqual([{ n: 1 }]);
  expect(await parkedMessages({ service: 'reporting', env })).toEqual([]);
}, 60000);
