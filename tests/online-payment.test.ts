import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { openCasesDataSource, schedulerPass, standaloneContext } from '@amicus/cases';
import { MOLLIE_TEST_API_KEY, startMollieServer, type MollieServer } from '@amicus/test-mollie';
import { session, type Gql } from './support/session';
import { SystemUnderTest, eventually } from './support/system';

/**
 * Paying through the pay link with a payment provider, through the whole system: the cases
 * service configured for Mollie (PAYMENT_PROVIDER=mollie) against a local server that speaks
 * Mollie's v2 API, the webhook reaching cases through the gateway's /webhooks/mollie. The debtor
 * opens its link (the token as communications keeps it to print), starts a payment of all it
 * owes, pays on the provider's checkout; the provider calls the webhook, cases fetches the
 * payment, records it (allocated), the case closes as paid and its journey stops; a webhook told
 * again records nothing more. Bad input gets its error: an unknown link NOT_FOUND, too much
 * BAD_USER_INPUT naming amountMinor, a webhook without an id 400, one for a payment not on file
 * 200 and nothing.
 */
const PREFIX = 'e2e_online_pay.';
const MOLLIE_PORT = 17190;
const system = new SystemUnderTest('e2e_online_pay', 17100, {
  KAFKA_TOPIC_PREFIX: PREFIX,
  PAYMENT_PROVIDER: 'mollie',
  MOLLIE_API_KEY: MOLLIE_TEST_API_KEY,
  MOLLIE_API_URL: `http://127.0.0.1:${MOLLIE_PORT}`,
  PUBLIC_BASE_URL: 'http://127.0.0.1:17100',
});
const { gql, login } = session(system);
const gateway = 'http://127.0.0.1:17100';
let mollie: MollieServer;
let db: Client;
let ds: DataSource;
let admin = '';
let caseId = '';
let token = '';

const CASE = `query($id:ID!){ case(id:$id){ id phase outcome balance { paidMinor openMinor }
  payments { id amountMinor source status allocation { principal { amountMinor } rule } }
  onlinePayments { id status amountMinor paymentId providerPaymentId } journey { status reason } } }`;

const webhook = async (body: string) => {
  const res = await fetch(`${gateway}/webhooks/mollie`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  return { status: res.status, text: await res.text() };
};

beforeAll(async () => {
  mollie = await startMollieServer({ port: MOLLIE_PORT });
  await system.resetDatabase();
  await system.startAll(['cases', 'communications', 'gateway']);
  admin = await login('admin@amicus.local', 'amicus-admin');
  db = new Client({ connectionString: system.databaseUrl });
  await db.connect();
  ds = await openCasesDataSource(system.databaseUrl, 2);
  const clientId = (
    await gql(
      'mutation($i:CreateClientInput!){ createClient(input:$i){ id } }',
      { i: { name: 'Fietsen Vermeulen BV', country: 'BE' } },
      admin,
    )
  ).createClient.id as string;
  const brandId = (
    await gql(
      'mutation($i:CreateBrandInput!){ createBrand(input:$i){ id } }',
      { i: { clientId, name: 'Fietsen Vermeulen', languages: ['nl'], phone: '+3231234568' } },
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
            debtorName: 'Anna Peeters',
            email: 'anna@example.be',
            addressLine1: 'Kerkstraat 1',
            postcode: '9000',
            city: 'Gent',
            country: 'BE',
            invoiceNumber: `F-${Date.now()}`,
            issueDate: '2025-01-02',
            dueDate: '2025-02-01',
            amount: '250.00',
            currency: 'EUR',
          },
        ],
      },
    },
    admin,
  );
  // The link as a letter prints it: communications' copy of the case, from CaseOpened.payLink.
  ({ caseId, token } = await eventually(
    async () => {
      const { rows } = await db.query<{ caseId: string; token: string }>(
        `SELECT case_id AS "caseId", pay_link_token AS token FROM communications.case_contacts WHERE debtor_name = 'Anna Peeters' AND pay_link_token IS NOT NULL`,
      );
      if (!rows[0]) throw new Error('the case has not reached communications yet');
      return rows[0];
    },
    60000,
    250,
  ));
}, 180000);

afterAll(async () => {
  await ds?.destroy();
  await db?.end();
  await system.stopAll();
  await mollie?.close();
}, 60000);

