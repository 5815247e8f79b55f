import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'puppeteer';
import { DEMO_USERS, loadDemoData, ROOT } from '@amicus/cli';
import { BrowserSession, launchBrowser, originOf, screenshot, seriousA11yViolations, signIn, waitForText } from './support/browser';
import { eventually, SystemUnderTest } from './support/system';

/**
 * Payment plans and promises on the staff's screens, in Chromium against the whole system with
 * the demo data: the agent proposes a plan within the client's limits (agreed at once, its
 * instalments on the case) and records a promise on another case; a plan outside the limits
 * waits and the demo client approves it from its case view; the admin changes a client's limits
 * (a field error at its field first).
 */
const SUITE = 'web-plan-screens';
const env: NodeJS.ProcessEnv = { KAFKA_TOPIC_PREFIX: 'e2e_web_plan_screens.', SMTP_PORT: '18598', PDF_POOL_SIZE: '1' };
const system = new SystemUnderTest('e2e_web_plan_screens', 18500, env);
const webDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amicus-web-plan-'));
const origin = originOf(system.gatewayUrl);
let browser: BrowserSession;
let agentToken: string;

/** The gateway serves a copy of the built app (a build elsewhere empties dist/web while it runs). */
async function copyWebApp(): Promise<void> {
  const built = path.join(ROOT, 'dist', 'web');
  await eventually(
    async () => {
      if (!fs.existsSync(path.join(built, 'index.html'))) throw new Error(`${built} is not built (npm run build)`);
      fs.cpSync(built, webDir, { recursive: true });
    },
    120000,
    1000,
  );
  env.WEB_DIR = webDir;
}

async function tokenOf(user: { email: string; password: string }): Promise<string> {
  const login = await system.graphql<{ login: { token: string } }>(
    'mutation($e:String!,$p:String!){ login(email:$e,password:$p){ token } }',
    {
      e: user.email,
      p: user.password,
    },
  );
  return login.data!.login.token;
}

async function gql<T>(query: string, variables: object = {}, token = agentToken): Promise<T> {
  const res = await system.graphql<T>(query, variables, token);
  if (res.errors) throw new Error(res.errors.map((e) => e.message).join('; '));
  return res.data!;
}

interface PlanState {
  paymentPlan: { status: string; outsideLimits: string[]; instalments: { status: string; amountMinor: string }[] } | null;
  promises: { status: string; amountMinor: string; dueOn: string }[];
}
const planOf = async (caseId: string) =>
  (
    await gql<{ case: PlanState }>(
      'query($id:ID!){ case(id:$id){ paymentPlan { status outsideLimits instalments { status amountMinor } } promises { status amountMinor dueOn } } }',
      { id: caseId },
    )
  ).case;

/** A wait that, when it times out, says what the page showed instead. */
async function onPage<T>(page: Page, wait: Promise<T>): Promise<T> {
  try {
    return await wait;
  } catch (e) {
    const shown = await page.evaluate(() => document.body.innerText).catch(() => '(no page)');
    throw new Error(`${(e as Error).message} on ${page.url()}; the page shows:\n${shown.slice(0, 3000)}`);
  }
}
const waitText = (page: Page, text: string) => onPage(page, waitForText(page, text));
/** The text of the case view's "Plan and promises" panel. */
const panelText = (page: Page) => page.$eval('section#plan', (e) => (e as HTMLElement).innerText);

/** A day from today as YYYY-MM-DD in the agency's zone (Brussels). */
const calendarDate = (days: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(Date.now() + days * 86_400_000),
  );

async function pageAs(user: { email: string; password: string }): Promise<Page> {
  const page = await browser.page();
  await signIn(page, origin, user.email, user.password);
  return page;
}

/** Open cases of the demo client's, with room for a plan of a few instalments of at least 25.00, none with a plan or promise yet. */
let cases: string[];
let demoClientId: string;

