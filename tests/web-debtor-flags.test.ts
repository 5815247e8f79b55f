import type { Page } from 'puppeteer';
import { DEMO_USERS, loadDemoData } from '@amicus/cli';
import { BrowserSession, launchBrowser, originOf, screenshot, seriousA11yViolations, signIn, waitForText } from './support/browser';
import { SystemUnderTest } from './support/system';

/**
 * The debtor's flags on the agent's case screen, in the browser, on the demo data: the agent
 * flags a debtor's hardship with its evidence, sees what the flag does and who set it (the API
 * says the same), then removes it with a reason; axe finds nothing serious on the page or in the
 * dialog.
 */
const SUITE = 'web-debtor-flags';
const system = new SystemUnderTest('e2e_legal_stops_web', 19600, {
  KAFKA_TOPIC_PREFIX: 'e2e_legal_stops_web.',
  SMTP_PORT: '19698',
  PDF_POOL_SIZE: '1',
});
const origin = originOf(system.gatewayUrl);
let browser: BrowserSession;
let admin: string;

type Gql = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers read by shape

async function gql(query: string, variables: object, token: string): Promise<Gql> {
  const res = await system.graphql<Gql>(query, variables, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!;
}

beforeAll(async () => {
  await system.resetDatabase();
  await system.startAll();
  await loadDemoData(system.gatewayUrl, () => undefined);
  admin = (
    await gql(
      'mutation($e:String!,$p:String!){ login(email:$e,password:$p){ token } }',
      { e: DEMO_USERS.admin.email, p: DEMO_USERS.admin.password },
      '',
    )
  ).login.token;
  browser = await launchBrowser();
}, 240000);

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

describe("the debtor's flags on the agent's case screen", () => {
  it('flags hardship with its evidence, shows what it does and who set it, and removes it with a reason', async () => {
    const cases = (await gql('{ cases(filter:{ phases:["placed","amicable"] }){ nodes { id debtor { name } } } }', {}, admin)).cases
      .nodes as Gql[];
    const target = cases[0]!;
    const page = await browser.page();
    await signIn(page, origin, DEMO_USERS.agent.email, DEMO_USERS.agent.password);
    await page.goto(`${origin}/agent/cases/${target.id}`);
    await see(page, target.debtor.name);
    await see(page, 'Vulnerability and legal stops');
    await see(page, 'No flag on this debtor.');

    await page.locator('section#debtor-flags button').click();
    await page.waitForSelector('[role="dialog"] select');
    await page.select('[role="dialog"] select', 'hardship');
    await see(page, 'An agent reviews the case before any further reminder.');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.type('[role="dialog"] textarea', 'The debtor called: lost their job last month');
    await page.locator('[role="dialog"] button[type="submit"]').click();
    await page.waitForFunction(() => !document.querySelector('[role="dialog"]'));
    await see(page, 'The debtor called: lost their job last month');
    const panel = await page.$eval('section#debtor-flags', (e) => (e as HTMLElement).innerText);
    expect(panel).toMatch(/hardship/i);
    expect(panel).toContain('An agent reviews the case before any further reminder.');
    expect(panel).toMatch(/Set by agent:/);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, SUITE, 'flagged');
    const [flag] = (await gql('query($id:ID!){ debtorFlags(caseId:$id){ id kind source evidence } }', { id: target.id }, admin))
      .debtorFlags;
    expect(flag).toMatchObject({ kind: 'hardship', source: 'agent', evidence: 'The debtor called: lost their job last month' });

    // Removed with a reason: the panel is empty again, the API keeps the flag with who removed it and why.
    const remove = await page.$$('section#debtor-flags button');
    const labels = await Promise.all(remove.map((b) => b.evaluate((e) => e.textContent)));
    await remove[labels.indexOf('Remove')]!.click();
    await page.waitForSelector('[role="dialog"] textarea');
    await page.type('[role="dialog"] textarea', 'found a new job; pays from next week');
    await page.locator('[role="dialog"] button[type="submit"]').click();
    await see(page, 'No flag on this debtor.');
    const [gone] = (
      await gql('query($id:ID!){ debtorFlags(caseId:$id, history:true){ status removedBy removalReason } }', { id: target.id }, admin)
    ).debtorFlags;
    expect(gone).toMatchObject({ status: 'removed', removalReason: 'found a new job; pays from next week' });
    expect(gone.removedBy).toMatch(/^agent:/);
  });
});
