export { topics, type Topic } from './topics';
export { EventValidationError, type ValidationProblem } from './validation';
export { defineEvent, parseEnvelope, type EventDefinition, type EventEnvelope, type PayloadOf } from './envelope';
export { catalog, createEvent, isEventOf, isKnownEvent, parseEvent, topicOf } from './catalog';
export * from './clients.events';
export * from './cases.events';
export * from './communications.events';
export * from './payments.events';
export * from './billing.events';
