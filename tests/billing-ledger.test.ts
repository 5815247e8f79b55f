import fs from 'node:fs';
import path from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { session, type Gql } from './support/session';
import { SystemUnderTest, eventually } from './support/system';

/**
 * Money in, booked in billing's trust ledger, through the gateway: the admin drafts a client's
 * agreement (a bad IBAN refused at its field) and approves it; a claim is placed and a bank
 * payment recorded — the ledger posts it by the agreement (commission, VAT, the client's share),
 * every transaction balances and the trust bank equals what is owed; the client's user reports a
 * payment made to it directly — its commission becomes the client's debt and no trust money
 * moves; a reversal mirrors what stood; March is remitted once, its pain.001 payout file valid
 * against the schema. The client's user sees its own ledger only, another
 * client's user nothing, an agent is refused.
 */
const PREFIX = `e2e_billing_${Date.now().toString(36)}.`;
const system = new SystemUnderTest('e2e_billing', 17300, { KAFKA_TOPIC_PREFIX: PREFIX });
const { gql, login } = session(system);
const PASSWORD = 'long-enough-pass';

let admin: string;
let clientUser: string;
let strangerUser: string;
let agent: string;
let clientId: string;
let caseId: string;

async function user(role: string, extra: object): Promise<string> {
  const email = `${role}-${Date.now()}-${Math.random().toString(36).slice(2)}@example.org`;
  await gql('mutation($i:CreateUserInput!){ createUser(input:$i){ id } }', { i: { email, password: PASSWORD, role, ...extra } }, admin);
  return login(email, PASSWORD);
}

async function brandOf(name: string): Promise<{ clientId: string; brandId: string }> {
  const id = (await gql('mutation($i:CreateClientInput!){ createClient(input:$i){ id } }', { i: { name, country: 'BE' } }, admin))
    .createClient.id as string;
  const brandId = (
    await gql(
      'mutation($i:CreateBrandInput!){ createBrand(input:$i){ id } }',
      { i: { clientId: id, name: `${name} Brand`, languages: ['nl'], phone: '+3225551234' } },
      admin,
    )
  ).createBrand.id as string;
  return { clientId: id, brandId };
}

const AGREEMENT = `mutation($i:AgreementVersionInput!){ createAgreementVersion(input:$i){ id version status validFrom validTo payoutIban vat { kind rateBp } } }`;
const BALANCES = `query($c:ID){ ledgerBalances(clientId:$c){ account clientId currency closingMinor } }`;
const ENTRIES = `query($c:ID,$after:String){ ledgerEntries(clientId:$c, first: 1000, after:$after){ nodes { transactionKey kind account clientId amountMinor part reverses } endCursor } }`;
const PAY = `mutation($i:RecordPaymentInput!){ recordPayment(input:$i){ id allocation { costsMinor interestMinor unallocatedMinor principal { amountMinor } } } }`;

const agreementInput = (payoutIban: string) => ({
  clientId,
  validFrom: '2025-01-01',
  bands: [{ from: '0', principalBp: 1500, interestBp: 1500, costsBp: 0 }],
  fees: { caseOpened: '500' },
  collectionCostsKeptBy: 'agency',
  remittancePeriod: 'monthly',
  payoutIban,
  vat: { kind: 'be_standard' },
});

async function balances(token: string, client: string | null = clientId): Promise<Map<string, bigint>> {
  const rows = (await gql(BALANCES, { c: client }, token)).ledgerBalances as Gql[];
  return new Map(rows.map((r) => [r.clientId ? `${r.account}:${r.clientId}` : r.account, BigInt(r.closingMinor)]));
}
const entriesOf = async (token: string, client: string | null = clientId) =>
  (await gql(ENTRIES, { c: client, after: null }, token)).ledgerEntries.nodes as Gql[];
const at = (b: Map<string, bigint>, key: string) => b.get(key) ?? 0n;

