import { session, type Gql } from './support/session';
import { SystemUnderTest, eventually } from './support/system';

/**
 * Collected moves with the money, through the gateway: a client's claim is placed, a bank payment
 * recorded — the client's collected figures (principal, interest, costs as the engine allocated
 * them), open amount, collection curve and ageing follow; the payment reversed puts every figure
 * back as before it; a payment of everything closes the case as paid and its reversal opens it
 * again; a payment dated earlier but recorded later makes the engine allocate the other again
 * (and again when it is undone), and collected stays the sum of the standing allocations to the
 * cent. Another client's figures do not move, and its user sees none of these.
 */
const system = new SystemUnderTest('e2e_reporting_collected', 17550, {
  KAFKA_TOPIC_PREFIX: `e2e_reporting_collected_${Date.now().toString(36)}.`,
});
const { gql, login } = session(system);
const PASSWORD = 'long-enough-pass';

let admin: string;
let mine: { clientId: string; brandId: string; user: string; caseId: string };
let other: { clientId: string; brandId: string; user: string; caseId: string };

const debtor = {
  debtorName: 'Anna Claes',
  email: 'anna@example.be',
  addressLine1: 'Kerkstraat 1',
  postcode: '9000',
  city: 'Gent',
  country: 'BE',
};

async function clientWithCase(name: string) {
  const clientId = (await gql('mutation($i:CreateClientInput!){ createClient(input:$i){ id } }', { i: { name, country: 'BE' } }, admin))
    .createClient.id as string;
  const brandId = (
    await gql(
      'mutation($i:CreateBrandInput!){ createBrand(input:$i){ id } }',
      { i: { clientId, name: `${name} Brand`, languages: ['nl'], phone: '+3225551234' } },
      admin,
    )
  ).createBrand.id as string;
  const email = `client-${Date.now()}-${Math.random().toString(36).slice(2)}@example.org`;
  await gql(
    'mutation($i:CreateUserInput!){ createUser(input:$i){ id } }',
    { i: { email, password: PASSWORD, role: 'client_user', clientId } },
    admin,
  );
  await gql(
    'mutation($i:PlaceClaimsInput!){ placeClaims(input:$i){ casesOpened } }',
    {
      i: {
        clientId,
        brandId,
        // Two invoices of one debtor, one case: a payment recorded later but dated earlier pays the oldest first and moves the other's parts.
        claims: [
          {
            ...debtor,
            invoiceNumber: `F-${Date.now()}-1`,
            issueDate: '2025-01-02',
            dueDate: '2025-02-01',
            amount: '80.00',
            currency: 'EUR',
          },
          {
            ...debtor,
            invoiceNumber: `F-${Date.now()}-2`,
            issueDate: '2025-02-02',
            dueDate: '2025-03-01',
            amount: '320.00',
            currency: 'EUR',
          },
        ],
      },
    },
    admin,
  );
  const caseId = (await gql('query($c:ID!){ cases(filter:{clientId:$c}){ nodes { id } } }', { c: clientId }, admin)).cases.nodes[0]
    .id as string;
  return { clientId, brandId, user: await login(email, PASSWORD), caseId };
}

const FIGURES = `{
  portfolioSummary { clientId openCases amounts { currency openCases placedMinor collectedMinor collectedPrincipalMinor collectedInterestMinor collectedCostsMinor openMinor recoveryRateBp } }
  collectionCurve { clientId cohortMonth placedMinor points { monthsSincePlacement collectedMinor shareBp } }
  ageing { clientId currency buckets { bucket openCases openMinor } }
}`;

/** What a client's user sees of its portfolio, its curve and its ageing. */
async function figuresOf(c: { user: string }): Promise<Gql> {
  return gql(FIGURES, {}, c.user);
}

