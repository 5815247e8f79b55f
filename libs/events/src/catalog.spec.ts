import { COMMUNICATION_KINDS, SENDING_CHANNELS } from '@amicus/contact';
import { Type } from '@sinclair/typebox';
import { BrandCreated, ClientOnboarded } from './clients.events';
import {
  CommunicationCancelled,
  CommunicationCancelledV2,
  CommunicationRequested,
  CommunicationRequestedV2,
  CommunicationSent,
  CommunicationSentV2,
  CommunicationSentV3,
  isKindOfV2,
} from './communications.events';
import { catalog, createEvent, indexCatalog, isEventOf, isKnownEvent, parseEvent, topicOf } from './catalog';
import { defineEvent, type EventEnvelope } from './envelope';
import { topics } from './topics';
import { EventValidationError } from './validation';
import { problemsOf } from './testing/problems';

const clientId = '6f1c2f4e-0a7b-4d8e-9b1a-3c5d7e9f1a2b';

function onboarded(overrides: { id?: string; correlationId?: string; causationId?: string | null; occurredAt?: Date } = {}) {
  return createEvent(ClientOnboarded, {
    aggregateId: clientId,
    clientId,
    payload: { clientId, name: 'Acme NV', country: 'BE', enterpriseNumber: '0403.170.701', sme: true },
    ...overrides,
  });
}

describe('createEvent', () => {
  it('fills the envelope: uuid id, UTC instant, correlation defaults to its own id', () => {
    const event = onboarded({ occurredAt: new Date('2025-03-01T10:00:00+01:00') });
    expect(event.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(event).toMatchObject({
      type: 'ClientOnboarded',
      version: 1,
      occurredAt: '2025-03-01T09:00:00.000Z',
      clientId,
      aggregateId: clientId,
      correlationId: event.id,
      causationId: null,
    });
  });

  it('keeps the given id, correlation and causation', () => {
    const id = '0b8f3c8e-5d43-4c3b-9a43-0c7f1a6a0f10';
    const cause = '7e0b6c6a-3f3c-4bd4-8f2d-2f8f8a9e1c11';
    const event = onboarded({ id, correlationId: 'req-42', causationId: cause });
    expect([event.id, event.correlationId, event.causationId]).toEqual([id, 'req-42', cause]);
  });

  it('round-trips through JSON and parseEvent unchanged', () => {
    const event = createEvent(BrandCreated, {
      aggregateId: clientId,
      clientId,
      payload: { brandId: 'b-1', clientId, name: 'Acme Energy', languages: ['nl', 'fr-BE'], email: 'hello@acme.be', phone: null },
    });
    expect(parseEvent(JSON.stringify(event))).toEqual(event);
    expect(parseEvent(Buffer.from(JSON.stringify(event)))).toEqual(event);
  });

  it('refuses a bad payload, naming each field and its reason', () => {
    const problems = problemsOf(() =>
      createEvent(ClientOnboarded, {
        aggregateId: clientId,
        clientId,
        // Deliberately wrong at runtime: what a caller with loose data would send.
        payload: { clientId, name: '', country: 'Belgium', sme: 'yes' } as never,
      }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'payload.enterpriseNumber', message: 'is required' },
        { path: 'payload.name', message: 'must NOT have fewer than 1 characters' },
        { path: 'payload.country', message: 'must match pattern "^[A-Z]{2}$"' },
        { path: 'payload.sme', message: 'must be boolean' },
      ]),
    );
  });

  it('names array items in paths', () => {
    const problems = problemsOf(() =>
      createEvent(BrandCreated, {
        aggregateId: clientId,
        clientId,
        payload: { brandId: 'b', clientId, name: 'B', languages: ['nl', 'Dutch'], email: 'not-an-email', phone: null },
      }),
    );
    expect(problems.map((p) => p.path).sort()).toEqual(['payload.email', 'payload.languages[1]']);
  });

  it('refuses a definition that is not in the catalog', () => {
    const stray = defineEvent({ type: 'StrayHappened', version: 1, topic: topics.cases, schema: Type.Object({ a: Type.String() }) });
    expect(() => createEvent(stray, { aggregateId: 'x', clientId: null, payload: { a: 'b' } })).toThrow(EventValidationError);
  });
});

