/**
 * What every browser journey shares: Debian's Chromium with the flags this
 * machine needs, a phone-sized viewport, the built web app, screenshots in
 * test-results/, and a patient "the page shows this" check.
 *
 * Without /usr/bin/chromium a journey is skipped with a warning; under CI=true it
 * fails instead (.ci/run installs the `chromium` package).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startTestApp, type TestApp } from './app.js';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SCREENSHOTS = path.join(ROOT, 'test-results');
export const CHROMIUM = '/usr/bin/chromium';
export const IN_CI = process.env.CI === 'true';
export const HAVE_CHROMIUM = fs.existsSync(CHROMIUM);
/** Run the journeys: Chromium is here, or CI must fail for want of it. */
export const RUN_BROWSER = HAVE_CHROMIUM || IN_CI;
export const PHONE_VIEWPORT = { width: 390, height: 844 };
/** A common laptop screen: the consoles' desktop layout starts at 1024 px. */
export const DESKTOP_VIEWPORT = { width: 1366, height: 768 };
export const UI_TIMEOUT = 10_000;
/** What `crypto.randomUUID()` in the browser makes (Idempotency-Keys). */
export const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Say clearly that `what` is skipped when Chromium is missing outside CI. */
export function warnIfSkipped(what: string): void {
  if (!RUN_BROWSER) console.warn(`\n  ${CHROMIUM} is missing: ${what} SKIPPED (apt-get install -y chromium).\n`);
}

/** Build the web app unless dist/web is there and newer than every file under web/. */
export function ensureWebBuild(): void {
  const index = path.join(ROOT, 'dist/web/index.html');
  if (fs.existsSync(index)) {
    const builtAt = fs.statSync(index).mtimeMs;
    const sources = fs.readdirSync(path.join(ROOT, 'web'), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
    if (sources.every((entry) => fs.statSync(path.join(entry.parentPath, entry.name)).mtimeMs <= builtAt)) return;
  }
  execFileSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts'], { cwd: ROOT, stdio: 'pipe' });
}

/** Chromium as this machine runs it: without these flags its network calls are refused many times over. */
export function launchChromium(): Promise<Browser> {
  if (!HAVE_CHROMIUM) throw new Error(`CI=true but ${CHROMIUM} is missing: install the chromium package`);
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
}

/** A POST the page sent under /api/v1: the path below it, its Idempotency-Key and JSON body. */
export interface SentPost {
  path: string;
  key: string | undefined;
  body: Record<string, unknown> | undefined;
}

/**
 * A phone-sized (or, with `desktop`, a 1366×768) zh-CN page in a context of its own; with `token`, logged in through
 * the `agora_session` cookie for `host` (127.0.0.1 unless a journey needs a domain,
 * as WebAuthn does). Every POST under /api/v1 is recorded with its Idempotency-Key;
 * uncaught page errors go to `onError`. Close the context when done.
 */
async function phonePage(
  browser: Browser,
  options: { token?: string; host?: string; desktop?: boolean; onError: (message: string) => void },
): Promise<{ context: BrowserContext; page: Page; posts: SentPost[] }> {
  const screen = options.desktop ? { viewport: DESKTOP_VIEWPORT } : { viewport: PHONE_VIEWPORT, deviceScaleFactor: 2, isMobile: true, hasTouch: true };
  const context = await browser.newContext({ ...screen, locale: 'zh-CN' });
  if (options.token) {
    await context.addCookies([{ name: 'agora_session', value: options.token, domain: options.host ?? '127.0.0.1', path: '/', httpOnly: true, sameSite: 'Lax' }]);
  }
  const page = await context.newPage();
  page.setDefaultTimeout(UI_TIMEOUT);
  page.on('pageerror', (error) => options.onError(`${page.url()}: ${error.message}`));
  const posts: SentPost[] = [];
  page.on('request', (request) => {
    if (request.method() !== 'POST' || !request.url().includes('/api/v1/')) return;
    const data = request.postData();
    posts.push({ path: new URL(request.url()).pathname.replace('/api/v1', ''), key: request.headers()['idempotency-key'], body: data ? JSON.parse(data) : undefined });
  });
  return { context, page, posts };
}

/**
 * The hooks every journey file shares, registered in the calling describe(): a real
 * Agora on PGlite and Chromium started together; after each journey no page threw
 * and the books balance; everything closed at the end. Register further hooks after
 * calling this: they run after these.
 *
 * @example
 *   const rig = journeyRig();
 *   const { page, posts } = await rig.page({ token: buyer.token });
 *   await page.goto(`${rig.app.url}/wallet`);
 */
export function journeyRig() {
  let app: TestApp | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  let pageErrors: string[] = [];

  beforeAll(async () => {
    ensureWebBuild();
    const [started, launched] = await Promise.allSettled([startTestApp('pglite'), launchChromium()]);
    if (started.status === 'fulfilled') app = started.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    for (const result of [started, launched]) if (result.status === 'rejected') throw result.reason;
  });

  afterEach(async () => {
    const errors = pageErrors;
    pageErrors = [];
    expect(errors).toEqual([]);
    expect(await app!.ctx.ledger.check(app!.ctx.database.db)).toEqual([]);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await app?.close();
  });

  return {
    get app(): TestApp {
      if (!app) throw new Error('the journey rig starts in beforeAll');
      return app;
    },
    /** A phone page (see `phonePage`) whose errors fail the journey and which is closed at the end. */
    async page(options: { token?: string; host?: string; desktop?: boolean } = {}): Promise<{ context: BrowserContext; page: Page; posts: SentPost[] }> {
      if (!browser) throw new Error('the journey rig starts in beforeAll');
      const opened = await phonePage(browser, { ...options, onError: (message) => pageErrors.push(message) });
      contexts.push(opened.context);
      return opened;
    },
  };
}

/**
 * A full-page screenshot saved as test-results/<prefix><name>.png. With `fromTop`
 * the page is scrolled up first, so the sticky top bar sits where it belongs.
 */
export function screenshotter(prefix = '', options: { fromTop?: boolean } = {}) {
  return async (page: Page, name: string): Promise<void> => {
    if (options.fromTop) await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: path.join(SCREENSHOTS, `${prefix}${name}.png`), fullPage: true });
  };
}

/** Waits until the element with this test id shows the text (a string is a substring). */
export async function see(page: Page, testId: string, expected: string | RegExp): Promise<void> {
  const locator = page.getByTestId(testId).first();
  await expect.poll(async () => ((await locator.count()) > 0 ? locator.innerText() : ''), { timeout: UI_TIMEOUT }).toMatch(expected);
}

/** Types a PIN on the PinPad component. */
export async function typePin(page: Page, pin: string): Promise<void> {
  for (const digit of pin) await page.getByTestId(`pin-pad-key-${digit}`).click();
}
