import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import type { Identity } from '@amicus/auth';
import { CaseHoldReleased, createEvent } from '@amicus/events';
import { outboxChannel } from '@amicus/messaging';
import { bulkOutbox } from '../src/bulk-writes/bulk-outbox';
import { copyField, copyRows, insertViaStage } from '../src/bulk-writes/copy-rows';
import { enterTenant } from '../src/tenancy/tenant-database';
import { freshCasesDatabase, seedClient } from './database';

/** COPY's text format, written by `copyRows`, on the real database: what goes in comes back out. */
let ds: DataSource;
let drop: () => Promise<void>;

beforeAll(async () => {
  ({ ds, drop } = await freshCasesDatabase('copy'));
});
afterAll(() => drop());

// Postgres text holds any character but NUL; everything else must survive, escapes included.
const text = fc.string({ unit: 'binary', maxLength: 40 }).filter((s) => !s.includes('\0'));

describe('copyField', () => {
  it('escapes what the text format would otherwise read as a separator, and writes null as \\N', () => {
    expect(copyField('a\tb\nc\\d\re')).toBe('a\\tb\\nc\\\\d\\re');
    expect(copyField(null)).toBe('\\N');
    expect(copyField('\\N')).toBe('\\\\N'); // the text "\N" is not null
    expect(copyField(['x', 'a"b', 'c\\d'])).toBe('{"x","a\\\\"b","c\\\\\\\\d"}');
    expect(copyField(12_345_678_901_234_567_890n)).toBe('12345678901234567890');
    expect(copyField(false)).toBe('f');
  });
});

describe('copyRows', () => {
  it('round-trips any text, text arrays, nulls and big amounts through COPY', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.option(text), fc.array(text, { maxLength: 4 }), fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n })), {
          maxLength: 20,
        }),
        async (rows) => {
          const back = await ds.transaction(async (m) => {
            await m.query(`CREATE TEMP TABLE roundtrip (n int, t text, a text[], b bigint) ON COMMIT DROP`);
            await copyRows(
              m,
              'roundtrip',
              ['n', 't', 'a', 'b'],
              rows.map(([t, a, b], n) => [n, t, a, b]),
            );
            return m.query(`SELECT t, a, b::text AS b FROM roundtrip ORDER BY n`);
          });
          expect(back).toEqual(rows.map(([t, a, b]) => ({ t, a, b: b.toString() })));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('writes nothing when the transaction rolls back', async () => {
    await ds.query(`CREATE TABLE public.copied (v text)`);
    await expect(
      ds.transaction(async (m) => {
        await copyRows(m, 'public.copied', ['v'], [['one'], ['two']]);
        throw new Error('placement failed');
      }),
    ).rejects.toThrow('placement failed');
    expect(await ds.query(`SELECT count(*)::int AS n FROM public.copied`)).toEqual([{ n: 0 }]);
  });

  it('names the table and the value Postgres refused', async () => {
    await expect(ds.transaction((m) => copyRows(m, 'public.copied_int', ['v'], [['x']]))).rejects.toThrow(/copied_int/);
    await ds.query(`CREATE TABLE public.copied_int (v int)`);
    await expect(ds.transaction((m) => copyRows(m, 'public.copied_int', ['v'], [['12'], ['twelve']]))).rejects.toThrow(/twelve/);
  });
});

describe('insertViaStage', () => {
  it('inserts under row-level security as the tenant role, and the policies still hold', async () => {
    const { clientId } = await seedClient(ds);
    const other = await seedClient(ds);
    const clientUser: Identity = { subject: 'u', role: 'client_user', clientId, brandIds: [], email: null };
    const [brand] = await ds.query(`SELECT id FROM cases.brands WHERE client_id = $1`, [clientId]);
    const own = crypto.randomUUID();
    await ds.transaction(async (m) => {
      await enterTenant(m, clientUser);
      await insertViaStage(
        m,
        'cases.placements',
        ['id', 'client_id', 'brand_id', 'source', 'actor'],
        [[own, clientId, brand.id, 'api', 'it']],
      );
      // Twice in one transaction: the stage is emptied after each call.
      await insertViaStage(
        m,
        'cases.placements',
        ['id', 'client_id', 'brand_id', 'source', 'actor'],
        [[crypto.randomUUID(), clientId, brand.id, 'api', 'it']],
      );
    });
    expect(await ds.query(`SELECT count(*)::int AS n FROM cases.placements WHERE client_id = $1`, [clientId])).toEqual([{ n: 2 }]);

    const foreign = [crypto.randomUUID(), other.clientId, other.brandIds[0] as string];
    await expect(
      ds.transaction(async (m) => {
        await enterTenant(m, clientUser);
        await insertViaStage(m, 'cases.placements', ['id', 'client_id', 'brand_id', 'source', 'actor'], [[...foreign, 'api', 'it']]);
      }),
    ).rejects.toThrow(/row-level security/);
    expect(await ds.query(`SELECT count(*)::int AS n FROM cases.placements WHERE client_id = $1`, [other.clientId])).toEqual([{ n: 0 }]);
  });
});

describe('bulkOutbox', () => {
  it('wakes the relay: NOTIFYs the outbox channel on commit, and not on rollback', async () => {
    const listener = ds.createQueryRunner();
    await listener.connect();
    const client = (await listener.connect()) as { on: (e: 'notification', f: (n: { channel: string }) => void) => void };
    const heard: string[] = [];
    client.on('notification', (n) => heard.push(n.channel));
    await listener.query(`LISTEN "${outboxChannel('cases')}"`);
    const append = bulkOutbox('cases');
    const event = () =>
      createEvent(CaseHoldReleased, {
        aggregateId: crypto.randomUUID(),
        clientId: crypto.randomUUID(),
        payload: { caseId: crypto.randomUUID(), reason: 'test', actor: 'system:test' },
      });
    const rolledBack = ds.transaction(async (m) => {
      await append(m, [event()]);
      throw new Error('roll back');
    });
    await expect(rolledBack).rejects.toThrow('roll back');
    await ds.transaction((m) => append(m, [event(), event()]));
    // A round trip on the listening connection delivers what was notified before it.
    await listener.query('SELECT 1');
    expect(heard).toEqual([outboxChannel('cases')]);
    await listener.release();
  });
});
