/**
 * Issue 18's shop journey in the browser: the owner adds a staff member on 店铺客服 and saves a
 * quick reply → a buyer, on a phone, asks the shop about a product with a product card (联系客服
 * on the product page) → the staff member, at a desktop's 1366×768, sees the conversation at the
 * top of 客服消息 as 待回复 with the buyer's display name only, opens it and answers with the
 * quick reply → the buyer's open thread shows the answer live and the shop sees 已读; the
 * storefront shows 平均响应时间 → the buyer orders, pays and sends the order card from the order
 * page, which appears in the open inbox thread live, without a reload → the owner sees which
 * staff member answered. Then axe on the inbox, the quick replies and the staff page in both
 * languages, and the inbox on a phone.
 * Before that, 店铺客服 on its own: refusals in words, add, remove, and a staff member's console.
 *
 * The buyer uses the buyer's chat pages (i18-chat-web, merged) on a phone; ordering and paying
 * go over the API (checkout has its own journeys). Same rig as the other journeys: Debian's Chromium
 * through playwright-core against a real Agora on PGlite; screenshots in test-results/chat-shop-*.png.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.js';
import { axeViolations, formatViolations } from '../support/axe.js';
import { journeyRig, RUN_BROWSER, screenshotter, see, UI_TIMEOUT, warnIfSkipped } from '../support/browser.js';
import { given, type GivenUser } from '../support/given.js';

const screenshot = screenshotter('chat-shop-', { fromTop: true });
const PIN = '258036';
const PRICE = 12_900;
const QUICK = '亲，现货，今天 16 点前下单当天发货。';

warnIfSkipped('the shop chat browser journey is');

describe.skipIf(!RUN_BROWSER)('the shop answers a buyer from the desktop inbox in Chromium', () => {
  const rig = journeyRig();
  let t: TestApp;
  let admin: GivenUser;
  beforeAll(async () => {
    t = rig.app;
    admin = await given.admin(t);
  });

  async function post(user: GivenUser, path: string, body?: unknown) {
    const res = await t.http.post(path, body, { token: user.token, headers: { 'idempotency-key': randomUUID() } });
    expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
    return res.body;
  }

  it('店铺客服: an unknown phone and a member added twice are refused in words; a staff member added and removed; staff get a console of conversations only', { timeout: 120_000 }, async () => {
    const shop = await given.operator(t, admin, { viaSms: false, shopName: '小王杂货铺' });
    const staff = await given.user(t, { displayName: '兼职客服' });
    const { page: o } = await rig.page({ token: shop.owner.token, desktop: true });
    await o.goto(`${t.url}/shop`);
    await o.getByTestId('console-staff').click();
    await see(o, 'staff-list', '店主');
    await o.getByTestId('staff-phone').fill('12345');
    await o.getByTestId('staff-add').click();
    await see(o, 'staffPhone-error', '11 位');
    await o.getByTestId('staff-phone').fill('13912345678');
    await o.getByTestId('staff-add').click();
    await see(o, 'staff-add-error', '没有找到');
    await o.getByTestId('staff-phone').fill(staff.phone);
    await o.getByTestId('staff-add').click();
    await see(o, 'staff-added', '兼职客服');
    await o.getByTestId('staff-phone').fill(staff.phone);
    await o.getByTestId('staff-add').click();
    await see(o, 'staff-add-error', '已经是本店成员');
    await screenshot(o, 'staff-page');

    // The staff member's console: 客服消息 and 快捷回复 only; the owner's sections send them back.
    const { page: s } = await rig.page({ token: staff.token, desktop: true });
    await s.goto(`${t.url}/shop/inbox`);
    await s.getByTestId('shop-inbox-page').waitFor();
    await screenshot(s, 'staff-console');
    expect(await s.getByTestId('console-nav').innerText()).toMatch(/客服消息[\s\S]*快捷回复/);
    for (const section of ['console-orders', 'console-products', 'console-deposit', 'console-staff', 'console-settings']) expect(await s.getByTestId(section).count(), section).toBe(0);
    await s.goto(`${t.url}/shop/orders`);
    await s.waitForURL(`${t.url}/shop`);

    await o.getByTestId('staff-remove').click();
    await o.getByTestId('staff-remove-dialog-confirm').click();
    await expect.poll(() => o.getByTestId('staff-member').count()).toBe(1);
    await s.goto(`${t.url}/shop/inbox`);
    await s.waitForURL(`${t.url}/shop`);
  });

  it('product card → staff answers from the inbox with a quick reply → the buyer sees it live → the order card reaches the inbox live', { timeout: 240_000 }, async () => {
    const shop = await given.operator(t, admin, { viaSms: false, shopName: '条纹衬衫工坊' });
    const product = await given.product(t, shop, { title: '纯棉条纹衬衫', skus: [{ name: 'M 码', price: PRICE, stock: 20 }] });
    const staff = await given.user(t, { displayName: '客服小王' });
    const buyer = await given.user(t, { pin: PIN, viaSms: false, displayName: '买衬衫的小张' });
    await given.funds(t, buyer, 100_000);
    const addressId = await given.address(t, buyer);

    // 1. The owner adds the staff member by phone and saves a quick reply.
    const { page: o } = await rig.page({ token: shop.owner.token, desktop: true });
    await o.goto(`${t.url}/shop/staff`);
    await o.getByTestId('staff-phone').fill(staff.phone);
    await o.getByTestId('staff-add').click();
    await see(o, 'staff-added', '客服小王');
    await expect.poll(() => o.getByTestId('staff-member').count()).toBe(2);
    expect(await o.getByTestId('staff-list').innerText()).not.toContain(staff.phone);
    await o.goto(`${t.url}/shop/quick-replies`);
    await o.getByTestId('quick-reply-text').fill(QUICK);
    await o.getByTestId('quick-reply-save').click();
    await see(o, 'quick-replies', QUICK);

    // 2. The buyer, on a phone, asks about the product: 联系客服 → 发送商品 → a question.
    const { page: b } = await rig.page({ token: buyer.token });
    await b.goto(`${t.url}/products/${product.id}`);
    await b.getByTestId('contact-shop').click();
    await b.getByTestId('chat-offer-send').click();
    await see(b, 'chat-card-product', '纯棉条纹衬衫');
    await b.getByTestId('chat-input').fill('请问 M 码有现货吗？');
    await b.getByTestId('chat-send').click();
    await see(b, 'chat-thread', '请问 M 码有现货吗？');
    const conversationId = new URL(b.url()).pathname.split('/').at(-1)!;

    // 3. The staff member's desktop inbox: the conversation on top, 待回复, the buyer's name only.
    const { page: s } = await rig.page({ token: staff.token, desktop: true });
    await s.goto(`${t.url}/shop/inbox`);
    await see(s, 'inbox-buyer', '买衬衫的小张');
    expect(await s.getByTestId('inbox-row').first().getAttribute('data-unanswered')).toBe('true');
    await see(s, 'inbox-waiting', '待回复');
    expect(await s.getByTestId('inbox-list').innerText()).not.toContain(buyer.phone);
    // Staff see the conversations and quick replies only: no orders, products or deposit in their console.
    expect(await s.getByTestId('console-orders').count()).toBe(0);
    expect(await s.getByTestId('console-deposit').count()).toBe(0);
    await s.getByTestId('inbox-row').first().click();
    await see(s, 'chat-card-product', '纯棉条纹衬衫');
    await see(s, 'chat-card-product', '¥129.00');
    await see(s, 'inbox-messages', '请问 M 码有现货吗？');
    await screenshot(s, 'inbox-desktop');

    // 4. Answer with the quick reply; the buyer's open thread shows it without a reload.
    await s.getByTestId('quick-replies-toggle').click();
    await s.getByTestId('quick-pick').first().click();
    expect(await s.getByTestId('inbox-text').inputValue()).toBe(QUICK);
    await s.getByTestId('inbox-send').click();
    await expect.poll(() => s.getByTestId('inbox-message').filter({ hasText: QUICK }).count(), { timeout: UI_TIMEOUT }).toBe(1);
    await see(s, 'inbox-staff', '客服小王');
    await see(b, 'chat-thread', QUICK);
    expect(await b.getByTestId('chat-thread').innerText()).not.toContain('客服小王');
    // The buyer read it: the shop's receipt turns 已读 live.
    await expect.poll(() => s.getByTestId('inbox-receipt').last().getAttribute('data-read'), { timeout: UI_TIMEOUT }).toBe('true');
    await screenshot(b, 'buyer-answered');

    // The storefront now shows the shop's 平均响应时间 (its first answer, timed).
    await b.goto(`${t.url}/shops/${shop.id}`);
    await see(b, 'storefront-response-time', /平均响应时间：\d+ (秒|分钟)/);

    // 5. The buyer orders and pays (API), then sends the order card from the order page: it appears in the open thread live.
    const { order } = await post(buyer, '/orders', { items: [{ skuId: product.skus[0].id, quantity: 1 }], addressId });
    await post(buyer, `/orders/${order.id}/pay`, { pin: PIN });
    await b.goto(`${t.url}/orders/${order.id}`);
    await b.getByTestId('contact-shop').click();
    await b.getByTestId('chat-offer-send').click();
    await see(b, 'chat-thread', order.number as string);
    await see(s, 'chat-card-order', order.number as string);
    await see(s, 'chat-card-order', '已付款');
    await screenshot(s, 'order-card');

    // 6. The owner's inbox shows which staff member answered.
    await o.goto(`${t.url}/shop/inbox/${conversationId}`);
    await see(o, 'inbox-staff', '客服小王');

    // 7. Accessible in both languages at the desktop width; the phone shows one pane at a time.
    for (const language of ['zh-CN', 'en'] as const) {
      const { context, page } = await rig.page({ token: shop.owner.token, desktop: true });
      if (language === 'en') await context.addInitScript("localStorage.setItem('agora.language', 'en')");
      for (const path of ['/shop/inbox', `/shop/inbox/${conversationId}`, '/shop/quick-replies', '/shop/staff']) {
        await page.goto(`${t.url}${path}`);
        await page.getByTestId(path === '/shop/staff' ? 'staff-list' : path === '/shop/quick-replies' ? 'quick-replies' : 'inbox-list').waitFor();
        if (path.startsWith('/shop/inbox/')) await page.getByTestId('inbox-messages').waitFor();
        const violations = await axeViolations(page);
        expect(violations, formatViolations(`${language} ${path}`, violations)).toEqual([]);
      }
    }
    const { page: phone } = await rig.page({ token: staff.token });
    await phone.goto(`${t.url}/shop/inbox`);
    await phone.getByTestId('inbox-row').first().click();
    await see(phone, 'inbox-messages', QUICK);
    expect(await phone.getByTestId('inbox-list').isVisible()).toBe(false);
    await screenshot(phone, 'inbox-phone');
  });
});
