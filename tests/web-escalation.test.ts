import type { Page } from 'puppeteer';
import { Client } from 'pg';
import { DEMO_USERS, loadDemoData } from '@amicus/cli';
import { BrowserSession, launchBrowser, originOf, screenshot, seriousA11yViolations, signIn, waitForText } from './support/browser';
import { eventually, SystemUnderTest } from './support/system';

/**
 * Escalation to legal in the browser, on the demo data: two of the demo client's cases whose
 * formal notice has run out are proposed by the agency; the client approves one on its case
 * page; legal staff see each case's eligibility with its rules in the queue and on the case,
 * accept the approved one into legal and send the other back to amicable with a reason.
 */
const SUITE = 'web-escalation';
const system = new SystemUnderTest('e2e_web_escalation', 18100, {
  KAFKA_TOPIC_PREFIX: 'e2e_web_escalation.',
  SMTP_PORT: '18198',
  PDF_POOL_SIZE: '1',
});
const origin = originOf(system.gatewayUrl);
let browser: BrowserSession;
const pages: Page[] = [];
let admin: string;
let approved: string;
let returned: string;

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

const phaseOf = async (id: string) => (await gql('query($id:ID!){ case(id:$id){ phase } }', { id }, admin)).case.phase;

beforeAll(async () => {
  await system.resetDatabase();
  await system.startAll();
  await loadDemoData(system.gatewayUrl, () => undefined);
  admin = await login(DEMO_USERS.admin);
  // Two of the demo client's BE cases: their first reminder and formal notice sent weeks ago (as
  // communications would have told the case file), every term run out.
  const db = new Client({ connectionString: system.databaseUrl });
  await db.connect();
  try {
    const rows: { id: string }[] = (
      await db.query(
        `SELECT c.id FROM cases.cases c JOIN cases.debtors d ON d.id = c.debtor_id
          WHERE c.client_id = (SELECT client_id FROM cases.users WHERE email = $1) AND d.country = 'BE' AND c.phase IN ('placed', 'amicable')
            AND c.open_minor > 50000 AND NOT EXISTS (SELECT 1 FROM cases.disputes x WHERE x.case_id = c.id)
          ORDER BY c.id LIMIT 2`,
        [DEMO_USERS.client.email],
      )
    ).rows;
    for (const { id } of rows) {
      await db.query(`UPDATE cases.cases SET phase = 'amicable' WHERE id = $1`, [id]);
      for (const [kind, days] of [
        ['first_reminder', 70],
        ['formal_notice', 40],
      ] as const)
        await db.query(
          `INSERT INTO cases.contact_history (id, case_id, kind, channel, at, complete) VALUES ($1, $2, $3, 'email', now() - make_interval(days => $4), true)`,
          [crypto.randomUUID(), id, kind, days],
        );
    }
    [approved, returned] = rows.map((r) => r.id) as [string, string];
  } finally {
    await db.end();
  }
  for (const id of [approved, returned])
    await gql(
      'mutation($id:ID!,$r:String!){ proposeEscalation(caseId:$id, reason:$r){ caseId } }',
      { id, r: 'no reaction to the formal notice' },
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

describe('escalation to legal', () => {
  it('the client approves the proposal on its case page', async () => {
    const client = await login(DEMO_USERS.client);
    const mine = await system.graphql<Gql>(
      'query($id:ID!){ case(id:$id){ phase escalation { proposal { status } } } }',
      { id: approved },
      client,
    );
    expect(mine).toMatchObject({ data: { case: { phase: 'legal_review', escalation: { proposal: { status: 'awaiting_client' } } } } });
    const page = await newPage(DEMO_USERS.client);
    await page.goto(`${origin}/client/cases/${approved}`, { waitUntil: 'domcontentloaded' });
    await see(page, 'The agency proposes legal proceedings');
    await checkPage(page, 'client-approval');
    await page.locator('button ::-p-text(Approve escalation)').click();
    await waitForText(page, 'Escalation approved');
    await eventually(async () => {
      const esc = (await gql('query($id:ID!){ case(id:$id){ escalation { proposal { status } } } }', { id: approved }, admin)).case
        .escalation;
      expect(esc.proposal.status).toBe('awaiting_legal');
    });
  }, 90000);

  it('legal staff see the eligibility with its rules, accept the approved case and send the other back with a reason', async () => {
    const legal = await login(DEMO_USERS.legal);
    const queue = await gql(
      '{ cases(filter: { phases: ["legal_review"] }) { nodes { id escalation { eligibility { eligible conditions { key met rule detail } } } } } }',
      {},
      legal,
    );
    const mine = (id: string) => queue.cases.nodes.find((n: Gql) => n.id === id)?.escalation.eligibility;
    expect(mine(approved)).toMatchObject({ eligible: true });
    expect(
      mine(returned)
        .conditions.filter((c: Gql) => !c.met)
        .map((c: Gql) => c.rule),
    ).toEqual(['ESC-CLIENT-APPROVAL']);

    const page = await newPage(DEMO_USERS.legal);
    await page.goto(`${origin}/legal`, { waitUntil: 'domcontentloaded' });
    await see(page, 'Escalation to legal');
    // The queue's escalation column: the approved case met, the other naming the rule it waits for.
    await page.waitForFunction(
      () => [...document.querySelectorAll('tbody td')].some((td) => td.textContent?.includes('Every condition is met')),
      { timeout: 15000 },
    );
    await checkPage(page, 'legal-queue');

    await page.goto(`${origin}/legal/cases/${approved}`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('table[aria-label="Escalation conditions"] tbody tr');
    const rules = await page.$$eval('table[aria-label="Escalation conditions"] tbody tr td:nth-child(3)', (tds) =>
      tds.map((td) => td.textContent ?? ''),
    );
    expect(rules).toHaveLength(5);
    expect(rules.some((r) => r.startsWith('CASE-DISPUTE-OPEN'))).toBe(true);
    expect(rules.some((r) => r.startsWith('ESC-THRESHOLD'))).toBe(true);
    await checkPage(page, 'legal-case');
    await page.locator('button ::-p-text(Accept into legal)').click();
    await eventually(async () => expect(await phaseOf(approved)).toBe('legal'), 10000);

    await page.goto(`${origin}/legal/cases/${returned}`, { waitUntil: 'domcontentloaded' });
    await page.waitForSelector('table[aria-label="Escalation conditions"] tbody tr');
    await page.locator('textarea:not([aria-hidden="true"])').fill('a payment plan is still possible');
    await page.locator('button ::-p-text(Back to amicable)').click();
    await page
      .waitForFunction(() => location.pathname === '/legal', { timeout: 15000 })
      .catch(async () => {
        throw new Error(`still on ${page.url()}: ${(await page.evaluate(() => document.body.innerText)).slice(-1500)}`);
      });
    expect(await phaseOf(returned)).toBe('amicable');
  }, 90000);
});
