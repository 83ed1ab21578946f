/**
 * Browser journeys for money going back to the buyer (CONVENTIONS.md §9: whole
 * journeys only): cancelling a paid order releases the held amount to the wallet;
 * R9 at checkout (the "no return once opened" box for excludable goods is never
 * pre-ticked, and ticking it is what gives up the no-reason return); a return the buyer
 * asks for after-sales, sends back and the shop confirms is refunded (R10). The shop's
 * side of after-sales goes through the API (its console has its own journeys).
 *
 * Same rig as orders.test.ts: Debian's Chromium through playwright-core against a
 * real Agora on PGlite; steps that are not the journey (paying, shipping, receipt)
 * go through the API. Screenshots go to test-results/refunds-*.png. The books are
 * checked after each journey.
 */
import { randomUUID } from 'node:crypto';
import { type Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.js';
import { given, type GivenUser } from '../support/given.js';
import { journeyRig, RUN_BROWSER, screenshotter, see, warnIfSkipped, type SentPost } from '../support/browser.js';

const screenshot = screenshotter('refunds-', { fromTop: true });
const PIN = '258036';
const FUNDS = 100_000;

warnIfSkipped('the refunds browser journeys are');

describe.skipIf(!RUN_BROWSER)('refunds in Chromium (390×844)', () => {
  const rig = journeyRig();
  let t: TestApp;
  beforeAll(() => {
    t = rig.app;
  });

  /** A phone-sized page logged in as `user`; every POST under /api/v1 is recorded with its Idempotency-Key. */
  async function newPage(user: GivenUser): Promise<{ page: Page; posts: SentPost[] }> {
    const { page, posts } = await rig.page({ token: user.token });
    return { page, posts };
  }

  /** A money POST through the API, with its Idempotency-Key; the order it answers. */
  async function act(user: GivenUser, path: string, body?: unknown): Promise<{ id: string; status: string; total: number; returnExclusionConfirmed: boolean }> {
    const res = await t.http.post(path, body, { token: user.token, headers: { 'idempotency-key': randomUUID() } });
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    return res.body.order;
  }
  const wallet = async (user: GivenUser) => (await t.http.get('/wallet', { token: user.token })).body;
  const order = async (user: GivenUser, orderId: string) => (await t.http.get(`/orders/${orderId}`, { token: user.token })).body;

  it('cancelling a paid order (after a confirm) releases the held amount back to the wallet', { timeout: 60_000 }, async () => {
    const operator = await given.operator(t, await given.admin(t));
    const product = await given.product(t, operator);
    const price = product.skus[0].price as number;
    const buyer = await given.user(t, { pin: PIN });
    await given.funds(t, buyer, FUNDS);
    const addressId = await given.address(t, buyer);
    const placed = await act(buyer, '/orders', { items: [{ skuId: product.skus[0].id, quantity: 1 }], addressId });
    await act(buyer, `/orders/${placed.id}/pay`, { pin: PIN });
    expect(await wallet(buyer)).toEqual({ balance: FUNDS - price, held: price, incoming: 0 });
    const { page, posts } = await newPage(buyer);

    await page.goto(`${t.url}/orders/${placed.id}`);
    await see(page, 'order-status', '已付款');
    // Saying no to the confirm changes nothing.
    page.once('dialog', (dialog) => void dialog.dismiss());
    await page.getByTestId('order-cancel').click();
    await see(page, 'order-status', '已付款');
    expect(posts.filter((post) => post.path.endsWith('/cancel'))).toEqual([]);
    page.once('dialog', (dialog) => {
      expect(dialog.message()).toBe('确定取消这个订单吗？已付款的订单将原路退回。');
      void dialog.accept();
    });
    await page.getByTestId('order-cancel').click();
    await see(page, 'order-status', '已取消');
    await see(page, 'order-timeline', '订单已取消');
    expect(await page.getByTestId('order-cancel').count()).toBe(0);
    await screenshot(page, '01-cancelled');
    const cancels = posts.filter((post) => post.path === `/orders/${placed.id}/cancel`);
    expect(cancels).toHaveLength(1);
    expect(cancels[0]!.key).toBeTruthy();

    expect((await order(buyer, placed.id)).status).toBe('cancelled');
    expect(await wallet(buyer)).toEqual({ balance: FUNDS, held: 0, incoming: 0 });
    await page.goto(`${t.url}/wallet`);
    await see(page, 'wallet-balance', '¥1,000.00');
    await see(page, 'wallet-held', '¥0.00');
    await screenshot(page, '02-wallet-after-cancel');
  });

  it('R9: the exclusion box is unticked; ticked, no no-reason return is offered, with why; unticked, the shop takes the goods back and the buyer is refunded (R10)', { timeout: 90_000 }, async () => {
    const operator = await given.operator(t, await given.admin(t));
    const product = await given.product(t, operator, { title: '玻尿酸精华面膜', category: 'beauty' });
    const skuId = product.skus[0].id as string;
    const price = product.skus[0].price as number;
    const buyer = await given.user(t, { pin: PIN });
    await given.funds(t, buyer, FUNDS);
    await given.address(t, buyer);
    const { page, posts } = await newPage(buyer);

    /** Product → cart → checkout: the box is there and unticked; tick it or not; place the order. */
    async function checkout(tick: boolean): Promise<string> {
      await page.goto(`${t.url}/products/${product.id}`);
      await page.getByTestId('product-add-to-cart').click();
      await see(page, 'cart-added', '已加入购物车');
      await page.goto(`${t.url}/checkout`);
      await page.getByTestId('checkout-address').first().locator('label').click();
      await see(page, 'checkout-return-consent', '该商品拆封后不支持7天无理由退货');
      const box = page.getByTestId(`checkout-consent-${skuId}`);
      expect(await box.isChecked()).toBe(false);
      if (tick) await box.check();
      await page.getByTestId('checkout-place').click();
      await page.waitForURL('**/orders/*');
      return new URL(page.url()).pathname.split('/').pop()!;
    }
    const kept = await checkout(true);
    await screenshot(page, '03-placed-with-consent');
    const returnable = await checkout(false);
    const placing = posts.filter((post) => post.path === '/orders').map((post) => post.body?.confirmReturnExclusion);
    expect(placing).toEqual([true, undefined]);
    expect((await order(buyer, kept)).returnExclusionConfirmed).toBe(true);
    expect((await order(buyer, returnable)).returnExclusionConfirmed).toBe(false);

    // Paid, shipped and received through the API.
    for (const id of [kept, returnable]) {
      await act(buyer, `/orders/${id}/pay`, { pin: PIN });
      await act(operator.owner, `/orders/${id}/ship`, { carrier: '顺丰速运', trackingNumber: 'SF1234567890' });
      await act(buyer, `/orders/${id}/confirm-receipt`);
    }
    expect((await wallet(buyer)).balance).toBe(FUNDS - 2 * price);

    // The order the buyer gave the return up for: the no-reason return is not offered, and the form says why.
    async function askReturn(orderId: string): Promise<void> {
      await page.goto(`${t.url}/orders/${orderId}`);
      await see(page, 'order-status', '已收货');
      await page.getByTestId('order-after-sale-apply').click();
      await page.waitForURL(`**/orders/${orderId}/after-sales/new*`);
      await page.getByTestId('after-sale-type-return_refund').click();
    }
    await askReturn(kept);
    expect(await page.getByTestId('after-sale-reason-no_reason').getAttribute('data-available')).toBe('false');
    await see(page, 'after-sale-no-reason-why', '下单时你已确认「玻尿酸精华面膜」拆封后不支持7天无理由退货');
    await screenshot(page, '04-return-refused');
    expect((await order(buyer, kept)).status).toBe('received');

    // The other goes back: asked without a reason, approved by the shop, shipped by the buyer.
    const address = await t.http.post(`/operators/${operator.id}/return-addresses`, { recipient: '售后部', phone: '13800138000', region: '上海市 浦东新区', line: '张江路 1 号' }, { token: operator.owner.token, headers: { 'idempotency-key': randomUUID() } });
    expect(address.status, JSON.stringify(address.body)).toBe(201);
    await askReturn(returnable);
    await page.getByTestId('after-sale-reason-no_reason').click();
    await page.getByTestId('after-sale-submit').click();
    await page.waitForURL((url) => url.pathname.startsWith('/after-sales/'));
    const requestId = new URL(page.url()).pathname.split('/').pop()!;
    const approved = await t.http.post(`/after-sales/${requestId}/approve`, {}, { token: operator.owner.token, headers: { 'idempotency-key': randomUUID() } });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    await page.reload();
    await see(page, 'after-sale-return-address-text', '张江路 1 号');
    await page.getByTestId('after-sale-ship-carrier').fill('中通快递');
    await page.getByTestId('after-sale-ship-tracking').fill('ZT9876543210');
    await page.getByTestId('after-sale-ship-submit').click();
    await see(page, 'after-sale-status', '退货寄回中');
    expect((await order(buyer, returnable)).status).toBe('returning');
    await screenshot(page, '05-returning');

    // The shop confirms the goods came back (R10); the buyer is refunded.
    const received = await t.http.post(`/after-sales/${requestId}/return-received`, undefined, { token: operator.owner.token, headers: { 'idempotency-key': randomUUID() } });
    expect(received.status, JSON.stringify(received.body)).toBe(200);
    await page.reload();
    await see(page, 'after-sale-status', '已退款');
    await page.goto(`${t.url}/orders/${returnable}`);
    await see(page, 'order-status', '已退款');
    expect((await order(buyer, returnable)).status).toBe('refunded');
    expect(await wallet(buyer)).toEqual({ balance: FUNDS - price, held: 0, incoming: 0 });
    await page.goto(`${t.url}/wallet`);
    await see(page, 'wallet-balance', '¥871.00');
    await screenshot(page, '07-wallet-after-return');
  });
});