beforeAll(async () => {
  await system.resetDatabase();
  await system.startAll(['cases', 'billing', 'gateway']);
  admin = await login('admin@amicus.local', 'amicus-admin');
  const mine = await brandOf('Brouwerij Billing');
  clientId = mine.clientId;
  const other = await brandOf('Elders');
  clientUser = await user('client_user', { clientId });
  strangerUser = await user('client_user', { clientId: other.clientId });
  agent = await user('agent', { brandIds: [mine.brandId] });

  const bad = await system.graphql(AGREEMENT, { i: agreementInput('BE68 5390 0754 7035') }, admin);
  expect(bad.errors?.[0]?.extensions).toMatchObject({
    code: 'BAD_USER_INPUT',
    problems: [{ field: 'input.payoutIban', reason: 'is not a valid IBAN' }],
  });
  const draft = (await gql(AGREEMENT, { i: agreementInput('BE68 5390 0754 7034') }, admin)).createAgreementVersion as Gql;
  expect(draft).toMatchObject({ version: 1, status: 'draft', payoutIban: 'BE68539007547034', vat: { kind: 'be_standard', rateBp: 2100 } });
  await gql('mutation($id:ID!){ approveAgreementVersion(id:$id){ status } }', { id: draft.id }, admin);

  await gql(
    'mutation($i:PlaceClaimsInput!){ placeClaims(input:$i){ casesOpened } }',
    {
      i: {
        clientId,
        brandId: mine.brandId,
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
            amount: '400.00',
            currency: 'EUR',
          },
        ],
      },
    },
    admin,
  );
  caseId = ((await gql('query($c:ID!){ cases(filter:{clientId:$c}){ nodes { id } } }', { c: clientId }, admin)).cases.nodes as Gql[])[0]!
    .id;
}, 150000);

afterAll(() => system.stopAll(), 60000);