beforeAll(async () => {
  await system.resetDatabase();
  await copyWebApp();
  await system.startAll();
  await loadDemoData(system.gatewayUrl, () => undefined);
  browser = await launchBrowser();
  agentToken = await tokenOf(DEMO_USERS.agent);
  const { clients } = await gql<{ clients: { id: string }[] }>('{ clients { id } }', {}, await tokenOf(DEMO_USERS.client));
  demoClientId = clients[0]!.id;
  const { myWorklist } = await gql<{
    myWorklist: { case: { id: string; clientId: string; phase: string; holdUntil: string | null; balance: { openMinor: string } } }[];
  }>('{ myWorklist(first: 300){ case { id clientId phase holdUntil balance { openMinor } } } }');
  const fit = myWorklist
    .map((w) => w.case)
    .filter((c) => c.clientId === demoClientId && c.phase !== 'closed' && !c.holdUntil && BigInt(c.balance.openMinor) >= 30000n);
  cases = fit.map((c) => c.id);
  if (cases.length < 3) console.log(`web-plan-screens: ${myWorklist.length} on the worklist, ${fit.length} fit`, myWorklist.slice(0, 3));
  expect(cases.length).toBeGreaterThanOrEqual(3);
}, 240000);

afterAll(async () => {
  await browser?.close();
  await system.stopAll();
  fs.rmSync(webDir, { recursive: true, force: true });
}, 60000);

