/**
 * The buyer's after-sales (售后) in the browser (issue 17 items 7–10; R9, R10):
 * (1) a paid, shipped order → a partial refund-only request before receipt from the order
 *     page → the shop refuses with a reason (API, the shop's token) → the buyer sees the
 *     refusal and its reason → asks the platform → lands on the dispute;
 * (2) a received order → return and refund without a reason (R9) → the shop approves
 *     (API) → the buyer sees the shop's return address and ships the return → the shop
 *     confirms it came back (API) → the buyer sees 已退款 and the wallet is up by exactly
 *     the price;
 * (3) R9: goods excluded by nature offer no no-reason return, and the form says why; a
 *     quality return is open for them, can be withdrawn, and asked again the shop pays the
 *     return postage the buyer states (¥12.50 → 1250 fen), refunded on top.
 * axe-core on the form and on the request page, in zh-CN and English.
 *
 * Same rig as the other journeys: Debian's Chromium through playwright-core against a
 * real Agora on PGlite; the shop's side goes through the API. Screenshots go to
 * test-results/aftersales-*.png; the books are checked after each journey.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.js';
import { axeViolations, formatViolations } from '../support/axe.js';
import { journeyRig, RUN_BROWSER, screenshotter, see, UUID_V4, warnIfSkipped } from '../support/browser.js';
import { given, pngImage, type GivenOperator, type GivenUser } from '../support/given.js';

const screenshot = screenshotter('aftersales-', { fromTop: true });
const PIN = '258036';
const FUNDS = 100_000;
const PRICE = 12_900;
/** ¥99.90 typed as yuan: the refund asked for, in fen. */
const PARTIAL = 9_990;

warnIfSkipped('the after-sales browser journeys are');

