import { randomUUID } from 'node:crypto';
import { EventValidationError } from '@amicus/events';
import type { DataSource } from 'typeorm';
import { ensureTopics, Outbox, OutboxRelay } from '../src';
import { clientOnboarded, createTestSchema, messagesIn, readTopic, recordingLogger, testKafka, uniqueName } from './environment';

describe('Outbox and OutboxRelay', () => {
  let dataSource: DataSource;
  let schema: string;
  let drop: () => Promise<void>;
  const kafka = testKafka();

  beforeEach(async () => {
    ({ dataSource, schema, drop } = await createTestSchema());
    await dataSource.query(`CREATE TABLE "${schema}".clients (id uuid PRIMARY KEY)`);
  });
  afterEach(() => drop());

  const outboxRows = async () =>
    (await dataSource.query(`SELECT id FROM "${schema}".outbox ORDER BY seq`)).map((r: { id: string }) => r.id);

  it('rolls the outbox row back with the caller’s transaction', async () => {
    const outbox = new Outbox(schema);
    const event = clientOnboarded();
    await expect(
      dataSource.transaction(async (manager) => {
        await manager.query(`INSERT INTO "${schema}".clients (id) VALUES ($1)`, [event.aggregateId]);
        await outbox.append(manager, event);
        throw new Error('the use case failed after writing');
      }),
    ).rejects.toThrow('the use case failed after writing');
    expect(await outboxRows()).toEqual([]);
    expect(await dataSource.query(`SELECT id FROM "${schema}".clients`)).toEqual([]);
  });

  it('commits the outbox rows with the caller’s transaction', async () => {
    const outbox = new Outbox(schema);
    const events = [clientOnboarded(), clientOnboarded()];
    await dataSource.transaction(async (manager) => {
      await manager.query(`INSERT INTO "${schema}".clients (id) VALUES ($1)`, [events[0]!.aggregateId]);
      await outbox.append(manager, events);
    });
    expect(await outboxRows()).toEqual(events.map((e) => e.id));
  });

  it('refuses an invalid event and fails the caller’s transaction with it', async () => {
    const outbox = new Outbox(schema);
    const good = clientOnboarded();
    const bad = { ...clientOnboarded(), payload: { clientId: 'x', country: 'Belgium' } };
    await expect(
      dataSource.transaction(async (manager) => {
        await manager.query(`INSERT INTO "${schema}".clients (id) VALUES ($1)`, [good.aggregateId]);
        await outbox.append(manager, [good, bad]);
      }),
    ).rejects.toThrow(EventValidationError);
    expect(await outboxRows()).toEqual([]);
    expect(await dataSource.query(`SELECT id FROM "${schema}".clients`)).toEqual([]);
  });

  it('refuses to write outside a transaction', async () => {
    await expect(new Outbox(schema).append(dataSource.manager, clientOnboarded())).rejects.toThrow(/open transaction/);
    expect(await outboxRows()).toEqual([]);
  });

  it('publishes in seq order, keyed by aggregate id, with type and version headers; two relays never double-publish', async () => {
    const prefix = `${uniqueName('t')}.`;
    const topic = `${prefix}amicus.clients`;
    await ensureTopics(kafka, [topic]);
    const outbox = new Outbox(schema, { topicPrefix: prefix });
    // Three clients, each with a run of events whose order must survive.
    const clients = [randomUUID(), randomUUID(), randomUUID()];
    const events = Array.from({ length: 120 }, (_, i) => clientOnboarded(clients[i % 3]));
    for (let i = 0; i < events.length; i += 10) {
      await dataSource.transaction((manager) => outbox.append(manager, events.slice(i, i + 10)));
    }
    const relays = [1, 2].map(
      () => new OutboxRelay({ dataSource, schema, kafka, batchSize: 7, pollIntervalMs: 20, logger: recordingLogger() }),
    );
    expect(await relays[0]!.pending()).toBe(120);
    await Promise.all(relays.map((r) => r.start()));
    const seen = await readTopic(kafka, topic, 120);
    await Promise.all(relays.map((r) => r.stop()));

    expect(await relays[0]!.pending()).toBe(0);
    expect(await messagesIn(kafka, topic)).toBe(120);
    const ids = seen.map((m) => JSON.parse(m.value).id as string);
    expect(new Set(ids).size).toBe(120);
    expect(ids.sort()).toEqual(events.map((e) => e.id).sort());
    for (const client of clients) {
      const sent = events.filter((e) => e.aggregateId === client).map((e) => e.id);
      const received = seen.filter((m) => m.key === client).map((m) => JSON.parse(m.value).id);
      expect(received).toEqual(sent);
      expect(new Set(seen.filter((m) => m.key === client).map((m) => m.partition)).size).toBe(1);
    }
    expect(seen[0]!.headers).toMatchObject({ 'event-type': 'ClientOnboarded', 'event-version': '1' });
  });

  it('flush publishes what is pending and says how many', async () => {
    const prefix = `${uniqueName('t')}.`;
    await ensureTopics(kafka, [`${prefix}amicus.clients`]);
    const outbox = new Outbox(schema, { topicPrefix: prefix });
    await dataSource.transaction((m) => outbox.append(m, [clientOnboarded(), clientOnboarded(), clientOnboarded()]));
    const relay = new OutboxRelay({ dataSource, schema, kafka, batchSize: 2, logger: recordingLogger() });
    expect(await relay.flush()).toBe(3);
    expect(await relay.pending()).toBe(0);
    expect(await relay.flush()).toBe(0);
    await relay.stop();
    const [row] = await dataSource.query(`SELECT min(attempts) AS min, max(attempts) AS max FROM "${schema}".outbox`);
    expect(row).toEqual({ min: 1, max: 1 });
  });
});