describe('parseEvent', () => {
  it('rejects a known type with an unknown version', () => {
    const event = { ...onboarded(), version: 2 };
    expect(problemsOf(() => parseEvent(event))).toEqual([{ path: 'type', message: 'ClientOnboarded@2 is not in the event catalog' }]);
  });

  it('accepts an unknown type on its envelope alone', () => {
    const event = { ...onboarded(), type: 'SomethingNewHappened', payload: { anything: true } };
    expect(parseEvent(event)).toEqual(event);
  });

  it('validates the payload of a known type on the way in', () => {
    const event = { ...onboarded(), payload: { clientId } };
    expect(problemsOf(() => parseEvent(event)).map((p) => p.path)).toEqual(
      expect.arrayContaining(['payload.name', 'payload.country', 'payload.sme']),
    );
  });

  it('names envelope problems', () => {
    const event: Record<string, unknown> = { ...onboarded(), id: 'nope', occurredAt: '2025-03-01T10:00:00+01:00' };
    delete event.aggregateId;
    expect(problemsOf(() => parseEvent(event))).toEqual(
      expect.arrayContaining([
        { path: 'id', message: 'must match format "uuid"' },
        { path: 'occurredAt', message: 'must match pattern "Z$"' },
        { path: 'aggregateId', message: 'is required' },
      ]),
    );
  });

  it('says when the input is not JSON', () => {
    expect(problemsOf(() => parseEvent('{not json'))[0]).toMatchObject({ path: '', message: expect.stringMatching(/^is not JSON/) });
  });

  it('rejects a non-object', () => {
    expect(problemsOf(() => parseEvent(42))).toEqual([{ path: '', message: 'must be object' }]);
  });
});

