import type { Kafka } from 'kafkajs';

/**
 * Creates the topics that do not exist yet (replication from the broker's default; every event
 * kept, for the read models are rebuilt from the topics: `amicus reporting rebuild`) and waits
 * until the broker's metadata names a leader for every partition. A topic another service has
 * just created is listed before its partitions have leaders; subscribing to it then fails with
 * UNKNOWN_TOPIC_OR_PARTITION, so "listed" is not "ready".
 */
const KEEP_EVERY_EVENT = [{ name: 'retention.ms', value: '-1' }];

export async function ensureTopics(kafka: Kafka, topicNames: string[], numPartitions = 3, readyWithinMs = 30_000): Promise<void> {
  const wanted = [...new Set(topicNames)];
  if (wanted.length === 0) return;
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = wanted.filter((t) => !existing.has(t));
    if (missing.length > 0) {
      await admin.createTopics({
        topics: missing.map((topic) => ({ topic, numPartitions, configEntries: KEEP_EVERY_EVENT })),
        waitForLeaders: true,
      });
    }
    const deadline = Date.now() + readyWithinMs;
    for (;;) {
      const notReady = await topicsWithoutLeaders(admin, wanted);
      if (notReady.length === 0) return;
      if (Date.now() > deadline) throw new Error(`Kafka topics have no leader yet: ${notReady.join(', ')}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await admin.disconnect();
  }
}

async function topicsWithoutLeaders(admin: ReturnType<Kafka['admin']>, topics: string[]): Promise<string[]> {
  try {
    const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
    const ready = new Set(metadata.filter((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0)).map((t) => t.name));
    return topics.filter((t) => !ready.has(t));
  } catch {
    return topics; // UNKNOWN_TOPIC_OR_PARTITION while the broker's metadata catches up
  }
}
