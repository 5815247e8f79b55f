/**
 * The outbox relay into the real broker, end to end: events written to a service's outbox (the
 * lib's Outbox, in a schema of the bench's own), published by the lib's OutboxRelay, counted by
 * a consumer on its own thread that checks every id arrives exactly once and each key's events
 * in order.
 *
 *   1. throughput: COUNT events (default 1 000 000; 10 000 aggregates, 1 000 per transaction)
 *      are written first; then the relay starts, and the clock runs until the consumer has seen
 *      the last one: events/s from outbox to consumer;
 *   2. latency at low load: one event per transaction every 20 ms for LATENCY_SECONDS (default
 *      10), with the relay idle in between: from the writer's commit to the consumer's receipt
 *      (an upper bound on commit → topic), p50/p99/max.
 *
 * Then checks the topic holds exactly as many messages as were written (no duplicate on the
 * broker either).
 *
 *   npm run bench -- outbox-relay [COUNT]        e.g. `npm run bench -- outbox-relay 100000`
 *   env: LATENCY_SECONDS, KAFKA_BROKERS (127.0.0.1:9092), DATABASE_URL (the server; the bench
 *        uses its own database, OUTBOX_RELAY_DB or bench_outbox_relay), KEEP_DB=1; to compare
 *        settings of the relay: RELAY_BATCH (rows per batch), RELAY_COMPRESSION=gzip
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { CompressionTypes, Kafka, logLevel } from 'kafkajs';
import { DataSource } from 'typeorm';
import { ClientOnboarded, createEvent, type EventEnvelope } from '@amicus/events';
import { ensureTopics, messagingTablesUp, Outbox, OutboxRelay, type Logger } from '@amicus/messaging';
import { admin, benchDatabaseUrl } from './support/database';
import type { CounterInput, CounterReport } from './support/outbox-relay-counter';

const COUNT = Number(process.argv[2] ?? process.env.COUNT ?? 1_000_000);
const LATENCY_SECONDS = Number(process.env.LATENCY_SECONDS ?? 10);
const LATENCY_INTERVAL_MS = 20;
const LATENCY_COUNT = Math.max(1, Math.round((LATENCY_SECONDS * 1000) / LATENCY_INTERVAL_MS));
const KEYS = 10_000;
const PER_TRANSACTION = 1000;
const DATABASE = process.env.OUTBOX_RELAY_DB ?? 'bench_outbox_relay';
const SCHEMA = 'relay_bench';
const BROKERS = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const TOPIC_PREFIX = `bench_relay_${Date.now().toString(36)}_${process.pid}.`;
const TOPIC = `${TOPIC_PREFIX}amicus.clients`;

const now = () => performance.timeOrigin + performance.now();
const hex12 = (n: number) => n.toString(16).padStart(12, '0');
const eventId = (i: number) => `00000000-0000-4000-8000-${hex12(i)}`;
const clientId = (k: number) => `00000000-0000-4000-9000-${hex12(k)}`;

function event(i: number): EventEnvelope {
  const id = clientId(i % KEYS);
  return createEvent(ClientOnboarded, {
    id: eventId(i),
    aggregateId: id,
    clientId: id,
    payload: { clientId: id, name: `Bench client ${i % KEYS}`, country: 'BE', enterpriseNumber: null, sme: false },
  });
}

const quiet: Logger = { info: () => undefined, warn: (m, c) => console.warn(m, c), error: (m, c) => console.error(m, c) };

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function startCounter(total: number) {
  const input: CounterInput = { brokers: BROKERS, topic: TOPIC, total, keys: KEYS };
  // The worker inherits this process's `-r @swc-node/register`, so it can load the .ts file.
  const worker = new Worker(`require(${JSON.stringify(join(__dirname, 'support', 'outbox-relay-counter.ts'))})`, {
    eval: true,
    workerData: input,
  });
  let distinct = 0;
  let lastAt = 0;
  const waiters: { n: number; resolve: (at: number) => void }[] = [];
  let result: ((r: Extract<CounterReport, { kind: 'result' }>) => void) | null = null;
  const ready = new Promise<void>((resolve, reject) => {
    worker.on('error', reject);
    worker.on('message', (m: CounterReport) => {
      if (m.kind === 'ready') resolve();
      if (m.kind === 'progress') {
        distinct = m.distinct;
        lastAt = m.at;
        for (const w of waiters.filter((w) => distinct >= w.n)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(lastAt);
        }
      }
      if (m.kind === 'result') result?.(m);
    });
  });
  return {
    ready,
    /** Resolves with the consumer's time of the batch that brought the n-th distinct event. */
    reached: (n: number) => new Promise<number>((resolve) => (distinct >= n ? resolve(lastAt) : waiters.push({ n, resolve }))),
    seen: () => distinct,
    finish: async () => {
      const r = await new Promise<Extract<CounterReport, { kind: 'result' }>>((resolve) => {
        result = resolve;
        worker.postMessage({ kind: 'finish' });
      });
      await worker.terminate();
      return r;
    },
  };
}

async function withProgress<T>(label: string, total: number, seen: () => number, work: Promise<T>): Promise<T> {
  const t0 = Date.now();
  const timer = setInterval(() => {
    const s = (Date.now() - t0) / 1000;
    process.stdout.write(`  ${label}: ${seen().toLocaleString('en')} / ${total.toLocaleString('en')} after ${s.toFixed(0)} s\n`);
  }, 10_000);
  try {
    return await work;
  } finally {
    clearInterval(timer);
  }
}