describe('the agreement', () => {
  it('is the client’s to see, approved and in force; another client’s user sees none, an agent is refused', async () => {
    const seen = (await gql('query{ agreements { clientId version status validTo } }', {}, clientUser)).agreements;
    expect(seen).toEqual([{ clientId, version: 1, status: 'approved', validTo: null }]);
    expect((await gql('query{ agreements { id } }', {}, strangerUser)).agreements).toEqual([]);
    const refused = await system.graphql('query{ agreements { id } }', {}, agent);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const notAdmin = await system.graphql(AGREEMENT, { i: agreementInput('BE68539007547034') }, clientUser);
    expect(notAdmin.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('money in, in the trust ledger', () => {
  let bankPaymentId: string;

  it('books a bank payment by the agreement: commission and VAT, the client’s share, the trust bank equal to what is owed', async () => {
    // the fee per case opened (5.00 + 21 % VAT) is the client's debt once billing has heard of the case
    await eventually(async () => expect(at(await balances(admin), `client_receivable:${clientId}`)).toBe(605n), 30000, 250);
    const paid = (await gql(PAY, { i: { caseId, amountMinor: '10000', receivedOn: '2025-03-03', source: 'bank' } }, admin))
      .recordPayment as Gql;
    bankPaymentId = paid.id;
    const a = paid.allocation;
    const principal = (a.principal as Gql[]).reduce((s, p) => s + BigInt(p.amountMinor), 0n);
    const interest = BigInt(a.interestMinor);
    const costs = BigInt(a.costsMinor);
    const exact = (principal + interest) * 1500n;
    const commission = exact / 10000n + ((exact % 10000n) * 2n >= 10000n ? 1n : 0n);
    const vatTimes100 = commission * 21n;
    const vat = vatTimes100 / 100n + ((vatTimes100 % 100n) * 2n >= 100n ? 1n : 0n);

    const b = await eventually(
      async () => {
        const now = await balances(admin);
        expect(at(now, 'suspense')).toBe(0n);
        expect(at(now, 'trust_bank')).not.toBe(0n);
        return now;
      },
      30000,
      250,
    );
    expect(at(b, 'commission_revenue')).toBe(-commission);
    expect(at(b, 'vat_payable')).toBe(-(vat + 105n));
    expect(at(b, 'costs_revenue')).toBe(-costs);
    expect(at(b, `client_payable:${clientId}`)).toBe(-(principal + interest - commission - vat));
    expect(at(b, 'trust_bank')).toBe(-(at(b, `client_payable:${clientId}`) + at(b, 'refunds_owed') + at(b, 'suspense')));

    const entries = await entriesOf(admin);
    const sums = new Map<string, bigint>();
    for (const e of entries) sums.set(e.transactionKey, (sums.get(e.transactionKey) ?? 0n) + BigInt(e.amountMinor));
    expect(sums.size).toBeGreaterThanOrEqual(3);
    expect([...sums.values()].every((s) => s === 0n)).toBe(true);
  });

  it('books a payment the client reports as paid to it directly as its debt, moving no trust money', async () => {
    const before = await balances(admin);
    await gql(PAY, { i: { caseId, amountMinor: '5000', receivedOn: '2025-03-10' } }, clientUser);
    const after = await eventually(
      async () => {
        const now = await balances(admin);
        expect(at(now, `client_receivable:${clientId}`)).toBeGreaterThan(at(before, `client_receivable:${clientId}`));
        return now;
      },
      30000,
      250,
    );
    expect(at(after, 'trust_bank')).toBe(at(before, 'trust_bank'));
  });

  it('mirrors a reversed payment, and the trust bank is again what is owed', async () => {
    await gql(
      'mutation($p:ID!){ reversePayment(paymentId:$p, kind:"bank_return", reason:"returned by the bank"){ status } }',
      { p: bankPaymentId },
      admin,
    );
    const b = await eventually(
      async () => {
        const now = await balances(admin);
        expect(at(now, 'trust_bank')).toBe(0n);
        return now;
      },
      30000,
      250,
    );
    expect(at(b, `client_payable:${clientId}`) + at(b, 'refunds_owed') + at(b, 'suspense')).toBe(0n);
    const reversed = (await entriesOf(admin)).filter((e) => e.kind === 'payment_reversed');
    expect(reversed.length).toBeGreaterThan(0);
    expect(reversed.every((e) => e.reverses !== null)).toBe(true);
  });

  it('closes March 2025 once — its statement by case, the payout file valid against the pain.001.001.09 schema', async () => {
    const ISSUE = `mutation($c:ID!,$s:String!){ issueRemittance(clientId:$c, periodStart:$s){ id outcome payoutMinor invoicedMinor statementCsv
      total { collectedMinor commissionMinor feesMinor costsKeptMinor vatMinor refundsMinor netMinor } lines { caseId } } }`;
    const r = (await gql(ISSUE, { c: clientId, s: '2025-03-01' }, admin)).issueRemittance as Gql;
    const t = r.total as Record<string, string>;
    const sum = ['netMinor', 'commissionMinor', 'feesMinor', 'costsKeptMinor', 'vatMinor', 'refundsMinor'].reduce(
      (s, k) => s + BigInt(t[k]!),
      0n,
    );
    expect(sum).toBe(BigInt(t.collectedMinor!));
    expect(r).toMatchObject({ outcome: 'payout', invoicedMinor: '0', lines: [{ caseId }] });
    expect(BigInt(r.payoutMinor)).toBe(BigInt(t.netMinor!));
    expect((r.statementCsv as string).split('\r\n')[0]).toBe('case,collected,commission,fees,costs_kept,vat,refunds,net');
    const again = (await gql(ISSUE, { c: clientId, s: '2025-03-01' }, admin)).issueRemittance as Gql;
    expect(again.id).toBe(r.id);

    const xml = (
      await gql(
        'query($ids:[ID!]!,$d:String!){ remittancePayoutFile(remittanceIds:$ids, executionDate:$d) }',
        { ids: [r.id], d: '2999-12-31' },
        admin,
      )
    ).remittancePayoutFile as string;
    const xsd = fs.readFileSync(
      path.join(__dirname, '..', 'services', 'billing', 'src', 'remittances', 'xsd', 'pain.001.001.09-sct.xsd'),
      'utf8',
    );
    expect((await validateXML({ xml: [{ fileName: 'payout.xml', contents: xml }], schema: [xsd] })).errors).toEqual([]);
    const euros = BigInt(r.payoutMinor);
    expect(xml).toContain(`<InstdAmt Ccy="EUR">${euros / 100n}.${String(euros % 100n).padStart(2, '0')}</InstdAmt>`);
    expect(xml).toContain('<Nm>Brouwerij Billing</Nm>');

    const seen = (await gql('query{ remittances { id periodStart } }', {}, clientUser)).remittances;
    expect(seen).toEqual([{ id: r.id, periodStart: '2025-03-01' }]);
    expect((await gql('query{ remittances { id } }', {}, strangerUser)).remittances).toEqual([]);
    const refused = await system.graphql(ISSUE, { c: clientId, s: '2025-04-01' }, clientUser);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('shows the client’s user its own ledger only, another client’s user nothing, and refuses an agent', async () => {
    const mine = await entriesOf(clientUser, null);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((e) => e.clientId === clientId)).toBe(true);
    expect(await entriesOf(strangerUser, clientId)).toEqual([]);
    expect((await balances(strangerUser, null)).size).toBe(0);
    const refused = await system.graphql(BALANCES, { c: clientId }, agent);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const bad = await system.graphql('query{ ledgerBalances(from:"2025-02-30"){ account } }', {}, admin);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [{ field: 'from' }] });
  });
});