describe('paying by the pay link with the payment provider', () => {
  let due = '';
  let started: Gql;

  it('offers paying online beside the bank transfer', async () => {
    const link = (await gql('query($t:String!){ payLink(token:$t){ totalDueMinor paymentMethods closed } }', { t: token }, '')).payLink;
    expect(link.paymentMethods).toEqual(['bank_transfer', 'online']);
    expect(link.closed).toBe(false);
    due = link.totalDueMinor;
    expect(BigInt(due)).toBeGreaterThan(0n);
  });

  it('refuses a link that opens nothing (NOT_FOUND) and more than is due (BAD_USER_INPUT naming amountMinor)', async () => {
    const START = 'mutation($t:String!,$a:String!){ startOnlinePayment(token:$t, amountMinor:$a){ id } }';
    const unknown = await system.graphql(START, { t: 'A'.repeat(22), a: '100' });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const tooMuch = await system.graphql(START, { t: token, a: (BigInt(due) + 1n).toString() });
    expect(tooMuch.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      problems: [{ field: 'amountMinor', reason: expect.stringMatching(/more than the total due today/) }],
    });
    expect(mollie.payments()).toEqual([]);
  });

  it("starts a payment of all that is due and answers the provider's checkout", async () => {
    started = (
      await gql(
        'mutation($t:String!,$a:String!){ startOnlinePayment(token:$t, amountMinor:$a){ id status amountMinor currency checkoutUrl providerPaymentId } }',
        { t: token, a: due },
        '',
      )
    ).startOnlinePayment;
    expect(started).toMatchObject({
      status: 'open',
      amountMinor: due,
      currency: 'EUR',
      checkoutUrl: expect.stringContaining('/checkout/tr_'),
    });
    expect(mollie.payment(started.providerPaymentId)).toMatchObject({
      webhookUrl: `${gateway}/webhooks/mollie`,
      redirectUrl: `${gateway}/pay/${token}?onlinePayment=${started.id}`,
      metadata: { caseId, onlinePaymentId: started.id },
    });
  });

  it('the debtor pays on the checkout; the webhook through the gateway → fetched → paid: recorded, the case closed, its journey stopped', async () => {
    expect((await fetch(started.checkoutUrl)).status).toBe(200);
    const paid = await fetch(started.checkoutUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'status=paid',
      redirect: 'manual',
    });
    // Back to the debtor's page, where the attempt now reads paid.
    expect(paid.status).toBe(303);
    expect(paid.headers.get('location')).toBe(`${gateway}/pay/${token}?onlinePayment=${started.id}`);
    const back = (
      await gql('query($t:String!,$id:ID!){ onlinePayment(token:$t, id:$id){ status paymentId } }', { t: token, id: started.id }, '')
    ).onlinePayment;
    expect(back).toMatchObject({ status: 'paid', paymentId: expect.any(String) });
    // The webhook was the provider's call through the gateway, and cases asked the provider for the payment.
    expect(
      mollie.requests.filter((r) => r.method === 'GET' && r.path === `/v2/payments/${started.providerPaymentId}`).length,
    ).toBeGreaterThan(0);

    const c = (await gql(CASE, { id: caseId }, admin)).case;
    expect(c).toMatchObject({ phase: 'closed', outcome: 'paid', balance: { paidMinor: due, openMinor: '0' } });
    expect(c.payments).toEqual([
      expect.objectContaining({
        id: back.paymentId,
        amountMinor: due,
        source: 'provider',
        status: 'active',
        allocation: expect.objectContaining({ rule: 'BE-X-1' }),
      }),
    ]);
    expect(c.onlinePayments).toEqual([expect.objectContaining({ id: started.id, status: 'paid', paymentId: back.paymentId })]);
    // The scheduler's next pass stops its journey.
    await schedulerPass(
      ds,
      standaloneContext({ timeZone: 'Europe/Brussels', agencyRegistration: 'FOD Economie 0987.654.312/2024', topicPrefix: PREFIX }),
    );
    expect((await gql(CASE, { id: caseId }, admin)).case.journey).toMatchObject({ status: 'finished' });
    expect((await gql('query($t:String!){ payLink(token:$t){ closed paid paymentMethods } }', { t: token }, '')).payLink).toEqual({
      closed: true,
      paid: true,
      paymentMethods: [],
    });
  });

  it('records nothing more when the webhook is told again, and answers bad or unknown webhooks plainly', async () => {
    expect(await webhook(`id=${started.providerPaymentId}`)).toEqual({ status: 200, text: 'unchanged' });
    expect(await mollie.callWebhook(started.providerPaymentId)).toBe(200);
    expect((await gql(CASE, { id: caseId }, admin)).case.payments).toHaveLength(1);
    expect(await webhook('id=tr_NotOnFile123')).toEqual({ status: 200, text: 'unknown' });
    expect(await webhook('nothing=here')).toEqual({ status: 400, text: expect.stringMatching(/^id: is required/) });
    expect(system.log('cases')).toMatch(/webhook for a payment not on file/);
  });
});