const paymentParts = (p: Gql) => ({
  principal: p.allocation.principal.reduce((s: bigint, x: Gql) => s + BigInt(x.amountMinor), 0n),
  interest: BigInt(p.allocation.interestMinor),
  costs: BigInt(p.allocation.costsMinor),
});

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels' }).format(new Date());
/** How many times the cases service allocated a payment of the case again, from the case's history. */
async function reallocations(caseId: string): Promise<number> {
  const history: Gql[] = (await gql('query($id:ID!){ case(id:$id){ history { action } } }', { id: caseId }, admin)).case.history;
  return history.filter((h) => h.action === 'payment_reallocated').length;
}

const PAY =
  'mutation($i:RecordPaymentInput!){ recordPayment(input:$i){ id allocation { costsMinor interestMinor principal { amountMinor } } } }';
const REVERSE = 'mutation($p:ID!,$r:String!){ reversePayment(paymentId:$p, kind:"bank_return", reason:$r){ id status } }';

beforeAll(async () => {
  await system.resetDatabase();
  await system.startAll(['cases', 'reporting', 'gateway']);
  admin = await login('admin@amicus.local', 'amicus-admin');
  mine = await clientWithCase('Brouwerij Reporting');
  other = await clientWithCase('Elders Reporting');
}, 150000);

afterAll(() => system.stopAll(), 60000);

