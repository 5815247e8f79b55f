import zlib from 'node:zlib';
import type { Page } from 'puppeteer';
import { DEMO_USERS, loadDemoData } from '@amicus/cli';
import { BrowserSession, launchBrowser, originOf, screenshot, seriousA11yViolations, signIn, waitForText } from './support/browser';
import { SystemUnderTest } from './support/system';

/**
 * The web app as the gateway serves it: signing in with each demo login lands on that
 * audience's pages; the session is an httpOnly, SameSite=Strict cookie that counts only with the
 * CSRF header; the agent's worklist is small and quick to open.
 */
const SUITE = 'web-app';
const system = new SystemUnderTest('e2e_web_app', 15700, { KAFKA_TOPIC_PREFIX: 'e2e_web_app.', SMTP_PORT: '15798', PDF_POOL_SIZE: '1' });
const origin = originOf(system.gatewayUrl);
let browser: BrowserSession;

beforeAll(async () => {
  await system.resetDatabase();
  await system.startAll();
  await loadDemoData(system.gatewayUrl, () => undefined);
  browser = await launchBrowser();
}, 240000);

afterAll(async () => {
  await browser?.close();
  await system.stopAll();
}, 60000);

const LOGINS = [
  { who: 'agent', user: DEMO_USERS.agent, home: '/agent' },
  { who: 'client', user: DEMO_USERS.client, home: '/client' },
  { who: 'legal', user: DEMO_USERS.legal, home: '/legal' },
  { who: 'admin', user: DEMO_USERS.admin, home: '/admin' },
];

describe('signing in', () => {
  it.each(LOGINS)(
    'the $who lands on its own pages and can sign out',
    async ({ who, user, home }) => {
      const page = await browser.page();
      await signIn(page, origin, user.email, user.password);
      expect(new URL(page.url()).pathname).toBe(home);
      await waitForText(page, user.email);
      await screenshot(page, SUITE, `home-${who}`);
      await page.locator('::-p-text(Sign out)').click();
      await page.waitForFunction(() => location.pathname === '/sign-in');
      await page.close();
    },
    60000,
  );

  it('a wrong password is refused in words, on the sign-in page, and sets no session', async () => {
    const page = await browser.page();
    await page.goto(`${origin}/sign-in`);
    await page.locator('input[type=email]').fill(DEMO_USERS.agent.email);
    await page.locator('input[type=password]').fill('not-the-password');
    await page.keyboard.press('Enter');
    await waitForText(page, 'wrong e-mail or password');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect((await page.browserContext().cookies()).map((c) => c.name)).not.toContain('amicus_session');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, SUITE, 'sign-in-refused');
    await page.close();
  }, 60000);

  it('a page of another audience is not found, and a page before sign-in asks to sign in first', async () => {
    const page = await browser.page();
    await page.goto(`${origin}/admin`);
    await page.waitForFunction(() => location.pathname === '/sign-in');
    await signIn(page, origin, DEMO_USERS.client.email, DEMO_USERS.client.password);
    await page.goto(`${origin}/admin`);
    await waitForText(page, 'Not found');
    await page.close();
  }, 60000);
});

describe('the session', () => {
  async function signedInPage(): Promise<Page> {
    const page = await browser.page();
    await signIn(page, origin, DEMO_USERS.agent.email, DEMO_USERS.agent.password);
    return page;
  }

  it('is an httpOnly, SameSite=Strict cookie the page cannot read; the CSRF cookie is readable', async () => {
    const page = await signedInPage();
    const cookies = await page.browserContext().cookies();
    const session = cookies.find((c) => c.name === 'amicus_session');
    const csrf = cookies.find((c) => c.name === 'amicus_csrf');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(csrf).toMatchObject({ httpOnly: false, sameSite: 'Strict' });
    const visible = await page.evaluate(() => document.cookie);
    expect(visible).toContain('amicus_csrf=');
    expect(visible).not.toContain('amicus_session');
    expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toMatch(/eyJ/); // no token kept by the page
    await page.close();
  }, 60000);

  it('counts on /graphql only with the CSRF header: without it, or with another value, the gateway refuses', async () => {
    const page = await signedInPage();
    const ask = (header: string | null) =>
      page.evaluate(async (h: string | null) => {
        const res = await fetch('/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(h === null ? {} : { 'x-csrf-token': h }) },
          body: JSON.stringify({ query: '{ myWorklist(first: 1) { score } }' }),
        });
        return { status: res.status, body: (await res.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] } };
      }, header);
    const csrf = (await page.browserContext().cookies()).find((c) => c.name === 'amicus_csrf')!.value;
    const without = await ask(null);
    const wrong = await ask('x'.repeat(csrf.length));
    const right = await ask(csrf);
    expect([without.status, without.body.errors?.[0]?.extensions?.code]).toEqual([403, 'FORBIDDEN']);
    expect([wrong.status, wrong.body.errors?.[0]?.extensions?.code]).toEqual([403, 'FORBIDDEN']);
    expect(right.status).toBe(200);
    expect(right.body.errors).toBeUndefined();
    await page.close();
  }, 60000);

  it('a bearer token still works for scripts, and a tampered cookie is not a session', async () => {
    const login = await system.graphql<{ login: { token: string } }>(
      'mutation($e:String!,$p:String!){ login(email:$e,password:$p){ token } }',
      { e: DEMO_USERS.agent.email, p: DEMO_USERS.agent.password },
    );
    const token = login.data!.login.token;
    const viaBearer = await system.graphql('{ myWorklist(first: 1) { score } }', {}, token);
    expect(viaBearer.errors).toBeUndefined();
    const tampered = await fetch(`${origin}/session`, { headers: { cookie: `amicus_session=${token.slice(0, -2)}xx` } });
    expect(tampered.status).toBe(401);
  });

  it('sign-in says what is missing, field by field', async () => {
    const res = await fetch(`${origin}/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ problems: [{ field: 'email' }, { field: 'password' }] });
  });
});

describe("the agent's worklist", () => {
  it('loads little JavaScript and is usable soon after opening (figures printed)', async () => {
    const page = await browser.page();
    await signIn(page, origin, DEMO_USERS.agent.email, DEMO_USERS.agent.password);
    // A cold open of the worklist, signed in: from navigation to the first row on screen.
    const cold = await browser.page();
    await cold.browserContext().setCookie(...(await page.browserContext().cookies()));
    const t0 = Date.now();
    await cold.goto(`${origin}/agent`);
    await cold.waitForSelector('table[aria-label="Worklist"] tbody tr');
    const usableMs = Date.now() - t0;
    const scripts = await cold.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .filter((e) => e.name.endsWith('.js'))
        .map((e) => e.name),
    );
    let gzipped = 0;
    for (const url of scripts) gzipped += zlib.gzipSync(Buffer.from(await (await fetch(url)).arrayBuffer())).length;
    console.log(
      `web: the agent's worklist usable after ${usableMs} ms; initial JavaScript ${(gzipped / 1024).toFixed(0)} KB gzipped in ${scripts.length} files`,
    );
    expect(scripts.length).toBeGreaterThan(0);
    expect(gzipped).toBeLessThan(500 * 1024);
    // The admin's code is its own chunk: the agent never loads it.
    expect(scripts.some((s) => /AdminApp/.test(s))).toBe(false);
    expect(await seriousA11yViolations(cold)).toEqual([]);
    await screenshot(cold, SUITE, 'agent-worklist');
    await page.close();
    await cold.close();
  }, 60000);
});
