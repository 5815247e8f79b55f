import type { Page } from 'puppeteer';
import { Client } from 'pg';
import { DEMO_USERS, loadDemoData } from '@amicus/cli';
import { BrowserSession, launchBrowser, originOf, screenshot, seriousA11yViolations, signIn, waitForText } from './support/browser';
import { eventually, SystemUnderTest } from './support/system';

/**
 * Settlements, the client's write-off and complaints in the browser, on the demo data: the agent
 * records a debtor's offer on its case screen (the demo client allows no discount: it goes to the
 * client); the client declines it on its case page with a reason, and writes off another case;
 * the admin pauses collection for a complaint, answers it and closes it on the Complaints page.
 */
const SUITE = 'web-settlements';
const system = new SystemUnderTest('e2e_web_settlements', 20400, {
  KAFKA_TOPIC_PREFIX: 'e2e_web_settlements.',
  SMTP_PORT: '20498',
  PDF_POOL_SIZE: '1',
});
const origin = originOf(system.gatewayUrl);
let browser: BrowserSession;
const pages: Page[] = [];
let admin: string;
let offered: string;
let writtenOff: string;
let complained: string;

type Gql = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers read by shape

async function gql(query: string, variables: object, token: string): Promise<Gql> {
  const res = await system.graphql<Gql>(query, variables, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!;
}

async function login(user: { email: string; password: string }): Promise<string> {
  return (await gql('mutation($e:String!,$p:String!){ login(email:$e,password:$p){ token } }', { e: user.email, p: user.password }, ''))
    .login.token;
}

async function newPage(user: { email: string; password: string }): Promise<Page> {
  const page = await browser.page();
  pages.push(page);
  await signIn(page, origin, user.email, user.password);
  return page;
}

beforeAll(async () => {
  await system.resetDatabase();
  await system.startAll();
  await loadDemoData(system.gatewayUrl, () => undefined);
  admin = await login(DEMO_USERS.admin);
  const db = new Client({ connectionString: system.databaseUrl });
  await db.connect();
  try {
    // Three open cases of the demo client's that its demo agent works, without disputes.
    const rows: { id: string }[] = (
      await db.query(
        `SELECT c.id FROM cases.cases c
          WHERE c.client_id = (SELECT client_id FROM cases.users WHERE email = $1) AND c.phase IN ('placed', 'amicable')
            AND c.brand_id = ANY ((SELECT brand_ids FROM cases.users WHERE email = $2)::uuid[])
            AND c.open_minor > 10000 AND NOT EXISTS (SELECT 1 FROM cases.disputes x WHERE x.case_id = c.id)
          ORDER BY c.id LIMIT 3`,
        [DEMO_USERS.client.email, DEMO_USERS.agent.email],
      )
    ).rows;
    [offered, writtenOff, complained] = rows.map((r) => r.id) as [string, string, string];
  } finally {
    await db.end();
  }
  await gql(
    'mutation($i:LogComplaintInput!){ logComplaint(input:$i){ id } }',
    { i: { caseId: complained, category: 'tone', channel: 'phone', text: `the caller shouted at me (${complained.slice(0, 8)})` } },
    admin,
  );
  browser = await launchBrowser();
}, 240000);

afterEach(async () => {
  await Promise.all(pages.splice(0).map((p) => p.close().catch(() => undefined)));
});

afterAll(async () => {
  await browser?.close();
  await system.stopAll();
});

/** waitForText, saying what the page showed instead. */
async function see(page: Page, text: string): Promise<void> {
  await waitForText(page, text, 15000).catch(async () => {
    throw new Error(`"${text}" not on the page: ${(await page.evaluate(() => document.body.innerText)).slice(-2500)}`);
  });
}

async function checkPage(page: Page, name: string): Promise<void> {
  expect(await seriousA11yViolations(page)).toEqual([]);
  await screenshot(page, SUITE, name);
}

const settlementsOf = async (caseId: string) =>
  (await gql('query($c:ID){ settlements(caseId:$c){ id status amountMinor decisionReason } }', { c: caseId }, admin)).settlements as Gql[];

describe('settlements and complaints in the browser', () => {
  it('the agent records an offer above the client’s terms; the client declines it with a reason', async () => {
    const agentPage = await newPage(DEMO_USERS.agent);
    await agentPage.goto(`${origin}/agent/cases/${offered}`, { waitUntil: 'domcontentloaded' });
    await see(agentPage, 'Settlement offer');
    await checkPage(agentPage, 'agent-offer');
    const region = 'div[role="region"][aria-label="Settlement offer"]';
    // Nothing typed: the fields say what is missing, nothing is recorded.
    await agentPage.locator(`${region} button[type=submit]`).click();
    await see(agentPage, 'Enter an amount less than the balance.');
    expect(await settlementsOf(offered)).toEqual([]);
    await agentPage.locator(`${region} input:not([type=date])`).fill('10,00');
    const payBy = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    await agentPage.$eval(
      `${region} input[type=date]`,
      (el, v) => {
        const input = el as HTMLInputElement;
        Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, v);
        input.dispatchEvent(new Event('input', { bubbles: true }));
      },
      payBy,
    );
    await agentPage.locator(`${region} button[type=submit]`).click();
    await see(agentPage, 'Offer sent to the client');
    const [s] = await settlementsOf(offered);
    expect(s).toMatchObject({ status: 'awaiting_client', amountMinor: '1000' });

    // The client's Settlements page lists it; "Decide" opens its case.
    const clientPage = await newPage(DEMO_USERS.client);
    await clientPage.goto(`${origin}/client/settlements`, { waitUntil: 'domcontentloaded' });
    await clientPage.waitForSelector('table[data-testid="settlements-to-decide"] tbody tr');
    await checkPage(clientPage, 'client-settlements');
    await clientPage.locator('table[data-testid="settlements-to-decide"] a ::-p-text(Decide)').click();
    await clientPage.waitForFunction((id) => location.pathname === `/client/cases/${id}`, {}, offered);
    await see(clientPage, 'A settlement waits for your decision');
    await checkPage(clientPage, 'client-decision');
    await clientPage.locator('button ::-p-text(Decline)').click();
    await clientPage.locator('textarea:not([aria-hidden="true"])').fill('ten euros is not a settlement');
    await clientPage.locator('[role="dialog"] button[type=submit]').click();
    await see(clientPage, 'Settlement declined');
    expect(await settlementsOf(offered)).toEqual([
      expect.objectContaining({ status: 'declined', decisionReason: 'ten euros is not a settlement' }),
    ]);
  }, 90000);

  it('the client sets the discount the agency may grant on its Settlements page', async () => {
    const page = await newPage(DEMO_USERS.client);
    await page.goto(`${origin}/client/settlements`, { waitUntil: 'domcontentloaded' });
    const region = 'div[role="region"][aria-label="Discount the agency may grant"]';
    await page.waitForSelector(region);
    await page.locator(`${region} input[inputmode=decimal][required]`).fill('150');
    await page.locator(`${region} button[type=submit]`).click();
    await see(page, 'Enter a percentage from 0 to 100.');
    await page.locator(`${region} input[inputmode=decimal][required]`).fill('15');
    await page.locator(`${region} button[type=submit]`).click();
    await see(page, 'Discount saved');
    const client = await login(DEMO_USERS.client);
    const terms = await gql(
      'query($id:ID!){ client(id:$id){ settlementTerms { maxDiscountBp minAmountMinor } } }',
      { id: (await gql('{ clients { id name } }', {}, client)).clients[0].id },
      client,
    );
    expect(terms.client.settlementTerms).toEqual({ maxDiscountBp: 1500, minAmountMinor: null });
  }, 90000);

  it('the client writes off its case with a reason', async () => {
    const page = await newPage(DEMO_USERS.client);
    await page.goto(`${origin}/client/cases/${writtenOff}`, { waitUntil: 'domcontentloaded' });
    await page.locator('button ::-p-text(Write off)').click();
    await page.locator('textarea:not([aria-hidden="true"])').fill('the debtor emigrated');
    await checkPage(page, 'client-write-off');
    await page.locator('[role="dialog"] button[type=submit]').click();
    await see(page, 'Case written off');
    // The case shows the instruction with its reason.
    await page.waitForFunction(() => document.querySelector('[data-testid="instructions"]')?.textContent?.includes('Written off'));
    expect(await page.$eval('[data-testid="instructions"]', (el) => el.textContent)).toContain('the debtor emigrated');
    await checkPage(page, 'client-instructions');
    const c = (await gql('query($id:ID!){ case(id:$id){ phase outcome closeReason } }', { id: writtenOff }, admin)).case;
    expect(c).toEqual({ phase: 'closed', outcome: 'written_off', closeReason: 'the debtor emigrated' });
  }, 90000);

  it('the admin pauses collection for a complaint, answers it and closes it', async () => {
    const complaintOf = async () =>
      (
        (
          await gql(
            'query($c:ID){ complaints(caseId:$c){ status pausesJourney answer { text } closure { upheld } } }',
            { c: complained },
            admin,
          )
        ).complaints as Gql[]
      )[0]!;
    const page = await newPage(DEMO_USERS.admin);
    await page.goto(`${origin}/admin/complaints`, { waitUntil: 'domcontentloaded' });
    const text = `the caller shouted at me (${complained.slice(0, 8)})`;
    await see(page, text);
    await checkPage(page, 'admin-complaints');
    const row = 'table[data-testid="complaints"] tbody tr';
    await page.locator(`${row} button ::-p-text(Pause collection)`).click();
    await eventually(async () => expect((await complaintOf()).pausesJourney).toBe(true), 10000);
    await page.locator(`${row} button ::-p-text(Answer)`).click();
    await page.locator('[role="dialog"] textarea:not([aria-hidden="true"])').fill('we apologised and briefed the agent');
    await page.locator('[role="dialog"] button[type=submit]').click();
    await eventually(async () => expect((await complaintOf()).status).toBe('answered'), 10000);
    await page.locator('label ::-p-text(Answered)').click();
    await see(page, 'we apologised and briefed the agent');
    await page.locator(`${row} button ::-p-text(Close)`).click();
    await page.locator('[role="dialog"] input[type=checkbox]').click();
    await page.locator('[role="dialog"] button[type=submit]').click();
    await eventually(async () => expect(await complaintOf()).toMatchObject({ status: 'closed', closure: { upheld: true } }), 10000);
  }, 90000);
});
