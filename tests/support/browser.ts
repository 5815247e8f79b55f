import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import puppeteer, { Browser, Page } from 'puppeteer';
import { AxePuppeteer } from '@axe-core/puppeteer';
import { ROOT } from '@amicus/cli';

/**
 * The web app in Debian's Chromium, driven as a person uses it: real clicks and keys against
 * the whole running system behind the gateway. Screenshots land in .data/screenshots/<suite>/
 * (not committed) for a reviewer to look at.
 */
export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = path.join(ROOT, '.data', 'screenshots');
/** How long a page wait may take: CI runs the browser suites beside the others on two cores. A wait that never comes true still fails. */
const WAIT_MS = 30000;

export interface BrowserSession {
  browser: Browser;
  /** A fresh page (its own cookies: an incognito context) at the given viewport. */
  page(viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<BrowserSession> {
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'amicus-web-test-'));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--lang=en-GB'],
    userDataDir,
    pipe: true,
  });
  return {
    browser,
    async page(viewport = { width: 1366, height: 860 }) {
      const context = await browser.createBrowserContext();
      const page = await context.newPage();
      await page.setViewport(viewport);
      page.setDefaultTimeout(WAIT_MS);
      return page;
    },
    async close() {
      await browser.close().catch(() => undefined);
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** The gateway's origin (the app is served at `/`). */
export const originOf = (gatewayUrl: string) => gatewayUrl.replace(/\/graphql$/, '');

/** Signs in through the sign-in page and waits for the audience's first page. */
export async function signIn(page: Page, origin: string, email: string, password: string): Promise<void> {
  await page.goto(`${origin}/sign-in`, { waitUntil: 'domcontentloaded' });
  await page.locator('input[type=email]').fill(email);
  await page.locator('input[type=password]').fill(password);
  await Promise.all([page.waitForFunction(() => !location.pathname.startsWith('/sign-in')), page.keyboard.press('Enter')]);
}

/** Waits until an element whose text contains `text` is on the page. */
export async function waitForText(page: Page, text: string, timeout = WAIT_MS): Promise<void> {
  await page.waitForFunction((t: string) => document.body.innerText.includes(t), { timeout }, text);
}

export interface AxeFinding {
  id: string;
  impact: string | null | undefined;
  help: string;
  nodes: string[];
}

/** axe-core's serious and critical findings on the page as it is now (none is the bar). */
export async function seriousA11yViolations(page: Page): Promise<AxeFinding[]> {
  const results = await new AxePuppeteer(page).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary?.split('\n').slice(1).join(' ').trim() ?? ''}`).slice(0, 5),
    }));
}

/** A full-page screenshot in .data/screenshots/<suite>/<name>.png; returns its path. */
export async function screenshot(page: Page, suite: string, name: string): Promise<string> {
  const dir = path.join(SCREENSHOTS, suite);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.png`);
  await page.screenshot({ path: file as `${string}.png`, fullPage: true });
  return file;
}
