import { Client } from 'pg';
import type { Page } from 'puppeteer';
import { BrowserSession, launchBrowser, originOf, screenshot, seriousA11yViolations, waitForText } from './support/browser';
import { session, type Gql } from './support/session';
import { eventually, SystemUnderTest } from './support/system';

/**
 * Through the gateway, staff's plans and promises keep their walls and name the wrong field: an
 * agent proposes, the client's own user approves a plan outside the limits (another client's user
 * finds nothing), bad input is BAD_USER_INPUT with the field, a client user may not promise.
 *
 * The debtor's page offers what to do when the whole amount cannot be paid today, on a phone
 * (390×844), by the pay link alone: a promise to pay by a date (a date too far off refused at its
 * field, in the debtor's words), then a plan of monthly instalments agreed within the client's
 * limits, its instalments shown — and both are on the case as the agency sees it, and on the
 * page again when it is reloaded (the plan with its own reference to quote). axe finds nothing
 * serious.
 */
const SUITE = 'web-plans';
const system = new SystemUnderTest('e2e_web_plans', 17700, {
  KAFKA_TOPIC_PREFIX: 'e2e_web_plans.',
  SMTP_PORT: '17798',
  PDF_POOL_SIZE: '1',
});
const origin = originOf(system.gatewayUrl);
const { gql, login } = session(system);
const run = crypto.randomUUID().slice(0, 8);
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
    await gql('mutation($i:CreateClientInput!){ createClient(input:$i){ id } }', { i: { name: `Plans ${run}`, country: 'BE' } }, admin)
  ).createClient.id as string;
  const brandId = (
    await gql(
      'mutation($i:CreateBrandInput!){ createBrand(input:$i){ id } }',
      { i: { clientId, name: `Plans brand ${run}`, languages: ['en'], email: `pay+${run}@plans.example`, phone: '+3231234567' } },
      admin,
    )
  ).createBrand.id as string;
  const claim = {
    debtorName: 'Olivia Plans',
    clientDebtorReference: `R-${run}`,
    email: `olivia+${run}@plans.example`,
    addressLine1: 'Kerkstraat 12',
    postcode: '2000',
    city: 'Antwerpen',
    country: 'BE',
    language: 'en',
    invoiceNumber: `P-${run}`,
    issueDate: '2025-01-01',
    dueDate: '2025-02-01',
    amount: '600.00',
    currency: 'EUR',
  };
  await gql('mutation($i:PlaceClaimsInput!){ placeClaims(input:$i){ imported } }', { i: { clientId, brandId, claims: [claim] } }, admin);
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

/** Sets a controlled input's value the way typing would (a date input's typing depends on the browser's locale). */
async function setValue(page: Page, selector: string, value: string): Promise<void> {
  await page.$eval(
    selector,
    (el, v) => {
      // Runs in the page: its globals, typed here without the DOM library.
      const w = globalThis as unknown as { HTMLInputElement: { prototype: object }; Event: new (type: string, init: object) => unknown };
      Object.getOwnPropertyDescriptor(w.HTMLInputElement.prototype, 'value')!.set!.call(el, v);
      (el as unknown as { dispatchEvent(e: unknown): boolean }).dispatchEvent(new w.Event('input', { bubbles: true }));
    },
    value,
  );
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const arrangement = async () =>
  (
    await gql(
      'query($id:ID!){ case(id:$id){ promises { amountMinor dueOn source status } paymentPlan { status source instalments { amountMinor } } brokenPromises } }',
      { id: caseId },
      admin,
    )
  ).case as Gql;

describe('the debtor who cannot pay it all today', () => {
  it('promises to pay by a date, then agrees a plan of monthly instalments, by the pay link alone', async () => {
    const page = await browser.page({ width: 390, height: 844 });
    await page.goto(`${origin}/pay/${token}`, { waitUntil: 'domcontentloaded' });
    await waitForText(page, 'Cannot pay everything today?');

    // Nothing chosen: the page says so at the fields, and nothing is sent.
    await page.locator('#arrange button[type=submit]').click();
    await waitForText(page, 'Please choose a date.');
    expect((await arrangement()).promises).toEqual([]);

    // A date further off than three months: the API refuses it, named at the date.
    const amount = await page.$('#arrange input[inputmode=decimal]');
    await amount!.type('150.00');
    await setValue(page, '#arrange input[type=date]', inDays(120));
    await page.locator('#arrange button[type=submit]').click();
    await waitForText(page, 'Please choose a date from today up to three months from now.');
    expect((await arrangement()).promises).toEqual([]);

    const dueOn = inDays(10);
    await setValue(page, '#arrange input[type=date]', dueOn);
    await page.locator('#arrange button[type=submit]').click();
    await waitForText(page, 'Thank you — your promise is noted');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, SUITE, 'promise');
    expect((await arrangement()).promises).toEqual([{ amountMinor: '15000', dueOn, source: 'debtor_page', status: 'open' }]);
    // Opened again (a reload): the page still shows the promise it made.
    await page.reload();
    await waitForText(page, 'Thank you — your promise is noted');

    await page.locator('#arrange label ::-p-text(Pay in instalments)').click();
    await waitForText(page, 'Number of monthly instalments');
    await setValue(page, '#arrange input[type=date]', inDays(20));
    await page.locator('#arrange button[type=submit]').click();
    await waitForText(page, 'Your payment plan is agreed');
    const rows = await page.$$eval('[data-testid=plan-instalments] tbody tr', (trs) => trs.length);
    expect(rows).toBe(3);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, SUITE, 'plan');
    // Opened again: the plan agreed, its instalments and the reference to quote — not the forms.
    await page.reload();
    await waitForText(page, 'Your payment plan is agreed');
    expect(await page.$$eval('[data-testid=plan-instalments] tbody tr', (trs) => trs.length)).toBe(3);
    await waitForText(page, 'Quote this reference with each instalment: +++9');
    expect(await page.$('#arrange button[type=submit]')).toBeNull();

    const after = await arrangement();
    expect(after.paymentPlan).toMatchObject({ status: 'agreed', source: 'debtor_page' });
    expect((after.paymentPlan.instalments as Gql[]).reduce((s, i) => s + BigInt(i.amountMinor), 0n) >= 60000n).toBe(true);
    expect(after.promises.map((p: Gql) => p.status)).toEqual(['replaced']);
    expect(after.brokenPromises).toBe(0);
  }, 120000);
});

