import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { Outbox, OutboxRelay } from '../src';
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

// The project's broker script (plain CommonJS); a private broker lets this test start Kafka late.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const broker = require('../../../infra/kafka.js') as {
  start(opts: { brokers: string; dataDir: string; log?: (m: string) => void }): Promise<{ started: boolean }>;
  stop(opts: { dataDir: string }): Promise<boolean>;
};

/** A port p with p and p+1 free (the broker's controller listens on p+1). */
async function freePortPair(): Promise<number> {
  const free = (port: number) =>
    new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
  for (let port = 19192; port < 19992; port += 2) {
    if ((await free(port)) && (await free(port + 1))) return port;
  }
  throw new Error('no free port pair for a private broker');
}

describe('the outbox relay while Kafka is down', () => {
  let dataSource: DataSource;
  let schema: string;
  let drop: () => Promise<void>;
  let dataDir: string | undefined;
  let relay: OutboxRelay | undefined;

  beforeAll(async () => {
    ({ dataSource, schema, drop } = await createTestSchema());
  });
  afterAll(async () => {
    await relay?.stop();
    if (dataDir) {
      await broker.stop({ dataDir });
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
    await drop();
  });

  it('keeps the events and delivers every one, once, when the broker comes up', async () => {
    const port = await freePortPair();
    const brokers = `127.0.0.1:${port}`;
    const kafka = testKafka({
      brokers: [brokers],
      connectionTimeout: 500,
      retry: { retries: 1, initialRetryTime: 100, maxRetryTime: 300 },
    });
    const prefix = `${uniqueName('t')}.`;
    const topic = `${prefix}amicus.clients`;
    const outbox = new Outbox(schema, { topicPrefix: prefix });
    const events = Array.from({ length: 25 }, () => clientOnboarded());
    for (const event of events) await dataSource.transaction((m) => outbox.append(m, event));

    const logger = recordingLogger();
    relay = new OutboxRelay({ dataSource, schema, kafka, pollIntervalMs: 50, maxBackoffMs: 500, batchSize: 10, logger });
    await relay.start();
    // Kafka is down: the relay records its failed attempts and keeps every row.
    const failed = await eventually(
      () => dataSource.query(`SELECT attempts, last_error FROM "${schema}".outbox ORDER BY seq LIMIT 1`),
      (rows: { attempts: number; last_error: string | null }[]) => rows[0]!.attempts >= 2,
    );
    expect(failed[0]!.last_error).toEqual(expect.any(String));
    expect(await relay.pending()).toBe(25);

    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amicus-kafka-relay-test-'));
    await broker.start({ brokers, dataDir, log: () => undefined });

    await eventually(
      () => relay!.pending(),
      (n) => n === 0,
      60_000,
    );
    const reader = testKafka({ brokers: [brokers] }); // default retries: a new broker first creates its offsets topic
    const seen = await readTopic(reader, topic, 25);
    expect(seen.map((m) => JSON.parse(m.value).id).sort()).toEqual(events.map((e) => e.id).sort());
    expect(await messagesIn(reader, topic)).toBe(25);
    expect(logger.lines.some((l) => l.level === 'warn' && l.msg.includes('will retry'))).toBe(true);
  }, 150_000); // a JVM broker starting from nothing takes a while
});
