import { Type } from '@sinclair/typebox';
import { randomUUID } from 'node:crypto';
import { defineEvent, parseEnvelope } from './envelope';
import { problemsOf } from './testing/problems';

const envelope = () => ({
  id: randomUUID(),
  type: 'CaseOpened',
  version: 1,
  occurredAt: '2025-03-01T09:00:00.000Z',
  clientId: null,
  aggregateId: 'case-1',
  correlationId: 'req-1',
  causationId: null,
  payload: { anything: true },
});

describe('parseEnvelope', () => {
  it('accepts a well-formed envelope, whatever its payload', () => {
    const value = envelope();
    expect(parseEnvelope(value)).toEqual(value);
  });

  it('names each bad field and why', () => {
    const problems = problemsOf(() =>
      parseEnvelope({ ...envelope(), type: 'case_opened', version: 1.5, clientId: '', occurredAt: 'yesterday', payload: undefined }),
    );
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'type', message: 'must match pattern "^[A-Z][A-Za-z0-9]*$"' },
        { path: 'version', message: 'must be integer' },
        { path: 'clientId', message: 'must NOT have fewer than 1 characters' },
        { path: 'occurredAt', message: 'must match format "date-time"' },
        { path: 'payload', message: 'is required' },
      ]),
    );
  });

  it('puts the problems in the error message too', () => {
    expect(() => parseEnvelope({ ...envelope(), id: 'x' })).toThrow('event envelope: id must match format "uuid"');
  });
});

describe('defineEvent', () => {
  it('refuses a definition with a bad type, version or topic', () => {
    expect(
      problemsOf(() => defineEvent({ type: 'client_onboarded', version: 0, topic: 'amicus.nowhere', schema: Type.Object({}) })),
    ).toEqual([
      { path: 'type', message: 'must be PascalCase' },
      { path: 'version', message: 'must be an integer >= 1' },
      { path: 'topic', message: expect.stringContaining('must be one of amicus.clients') },
    ]);
  });
});
