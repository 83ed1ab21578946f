/**
 * The consoles on a desktop (1366×768) and on a phone (390×844), in Chromium (issue 16
 * items 10, 11): the admin console's side navigation, its audit log as a table sorted
 * by a header click (aria-sort) and paged over the API's cursor, actions in words; a
 * dispute case's money log explaining each line, the receipt's confirmed hold marked as
 * no second charge; the shop console's orders as a sortable table on its own route; the
 * old addresses redirect; on a phone the same consoles keep a menu row and stacked rows.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { given, type GivenOperator, type GivenUser } from '../support/given.js';
import { journeyRig, RUN_BROWSER, SCREENSHOTS, screenshotter, see, UI_TIMEOUT, warnIfSkipped } from '../support/browser.js';

const PIN = '258036';
const screenshot = screenshotter('consoles-', { fromTop: true });
const PRICES = [12_900, 3_900, 25_800];

warnIfSkipped('the desktop consoles journey is');

/** The visible rows' values of one attribute, top to bottom. */
const rowsOf = (page: Page, testId: string, attribute: string) =>
  page.locator(`[data-testid="${testId}"]`).evaluateAll((rows, name) => rows.map((row) => row.getAttribute(name as string) ?? ''), attribute);

describe.skipIf(!RUN_BROWSER)('the consoles in Chromium, desktop and phone', () => {
  const rig = journeyRig();
  let admin: GivenUser;
  let shop: GivenOperator;
  let disputeId: string;
  let oldest: string;
  let entries: number;

  beforeAll(async () => {
    const t = rig.app;
    const as = (user: GivenUser) => ({ token: user.token, headers: { 'idempotency-key': randomUUID() } });
    admin = await given.admin(t);
    shop = await given.operator(t, admin, { viaSms: false, shopName: '小龙手作' });
    const product = await given.product(t, shop, { skus: PRICES.map((price, i) => ({ name: `规格${i + 1}`, price, stock: 10 })) });
    const buyer = await given.user(t, { pin: PIN, viaSms: false });
    await given.funds(t, buyer, 100_000);
    const addressId = await given.address(t, buyer);
    const orderIds: string[] = [];
    for (const sku of product.skus as { id: string }[]) {
      const order = await t.http.post('/orders', { addressId, items: [{ skuId: sku.id, quantity: 1 }] }, as(buyer));
      expect(order.status, order.text).toBe(201);
      expect((await t.http.post(`/orders/${order.body.order.id}/pay`, { pin: PIN }, as(buyer))).status).toBe(200);
      orderIds.push(order.body.order.id);
    }
    // The first order is shipped and received, then disputed: its money log has the payment, the receipt and the settlement.
    const first = orderIds[0]!;
    expect((await t.http.post(`/orders/${first}/ship`, { carrier: '顺丰速运', trackingNumber: 'SF1234567890' }, as(shop.owner))).status).toBe(200);
    const received = await t.http.post(`/orders/${first}/confirm-receipt`, undefined, as(buyer));
    expect(received.status, received.text).toBe(200);
    const opened = await t.http.post('/disputes', { orderId: first, category: 'quality', claim: { refund: 5_000, compensation: 0 }, description: '做工有问题。' }, as(buyer));
    expect(opened.status, opened.text).toBe(201);
    disputeId = opened.body.dispute.id;
    // Sixty audited reads: more than one page of the API (50), so the table's third page fetches the next cursor.
    const today = t.clock.now().toISOString().slice(0, 10);
    for (let i = 0; i < 60; i++) expect((await t.http.get(`/admin/reports/summary?from=${today}&to=${today}`, { token: admin.token })).status).toBe(200);
    expect((await t.http.get(`/admin/users/${buyer.id}/personal-data?purpose=${encodeURIComponent('核实投诉 ticket 7')}`, { token: admin.token })).status).toBe(200);
    const log = await t.http.get('/admin/audit-log?limit=100', { token: admin.token });
    expect(log.body.nextCursor).toBeNull();
    entries = log.body.items.length;
    expect(entries).toBeGreaterThan(50);
    expect(entries).toBeLessThanOrEqual(75);
    oldest = log.body.items.at(-1).action;
    expect(log.body.items[0].action).toBe('personal_data.read');
  }, 180_000);

  it('admin console at 1366×768: side navigation, the audit log sorted by a header and paged, actions in words', { timeout: 90_000 }, async () => {
    const { page } = await rig.page({ token: admin.token, desktop: true });
    // The old address of the console leads to its review section, query and all.
    await page.goto(`${rig.app.url}/admin?tab=providers`);
    await page.waitForURL('**/admin/review?tab=providers');
    const nav = page.getByTestId('console-nav');
    await nav.waitFor();
    const navBox = (await nav.boundingBox())!;
    const mainBox = (await page.locator('.console-main').boundingBox())!;
    // Beside the section, not above it, and the console uses the width of the screen.
    expect(navBox.x + navBox.width).toBeLessThanOrEqual(mainBox.x);
    expect(Math.abs(navBox.y - mainBox.y)).toBeLessThan(40);
    expect(mainBox.width).toBeGreaterThan(800);
    expect(await page.getByTestId('admin-tab-providers').getAttribute('aria-selected')).toBe('true');

    await page.getByTestId('console-audit-log').click();
    await page.waitForURL('**/admin/audit-log');
    expect(await page.getByTestId('console-audit-log').getAttribute('aria-current')).toBe('page');
    await expect.poll(() => page.getByTestId('audit-entry').count(), { timeout: UI_TIMEOUT }).toBe(25);
    await see(page, 'page-number', '第 1 页，共 2+ 页');
    // Newest first as the API sends it; no code on the screen.
    const table = page.getByTestId('audit-entries');
    expect(await table.innerText()).not.toContain('reports.summary.read');
    expect(await table.innerText()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    await see(page, 'audit-action', '查看个人信息');
    expect(await table.innerText()).toContain('核实投诉 ticket 7');
    await screenshot(page, 'desktop-audit-log');

    // Paging: pages 1–2 are the API's first 50 entries; page 3 fetches the next cursor page.
    await page.getByTestId('page-next').click();
    await see(page, 'page-number', '第 2 页，共 2+ 页');
    expect(await page.getByTestId('audit-entry').count()).toBe(25);
    await page.getByTestId('page-next').click();
    await see(page, 'page-number', '第 3 页，共 3 页');
    await expect.poll(() => page.getByTestId('audit-entry').count(), { timeout: UI_TIMEOUT }).toBe(entries - 50);
    expect(await page.getByTestId('page-next').isDisabled()).toBe(true);
    await page.getByTestId('page-previous').click();
    await see(page, 'page-number', '第 2 页，共 3 页');

    // A header click sorts (all rows loaded so far) and says so; again reverses it.
    const header = page.locator('th', { has: page.getByTestId('sort-at') });
    expect(await header.getAttribute('aria-sort')).toBe('none');
    await page.getByTestId('sort-at').click();
    expect(await header.getAttribute('aria-sort')).toBe('ascending');
    await see(page, 'page-number', '第 1 页');
    // The oldest entry (the shop's approval, as the API says) now comes first.
    expect((await rowsOf(page, 'audit-entry', 'data-action'))[0]).toBe(oldest);
    await page.getByTestId('sort-at').click();
    expect(await header.getAttribute('aria-sort')).toBe('descending');
    expect((await rowsOf(page, 'audit-entry', 'data-action'))[0]).toBe('personal_data.read');
    // Sorting by the action's words puts the same actions together.
    await page.getByTestId('sort-action').click();
    expect(await page.locator('th', { has: page.getByTestId('sort-action') }).getAttribute('aria-sort')).toBe('ascending');
    expect(await header.getAttribute('aria-sort')).toBe('none');

    // The action filter offers words and filters by the code.
    await page.getByTestId('audit-filter-action').selectOption('personal_data.read');
    await page.getByTestId('audit-apply').click();
    await page.waitForURL('**/admin/audit-log?action=personal_data.read');
    await expect.poll(() => page.getByTestId('audit-entry').count(), { timeout: UI_TIMEOUT }).toBe(1);
    await screenshot(page, 'desktop-audit-filtered');
  });

  it("admin console: a dispute case's money log explains each line, the receipt's confirmed hold is no second charge", { timeout: 60_000 }, async () => {
    const { page } = await rig.page({ token: admin.token, desktop: true });
    await page.goto(`${rig.app.url}/admin/disputes`);
    await page.getByTestId('dispute-row-link').first().click();
    await page.waitForURL(`**/admin/disputes/${disputeId}`);
    const line = (code: string) => page.locator(`[data-testid="dispute-ledger-line"][data-code="${code}"]`);
    await line('order_receipt').waitFor();
    expect(await line('order_payment').getAttribute('data-effect')).toBe('out');
    expect(await line('order_payment').innerText()).toContain('买家付款进入担保');
    expect(await line('order_payment').getByTestId('ledger-line-amount').innerText()).toBe('−¥129.00');
    expect(await line('order_receipt').getAttribute('data-effect')).toBe('held');
    expect(await line('order_receipt').innerText()).toContain('不再另扣买家');
    expect(await line('order_receipt').getByTestId('ledger-line-amount').innerText()).toBe('¥129.00');
    expect(await line('order_settlement').innerText()).toContain('确认收货：担保转给商家');
    expect(await line('order_settlement').getByTestId('ledger-line-direction').innerText()).toBe('平台担保 → 商家应收款');
    expect(await page.getByTestId('dispute-ledger').innerText()).not.toMatch(/order_receipt|platform_escrow|user_wallet/);
    // Ordered by time; a click on the amount header orders by amount.
    await page.getByTestId('sort-amount').click();
    const amounts = (await rowsOf(page, 'dispute-ledger-line', 'data-amount')).map(Number);
    expect(amounts).toEqual([...amounts].sort((a, b) => a - b));
    await page.getByTestId('dispute-ledger').scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'consoles-desktop-money-log.png') });
  });

  it('shop console at 1366×768: sections on their own routes, orders sorted by total; old addresses redirect', { timeout: 60_000 }, async () => {
    const { page } = await rig.page({ token: shop.owner.token, desktop: true });
    await page.goto(`${rig.app.url}/shop`);
    await page.getByTestId('console-nav').waitFor();
    await see(page, 'operator-status-label', '已通过');
    await screenshot(page, 'desktop-shop-overview');
    await page.getByTestId('console-orders').click();
    await page.waitForURL('**/shop/orders');
    await expect.poll(() => page.getByTestId('shop-order').count(), { timeout: UI_TIMEOUT }).toBe(3);
    await page.getByTestId('sort-total').click();
    const sorted = await page.locator('[data-testid="shop-order"] .price').allInnerTexts();
    expect(sorted).toEqual(['¥39.00', '¥129.00', '¥258.00']);
    // The paid orders carry their shipping form in the row's details.
    expect(await page.getByTestId('shop-ship').count()).toBe(2);
    await screenshot(page, 'desktop-shop-orders');

    await page.getByTestId('console-deposit').click();
    await page.waitForURL('**/shop/deposit');
    await page.getByTestId('shop-deposit').waitFor();
    await page.goto(`${rig.app.url}/operator/disputes`);
    await page.waitForURL('**/shop/disputes');
    await page.getByTestId('dispute-inbox-operator').waitFor();
    expect(await page.getByTestId('console-disputes').getAttribute('aria-current')).toBe('page');
  });

  it('on a phone (390×844) the consoles stay usable: a menu row above the section, rows stacked, no sideways scroll', { timeout: 60_000 }, async () => {
    const noSidewaysScroll = (page: Page) => page.evaluate('document.documentElement.scrollWidth <= window.innerWidth');
    const { page } = await rig.page({ token: admin.token });
    await page.goto(`${rig.app.url}/admin/audit-log`);
    await expect.poll(() => page.getByTestId('audit-entry').count(), { timeout: UI_TIMEOUT }).toBe(25);
    const nav = (await page.getByTestId('console-nav').boundingBox())!;
    const main = (await page.locator('.console-main').boundingBox())!;
    expect(nav.y + nav.height).toBeLessThanOrEqual(main.y + 1);
    expect(await noSidewaysScroll(page)).toBe(true);
    // A row is a card: its cells labelled, one under the other.
    expect(await page.getByTestId('audit-entry').first().evaluate((row) => row.ownerDocument.defaultView!.getComputedStyle(row).display)).toBe('block');
    await page.getByTestId('sort-at').click();
    expect(await page.locator('th', { has: page.getByTestId('sort-at') }).getAttribute('aria-sort')).toBe('ascending');
    // Sorted are the rows loaded (the API's first 50): the oldest of them is one of the report reads.
    await expect.poll(async () => (await rowsOf(page, 'audit-entry', 'data-action'))[0], { timeout: UI_TIMEOUT }).toBe('reports.summary.read');
    // The first screen only: the whole log is a very long page.
    await page.screenshot({ path: path.join(SCREENSHOTS, 'consoles-phone-audit-log.png') });
    // The menu row leads to the other sections.
    await page.getByTestId('console-disputes').click();
    await page.waitForURL('**/admin/disputes');
    await page.getByTestId('dispute-row').first().waitFor();

    const { page: owner } = await rig.page({ token: shop.owner.token });
    await owner.goto(`${rig.app.url}/shop/orders`);
    await expect.poll(() => owner.getByTestId('shop-order').count(), { timeout: UI_TIMEOUT }).toBe(3);
    expect(await noSidewaysScroll(owner)).toBe(true);
    await owner.getByTestId('sort-total').click();
    expect(await owner.locator('[data-testid="shop-order"] .price').allInnerTexts()).toEqual(['¥39.00', '¥129.00', '¥258.00']);
    await screenshot(owner, 'phone-shop-orders');
  });
});
