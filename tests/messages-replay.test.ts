import { Client } from 'pg';
import { parkedMessages, replayParked } from '@amicus/cli';
import { session } from './support/session';
import { SystemUnderTest, eventually } from './support/system';

/**
 * Parked messages, through the whole system (issue 18 §4): a handler of the reporting service
 * fails for good (a bad check in its schema refuses the figures of a large claim) — the message
 * is parked at once, the consumer goes on with the next client's claims; the cause is fixed, the
 * message replayed with `amicus messages replay`, and the claim counts once in the portfolio;
 * replayed again, nothing more happens.
 */
const system = new SystemUnderTest('e2e_messages', 21000, { KAFKA_TOPIC_PREFIX: `e2e_messages_${Date.now().toString(36)}.` });
const { gql, login } = session(system);
const env = { ...process.env, DATABASE_URL: system.databaseUrl };

let admin: string;
let db: Client;

async function placeClaim(name: string, amount: string): Promise<{ clientId: string; caseId: string }> {
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
        claims: [
          {
            debtorName: 'Anna Claes',
            email: 'anna@example.be',
            addressLine1: 'Kerkstraat 1',
            postcode: '9000',
            city: 'Gent',
            country: 'BE',
            invoiceNumber: `F-${Date.now()}`,
            issueDate: '2025-01-02',
            dueDate: '2025-02-01',
            amount,
            currency: 'EUR',
          },
        ],
      },
    },
    admin,
  );
  const caseId = (await gql('query($c:ID!){ cases(filter:{clientId:$c}){ nodes { id } } }', { c: clientId }, admin)).cases.nodes[0]
    .id as string;
  return { clientId, caseId };
}

const placedOf = async (caseId: string): Promise<string | undefined> =>
  (await db.query(`SELECT placed_minor::text AS placed FROM reporting.portfolio_cases WHERE case_id = $1`, [caseId])).rows[0]?.placed;

beforeAll(async () => {
  await system.resetDatabase();
  await system.startAll(['cases', 'reporting', 'gateway']);
  admin = await login('admin@amicus.local', 'amicus-admin');
  db = new Client({ connectionString: system.databaseUrl });
  await db.connect();
}, 150000);

afterAll(async () => {
  await db?.end();
  await system.stopAll();
}, 60000);

describe('a parked message replayed once fixed', () => {
  it('parks the event a handler refuses for good, goes on, and after the fix replays it once', async () => {
    // The bug: a check that refuses a case placed for 1,000.00 or more (SQLSTATE 23514, permanent).
    await db.query(`ALTER TABLE reporting.portfolio_cases ADD CONSTRAINT e2e_placed_below_1000 CHECK (placed_minor < 100000) NOT VALID`);
    const big = await placeClaim('Groot Bedrag BV', '1234.00');
    const small = await placeClaim('Klein Bedrag BV', '80.00');

    // The small claim, placed after, is in the figures: the consumer went on.
    await eventually(async () => expect(await placedOf(small.caseId)).toBe('8000'), 60000);
    const parked = await eventually(async () => {
      const rows = await parkedMessages({ service: 'reporting', env });
      expect(rows).toHaveLength(1);
      return rows[0]!;
    }, 30000);
    expect(parked.failure).toBe('permanent');
    expect(parked.error).toMatch(/handler failed 1 times \(permanent\).*e2e_placed_below_1000/);
    expect(await placedOf(big.caseId)).not.toBe('123400');

    // The fix, then the replay, as `amicus messages replay --service reporting --all` asks for it.
    await db.query(`ALTER TABLE reporting.portfolio_cases DROP CONSTRAINT e2e_placed_below_1000`);
    const outcomes = await replayParked({ service: 'reporting', all: true, env, waitMs: 30000 });
    expect(outcomes.map((o) => [o.message.id, o.outcome])).toEqual([[parked.id, 'replayed']]);
    expect(await placedOf(big.caseId)).toBe('123400');

    // Replayed again: nothing waits, nothing counts twice.
    expect(await replayParked({ service: 'reporting', all: true, env, waitMs: 1000 })).toEqual([]);
    await expect(replayParked({ service: 'reporting', id: parked.id, env, waitMs: 1000 })).rejects.toThrow(/waits for a replay/);
    expect(await placedOf(big.caseId)).toBe('123400');
    expect(await parkedMessages({ service: 'reporting', env })).toEqual([]);
    const [kept] = await parkedMessages({ service: 'reporting', all: true, env });
    expect(kept).toMatchObject({ id: parked.id, replays: 1 });
    expect(kept!.replayedAt).not.toBeNull();
  });
});
