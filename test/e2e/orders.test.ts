/**
 * Browser journey for orders (CONVENTIONS.md §9: whole journeys only): a buyer adds
 * a product to the cart without its add-on (R7: never pre-selected), checks out
 * with a new address, pays with the PIN pad and sees the order paid; the shop ships
 * it from the dashboard; the buyer confirms receipt. The total has no add-on, the
 * wallet is down by exactly the price, and the books balance.
 *
 * Same rig as wallet.test.ts: Debian's Chromium through playwright-core against a
 * real Agora on PGlite; screenshots go to test-results/orders-*.png. Sessions are
 * made through the API (test/support/given.ts) and handed to the browser as the
 * `agora_session` cookie.
 */
import { type Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.js';
import { given, type GivenUser } from '../support/given.js';
import { journeyRig, RUN_BROWSER, screenshotter, see, typePin, UUID_V4, warnIfSkipped, type SentPost } from '../support/browser.js';

const screenshot = screenshotter('orders-', { fromTop: true });

warnIfSkipped('the orders browser journey is');

describe.skipIf(!RUN_BROWSER)('orders in Chromium (390×844)', () => {
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

  it('adds to the cart without the add-on, checks out with a new address, pays with the PIN; the shop ships; the buyer confirms receipt', { timeout: 90_000 }, async () => {
    const admin = await given.admin(t);
    const operator = await given.operator(t, admin);
    const product = await given.product(t, operator, { addOns: [{ title: '礼盒包装', price: 800 }] });
    const price = product.skus[0].price as number;
    const buyer = await given.user(t, { pin: '258036' });
    await given.funds(t, buyer, 100_000);
    const { page, posts } = await newPage(buyer);

    // The product page: the add-on is offered but not ticked (R7); add one to the cart as it is.
    await page.goto(`${t.url}/products/${product.id}`);
    await see(page, 'product-addon', '+¥8.00');
    expect(await page.getByTestId('product-addons').locator('input:checked').count()).toBe(0);
    await screenshot(page, '01-product');
    await page.getByTestId('product-add-to-cart').click();
    await see(page, 'cart-added', '已加入购物车');
    await page.getByTestId('cart-go').click();
    await page.waitForURL('**/cart');
    await see(page, 'cart-shop', '好物旗舰店');
    await see(page, 'cart-shop-total', '¥129.00');
    expect(await page.getByTestId('cart-line-addons').count()).toBe(0);
    await screenshot(page, '02-cart');

    // Checkout: no address yet, so one is added inline and chosen.
    await page.getByTestId('cart-checkout').click();
    await page.waitForURL('**/checkout');
    await page.getByTestId('address-form').waitFor();
    await page.getByTestId('address-recipient').fill('王收货');
    await page.getByTestId('address-phone').fill('13912345678');
    await page.getByTestId('address-region').fill('北京市 朝阳区');
    await page.getByTestId('address-line').fill('建国路 1 号 2 单元 301');
    await page.getByTestId('address-save').click();
    await page.getByTestId('checkout-address').waitFor();
    expect(await page.getByTestId('checkout-address').locator('input:checked').count()).toBe(1);
    await see(page, 'checkout-addons', '未选加购项');
    await see(page, 'checkout-total', '¥129.00');
    await screenshot(page, '03-checkout');
    await page.getByTestId('checkout-place').click();
    await page.waitForURL('**/orders/*');
    const orderId = new URL(page.url()).pathname.split('/').pop()!;
    const checkout = posts.filter((post) => post.path === '/orders');
    expect(checkout).toHaveLength(1);
    expect(checkout[0]!.key).toMatch(UUID_V4);
    expect(checkout[0]!.body).toEqual({ items: [{ skuId: product.skus[0].id, quantity: 1 }], addressId: expect.any(String) });

    // The pay sheet: the amount, the time left, the PIN pad.
    await see(page, 'order-status', '待付款');
    await see(page, 'pay-amount', '¥129.00');
    await see(page, 'pay-countdown', /请在 (29|30):\d\d 内完成支付/);
    await screenshot(page, '04-pay-sheet');
    await typePin(page, '258036');
    await see(page, 'order-status', '已付款');
    const pay = posts.filter((post) => post.path === `/orders/${orderId}/pay`);
    expect(pay).toHaveLength(1);
    expect(pay[0]!.key).toMatch(UUID_V4);
    expect(pay[0]!.key).not.toBe(checkout[0]!.key);
    expect(await page.getByTestId('pay-sheet').count()).toBe(0);
    await see(page, 'order-timeline', '已付款');
    await screenshot(page, '05-paid');

    // The shop ships it from its console's orders, seeing where to.
    const shop = (await newPage(operator.owner)).page;
    await shop.goto(`${t.url}/shop/orders`);
    await shop.getByTestId('shop-orders').waitFor();
    await see(shop, 'shop-order-status', '已付款');
    await see(shop, 'shop-order-address', '建国路 1 号 2 单元 301');
    await shop.getByTestId('shop-ship-carrier').fill('顺丰速运');
    await shop.getByTestId('shop-ship-tracking').fill('SF1234567890');
    await screenshot(shop, '06-shop-ship');
    await shop.getByTestId('shop-ship-submit').click();
    await see(shop, 'shop-order-status', '已发货');
    await see(shop, 'shop-order-shipping', 'SF1234567890');

    // The buyer sees it shipped and confirms receipt.
    await page.reload();
    await see(page, 'order-status', '已发货');
    await see(page, 'order-shipping', '顺丰速运 SF1234567890');
    await page.getByTestId('order-confirm-receipt').click();
    await page.getByTestId('receipt-dialog-confirm').click();
    await see(page, 'order-status', '已收货');
    await see(page, 'order-timeline', '已确认收货');
    await see(page, 'order-total', '¥129.00');
    expect(await page.getByTestId('order-addon').count()).toBe(0);
    await screenshot(page, '07-received');

    const order = (await t.http.get(`/orders/${orderId}`, { token: buyer.token })).body;
    expect(order.total).toBe(price);
    expect(order.addOns).toEqual([]);
    const wallet = (await t.http.get('/wallet', { token: buyer.token })).body;
    expect(wallet.balance).toBe(100_000 - price);

    // From Me: the orders list shows it.
    await page.goto(`${t.url}/me`);
    await page.getByTestId('link-orders').click();
    await page.waitForURL('**/orders');
    await see(page, 'orders-item', '补水保湿面膜');
    expect(await t.ctx.ledger.check(t.ctx.database.db)).toEqual([]);
  });
  it('a payment of ¥2,000 or more without a second factor explains the step-up and links to /me/passkeys and /me/totp', { timeout: 60_000 }, async () => {
    const admin = await given.admin(t);
    const operator = await given.operator(t, admin, { shopName: '大件家电店' });
    const product = await given.product(t, operator, { title: '空气净化器', skus: [{ name: '标准版', price: 250_000, stock: 5 }] });
    const buyer = await given.user(t, { pin: '258036' });
    const addressId = await given.address(t, buyer);
    const placed = await t.http.post('/orders', { items: [{ skuId: product.skus[0].id, quantity: 1 }], addressId }, { token: buyer.token });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const { page, posts } = await newPage(buyer);

    await page.goto(`${t.url}/orders/${placed.body.order.id}`);
    await see(page, 'pay-amount', '¥2,500.00');
    await typePin(page, '258036');
    await see(page, 'pay-needs-second-factor', '¥2,000 及以上的付款需要先添加通行密钥或绑定身份验证器');
    expect(await page.getByTestId('pay-to-passkeys').getAttribute('href')).toBe('/me/passkeys');
    expect(await page.getByTestId('pay-to-totp').getAttribute('href')).toBe('/me/totp');
    const pay = posts.filter((post) => post.path === `/orders/${placed.body.order.id}/pay`);
    expect(pay).toHaveLength(1);
    // An empty wallet: the sheet offers WeChat Pay first (issue 16 item 7); the step-up is the same either way.
    expect(pay[0]!.body).toEqual({ method: 'provider', channel: 'wechat_pay', pin: '258036' });
    expect(pay[0]!.key).toMatch(UUID_V4);
    await see(page, 'order-status', '待付款');
    await screenshot(page, '08-step-up-needs-totp');
  });
});