describe('plans and promises through GraphQL', () => {
  const PASSWORD = 'plans-pass-1';
  async function user(role: string, extra: object): Promise<string> {
    const email = `${role}-${crypto.randomUUID().slice(0, 8)}@plans.example`;
    await gql('mutation($i:CreateUserInput!){ createUser(input:$i){ id } }', { i: { email, password: PASSWORD, role, ...extra } }, admin);
    return login(email, PASSWORD);
  }
  const errorOf = async (query: string, variables: object, as: string) => {
    const res = await system.graphql<Gql>(query, variables, as);
    expect(res.errors?.length).toBeGreaterThan(0);
    return res.errors![0]! as unknown as { message: string; extensions: { code: string; problems?: { field: string }[] } };
  };
  const PROPOSE =
    'mutation($i:ProposePaymentPlanInput!){ proposePaymentPlan(input:$i){ id status outsideLimits instalments { amountMinor status } } }';

  it('keeps the walls and names the field', async () => {
    const [{ client_id: clientId, brand_id: brandId }] = (
      await db.query<{ client_id: string; brand_id: string }>(`SELECT client_id, brand_id FROM cases.cases WHERE id = $1`, [caseId])
    ).rows;
    const claim = {
      debtorName: 'Victor Walls',
      clientDebtorReference: `W-${run}`,
      email: `victor+${run}@plans.example`,
      addressLine1: 'Meir 1',
      postcode: '2000',
      city: 'Antwerpen',
      country: 'BE',
      language: 'en',
      invoiceNumber: `W-${run}`,
      issueDate: '2025-01-01',
      dueDate: '2025-02-01',
      amount: '600.00',
      currency: 'EUR',
    };
    await gql('mutation($i:PlaceClaimsInput!){ placeClaims(input:$i){ imported } }', { i: { clientId, brandId, claims: [claim] } }, admin);
    const cases = (await gql('query($f:CaseFilterInput){ cases(filter:$f){ nodes { id debtor { name } } } }', { f: { clientId } }, admin))
      .cases.nodes as Gql[];
    const walls = cases.find((c) => c.debtor.name === 'Victor Walls')!.id as string;
    const otherClient = (
      await gql('mutation($i:CreateClientInput!){ createClient(input:$i){ id } }', { i: { name: `Other ${run}`, country: 'BE' } }, admin)
    ).createClient.id as string;
    const agent = await user('agent', { brandIds: [brandId] });
    const client = await user('client_user', { clientId });
    const stranger = await user('client_user', { clientId: otherClient });

    const bad = await errorOf(PROPOSE, { i: { caseId: walls, count: 500, firstDueOn: '2020-01-01' } }, agent);
    expect(bad.extensions.code).toBe('BAD_USER_INPUT');
    expect(bad.extensions.problems!.map((p) => p.field)).toEqual(['count', 'firstDueOn']);
    expect((await errorOf(PROPOSE, { i: { caseId: walls, count: 2, firstDueOn: inDays(5) } }, client)).extensions.code).toBe('FORBIDDEN');

    const plan = (await gql(PROPOSE, { i: { caseId: walls, count: 15, firstDueOn: inDays(5) } }, agent)).proposePaymentPlan as Gql;
    expect(plan).toMatchObject({ status: 'pending', outsideLimits: [expect.stringMatching(/12 months/)] });
    const APPROVE = 'mutation($p:ID!){ approvePaymentPlan(planId:$p){ status agreement } }';
    expect((await errorOf(APPROVE, { p: plan.id }, stranger)).extensions.code).toBe('NOT_FOUND');
    expect((await gql(APPROVE, { p: plan.id }, client)).approvePaymentPlan).toEqual({ status: 'agreed', agreement: 'approved' });

    const CASE = 'query($id:ID!){ case(id:$id){ paymentPlan { status } promises { status } brokenPromises } }';
    expect((await gql(CASE, { id: walls }, client)).case).toEqual({ paymentPlan: { status: 'agreed' }, promises: [], brokenPromises: 0 });
    expect((await system.graphql<Gql>(CASE, { id: walls }, stranger)).data?.case ?? null).toBeNull();

    const PROMISE = 'mutation($c:ID!,$a:String!,$d:String!){ makePromise(caseId:$c, amountMinor:$a, dueOn:$d){ status } }';
    expect((await errorOf(PROMISE, { c: walls, a: '1000', d: inDays(3) }, client)).extensions.code).toBe('FORBIDDEN');
    const badPromise = await errorOf(PROMISE, { c: walls, a: '99999999', d: inDays(3) }, agent);
    expect(badPromise.extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [expect.objectContaining({ field: 'amountMinor' })] });
  }, 60000);
});
