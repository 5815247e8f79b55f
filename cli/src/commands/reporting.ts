/**
 * `amicus reporting rebuild`: reporting's read models emptied and folded again from the topics,
 * after a read model changed or a figure is in doubt. The reporting service is stopped for it
 * (its consumers must not run while their offsets move) and started again when it was running.
 * A stopped consumer leaves its group only after the broker's session timeout, so the rebuild
 * waits for the group to empty.
 */
import { Kafka, logLevel } from 'kafkajs';
import { openServiceDataSource } from '@amicus/service-runtime';
import {
  RebuildRefused,
  readReportingConfig,
  rebuildProgress,
  rebuildReadModels,
  reportingConsuming,
  reportingSchema,
  type RebuildReport,
} from '@amicus/reporting';
import { runningPid, stopProcess, up } from '../system';

export interface RebuildOutcome {
  report: RebuildReport;
  restarted: boolean;
  /** Seconds until the restarted service had read every event again; null when it was not running. */
  caughtUpInSeconds: number | null;
}

export async function rebuildReporting(opts: {
  force?: boolean;
  say: (m: string) => void;
  env?: NodeJS.ProcessEnv;
  /** How long to wait for the restarted service to catch up. */
  timeoutMs?: number;
}): Promise<RebuildOutcome> {
  const env = opts.env ?? process.env;
  const config = readReportingConfig(env);
  const kafka = new Kafka({ clientId: 'amicus-cli', brokers: config.KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING });
  // Only the reporting `amicus up` started for this installation (its group prefix) is stopped;
  // one started otherwise is left alone, and the rebuild refuses while it consumes.
  const wasRunning =
    runningPid('reporting') !== null &&
    (await reportingConsuming(kafka, config.KAFKA_GROUP_PREFIX)) &&
    (await stopProcess('reporting', opts.say));
  if (wasRunning) {
    const until = Date.now() + 45_000;
    while ((await reportingConsuming(kafka, config.KAFKA_GROUP_PREFIX)) && Date.now() < until) await new Promise((r) => setTimeout(r, 500));
  }
  const ds = await openServiceDataSource(config.DATABASE_URL, reportingSchema, 2);
  let report: RebuildReport;
  try {
    report = await rebuildReadModels({
      dataSource: ds,
      kafka,
      schema: reportingSchema.schema,
      groupPrefix: config.KAFKA_GROUP_PREFIX,
      topicPrefix: config.KAFKA_TOPIC_PREFIX,
      force: opts.force,
    });
  } catch (e) {
    if (wasRunning) await up(opts.say, env, ['reporting']);
    throw e;
  } finally {
    await ds.destroy();
  }
  if (!wasRunning) return { report, restarted: false, caughtUpInSeconds: null };
  const t0 = Date.now();
  await up(opts.say, env, ['reporting']);
  const deadline = t0 + (opts.timeoutMs ?? 600_000);
  for (;;) {
    const { remaining, caughtUp } = await rebuildProgress(kafka, report);
    if (caughtUp) return { report, restarted: true, caughtUpInSeconds: (Date.now() - t0) / 1000 };
    if (!runningPid('reporting')) throw new Error('reporting exited while reading the events again; see .data/logs/reporting.log');
    if (Date.now() > deadline) throw new Error(`reporting has ${remaining} events still to read; it goes on in the background`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

export function rebuildLines(o: RebuildOutcome): string[] {
  return [
    `read models cleared  ${o.report.tablesCleared.join(', ') || '(none)'}`,
    `consumer groups      ${o.report.groups.join(', ')} (back at the start of their topics)`,
    `events read again    ${o.report.events}`,
    o.caughtUpInSeconds === null
      ? 'reporting was not running: it reads them when it starts (amicus up)'
      : `reporting caught up  in ${o.caughtUpInSeconds.toFixed(1)} s`,
  ];
}

export { RebuildRefused };
