import { Client } from 'pg';
import { BrowserSession, launchBrowser, originOf, screenshot, seriousA11yViolations, signIn, waitForText } from './support/browser';
import { session, type Gql } from './support/session';
import { eventually, SystemUnderTest } from './support/system';

/**
 * A dispute from the debtor's page to the client's answer, in the browser: on a phone, by the pay
 * link alone, the debtor disputes one of its three invoices (a reason from the list, its own
 * words); the total to pay drops by that invoice and the page shows the dispute being looked
 * into. The client's user finds it under "Disputes to answer" with the day its answer is due and
 * rejects it there; the invoice is asked for again. axe finds nothing serious.
 */
const SUITE = 'web-disputes';
const system = new SystemUnderTest('e2e_web_disputes', 18300, {
  KAFKA_TOPIC_PREFIX: 'e2e_web_disputes.',
  SMTP_PORT: '18398',
  PDF_POOL_SIZE: '1',
});
const origin = originOf(system.gatewayUrl);
const { gql, login } = session(system);
const run = crypto.randomUUID().slice(0, 8);
const PASSWORD = 'disputes-pass-1';
const clientEmail = `client-${run}@disputes.example`;
let browser: BrowserSession;
let db: Client;
let admin = '';
let caseId = '';
let token = '';

beforeAll(async () => {
  await system.resetDatabase();
  await system.startAll(['cases', 'communications', 'gateway']);
  admin = await login('admin@amicus.local', 'amicus-admin');
  db = new Client({ connectionString: system.databaseUrl });
  await db.connect();
  const clientId = (
    await gql('mutation($i:CreateClientInput!){ createClient(input:$i){ id } }', { i: { name: `Disputes ${run}`, country: 'BE' } }, admin)
  ).createClient.id as string;
  const brandId = (
    await gql(
      'mutation($i:CreateBrandInput!){ createBrand(input:$i){ id } }',
      { i: { clientId, name: `Disputes brand ${run}`, languages: ['en'], email: `pay+${run}@disputes.example`, phone: '+3231234567' } },
      admin,
    )
  ).createBrand.id as string;
  await gql(
    'mutation($i:CreateUserInput!){ createUser(input:$i){ id } }',
    { i: { email: clientEmail, password: PASSWORD, role: 'client_user', clientId } },
    admin,
  );
  const claim = (n: number, amount: string) => ({
    debtorName: 'Dora Disputes',
    clientDebtorReference: `D-${run}`,
    email: `dora+${run}@disputes.example`,
    addressLine1: 'Kerkstraat 12',
    postcode: '2000',
    city: 'Antwerpen',
    country: 'BE',
    language: 'en',
    invoiceNumber: `D-${run}-${n}`,
    issueDate: '2025-01-01',
    dueDate: '2025-02-01',
    amount,
    currency: 'EUR',
  });
  await gql(
    'mutation($i:PlaceClaimsInput!){ placeClaims(input:$i){ imported } }',
    { i: { clientId, brandId, claims: [claim(1, '400.00'), claim(2, '250.00'), claim(3, '100.00')] } },
    admin,
  );
  caseId = (await gql('query($f:CaseFilterInput){ cases(filter:$f){ nodes { id } } }', { f: { clientId } }, admin)).cases.nodes[0]
    .id as string;
  // Communications keeps the link from CaseOpened, as a letter prints it; the page needs the brand's look too.
  token = await eventually(
    async () => {
      const { rows } = await db.query<{ token: string }>(
        `SELECT pay_link_token AS token FROM communications.case_contacts WHERE case_id = $1`,
        [caseId],
      );
      const looks = await gql('{ brandLooks { brandId } }', {}, admin);
      if (!rows[0]?.token || !(looks.brandLooks as Gql[]).some((b) => b.brandId === brandId)) throw new Error('no link or look yet');
      return rows[0].token;
    },
    30000,
    250,
  );
  browser = await launchBrowser();
}, 150000);

afterAll(async () => {
  await browser?.close();
  await db?.end();
  await system.stopAll();
}, 60000);

const statement = async () =>
  (await gql('query($t:String!){ payLink(token:$t){ totalDueMinor claims { id invoiceNumber disputed } } }', { t: token }, ''))
    .payLink as Gql;
