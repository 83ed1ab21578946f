/**
 * Accessibility of every top-level page (issue 16 item 13): axe-core, injected
 * through playwright-core, finds no serious or critical violation on any route of
 * web/src/app/App.tsx, each visited as the person who would see it: signed out, a
 * buyer with an order in dispute, a note's author, a shop owner, a service provider,
 * an admin and a regulator. Phone viewport everywhere; home and the admin pages
 * also at 1366×768. Each person keeps one browser context across their pages.
 *
 * The violations of all pages are gathered and reported together, with axe's rule,
 * its help text and the offending elements' selectors.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.js';
import { axeViolations, formatViolations } from '../support/axe.js';
import { journeyRig, RUN_BROWSER, UI_TIMEOUT, warnIfSkipped } from '../support/browser.js';
import { given, type GivenOperator, type GivenUser } from '../support/given.js';

const PIN = '258036';
const DESKTOP = { width: 1366, height: 768 };

warnIfSkipped('the accessibility check of every page is');

describe.skipIf(!RUN_BROWSER)('every page passes axe-core (no serious or critical violations)', () => {
  const rig = journeyRig();
  let t: TestApp;
  let admin: GivenUser;
  let regulator: GivenUser;
  let shop: GivenOperator;
  let provider: { id: string; owner: GivenUser };
  let buyer: GivenUser;
  let author: GivenUser;
  const ids = { product: '', note: '', groupBuy: '', bargain: '', order: '', unpaid: '', dispute: '', received: '', receivedItem: '', conversation: '' };

  async function post(user: GivenUser, path: string, body?: unknown) {
    const res = await t.http.post(path, body, { token: user.token, headers: { 'idempotency-key': randomUUID() } });
    expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
    return res.body;
  }

  beforeAll(async () => {
    t = rig.app;
    admin = await given.admin(t);
    regulator = await given.user(t, { viaSms: false, displayName: '监管员' });
    await post(admin, `/admin/users/${regulator.id}/roles`, { role: 'regulator', granted: true });
    shop = await given.operator(t, admin, { viaSms: false });
    provider = await given.serviceProvider(t, admin);
    // Applications waiting for review, so the admin's queues show their cards.
    await given.operator(t, admin, { viaSms: false, approve: false, shopName: '待审小店' });
    await given.serviceProvider(t, admin, { approve: false });
    const product = await given.product(t, shop, {
      title: '手工竹编收纳篮',
      skus: [
        { name: '大号', price: 12_900, stock: 20, groupPrice: 9_900, groupSize: 2, bargainFloor: 6_900, maxHelpers: 5 },
        { name: '小号', price: 3_900, stock: 20 },
      ],
    });
    ids.product = product.id;
    const skuId = product.skus[0].id as string;
    author = await given.user(t, { viaSms: false, displayName: '小红薯' });
    ids.note = (await given.note(t, author, [[product.id]])).id;

    buyer = await given.user(t, { pin: PIN, viaSms: false, displayName: '买家小王' });
    await given.funds(t, buyer, 100_000);
    const addressId = await given.address(t, buyer);
    const { order } = await post(buyer, '/orders', { items: [{ skuId, quantity: 1 }], addressId });
    ids.order = order.id;
    await post(buyer, `/orders/${order.id}/pay`, { pin: PIN });
    await post(shop.owner, `/orders/${order.id}/ship`, { carrier: '顺丰速运', trackingNumber: 'SF1234567890' });
    const { dispute } = await post(buyer, '/disputes', { orderId: order.id, category: 'quality', claim: { refund: 12_900 }, description: '收到时外壳已碎' });
    ids.dispute = dispute.id;
    await post(buyer, `/disputes/${dispute.id}/escalate`);
    const group = await post(buyer, '/group-buys', { skuId, quantity: 1, addressId });
    await post(buyer, `/orders/${group.order.id}/pay`, { pin: PIN });
    ids.groupBuy = group.groupBuy.id;
    ids.bargain = (await post(buyer, '/bargains', { skuId })).bargain.id;
    ids.unpaid = (await post(buyer, '/orders', { items: [{ skuId: product.skus[1].id, quantity: 1 }], addressId })).order.id;
    // A received order, so its item has the review form (issue 17).
    const received = (await post(buyer, '/orders', { items: [{ skuId: product.skus[1].id, quantity: 1 }], addressId })).order;
    await post(buyer, `/orders/${received.id}/pay`, { pin: PIN });
    await post(shop.owner, `/orders/${received.id}/ship`, { carrier: '顺丰速运', trackingNumber: 'SF1234567891' });
    await post(buyer, `/orders/${received.id}/confirm-receipt`);
    [ids.received, ids.receivedItem] = [received.id, received.items[0].id];
    // A chat with the shop holding a card, a question and the shop's answer (issue 18).
    ids.conversation = (await post(buyer, `/operators/${shop.id}/conversations`)).conversation.id;
    await post(buyer, `/conversations/${ids.conversation}/messages`, { kind: 'product', productId: product.id });
    await post(buyer, `/conversations/${ids.conversation}/messages`, { kind: 'text', text: '请问大号有现货吗？' });
    await post(shop.owner, `/conversations/${ids.conversation}/messages`, { kind: 'text', text: '有的，今天下单明天发货。' });
  }, 120_000);

  /** axe's findings on the page as it is now, once `ready` (a test id, else the page's heading) shows and nothing is loading. */
  async function judge(page: Page, where: string, ready?: string): Promise<string[]> {
    await page.locator(ready ? `[data-testid="${ready}"]` : 'main h1').first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
    await expect.poll(() => page.getByTestId('loading').count(), { timeout: UI_TIMEOUT }).toBe(0);
    const violations = await axeViolations(page);
    return violations.length > 0 ? [formatViolations(where, violations)] : [];
  }

  /** Visits each path in one context and gathers axe's findings (a path may name its own ready test id). */
  async function check(page: Page, paths: Array<string | [string, string]>, label = ''): Promise<string[]> {
    const found: string[] = [];
    for (const entry of paths) {
      const [path, ready] = typeof entry === 'string' ? [entry, undefined] : entry;
      await page.goto(`${t.url}${path}`);
      found.push(...(await judge(page, `${label}${path}`, ready)));
    }
    return found;
  }
  const report = (found: string[]) => expect(found.join('\n\n')).toBe('');

  it('signed out: home, search, a note, a product, a shop, a group buy, a bargain, a profile, the cart, sign-in and sign-up, the rules, not found', { timeout: 90_000 }, async () => {
    const { page } = await rig.page();
    const found = await check(page, [
      ['/', 'note-card'],
      ['/search?q=%E7%AB%B9%E7%BC%96', 'search-page'],
      `/notes/${ids.note}`,
      `/products/${ids.product}`,
      [`/products/${ids.product}/reviews`, 'product-reviews-page'],
      `/shops/${shop.id}`,
      `/group-buys/${ids.groupBuy}`,
      `/bargains/${ids.bargain}`,
      `/users/${author.id}`,
      '/cart',
      '/login',
      '/register',
      '/dispute-rules',
      '/deposit-rule',
      '/no-such-page',
    ]);
    const desktop = await rig.page();
    await desktop.page.setViewportSize(DESKTOP);
    found.push(...(await check(desktop.page, [['/', 'note-card']], '1366×768 ')));
    report(found);

    // The first Tab reaches the skip link, which takes the keyboard past the top bar into the page.
    // goto resolves on load, which can precede React's first render: wait for the link itself.
    await page.goto(`${t.url}/login`);
    await page.getByTestId('skip-link').waitFor({ state: 'attached' });
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement?.dataset.testid')).toBe('skip-link');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate('document.activeElement?.id')).toBe('main');
  });

  it('a buyer: me and its pages, messages and a chat with the shop, wallet, orders, my after-sales, an order, its dispute, a received order and its review form, checkout with an item, a new note', { timeout: 120_000 }, async () => {
    const { page } = await rig.page({ token: buyer.token });
    await page.goto(`${t.url}/products/${ids.product}`);
    await page.getByTestId('product-add-to-cart').click();
    const found = await check(page, [
      '/checkout',
      ['/', 'note-card'],
      '/me',
      '/me/phone',
      '/me/identity',
      '/me/payment-pin',
      '/me/totp',
      '/me/passkeys',
      '/me/privacy',
      '/me/privacy/delete',
      '/me/disputes',
      '/me/after-sales',
      '/me/notifications',
      ['/messages', 'conversation-item'],
      [`/messages/${ids.conversation}?product=${ids.product}`, 'chat-message'],
      '/wallet',
      '/wallet/top-up',
      '/wallet/withdraw',
      '/orders',
      `/orders/${ids.order}`,
      `/orders/${ids.order}/dispute`,
      `/disputes/${ids.dispute}`,
      `/orders/${ids.received}`,
      [`/orders/${ids.received}/items/${ids.receivedItem}/review`, 'review-form'],
      '/notes/new',
    ]);
    const writer = await rig.page({ token: author.token });
    found.push(...(await check(writer.page, [`/notes/${ids.note}/edit`])));
    report(found);
  });

  it('a shop owner and a service provider: the shop console, the product editor, their dispute inboxes, the shop’s reviews', { timeout: 90_000 }, async () => {
    const owner = await rig.page({ token: shop.owner.token });
    const found = await check(owner.page, ['/shop', '/shop/orders', '/shop/products', '/shop/deposit', '/shop/products/new', `/shop/products/${ids.product}/edit`, '/shop/disputes', '/shop/reviews', '/shop/after-sales', '/shop/settings', '/shop/inbox', '/shop/quick-replies', '/shop/staff']);
    const partner = await rig.page({ token: provider.owner.token });
    found.push(...(await check(partner.page, ['/service-provider', '/provider/disputes'])));
    report(found);
  });

  it('the states between pages: field errors, an error banner, starting a group, a cart with an item, an order awaiting the PIN, the top-up sheet, the English texts', { timeout: 90_000 }, async () => {
    const { page } = await rig.page();
    await page.goto(`${t.url}/login`);
    await page.getByTestId('login-submit').click();
    const found = await judge(page, '/login with field errors', 'phone-error');
    await page.locator('#field-phone').fill(buyer.phone);
    await page.locator('#field-password').fill('not-the-password-1');
    await page.getByTestId('login-submit').click();
    found.push(...(await judge(page, '/login refused', 'form-error')));

    const paying = await rig.page({ token: buyer.token });
    await paying.page.goto(`${t.url}/products/${ids.product}`);
    await paying.page.getByTestId('product-group-start').click();
    found.push(...(await judge(paying.page, 'the product page starting a group', 'group-start-confirm')));
    await paying.page.getByTestId('product-add-to-cart').click();
    found.push(...(await check(paying.page, [['/cart', 'cart-line']], 'with an item ')));
    found.push(...(await check(paying.page, [[`/orders/${ids.unpaid}`, 'pay-sheet']], 'awaiting payment ')));
    await paying.page.goto(`${t.url}/wallet/top-up`);
    await paying.page.locator('#field-amount').fill('100');
    await paying.page.getByTestId('top-up-submit').click();
    found.push(...(await judge(paying.page, '/wallet/top-up with the payment sheet', 'sandbox-sheet')));

    const english = await rig.page({ token: buyer.token });
    await english.context.addInitScript("localStorage.setItem('agora.language', 'en')");
    found.push(...(await check(english.page, [['/', 'note-card'], `/products/${ids.product}`, '/me', '/wallet', `/orders/${ids.order}`], 'en ')));
    report(found);
  });

  it('an admin (phone and 1366×768) and a regulator: the consoles', { timeout: 120_000 }, async () => {
    const adminPages = ['/admin', '/admin/review', '/admin?tab=providers', '/admin?status=approved', '/admin/disputes', `/admin/disputes/${ids.dispute}`, '/admin/reports', '/admin/audit-log', '/admin/review-appeals', '/admin/chat-reports'];
    const phone = await rig.page({ token: admin.token });
    const found = await check(phone.page, adminPages);
    const desktop = await rig.page({ token: admin.token });
    await desktop.page.setViewportSize(DESKTOP);
    found.push(...(await check(desktop.page, adminPages, '1366×768 ')));
    const watcher = await rig.page({ token: regulator.token });
    found.push(...(await check(watcher.page, ['/regulator'])));
    report(found);
  });
});
