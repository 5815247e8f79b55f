// Every service creates the topics it uses on start, so several race for the same fresh topics;
// CI once saw a service whose topic was listed (another had just created it) but had no leader
// yet, and its consumer's subscribe failed with UNKNOWN_TOPIC_OR_PARTITION.
import { ConfigResourceTypes } from 'kafkajs';
import { ensureTopics } from '../src';
import { testKafka, uniqueName } from './environment';

jest.setTimeout(60_000);

describe('ensureTopics', () => {
  it('returns only when every partition of every topic has a leader, even while others create the same topics', async () => {
    const prefix = `${uniqueName('race')}.`;
    const topics = ['a', 'b', 'c', 'd'].map((t) => `${prefix}${t}`);
    const clients = Array.from({ length: 4 }, () => testKafka());
    // One creates the topics without waiting for their leaders; at the same moment four
    // "services" ask for them, each in its own order.
    const creator = clients[0]!.admin();
    await creator.connect();
    await creator.createTopics({ topics: topics.map((topic) => ({ topic, numPartitions: 3 })), waitForLeaders: false });
    await creator.disconnect();
    await Promise.all(clients.map((kafka, i) => ensureTopics(kafka, [...topics.slice(i), ...topics.slice(0, i)])));

    const admin = clients[0]!.admin();
    await admin.connect();
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics });
      expect(metadata.map((t) => t.name).sort()).toEqual([...topics].sort());
      for (const topic of metadata) {
        expect(topic.partitions).toHaveLength(3);
        for (const partition of topic.partitions) expect(partition.leader).toBeGreaterThanOrEqual(0);
      }
      await admin.deleteTopics({ topics });
    } finally {
      await admin.disconnect();
    }
  });

  it('creates topics that keep every event (read models are rebuilt from them)', async () => {
    const topic = `${uniqueName('kept')}.events`;
    const kafka = testKafka();
    await ensureTopics(kafka, [topic]);
    const admin = kafka.admin();
    await admin.connect();
    try {
      const { resources } = await admin.describeConfigs({
        resources: [{ type: ConfigResourceTypes.TOPIC, name: topic, configNames: ['retention.ms'] }],
        includeSynonyms: false,
      });
      expect(resources[0]!.configEntries.find((c) => c.configName === 'retention.ms')?.configValue).toBe('-1');
      await admin.deleteTopics({ topics: [topic] });
    } finally {
      await admin.disconnect();
    }
  });
});