describe('the catalog', () => {
  it('knows each event version and its topic', () => {
    expect(isKnownEvent('ClientOnboarded', 1)).toBe(true);
    expect(isKnownEvent('ClientOnboarded', 2)).toBe(false);
    expect(isKnownEvent('Nothing', 1)).toBe(false);
    expect(topicOf(onboarded())).toBe(topics.clients);
    expect(() => topicOf({ type: 'Nothing', version: 1 })).toThrow(EventValidationError);
  });

  it('refuses the same type and version twice', () => {
    expect(() => indexCatalog([ClientOnboarded, { ...ClientOnboarded }])).toThrow(/ClientOnboarded@1 is defined twice/);
  });

  it('narrows an envelope to its payload type', () => {
    const event: EventEnvelope = parseEvent(JSON.stringify(onboarded()));
    expect(isEventOf(ClientOnboarded, event) && event.payload.country).toBe('BE');
    expect(isEventOf(BrandCreated, event)).toBe(false);
  });

  // Contracts are append-only: a change to a landed schema shows up here, in review.
  // A word added to a list of @amicus/contact changes no landed version (its enums are literal
  // lists); the latest version of an event that carries the list must then say it.
  const latest = new Map<string, (typeof catalog)[number]>();
  for (const def of catalog) if ((latest.get(def.type)?.version ?? 0) < def.version) latest.set(def.type, def);
  const enumOf = (def: (typeof catalog)[number], field: string): string[] | undefined =>
    (def.schema as { properties: Record<string, { enum?: string[] }> }).properties[field]?.enum;

  it('has a latest version of every event that carries a communication kind that knows every kind', () => {
    const carrying = catalog.filter((d) => enumOf(d, 'kind')?.includes('first_reminder')).map((d) => d.type);
    expect(new Set(carrying)).toEqual(new Set(['CommunicationRequested', 'CommunicationSent', 'CommunicationCancelled']));
    for (const type of carrying)
      expect([type, [...enumOf(latest.get(type)!, 'kind')!].sort()]).toEqual([type, [...COMMUNICATION_KINDS].sort()]);
  });

  it('has a latest version of every event that carries a sending channel that knows every channel', () => {
    const carrying = [...latest.values()].filter((d) => enumOf(d, 'channel')?.includes('email'));
    expect(carrying.length).toBeGreaterThan(3);
    for (const def of carrying) expect(enumOf(def, 'channel')).toEqual(expect.arrayContaining([...SENDING_CHANNELS]));
  });

  it('refuses a pre-due reminder in CommunicationRequested@1 and CommunicationSent@1, and takes it in @2', () => {
    const caseId = '0b8f3c8e-5d43-4c3b-9a43-0c7f1a6a0f10';
    const request = {
      requestId: 'r-1',
      caseId,
      clientId,
      brandId: null,
      channel: 'preferred',
      requestedBy: 'scenario:v:pre-due',
      amounts: null,
    } as const;
    const requestOf = <K extends string>(kind: K) => ({ aggregateId: caseId, clientId, payload: { ...request, kind } });
    expect(problemsOf(() => createEvent(CommunicationRequested, requestOf('pre_due_reminder') as never))).toEqual([
      { path: 'payload.kind', message: expect.stringMatching(/^must be equal to one of the allowed values/) },
    ]);
    expect(createEvent(CommunicationRequested, requestOf('first_reminder')).version).toBe(1);
    const v2 = createEvent(CommunicationRequestedV2, requestOf('pre_due_reminder'));
    expect(parseEvent(JSON.stringify(v2))).toEqual(v2);
    expect(v2).toMatchObject({ type: 'CommunicationRequested', version: 2 });

    const sent = {
      communicationId: 'c-1',
      requestId: 'r-1',
      caseId,
      clientId,
      channel: 'email',
      kind: 'pre_due_reminder',
      language: 'nl',
      templateVersionId: null,
      recipient: 'jan@example.org',
      sentAt: '2025-03-01T09:00:00.000Z',
      providerMessageId: null,
    } as const;
    expect(
      problemsOf(() => createEvent(CommunicationSent, { aggregateId: caseId, clientId, payload: sent as never })).map((p) => p.path),
    ).toEqual(['payload.kind']);
    expect(createEvent(CommunicationSentV2, { aggregateId: caseId, clientId, payload: sent })).toMatchObject({ version: 2 });
  });

  it("takes a payment plan's kinds in CommunicationSent@3 and CommunicationCancelled@2 only; every older kind is still an @2 one", () => {
    const caseId = '0b8f3c8e-5d43-4c3b-9a43-0c7f1a6a0f10';
    const sent = {
      communicationId: 'c-1',
      requestId: null,
      caseId,
      clientId,
      channel: 'email',
      kind: 'instalment_reminder',
      language: 'en',
      templateVersionId: null,
      recipient: 'jan@example.org',
      sentAt: '2025-03-01T09:00:00.000Z',
      providerMessageId: null,
    } as const;
    expect(
      problemsOf(() => createEvent(CommunicationSentV2, { aggregateId: caseId, clientId, payload: sent as never })).map((p) => p.path),
    ).toEqual(['payload.kind']);
    expect(createEvent(CommunicationSentV3, { aggregateId: caseId, clientId, payload: sent })).toMatchObject({ version: 3 });
    const cancelled = {
      communicationId: 'c-1',
      requestId: null,
      caseId,
      clientId,
      kind: 'instalment_missed',
      channel: 'preferred',
      code: 'case_closed',
      reason: 'closed',
      rule: null,
      cancelledAt: '2025-03-01T09:00:00.000Z',
    } as const;
    expect(
      problemsOf(() => createEvent(CommunicationCancelled, { aggregateId: caseId, clientId, payload: cancelled as never })).length,
    ).toBe(1);
    expect(createEvent(CommunicationCancelledV2, { aggregateId: caseId, clientId, payload: cancelled })).toMatchObject({ version: 2 });
    const newKinds = COMMUNICATION_KINDS.filter((k) => !isKindOfV2(k));
    expect(newKinds.sort()).toEqual(['instalment_missed', 'instalment_reminder', 'payment_plan_completed']);
  });

  it('keeps every landed schema unchanged', () => {
    expect(catalog.map(({ type, version, topic, schema }) => ({ type, version, topic, schema }))).toMatchSnapshot();
  });
});
