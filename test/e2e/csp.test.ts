/**
 * Every page under the Content-Security-Policy in Chromium: each
 * top-level route of the web app's router (read from web/src/app/App.tsx and the route groups
 * it mounts from web/src/app/routes/ at run time, so a
 * new page is covered without editing this test), signed out and signed in as whom the
 * page is for (the buyer; the shop's owner for the console; the admin and a regulator
 * for theirs), with real ids; then /docs and a group-buy and a bargain share page. A
 * `securitypolicyviolation` event, a console message about the policy, or a page error
 * fails the test. A deliberate inline script first proves the listener hears one.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { given, type GivenOperator, type GivenUser } from '../support/given.js';
import { journeyRig, ROOT, RUN_BROWSER, warnIfSkipped } from '../support/browser.js';

const PIN = '258036';

warnIfSkipped('the CSP page walk is');

/**
 * Every path the router declares, parents joined to children; `index` routes are their parent's path.
 * The groups in app/routes/ (the consoles) are mounted where App.tsx's own routes are: under the layout.
 */
function routerPaths(): string[] {
  const groups = path.join(ROOT, 'web/src/app/routes');
  const files = [path.join(ROOT, 'web/src/app/App.tsx'), ...(fs.existsSync(groups) ? fs.readdirSync(groups).map((name) => path.join(groups, name)) : [])];
  const paths = new Set<string>();
  for (const file of files) collectRoutes(ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX), paths);
  return [...paths];
}

function collectRoutes(source: ts.SourceFile, paths: Set<string>): void {
  const visit = (node: ts.Node, parent: string): void => {
    const opening = ts.isJsxElement(node) ? node.openingElement : ts.isJsxSelfClosingElement(node) ? node : undefined;
    if (opening && opening.tagName.getText(source) === 'Route') {
      const attribute = (name: string) => opening.attributes.properties.find((p): p is ts.JsxAttribute => ts.isJsxAttribute(p) && p.name.getText(source) === name);
      const pathText = attribute('path')?.initializer;
      const segment = pathText && ts.isStringLiteral(pathText) ? pathText.text : undefined;
      const own = segment === undefined ? parent : `${parent.replace(/\/$/, '')}/${segment}`;
      if (attribute('element') && (segment !== undefined || attribute('index'))) paths.add(own || '/');
      if (ts.isJsxElement(node)) for (const child of node.children) visit(child, own);
      return;
    }
    ts.forEachChild(node, (child) => visit(child, parent));
  };
  visit(source, '');
}