async function main(): Promise<void> {
  console.log(
    `outbox relay: ${COUNT.toLocaleString('en')} events, then ${LATENCY_COUNT} at one per ${LATENCY_INTERVAL_MS} ms; batch ${process.env.RELAY_BATCH ?? 'default'}, compression ${process.env.RELAY_COMPRESSION ?? 'default'}`,
  );
  await admin(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${DATABASE}`);
  const dataSource = new DataSource({ type: 'postgres', url: benchDatabaseUrl(DATABASE), poolSize: 4 });
  await dataSource.initialize();
  for (const sql of messagingTablesUp(SCHEMA)) await dataSource.query(sql);
  const kafka = new Kafka({ clientId: 'bench-outbox-relay', brokers: BROKERS, logLevel: logLevel.WARN });
  await ensureTopics(kafka, [TOPIC]);
  const outbox = new Outbox(SCHEMA, { topicPrefix: TOPIC_PREFIX });

  // 1. Throughput.
  let written = 0;
  const w0 = now();
  await withProgress(
    'written',
    COUNT,
    () => written,
    (async () => {
      for (let start = 0; start < COUNT; start += PER_TRANSACTION) {
        const events = Array.from({ length: Math.min(PER_TRANSACTION, COUNT - start) }, (_, k) => event(start + k));
        await dataSource.transaction((m) => outbox.append(m, events));
        written += events.length;
      }
    })(),
  );
  const writeSeconds = (now() - w0) / 1000;
  console.log(`written: ${COUNT.toLocaleString('en')} events in ${writeSeconds.toFixed(1)} s (${Math.round(COUNT / writeSeconds)}/s)`);
  await dataSource.query(`VACUUM ANALYZE ${SCHEMA}.outbox`);

  const counter = startCounter(COUNT + LATENCY_COUNT);
  await counter.ready;
  const relay = new OutboxRelay({
    dataSource,
    schema: SCHEMA,
    kafka,
    logger: quiet,
    ...(process.env.RELAY_BATCH ? { batchSize: Number(process.env.RELAY_BATCH) } : {}),
    ...(process.env.RELAY_COMPRESSION === 'gzip' ? { compression: CompressionTypes.GZIP } : {}),
  });
  const watch = kafka.admin();
  await watch.connect();
  const r0 = now();
  await relay.start();
  const onTopicAt = (async () => {
    // When the relay alone is done: the topic holds COUNT messages (polled every 100 ms).
    for (;;) {
      const offsets = await watch.fetchTopicOffsets(TOPIC);
      if (offsets.reduce((sum, p) => sum + Number(p.high), 0) >= COUNT) return now();
      await new Promise((r) => setTimeout(r, 100));
    }
  })();
  const lastAt = await withProgress('consumed', COUNT, counter.seen, counter.reached(COUNT));
  const relayDoneSeconds = ((await onTopicAt) - r0) / 1000;
  await watch.disconnect();
  const relaySeconds = (lastAt - r0) / 1000;
  const rate = COUNT / relaySeconds;

  // 2. Latency at low load: the relay is idle, the consumer caught up.
  const committedAt = new Float64Array(LATENCY_COUNT);
  const l0 = now();
  for (let k = 0; k < LATENCY_COUNT; k++) {
    const due = l0 + k * LATENCY_INTERVAL_MS;
    const wait = due - now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    await dataSource.transaction((m) => outbox.append(m, event(COUNT + k)));
    committedAt[k] = now();
  }
  await counter.reached(COUNT + LATENCY_COUNT);
  await relay.stop();
  const result = await counter.finish();
  const latencies = Array.from(committedAt, (c, k) => result.firstSeenAt[COUNT + k]! - c).sort((a, b) => a - b);

  const adminClient = kafka.admin();
  await adminClient.connect();
  const offsets = await adminClient.fetchTopicOffsets(TOPIC);
  const onTopic = offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  await adminClient.deleteTopics({ topics: [TOPIC] }).catch(() => undefined);
  await adminClient.disconnect();
  const [pending] = await dataSource.query(`SELECT count(*)::int AS n FROM ${SCHEMA}.outbox WHERE published_at IS NULL`);
  await dataSource.destroy();
  if (!process.env.KEEP_DB) await admin(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);

  const total = COUNT + LATENCY_COUNT;
  const exactlyOnce = result.distinct === total && result.duplicates === 0 && result.foreign === 0 && onTopic === total;
  console.log(
    `\nrelay, outbox → Kafka → consumer: ${COUNT.toLocaleString('en')} events in ${relaySeconds.toFixed(1)} s = ${Math.round(rate)} events/s`,
  );
  console.log(
    `  of which outbox → topic (the relay alone, the topic's end offsets polled every 100 ms): ${relayDoneSeconds.toFixed(1)} s = ${Math.round(COUNT / relayDoneSeconds)} events/s`,
  );
  console.log(
    `commit → consumer at one event per ${LATENCY_INTERVAL_MS} ms (${LATENCY_COUNT} events): p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${latencies.at(-1)!.toFixed(1)} ms`,
  );
  console.log(
    `exactly once: ${exactlyOnce ? 'yes' : 'NO'} — ${result.distinct} distinct of ${total}, ${result.duplicates} duplicates, ${result.foreign} foreign, ${onTopic} messages on the topic, ${(pending as { n: number }).n} left unpublished; per-key order faults: ${result.outOfOrder}`,
  );
  console.log(`target ≥ 10,000 events/s: ${rate >= 10_000 ? 'met' : 'not met'} (${(rate / 10_000).toFixed(2)} × target)`);
  if (!exactlyOnce || result.outOfOrder > 0) process.exitCode = 1;
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
