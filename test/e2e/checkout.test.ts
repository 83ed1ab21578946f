/**
 * Browser journeys of the one-screen checkout (issue 16 items 6 and 8): 立即购买
 * on a SKU without a group price, the only address preselected, two taps to the
 * pay sheet, on a phone and at a desktop 1366×768; a wallet short of the total shown
 * before any order exists and topped up by exactly the difference, back to the
 * same checkout; confirming receipt asked once in a dialog (Escape and "not yet"
 * leave the order shipped, "yes" settles it). Paid with the wallet throughout.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.js';
import { given, type GivenOperator, type GivenUser } from '../support/given.js';
import { axeViolations, formatViolations } from '../support/axe.js';
import { journeyRig, RUN_BROWSER, screenshotter, see, typePin, warnIfSkipped } from '../support/browser.js';

const screenshot = screenshotter('checkout-', { fromTop: true });
const PIN = '258036';
const DESKTOP = { width: 1366, height: 768 };

warnIfSkipped('the checkout browser journeys are');

describe.skipIf(!RUN_BROWSER)('one-screen checkout in Chromium', () => {
  const rig = journeyRig();
  let t: TestApp;
  let operator: GivenOperator;
  beforeAll(async () => {
    t = rig.app;
    operator = await given.operator(t, await given.admin(t));
  });

  const wallet = async (user: GivenUser) => (await t.http.get('/wallet', { token: user.token })).body as { balance: number; held: number };
  const myOrders = async (user: GivenUser) => (await t.http.get('/orders', { token: user.token })).body.items as { id: string; status: string; number: string }[];
  const cartLines = async (page: Page) => JSON.parse(String(await page.evaluate(`localStorage.getItem('agora.cart') ?? '[]'`))) as { skuId: string }[];
  /** No serious or critical axe violation in what the page shows now. */
  const accessible = async (page: Page, where: string) => {
    const found = await axeViolations(page);
    expect(found, formatViolations(where, found)).toEqual([]);
  };
  /** A radio drawn as a card: tapped where the buyer taps, on its label. */
  const choose = (page: Page, testId: string) => page.locator('label', { has: page.getByTestId(testId) }).click();
  async function buyer(funds: number): Promise<GivenUser & { addressId: string }> {
    const user = await given.user(t, { pin: PIN });
    if (funds > 0) await given.funds(t, user, funds);
    return { ...user, addressId: await given.address(t, user) };
  }

  for (const [name, viewport] of [['phone', null], ['desktop', DESKTOP]] as const) {
    it(`${name}: 立即购买 then 提交订单 — the only address chosen, no add-on ticked, the balance shown — and the PIN pays; the cart is left alone`, { timeout: 90_000 }, async () => {
      const product = await given.product(t, operator, {
        title: `保温杯 ${name}`,
        skus: [
          { name: '350ml', price: 5_900, stock: 10 },
          { name: '500ml', price: 7_900, stock: 10 },
        ],
        addOns: [{ title: '杯套', price: 900 }],
      });
      const [small, large] = product.skus as { id: string }[];
      const b = await buyer(20_000);
      const { page, posts } = await rig.page({ token: b.token });
      if (viewport) await page.setViewportSize(viewport);

      // Something already in the cart, which buying now must not touch.
      await page.goto(`${t.url}/products/${product.id}`);
      await page.getByTestId('product-add-to-cart').click();
      await see(page, 'cart-added', '已加入购物车');
      await choose(page, `cart-sku-${large!.id}`);
      expect(await page.getByTestId('product-addons').locator('input:checked').count()).toBe(0);

      await screenshot(page, `00-product-${name}`);
      // Tap 1.
      await page.getByTestId('product-buy-now').click();
      await page.waitForURL(/\/checkout\?/);
      await see(page, 'checkout-line', '500ml × 1');
      expect(await page.getByTestId('checkout-addresses').locator('input:checked').count()).toBe(1);
      expect(await page.getByTestId(`checkout-address-${b.addressId}`).isChecked()).toBe(true);
      expect(await page.getByTestId('checkout-addon-choices').locator('input:checked').count()).toBe(0);
      await see(page, 'checkout-total', '¥79.00');
      await see(page, 'checkout-balance', '¥200.00');
      await see(page, 'checkout-balance-enough', '余额足够');
      expect(await page.getByTestId('checkout-place').isEnabled()).toBe(true);
      await screenshot(page, `01-buy-now-${name}`);
      await accessible(page, `buy-now checkout (${name})`);

      // Tap 2.
      await page.getByTestId('checkout-place').click();
      await page.waitForURL('**/orders/*');
      expect(posts.filter((p) => p.path === '/orders').map((p) => p.body)).toEqual([{ items: [{ skuId: large!.id, quantity: 1 }], addressId: b.addressId }]);
      await see(page, 'pay-amount', '¥79.00');
      const [order] = await myOrders(b);
      await see(page, 'order-number', `订单号 ${order!.number}`);
      expect(order!.number).toMatch(/^\d{14}$/);
      await typePin(page, PIN);
      await see(page, 'order-status', '已付款');
      await screenshot(page, `02-paid-${name}`);

      expect((await cartLines(page)).map((line) => line.skuId)).toEqual([small!.id]);
      expect(await wallet(b)).toMatchObject({ balance: 20_000 - 7_900, held: 7_900 });
      // The orders list shows the short number, and finds the order by it.
      await page.goto(`${t.url}/orders?number=${order!.number}`);
      await see(page, 'orders-item-number', order!.number);
      expect(await page.getByTestId('orders-item').count()).toBe(1);
      await accessible(page, `orders found by number (${name})`);
    });
  }

  it('a wallet short of the total says by how much before any order exists; topping up exactly that comes back to the same checkout', { timeout: 90_000 }, async () => {
    const product = await given.product(t, operator, { title: '空气炸锅', skus: [{ name: '4L', price: 12_900, stock: 5 }] });
    const b = await buyer(5_000);
    const second = await given.address(t, b);
    const { page, posts } = await rig.page({ token: b.token });
    await page.setViewportSize(DESKTOP);

    await page.goto(`${t.url}/products/${product.id}`);
    await page.getByTestId('product-buy-now').click();
    await page.waitForURL(/\/checkout\?/);
    // Two addresses, neither used yet: none is guessed, and placing says why it cannot.
    expect(await page.getByTestId('checkout-addresses').locator('input:checked').count()).toBe(0);
    expect(await page.getByTestId('checkout-place').isDisabled()).toBe(true);
    await see(page, 'checkout-no-address', '请选择收货地址');
    await choose(page, `checkout-address-${second}`);
    expect(await page.getByTestId('checkout-place').isEnabled()).toBe(true);

    await see(page, 'checkout-balance', '¥50.00');
    await see(page, 'checkout-shortfall', '还差 ¥79.00');
    await see(page, 'checkout-payment', '微信支付或支付宝');
    expect(await myOrders(b)).toEqual([]);
    await screenshot(page, '03-shortfall');
    await accessible(page, 'checkout short of money');

    await page.getByTestId('checkout-top-up').click();
    await page.waitForURL('**/wallet/top-up?*');
    expect(await page.locator('input[name="amount"]').inputValue()).toBe('79.00');
    await page.getByTestId('top-up-submit').click();
    await page.getByTestId('sandbox-sheet').waitFor();
    await see(page, 'sandbox-amount', '¥79.00');
    await page.getByTestId('sandbox-pay').click();

    // Back where it was: the same item, the address chosen, the balance now enough.
    await page.waitForURL(/\/checkout\?/);
    await see(page, 'checkout-balance', '¥129.00');
    await see(page, 'checkout-balance-enough', '余额足够');
    expect(await page.getByTestId(`checkout-address-${second}`).isChecked()).toBe(true);
    expect(posts.filter((p) => p.path === '/wallet/top-ups').map((p) => p.body)).toEqual([{ amount: 7_900 }]);
    await screenshot(page, '04-topped-up');

    await page.getByTestId('checkout-place').click();
    await page.waitForURL('**/orders/*');
    await typePin(page, PIN);
    await see(page, 'order-status', '已付款');
    expect(await wallet(b)).toMatchObject({ balance: 0, held: 12_900 });
    expect(posts.filter((p) => p.path === '/orders').map((p) => p.body?.addressId)).toEqual([second]);
  });

  it('confirming receipt asks once, saying the money goes to the shop: Escape and "not yet" keep it shipped, "yes" settles it', { timeout: 90_000 }, async () => {
    const product = await given.product(t, operator, { title: '蓝牙耳机', skus: [{ name: '白色', price: 19_900, stock: 5 }] });
    const b = await buyer(30_000);
    const act = async (user: GivenUser, path: string, body?: unknown) => {
      const res = await t.http.post(path, body, { token: user.token, headers: { 'idempotency-key': randomUUID() } });
      expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
      return res.body.order as { id: string };
    };
    const order = await act(b, '/orders', { items: [{ skuId: product.skus[0].id, quantity: 1 }], addressId: b.addressId });
    await act(b, `/orders/${order.id}/pay`, { pin: PIN });
    await act(operator.owner, `/orders/${order.id}/ship`, { carrier: '顺丰速运', trackingNumber: 'SF1234567890' });
    const receivable = async () => (await t.ctx.ledger.balanceOf(t.ctx.database.db, 'operator_receivable', operator.id)).available;
    const shopBefore = await receivable();

    const { page, posts } = await rig.page({ token: b.token });
    await page.goto(`${t.url}/orders/${order.id}`);
    await see(page, 'order-status', '已发货');
    const dialog = page.getByTestId('receipt-dialog');

    await page.getByTestId('order-confirm-receipt').click();
    await see(page, 'receipt-dialog', '¥199.00 将立即付给商家');
    expect(await dialog.isVisible()).toBe(true);
    // Focus starts on the safe answer and stays inside the dialog.
    expect(await page.evaluate(`document.activeElement?.getAttribute('data-testid')`)).toBe('receipt-dialog-cancel');
    await screenshot(page, '05-receipt-dialog');
    await accessible(page, 'the confirm-receipt dialog');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);

    await page.getByTestId('order-confirm-receipt').click();
    await page.getByTestId('receipt-dialog-cancel').click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await see(page, 'order-status', '已发货');
    expect(posts.filter((p) => p.path.endsWith('/confirm-receipt'))).toEqual([]);
    expect((await t.http.get(`/orders/${order.id}`, { token: b.token })).body.status).toBe('shipped');
    expect(await wallet(b)).toMatchObject({ balance: 10_100, held: 19_900 });

    await page.getByTestId('order-confirm-receipt').click();
    await page.getByTestId('receipt-dialog-confirm').click();
    await see(page, 'order-status', '已收货');
    expect(posts.filter((p) => p.path.endsWith('/confirm-receipt'))).toHaveLength(1);
    expect((await t.http.get(`/orders/${order.id}`, { token: b.token })).body.status).toBe('received');
    // Escrow released: nothing of the buyer's is held any more; the shop has the price less the platform fee.
    expect(await wallet(b)).toMatchObject({ balance: 10_100, held: 0 });
    const fee = Math.floor((19_900 * t.ctx.config.platformFeeBps) / 10_000);
    expect((await receivable()) - shopBefore).toBe(19_900 - fee);
  });
});
