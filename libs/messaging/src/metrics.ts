/**
 * The messaging plumbing's Prometheus metrics, registered in prom-client's default registry (the
 * one registry a process has; whatever serves /metrics exposes them with the rest). An alert on
 * `amicus_parked_messages > 0` tells an operator that a message waits for a fix and a replay
 * (`amicus messages parked`, `amicus messages replay`).
 */
import { Counter, Gauge, register } from 'prom-client';

function gauge(name: string, help: string, labelNames: string[]): Gauge {
  return (register.getSingleMetric(name) as Gauge | undefined) ?? new Gauge({ name, help, labelNames });
}

function counter(name: string, help: string, labelNames: string[]): Counter {
  return (register.getSingleMetric(name) as Counter | undefined) ?? new Counter({ name, help, labelNames });
}

/** Parked messages of a consumer waiting for a replay (payload not yet purged), as last counted by its housekeeping. */
export const parkedMessagesGauge = gauge('amicus_parked_messages', 'Parked messages waiting for a replay, per consumer group', [
  'consumer',
]);

/** Messages parked since the process started, by consumer and failure kind (transient, permanent, unknown). */
export const messagesParkedTotal = counter('amicus_messages_parked_total', 'Messages parked by a consumer, by failure kind', [
  'consumer',
  'failure',
]);

/** Parked messages replayed, by outcome (replayed: handled once now; parked: failed again). */
export const parkedReplaysTotal = counter('amicus_parked_replays_total', 'Replays of parked messages, by outcome', ['consumer', 'outcome']);

/** Processed-event records pruned by housekeeping. */
export const processedEventsPrunedTotal = counter('amicus_processed_events_pruned_total', 'Processed-event records pruned', ['consumer']);
