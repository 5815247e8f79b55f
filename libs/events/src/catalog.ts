import type { ValidateFunction } from 'ajv';
import { randomUUID } from 'node:crypto';
import { clientsEvents } from './clients.events';
import { casesEvents } from './cases.events';
import { communicationsEvents } from './communications.events';
import { paymentsEvents, plansEvents } from './payments.events';
import { billingEvents } from './billing.events';
import { escalationEvents } from './escalation.events';
import { legalProceedingsEvents } from './legal-proceedings.events';
import { parseEnvelope, type EventDefinition, type EventEnvelope } from './envelope';
import { compileSchema, EventValidationError, problemsOf } from './validation';

/** Every event version the system knows. Adding an event: one `defineEvent` with its TypeBox schema, in its group's list. */
export const catalog: readonly EventDefinition<unknown>[] = Object.freeze([
  ...clientsEvents,
  ...casesEvents,
  ...communicationsEvents,
  ...paymentsEvents,
  ...plansEvents,
  ...billingEvents,
  ...escalationEvents,
  ...legalProceedingsEvents,
]);

interface CatalogEntry {
  def: EventDefinition<unknown>;
  validate: ValidateFunction;
}

const keyOf = (type: string, version: number): string => `${type}@${version}`;

/** Indexes definitions by `type@version` and compiles each payload schema once. */
export function indexCatalog(defs: readonly EventDefinition<unknown>[]): ReadonlyMap<string, CatalogEntry> {
  const index = new Map<string, CatalogEntry>();
  for (const def of defs) {
    const key = keyOf(def.type, def.version);
    if (index.has(key)) throw new Error(`event catalog: ${key} is defined twice`);
    index.set(key, { def, validate: compileSchema(def.schema) });
  }
  return index;
}

const index = indexCatalog(catalog);

export function isKnownEvent(type: string, version: number): boolean {
  return index.has(keyOf(type, version));
}

function entryFor(type: string, version: number): CatalogEntry {
  const entry = index.get(keyOf(type, version));
  if (!entry) {
    throw new EventValidationError(`event ${keyOf(type, version)}`, [
      { path: 'type', message: `${keyOf(type, version)} is not in the event catalog` },
    ]);
  }
  return entry;
}

function assertPayload(entry: CatalogEntry, payload: unknown): void {
  if (!entry.validate(payload)) {
    throw new EventValidationError(`event ${keyOf(entry.def.type, entry.def.version)}`, problemsOf(entry.validate.errors, 'payload'));
  }
}

/** Builds a validated envelope for a catalogued event. Throws EventValidationError on a bad payload. */
export function createEvent<P>(
  def: EventDefinition<P>,
  fields: {
    aggregateId: string;
    clientId: string | null;
    payload: NoInfer<P>;
    correlationId?: string;
    causationId?: string | null;
    occurredAt?: Date;
    id?: string;
  },
): EventEnvelope<P> {
  const entry = entryFor(def.type, def.version);
  if (entry.def !== def) {
    throw new Error(`createEvent: ${keyOf(def.type, def.version)} is not the catalogued definition`);
  }
  assertPayload(entry, fields.payload);
  const id = fields.id ?? randomUUID();
  const envelope: EventEnvelope<P> = {
    id,
    type: def.type,
    version: def.version,
    occurredAt: (fields.occurredAt ?? new Date()).toISOString(),
    clientId: fields.clientId,
    aggregateId: fields.aggregateId,
    // A new conversation starts with this event: its own id correlates what follows.
    correlationId: fields.correlationId ?? id,
    causationId: fields.causationId ?? null,
    payload: fields.payload,
  };
  parseEnvelope(envelope);
  return envelope;
}

/**
 * Validates an envelope (object, JSON string or Buffer) and, for a catalogued type, its payload.
 * A type the catalog does not know passes on its envelope alone (consumers ignore it); a known
 * type with an unknown version is rejected, since no one could read it.
 */
export function parseEvent(raw: unknown): EventEnvelope {
  const envelope = parseEnvelope(raw);
  if (catalog.some((d) => d.type === envelope.type)) {
    assertPayload(entryFor(envelope.type, envelope.version), envelope.payload);
  }
  return envelope;
}

/** Narrows an envelope to one definition's payload type. */
export function isEventOf<P>(def: EventDefinition<P>, envelope: EventEnvelope): envelope is EventEnvelope<P> {
  return envelope.type === def.type && envelope.version === def.version;
}

/** The topic an event is published on, from the catalog. */
export function topicOf(envelope: Pick<EventEnvelope, 'type' | 'version'>): string {
  return entryFor(envelope.type, envelope.version).def.topic;
}