describe.skipIf(!RUN_BROWSER)('every page under the CSP in Chromium', () => {
  const rig = journeyRig();
  let admin: GivenUser;
  let regulator: GivenUser;
  let shop: GivenOperator;
  let buyer: GivenUser;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    const t = rig.app;
    const key = () => ({ 'idempotency-key': randomUUID() });
    admin = await given.admin(t);
    regulator = await given.user(t, { viaSms: false });
    expect((await t.http.post(`/admin/users/${regulator.id}/roles`, { role: 'regulator', granted: true }, { token: admin.token })).status).toBe(200);
    shop = await given.operator(t, admin, { viaSms: false });
    const product = await given.product(t, shop, {
      skus: [{ name: '大号', price: 12_900, stock: 20, groupPrice: 9_900, groupSize: 2, bargainFloor: 6_900, maxHelpers: 5 }],
    });
    buyer = await given.user(t, { pin: PIN, viaSms: false });
    await given.funds(t, buyer, 100_000);
    const addressId = await given.address(t, buyer);
    const note = await given.note(t, buyer, [[product.id]]);
    const order = await t.http.post('/orders', { addressId, items: [{ skuId: product.skus[0].id, quantity: 1 }] }, { token: buyer.token, headers: key() });
    expect(order.status, order.text).toBe(201);
    const orderId = order.body.order.id as string;
    expect((await t.http.post(`/orders/${orderId}/pay`, { pin: PIN }, { token: buyer.token, headers: key() })).status).toBe(200);
    expect((await t.http.post(`/orders/${orderId}/ship`, { carrier: '顺丰速运', trackingNumber: 'SF1234567890' }, { token: shop.owner.token, headers: key() })).status).toBe(200);
    const dispute = await t.http.post('/disputes', { orderId, category: 'quality', description: '收到时外壳已碎', claim: { refund: 12_900 } }, { token: buyer.token, headers: key() });
    expect(dispute.status, dispute.text).toBe(201);
    const group = await t.http.post('/group-buys', { skuId: product.skus[0].id, quantity: 1, addressId }, { token: buyer.token, headers: key() });
    expect(group.status, group.text).toBe(201);
    const bargain = await t.http.post('/bargains', { skuId: product.skus[0].id }, { token: buyer.token, headers: key() });
    expect(bargain.status, bargain.text).toBe(201);
    // A second, paid order with a refund-only request: the after-sales pages and the review form's ids.
    const second = await t.http.post('/orders', { addressId, items: [{ skuId: product.skus[0].id, quantity: 1 }] }, { token: buyer.token, headers: key() });
    expect(second.status, second.text).toBe(201);
    expect((await t.http.post(`/orders/${second.body.order.id}/pay`, { pin: PIN }, { token: buyer.token, headers: key() })).status).toBe(200);
    const afterSale = await t.http.post(`/orders/${second.body.order.id}/after-sales`, { type: 'refund_only', reason: 'not_received' }, { token: buyer.token, headers: key() });
    expect(afterSale.status, afterSale.text).toBe(201);
    // A chat with the shop (issue 18): the conversation page's id.
    const conversation = await t.http.post(`/operators/${shop.id}/conversations`, {}, { token: buyer.token, headers: key() });
    expect(conversation.status, conversation.text).toBe(200);
    const question = await t.http.post(`/conversations/${conversation.body.conversation.id}/messages`, { kind: 'text', text: '请问有现货吗？' }, { token: buyer.token, headers: key() });
    expect(question.status, question.text).toBe(201);
    Object.assign(ids, {
      conversationId: conversation.body.conversation.id,
      afterSaleId: afterSale.body.request.id,
      requestId: afterSale.body.request.id,
      itemId: order.body.order.items[0].id,
      productId: product.id,
      operatorId: shop.id,
      noteId: note.id,
      orderId,
      disputeId: dispute.body.dispute.id,
      groupId: group.body.groupBuy.id,
      bargainId: bargain.body.bargain.id,
      userId: buyer.id,
    });
  }, 120_000);

  /** The page's URL with real ids; `*` (not found) gets a path no route has. */
  const concrete = (route: string) =>
    route.replace('*', 'no-such-page').replace(/:([A-Za-z]+)/g, (_match, name: string) => {
      const id = ids[name];
      if (!id) throw new Error(`the CSP walk has no id for :${name} (${route}): add one to its beforeAll`);
      return id;
    });

  /** Who a signed-in visit is as: the page's own audience. */
  const audience = (route: string): GivenUser => {
    if (route.startsWith('/admin')) return admin;
    if (route.startsWith('/regulator')) return regulator;
    if (route.startsWith('/shop') || route.startsWith('/operator')) return shop.owner;
    return buyer;
  };

  /**
   * A page whose CSP violations land in `violations`: the `securitypolicyviolation`
   * event, from before any script of the page runs, and Chromium's console messages.
   */
  async function watchedPage(token: string | undefined, violations: string[]): Promise<Page> {
    const { page } = await rig.page(token ? { token } : {});
    await page.exposeFunction('reportCspViolation', (text: string) => violations.push(`${page.url()}: ${text}`));
    // Browser code as text: the test files are compiled without the DOM's types.
    await page.addInitScript(`document.addEventListener('securitypolicyviolation', (event) => {
      window.reportCspViolation(event.effectiveDirective + ' blocked ' + (event.blockedURI || 'inline') + ' at ' + event.sourceFile + ':' + event.lineNumber);
    });`);
    page.on('console', (message) => {
      if (/Content Security Policy|Permissions-Policy|Refused to/i.test(message.text())) violations.push(`${page.url()}: console: ${message.text()}`);
    });
    return page;
  }

  /** Tabs visiting pages side by side. */
  const TABS = 4;

  async function visit(page: Page, url: string): Promise<void> {
    const response = await page.goto(url, { waitUntil: 'networkidle' });
    expect(response?.headers()['content-security-policy'] ?? 'no Content-Security-Policy', url).toContain("default-src 'self'");
    // Late work: images, QR codes drawn after data arrives, charts.
    await page.waitForTimeout(200);
  }

  it('hears a violation when there is one (an inline script)', { timeout: 30_000 }, async () => {
    const violations: string[] = [];
    const page = await watchedPage(undefined, violations);
    await visit(page, `${rig.app.url}/`);
    await page.evaluate(`{
      const script = document.createElement('script');
      script.textContent = 'window.__ran = true';
      document.body.append(script);
    }`);
    await expect.poll(() => violations.length).toBeGreaterThan(0);
    expect(await page.evaluate('window.__ran')).toBeUndefined();
  });

  it('every router page, signed out and signed in as its audience, raises no violation', { timeout: 300_000 }, async () => {
    const routes = routerPaths();
    // The router is read whole: pages of every kind are in the list.
    for (const route of ['/', '/login', '/me/passkeys', '/wallet/top-up', '/admin/reports', '/regulator', '/products/:productId', '/group-buys/:groupId', '/bargains/:bargainId', '/orders/:orderId', '/*']) {
      expect(routes).toContain(route);
    }
    const violations: string[] = [];
    // A few tabs take the pages from one queue: a visit mostly waits for the network to go quiet.
    const queue = [...routes];
    const tab = async () => {
      const signedOut = await watchedPage(undefined, violations);
      const signedIn = new Map<GivenUser, Page>();
      for (let route = queue.shift(); route !== undefined; route = queue.shift()) {
        const url = `${rig.app.url}${concrete(route)}`;
        await visit(signedOut, url);
        const user = audience(route);
        if (!signedIn.has(user)) signedIn.set(user, await watchedPage(user.token, violations));
        await visit(signedIn.get(user)!, url);
      }
    };
    await Promise.all(Array.from({ length: TABS }, tab));
    expect(violations).toEqual([]);
  });

  it('/docs, the group-buy and the bargain share pages raise no violation', { timeout: 60_000 }, async () => {
    const violations: string[] = [];
    const page = await watchedPage(undefined, violations);
    await visit(page, `${rig.app.url}/docs`);
    await expect.poll(() => page.locator('.opblock').count(), { timeout: 15_000 }).toBeGreaterThan(10);
    await visit(page, `${rig.app.url}/g/${ids.groupId}`);
    expect(await page.locator('.qr svg').count()).toBe(1);
    // The inline stylesheet applied (allowed by its hash): the price is the page's red.
    expect(await page.evaluate(`getComputedStyle(document.querySelector('.price')).color`)).toBe('rgb(224, 52, 43)');
    await visit(page, `${rig.app.url}/b/${ids.bargainId}`);
    expect(await page.locator('figure svg').count()).toBe(1);
    expect(violations).toEqual([]);
  });
});