const disputesOfCase = async () =>
  (
    await gql(
      'query($id:ID!){ case(id:$id){ disputes { id status raisedBy channel reason resolution { outcome } } } }',
      { id: caseId },
      admin,
    )
  ).case.disputes as Gql[];
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
const money = (minor: string) => plain(new Intl.NumberFormat('en-BE', { style: 'currency', currency: 'EUR' }).format(Number(minor) / 100));

describe('a dispute from the debtor’s page to the client’s answer', () => {
  it('the debtor disputes an invoice, its total drops by it; the client answers it under "Disputes to answer"', async () => {
    const before = await statement();
    const disputed = (before.claims as Gql[]).find((c) => c.invoiceNumber === `D-${run}-1`)!;

    const page = await browser.page({ width: 390, height: 844 });
    await page.goto(`${origin}/pay/${token}`, { waitUntil: 'domcontentloaded' });
    await waitForText(page, 'Is there a reason not to pay?');

    // Nothing chosen: said at the fields, nothing sent.
    await page.locator('#dispute button[type=submit]').click();
    await waitForText(page, 'Choose at least one invoice.');
    await waitForText(page, 'Choose a reason.');
    expect(await disputesOfCase()).toEqual([]);

    await page.locator(`#dispute ::-p-text(Invoice D-${run}-1 —)`).click();
    await page.select('#dispute select', 'not_received');
    await page.locator('#dispute textarea').fill('The goods never arrived; order 4711.');
    await page.locator('#dispute button[type=submit]').click();
    await waitForText(page, 'Thank you — we are looking into it');
    await page.waitForSelector('[data-testid=debtor-disputes]');
    const listed = plain((await page.$eval('[data-testid=debtor-disputes]', (el) => el.textContent)) ?? '');
    expect(listed).toContain(`Invoice D-${run}-1`);
    expect(listed).toContain('Being looked into');
    expect(listed).toContain('The goods never arrived; order 4711.');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, SUITE, 'debtor-disputed');

    const after = await statement();
    expect((after.claims as Gql[]).map((c) => [c.invoiceNumber, c.disputed])).toEqual([
      [`D-${run}-1`, true],
      [`D-${run}-2`, false],
      [`D-${run}-3`, false],
    ]);
    expect(BigInt(before.totalDueMinor) - BigInt(after.totalDueMinor) >= 40000n).toBe(true);
    const total = plain((await page.$eval('[data-testid=total-due]', (el) => el.textContent)) ?? '');
    expect(total).toBe(money(after.totalDueMinor));
    const [d] = await disputesOfCase();
    expect(d).toMatchObject({ status: 'awaiting_client', raisedBy: 'debtor', channel: 'debtor_page', reason: 'not_received' });

    // The client's user: the dispute waits for its answer, with its due day.
    const portal = await browser.page();
    await signIn(portal, origin, clientEmail, PASSWORD);
    await portal.goto(`${origin}/client/disputes`, { waitUntil: 'domcontentloaded' });
    await waitForText(portal, 'Disputes to answer');
    await waitForText(portal, 'Dora Disputes');
    const row = plain(
      await portal.$eval('[data-testid=disputes-to-answer] tbody', (el) => (el as unknown as { innerText: string }).innerText),
    );
    expect(row).toContain(`D-${run}-1`);
    expect(row).toContain('Not received');
    expect(await seriousA11yViolations(portal)).toEqual([]);
    await screenshot(portal, SUITE, 'client-disputes');

    await portal.locator(`::-p-aria(Answer the dispute on D-${run}-1)`).click();
    await waitForText(portal, 'Your decision');
    await portal.locator('::-p-text(Rejected: the invoices are due)').click();
    await portal.locator('[role=dialog] textarea').fill('Delivered on 3 January, signed for by the debtor.');
    expect(await seriousA11yViolations(portal)).toEqual([]);
    await portal.locator('[role=dialog] button[type=submit]').click();
    await waitForText(portal, 'No dispute is waiting for your answer.');

    const [answered] = await disputesOfCase();
    expect(answered).toMatchObject({ id: d!.id, status: 'resolved', resolution: { outcome: 'rejected' } });
    // The invoice is asked for again.
    const again = await statement();
    expect((again.claims as Gql[]).find((c) => c.id === disputed.id)!.disputed).toBe(false);
    expect(BigInt(again.totalDueMinor) >= BigInt(before.totalDueMinor)).toBe(true);
  }, 60000);
});
