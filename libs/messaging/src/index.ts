export { messagingHousekeepingDown, messagingHousekeepingUp, messagingTablesDown, messagingTablesUp } from './tables';
export { Outbox, outboxChannel } from './outbox';
export { OutboxRelay, type OutboxRelayOptions } from './relay';
export { IdempotentConsumer, type IdempotentConsumerOptions } from './consumer';
export { on, type EventHandler, type EventRoute } from './routes';
export { ensureTopics } from './ensure-topics';
export type { Logger } from './logger';
export {
  classifyFailure,
  decideRetry,
  DEFAULT_RETRY_POLICY,
  PermanentFailure,
  type ConsumerRetryPolicy,
  type FailureKind,
} from './retry-policy';
export { DEFAULT_PARKED_RETENTION_MS, listParked, requestReplay, type ParkedFilter, type ParkedMessage } from './parked';
export { DEFAULT_KEEP_PROCESSED_MS } from './pruning';
export { parkedMessagesGauge } from './metrics';
