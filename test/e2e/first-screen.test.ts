/**
 * The first screens the server renders (src/http/pages.ts, issue 16 items 5 and 12) in
 * Chromium on a phone:
 * - with JavaScript off, the feed shows its note titles, a note its title, a product its
 *   title and price, the group buy and bargain pages their product and prices;
 * - with JavaScript on, the app takes the page over without asking again for the data
 *   already in it (nor for /me, known to be nobody), without moving what was shown, and
 *   signed-out pages log no console error at all.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { ensureWebBuild, launchChromium, PHONE_VIEWPORT, RUN_BROWSER, UI_TIMEOUT, warnIfSkipped } from '../support/browser.js';
import { givenShowcase, type Showcase } from '../support/first-screens.js';
import { given } from '../support/given.js';

warnIfSkipped('the server-rendered first screen journeys are');

describe.skipIf(!RUN_BROWSER)('server-rendered first screens in Chromium (390×844)', () => {
  let t: TestApp;
  let browser: Browser;
  let productId: string;
  let noteIds: string[];
  let groupId: string;
  let bargainId: string;
  let author: Showcase['author'];

  beforeAll(async () => {
    ensureWebBuild();
    [t, browser] = await Promise.all([startTestApp('pglite'), launchChromium()]);
    ({ author, productId, noteIds, groupId, bargainId } = await givenShowcase(t, ['竹编篮开箱', '收纳好物清单', '周末手作市集']));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function phone(javaScriptEnabled: boolean, locale = 'zh-CN', token?: string) {
    const context = await browser.newContext({ viewport: PHONE_VIEWPORT, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale, javaScriptEnabled });
    if (token) await context.addCookies([{ name: 'agora_session', value: token, domain: '127.0.0.1', path: '/', httpOnly: true, sameSite: 'Lax' }]);
    const page = await context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT);
    return { context, page };
  }
  const text = (page: Page, testId: string) => page.getByTestId(testId).first().innerText();

  it('with JavaScript off: note titles on the feed and a note, a product’s title and price, the group and bargain pages', { timeout: 60_000 }, async () => {
    const { context, page } = await phone(false);
    await page.goto(`${t.url}/`);
    const titles = await page.getByTestId('note-card-title').allInnerTexts();
    expect(titles).toEqual(expect.arrayContaining(['竹编篮开箱', '收纳好物清单', '周末手作市集']));
    await page.goto(`${t.url}/notes/${noteIds[0]}`);
    expect(await text(page, 'note-title')).toContain('竹编篮开箱');
    expect(await text(page, 'note-products')).toContain('¥129.00');
    await page.goto(`${t.url}/products/${productId}`);
    expect(await text(page, 'product-title')).toBe('手工竹编收纳篮');
    expect(await text(page, 'product-price')).toBe('¥129.00');
    await page.goto(`${t.url}/group-buys/${groupId}`);
    expect(await text(page, 'group-product')).toBe('手工竹编收纳篮');
    expect(await text(page, 'group-price')).toBe('¥99.00');
    expect(await text(page, 'group-status')).toBe('拼团中');
    await page.goto(`${t.url}/bargains/${bargainId}`);
    expect(await text(page, 'bargain-current')).toBe('¥129.00');
    expect(await text(page, 'bargain-remaining')).toBe('还差 ¥60.00');
    await context.close();
  });

  it('with JavaScript on: the app takes over without refetching what the page holds, moving nothing, and logs no console error signed out', { timeout: 120_000 }, async () => {
    const noteId = noteIds[0]!;
    /** Each page and an element low on its first screen: anything above it that moved moves it. */
    const pages: [path: string, testId: string][] = [
      ['/', 'note-card-title'],
      [`/notes/${noteId}`, 'note-actions'],
      [`/products/${productId}`, 'product-skus'],
      [`/group-buys/${groupId}`, 'group-members'],
      [`/bargains/${bargainId}`, 'bargain-helps'],
    ];
    // Where it sits before any script ran.
    const still = await phone(false);
    const before = new Map<string, unknown>();
    for (const [path, testId] of pages) {
      await still.page.goto(`${t.url}${path}`);
      await still.page.waitForLoadState('networkidle');
      before.set(path, await still.page.getByTestId(testId).first().boundingBox());
    }
    await still.context.close();

    const { context, page } = await phone(true);
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
    const reads: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (request.method() === 'GET' && url.pathname.startsWith('/api/v1/')) reads.push(url.pathname.replace('/api/v1', ''));
    });
    for (const [path, testId] of pages) {
      await page.goto(`${t.url}${path}`);
      // The element is React's now (the app took the page over), not the server's HTML still.
      await expect
        .poll(() => page.getByTestId(testId).first().evaluate((element) => Object.keys(element).some((key) => key.startsWith('__reactFiber'))), { timeout: UI_TIMEOUT })
        .toBe(true);
      await page.waitForLoadState('networkidle');
      expect([path, await page.getByTestId(testId).first().boundingBox()]).toEqual([path, before.get(path)]);
    }
    expect(await page.getByTestId('bargain-current').innerText()).toBe('¥129.00');
    for (const path of ['/login', '/register']) {
      await page.goto(`${t.url}${path}`);
      await page.waitForLoadState('networkidle');
    }

    const seeded = ['/me', '/feed', `/notes/${noteId}`, `/notes/${noteId}/comments`, `/products/${productId}`, `/group-buys/${groupId}`, `/bargains/${bargainId}`];
    expect(reads.filter((path) => seeded.includes(path) || path.startsWith('/users/'))).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('a browser asking for English gets the page in English, and the app carries on in English; a choice of 中文 sticks for the server too', { timeout: 60_000 }, async () => {
    const { context, page } = await phone(true, 'en-US');
    await page.goto(`${t.url}/products/${productId}`);
    await expect
      .poll(() => page.getByTestId('product-skus').evaluate((element) => Object.keys(element).some((key) => key.startsWith('__reactFiber'))), { timeout: UI_TIMEOUT })
      .toBe(true);
    expect(await page.getByTestId('product-buy').innerText()).toBe('Log in to buy');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByTestId('lang-zh-CN').click();
    expect(await page.getByTestId('product-buy').innerText()).toBe('登录后即可购买');
    // The next page comes from the server in the reader's choice, not the browser's.
    const html = await (await context.request.get(`${t.url}/`)).text();
    expect(html).toContain('<html lang="zh-CN"');
    await context.close();
  });

  it('an author sees the note just posted first on their own home at once, over the public first screen the server rendered', { timeout: 60_000 }, async () => {
    // Liked notes outrank a brand-new one in the ranking everyone gets.
    for (const noteId of noteIds) expect((await t.http.post(`/notes/${noteId}/like`, undefined, { token: (await given.user(t)).token })).status).toBe(200);
    const fresh = await given.note(t, author, [[]], { title: '刚发的笔记' });
    const anyone = await t.http.get('/feed?tab=discover&limit=20');
    expect(anyone.body.items[0].id).not.toBe(fresh.id);

    const { context, page } = await phone(true, 'zh-CN', author.token);
    await page.goto(`${t.url}/`);
    await expect.poll(() => page.getByTestId('note-card').first().getAttribute('data-note-id'), { timeout: UI_TIMEOUT }).toBe(fresh.id);
    expect(await page.getByTestId('note-card-title').first().innerText()).toBe('刚发的笔记');
    await context.close();
  });
});