describe('collected, through the whole system', () => {
  let before: Gql;
  let otherBefore: Gql;

  it('holds the placed claim in the figures, the curve and the ageing', async () => {
    before = await eventually(
      async () => {
        const f = await figuresOf(mine);
        expect(f.portfolioSummary).toEqual([
          {
            clientId: mine.clientId,
            openCases: 1,
            amounts: [
              {
                currency: 'EUR',
                openCases: 1,
                placedMinor: '40000',
                collectedMinor: '0',
                collectedPrincipalMinor: '0',
                collectedInterestMinor: '0',
                collectedCostsMinor: '0',
                openMinor: '40000',
                recoveryRateBp: 0,
              },
            ],
          },
        ]);
        expect(f.collectionCurve).toEqual([
          {
            clientId: mine.clientId,
            cohortMonth: today().slice(0, 7),
            placedMinor: '40000',
            points: [{ monthsSincePlacement: 0, collectedMinor: '0', shareBp: 0 }],
          },
        ]);
        // due 2025-02-01: well over 180 days past due
        expect(f.ageing[0].buckets.find((b: Gql) => b.bucket === 'OVER_180')).toEqual({
          bucket: 'OVER_180',
          openCases: 1,
          openMinor: '40000',
        });
        return f;
      },
      20000,
      250,
    );
    otherBefore = await eventually(
      async () => {
        const f = await figuresOf(other);
        expect(f.portfolioSummary[0].amounts[0].placedMinor).toBe('40000');
        return f;
      },
      20000,
      250,
    );
    expect(otherBefore.portfolioSummary.map((p: Gql) => p.clientId)).toEqual([other.clientId]);
  });

  it('moves with a payment as it was allocated, and back when it is reversed', async () => {
    const paid = (await gql(PAY, { i: { caseId: mine.caseId, amountMinor: '15000', receivedOn: today(), source: 'bank' } }, admin))
      .recordPayment;
    const parts = paymentParts(paid);
    expect(parts.principal + parts.interest + parts.costs).toBe(15000n);
    const started = Date.now();
    await eventually(
      async () => {
        const f = await figuresOf(mine);
        expect(f.portfolioSummary[0].amounts[0]).toMatchObject({
          collectedMinor: '15000',
          collectedPrincipalMinor: String(parts.principal),
          collectedInterestMinor: String(parts.interest),
          collectedCostsMinor: String(parts.costs),
          openMinor: String(40000n - parts.principal),
          recoveryRateBp: Number((parts.principal * 10000n) / 40000n),
        });
        expect(f.collectionCurve[0].points.at(-1)).toEqual({
          monthsSincePlacement: 0,
          collectedMinor: String(parts.principal),
          shareBp: Number((parts.principal * 10000n) / 40000n),
        });
        expect(f.ageing[0].buckets.find((b: Gql) => b.bucket === 'OVER_180').openMinor).toBe(String(40000n - parts.principal));
      },
      20000,
      100,
    );
    console.log(`reporting: a payment reached the client's figures in about ${Date.now() - started} ms (asked every 100 ms)`);
    expect(await figuresOf(other)).toEqual(otherBefore);

    await gql(REVERSE, { p: paid.id, r: 'returned by the bank' }, admin);
    await eventually(async () => expect(await figuresOf(mine)).toEqual(before), 20000, 100);
    expect(await figuresOf(other)).toEqual(otherBefore);
  });

  it('closes as paid with everything paid, and opens again when that payment is reversed', async () => {
    const due = (await gql('query($id:ID!){ case(id:$id){ balance { openMinor } } }', { id: mine.caseId }, admin)).case.balance.openMinor;
    const paid = (await gql(PAY, { i: { caseId: mine.caseId, amountMinor: due, receivedOn: today(), source: 'bank' } }, admin))
      .recordPayment;
    await eventually(
      async () =>
        expect((await figuresOf(mine)).portfolioSummary[0]).toMatchObject({
          openCases: 0,
          amounts: [{ openCases: 0, collectedMinor: due, collectedPrincipalMinor: '40000', openMinor: '0', recoveryRateBp: 10000 }],
        }),
      20000,
      100,
    );
    expect((await figuresOf(mine)).ageing).toEqual([]);
    await gql(REVERSE, { p: paid.id, r: 'returned by the bank' }, admin);
    await eventually(async () => expect(await figuresOf(mine)).toEqual(before), 20000, 100);
    // another client's user sees none of it, even by id
    expect(
      await gql(
        'query($c:ID){ collectionCurve(clientId:$c){ clientId } ageing(clientId:$c){ clientId } }',
        { c: mine.clientId },
        other.user,
      ),
    ).toEqual({ collectionCurve: [], ageing: [] });
  });

  it('counts a payment allocated again (an earlier-dated one recorded after it) once, equal to the allocations to the cent', async () => {
    const daysAgo = (n: number) =>
      new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels' }).format(new Date(Date.now() - n * 86400000));
    await gql(PAY, { i: { caseId: mine.caseId, amountMinor: '10000', receivedOn: today(), source: 'bank' } }, admin);
    const earlier = (await gql(PAY, { i: { caseId: mine.caseId, amountMinor: '5000', receivedOn: daysAgo(10), source: 'bank' } }, admin))
      .recordPayment;
    /** What the cases service says each standing payment is allocated to now, summed. */
    const allocated = async () => {
      const payments: Gql[] = (
        await gql(
          'query($id:ID!){ case(id:$id){ payments { reversal { kind } allocation { costsMinor interestMinor principal { amountMinor } } } } }',
          { id: mine.caseId },
          admin,
        )
      ).case.payments;
      const standing = payments.filter((p) => !p.reversal && p.allocation).map(paymentParts);
      const sum = (k: 'principal' | 'interest' | 'costs') => String(standing.reduce((s, p) => s + p[k], 0n));
      return { collectedPrincipalMinor: sum('principal'), collectedInterestMinor: sum('interest'), collectedCostsMinor: sum('costs') };
    };
    const split = async () => {
      const a = (await figuresOf(mine)).portfolioSummary[0].amounts[0];
      return {
        collectedPrincipalMinor: a.collectedPrincipalMinor,
        collectedInterestMinor: a.collectedInterestMinor,
        collectedCostsMinor: a.collectedCostsMinor,
      };
    };
    await eventually(async () => expect(await split()).toEqual(await allocated()), 20000, 100);
    expect((await figuresOf(mine)).portfolioSummary[0].amounts[0].collectedMinor).toBe('15000');
    expect(await reallocations(mine.caseId)).toBe(1);
    // Undoing the earlier one allocates the later one again.
    await gql(REVERSE, { p: earlier.id, r: 'recorded by mistake' }, admin);
    await eventually(
      async () => {
        expect(await split()).toEqual(await allocated());
        expect((await figuresOf(mine)).portfolioSummary[0].amounts[0].collectedMinor).toBe('10000');
      },
      20000,
      100,
    );
    expect(await figuresOf(other)).toEqual(otherBefore);
  });
});
