import { BrandCreated, ClientOnboarded, createEvent, defineEvent, topics, type EventEnvelope } from '@amicus/events';
import { Type } from '@sinclair/typebox';
import type { EntityManager } from 'typeorm';
import { EventRoutes, on } from './routes';

const clientId = '6f1c2f4e-0a7b-4d8e-9b1a-3c5d7e9f1a2b';
const manager = {} as EntityManager; // the handlers below never touch it
const onboarded = createEvent(ClientOnboarded, {
  aggregateId: clientId,
  clientId,
  payload: { clientId, name: 'Acme NV', country: 'BE', enterpriseNumber: null, sme: true },
});
const ClientOnboardedV2 = defineEvent({ type: 'ClientOnboarded', version: 2, topic: topics.clients, schema: Type.Object({}) });

describe('EventRoutes', () => {
  it("hands an event to its version's handler, typed by its definition", async () => {
    const seen: string[] = [];
    const routes = new EventRoutes([on(ClientOnboarded, async (event) => void seen.push(event.payload.country))]);
    const route = routes.routeOf(onboarded);
    if (!('handler' in route) || !route.handler) throw new Error(`expected a handler, got ${JSON.stringify(route)}`);
    await route.handler(onboarded, manager);
    expect(seen).toEqual(['BE']);
  });

  it('has no handler for a type it does not route', () => {
    const routes = new EventRoutes([on(BrandCreated, async () => undefined)]);
    expect(routes.routeOf(onboarded)).toEqual({ handler: null });
  });

  it('calls a version of a routed type it has no handler for unreadable', () => {
    const routes = new EventRoutes([on(ClientOnboardedV2, async () => undefined)]);
    expect(routes.routeOf(onboarded)).toEqual({ unreadable: 'no handler for ClientOnboarded@1 (this consumer reads version 2)' });
  });

  it('refuses two handlers for one event version', () => {
    expect(() => new EventRoutes([on(ClientOnboarded, async () => undefined), on(ClientOnboarded, async () => undefined)])).toThrow(
      'consumer: ClientOnboarded@1 has two handlers',
    );
  });

  it('refuses an envelope of another event version in a handler', async () => {
    const route = on(ClientOnboardedV2, async () => undefined);
    const event: EventEnvelope = onboarded;
    await expect(async () => route.handle(event, manager)).rejects.toThrow(
      'ClientOnboarded@1 was routed to the handler of ClientOnboarded@2',
    );
  });
});
