/**
 * The server-rendered first screens (src/http/pages.ts, issue 16 item 5) over HTTP:
 * the feed, a note, a product, a group buy and a bargain arrive as HTML with their
 * content and the data the app seeds its cache with, never cached, in the reader's
 * language, with 404 for an unknown id; every other page is the plain app shell; the
 * share pages have an icon and one title (item 12). The words the server renders are
 * the web app's own (checked against its locales).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAGE_TEXTS } from '../src/http/page-texts.js';
import { startTestApp, type TestApp } from './support/app.js';
import { ensureWebBuild } from './support/browser.js';
import { givenShowcase } from './support/first-screens.js';
import type { GivenUser } from './support/given.js';
import { webTexts } from './support/web-texts.js';

const lookUp = (messages: unknown, key: string): unknown => key.split('.').reduce<any>((at, part) => at?.[part], messages);

describe('the page texts the server renders', () => {
  it('are the web app’s own, in both languages', async () => {
    const { zhCN, en } = await webTexts();
    for (const [language, messages] of [['zh-CN', zhCN], ['en', en]] as const) {
      for (const [key, text] of Object.entries(PAGE_TEXTS[language])) expect([language, key, text]).toEqual([language, key, lookUp(messages, key)]);
    }
  });
});

describe('server-rendered first screens (PGlite)', () => {
  let t: TestApp;
  let buyer: GivenUser;
  let productId: string;
  let noteId: string;
  let groupId: string;
  let bargainId: string;
  const NOTE_TITLE = '竹编篮开箱 <b>&"真香"</b>';

  beforeAll(async () => {
    ensureWebBuild();
    t = await startTestApp('pglite');
    const showcase = await givenShowcase(t, [NOTE_TITLE]);
    ({ author: buyer, productId, groupId, bargainId } = showcase);
    noteId = showcase.noteIds[0]!;
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  async function page(path: string, headers: Record<string, string> = {}) {
    const res = await fetch(`${t.url}${path}`, { headers });
    const html = await res.text();
    const json = /<script id="agora-prefetch" type="application\/json">(.*?)<\/script>/s.exec(html)?.[1];
    return { status: res.status, headers: res.headers, html, prefetch: json === undefined ? undefined : JSON.parse(json) };
  }
  const keys = (prefetch: any) => prefetch.queries.map((q: any) => q.key);

  it('the feed: note cards with titles (escaped), the welcome, zh-CN, no-cache, and the first page for the cache', async () => {
    const home = await page('/');
    expect(home.status).toBe(200);
    expect(home.headers.get('content-type')).toMatch(/^text\/html/);
    expect(home.headers.get('cache-control')).toBe('no-cache');
    expect(home.html).toContain('<html lang="zh-CN"');
    expect(home.html).toContain('<title>首页 · Agora</title>');
    expect(home.html).toContain('竹编篮开箱 &lt;b&gt;&amp;&quot;真香&quot;&lt;/b&gt;');
    expect(home.html).not.toContain('<b>&');
    expect(home.html).toContain('欢迎来到 Agora');
    expect(home.html).toContain('data-testid="note-card"');
    expect(home.prefetch.signedOut).toBe(true);
    expect(keys(home.prefetch)).toEqual([['feed', 'discover', null]]);
    expect(home.prefetch.queries[0].data.items.map((n: any) => n.id)).toContain(noteId);
    // The JSON cannot close its script early: `<` travels escaped.
    expect(/<script id="agora-prefetch"[^>]*>[^<]*<\/script>/.test(home.html)).toBe(true);
    // Someone signed in sees the public view without the welcome, marked for the app to read again.
    const signedIn = await page('/', { cookie: `agora_session=${buyer.token}` });
    expect(signedIn.html).not.toContain('欢迎来到 Agora');
    expect(signedIn.prefetch.signedOut).toBe(false);
    // Another tab is left to the app.
    expect((await page('/?tab=following')).html).not.toContain('data-testid="note-card"');
  });

  it('a note: its title, author, tagged product with its price; its comments and author for the cache', async () => {
    const note = await page(`/notes/${noteId}`);
    expect(note.status).toBe(200);
    expect(note.html).toContain('data-testid="note-title"');
    expect(note.html).toContain('竹编篮开箱 &lt;b&gt;');
    expect(note.html).toContain('阿青');
    expect(note.html).toContain('手工竹编收纳篮');
    expect(note.html).toContain('¥129.00');
    expect(keys(note.prefetch)).toEqual([['note', noteId], ['comments', noteId], ['profile', buyer.id]]);
    // Private parts of the author never appear: only the public view is read.
    expect(note.html).not.toContain(buyer.token);
  });

  it('a product: title, price with two decimals, shop and SKUs', async () => {
    const product = await page(`/products/${productId}`);
    expect(product.status).toBe(200);
    expect(product.html).toContain('<title>手工竹编收纳篮 · Agora</title>');
    expect(product.html).toMatch(/data-testid="product-title">手工竹编收纳篮</);
    expect(product.html).toMatch(/data-testid="product-price">¥129\.00</);
    expect(product.html).toContain('拼团 ¥99.00');
    expect(product.html).toContain('竹语手作');
    expect(keys(product.prefetch)).toEqual([['product', productId]]);
  });

  it('the group buy and bargain pages: product, prices and where they stand', async () => {
    const group = await page(`/group-buys/${groupId}`);
    expect(group.status).toBe(200);
    expect(group.html).toMatch(/data-testid="group-price">¥99\.00</);
    expect(group.html).toContain('手工竹编收纳篮');
    expect(group.html).toContain('拼团中');
    expect(keys(group.prefetch)).toEqual([['group-buy', groupId]]);
    const bargain = await page(`/bargains/${bargainId}`);
    expect(bargain.status).toBe(200);
    expect(bargain.html).toMatch(/data-testid="bargain-current" data-fen="12900">¥129\.00</);
    expect(bargain.html).toContain('阿青 发起的砍价');
    expect(bargain.html).toContain('还差 ¥60.00');
    expect(keys(bargain.prefetch)).toEqual([['bargain', bargainId]]);
  });

  it('English for a browser asking for it first or a reader who chose it; zh-CN otherwise', async () => {
    const english = await page(`/products/${productId}`, { 'accept-language': 'en-GB,en;q=0.9,zh-CN;q=0.5' });
    expect(english.html).toContain('<html lang="en"');
    expect(english.html).toContain('Group ¥99.00');
    expect(english.headers.get('vary')).toMatch(/Accept-Language/);
    const chosen = await page('/', { 'accept-language': 'zh-CN', cookie: 'agora_lang=en' });
    expect(chosen.html).toContain('Welcome to Agora');
    const chinese = await page('/', { 'accept-language': 'fr-FR,en;q=0.5' });
    expect(chinese.html).toContain('<html lang="zh-CN"');
  });

  it('an unknown or malformed id is a 404 with the app shell; other pages are the plain shell', async () => {
    for (const path of ['/notes/00000000-0000-4000-8000-000000000000', '/products/00000000-0000-4000-8000-000000000000', '/group-buys/nope', '/bargains/not-an-id']) {
      const missing = await page(path);
      expect([path, missing.status]).toEqual([path, 404]);
      expect(missing.html).toContain('<div id="root">');
      expect(missing.html).toContain('/assets/');
      expect(missing.prefetch.queries).toEqual([]);
    }
    // HEAD answers as GET would, without the body (uptime checks ask HEAD /).
    const head = await fetch(`${t.url}/`, { method: 'HEAD' });
    expect([head.status, head.headers.get('content-type'), await head.text()]).toEqual([200, 'text/html; charset=utf-8', '']);
    expect((await fetch(`${t.url}/notes/00000000-0000-4000-8000-000000000000`, { method: 'HEAD' })).status).toBe(404);
    const login = await page('/login');
    expect(login.status).toBe(200);
    expect(login.html).toContain('<div id="root"></div>');
    expect(login.headers.get('cache-control')).toBe('no-cache');
    expect(login.prefetch).toEqual({ signedOut: true, queries: [] });
    // Not pages: still problem+json.
    expect((await fetch(`${t.url}/api/v1/nothing`)).status).toBe(404);
    expect((await fetch(`${t.url}/metrics`)).headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('the share pages have an icon and exactly one title', async () => {
    for (const path of [`/g/${groupId}`, `/b/${bargainId}`, '/g/nope', '/b/nope']) {
      const html = await (await fetch(`${t.url}${path}`)).text();
      expect([path, html.match(/<title>/g)?.length]).toEqual([path, 1]);
      expect([path, /<link rel="icon" href="data:image\/svg\+xml,/.test(html)]).toEqual([path, true]);
    }
  });
});
