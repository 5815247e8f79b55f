import { messagingTablesDown, messagingTablesUp, quoteSchema } from './tables';

describe('messaging tables', () => {
  it('creates outbox, processed_events and parked_messages in the given schema', () => {
    const up = messagingTablesUp('cases');
    for (const table of ['outbox', 'processed_events', 'parked_messages']) {
      expect(up.some((sql) => sql.startsWith(`CREATE TABLE "cases".${table} (`))).toBe(true);
    }
    expect(up.join('\n')).toContain('PRIMARY KEY (consumer, event_id)');
  });

  it('drops what it created, dependants first', () => {
    expect(messagingTablesDown('cases')).toEqual([
      'DROP TABLE IF EXISTS "cases".parked_messages',
      'DROP TABLE IF EXISTS "cases".processed_events',
      'DROP TABLE IF EXISTS "cases".outbox',
    ]);
  });

  it.each(['Cases', 'cases; DROP TABLE x', 'a"b', '', '1cases'])('refuses the schema name %j', (name) => {
    expect(() => quoteSchema(name)).toThrow(/invalid schema name/);
    expect(() => messagingTablesUp(name)).toThrow(/invalid schema name/);
  });
});
