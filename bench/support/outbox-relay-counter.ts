/**
 * The outbox-relay bench's consumer, on its own thread (so counting does not slow the relay's
 * event loop): reads the bench topic from the beginning and, per event, notes how often its id
 * arrived, when it first arrived, and whether its key's events came in order.
 *
 * Event i of a run has the id `…-8000-<i as 12 hex digits>` and the key of aggregate i % keys;
 * for one key the indices rise with the outbox's seq, so a smaller index after a larger one on
 * the same key is an ordering fault.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Kafka, logLevel } from 'kafkajs';

export interface CounterInput {
  brokers: string[];
  topic: string;
  /** Indices 0 … total-1 are expected, each exactly once. */
  total: number;
  keys: number;
}
export type CounterReport =
  | { kind: 'ready' }
  | { kind: 'progress'; distinct: number; at: number }
  | { kind: 'result'; distinct: number; duplicates: number; foreign: number; outOfOrder: number; firstSeenAt: Float64Array };

const input = workerData as CounterInput;
const now = () => performance.timeOrigin + performance.now();
const seen = new Uint8Array(input.total);
const firstSeenAt = new Float64Array(input.total);
const lastIndexOfKey = new Float64Array(input.keys).fill(-1);
let distinct = 0;
let duplicates = 0;
let foreign = 0;
let outOfOrder = 0;

const indexOf = (uuid: string) => parseInt(uuid.slice(24), 16);

async function main(): Promise<void> {
  const kafka = new Kafka({ clientId: 'bench-outbox-relay-counter', brokers: input.brokers, logLevel: logLevel.NOTHING });
  const consumer = kafka.consumer({ groupId: `${input.topic}.counter`, maxWaitTimeInMs: 100, maxBytes: 64 << 20 });
  await consumer.connect();
  await consumer.subscribe({ topics: [input.topic], fromBeginning: true });
  await consumer.run({
    autoCommit: false, // the group is thrown away; committing would only cost
    eachBatch: async ({ batch }) => {
      const at = now();
      for (const message of batch.messages) {
        const id = message.headers?.['event-id'];
        const i = id === undefined ? NaN : indexOf(String(id));
        if (!(i >= 0 && i < input.total)) {
          foreign++;
          continue;
        }
        if (seen[i]! > 0) {
          duplicates++;
          if (seen[i]! < 255) seen[i]!++;
          continue;
        }
        seen[i] = 1;
        firstSeenAt[i] = at;
        distinct++;
        const key = indexOf(String(message.key)) % input.keys;
        if (lastIndexOfKey[key]! > i) outOfOrder++;
        else lastIndexOfKey[key] = i;
      }
      parentPort!.postMessage({ kind: 'progress', distinct, at } satisfies CounterReport);
    },
  });
  parentPort!.postMessage({ kind: 'ready' } satisfies CounterReport);
  parentPort!.on('message', (m: { kind: 'finish' }) => {
    if (m.kind !== 'finish') return;
    void consumer
      .disconnect()
      .then(() =>
        parentPort!.postMessage({ kind: 'result', distinct, duplicates, foreign, outOfOrder, firstSeenAt } satisfies CounterReport),
      );
  });
}

void main().catch((e) => {
  console.error('counter failed:', e);
  process.exit(1);
});
