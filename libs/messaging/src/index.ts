export { messagingTablesDown, messagingTablesUp } from './tables';
export { Outbox } from './outbox';
export { OutboxRelay, type OutboxRelayOptions } from './relay';
export { IdempotentConsumer, type EventHandler, type IdempotentConsumerOptions } from './consumer';
export { ensureTopics } from './ensure-topics';
export type { Logger } from './logger';