describe('payment plans and promises on the staff screens', () => {
  it('the agent proposes a plan within the limits by keyboard (p): agreed at once, its instalments on the case', async () => {
    const caseId = cases[0]!;
    const page = await pageAs(DEMO_USERS.agent);
    await page.goto(`${origin}/agent/cases/${caseId}`);
    await onPage(page, page.waitForSelector('section#plan'));
    expect(await panelText(page)).toContain('No payment plan or promise');
    await page.keyboard.press('p');
    await onPage(page, page.waitForSelector('[role="dialog"] [data-testid="plan-limits"]'));
    await waitText(page, 'agreed at once within 12 months');
    await page.waitForFunction(() => (document.activeElement as HTMLInputElement | null)?.inputMode === 'numeric');
    await page.keyboard.down('Control');
    await page.keyboard.press('a');
    await page.keyboard.up('Control');
    await page.keyboard.type('3');
    await page.keyboard.press('Enter');
    await onPage(
      page,
      page.waitForFunction(() => !document.querySelector('[role="dialog"]')),
    );
    await onPage(page, page.waitForSelector('section#plan [data-plan-status="agreed"]'));
    const rows = await page.$$eval('table[aria-label="Instalments"] tbody tr', (trs) => trs.map((tr) => (tr as HTMLElement).innerText));
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.includes('UPCOMING') || r.includes('Upcoming'))).toBe(true);
    const plan = (await planOf(caseId)).paymentPlan!;
    expect(plan.status).toBe('agreed');
    expect(plan.instalments.map((i) => i.status)).toEqual(['upcoming', 'upcoming', 'upcoming']);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, SUITE, 'agent-plan-agreed');

    // A promise on another case (m, the amount, Enter): open, in the panel.
    await page.goto(`${origin}/agent/cases/${cases[1]!}`);
    await onPage(page, page.waitForSelector('section#plan'));
    await page.keyboard.press('m');
    await page.waitForFunction(() => (document.activeElement as HTMLInputElement | null)?.inputMode === 'decimal');
    await page.keyboard.type('0');
    await page.keyboard.press('Enter');
    await waitText(page, 'is an amount in minor units, more than zero'); // the API's problem, at the amount
    await page.keyboard.down('Control');
    await page.keyboard.press('a');
    await page.keyboard.up('Control');
    await page.keyboard.type('50,00');
    await page.keyboard.press('Enter');
    await onPage(
      page,
      page.waitForFunction(() => !document.querySelector('[role="dialog"]')),
    );
    await onPage(page, page.waitForSelector('table[aria-label="Promises to pay"] tbody tr'));
    expect(await panelText(page)).toMatch(/€50\.00/);
    expect((await planOf(cases[1]!)).promises).toEqual([{ status: 'open', amountMinor: '5000', dueOn: calendarDate(7) }]);
    await page.close();
  }, 45000);

  it('a plan outside the limits waits, with why; the demo client approves it from its case view', async () => {
    const caseId = cases[2]!;
    const agent = await pageAs(DEMO_USERS.agent);
    await agent.goto(`${origin}/agent/cases/${caseId}`);
    await onPage(agent, agent.waitForSelector('section#plan'));
    await agent.keyboard.press('p');
    await agent.waitForFunction(() => (document.activeElement as HTMLInputElement | null)?.inputMode === 'numeric');
    await agent.keyboard.down('Control');
    await agent.keyboard.press('a');
    await agent.keyboard.up('Control');
    await agent.keyboard.type('18');
    await agent.keyboard.press('Enter');
    await waitText(agent, 'The plan waits for an approval');
    await waitText(agent, 'more than 12 months');
    expect((await planOf(caseId)).paymentPlan!.status).toBe('pending');
    await agent.keyboard.press('Escape');
    await onPage(agent, agent.waitForSelector('section#plan [data-plan-status="pending"]'));
    await agent.close();

    const client = await pageAs(DEMO_USERS.client);
    await client.goto(`${origin}/client/cases/${caseId}`);
    await waitText(client, 'Approve plan');
    await waitText(client, 'more than 12 months');
    expect(await seriousA11yViolations(client)).toEqual([]);
    await screenshot(client, SUITE, 'client-plan-waiting');
    // Rejecting asks for the reason at its field; cancelled, the plan still waits.
    await client.locator('button::-p-text(Reject plan)').click();
    await client.locator('[role="dialog"] button[type="submit"]').click();
    await waitText(client, 'Say why the plan is rejected');
    expect(await seriousA11yViolations(client)).toEqual([]);
    await client.locator('[role="dialog"] ::-p-text(Cancel)').click();
    await client.waitForFunction(() => !document.querySelector('[role="dialog"]'));
    expect((await planOf(caseId)).paymentPlan!.status).toBe('pending');
    await client.locator('button::-p-text(Approve plan)').click();
    await onPage(client, client.waitForSelector('section#plan [data-plan-status="agreed"]'));
    expect(await client.$$eval('table[aria-label="Instalments"] tbody tr', (trs) => trs.length)).toBe(18);
    expect((await planOf(caseId)).paymentPlan!.status).toBe('agreed');
    await client.close();
  }, 45000);

  it("the admin changes a client's limits on its page: the API's problem at its field, then saved", async () => {
    const page = await pageAs(DEMO_USERS.admin);
    await page.goto(`${origin}/admin/clients/${demoClientId}`);
    const months = await onPage(page, page.waitForSelector('form[aria-label="Payment plan limits"] input[inputmode="numeric"]'));
    expect(await months!.evaluate((e) => (e as HTMLInputElement).value)).toBe('12');
    await months!.click({ count: 3 });
    await page.keyboard.type('0');
    await page.locator('button::-p-text(Save limits)').click();
    await waitText(page, 'is a whole number of months from 1 to 120');
    expect(await months!.evaluate((e) => e.getAttribute('aria-invalid'))).toBe('true');
    await months!.click({ count: 3 });
    await page.keyboard.type('24');
    await page.locator('button::-p-text(Save limits)').click();
    await waitText(page, 'Limits saved');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, SUITE, 'admin-limits');
    const { client } = await gql<{ client: { paymentPlanLimits: { maxMonths: number } } }>(
      'query($id:ID!){ client(id:$id){ paymentPlanLimits { maxMonths } } }',
      { id: demoClientId },
      await tokenOf(DEMO_USERS.admin),
    );
    expect(client.paymentPlanLimits.maxMonths).toBe(24);
    await page.close();
  }, 30000);
});
