import { isEventOf, type EventDefinition, type EventEnvelope } from '@amicus/events';
import type { EntityManager } from 'typeorm';

/** Applies one event's effect with the manager of the transaction that records it as processed. */
export type EventHandler<P = unknown> = (event: EventEnvelope<P>, manager: EntityManager) => Promise<void>;

/** One event version and its handler; made by `on`. */
export interface EventRoute {
  readonly type: string;
  readonly version: number;
  readonly handle: EventHandler;
}

/** Routes one event version to a handler that receives its typed envelope: `on(CaseOpened, (event, manager) => …)`. */
export function on<P>(def: EventDefinition<P>, handle: EventHandler<NoInfer<P>>): EventRoute {
  return {
    type: def.type,
    version: def.version,
    handle: (event, manager) => {
      if (!isEventOf(def, event)) throw new Error(`${event.type}@${event.version} was routed to the handler of ${def.type}@${def.version}`);
      return handle(event, manager);
    },
  };
}

/** What a consumer does with an event: hand it to its handler, ignore it, or refuse a version it cannot read. */
export type Route = { handler: EventHandler | null } | { unreadable: string };

/** A consumer's routes by type and version. */
export class EventRoutes {
  private readonly handlers = new Map<string, EventHandler>();
  private readonly versions = new Map<string, number[]>();

  constructor(routes: readonly EventRoute[]) {
    for (const { type, version, handle } of routes) {
      const key = `${type}@${version}`;
      if (this.handlers.has(key)) throw new Error(`consumer: ${key} has two handlers`);
      this.handlers.set(key, handle);
      this.versions.set(type, [...(this.versions.get(type) ?? []), version]);
    }
  }

  /**
   * A type with no route has no effect here. A version of a routed type with no route is
   * unreadable: recording it as processed would drop it silently (parseEvent has already refused
   * a version the catalog does not know; this is one the catalog knows and the consumer does not).
   */
  routeOf(event: Pick<EventEnvelope, 'type' | 'version'>): Route {
    const handler = this.handlers.get(`${event.type}@${event.version}`);
    if (handler) return { handler };
    const versions = this.versions.get(event.type);
    if (!versions) return { handler: null };
    return { unreadable: `no handler for ${event.type}@${event.version} (this consumer reads version ${versions.join(', ')})` };
  }
}
