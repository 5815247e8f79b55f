import { randomUUID } from 'node:crypto';
import { Partitioners, type Producer } from 'kafkajs';
import type { DataSource, EntityManager } from 'typeorm';
import { ClientOnboarded, defineEvent, topics, type EventEnvelope } from '@amicus/events';
import { Type } from '@sinclair/typebox';
import { ensureTopics, IdempotentConsumer, on, type EventHandler, type EventRoute } from '../src';
import { clientOnboarded, countEffects, createTestSchema, eventually, recordingLogger, testKafka, uniqueName } from './environment';

describe('IdempotentConsumer', () => {
  let dataSource: DataSource;
  let schema: string;
  let drop: () => Promise<void>;
  let topic: string;
  let groupId: string;
  let producer: Producer;
  let consumer: IdempotentConsumer | undefined;
  const kafka = testKafka();

  beforeAll(async () => {
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
  });
  afterAll(() => producer.disconnect());

  beforeEach(async () => {
    ({ dataSource, schema, drop } = await createTestSchema());
    topic = uniqueName('consumer_test');
    groupId = uniqueName('test.group');
    await ensureTopics(kafka, [topic]);
  });
  afterEach(async () => {
    await consumer?.stop();
    consumer = undefined;
    await drop();
  });

  const recordEffect: EventHandler = async (event: EventEnvelope, manager: EntityManager) => {
    await manager.query(`INSERT INTO "${schema}".effects (event_id, consumer) VALUES ($1, $2)`, [event.id, groupId]);
  };

  function startConsumer(handlers: EventRoute[], extra: { maxAttempts?: number } = {}) {
    const logger = recordingLogger();
    consumer = new IdempotentConsumer({
      dataSource,
      schema,
      kafka,
      groupId,
      topics: [topic],
      handlers,
      logger,
      retryBackoffMs: 20,
      consumerConfig: { maxWaitTimeInMs: 100 },
      ...extra,
    });
    return { consumer, logger, started: consumer.start() };
  }

  const send = (values: (string | Buffer | null)[], key = 'k') =>
    producer.send({ topic, messages: values.map((value) => ({ key, value })) });

  const processed = async () =>
    (await dataSource.query(`SELECT event_id FROM "${schema}".processed_events WHERE consumer = $1`, [groupId])).map(
      (r: { event_id: string }) => r.event_id,
    );
  const parked = async (): Promise<{ offset: string; value: string; error: string; consumer: string; topic: string }[]> =>
    dataSource.query(`SELECT consumer, topic, "offset", value, error FROM "${schema}".parked_messages ORDER BY id`);

  async function committedOffsets(): Promise<number> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
      return offsets!.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
    } finally {
      await admin.disconnect();
    }
  }

  it('applies an event delivered twice only once', async () => {
    const event = clientOnboarded();
    const marker = clientOnboarded(); // sent last: once it is processed, the duplicate has been seen
    await send([JSON.stringify(event), JSON.stringify(event), JSON.stringify(marker)]);
    const { started } = startConsumer([on(ClientOnboarded, recordEffect)]);
    await started;
    await eventually(processed, (ids) => ids.includes(marker.id));
    expect(Object.fromEntries(await countEffects(dataSource, schema))).toEqual({ [event.id]: 1, [marker.id]: 1 });
  });

  it('records an event of a type it has no handler for as processed, with no effect', async () => {
    const unknown = { ...clientOnboarded(), type: 'SomethingElseHappened', payload: { x: 1 } };
    const known = clientOnboarded();
    await send([JSON.stringify(unknown), JSON.stringify(known)]);
    const { started } = startConsumer([on(ClientOnboarded, recordEffect)]);
    await started;
    await eventually(processed, (ids) => ids.length === 2);
    expect([...(await countEffects(dataSource, schema)).keys()]).toEqual([known.id]);
    expect(await parked()).toEqual([]);
  });

  it('parks an event of a handled type in a version it has no handler for, and goes on', async () => {
    // The catalog knows ClientOnboarded@1; this consumer reads only a version 2.
    const OnboardedV2 = defineEvent({ type: 'ClientOnboarded', version: 2, topic: topics.clients, schema: Type.Object({}) });
    const v1 = clientOnboarded();
    const marker = { ...clientOnboarded(), type: 'SomethingElseHappened', payload: {} };
    await send([JSON.stringify(v1), JSON.stringify(marker)]);
    const { started } = startConsumer([on(OnboardedV2, recordEffect)]);
    await started;
    await eventually(processed, (ids) => ids.includes(marker.id));
    expect(await parked()).toEqual([
      expect.objectContaining({
        offset: '0',
        value: JSON.stringify(v1),
        error: 'no handler for ClientOnboarded@1 (this consumer reads version 2)',
      }),
    ]);
    expect(await processed()).toEqual([marker.id]);
    expect((await countEffects(dataSource, schema)).size).toBe(0);
  });

  it('parks a poison message at once with its reason and goes on', async () => {
    const invalidPayload = { ...clientOnboarded(), payload: { clientId: 'c', country: 'Belgium' } };
    const good = clientOnboarded();
    await send(['{not json', JSON.stringify(invalidPayload), null, Buffer.from([0xff, 0x00, 0xfe]), JSON.stringify(good)]);
    const { started, logger } = startConsumer([on(ClientOnboarded, recordEffect)]);
    await started;
    await eventually(processed, (ids) => ids.includes(good.id));

    const rows = await parked();
    expect(rows.map((r) => [r.offset, r.consumer, r.topic])).toEqual([
      ['0', groupId, topic],
      ['1', groupId, topic],
      ['2', groupId, topic],
      ['3', groupId, topic],
    ]);
    expect(rows[0]).toMatchObject({ value: '{not json', error: expect.stringMatching(/^invalid event: .*is not JSON/) });
    expect(rows[1]!.error).toMatch(/payload\.country must match pattern/);
    expect(rows[1]!.value).toBe(JSON.stringify(invalidPayload));
    expect(rows[2]).toMatchObject({ value: '', error: expect.stringContaining('must be object') });
    expect(rows[3]!.value).toBe(`base64:${Buffer.from([0xff, 0x00, 0xfe]).toString('base64')}`);
    expect([...(await countEffects(dataSource, schema)).keys()]).toEqual([good.id]);
    expect(logger.lines.filter((l) => l.level === 'error' && l.msg === 'consumer parked a message')).toHaveLength(4);
  });

  it('retries a failing handler, then parks the message after maxAttempts and goes on', async () => {
    const doomed = clientOnboarded();
    const flaky = clientOnboarded();
    const after = clientOnboarded();
    const calls = new Map<string, number>();
    const handler: EventHandler = async (event, manager) => {
      const n = (calls.get(event.id) ?? 0) + 1;
      calls.set(event.id, n);
      await recordEffect(event, manager); // written, then rolled back by the throw below
      if (event.id === doomed.id) throw new Error('the ledger is closed');
      if (event.id === flaky.id && n < 3) throw new Error('deadlock detected');
    };
    await send([doomed, flaky, after].map((e) => JSON.stringify(e)));
    const { started, logger } = startConsumer([on(ClientOnboarded, handler)], { maxAttempts: 4 });
    await started;
    await eventually(processed, (ids) => ids.includes(after.id));

    expect(calls.get(doomed.id)).toBe(4);
    expect(calls.get(flaky.id)).toBe(3);
    expect(await parked()).toEqual([
      expect.objectContaining({
        offset: '0',
        value: JSON.stringify(doomed),
        error: 'handler failed 4 times (unknown): Error: the ledger is closed',
      }),
    ]);
    // The parked event left no trace; the flaky one took effect once.
    expect(Object.fromEntries(await countEffects(dataSource, schema))).toEqual({ [flaky.id]: 1, [after.id]: 1 });
    expect((await processed()).sort()).toEqual([flaky.id, after.id].sort());
    expect(logger.lines.filter((l) => l.level === 'warn')).toHaveLength(3 + 2);
  });

  it('stops gracefully and a new consumer of the group resumes where it left off', async () => {
    const events = Array.from({ length: 30 }, () => clientOnboarded(randomUUID()));
    await send(events.map((e) => JSON.stringify(e)));
    const slow: EventHandler = async (event, manager) => {
      await recordEffect(event, manager);
      await new Promise((r) => setTimeout(r, 50));
    };
    const first = startConsumer([on(ClientOnboarded, slow)]);
    await first.started;
    expect(first.consumer.isRunning()).toBe(true);
    await eventually(processed, (ids) => ids.length >= 5);
    await first.consumer.stop();
    expect(first.consumer.isRunning()).toBe(false);
    const before = (await processed()).length;
    expect(before).toBeLessThan(30);
    expect(await committedOffsets()).toBe(before); // stop() committed what it had processed

    const second = startConsumer([on(ClientOnboarded, slow)]);
    await second.started;
    await eventually(processed, (ids) => ids.length === 30);
    const effects = await countEffects(dataSource, schema);
    expect(effects.size).toBe(30);
    expect([...effects.values()].every((n) => n === 1)).toBe(true);
  });
});
