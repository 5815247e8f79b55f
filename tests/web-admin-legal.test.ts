import type { ElementHandle, Page } from 'puppeteer';
import { DEMO_USERS, loadDemoData } from '@amicus/cli';
import { BrowserSession, launchBrowser, originOf, screenshot, seriousA11yViolations, signIn, waitForText } from './support/browser';
import { eventually, SystemUnderTest } from './support/system';

/**
 * Legal staff and the agency admin on the demo data, in the browser: the legal queue with a case
 * put into legal review, opened by keyboard, with the legal engine's assessment (each step's
 * rule); the admin's clients and brands, a brand's colour changed beside its live preview, a
 * template edited with its preview changing and saved as a new version, a user created after
 * the API's field error shown next to its field, and any case's assessment found by id.
 */
const SUITE = 'web-admin-legal';
const system = new SystemUnderTest('e2e_web_admin', 16500, {
  KAFKA_TOPIC_PREFIX: 'e2e_web_admin.',
  SMTP_PORT: '16598',
  PDF_POOL_SIZE: '1',
});
const origin = originOf(system.gatewayUrl);
let browser: BrowserSession;
/** The pages a test opened, closed after it whatever its outcome. */
const pages: Page[] = [];
async function newPage(): Promise<Page> {
  const page = await browser.page();
  pages.push(page);
  return page;
}
let admin: string;
/** The demo case put into legal review for the queue. */
let review: { id: string; debtor: string };
/** The agency default template written before the admin edits it. */
const TEMPLATE = {
  kind: 'first_reminder',
  language: 'en',
  channel: 'letter',
  html: '<p>Dear {{debtor.name}}, please pay {{money amounts.total}}.</p>',
};

type Gql = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- GraphQL answers read by shape

async function gql(query: string, variables: object, token: string): Promise<Gql> {
  const res = await system.graphql<Gql>(query, variables, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!;
}

async function login(user: { email: string; password: string }): Promise<string> {
  const q = 'mutation($e:String!,$p:String!){ login(email:$e,password:$p){ token } }';
  return (await gql(q, { e: user.email, p: user.password }, '')).login.token;
}

async function changePhase(caseId: string, to: string): Promise<void> {
  await gql(
    'mutation($i:ChangeCasePhaseInput!){ changeCasePhase(input:$i){ id phase } }',
    { i: { caseId, to, reason: 'e2e: for the legal queue' } },
    admin,
  );
}

/** The input a visible <label> names (Mantine ties them by id), ignoring the required asterisk. */
async function field(page: Page, label: string): Promise<ElementHandle<HTMLInputElement | HTMLTextAreaElement>> {
  const handle = await page.waitForFunction(
    (l: string) =>
      [...document.querySelectorAll('label')].find((x) => x.textContent?.replace(/\s*\*\s*$/, '').trim() === l && x.htmlFor)?.htmlFor ??
      null,
    {},
    label,
  );
  const id = (await handle.jsonValue()) as string;
  return (await page.$(`[id="${id}"]`)) as ElementHandle<HTMLInputElement | HTMLTextAreaElement>;
}

/** The error text shown with an input (Mantine links it by aria-describedby), if any. */
async function errorOf(input: ElementHandle<Element>): Promise<string> {
  return input.evaluate((el) =>
    (el.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .filter((id) => id.endsWith('-error'))
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' '),
  );
}

/** Presses Tab until the focused element's text (or its label's) is `text` (at most `max` presses), as a keyboard user gets there. */
async function tabTo(page: Page, text: string, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLInputElement | null;
      return (el?.labels?.[0]?.textContent ?? el?.textContent ?? '').trim();
    });
    if (focused === text) return;
  }
  throw new Error(`no focusable element "${text}" within ${max} Tab presses`);
}

async function srcdocOf(page: Page, testId: string, includes: string): Promise<void> {
  await page.waitForFunction(
    (id: string, s: string) => document.querySelector(`[data-testid="${id}"]`)?.getAttribute('srcdoc')?.includes(s) ?? false,
    {},
    testId,
    includes,
  );
}

async function checkPage(page: Page, name: string): Promise<void> {
  expect(await seriousA11yViolations(page)).toEqual([]);
  await screenshot(page, SUITE, name);
}

