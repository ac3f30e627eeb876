/**
 * Browser tests: the real service (demo data, its own database) listening on a loopback port, the
 * web pages as `npm run build:web` builds them, and Debian's Chromium (`apt-get install chromium`)
 * driven by playwright-core. Browsers cannot be downloaded here, so Playwright is pointed at the
 * system one (BHCHECK_CHROMIUM, default /usr/bin/chromium). Without it the tests skip, saying so;
 * under CI they fail instead.
 *
 * Every page is served under a Content-Security-Policy of 'self' (no inline scripts or styles), and a
 * test fails on any error the page logs other than the API answers it expects.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { startTestApp, type TestApp } from '../support/app';

const ROOT = path.resolve(__dirname, '..', '..');
export const CHROMIUM = process.env.BHCHECK_CHROMIUM || '/usr/bin/chromium';
export const HAVE_CHROMIUM = fs.existsSync(CHROMIUM);
if (!HAVE_CHROMIUM && process.env.CI) throw new Error(`browser tests need Chromium at ${CHROMIUM} (apt-get install chromium); .ci/run installs it`);
if (!HAVE_CHROMIUM) console.warn(`browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set BHCHECK_CHROMIUM)`);
/** `describe` when Chromium is there, `describe.skip` otherwise. */
export const describeInBrowser = HAVE_CHROMIUM ? describe : describe.skip;

const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

export const KEYS = {
  billing: 'bhk_demo_billing_prairie_9KdF3sQ6',
  director: 'bhk_demo_director_prairie_6PzM1cV3',
  reviewer: 'bhk_demo_reviewer_4GbR7kX2',
};

// a loaded 2-core machine: generous, but a broken page still fails in minutes, not hours
export const TEST_TIMEOUT_MS = 180_000;
const ACTION_TIMEOUT_MS = 30_000;

export interface WebHarness {
  t: TestApp;
  baseUrl: string;
  browser: Browser;
  /** a new browser profile (no cookies), at a width in CSS pixels (640 is a 1280 window at 200% zoom) */
  newPage(options?: { width?: number; height?: number }): Promise<{ context: BrowserContext; page: Page; errors: string[] }>;
  close(): Promise<void>;
}

export async function startWeb(): Promise<WebHarness> {
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-web.js')], { stdio: 'inherit' });
  const t = await startTestApp({ demo: true });
  await t.app.listen(0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    // as root in a container Chromium needs --no-sandbox; the rest keep it off a network it cannot reach
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    timeout: 120_000,
  });
  const contexts: BrowserContext[] = [];
  return {
    t,
    baseUrl,
    browser,
    async newPage({ width = 1280, height = 900 } = {}) {
      const context = await browser.newContext({ viewport: { width, height }, baseURL: baseUrl, acceptDownloads: true });
      contexts.push(context);
      context.setDefaultTimeout(ACTION_TIMEOUT_MS);
      await context.route('**/*', async (route) => {
        if (!route.request().isNavigationRequest()) return route.continue();
        const response = await route.fetch();
        await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': CSP } });
      });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
      page.on('console', (m) => {
        // the browser logs every 4xx answer; the pages handle those (a 401 before signing in, a 409 refusal)
        if (m.type() === 'error' && !/^Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) errors.push(m.text());
      });
      return { context, page, errors };
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await t.close();
    },
  };
}

/** The harness for one test file: started before its tests (when Chromium is there), closed after. */
export function webForThisFile(): () => WebHarness {
  jest.setTimeout(TEST_TIMEOUT_MS);
  let web: WebHarness | undefined;
  beforeAll(async () => {
    if (HAVE_CHROMIUM) web = await startWeb();
  }, TEST_TIMEOUT_MS);
  afterAll(async () => web?.close());
  return () => web!;
}

export async function signIn(page: Page, key: string): Promise<void> {
  await page.goto('/');
  await page.getByLabel('API key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
}

/** The screenshots the README shows, one of each page. */
const DOC_SCREENSHOTS = ['sign-in', 'claims', 'staff', 'person', 'who-may-render', 'approvals', 'approval-refused', 'enrollment'];

/** Into test-results/screenshots (not committed); with BHCHECK_DOC_SCREENSHOTS=1 the README's into docs/screenshots. */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  if (process.env.BHCHECK_DOC_SCREENSHOTS === '1' && DOC_SCREENSHOTS.includes(name)) {
    const docs = path.join(ROOT, 'docs', 'screenshots');
    fs.mkdirSync(docs, { recursive: true });
    await page.screenshot({ path: path.join(docs, `${name}.png`), fullPage: true });
  }
}

/** Nothing wider than the window: the page reflows (data tables may scroll inside their own box). */
export async function horizontalOverflow(page: Page): Promise<number> {
  return inPage(page, 'document.documentElement.scrollWidth - window.innerWidth');
}

/** Evaluates an expression in the page (as text: the test code is compiled without the DOM's types). */
export async function inPage<T = unknown>(page: Page, expression: string): Promise<T> {
  return (await page.evaluate(expression)) as T;
}

export async function navLinks(page: Page): Promise<string[]> {
  return page.getByRole('navigation', { name: 'Pages' }).getByRole('link').allInnerTexts();
}

/**
 * Each navigation link's accessible name finds exactly one link on the page (as a test outside the
 * project would look it up, by the CONTRACT's names and Playwright's default substring matching).
 */
export async function expectNavUnambiguous(page: Page): Promise<void> {
  for (const name of await navLinks(page)) expect({ name, links: await page.getByRole('link', { name }).count() }).toEqual({ name, links: 1 });
}

/** Waits until the text appears in what the locator shows (the pages load and re-render asynchronously). */
export async function expectText(locator: Locator, text: string, timeoutMs = 20_000): Promise<void> {
  await locator.first().waitFor({ timeout: timeoutMs });
  const deadline = Date.now() + timeoutMs;
  let shown = '';
  while (Date.now() < deadline) {
    shown = (await locator.allInnerTexts()).join('\n');
    if (shown.includes(text)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`expected ${JSON.stringify(text)} in:\n${shown}`);
}
