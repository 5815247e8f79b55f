import { Client } from 'pg';
import { session, type Gql } from './support/session';
import { SystemUnderTest, eventually } from './support/system';
import { runCliAsync } from './support/cli';

/**
 * `amicus reporting rebuild`, as an operator runs it when a read model changed or a figure is in
 * doubt: with reporting stopped, its read models are emptied and its consumers sent back to the
 * start of the topics; started again, it folds every event once more and every figure is what it
 * was — also after a figure had been spoiled by hand. Refused while reporting still consumes.
 */
const NAME = 'e2e_reporting_rebuild';
const TOPIC_PREFIX = `${NAME}_${Date.now().toString(36)}.`;
const system = new SystemUnderTest(NAME, 20100, { KAFKA_TOPIC_PREFIX: TOPIC_PREFIX });
const { gql, login } = session(system);
const cliEnv = { DATABASE_URL: system.databaseUrl, KAFKA_GROUP_PREFIX: `${NAME}.`, KAFKA_TOPIC_PREFIX: TOPIC_PREFIX };
const rebuild = (...args: string[]) => runCliAsync(['reporting', 'rebuild', ...args], { env: cliEnv });

let admin: string;
const clients: string[] = [];

const FIGURES = `{
  portfolioSummary { clientId openCases amounts { currency openCases placedMinor collectedMinor collectedPrincipalMinor collectedInterestMinor collectedCostsMinor openMinor recoveryRateBp } }
  collectionCurve { clientId cohortMonth placedMinor points { monthsSincePlacement collectedMinor shareBp } }
  ageing { clientId currency buckets { bucket openCases openMinor } }
}`;
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels' }).format(new Date());

async function sql(text: string): Promise<void> {
  const c = new Client({ connectionString: system.databaseUrl });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

async function clientWithPaidCase(name: string, claims: number, paidMinor: string): Promise<void> {
  const clientId = (await gql('mutation($i:CreateClientInput!){ createClient(input:$i){ id } }', { i: { name, country: 'BE' } }, admin))
    .createClient.id as string;
  const brandId = (
    await gql(
      'mutation($i:CreateBrandInput!){ createBrand(input:$i){ id } }',
      { i: { clientId, name: `${name} Brand`, languages: ['nl'], phone: '+3225551234' } },
      admin,
    )
  ).createBrand.id as string;
  await gql(
    'mutation($i:PlaceClaimsInput!){ placeClaims(input:$i){ casesOpened } }',
    {
      i: {
        clientId,
        brandId,
        claims: Array.from({ length: claims }, (_, i) => ({
          debtorName: `Debtor ${i} of ${name}`,
          email: `d${i}@example.be`,
          addressLine1: 'Kerkstraat 1',
          postcode: '9000',
          city: 'Gent',
          country: 'BE',
          invoiceNumber: `F-${name}-${i}`,
          issueDate: '2025-01-02',
          dueDate: '2025-02-01',
          amount: `${100 + 25 * i}.00`,
          currency: 'EUR',
        })),
      },
    },
    admin,
  );
  const cases: Gql[] = (await gql('query($c:ID!){ cases(filter:{clientId:$c}){ nodes { id } } }', { c: clientId }, admin)).cases.nodes;
  await gql(
    'mutation($i:RecordPaymentInput!){ recordPayment(input:$i){ id } }',
    { i: { caseId: cases[0]!.id, amountMinor: paidMinor, receivedOn: today(), source: 'bank' } },
    admin,
  );
  clients.push(clientId);
}

/**
 * The agency's figures once reporting has seen every client's payment and what follows from it
 * (a case paid in full closes a moment after its payment is counted): the same figures read
 * twice, 1.5 s apart.
 */
async function settledFigures(): Promise<Gql> {
  let f: Gql = await eventually(
    async () => {
      const seen = await gql(FIGURES, {}, admin);
      const mine = seen.portfolioSummary.filter((p: Gql) => clients.includes(p.clientId));
      expect(mine).toHaveLength(clients.length);
      for (const p of mine) expect(BigInt(p.amounts[0].collectedMinor)).toBeGreaterThan(0n);
      return seen;
    },
    60000,
    200,
  );
  for (let tries = 0; tries < 20; tries++) {
    await new Promise((r) => setTimeout(r, 1500));
    const again = await gql(FIGURES, {}, admin);
    if (JSON.stringify(again) === JSON.stringify(f)) return f;
    f = again;
  }
  throw new Error('the figures kept changing for 30 s');
}

beforeAll(async () => {
  await system.resetDatabase();
  await system.startAll(['cases', 'reporting', 'gateway']);
  admin = await login('admin@amicus.local', 'amicus-admin');
  await clientWithPaidCase('Rebuild One', 3, '5000');
  await clientWithPaidCase('Rebuild Two', 2, '12500');
}, 150000);

afterAll(() => system.stopAll(), 60000);

describe('amicus reporting rebuild', () => {
  let before: Gql;

  it('is refused while reporting is consuming, and nothing is cleared', async () => {
    before = await settledFigures();
    const r = await rebuild();
    // Every reporting group that still has members is named (in the broker's order).
    expect(r.stderr).toMatch(/reporting is still consuming \(.*\): stop the reporting service first/);
    for (const group of ['portfolio', 'root-causes']) expect(r.stderr).toContain(`e2e_reporting_rebuild.reporting.${group}: 1 member(s)`);
    expect(r.status).toBe(2);
    expect(await gql(FIGURES, {}, admin)).toEqual(before);
  });

  it('folds every event again: the figures are what they were, also after one was spoiled', async () => {
    await system.stop('reporting');
    // Figures in doubt: collected and open amounts spoiled by hand, a case closed that is not.
    await sql(`UPDATE reporting.portfolio_cases SET collected_principal_minor = collected_principal_minor + 99999, open_minor = 1`);
    await sql(
      `UPDATE reporting.portfolio_cases SET closed = true WHERE case_id = (SELECT min(case_id::text)::uuid FROM reporting.portfolio_cases)`,
    );
    const r = await rebuild();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/read models cleared {2}.*client_portfolios.*portfolio_cases.*portfolio_payments/);
    expect(r.stdout).toContain(
      'consumer groups      e2e_reporting_rebuild.reporting.portfolio, e2e_reporting_rebuild.reporting.root-causes (back at the start of their topics)',
    );
    // Every event the cases service published for the two clients is there to read again.
    const events = Number(/events read again {4}(\d+)/.exec(r.stdout)?.[1]);
    expect(events).toBeGreaterThanOrEqual(2 /* clients */ + 2 /* brands */ + 5 /* claims */ + 2 /* payments */);
    expect(r.stdout).toContain('reporting was not running: it reads them when it starts (amicus up)');

    system.start('reporting');
    await system.waitUntilReady();
    const after = await settledFigures();
    expect(after).toEqual(before);
  });

  it('a second rebuild gives the same figures again (the fold is idempotent, no event counted twice)', async () => {
    await system.stop('reporting');
    expect((await rebuild()).status).toBe(0);
    system.start('reporting');
    await system.waitUntilReady();
    await eventually(async () => expect(await gql(FIGURES, {}, admin)).toEqual(before), 60000, 200);
  });
});