beforeAll(async () => {
  await system.resetDatabase();
  await system.startAll();
  await loadDemoData(system.gatewayUrl, () => undefined);
  admin = await login(DEMO_USERS.admin);
  // One demo case into legal review, so the queue is not empty.
  const open = (
    await gql('{ cases(filter: { phases: ["placed", "amicable"] }, page: { first: 1 }) { nodes { id phase debtor { name } } } }', {}, admin)
  ).cases.nodes[0];
  if (open.phase === 'placed') await changePhase(open.id, 'amicable');
  await changePhase(open.id, 'legal_review');
  review = { id: open.id, debtor: open.debtor.name };
  await gql(
    'mutation($i:CreateTemplateVersionInput!){ createTemplateVersion(input:$i){ id } }',
    { i: { kind: TEMPLATE.kind, language: TEMPLATE.language, channel: TEMPLATE.channel, html: TEMPLATE.html } },
    admin,
  );
  browser = await launchBrowser();
}, 240000);

afterEach(async () => {
  for (const page of pages.splice(0)) await page.close().catch(() => undefined);
});

afterAll(async () => {
  await browser?.close();
  await system.stopAll();
}, 60000);

describe('legal staff', () => {
  it('sees the case in legal review in its queue, opens it by keyboard, and reads its assessment with each rule', async () => {
    const page = await newPage();
    await signIn(page, origin, DEMO_USERS.legal.email, DEMO_USERS.legal.password);
    expect(new URL(page.url()).pathname).toBe('/legal');
    await page.waitForSelector('table[aria-label="Legal queue"] tbody tr');
    await waitForText(page, review.debtor);
    expect(await page.$$eval('table[aria-label="Legal queue"] tbody tr', (rows) => rows.length)).toBeGreaterThanOrEqual(1);
    // Sorting by a column (its header is a button) says so to assistive technology.
    await page.locator('th ::-p-text(Open balance)').click();
    await page.waitForSelector('th[aria-sort="ascending"] ::-p-text(Open balance)');
    await checkPage(page, 'legal-queue');

    await tabTo(page, review.debtor);
    await page.keyboard.press('Enter');
    await page.waitForFunction((id: string) => location.pathname === `/legal/cases/${id}`, {}, review.id);
    await page.waitForSelector('table[aria-label="Steps and their decisions"] tbody tr');
    const rules = await page.$$eval('table[aria-label="Steps and their decisions"] tbody tr td:nth-child(3)', (tds) =>
      tds.map((td) => td.textContent?.trim() ?? ''),
    );
    expect(rules.length).toBeGreaterThan(0);
    expect(rules.every((r) => r.length > 0)).toBe(true);
    expect(rules.some((r) => /^(BE|NL)-[A-Z]+-\d+/.test(r))).toBe(true);
    await waitForText(page, 'Statement as of');
    await waitForText(page, 'Decide the escalation');
    await checkPage(page, 'legal-case');

    // Sending it back to the agents needs a reason: the API's refusal sits under the field.
    await page.locator('button ::-p-text(Back to amicable)').click();
    const reason = await field(page, 'Reason');
    await page.waitForFunction((el) => el.getAttribute('aria-invalid') === 'true', {}, reason);
    expect(await errorOf(reason)).toContain('is required');
  }, 90000);
});

