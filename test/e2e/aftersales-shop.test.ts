/**
 * The shop's side of after-sales in the browser (API.md "Reviews, tracking, after-sales";
 * RULES.md R9, R10): a buyer asks to return a received order (API) → the shop, which has no
 * return address yet, is sent to settings and adds one there (a mainland mobile number
 * checked before sending) → approves in its 售后 inbox → the buyer sends the goods back (API)
 * → the shop clicks 确认收货并退款 → the request is 已退款 and the buyer's wallet went up by
 * exactly the amount. Then bulk approval of two requests, with a third that cannot be
 * approved saying why in its own row; and axe on the inbox, a request and the settings in
 * zh-CN and English, at 1366×768 and on a phone.
 *
 * Same rig as the other journeys: Debian's Chromium through playwright-core against a real
 * Agora on PGlite; orders and the buyer's steps go over HTTP, the shop's through its pages.
 * Screenshots go to test-results/aftersales-shop-*.png; the books are checked after each journey.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.js';
import { axeViolations, formatViolations, type AxeViolation } from '../support/axe.js';
import { journeyRig, RUN_BROWSER, screenshotter, see, UI_TIMEOUT, UUID_V4, warnIfSkipped } from '../support/browser.js';
import { given, type GivenOperator, type GivenUser } from '../support/given.js';

const screenshot = screenshotter('aftersales-shop-', { fromTop: true });
const PIN = '258036';
const FUNDS = 100_000;
const PRICE = 12_900;

warnIfSkipped('the shop after-sales browser journey is');

describe.skipIf(!RUN_BROWSER)('the shop console’s after-sales in Chromium', () => {
  const rig = journeyRig();
  let t: TestApp;
  let admin: GivenUser;
  beforeAll(async () => {
    t = rig.app;
    admin = await given.admin(t);
  });

  /** A POST through the API with its Idempotency-Key; the answer's body. */
  async function post(user: GivenUser, path: string, body?: unknown) {
    const res = await t.http.post(path, body, { token: user.token, headers: { 'idempotency-key': randomUUID() } });
    expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
    return res.body;
  }
  async function get(user: GivenUser, path: string) {
    const res = await t.http.get(path, { token: user.token });
    expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(200);
    return res.body;
  }

  /** A shop with one product, and a buyer with money, a PIN and an address. */
  async function shopAndBuyer(displayName: string): Promise<{ shop: GivenOperator; skuId: string; buyer: GivenUser; addressId: string }> {
    const shop = await given.operator(t, admin, { viaSms: false });
    const product = await given.product(t, shop, { title: '纯棉条纹衬衫', skus: [{ name: 'M 码', price: PRICE, stock: 20 }] });
    const buyer = await given.user(t, { pin: PIN, viaSms: false, displayName });
    await given.funds(t, buyer, FUNDS);
    const addressId = await given.address(t, buyer);
    return { shop, skuId: product.skus[0].id as string, buyer, addressId };
  }

  /** An order paid, shipped and received: every after-sales type is open to it (R9's window starts at receipt). */
  async function receivedOrder(shop: GivenOperator, buyer: GivenUser, skuId: string, addressId: string): Promise<{ id: string; number: string }> {
    const { order } = await post(buyer, '/orders', { items: [{ skuId, quantity: 1 }], addressId });
    await post(buyer, `/orders/${order.id}/pay`, { pin: PIN });
    await post(shop.owner, `/orders/${order.id}/ship`, { carrier: '顺丰速运', trackingNumber: `SF${Date.now()}`.slice(0, 14) });
    await post(buyer, `/orders/${order.id}/confirm-receipt`);
    return { id: order.id as string, number: order.number as string };
  }

  const rowOf = (page: Page, requestId: string) => page.locator(`[data-testid="after-sale-row"][data-request-id="${requestId}"]`);

  it('a return: no return address → added in settings → approved → the goods come back → 确认收货并退款 → 已退款, the wallet up by the amount', { timeout: 180_000 }, async () => {
    const { shop, skuId, buyer, addressId } = await shopAndBuyer('退货的买家');
    const order = await receivedOrder(shop, buyer, skuId, addressId);
    const walletBefore = (await get(buyer, '/wallet')).balance as number;
    const { request } = await post(buyer, `/orders/${order.id}/after-sales`, { type: 'return_refund', reason: 'no_reason', description: '尺码偏小，想退货。' });
    expect(request).toMatchObject({ status: 'requested', type: 'return_refund', amount: PRICE });

    // 1. The inbox, at a desktop's width: the request with the buyer's name, never a phone or an address.
    const { page: s, posts } = await rig.page({ token: shop.owner.token, desktop: true });
    await s.goto(`${t.url}/shop`);
    await s.getByTestId('console-after-sales').click();
    await s.waitForURL('**/shop/after-sales');
    const row = rowOf(s, request.id);
    await row.waitFor();
    expect(await row.getByTestId('after-sale-link').innerText()).toBe(order.number);
    expect(await row.getByTestId('after-sale-buyer').innerText()).toBe('退货的买家');
    expect(await row.getByTestId('after-sale-type').innerText()).toBe('退货退款');
    expect(await row.getByTestId('after-sale-reason').innerText()).toBe('七天无理由退货');
    expect(await row.getByTestId('after-sale-amount').innerText()).toBe('¥129.00');
    // 48 h for the shop's answer (else approved automatically).
    expect(await row.getByTestId('after-sale-deadline').innerText()).toMatch(/剩余 [12] 天 \d+ 小时/);
    const shown = await s.locator('body').innerText();
    expect(shown).not.toContain(buyer.phone);
    expect(shown).not.toContain('13912345678');
    expect(shown).not.toContain('建国路');
    expect(shown).not.toContain(request.id);
    await screenshot(s, '01-inbox');

    // 2. The request: approving a return needs a return address, and the page says where to add one.
    await row.getByTestId('after-sale-link').click();
    await s.waitForURL(`**/shop/after-sales/${request.id}`);
    await see(s, 'after-sale-status', '待处理');
    await see(s, 'after-sale-description', '尺码偏小');
    await see(s, 'after-sale-timeline', '买家申请售后');
    await see(s, 'after-sale-no-address', '还没有退货地址');
    expect(await s.getByTestId('after-sale-approve').isDisabled()).toBe(true);
    await screenshot(s, '02-request-no-address');
    await s.getByTestId('after-sale-add-address').click();
    await s.waitForURL('**/shop/settings');
    await see(s, 'return-addresses-empty', '还没有退货地址');

    // 3. Settings → 退货地址: checked before sending like the buyer's address form, then saved as the default.
    await s.getByTestId('return-address-add').click();
    await s.getByTestId('return-address-save').click();
    await see(s, 'recipient-error', '请填写收件人');
    await s.getByTestId('return-address-recipient').fill('仓库 李师傅');
    await s.getByTestId('return-address-phone').fill('2345678901');
    await s.getByTestId('return-address-region').fill('浙江省 杭州市 余杭区');
    await s.getByTestId('return-address-line').fill('仓前街道 88 号 2 号仓');
    await s.getByTestId('return-address-save').click();
    await see(s, 'phone-error', '请输入 11 位中国大陆手机号');
    expect(posts.filter((sent) => sent.path === `/operators/${shop.id}/return-addresses`)).toHaveLength(0);
    await s.getByTestId('return-address-phone').fill('13700001111');
    await s.getByTestId('return-address-save').click();
    await see(s, 'return-address', '仓库 李师傅');
    await see(s, 'return-address-is-default', '默认');
    const added = posts.filter((sent) => sent.path === `/operators/${shop.id}/return-addresses`);
    expect(added).toHaveLength(1);
    expect(added[0]!.key).toMatch(UUID_V4);
    expect(added[0]!.body).toEqual({ recipient: '仓库 李师傅', phone: '13700001111', region: '浙江省 杭州市 余杭区', line: '仓前街道 88 号 2 号仓' });
    expect((await get(shop.owner, `/operators/${shop.id}/return-addresses`)).items).toMatchObject([{ recipient: '仓库 李师傅', isDefault: true }]);
    await screenshot(s, '03-return-address');

    // 4. Back in the inbox: approve, confirmed once.
    await s.getByTestId('console-after-sales').click();
    await rowOf(s, request.id).getByTestId('after-sale-link').click();
    await s.waitForURL(`**/shop/after-sales/${request.id}`);
    await s.getByTestId('after-sale-approve').click();
    await see(s, 'after-sale-approve-dialog', '退货地址');
    await s.getByTestId('after-sale-approve-dialog-confirm').click();
    await see(s, 'after-sale-status', '已同意');
    await see(s, 'after-sale-turn', '等待买家');
    await see(s, 'after-sale-timeline', '店铺同意');
    expect(posts.filter((sent) => sent.path === `/after-sales/${request.id}/approve`)).toHaveLength(1);
    expect((await get(buyer, `/after-sales/${request.id}`))).toMatchObject({ status: 'approved', returnAddress: { recipient: '仓库 李师傅' } });

    // 5. The buyer sends the goods back (API); the shop finds it under 待收货确认 and confirms it arrived.
    await post(buyer, `/after-sales/${request.id}/return-shipment`, { carrier: '中通快递', trackingNumber: 'ZT7788990011' });
    await s.getByTestId('back-link').click();
    await s.waitForURL('**/shop/after-sales*');
    await s.getByTestId('after-sales-group-awaitingReceipt').click();
    await rowOf(s, request.id).waitFor();
    expect(await rowOf(s, request.id).getByTestId('after-sale-status').innerText()).toBe('退货寄回中');
    await rowOf(s, request.id).getByTestId('after-sale-link').click();
    await see(s, 'after-sale-return-shipment', 'ZT7788990011');
    await s.getByTestId('after-sale-received').click();
    await see(s, 'after-sale-received-dialog', '¥129.00');
    await screenshot(s, '04-confirm-return');
    await s.getByTestId('after-sale-received-dialog-confirm').click();
    await see(s, 'after-sale-status', '已退款');
    await see(s, 'after-sale-timeline', '已退款');
    expect(await s.getByTestId('after-sale-actions').count()).toBe(0);
    await screenshot(s, '05-refunded');

    // 6. The money: the buyer's wallet up by exactly the amount; the request refunded.
    expect((await get(buyer, '/wallet')).balance).toBe(walletBefore + PRICE);
    expect((await get(buyer, `/after-sales/${request.id}`))).toMatchObject({ status: 'refunded', refunded: PRICE });
    for (const path of [`/after-sales/${request.id}/approve`, `/after-sales/${request.id}/return-received`]) {
      const sent = posts.filter((p) => p.path === path);
      expect(sent, path).toHaveLength(1);
      expect(sent[0]!.key).toMatch(UUID_V4);
    }
  });

  it('bulk approval on a phone: two refunds approved together, a return without a return address says why in its row', { timeout: 180_000 }, async () => {
    const { shop, skuId, buyer, addressId } = await shopAndBuyer('批量的买家');
    const orders = [await receivedOrder(shop, buyer, skuId, addressId), await receivedOrder(shop, buyer, skuId, addressId), await receivedOrder(shop, buyer, skuId, addressId)];
    const walletBefore = (await get(buyer, '/wallet')).balance as number;
    const refunds = [];
    for (const order of orders.slice(0, 2)) refunds.push((await post(buyer, `/orders/${order.id}/after-sales`, { type: 'refund_only', reason: 'quality_problem', description: '开线了。' })).request);
    const returned = (await post(buyer, `/orders/${orders[2]!.id}/after-sales`, { type: 'return_refund', reason: 'no_reason' })).request;

    const { page: s, posts } = await rig.page({ token: shop.owner.token });
    await s.goto(`${t.url}/shop/after-sales`);
    await expect.poll(() => s.getByTestId('after-sale-row').count(), { timeout: UI_TIMEOUT }).toBe(3);
    for (const request of [...refunds, returned]) await rowOf(s, request.id).getByTestId('after-sale-select').check();
    await see(s, 'after-sales-selected', '已选 3 项');
    await screenshot(s, '06-phone-selected');
    await s.getByTestId('after-sales-bulk-approve').click();
    await see(s, 'after-sales-bulk', '同意 3 个售后申请');
    await s.getByTestId('after-sales-bulk-confirm').click();
    await expect.poll(() => s.getByTestId('after-sales-bulk-result').count(), { timeout: UI_TIMEOUT }).toBe(3);
    const results = s.getByTestId('after-sales-bulk-results');
    expect(await results.locator('[data-ok="true"]').count()).toBe(2);
    const failed = results.locator('[data-ok="false"]');
    expect(await failed.innerText()).toContain('店铺还没有退货地址');
    expect(await failed.innerText()).toContain(orders[2]!.number);
    await screenshot(s, '07-phone-bulk-results');
    const bulk = posts.filter((sent) => sent.path === `/operators/${shop.id}/after-sales/approve`);
    expect(bulk).toHaveLength(1);
    expect(bulk[0]!.key).toMatch(UUID_V4);
    expect(new Set((bulk[0]!.body as { ids: string[] }).ids)).toEqual(new Set([...refunds, returned].map((r) => r.id)));

    // Refund-only requests refund at once when approved; the return still waits for the shop.
    for (const request of refunds) expect((await get(shop.owner, `/after-sales/${request.id}`)).status).toBe('refunded');
    expect((await get(shop.owner, `/after-sales/${returned.id}`)).status).toBe('requested');
    expect((await get(buyer, '/wallet')).balance).toBe(walletBefore + 2 * PRICE);
    await expect.poll(() => s.getByTestId('after-sale-row').count(), { timeout: UI_TIMEOUT }).toBe(1);
    await s.getByTestId('after-sales-group-done').click();
    await expect.poll(() => s.getByTestId('after-sale-row').count(), { timeout: UI_TIMEOUT }).toBe(2);
    expect(await s.getByTestId('after-sale-status').allInnerTexts()).toEqual(['已退款', '已退款']);
    // A phone: no sideways scroll with the rows stacked.
    expect(await s.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
  });

  it('an exchange: the return confirmed in the console, then the replacement shipped with its tracking number → 已换货', { timeout: 120_000 }, async () => {
    const { shop, skuId, buyer, addressId } = await shopAndBuyer('换货的买家');
    const order = await receivedOrder(shop, buyer, skuId, addressId);
    await post(shop.owner, `/operators/${shop.id}/return-addresses`, { recipient: '仓库 赵师傅', phone: '13700003333', region: '浙江省 杭州市', line: '文二路 2 号' });
    const { request } = await post(buyer, `/orders/${order.id}/after-sales`, { type: 'exchange', reason: 'wrong_item', description: '发成了 L 码。' });
    await post(shop.owner, `/after-sales/${request.id}/approve`);
    await post(buyer, `/after-sales/${request.id}/return-shipment`, { carrier: '圆通速递', trackingNumber: 'YT1234567890' });
    const walletBefore = (await get(buyer, '/wallet')).balance as number;

    const { page: s, posts } = await rig.page({ token: shop.owner.token, desktop: true });
    await s.goto(`${t.url}/shop/after-sales?group=awaitingReceipt&type=exchange`);
    await rowOf(s, request.id).getByTestId('after-sale-link').click();
    await see(s, 'after-sale-reason', '商家发错货');
    await s.getByTestId('after-sale-received').click();
    await see(s, 'after-sale-received-dialog', '48 小时内寄出换货');
    await s.getByTestId('after-sale-received-dialog-confirm').click();
    await see(s, 'after-sale-status', '已收到退货');
    // The replacement's parcel: checked before sending like the order's shipping form.
    await s.getByTestId('after-sale-ship-tracking').fill('12');
    await s.getByTestId('after-sale-ship-submit').click();
    await s.getByTestId('trackingNumber-error').waitFor();
    await s.getByTestId('carrier-error').waitFor();
    expect(posts.filter((sent) => sent.path === `/after-sales/${request.id}/exchange-shipment`)).toHaveLength(0);
    await s.getByTestId('after-sale-ship-carrier').fill('顺丰速运');
    await s.getByTestId('after-sale-ship-tracking').fill('SF5566778899');
    await s.getByTestId('after-sale-ship-submit').click();
    await see(s, 'after-sale-status', '已换货');
    await see(s, 'after-sale-exchange-shipment', 'SF5566778899');
    await see(s, 'after-sale-timeline', '店铺寄出换货');
    await screenshot(s, '09-exchanged');
    expect(await get(buyer, `/after-sales/${request.id}`)).toMatchObject({ status: 'exchanged', exchangeShipment: { carrier: '顺丰速运', trackingNumber: 'SF5566778899' } });
    // An exchange moves no money.
    expect((await get(buyer, '/wallet')).balance).toBe(walletBefore);
    const shipped = posts.filter((sent) => sent.path === `/after-sales/${request.id}/exchange-shipment`);
    expect(shipped).toHaveLength(1);
    expect(shipped[0]!.body).toEqual({ carrier: '顺丰速运', trackingNumber: 'SF5566778899' });
  });

  it('return addresses: a second one made the default, the first edited and then deleted', { timeout: 120_000 }, async () => {
    const shop = await given.operator(t, admin, { viaSms: false });
    await post(shop.owner, `/operators/${shop.id}/return-addresses`, { recipient: '旧仓库', phone: '13700004444', region: '浙江省 杭州市', line: '文三路 3 号' });
    const { page: s } = await rig.page({ token: shop.owner.token });
    await s.goto(`${t.url}/shop/settings`);
    await see(s, 'return-address', '旧仓库');
    await s.getByTestId('return-address-add').click();
    await s.getByTestId('return-address-recipient').fill('新仓库 钱师傅');
    await s.getByTestId('return-address-phone').fill('137 0000 5555');
    await s.getByTestId('return-address-region').fill('江苏省 苏州市 工业园区');
    await s.getByTestId('return-address-line').fill('星湖街 328 号');
    await s.getByTestId('return-address-default').check();
    await s.getByTestId('return-address-save').click();
    await expect.poll(() => s.getByTestId('return-address').count(), { timeout: UI_TIMEOUT }).toBe(2);
    const newOne = s.locator('[data-testid="return-address"]', { hasText: '新仓库' });
    const oldOne = s.locator('[data-testid="return-address"]', { hasText: '旧仓库' });
    await expect.poll(() => newOne.getAttribute('data-default'), { timeout: UI_TIMEOUT }).toBe('true');
    expect(await oldOne.getAttribute('data-default')).toBe('false');

    await oldOne.getByTestId('return-address-edit').click();
    await s.getByTestId('return-address-line').fill('文三路 5 号');
    await s.getByTestId('return-address-save').click();
    await see(s, 'return-address-saved', '退货地址已保存');
    await expect.poll(() => oldOne.innerText(), { timeout: UI_TIMEOUT }).toContain('文三路 5 号');
    await oldOne.getByTestId('return-address-delete').click();
    await see(s, 'return-address-delete-dialog', '文三路 5 号');
    await s.getByTestId('return-address-delete-dialog-confirm').click();
    await expect.poll(() => s.getByTestId('return-address').count(), { timeout: UI_TIMEOUT }).toBe(1);
    await screenshot(s, '10-phone-addresses');
    expect((await get(shop.owner, `/operators/${shop.id}/return-addresses`)).items).toMatchObject([{ recipient: '新仓库 钱师傅', phone: '13700005555', isDefault: true }]);
  });

  it('axe: the inbox, a request and the settings in zh-CN and English, at 1366×768 and on a phone; then the refusal, with its required reason', { timeout: 180_000 }, async () => {
    const { shop, skuId, buyer, addressId } = await shopAndBuyer('无障碍买家');
    const order = await receivedOrder(shop, buyer, skuId, addressId);
    const { request } = await post(buyer, `/orders/${order.id}/after-sales`, { type: 'exchange', reason: 'quality_problem', description: '袖口脱线。' });
    await post(shop.owner, `/operators/${shop.id}/return-addresses`, { recipient: '仓库 王师傅', phone: '13700002222', region: '浙江省 杭州市', line: '文一路 1 号' });
    const pages: [string, string][] = [
      ['/shop/after-sales?group=all', 'after-sale-row'],
      [`/shop/after-sales/${request.id}`, 'after-sale-timeline'],
      ['/shop/settings', 'return-address'],
    ];
    const found: string[] = [];
    for (const language of ['zh-CN', 'en'] as const) {
      for (const desktop of [true, false]) {
        const { context, page } = await rig.page({ token: shop.owner.token, desktop });
        if (language === 'en') await context.addInitScript("localStorage.setItem('agora.language', 'en')");
        for (const [path, ready] of pages) {
          await page.goto(`${t.url}${path}`);
          await page.getByTestId(ready).first().waitFor();
          expect(await page.locator('html').getAttribute('lang')).toBe(language);
          const violations: AxeViolation[] = await axeViolations(page);
          if (violations.length > 0) found.push(formatViolations(`${language} ${desktop ? '1366×768' : 'phone'} ${path}`, violations));
        }
        // The dialogs too: the refusal's, open with its reason missing.
        await page.goto(`${t.url}/shop/after-sales/${request.id}`);
        await page.getByTestId('after-sale-refuse').click();
        await page.getByTestId('after-sale-refuse-dialog-confirm').click();
        await page.getByTestId('refuse-reason-error').waitFor();
        const violations = await axeViolations(page);
        if (violations.length > 0) found.push(formatViolations(`${language} ${desktop ? '1366×768' : 'phone'} refuse dialog`, violations));
        if (language === 'en' && desktop) await screenshot(page, '08-en-refuse-dialog');
      }
    }
    expect(found, found.join('\n')).toEqual([]);

    // The refusal itself: a reason is required, and the buyer reads it on the timeline.
    const { page, posts } = await rig.page({ token: shop.owner.token, desktop: true });
    await page.goto(`${t.url}/shop/after-sales/${request.id}`);
    await page.getByTestId('after-sale-refuse').click();
    await page.getByTestId('after-sale-refuse-dialog-confirm').click();
    await see(page, 'refuse-reason-error', '请填写拒绝理由');
    expect(posts.filter((sent) => sent.path === `/after-sales/${request.id}/refuse`)).toHaveLength(0);
    await page.getByTestId('after-sale-refuse-reason').fill('袖口为设计款毛边，不属于质量问题。');
    await page.getByTestId('after-sale-refuse-dialog-confirm').click();
    await see(page, 'after-sale-status', '已拒绝');
    await see(page, 'after-sale-timeline', '袖口为设计款毛边');
    expect(await get(buyer, `/after-sales/${request.id}`)).toMatchObject({ status: 'refused', refuseReason: '袖口为设计款毛边，不属于质量问题。' });
    const refusals = posts.filter((sent) => sent.path === `/after-sales/${request.id}/refuse`);
    expect(refusals).toHaveLength(1);
    expect(refusals[0]!.key).toMatch(UUID_V4);
  });
});
