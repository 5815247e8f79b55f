import type { Admin, Kafka } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { topics } from '@amicus/events';

/**
 * Reporting's consumer groups and the topics each reads: the one list the service registers its
 * consumers from and `amicus reporting rebuild` resets.
 */
export const PORTFOLIO_CONSUMER = { name: 'portfolio', topics: [topics.clients, topics.cases] };
export const ROOT_CAUSES_CONSUMER = { name: 'root-causes', topics: [topics.cases] };
export const REPORTING_CONSUMERS = [PORTFOLIO_CONSUMER, ROOT_CAUSES_CONSUMER];

/** The messaging tables of the schema; every other table of it is a read model, rebuilt from the topics. */
const NOT_READ_MODELS = ['migrations', 'outbox', 'processed_events', 'parked_messages', 'typeorm_metadata'];

export interface RebuildSetting {
  dataSource: DataSource;
  kafka: Kafka;
  schema: string;
  groupPrefix: string;
  topicPrefix: string;
  /** Rebuild even though the broker no longer holds a topic's oldest events (the result is then partial). */
  force?: boolean;
}

export interface RebuildReport {
  tablesCleared: string[];
  groups: string[];
  /** Events the consumers will read again: what the topics hold now. */
  events: number;
  /** Per consumer group, the offset per topic partition at which it is caught up again. */
  targets: { groupId: string; topic: string; partition: number; offset: string }[];
}

/** Why a rebuild was not started; nothing was changed. */
export class RebuildRefused extends Error {}

/**
 * Empties reporting's read models and its consumers' processed-event records, and moves the
 * consumer groups back to the start of their topics, so the service (restarted) folds every event
 * again. Refused while a group still has members (the service is running) and, unless forced,
 * when the broker's retention has already dropped a topic's first events. The offsets are moved
 * inside the clearing transaction: if that fails nothing is cleared, and if the commit fails the
 * events re-read are still recorded as processed, so either way no figure is counted twice.
 */
export async function rebuildReadModels(s: RebuildSetting): Promise<RebuildReport> {
  const groups = reportingGroups(s.groupPrefix, s.topicPrefix);
  const admin = s.kafka.admin();
  await admin.connect();
  try {
    const busy = await busyGroups(admin, groups);
    if (busy.length > 0) {
      throw new RebuildRefused(
        `reporting is still consuming (${busy.map((g) => `${g.groupId}: ${g.members.length} member(s)`).join(', ')}): stop the reporting service first`,
      );
    }
    const existing = new Set(await admin.listTopics());
    let events = 0;
    const targets: RebuildReport['targets'] = [];
    const truncated: string[] = [];
    for (const g of groups) {
      for (const topic of g.topics.filter((t) => existing.has(t))) {
        for (const p of await admin.fetchTopicOffsets(topic)) {
          if (BigInt(p.low) > 0n) truncated.push(`${topic}[${p.partition}] starts at offset ${p.low}`);
          events += Number(BigInt(p.high) - BigInt(p.low));
          targets.push({ groupId: g.groupId, topic, partition: p.partition, offset: p.high });
        }
      }
    }
    if (truncated.length > 0 && !s.force) {
      throw new RebuildRefused(
        `the broker no longer holds the first events of ${truncated.join('; ')}: a rebuild would lose their figures (--force to rebuild from what is left)`,
      );
    }
    const tables = await readModelTables(s.dataSource, s.schema);
    await s.dataSource.transaction(async (m) => {
      if (tables.length > 0) await m.query(`TRUNCATE ${tables.map((t) => `"${s.schema}"."${t}"`).join(', ')}`);
      await m.query(`DELETE FROM "${s.schema}".processed_events WHERE consumer = ANY($1)`, [groups.map((g) => g.groupId)]);
      for (const g of groups) {
        for (const topic of g.topics.filter((t) => existing.has(t)))
          await admin.resetOffsets({ groupId: g.groupId, topic, earliest: true });
      }
    });
    return { tablesCleared: tables, groups: groups.map((g) => g.groupId), events, targets };
  } finally {
    await admin.disconnect();
  }
}

/** How many of the events to re-read every group has committed past; `caughtUp` once all. */
export async function rebuildProgress(kafka: Kafka, report: RebuildReport): Promise<{ remaining: number; caughtUp: boolean }> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    let remaining = 0;
    for (const groupId of report.groups) {
      const mine = report.targets.filter((t) => t.groupId === groupId);
      const topicNames = [...new Set(mine.map((t) => t.topic))];
      if (topicNames.length === 0) continue;
      const committed = await admin.fetchOffsets({ groupId, topics: topicNames });
      for (const t of mine) {
        const at = committed.find((c) => c.topic === t.topic)?.partitions.find((p) => p.partition === t.partition)?.offset ?? '-1';
        const done = BigInt(at) < 0n ? 0n : BigInt(at);
        if (done < BigInt(t.offset)) remaining += Number(BigInt(t.offset) - done);
      }
    }
    return { remaining, caughtUp: remaining === 0 };
  } finally {
    await admin.disconnect();
  }
}

function reportingGroups(groupPrefix: string, topicPrefix: string) {
  return REPORTING_CONSUMERS.map((c) => ({ groupId: `${groupPrefix}reporting.${c.name}`, topics: c.topics.map((t) => topicPrefix + t) }));
}

async function busyGroups(admin: Admin, groups: { groupId: string }[]) {
  const described = await admin.describeGroups(groups.map((g) => g.groupId));
  return described.groups.filter((g) => g.members.length > 0);
}

/** Whether a reporting service of this installation (its group prefix) is consuming now. */
export async function reportingConsuming(kafka: Kafka, groupPrefix: string): Promise<boolean> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    return (await busyGroups(admin, reportingGroups(groupPrefix, ''))).length > 0;
  } finally {
    await admin.disconnect();
  }
}

async function readModelTables(dataSource: DataSource, schema: string): Promise<string[]> {
  const rows = (await dataSource.query(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = $1 AND table_type = 'BASE TABLE' AND NOT (table_name = ANY($2)) ORDER BY table_name`,
    [schema, NOT_READ_MODELS],
  )) as { table_name: string }[];
  return rows.map((r) => r.table_name);
}
