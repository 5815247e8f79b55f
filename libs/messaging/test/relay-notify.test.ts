import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { ensureTopics, Outbox, OutboxRelay } from '../src';
import {
  clientOnboarded,
  createTestSchema,
  eventually,
  messagesIn,
  readTopic,
  recordingLogger,
  testKafka,
  uniqueName,
} from './environment';

/** Longer than any test here: an event that arrives was not fetched by the poll. */
const NEVER_MS = 600_000;

describe('the outbox relay woken by NOTIFY on commit', () => {
  let dataSource: DataSource;
  let schema: string;
  let drop: () => Promise<void>;
  let prefix: string;
  let topic: string;
  let outbox: Outbox;
  const relays: OutboxRelay[] = [];
  const kafka = testKafka();

  beforeEach(async () => {
    ({ dataSource, schema, drop } = await createTestSchema());
    prefix = `${uniqueName('t')}.`;
    topic = `${prefix}amicus.clients`;
    await ensureTopics(kafka, [topic]);
    outbox = new Outbox(schema, { topicPrefix: prefix });
  });
  afterEach(async () => {
    await Promise.all(relays.splice(0).map((r) => r.stop()));
    await drop();
  });

  const relay = (opts: Partial<ConstructorParameters<typeof OutboxRelay>[0]> = {}) => {
    const r = new OutboxRelay({ dataSource, schema, kafka, logger: recordingLogger(), ...opts });
    relays.push(r);
    return r;
  };
  /** The backend pids of this schema's relay LISTEN connections. */
  const listeners = async (): Promise<number[]> =>
    (
      await dataSource.query(`SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND query LIKE 'LISTEN%'`, [
        `amicus-outbox-relay ${schema}`,
      ])
    ).map((r: { pid: number }) => r.pid);
  const append = (events = [clientOnboarded()]) => dataSource.transaction((m) => outbox.append(m, events)).then(() => events);
  const idsOn = async (count: number) => (await readTopic(kafka, topic, count)).map((m) => JSON.parse(m.value).id as string);

  it('publishes events committed while it is idle, with the fallback poll ten minutes away', async () => {
    const r = relay({ pollIntervalMs: NEVER_MS });
    await r.start();
    await eventually(listeners, (pids) => pids.length === 1);
    // The first round (and the one its LISTEN starts) may take the first event; the next two
    // can only have been fetched because their commit notified the relay.
    const sent: string[] = [];
    for (let i = 1; i <= 3; i++) {
      sent.push(...(await append()).map((e) => e.id));
      await eventually(
        () => r.pending(),
        (n) => n === 0,
      );
    }
    expect((await idsOn(3)).sort()).toEqual(sent.sort());
  });

  it('notifies only on commit: a rolled-back append leaves nothing to publish', async () => {
    const r = relay({ pollIntervalMs: NEVER_MS });
    await r.start();
    await eventually(listeners, (pids) => pids.length === 1);
    await expect(
      dataSource.transaction(async (m) => {
        await outbox.append(m, clientOnboarded());
        throw new Error('the use case failed');
      }),
    ).rejects.toThrow('the use case failed');
    const [kept] = await append();
    await eventually(
      () => r.pending(),
      (n) => n === 0,
    );
    expect(await idsOn(1)).toEqual([kept!.id]);
    expect(await messagesIn(kafka, topic)).toBe(1);
  });

  it('listens again after its LISTEN connection is killed, and publishes what was committed meanwhile', async () => {
    const logger = recordingLogger();
    const r = relay({ pollIntervalMs: NEVER_MS, logger });
    await r.start();
    const [first] = await eventually(listeners, (pids) => pids.length === 1);
    await dataSource.query(`SELECT pg_terminate_backend($1)`, [first]);
    const duringOutage = await append();
    const [second] = await eventually(listeners, (pids) => pids.length === 1 && pids[0] !== first);
    expect(second).not.toBe(first);
    const afterwards = await append();
    await eventually(
      () => r.pending(),
      (n) => n === 0,
    );
    expect((await idsOn(2)).sort()).toEqual([...duringOutage, ...afterwards].map((e) => e.id).sort());
    expect(logger.lines.some((l) => l.level === 'warn' && l.msg.includes('lost its LISTEN connection'))).toBe(true);
  });

  it('falls back to polling when it cannot LISTEN at all', async () => {
    const logger = recordingLogger();
    // Port 1 refuses: the LISTEN connection never comes up; the poll still publishes.
    const r = relay({ pollIntervalMs: 50, logger, listenConnection: { host: '127.0.0.1', port: 1, connectionTimeoutMillis: 500 } });
    await r.start();
    const events = await append([clientOnboarded(), clientOnboarded()]);
    await eventually(
      () => r.pending(),
      (n) => n === 0,
    );
    expect((await idsOn(2)).sort()).toEqual(events.map((e) => e.id).sort());
    expect(logger.lines.some((l) => l.level === 'warn' && l.msg.includes('lost its LISTEN connection'))).toBe(true);
  });

  it('under batching, with writers and two relays at once and a send that fails mid-round, publishes every event once, in order per key', async () => {
    // The third produce request fails before it reaches the broker: the round's first two
    // batches stay published, the failed one and the one claimed beside it go again.
    let calls = 0;
    const flaky = Object.create(kafka, {
      producer: {
        value: (config: Parameters<Kafka['producer']>[0]) => {
          const producer = kafka.producer(config);
          const sendBatch = producer.sendBatch.bind(producer);
          producer.sendBatch = async (batch) => {
            if (++calls === 3) throw new Error('broker hiccup');
            return sendBatch(batch);
          };
          return producer;
        },
      },
    }) as Kafka;
    const keys = Array.from({ length: 7 }, () => randomUUID());
    const events = Array.from({ length: 1500 }, (_, i) => clientOnboarded(keys[i % keys.length]));
    // Half written before the relays start, half while they run, in transactions of 1 to 40.
    const write = async (from: number, to: number) => {
      for (let i = from, size = 1; i < to; i += size, size = (size % 40) + 1) await append(events.slice(i, Math.min(to, i + size)));
    };
    await write(0, 750);
    const first = relay({ kafka: flaky, batchSize: 50, pollIntervalMs: NEVER_MS });
    await first.start();
    await eventually(
      async () => calls,
      (n) => n >= 3,
    );
    const second = relay({ batchSize: 50, pollIntervalMs: NEVER_MS });
    await second.start();
    await write(750, 1500);
    await eventually(
      () => first.pending(),
      (n) => n === 0,
    );
    const seen = await readTopic(kafka, topic, events.length);

    expect(await messagesIn(kafka, topic)).toBe(events.length);
    const ids = seen.map((m) => JSON.parse(m.value).id as string);
    expect(new Set(ids).size).toBe(events.length);
    expect(ids.sort()).toEqual(events.map((e) => e.id).sort());
    for (const key of keys) {
      expect(seen.filter((m) => m.key === key).map((m) => JSON.parse(m.value).id)).toEqual(
        events.filter((e) => e.aggregateId === key).map((e) => e.id),
      );
    }
    const [failed] = await dataSource.query(`SELECT count(*)::int AS n FROM "${schema}".outbox WHERE last_error LIKE '%broker hiccup%'`);
    expect((failed as { n: number }).n).toBeGreaterThan(0);
  });
});
