import { runCliAsync } from './support/cli';
import { session } from './support/session';
import { SystemUnderTest } from './support/system';

/**
 * Reference rates through the gateway and the `amicus` command: every role reads the tables
 * with their warning; only the agency admin adds a period, by GraphQL or `amicus rates add`;
 * bad input names its field (its flag on the command line); and a period added makes the
 * engine allow the interest it refused (RATES) a moment before. The values added here are
 * test values, not published rates.
 */
const system = new SystemUnderTest('e2e_rates', 15300, { KAFKA_TOPIC_PREFIX: 'e2e_rates.' });
const { gql, login } = session(system);
const amicus = (...args: string[]) => runCliAsync(args, { env: { DATABASE_URL: system.databaseUrl } });

const PASSWORD = 'long-enough-pass';
let admin: string;
let agent: string;

const TABLES = 'query { rateTables { id knownUntil warning periods { from through ratePercent source addedBy } } }';
const ADD =
  'mutation($i:AddRatePeriodInput!){ addRatePeriod(input:$i){ id knownUntil warning periods { from through ratePercent addedBy } } }';
const ASSESS = 'query($c:String!){ assessHypotheticalCase(caseJson:$c){ decisions { allowed rule reason } statement { interestMinor } } }';

/** A Dutch consumer's claim due on 1 Oct 2025, the 14-day letter long past: statutory interest is due on 17 Feb 2026. */
const nlConsumerCase = JSON.stringify({
  now: '2026-02-17T10:00:00+01:00',
  step: 'charge_interest',
  debtor: { kind: 'consumer', country: 'NL' },
  creditor: {},
  collector: { kind: 'agency' },
  currency: 'EUR',
  claims: [{ id: 'c1', number: 'F-2025-77', issueDate: '2025-09-01', dueDate: '2025-10-01', principal: '250.00' }],
  communications: [{ kind: 'first_reminder', channel: 'email', sentAt: '2025-10-10T10:00:00+02:00', sender: 'agency', complete: true }],
  payments: [],
  disputes: [],
});

async function fieldsRefused(input: object, token: string): Promise<{ code: unknown; fields: unknown[] }> {
  const res = await system.graphql<Record<string, unknown>>(ADD, { i: input }, token);
  const e = res.errors?.[0];
  if (!e) throw new Error(`expected a refusal, got ${JSON.stringify(res.data)}`);
  return { code: e.extensions?.code, fields: ((e.extensions?.problems ?? []) as { field: string }[]).map((p) => p.field) };
}

beforeAll(async () => {
  await system.resetDatabase();
  await system.startAll(['cases', 'gateway']);
  admin = await login('admin@amicus.local', 'amicus-admin');
  const email = `agent-${Date.now()}@example.org`;
  await gql(
    'mutation($i:CreateUserInput!){ createUser(input:$i){ id } }',
    { i: { email, password: PASSWORD, role: 'agent', brandIds: [] } },
    admin,
  );
  agent = await login(email, PASSWORD);
}, 150000);

afterAll(() => system.stopAll(), 60000);

describe('the reference-rate tables', () => {
  it('are read by an agent too, seeded with the shipped values, each ended table with its warning', async () => {
    const tables = (await gql(TABLES, {}, agent)).rateTables;
    expect(tables.map((t: { id: string }) => t.id).sort()).toEqual(['be-late-payment', 'nl-commercial', 'nl-statutory']);
    const nl = tables.find((t: { id: string }) => t.id === 'nl-statutory');
    expect(nl.periods.at(-1)).toMatchObject({ through: '2025-12-31', addedBy: 'seed', source: expect.stringMatching(/Staatsblad/) });
    expect(nl.knownUntil).toBe('2025-12-31');
  });

  it('take a period from the admin only; bad input names its field', async () => {
    const next = { tableId: 'nl-commercial', from: '2026-01-01', ratePercent: '10.15', source: 'e2e test value, not a published rate' };
    expect(await fieldsRefused(next, agent)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await fieldsRefused({ ...next, from: '2026-03-01', ratePercent: 'ten' }, admin)).toEqual({
      code: 'BAD_USER_INPUT',
      fields: ['input.from', 'input.ratePercent'],
    });
    const added = (await gql(ADD, { i: next }, admin)).addRatePeriod;
    expect(added).toMatchObject({ id: 'nl-commercial', knownUntil: '2026-06-30' });
    expect(added.periods.at(-1)).toMatchObject({ from: '2026-01-01', through: '2026-06-30', ratePercent: '10.15' });
  });
});

describe('amicus rates add', () => {
  it('turns the interest the engine refused for want of a rate into an allowed charge', async () => {
    const before = (await gql(ASSESS, { c: nlConsumerCase }, agent)).assessHypotheticalCase;
    expect(before.decisions[0]).toMatchObject({
      allowed: false,
      rule: 'RATES',
      reason: expect.stringMatching(/amicus rates add --table nl-statutory/),
    });

    const bad = await amicus('rates', 'add', '--table', 'nl-statutory', '--from', '2026-01-02', '--rate', '4', '--source', 'e2e');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^--from: leaves a gap from 2026-01-01 to 2026-01-01/m);

    const ok = await amicus(
      'rates',
      'add',
      '--table',
      'nl-statutory',
      '--from',
      '2026-01-01',
      '--rate',
      '4',
      '--source',
      'e2e test value, not a published rate',
    );
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/2026-01-01 – 2026-06-30\s+4\.00%\s+e2e test value/);

    const after = (await gql(ASSESS, { c: nlConsumerCase }, agent)).assessHypotheticalCase;
    expect(after.decisions[0]).toMatchObject({ allowed: true, rule: 'NL-C-4' });
    expect(BigInt(after.statement.interestMinor)).toBeGreaterThan(0n);

    const listed = await amicus('rates', 'list');
    expect(listed.status).toBe(0);
    expect(listed.stdout).toMatch(/nl-statutory: .* known until 2026-06-30/);
    expect(listed.stdout).toMatch(/e2e test value, not a published rate {2}\[cli:/);
  });
});
