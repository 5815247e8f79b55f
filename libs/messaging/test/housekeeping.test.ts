// The consumer's retry policy, parked-message replay and pruning against the real Postgres and
// broker (issue 18 §4): a transient failure is retried, a permanent one parked at once; a parked
// message replayed once fixed has its effect once; processed-event records below the committed
// offsets and past their keep are pruned, and a group re-reading its partitions from the start
// after that applies nothing twice.
import { Partitioners, type Producer } from 'kafkajs';
import type { DataSource, EntityManager } from 'typeorm';
import { ClientOnboarded, type EventEnvelope } from '@amicus/events';
import { register } from 'prom-client';
import { ensureTopics, IdempotentConsumer, listParked, on, PermanentFailure, requestReplay, type EventHandler } from '../src';
import { clientOnboarded, countEffects, createTestSchema, eventually, recordingLogger, testKafka, uniqueName } from './environment';

const DAY = 24 * 3600_000;

describe('consumer housekeeping', () => {
  let dataSource: DataSource;
  let schema: string;
  let drop: () => Promise<void>;
  let topic: string;
  let groupId: string;
  let producer: Producer;
  let consumer: IdempotentConsumer | undefined;
  let now: Date;
  const kafka = testKafka();

  beforeAll(async () => {
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
  });
  afterAll(() => producer.disconnect());

  beforeEach(async () => {
    ({ dataSource, schema, drop } = await createTestSchema());
    topic = uniqueName('housekeeping_test');
    groupId = uniqueName('test.group');
    now = new Date();
    await ensureTopics(kafka, [topic]);
  });
  afterEach(async () => {
    await consumer?.stop();
    consumer = undefined;
    await drop();
  });

  const recordEffect = async (event: EventEnvelope, manager: EntityManager) => {
    await manager.query(`INSERT INTO "${schema}".effects (event_id, consumer) VALUES ($1, $2)`, [event.id, groupId]);
  };

  async function startConsumer(handler: EventHandler) {
    const logger = recordingLogger();
    consumer = new IdempotentConsumer({
      dataSource,
      schema,
      kafka,
      groupId,
      topics: [topic],
      handlers: [on(ClientOnboarded, handler)],
      logger,
      retryBackoffMs: 10,
      consumerConfig: { maxWaitTimeInMs: 100 },
      // The test runs the chores itself.
      replayPollMs: 0,
      housekeepingIntervalMs: 0,
      now: () => now,
    });
    await consumer.start();
    return { consumer, logger };
  }

  const send = (events: EventEnvelope[]) =>
    producer.send({ topic, messages: events.map((e) => ({ key: e.aggregateId, value: JSON.stringify(e) })) });
  const processedCount = async (): Promise<number> =>
    (await dataSource.query(`SELECT count(*)::int AS n FROM "${schema}".processed_events WHERE consumer = $1`, [groupId]))[0].n;

  async function committedSum(): Promise<number> {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
      return offsets!.partitions.reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
    } finally {
      await admin.disconnect();
    }
  }

  it('retries a serialization failure until it passes, and parks a refused event at once with an error line and the gauge', async () => {
    const flaky = clientOnboarded();
    const refused = clientOnboarded();
    const calls = new Map<string, number>();
    const { logger } = await startConsumer(async (event, manager) => {
      calls.set(event.id, (calls.get(event.id) ?? 0) + 1);
      if (event.id === refused.id) throw new PermanentFailure('the client is unknown here');
      if (event.id === flaky.id && calls.get(event.id)! < 3)
        throw Object.assign(new Error('could not serialize access'), { name: 'QueryFailedError', driverError: { code: '40001' } });
      await recordEffect(event, manager);
    });
    await send([refused, flaky]);
    await eventually(
      () => countEffects(dataSource, schema),
      (m) => m.get(flaky.id) === 1,
    );
    expect(calls.get(refused.id)).toBe(1);
    expect(calls.get(flaky.id)).toBe(3);
    const parked = await listParked(dataSource, schema, { consumer: groupId });
    expect(parked.map((p) => [p.failure, p.error])).toEqual([
      ['permanent', 'handler failed 1 times (permanent): PermanentFailure: the client is unknown here'],
    ]);
    expect(logger.lines.filter((l) => l.level === 'error').map((l) => l.msg)).toEqual(['consumer parked a message']);
    const gauge = await register.getSingleMetric('amicus_parked_messages')!.get();
    expect(gauge.values.find((v) => v.labels.consumer === groupId)?.value).toBe(1);
  });

  it('replays a parked message once it is fixed: its effect happens once, however often the replay is asked for', async () => {
    const event = clientOnboarded();
    let fixed = false;
    const { consumer: c } = await startConsumer(async (e, manager) => {
      if (!fixed) throw new PermanentFailure('template missing');
      await recordEffect(e, manager);
    });
    await send([event]);
    const [parked] = await eventually(
      () => listParked(dataSource, schema, { consumer: groupId }),
      (rows) => rows.length === 1,
    );
    expect(await c.replayRequested()).toBe(0); // nothing asked for yet

    // Asked for before the fix: it fails again and stays parked, with the new error.
    await requestReplay(dataSource, schema, { consumer: groupId, id: parked!.id }, now);
    expect(await c.replayRequested()).toBe(0);
    const [still] = await listParked(dataSource, schema, { id: parked!.id });
    expect([still!.replays, still!.replayRequestedAt, still!.error]).toEqual([
      1,
      null,
      'replay failed (permanent): PermanentFailure: template missing',
    ]);

    fixed = true;
    await requestReplay(dataSource, schema, { consumer: groupId }, now);
    await requestReplay(dataSource, schema, { consumer: groupId }, now); // asked twice
    expect(await Promise.all([c.replayRequested(), c.replayRequested()])).toEqual(expect.arrayContaining([1]));
    expect(await c.replayRequested()).toBe(0);
    expect(Object.fromEntries(await countEffects(dataSource, schema))).toEqual({ [event.id]: 1 });
    expect(await listParked(dataSource, schema, { consumer: groupId })).toEqual([]); // none waits
    const [done] = await listParked(dataSource, schema, { id: parked!.id, all: true });
    expect(done!.replayedAt).not.toBeNull();
    const [payload] = await dataSource.query(`SELECT key, value FROM "${schema}".parked_messages WHERE id = $1`, [parked!.id]);
    expect(payload).toEqual({ key: null, value: null }); // the personal data went with the replay
    // A replay asked for again finds nothing to do.
    expect(await requestReplay(dataSource, schema, { id: parked!.id }, now)).toEqual([]);
  });

  it('purges the payload of a message parked longer than the retention, and keeps the record that it was parked', async () => {
    const event = clientOnboarded();
    const { consumer: c } = await startConsumer(async () => {
      throw new PermanentFailure('never');
    });
    await send([event]);
    await eventually(
      () => listParked(dataSource, schema, { consumer: groupId }),
      (rows) => rows.length === 1,
    );
    expect((await c.housekeeping()).purged).toBe(0);
    now = new Date(now.getTime() + 31 * DAY);
    expect(await c.housekeeping()).toEqual({ pruned: 0, purged: 1, parked: 0 });
    const rows = await dataSource.query(`SELECT value, purged_at IS NOT NULL AS purged FROM "${schema}".parked_messages`);
    expect(rows).toEqual([{ value: null, purged: true }]);
    expect(await requestReplay(dataSource, schema, { consumer: groupId }, now)).toEqual([]);
  });

  it('prunes records below the committed offsets once past their keep, and applies nothing twice when the group reads from the start again', async () => {
    const events = Array.from({ length: 12 }, () => clientOnboarded());
    const { consumer: c } = await startConsumer(recordEffect);
    await send(events);
    await eventually(
      () => countEffects(dataSource, schema),
      (m) => m.size === 12,
    );
    await eventually(committedSum, (n) => n === 12);
    expect((await c.housekeeping()).pruned).toBe(0); // all younger than their keep
    now = new Date(now.getTime() + 31 * DAY);
    expect((await c.housekeeping()).pruned).toBe(12);
    expect(await processedCount()).toBe(0);
    const watermarks = await dataSource.query(
      `SELECT sum(pruned_below)::int AS n FROM "${schema}".consumer_watermarks WHERE consumer = $1`,
      [groupId],
    );
    expect(watermarks).toEqual([{ n: 12 }]);

    // The group's offsets are lost (as Kafka drops those of a group empty too long): it reads every event again.
    await c.stop();
    const admin = kafka.admin();
    await admin.connect();
    await admin.resetOffsets({ groupId, topic, earliest: true });
    await admin.disconnect();
    const later = clientOnboarded();
    await send([later]);
    await startConsumer(recordEffect);
    await eventually(
      () => countEffects(dataSource, schema),
      (m) => m.has(later.id),
    );
    await eventually(committedSum, (n) => n === 13);
    const effects = await countEffects(dataSource, schema);
    expect([...effects.values()].every((n) => n === 1)).toBe(true);
    expect(effects.size).toBe(13);
  });
});
