import { compileSchema, EventValidationError, problemsOf } from './validation';
import { topics, type Topic } from './topics';

/** What travels on Kafka: metadata every event shares, around a typed payload. */
export interface EventEnvelope<P = unknown> {
  /** uuid v4; also the consumers' deduplication key. */
  id: string;
  /** Past-tense fact, PascalCase: 'ClientOnboarded'. */
  type: string;
  /** Version of the payload schema, from 1. */
  version: number;
  /** ISO-8601 instant in UTC (`…Z`). */
  occurredAt: string;
  clientId: string | null;
  /** The Kafka message key: one aggregate's events stay in order on one partition. */
  aggregateId: string;
  correlationId: string;
  causationId: string | null;
  payload: P;
}

/** The contract of one event version: where it goes and what its payload looks like. */
export interface EventDefinition<P> {
  type: string;
  version: number;
  topic: string;
  /** JSON Schema (draft-07) of the payload. */
  schema: object;
  /** Type-level marker only, never set: lets `createEvent(def, …)` check the payload's type. */
  readonly __payload?: P;
}

const TYPE_PATTERN = /^[A-Z][A-Za-z0-9]*$/;
const knownTopics: readonly string[] = Object.values(topics);

/** Declares an event version. Checks the definition's shape; the catalog compiles its schema. */
export function defineEvent<P>(def: EventDefinition<P>): EventDefinition<P> {
  const problems = [];
  if (!TYPE_PATTERN.test(def.type)) problems.push({ path: 'type', message: 'must be PascalCase' });
  if (!Number.isInteger(def.version) || def.version < 1) problems.push({ path: 'version', message: 'must be an integer >= 1' });
  if (!knownTopics.includes(def.topic)) problems.push({ path: 'topic', message: `must be one of ${knownTopics.join(', ')}` });
  if (problems.length > 0) throw new EventValidationError(`event definition ${def.type}@${def.version}`, problems);
  return Object.freeze({ ...def, topic: def.topic as Topic });
}

const envelopeSchema = {
  type: 'object',
  required: ['id', 'type', 'version', 'occurredAt', 'clientId', 'aggregateId', 'correlationId', 'causationId', 'payload'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    type: { type: 'string', pattern: TYPE_PATTERN.source },
    version: { type: 'integer', minimum: 1 },
    occurredAt: { type: 'string', format: 'date-time', pattern: 'Z$' },
    clientId: { type: ['string', 'null'], minLength: 1 },
    aggregateId: { type: 'string', minLength: 1 },
    correlationId: { type: 'string', minLength: 1 },
    causationId: { type: ['string', 'null'], minLength: 1 },
    payload: {},
  },
};

const validateEnvelopeShape = compileSchema(envelopeSchema);

/** Checks the envelope only (not the payload). Accepts an object, a JSON string or a Buffer. */
export function parseEnvelope(raw: unknown): EventEnvelope {
  let value = raw;
  if (typeof raw === 'string' || Buffer.isBuffer(raw)) {
    try {
      value = JSON.parse(raw.toString());
    } catch (e) {
      throw new EventValidationError('event', [{ path: '', message: `is not JSON (${(e as Error).message})` }]);
    }
  }
  if (!validateEnvelopeShape(value)) {
    throw new EventValidationError('event envelope', problemsOf(validateEnvelopeShape.errors));
  }
  return value as EventEnvelope;
}
