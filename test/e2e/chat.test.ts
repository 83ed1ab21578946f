/**
 * The buyer's chat with a shop in the browser (issue 18 items 1, 2, 4):
 * a buyer presses 联系客服 on a product → sends the product card (「发送商品」) and a question →
 * the shop answers through the API as its owner → the buyer sees the answer live, without a
 * reload, and then 已读 on their own message once the shop reads it → away from the thread the
 * 消息 tab's unread badge rises with the shop's next message and clears when the thread is
 * opened → a message holding a phone number shows masked with the notice → a prohibited word is
 * refused in words, never a code → the shop's message can be reported with a reason in words.
 * axe-core on the list and the thread, in zh-CN and English.
 *
 * Same rig as the other journeys: Debian's Chromium through playwright-core against a real
 * Agora on PGlite. Screenshots go to test-results/chat-*.png.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.js';
import { axeViolations, formatViolations } from '../support/axe.js';
import { journeyRig, RUN_BROWSER, screenshotter, see, UI_TIMEOUT, UUID_V4, warnIfSkipped } from '../support/browser.js';
import { given, type GivenOperator, type GivenUser } from '../support/given.js';

const screenshot = screenshotter('chat-');
const PRICE = 12_900;
const PIN = '258036';
/** Any UUID (the ids are v7); the Idempotency-Keys are v4. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

warnIfSkipped('the chat browser journey is');

describe.skipIf(!RUN_BROWSER)('chat with the shop in Chromium (390×844)', () => {
  const rig = journeyRig();
  let t: TestApp;
  let shop: GivenOperator;
  let buyer: GivenUser;
  let productId: string;
  let firstConversation = '';
  beforeAll(async () => {
    t = rig.app;
    shop = await given.operator(t, await given.admin(t), { viaSms: false, shopName: '竹语小铺' });
    const product = await given.product(t, shop, { title: '手工竹编收纳篮', skus: [{ name: '大号', price: PRICE, stock: 10 }] });
    productId = product.id;
    buyer = await given.user(t, { viaSms: false, displayName: '买家小王' });
  });

  /** The shop's side through the API, as its owner (the shop's inbox page is another branch's). */
  async function shopSays(conversationId: string, text: string) {
    const res = await t.http.post(`/conversations/${conversationId}/messages`, { kind: 'text', text }, { token: shop.owner.token, headers: { 'idempotency-key': randomUUID() } });
    expect(res.status, res.text).toBe(201);
  }
  const accessible = async (page: Page, where: string) => {
    const found = await axeViolations(page);
    expect(found, formatViolations(where, found)).toEqual([]);
  };
  const bubbles = (page: Page) => page.getByTestId('chat-message');

  it('联系客服 on a product → product card and a question → the shop answers live → 已读 → the unread badge rises and clears → a phone number shows masked', { timeout: 150_000 }, async () => {
    const { page: b, posts } = await rig.page({ token: buyer.token });

    // 联系客服 on the product page opens the conversation, offering the product.
    await b.goto(`${t.url}/products/${productId}`);
    await see(b, 'product-title', '手工竹编收纳篮');
    await b.getByTestId('contact-shop').click();
    await b.waitForURL(`**/messages/*?product=${productId}`);
    const conversationId = new URL(b.url()).pathname.split('/').pop()!;
    expect(conversationId).toMatch(UUID);
    firstConversation = conversationId;
    await see(b, 'conversation-shop', '竹语小铺');
    await see(b, 'chat-offer', '手工竹编收纳篮');
    await see(b, 'chat-offer-send', '发送商品');
    await b.getByTestId('chat-offer-send').click();
    await see(b, 'chat-card-product', '手工竹编收纳篮');
    await see(b, 'chat-card-price', '¥129.00');
    await see(b, 'chat-card-product', '在售');
    expect(await b.getByTestId('chat-offer').count()).toBe(0);

    await b.getByTestId('chat-input').fill('请问大号能放下 A4 文件夹吗？');
    await b.getByTestId('chat-send').click();
    await expect.poll(() => bubbles(b).count(), { timeout: UI_TIMEOUT }).toBe(2);
    await see(b, 'chat-thread', '请问大号能放下 A4 文件夹吗？');
    await see(b, 'chat-receipt', '未读');
    const sent = posts.filter((p) => p.path === `/conversations/${conversationId}/messages`);
    expect(sent.map((p) => p.body)).toEqual([
      { kind: 'product', productId },
      { kind: 'text', text: '请问大号能放下 A4 文件夹吗？' },
    ]);
    for (const p of sent) expect(p.key).toMatch(UUID_V4);

    // The shop answers: it shows without a reload; once the shop reads, the buyer's messages say 已读.
    await shopSays(conversationId, '可以的，内径 35×25 厘米，A4 文件夹正好放下。');
    await see(b, 'chat-thread', 'A4 文件夹正好放下');
    expect(await bubbles(b).last().getAttribute('data-from')).toBe('shop');
    expect((await t.http.post(`/conversations/${conversationId}/read`, {}, { token: shop.owner.token })).status).toBe(204);
    await expect.poll(() => b.getByTestId('chat-receipt').last().innerText(), { timeout: UI_TIMEOUT }).toBe('已读');
    await accessible(b, 'the thread');
    await screenshot(b, '01-thread');

    // Away from the thread, the tab's badge counts the shop's next message, live, and clears when it is read.
    await b.getByTestId('tab-messages').click();
    await see(b, 'conversation-item', '竹语小铺');
    await expect.poll(() => b.getByTestId('tab-messages').getAttribute('data-unread'), { timeout: UI_TIMEOUT }).toBe('0');
    await shopSays(conversationId, '今天下单明天发货哦');
    await expect.poll(() => b.getByTestId('tab-messages').getAttribute('data-unread'), { timeout: UI_TIMEOUT }).toBe('1');
    await see(b, 'tab-messages-badge', '1');
    await see(b, 'conversation-item', '今天下单明天发货哦');
    await see(b, 'conversation-unread', '1');
    await accessible(b, 'the list');
    await screenshot(b, '02-list');
    await b.getByTestId('lang-en').click();
    await see(b, 'tab-messages', 'Messages');
    await accessible(b, 'the list (en)');
    await b.getByTestId('lang-zh-CN').click();
    await b.getByTestId('conversation-item').click();
    await see(b, 'chat-thread', '今天下单明天发货哦');
    await expect.poll(() => b.getByTestId('tab-messages').getAttribute('data-unread'), { timeout: UI_TIMEOUT }).toBe('0');
    expect(await b.getByTestId('tab-messages-badge').count()).toBe(0);

    // A phone number is masked on display, with the notice; nothing of it reaches the page.
    await b.getByTestId('chat-input').fill('不方便的话打我电话 138 0013 8000');
    await b.getByTestId('chat-send').click();
    await expect.poll(() => b.getByTestId('chat-masked-notice').count(), { timeout: UI_TIMEOUT }).toBe(1);
    await see(b, 'chat-masked-notice', '为保障交易安全，联系方式');
    await see(b, 'chat-masked-notice', '已隐藏，请勿在平台外交易');
    expect(await bubbles(b).last().getAttribute('data-masked')).toBe('true');
    expect(await b.getByTestId('chat-thread').innerText()).not.toMatch(/138\s*0013\s*8000/);

    // A prohibited word is refused in words, and the text stays to be changed.
    await b.getByTestId('chat-input').fill('有高仿的吗');
    await b.getByTestId('chat-send').click();
    await see(b, 'chat-send-error', '平台不允许');
    expect(await b.getByTestId('chat-send-error').innerText()).not.toMatch(/[A-Z_]{6,}|422/);
    expect(await b.getByTestId('chat-input').inputValue()).toBe('有高仿的吗');

    // The shop's message can be reported, with a reason in words.
    await bubbles(b).filter({ hasText: '今天下单明天发货哦' }).getByTestId('chat-report').click();
    await see(b, 'chat-report-reason-fraud', '诈骗');
    await b.getByTestId('chat-report-reason-spam').click();
    await accessible(b, 'the report dialog');
    await b.getByTestId('chat-report-submit').click();
    await expect.poll(() => posts.filter((p) => p.path.startsWith('/messages/') && p.path.endsWith('/reports')).map((p) => p.body), { timeout: UI_TIMEOUT }).toEqual([{ reason: 'spam' }]);
    // The answer is shown in words either way: thanks once the reports are stored (i18-chat-governance), a sentence otherwise — never a code.
    const answer = b.getByTestId('chat-report-done').or(b.getByTestId('chat-report-error'));
    await answer.first().waitFor({ timeout: UI_TIMEOUT });
    expect(await answer.first().innerText()).not.toMatch(/[A-Z_]{6,}|\b[45]\d\d\b/);
    await b.keyboard.press('Escape');

    await b.getByTestId('lang-en').click();
    await see(b, 'chat-masked-notice', 'hidden');
    await accessible(b, 'the thread (en)');
    await screenshot(b, '03-thread-en');
    await b.getByTestId('lang-zh-CN').click();
  });

  it('联系客服 on an order page offers the order: 「发送订单」 sends a card with its number, total and status in words', { timeout: 90_000 }, async () => {
    const customer = await given.user(t, { pin: PIN, viaSms: false, displayName: '买家小李' });
    await given.funds(t, customer, 100_000);
    const addressId = await given.address(t, customer);
    const product = await given.product(t, shop, { title: '竹编果盘', skus: [{ name: '圆形', price: 5_900, stock: 5 }] });
    const placed = await t.http.post('/orders', { addressId, items: [{ skuId: product.skus[0].id, quantity: 2 }] }, { token: customer.token, headers: { 'idempotency-key': randomUUID() } });
    expect(placed.status, placed.text).toBe(201);
    const order = placed.body.order as { id: string; number: string };
    const { page: b } = await rig.page({ token: customer.token });
    await b.goto(`${t.url}/orders/${order.id}`);
    await b.getByTestId('contact-shop').click();
    await b.waitForURL(`**/messages/*?order=${order.id}`);
    await see(b, 'chat-offer', order.number);
    await see(b, 'chat-offer-send', '发送订单');
    await b.getByTestId('chat-offer-send').click();
    await see(b, 'chat-card-order', order.number);
    await see(b, 'chat-card-order', '¥118.00');
    await see(b, 'chat-card-order', '共 2 件');
    await see(b, 'chat-card-order', '待付款');
    expect(await b.getByTestId('chat-offer').count()).toBe(0);
    await screenshot(b, '04-order-card');
  });

  it('联系客服 on the shop page opens the same conversation; signed out it leads to the login', { timeout: 60_000 }, async () => {
    const { page: b } = await rig.page({ token: buyer.token });
    await b.goto(`${t.url}/shops/${shop.id}`);
    await b.getByTestId('contact-shop').click();
    await b.waitForURL('**/messages/*');
    expect(new URL(b.url()).pathname).toBe(`/messages/${firstConversation}`);
    await see(b, 'conversation-shop', '竹语小铺');
    await see(b, 'chat-thread', '请问大号能放下 A4 文件夹吗？');
    expect(await b.getByTestId('chat-offer').count()).toBe(0);

    const { page: guest } = await rig.page();
    await guest.goto(`${t.url}/shops/${shop.id}`);
    await see(guest, 'contact-shop-login', '登录后联系客服');
  });
});