describe('the agency admin', () => {
  async function adminPage(): Promise<Page> {
    const page = await newPage();
    await signIn(page, origin, DEMO_USERS.admin.email, DEMO_USERS.admin.password);
    return page;
  }

  it('sees the clients with their brands, and a client with its brands', async () => {
    const page = await adminPage();
    expect(new URL(page.url()).pathname).toBe('/admin');
    await page.waitForSelector('table[aria-label="Clients"] tbody tr');
    await waitForText(page, 'Brouwerij De Demo');
    await waitForText(page, 'Polder Mobiel');
    await checkPage(page, 'admin-overview');
    await page.locator('a ::-p-text(Brouwerij De Demo)').click();
    await page.waitForSelector('table[aria-label="Brands"] tbody tr');
    await waitForText(page, 'De Demo Bieren');
    await waitForText(page, 'New brand');
    await checkPage(page, 'admin-client');
  }, 60000);

  it("changes a brand's colour and sees the live preview change, then saves it", async () => {
    const page = await adminPage();
    await page.goto(`${origin}/admin`);
    await page.locator('a ::-p-text(De Demo Bieren)').click();
    await page.waitForFunction(() => /^\/admin\/brands\/[^/]+\/look$/.test(location.pathname));
    const brandId = new URL(page.url()).pathname.split('/')[3]!;
    const colour = await field(page, 'Primary colour');
    await page.waitForSelector('[data-testid="look-preview"]');
    await checkPage(page, 'admin-brand-look');
    await colour.click({ count: 3 });
    await colour.type('#7a1f3d');
    await srcdocOf(page, 'look-preview', '#7a1f3d');
    await page.locator('label ::-p-text(E-mail)').click();
    await srcdocOf(page, 'look-preview', 'background:#7a1f3d');
    await page.locator('button[type=submit] ::-p-text(Save look)').click();
    await waitForText(page, 'Saved.');
    const looks = (await gql('{ brandLooks { brandId primaryColor } }', {}, admin)).brandLooks as Gql[];
    expect(looks.find((l) => l.brandId === brandId)?.primaryColor).toBe('#7a1f3d');
    await checkPage(page, 'admin-brand-look-saved');
  }, 60000);

  it("edits a template's text, sees the preview change, and saves it as a new version with its legal check", async () => {
    const page = await adminPage();
    await page.goto(`${origin}/admin/templates`);
    await page.waitForSelector('table[aria-label="Templates"] tbody tr');
    await checkPage(page, 'admin-templates');
    await page.locator('table[aria-label="Templates"] a ::-p-text(First reminder)').click();
    await page.waitForFunction(() => location.pathname === '/admin/templates/edit');
    // The saved version as the service renders it for the sample case: the letter's PDF, and its page with the words of its source.
    await page.waitForSelector('[data-testid="rendered-pdf"]', { timeout: 30000 });
    await page.locator('label ::-p-text(Page (HTML))').click();
    await srcdocOf(page, 'rendered-preview', 'please pay');
    await waitForText(page, 'Legal mentions check');
    await checkPage(page, 'admin-template-editor');

    const body = await field(page, 'Letter body (HTML)');
    await body.focus();
    await page.keyboard.down('Control');
    await page.keyboard.press('End');
    await page.keyboard.up('Control');
    await page.keyboard.type('<p>Zeppelin words 4711</p>');
    await srcdocOf(page, 'draft-preview', 'Zeppelin words 4711');
    await page.waitForSelector('button[type=submit]:not([disabled]) ::-p-text(Save as new version)');
    await screenshot(page, SUITE, 'admin-template-draft');

    await page.locator('button[type=submit] ::-p-text(Save as new version)').click();
    await waitForText(page, 'Rendered v2');
    await page.locator('label ::-p-text(Page (HTML))').click();
    await srcdocOf(page, 'rendered-preview', 'Zeppelin words 4711');
    const versions = (
      await gql(
        'query($k:String,$l:String){ templates(kind:$k, language:$l){ version status html channel } }',
        { k: TEMPLATE.kind, l: TEMPLATE.language },
        admin,
      )
    ).templates.filter((v: Gql) => v.channel === TEMPLATE.channel) as Gql[];
    expect(versions.map((v) => [v.version, v.status])).toEqual([
      [1, 'draft'],
      [2, 'draft'],
    ]);
    expect(versions[1]!.html).toContain('Zeppelin words 4711');
    await checkPage(page, 'admin-template-saved');
  }, 90000);

  it('creates a user: a bad input shows the API’s field error next to its field, then the user is created (by keyboard)', async () => {
    const page = await adminPage();
    await page.goto(`${origin}/admin/users`);
    const email = await field(page, 'E-mail');
    const password = await field(page, 'Password');
    await checkPage(page, 'admin-users');
    await email.type('new.agent@amicus.local');
    await password.type('short');
    await page.keyboard.press('Enter');
    await page.waitForFunction((el) => el.getAttribute('aria-invalid') === 'true', {}, password);
    expect(await errorOf(password)).toContain('at least 10 characters');
    expect(await errorOf(email)).toBe('');
    await checkPage(page, 'admin-users-refused');

    await password.click({ count: 3 });
    await password.type('a-long-enough-password');
    await tabTo(page, 'De Demo Bieren');
    await page.keyboard.press('Space');
    await password.focus();
    await page.keyboard.press('Enter');
    // The list of users shows it.
    await page.locator('table[aria-label="Users"] ::-p-text(new.agent@amicus.local)').wait();
    const created = await eventually(async () => {
      const r = await system.graphql<Gql>('mutation($e:String!,$p:String!){ login(email:$e,password:$p){ user { role brandIds } } }', {
        e: 'new.agent@amicus.local',
        p: 'a-long-enough-password',
      });
      if (r.errors) throw new Error(JSON.stringify(r.errors));
      return r.data!.login.user as Gql;
    });
    expect(created.role).toBe('agent');
    expect(created.brandIds).toHaveLength(1);
    await checkPage(page, 'admin-users-created');
  }, 60000);

  it('lists the users, and disables one with a reason (it signs in no more) and enables it again', async () => {
    const page = await adminPage();
    await page.goto(`${origin}/admin/users`);
    // The demo's agent is in the list with its brands.
    await page.locator(`table[aria-label="Users"] ::-p-text(${DEMO_USERS.agent.email})`).wait();
    await page.locator(`::-p-aria(Disable ${DEMO_USERS.legal.email})`).click();
    await waitForText(page, 'It signs in no more');
    await page.locator('[role="dialog"] button[type="submit"]').click();
    // The API wants a reason: said at the field.
    await waitForText(page, 'is required');
    await page.locator('[role="dialog"] textarea').fill('on leave');
    await page.locator('[role="dialog"] button[type="submit"]').click();
    await page.waitForFunction(() => !document.querySelector('[role="dialog"]'));
    await page.waitForFunction(
      (email: string) => !document.querySelector('table[aria-label="Users"]')?.textContent?.includes(email),
      {},
      DEMO_USERS.legal.email,
    );
    const LOGIN = 'mutation($e:String!,$p:String!){ login(email:$e,password:$p){ token } }';
    const refused = await system.graphql<Gql>(LOGIN, { e: DEMO_USERS.legal.email, p: DEMO_USERS.legal.password });
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    await page.locator('::-p-text(Show disabled users)').click();
    await waitForText(page, 'on leave');
    await checkPage(page, 'admin-users-disabled');
    await page.locator(`::-p-aria(Enable ${DEMO_USERS.legal.email})`).click();
    await page.locator('[role="dialog"] button[type="submit"]').click();
    await page.waitForFunction(() => !document.querySelector('[role="dialog"]'));
    const back = await eventually(async () => {
      const r = await system.graphql<Gql>(LOGIN, { e: DEMO_USERS.legal.email, p: DEMO_USERS.legal.password });
      if (r.errors) throw new Error(JSON.stringify(r.errors));
      return r.data!.login.token as string;
    });
    expect(back).toEqual(expect.any(String));
  }, 60000);

  it('finds any case by its id and shows its assessment', async () => {
    const page = await adminPage();
    await page.goto(`${origin}/admin/cases`);
    await page.waitForSelector('table[aria-label="Cases"] tbody tr');
    await checkPage(page, 'admin-cases');
    const id = await field(page, 'Case id');
    await id.type('not-an-id');
    await page.keyboard.press('Enter');
    await waitForText(page, 'Not a case id');
    await id.click({ count: 3 });
    await id.type(review.id);
    await page.keyboard.press('Enter');
    await page.waitForFunction((c: string) => location.pathname === `/admin/cases/${c}/assessment`, {}, review.id);
    await page.waitForSelector('table[aria-label="Steps and their decisions"] tbody tr');
    await waitForText(page, review.debtor);
    await checkPage(page, 'admin-case-assessment');
  }, 60000);

  it('sees what goes out today: the counts per channel and the held-back steps with their rule', async () => {
    const page = await adminPage();
    await page.goto(`${origin}/admin/outgoing`);
    await page.waitForSelector('[role="group"][aria-label="Steps per channel"]');
    const api = (await gql('{ outgoing { goingOut { caseId } heldBack { caseId rule } } }', {}, admin)).outgoing as Gql;
    await waitForText(page, api.goingOut.length === 1 ? '1 step goes out' : `${api.goingOut.length} steps go out`);
    if (api.heldBack.length) {
      await page.waitForSelector('table[aria-label="Steps held back"] tbody tr');
      const rule = api.heldBack.find((h: Gql) => h.rule)?.rule;
      if (rule) await waitForText(page, rule);
    } else await waitForText(page, 'No step is held back that day');
    await checkPage(page, 'admin-outgoing');
  }, 60000);
});
