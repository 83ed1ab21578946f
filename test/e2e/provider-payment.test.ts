/**
 * Browser journey (issue 16 item 7): a buyer with an empty wallet pays an order through
 * the payment provider on a phone. The pay sheet shows the balance is short and offers
 * WeChat Pay / Alipay; the buyer picks Alipay and enters the PIN, lands on the sandbox
 * provider's cashier page (merchant, amount, order; 确认支付 / 取消), confirms, and is
 * sent back to the order, now paid. The wallet never moved and the books balance,
 * the provider's money included.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { providerMoneyProblems } from '../../src/modules/payments/index.js';
import type { TestApp } from '../support/app.js';
import { given } from '../support/given.js';
import { journeyRig, RUN_BROWSER, screenshotter, see, typePin, warnIfSkipped } from '../support/browser.js';

const screenshot = screenshotter('provider-payment-', { fromTop: true });

warnIfSkipped('the provider payment browser journey is');

describe.skipIf(!RUN_BROWSER)('paying through the provider in Chromium (390×844)', () => {
  const rig = journeyRig();
  let t: TestApp;
  beforeAll(() => {
    t = rig.app;
  });

  it('picks Alipay, confirms on the provider’s page, and comes back to a paid order; the wallet is untouched', { timeout: 90_000 }, async () => {
    const admin = await given.admin(t);
    const operator = await given.operator(t, admin);
    const product = await given.product(t, operator);
    const buyer = await given.user(t, { pin: '258036' });
    const addressId = await given.address(t, buyer);
    const placed = await t.http.post('/orders', { addressId, items: [{ skuId: product.skus[0].id, quantity: 1 }] }, { token: buyer.token, headers: { 'idempotency-key': randomUUID() } });
    expect(placed.status, placed.text).toBe(201);
    const orderId = placed.body.order.id as string;
    const { page, posts } = await rig.page({ token: buyer.token });

    await page.goto(`${t.url}/orders/${orderId}`);
    await see(page, 'pay-amount', '¥129.00');
    await see(page, 'pay-methods', '余额 ¥0.00，不足');
    // The balance does not cover it: the provider is offered first, no top-up needed.
    await page.getByTestId('pay-method-wechat_pay').and(page.locator(':checked')).waitFor();
    await screenshot(page, '01-pay-sheet');
    await page.getByTestId('pay-methods').getByText('支付宝', { exact: true }).click();
    expect(await page.getByTestId('pay-method-alipay').isChecked()).toBe(true);
    await typePin(page, '258036');

    await page.waitForURL('**/api/v1/sandbox/pay/*');
    const cashier = await page.locator('main').innerText();
    expect(cashier).toContain('支付宝');
    expect(cashier).toContain('¥129.00');
    expect(cashier).toContain('Agora');
    expect(cashier).toContain(`订单 ${placed.body.order.number}`);
    expect(cashier).toContain('取消');
    await screenshot(page, '02-cashier');
    await page.getByRole('button', { name: /确认支付/ }).click();

    await page.waitForURL(`**/orders/${orderId}?payment=*`);
    await see(page, 'order-status', '已付款');
    await screenshot(page, '03-paid');
    const pay = posts.filter((post) => post.path === `/orders/${orderId}/pay`);
    expect(pay.map((p) => p.body)).toEqual([{ method: 'provider', channel: 'alipay', pin: '258036' }]);
    expect((await t.http.get('/wallet', { token: buyer.token })).body).toEqual({ balance: 0, held: 0, incoming: 0 });
    expect(await providerMoneyProblems(t.ctx.database.db, t.ctx.ledger)).toEqual([]);
  });
});
