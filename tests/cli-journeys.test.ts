import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { addDays, Clock } from '@amicus/calendar';
import { runCli } from './support/cli';

/**
 * `amicus outgoing` and `amicus scheduler run --once` on a fresh database, as a user runs them:
 * what goes out is told without writing anything, and the pass then does it.
 */
const SERVER = 'postgres://postgres@127.0.0.1:5432';
const DATABASE = `amicus_cli_journeys_${process.pid}`;
const env = {
  DATABASE_URL: `${SERVER}/${DATABASE}`,
  AMICUS_AGENCY_REGISTRATION: '0123.456.789',
  AMICUS_AGENCY_TIME_ZONE: 'Europe/Brussels',
};
const amicus = (...args: string[]) => runCli(args, { env });
const today = new Clock('Europe/Brussels').today();
let dir: string;

async function sql(database: string, text: string, params: unknown[] = []): Promise<void> {
  const c = new Client({ connectionString: `${SERVER}/${database}` });
  await c.connect();
  try {
    await c.query(text, params);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  await sql('postgres', `DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'amicus-cli-journeys-'));
});
afterAll(async () => {
  await sql('postgres', `DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('amicus outgoing and amicus scheduler run --once', () => {
  it('tell what goes out today and what waits, then a pass sends it', async () => {
    // On the fresh database (migrated by the command itself) nothing is due.
    const empty = amicus('outgoing');
    expect(empty.stderr).toBe('');
    expect(empty.status).toBe(0);
    expect(empty.stdout).toContain(`what goes out on ${today}: 0 step(s); 0 held back`);

    const clientId = crypto.randomUUID();
    await sql(DATABASE, `INSERT INTO cases.clients (id, name, country) VALUES ($1, 'Bakkerij Claes', 'BE')`, [clientId]);
    await sql(
      DATABASE,
      `INSERT INTO cases.brands (id, client_id, name, languages, phone) VALUES ($1, $2, 'Brood', '{nl}', '+3231234567')`,
      [crypto.randomUUID(), clientId],
    );
    const due = addDays(today, -30);
    const file = path.join(dir, 'placement.csv');
    fs.writeFileSync(
      file,
      [
        'Name,Email,Street,Postcode,City,Invoice,Issued,Due,Amount,Damages,Interest',
        `Anna Claes,anna@example.org,Kerkstraat 1,9000,Gent,F-1,${addDays(due, -30)},${due},400.00,yes,yes`,
        `Bert Maes,bert@example.org,Veldstraat 2,9000,Gent,F-2,${addDays(due, -30)},${due},250.00,yes,yes`,
      ].join('\n'),
    );
    const mapping = path.join(dir, 'mapping.json');
    const columns = {
      debtorName: 'Name',
      email: 'Email',
      addressLine1: 'Street',
      postcode: 'Postcode',
      city: 'City',
      invoiceNumber: 'Invoice',
    };
    const more = { issueDate: 'Issued', dueDate: 'Due', amount: 'Amount', damagesClause: 'Damages', interestClause: 'Interest' };
    fs.writeFileSync(
      mapping,
      JSON.stringify({
        columns: { ...columns, ...more },
        decimalSeparator: '.',
        defaults: { currency: 'EUR', country: 'BE', kind: 'consumer' },
      }),
    );
    const placed = amicus('import', '--client', clientId, '--mapping', mapping, file);
    expect(placed.status).toBe(0);
    expect(placed.stdout).toMatch(/cases opened\s+2/);
    await sql(
      DATABASE,
      `UPDATE cases.cases c SET hold_until = $1, hold_reason = 'client asked' FROM cases.debtors d WHERE d.id = c.debtor_id AND d.name = 'Bert Maes'`,
      [addDays(today, 5)],
    );

    const before = amicus('outgoing', '--client', clientId);
    expect(before.status).toBe(0);
    const lines = before.stdout.split('\n');
    expect(lines[0]).toBe(`what goes out on ${today}: 1 step(s) (preferred 1); 1 held back`);
    expect(before.stdout).toMatch(/Anna Claes: first-reminder \(first_reminder\) by preferred, template first_reminder/);
    expect(before.stdout).toMatch(/EUR 400\.00 \(principal 400\.00/);
    expect(before.stdout).toMatch(new RegExp(`Bert Maes: journey — pause, may from ${addDays(today, 4)}T2[23]:00:00\\.000Z`));
    expect(before.stdout).toContain(`on hold until ${addDays(today, 5)}`);
    // Read only: asked again, the same answer.
    expect(amicus('outgoing', '--client', clientId).stdout).toBe(before.stdout);
    const json = JSON.parse(amicus('outgoing', '--client', clientId, '--json').stdout);
    expect(json.counts).toEqual([{ channel: 'preferred', count: 1 }]);
    expect(json.goingOut[0].amounts).toMatchObject({ principalMinor: '40000', damagesMinor: '0' });

    const pass = amicus('scheduler', 'run', '--once');
    expect(pass.stderr).toBe('');
    expect(pass.status).toBe(0);
    expect(pass.stdout).toMatch(/journeys started\s+1/);
    expect(pass.stdout).toMatch(/steps run\s+1/);
    expect(pass.stdout).toMatch(/steps waiting\s+1/);
    expect(pass.stdout).toMatch(/failed\s+0/);

    const after = amicus('outgoing', '--client', clientId);
    expect(after.stdout.split('\n')[0]).toBe(`what goes out on ${today}: 0 step(s); 0 held back`);
    expect(amicus('scheduler', 'run', '--once').stdout).toMatch(/steps run\s+0/);
  }, 120_000);

  it('answers bad input naming the field, with exit code 2, and runs a pass only when told --once', () => {
    const bad = amicus('outgoing', '--date', '2025-13-01', '--client', 'acme');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('date: is not a date (YYYY-MM-DD)');
    expect(bad.stderr).toContain('clientId: is not an id');
    const notOnce = amicus('scheduler', 'run');
    expect(notOnce.status).toBe(2);
    expect(notOnce.stderr).toMatch(/only --once/);
  });
});
