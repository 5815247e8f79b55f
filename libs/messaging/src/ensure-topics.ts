import type { Kafka } from 'kafkajs';

/** Creates the topics that do not exist yet (replication from the broker's default) and waits for their leaders. */
export async function ensureTopics(kafka: Kafka, topicNames: string[], numPartitions = 3): Promise<void> {
  if (topicNames.length === 0) return;
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = [...new Set(topicNames)].filter((t) => !existing.has(t));
    if (missing.length > 0) {
      await admin.createTopics({ topics: missing.map((topic) => ({ topic, numPartitions })), waitForLeaders: true });
    }
  } finally {
    await admin.disconnect();
  }
}
