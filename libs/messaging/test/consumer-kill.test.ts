import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { ensureTopics, Outbox, OutboxRelay } from '../src';
import {
  BROKERS,
  clientOnboarded,
  countEffects,
  createTestSchema,
  DATABASE_URL,
  eventually,
  recordingLogger,
  testKafka,
  uniqueName,
} from './environment';

const FIXTURE = path.join(__dirname, 'consumer-fixture.ts');
const ROOT = path.join(__dirname, '..', '..', '..');

describe('a consumer killed mid-batch', () => {
  let dataSource: DataSource;
  let schema: string;
  let drop: () => Promise<void>;
  const children: ChildProcess[] = [];

  beforeAll(async () => {
    ({ dataSource, schema, drop } = await createTestSchema());
  });
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await drop();
  });

  /** Starts the fixture consumer in its own process and resolves once it consumes. */
  function startConsumerProcess(env: Record<string, string>): Promise<ChildProcess> {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', FIXTURE], {
      cwd: ROOT,
      env: { ...process.env, ...env, DATABASE_URL, KAFKA_BROKERS: BROKERS.join(',') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    return new Promise((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve(child));
      child.once('exit', (code) => reject(new Error(`consumer fixture exited (${code}) before ready: ${stderr}`)));
    });
  }

  it('resumes in a fresh process without losing or repeating an effect', async () => {
    const prefix = `${uniqueName('t')}.`;
    const topic = `${prefix}amicus.clients`;
    const kafka = testKafka();
    await ensureTopics(kafka, [topic]);
    const outbox = new Outbox(schema, { topicPrefix: prefix });
    const events = Array.from({ length: 80 }, () => clientOnboarded());
    await dataSource.transaction((m) => outbox.append(m, events));
    const relay = new OutboxRelay({ dataSource, schema, kafka, logger: recordingLogger() });
    expect(await relay.flush()).toBe(80);
    await relay.stop();

    const env = { FIXTURE_SCHEMA: schema, FIXTURE_GROUP: uniqueName('test.kill'), FIXTURE_TOPIC: topic, FIXTURE_HANDLER_DELAY_MS: '40' };
    const first = await startConsumerProcess(env);
    const effectsAtKill = await eventually(
      () => countEffects(dataSource, schema),
      (e) => e.size >= 20,
    );
    first.kill('SIGKILL');
    await new Promise((r) => (first.exitCode !== null || first.signalCode !== null ? r(null) : first.once('exit', r)));
    const afterKill = await countEffects(dataSource, schema);
    expect(afterKill.size).toBeGreaterThanOrEqual(effectsAtKill.size);
    expect(afterKill.size).toBeLessThan(80);

    const second = await startConsumerProcess(env);
    const effects = await eventually(
      () => countEffects(dataSource, schema),
      (e) => e.size === 80,
      50_000,
    );
    second.kill('SIGTERM');
    await new Promise((r) => (second.exitCode !== null ? r(null) : second.once('exit', r)));

    expect([...effects.keys()].sort()).toEqual(events.map((e) => e.id).sort());
    expect([...(await countEffects(dataSource, schema)).values()].filter((n) => n !== 1)).toEqual([]);
    const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM "${schema}".processed_events`);
    expect(n).toBe(80);
  });
});