describe.skipIf(!RUN_BROWSER)('after-sales in Chromium (390×844)', () => {
  const rig = journeyRig();
  let t: TestApp;
  let shop: GivenOperator;
  beforeAll(async () => {
    t = rig.app;
    shop = await given.operator(t, await given.admin(t));
    const address = await t.http.post(
      `/operators/${shop.id}/return-addresses`,
      { recipient: '售后部 李四', phone: '13800138000', region: '浙江省 杭州市 余杭区', line: '文一西路 969 号 3 号仓' },
      { token: shop.owner.token, headers: { 'idempotency-key': randomUUID() } },
    );
    expect(address.status, JSON.stringify(address.body)).toBe(201);
  });

  /** A POST through the API with its Idempotency-Key; the answer's body. */
  async function post(user: GivenUser, path: string, body?: unknown) {
    const res = await t.http.post(path, body, { token: user.token, headers: { 'idempotency-key': randomUUID() } });
    expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
    return res.body;
  }
  const get = async (user: GivenUser, path: string) => {
    const res = await t.http.get(path, { token: user.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  /** No serious or critical axe violation in what the page shows now. */
  const accessible = async (page: Page, where: string) => {
    const found = await axeViolations(page);
    expect(found, formatViolations(where, found)).toEqual([]);
  };
  /** The same page in English: switched with the language buttons, checked, and switched back. */
  async function inEnglish(page: Page, where: string, check: () => Promise<void>) {
    await page.getByTestId('lang-en').click();
    await check();
    await accessible(page, `${where} (en)`);
    await screenshot(page, `${where}-en`);
    await page.getByTestId('lang-zh-CN').click();
  }
  /** A buyer with money, an address, and an order of one `product` paid (and, as told, shipped and received) through the API. */
  async function boughtOrder(product: { skus: { id: string }[] }, upTo: 'paid' | 'shipped' | 'received') {
    const buyer = await given.user(t, { pin: PIN });
    await given.funds(t, buyer, FUNDS);
    const addressId = await given.address(t, buyer);
    const { order } = await post(buyer, '/orders', { items: [{ skuId: product.skus[0]!.id, quantity: 1 }], addressId });
    await post(buyer, `/orders/${order.id}/pay`, { pin: PIN });
    if (upTo !== 'paid') await post(shop.owner, `/orders/${order.id}/ship`, { carrier: '顺丰速运', trackingNumber: 'SF1234567890' });
    if (upTo === 'received') await post(buyer, `/orders/${order.id}/confirm-receipt`);
    return { buyer, orderId: order.id as string, itemId: order.items[0].id as string };
  }

  it('refund only before receipt, ¥99.90 of ¥129.00 → the shop refuses with a reason → the buyer sees why and asks the platform → the dispute', { timeout: 120_000 }, async () => {
    const product = await given.product(t, shop, { title: '蓝牙降噪耳机', skus: [{ name: '黑色', price: PRICE, stock: 10 }] });
    const { buyer, orderId, itemId } = await boughtOrder(product, 'shipped');
    const { page: b, posts } = await rig.page({ token: buyer.token });

    // The order page: 申请售后 on the item; no return dead end any more.
    await b.goto(`${t.url}/orders/${orderId}`);
    await see(b, 'order-status', '已发货');
    expect(await b.getByTestId('order-return-open').count()).toBe(0);
    await see(b, 'order-after-sales', '蓝牙降噪耳机');
    await b.getByTestId('order-after-sale-apply').click();
    await b.waitForURL(`**/orders/${orderId}/after-sales/new?item=${itemId}`);

    // Before receipt only a refund is offered; the no-reason return says it starts at receipt.
    await see(b, 'after-sale-order', '¥129.00');
    expect(await b.getByTestId('after-sale-type-return_refund').count()).toBe(0);
    expect(await b.getByTestId('after-sale-type-exchange').count()).toBe(0);
    await see(b, 'after-sale-type-refund_only', '仅退款');
    // Nothing is sent before a reason is chosen.
    await b.getByTestId('after-sale-submit').click();
    await see(b, 'reason-error', '请选择申请原因');
    await b.getByTestId('after-sale-reason-not_received').click();
    expect(await b.getByTestId('after-sale-amount').inputValue()).toBe('129.00');
    // More than was paid is refused before sending; less is fine.
    await b.getByTestId('after-sale-amount').fill('129.01');
    await b.getByTestId('after-sale-submit').click();
    await see(b, 'amount-error', '退款金额不能超过 ¥129.00');
    await b.getByTestId('after-sale-amount').fill('99.90');
    await b.getByTestId('after-sale-description').fill('物流显示已签收，但我没有收到包裹。');
    await b.getByTestId('after-sale-photos-input').setInputFiles({ name: 'tracking.png', mimeType: 'image/png', buffer: await pngImage('#2c3e50', 200) });
    await expect.poll(() => b.getByTestId('after-sale-photos-tile').count(), { timeout: 10_000 }).toBe(1);
    await accessible(b, 'the request form');
    await screenshot(b, '01-refund-form');
    await inEnglish(b, '01-refund-form', async () => {
      await see(b, 'after-sale-type-refund_only', 'Refund only');
      await see(b, 'after-sale-reason-not_received', 'Not received');
    });
    expect(posts.filter((sent) => sent.path === `/orders/${orderId}/after-sales`)).toEqual([]);
    await b.getByTestId('after-sale-submit').click();
    await b.waitForURL((url) => url.pathname.startsWith('/after-sales/'));
    const sent = posts.filter((p) => p.path === `/orders/${orderId}/after-sales`);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.key).toMatch(UUID_V4);
    expect(sent[0]!.body).toMatchObject({ type: 'refund_only', reason: 'not_received', amount: PARTIAL, itemIds: [itemId], description: '物流显示已签收，但我没有收到包裹。' });
    expect(sent[0]!.body?.images).toHaveLength(1);
    const requestId = new URL(b.url()).pathname.split('/').pop()!;

    // The request: whose turn, the 48 h countdown, what was asked.
    await see(b, 'after-sale-status', '待商家处理');
    await see(b, 'after-sale-countdown', /等待商家处理 · 剩余 4[78]:\d\d:\d\d/);
    expect(await b.getByTestId('after-sale-turn').getAttribute('data-turn')).toBe('shopAnswer');
    await see(b, 'after-sale-amount', '¥99.90');
    await see(b, 'after-sale-reason', '未收到货');
    await see(b, 'after-sale-timeline', '提交了售后申请');
    expect(await b.getByTestId('after-sale-escalate').count()).toBe(0);
    await accessible(b, 'the request page, awaiting the shop');
    await screenshot(b, '02-requested');
    expect(await get(buyer, `/after-sales/${requestId}`)).toMatchObject({ orderId, type: 'refund_only', reason: 'not_received', amount: PARTIAL, status: 'requested' });

    // The shop refuses, with a reason, through the API.
    await post(shop.owner, `/after-sales/${requestId}/refuse`, { reason: '物流显示本人已签收，请先联系快递核实。' });

    // The buyer sees the refusal and its reason, and that the platform can be asked.
    await b.reload();
    await see(b, 'after-sale-status', '商家已拒绝');
    await see(b, 'after-sale-refusal', '物流显示本人已签收，请先联系快递核实。');
    await see(b, 'after-sale-timeline', '拒绝了申请');
    await see(b, 'after-sale-timeline', '物流显示本人已签收');
    expect(await b.getByTestId('after-sale-turn').getAttribute('data-turn')).toBe('buyerEscalate');
    await accessible(b, 'the request page, refused');
    await screenshot(b, '03-refused');
    await inEnglish(b, '03-refused', async () => {
      await see(b, 'after-sale-status', 'Refused by the shop');
      await see(b, 'after-sale-timeline', 'refused the request');
    });

    // The shop's owner following its notification to the same page is sent to its console, with none of the buyer's actions.
    const { page: s } = await rig.page({ token: shop.owner.token });
    await s.goto(`${t.url}/after-sales/${requestId}`);
    expect(await s.getByTestId('after-sale-shop-console').getAttribute('href')).toBe(`/shop/after-sales/${requestId}`);
    await see(s, 'after-sale-status', '商家已拒绝');
    expect(await s.getByTestId('after-sale-actions').count()).toBe(0);

    // The order page shows the request's state and the way to it.
    await b.goto(`${t.url}/orders/${orderId}`);
    await expect.poll(() => b.getByTestId('order-after-sale-link').getAttribute('data-status')).toBe('refused');
    await b.getByTestId('order-after-sale-link').click();
    await b.waitForURL(`**/after-sales/${requestId}`);

    // Escalating asks once, then lands on the dispute that now holds the history.
    await b.getByTestId('after-sale-escalate').click();
    await b.getByTestId('after-sale-escalate-dialog-cancel').click();
    expect(posts.filter((p) => p.path === `/after-sales/${requestId}/escalate`)).toEqual([]);
    await b.getByTestId('after-sale-escalate').click();
    await b.getByTestId('after-sale-escalate-dialog-confirm').click();
    await b.waitForURL('**/disputes/*');
    const disputeId = new URL(b.url()).pathname.split('/').pop()!;
    await b.getByTestId('dispute-page').waitFor();
    await screenshot(b, '04-dispute');
    const escalated = await get(buyer, `/after-sales/${requestId}`);
    expect(escalated).toMatchObject({ status: 'escalated', disputeId });
    expect((await get(buyer, `/disputes/${disputeId}`)).orderId).toBe(orderId);
    expect(posts.filter((p) => p.path === `/after-sales/${requestId}/escalate`)).toHaveLength(1);

    // 我的售后 lists it, and the request page links to the dispute.
    await b.goto(`${t.url}/me`);
    await b.getByTestId('link-after-sales').click();
    await b.waitForURL('**/me/after-sales');
    const row = b.locator(`[data-testid="my-after-sale"][data-after-sale-id="${requestId}"]`);
    await expect.poll(() => row.getAttribute('data-status')).toBe('escalated');
    await screenshot(b, '05-my-after-sales');
    // Phone-first: nothing runs off the side of a 390 px screen.
    expect(await b.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await row.locator('a').click();
    await b.waitForURL(`**/after-sales/${requestId}`);
    await see(b, 'after-sale-turn', '平台介入处理中');
    expect(await b.getByTestId('after-sale-dispute-link').getAttribute('href')).toBe(`/disputes/${disputeId}`);
  });

  it('return and refund without a reason after receipt → approved → the shop’s address, the return shipped → confirmed → 已退款, the wallet up by exactly the price', { timeout: 120_000 }, async () => {
    const product = await given.product(t, shop, { title: '纯棉四件套', skus: [{ name: '1.8 米', price: PRICE, stock: 10 }] });
    const { buyer, orderId, itemId } = await boughtOrder(product, 'received');
    const before = (await get(buyer, '/wallet')).balance as number;
    const { page: b, posts } = await rig.page({ token: buyer.token });

    await b.goto(`${t.url}/orders/${orderId}`);
    await see(b, 'order-status', '已收货');
    await b.getByTestId('order-after-sale-apply').click();
    await b.waitForURL(`**/orders/${orderId}/after-sales/new?item=${itemId}`);
    // Received: all three kinds, each explained.
    await see(b, 'after-sale-type-exchange', '商家收到后寄出新的');
    await b.getByTestId('after-sale-type-return_refund').click();
    expect(await b.getByTestId('after-sale-reason-no_reason').getAttribute('data-available')).toBe('true');
    await b.getByTestId('after-sale-reason-no_reason').click();
    // A return refunds what the items cost: no amount to type.
    expect(await b.getByTestId('after-sale-amount').count()).toBe(0);
    await see(b, 'after-sale-amount-full', '¥129.00');
    await accessible(b, 'the return form');
    await screenshot(b, '11-return-form');
    await b.getByTestId('after-sale-submit').click();
    await b.waitForURL((url) => url.pathname.startsWith('/after-sales/'));
    const requestId = new URL(b.url()).pathname.split('/').pop()!;
    const sent = posts.filter((p) => p.path === `/orders/${orderId}/after-sales`);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body).toEqual({ type: 'return_refund', reason: 'no_reason', itemIds: [itemId] });
    expect(sent[0]!.key).toMatch(UUID_V4);
    await see(b, 'after-sale-status', '待商家处理');
    // No address before the shop approves.
    expect(await b.getByTestId('after-sale-return-address').count()).toBe(0);

    // The shop approves through the API.
    await post(shop.owner, `/after-sales/${requestId}/approve`, {});

    // The buyer sees the address to send to and 7 days to do it, and ships the return.
    await b.reload();
    await see(b, 'after-sale-status', '商家已同意');
    await see(b, 'after-sale-countdown', /请在 [67] 天内寄回/);
    await see(b, 'after-sale-return-address-text', '售后部 李四 13800138000');
    await see(b, 'after-sale-return-address-text', '文一西路 969 号 3 号仓');
    await accessible(b, 'the request page, approved');
    await screenshot(b, '12-approved-address');
    await inEnglish(b, '12-approved-address', async () => {
      await see(b, 'after-sale-countdown', /Send the goods back within [67] days/);
      await see(b, 'after-sale-return-address', 'Return address');
    });
    // Nothing is sent without a valid tracking number.
    await b.getByTestId('after-sale-ship-carrier').fill('中通快递');
    await b.getByTestId('after-sale-ship-tracking').fill('ZT-1');
    await b.getByTestId('after-sale-ship-submit').click();
    await see(b, 'trackingNumber-error', '6');
    await b.getByTestId('after-sale-ship-tracking').fill('ZT9876543210');
    await b.getByTestId('after-sale-ship-submit').click();
    await see(b, 'after-sale-status', '退货寄回中');
    await see(b, 'after-sale-return-shipment', '中通快递 ZT9876543210');
    await see(b, 'after-sale-countdown', '等待商家确认收到退货');
    const shipped = posts.filter((p) => p.path === `/after-sales/${requestId}/return-shipment`);
    expect(shipped).toHaveLength(1);
    expect(shipped[0]!.body).toEqual({ carrier: '中通快递', trackingNumber: 'ZT9876543210' });
    expect(shipped[0]!.key).toMatch(UUID_V4);
    await screenshot(b, '13-returning');

    // The shop confirms the goods came back (API): the buyer is refunded.
    await post(shop.owner, `/after-sales/${requestId}/return-received`);
    await b.reload();
    await see(b, 'after-sale-status', '已退款');
    await see(b, 'after-sale-end', '已退款 ¥129.00');
    await see(b, 'after-sale-timeline', '确认收到退回的商品');
    expect(await b.getByTestId('after-sale-withdraw').count()).toBe(0);
    await accessible(b, 'the request page, refunded');
    await screenshot(b, '14-refunded');
    expect((await get(buyer, '/wallet')).balance).toBe(before + PRICE);
    await b.goto(`${t.url}/orders/${orderId}`);
    await expect.poll(() => b.getByTestId('order-after-sale-link').getAttribute('data-status')).toBe('refunded');
    expect(await b.getByTestId('order-after-sale-apply').count()).toBe(0);
    await b.goto(`${t.url}/wallet`);
    await see(b, 'wallet-balance', `¥${((before + PRICE) / 100).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`);
    await screenshot(b, '15-wallet');
  });

  it('R9: goods excluded by nature offer no no-reason return, with why; a quality return is open, can be withdrawn, and asked again the shop pays its postage: refunded price + ¥12.50 exactly', { timeout: 120_000 }, async () => {
    const product = await given.product(t, shop, { title: '阳澄湖大闸蟹', category: 'fresh', skus: [{ name: '4 只装', price: PRICE, stock: 10 }] });
    const { buyer, orderId, itemId } = await boughtOrder(product, 'received');
    const before = (await get(buyer, '/wallet')).balance as number;
    const { page: b, posts } = await rig.page({ token: buyer.token });
    /** The return form of this order, filled with a quality problem and sent: the new request's id. */
    async function askQualityReturn(): Promise<string> {
      await b.goto(`${t.url}/orders/${orderId}/after-sales/new`);
      await b.getByTestId('after-sale-type-return_refund').click();
      await b.getByTestId('after-sale-reason-quality_problem').click();
      await b.getByTestId('after-sale-description').fill('蟹到货时已经死了两只。');
      await b.getByTestId('after-sale-submit').click();
      await b.waitForURL((url) => url.pathname.startsWith('/after-sales/'));
      return new URL(b.url()).pathname.split('/').pop()!;
    }

    await b.goto(`${t.url}/orders/${orderId}/after-sales/new`);
    await b.getByTestId('after-sale-type-return_refund').click();
    expect(await b.getByTestId('after-sale-reason-no_reason').getAttribute('data-available')).toBe('false');
    await see(b, 'after-sale-no-reason-why', '依法不适用7天无理由退货');
    await see(b, 'after-sale-no-reason-why', '阳澄湖大闸蟹');
    expect(await b.getByTestId('after-sale-reason-quality_problem').getAttribute('data-available')).toBe('true');
    await accessible(b, 'the form with no-reason return closed');
    await screenshot(b, '21-excluded');
    await inEnglish(b, '21-excluded', async () => {
      await see(b, 'after-sale-no-reason-why', 'excludes from 7-day no-reason returns');
    });

    // A quality return, withdrawn (asked once): nothing is refunded and the item can be asked for again.
    const first = await askQualityReturn();
    await b.getByTestId('after-sale-withdraw').click();
    await b.getByTestId('after-sale-withdraw-dialog-confirm').click();
    await see(b, 'after-sale-status', '已撤销');
    await see(b, 'after-sale-end', '你已撤销这次申请');
    expect(posts.filter((p) => p.path === `/after-sales/${first}/withdraw`)).toHaveLength(1);
    expect((await get(buyer, '/wallet')).balance).toBe(before);

    // Asked again and approved: the shop is at fault, so the buyer states the postage, refunded on top.
    const second = await askQualityReturn();
    expect(second).not.toBe(first);
    await post(shop.owner, `/after-sales/${second}/approve`, {});
    await b.reload();
    await b.getByTestId('after-sale-ship-carrier').fill('顺丰速运');
    await b.getByTestId('after-sale-ship-tracking').fill('SF5555666677');
    await b.getByTestId('after-sale-ship-fee').fill('50.01');
    await b.getByTestId('after-sale-ship-submit').click();
    await see(b, 'returnShippingFee-error', '运费最多 ¥50.00');
    await b.getByTestId('after-sale-ship-fee').fill('12.5');
    await b.getByTestId('after-sale-ship-submit').click();
    await see(b, 'after-sale-status', '退货寄回中');
    const shipped = posts.filter((p) => p.path === `/after-sales/${second}/return-shipment`);
    expect(shipped.map((p) => p.body)).toEqual([{ carrier: '顺丰速运', trackingNumber: 'SF5555666677', returnShippingFee: 1_250 }]);
    await post(shop.owner, `/after-sales/${second}/return-received`);
    await b.reload();
    await see(b, 'after-sale-end', '已退款 ¥141.50');
    await see(b, 'after-sale-end-fee', '其中退货运费 ¥12.50');
    await screenshot(b, '22-refunded-with-postage');
    expect((await get(buyer, '/wallet')).balance).toBe(before + PRICE + 1_250);
    expect((await get(buyer, `/after-sales/${second}`)).items.map((item: { orderItemId: string }) => item.orderItemId)).toEqual([itemId]);
  });
});
