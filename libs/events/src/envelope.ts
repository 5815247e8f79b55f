import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { compileSchema, EventValidationError, problemsOf } from './validation';
import { jsonSchemaOf, StringOrNull } from './schema';
import { topics, type Topic } from './topics';

const TYPE_PATTERN = /^[A-Z][A-Za-z0-9]*$/;

const envelopeSchema = Type.Object({
  /** uuid v4; also the consumers' deduplication key. */
  id: Type.String({ format: 'uuid' }),
  /** Past-tense fact, PascalCase: 'ClientOnboarded'. */
  type: Type.String({ pattern: TYPE_PATTERN.source }),
  /** Version of the payload schema, from 1. */
  version: Type.Integer({ minimum: 1 }),
  /** ISO-8601 instant in UTC (`…Z`). */
  occurredAt: Type.String({ format: 'date-time', pattern: 'Z$' }),
  clientId: StringOrNull({ minLength: 1 }),
  /** The Kafka message key: one aggregate's events stay in order on one partition. */
  aggregateId: Type.String({ minLength: 1 }),
  correlationId: Type.String({ minLength: 1 }),
  causationId: StringOrNull({ minLength: 1 }),
  payload: Type.Unknown(),
});

/** What travels on Kafka: metadata every event shares, around a typed payload. */
export type EventEnvelope<P = unknown> = Static<typeof envelopeSchema> & { payload: P };

/** The contract of one event version: where it goes and what its payload looks like. */
export interface EventDefinition<P> {
  type: string;
  version: number;
  topic: string;
  /** JSON Schema (draft-07) of the payload, as plain JSON. */
  schema: object;
  /** Type-level marker only, never set: lets `createEvent(def, …)` check the payload's type. */
  readonly __payload?: P;
}

/** The payload type of a definition: `PayloadOf<typeof ClientOnboarded>`. */
export type PayloadOf<D> = D extends EventDefinition<infer P> ? P : never;

const knownTopics: readonly string[] = Object.values(topics);

/**
 * Declares an event version from its payload's TypeBox schema, which gives the payload its type.
 * Checks the definition's shape; the catalog compiles its schema.
 */
export function defineEvent<S extends TSchema>(def: {
  type: string;
  version: number;
  topic: string;
  schema: S;
}): EventDefinition<Static<S>> {
  const problems = [];
  if (!TYPE_PATTERN.test(def.type)) problems.push({ path: 'type', message: 'must be PascalCase' });
  if (!Number.isInteger(def.version) || def.version < 1) problems.push({ path: 'version', message: 'must be an integer >= 1' });
  if (!knownTopics.includes(def.topic)) problems.push({ path: 'topic', message: `must be one of ${knownTopics.join(', ')}` });
  if (problems.length > 0) throw new EventValidationError(`event definition ${def.type}@${def.version}`, problems);
  return Object.freeze({ type: def.type, version: def.version, topic: def.topic as Topic, schema: jsonSchemaOf(def.schema) });
}

const validateEnvelopeShape = compileSchema<EventEnvelope>(jsonSchemaOf(envelopeSchema));

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
  return value;
}
