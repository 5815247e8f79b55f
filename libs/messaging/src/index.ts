export { messagingTablesDown, messagingTablesUp } from './tables';
export { Outbox } from './outbox';
export { OutboxRelay, type OutboxRelayOptions } from './relay';
export { IdempotentConsumer, type IdempotentConsumerOptions } from './consumer';
export { on, type EventHandler, type EventRoute } from './routes';
export { ensureTopics } from './ensure-topics';
export type { Logger } from './logger';
