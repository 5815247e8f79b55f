import type { DataSource } from 'typeorm';
import type { Identity } from '@amicus/auth';
import { beginRequestScope } from '@amicus/service-runtime';
import { openCasesDataSource } from '../src/cases-schema';
import { TenantDatabase } from '../src/tenancy/tenant-database';
import { freshCasesDatabase, seedClient } from './database';
import { who } from './identities';

/**
 * A read-only request shares one transaction for all its reads (issue 19 §1): row-level security
 * must hold for every statement of it, and a pooled connection must never carry one request's
 * tenant into another's — here on a pool of one connection, so both requests use the same one.
 */
let ds: DataSource;
let pool1: DataSource;
let drop: () => Promise<void>;
const A = { clientId: '', brandIds: [] as string[] };
const B = { clientId: '', brandIds: [] as string[] };

async function caseOf(t: typeof A, name: string): Promise<void> {
  const debtor = crypto.randomUUID();
  await ds.query(
    `INSERT INTO cases.debtors (id, client_id, kind, name, language, country, time_zone) VALUES ($1, $2, 'consumer', $3, 'nl', 'BE', 'Europe/Brussels')`,
    [debtor, t.clientId, name],
  );
  await ds.query(
    `INSERT INTO cases.cases (id, client_id, brand_id, debtor_id, phase, currency, principal_minor, oldest_due_date, priority_score, opened_at)
     VALUES ($1, $2, $3, $4, 'amicable', 'EUR', 1000, date '2025-01-01', 0, now())`,
    [crypto.randomUUID(), t.clientId, t.brandIds[0], debtor],
  );
}

beforeAll(async () => {
  ({ ds, drop } = await freshCasesDatabase('request_tx'));
  Object.assign(A, await seedClient(ds));
  Object.assign(B, await seedClient(ds));
  await caseOf(A, 'Debtor of A');
  await caseOf(B, 'Debtor of B');
  pool1 = await openCasesDataSource((ds.options as { url: string }).url, 1);
});
afterAll(async () => {
  await pool1?.destroy();
  await drop();
});

/** The request's own copy of the caller (as contextFromRequest makes it). */
const requestOf = (identity: Identity) => beginRequestScope({ ...identity });
const names = (rows: { name: string }[]) => rows.map((r) => r.name).sort();
const debtors = (m: { query(sql: string): Promise<{ name: string }[]> }) => m.query(`SELECT name FROM cases.debtors`);
const clientsOfCases = (m: { query(sql: string): Promise<{ client_id: string }[]> }) => m.query(`SELECT client_id FROM cases.cases`);
/** What a pooled connection carries once no request holds it. */
const leftOnConnection = () =>
  pool1.query(`SELECT current_user AS "user", coalesce(current_setting('app.role', true), '') AS role,
                      coalesce(current_setting('app.client_ids', true), '') AS clients, coalesce(current_setting('app.subject', true), '') AS subject`);

describe('one transaction per read-only request', () => {
  it('keeps two interleaved requests of different tenants on one pooled connection to their own rows', async () => {
    const tenant = new TenantDatabase(pool1);
    const a = requestOf(who('client_user', { clientId: A.clientId }));
    const b = requestOf(who('client_user', { clientId: B.clientId }));

    const a1 = tenant.run(a.identity, debtors);
    const b1 = tenant.run(b.identity, debtors); // waits for the one connection, which a holds
    const a2 = tenant.run(a.identity, clientsOfCases);
    const b2 = tenant.run(b.identity, clientsOfCases);
    expect(names(await a1)).toEqual(['Debtor of A']);
    expect((await a2).map((r) => r.client_id)).toEqual([A.clientId]);
    const a3 = tenant.run(a.identity, debtors); // after a's connection went back (b may have had it meanwhile)
    expect(names(await b1)).toEqual(['Debtor of B']);
    expect((await b2).map((r) => r.client_id)).toEqual([B.clientId]);
    expect(names(await a3)).toEqual(['Debtor of A']);
    await Promise.all([a.end(), b.end()]);

    const [left] = await leftOnConnection();
    expect(left).toEqual({ user: 'postgres', role: '', clients: '', subject: '' });
  });

  it('runs the reads a request starts together in one transaction', async () => {
    const tenant = new TenantDatabase(ds);
    const a = requestOf(who('client_user', { clientId: A.clientId }));
    const txid = (m: { query(sql: string): Promise<{ tx: string }[]> }) => m.query(`SELECT txid_current()::text AS tx`);
    const [[one], [two], [three]] = await Promise.all([
      tenant.run(a.identity, txid),
      tenant.run(a.identity, txid),
      tenant.run(a.identity, txid),
    ]);
    expect(new Set([one!.tx, two!.tx, three!.tx]).size).toBe(1);
    await a.end();
  });

  it('starts the transaction over as the same caller when a statement fails, and ends clean', async () => {
    const tenant = new TenantDatabase(pool1);
    const a = requestOf(who('client_user', { clientId: A.clientId }));
    const failing = tenant.run(a.identity, (m) => m.query(`SELECT 'not a uuid'::uuid`));
    const queuedBehind = tenant.run(a.identity, debtors); // aborted with the first, then read again
    await expect(failing).rejects.toThrow(/uuid/);
    expect(names(await queuedBehind)).toEqual(['Debtor of A']);
    const [after] = await tenant.run(a.identity, (m) =>
      m.query(`SELECT current_user AS "user", current_setting('app.client_ids', true) AS clients`),
    );
    expect(after).toEqual({ user: 'amicus_cases_app', clients: A.clientId });
    await a.end();
    const [left] = await leftOnConnection();
    expect(left).toEqual({ user: 'postgres', role: '', clients: '', subject: '' });
  });

  it('gives a work after the end of its request a transaction of its own, behind the same walls', async () => {
    const tenant = new TenantDatabase(pool1);
    const b = requestOf(who('agent', { brandIds: B.brandIds }));
    expect(names(await tenant.run(b.identity, debtors))).toEqual(['Debtor of B']);
    await b.end();
    expect(names(await tenant.run(b.identity, debtors))).toEqual(['Debtor of B']);
    // A caller without a request scope (a mutation's works) keeps one transaction per work.
    expect(names(await tenant.run(who('client_user', { clientId: A.clientId }), debtors))).toEqual(['Debtor of A']);
    const [left] = await leftOnConnection();
    expect(left).toEqual({ user: 'postgres', role: '', clients: '', subject: '' });
  });
});
