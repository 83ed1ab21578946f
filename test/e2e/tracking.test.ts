/**
 * The browser journey of parcel tracking (issue 17 items 5, 6, 11):
 * a paid order → the shop ships it from its console with the sandbox carrier (an approved
 * logistics provider; a number that carrier already has on its way is refused in words) → the buyer's order page shows the parcel's timeline → the sandbox
 * carrier is told to deliver at once → the buyer's page shows 已签收 and the days to the
 * automatic receipt live, without a reload → the buyer confirms receipt → reviews the item
 * with two photos → the shop replies from its console, and the product page shows both. A parcel sent
 * with "other" shows only its number; an exception shows its banner live. An admin issues
 * a logistics provider's API keys and sees the secret once (gone after a reload), then
 * rotates them. axe checks the timeline in zh-CN and in English.
 *
 * Same rig as the other journeys: Debian's Chromium through playwright-core against a
 * real Agora on PGlite; the shop, the order and its payment are set up over HTTP; the
 * carrier's events travel through the sandbox carrier's signed webhook. Screenshots go to
 * test-results/tracking-*.png.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.js';
import { axeViolations, formatViolations } from '../support/axe.js';
import { journeyRig, RUN_BROWSER, screenshotter, see, UI_TIMEOUT, UUID_V4, warnIfSkipped } from '../support/browser.js';
import { given, pngImage, type GivenOperator, type GivenUser } from '../support/given.js';

const screenshot = screenshotter('tracking-', { fromTop: true });
const PIN = '258036';
const PRICE = 12_900;
/** The demo carrier the sandbox seeds, approved and with keys only the sandbox knows. */
const SANDBOX_CARRIER = '安格拉沙箱快递';
const REVIEW_TEXT = '跟踪到签收只用了两天，壶身做工扎实，出水很稳。';
const REPLY_TEXT = '谢谢你的评价，祝冲煮愉快！';

warnIfSkipped('the parcel tracking browser journey is');

describe.skipIf(!RUN_BROWSER)('parcel tracking in Chromium (390×844)', () => {
  const rig = journeyRig();
  let t: TestApp;
  beforeAll(() => {
    t = rig.app;
  });

  /** A POST through the API with its Idempotency-Key; the answer's body. */
  async function post(user: GivenUser | null, path: string, body?: unknown) {
    const res = await t.http.post(path, body, { ...(user ? { token: user.token } : {}), headers: { 'idempotency-key': randomUUID() } });
    expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
    return res.body;
  }
  const get = async (user: GivenUser, path: string) => {
    const res = await t.http.get(path, { token: user.token });
    expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(200);
    return res.body;
  };
  /** No serious or critical axe violation in what the page shows now. */
  async function expectAxeClean(page: Page, where: string) {
    const found = await axeViolations(page);
    expect(found, formatViolations(where, found)).toEqual([]);
  }
  /** A unique tracking number the API takes (6–40 letters, digits, -). */
  const trackingNumber = (prefix: string) => `${prefix}${Date.now().toString().slice(-8)}${Math.floor(Math.random() * 1000)}`;

  /** A shop with a product, and a buyer with a paid order of it. */
  async function paidOrder(): Promise<{ shop: GivenOperator; buyer: GivenUser; orderId: string; productId: string }> {
    const admin = await given.admin(t);
    const shop = await given.operator(t, admin);
    const product = await given.product(t, shop, { title: '手冲咖啡壶', skus: [{ name: '600ml', price: PRICE, stock: 10 }] });
    const buyer = await given.user(t, { pin: PIN, displayName: '等快递的买家' });
    await given.funds(t, buyer, 100_000);
    const addressId = await given.address(t, buyer);
    const { order } = await post(buyer, '/orders', { items: [{ skuId: product.skus[0].id, quantity: 1 }], addressId });
    await post(buyer, `/orders/${order.id}/pay`, { pin: PIN });
    return { shop, buyer, orderId: order.id as string, productId: product.id as string };
  }

  const sandboxCarrierId = async (user: GivenUser): Promise<string> => {
    const { items } = await get(user, '/logistics/carriers');
    const carrier = items.find((item: { name: string }) => item.name === SANDBOX_CARRIER);
    expect(carrier, JSON.stringify(items)).toBeDefined();
    return carrier.id as string;
  };

  it('the shop ships with the sandbox carrier → the buyer follows the parcel live to 已签收 → confirms receipt → reviews with photos → the shop replies', { timeout: 180_000 }, async () => {
    const { shop, buyer, orderId, productId } = await paidOrder();
    const carrierId = await sandboxCarrierId(shop.owner);
    const number = trackingNumber('AG');

    // 1. The shop picks the sandbox carrier in its console's ship form.
    const { page: s, posts: shopPosts } = await rig.page({ token: shop.owner.token });
    await s.goto(`${t.url}/shop/orders`);
    const row = s.locator(`[data-testid="shop-order"][data-order-id="${orderId}"]`);
    await row.waitFor();
    await see(s, 'shop-order-status', '已付款');
    // 其他 is where the form starts: the shop chooses a carrier that reports to Agora.
    expect(await s.getByTestId('shop-ship-provider').inputValue()).toBe('other');
    await s.getByTestId('shop-ship-provider').selectOption({ label: SANDBOX_CARRIER });
    expect(await s.getByTestId('shop-ship-carrier').count()).toBe(0);
    // A number the carrier already has on its way (another shop's parcel) is refused, in words, and nothing ships.
    const elsewhere = await paidOrder();
    const taken = trackingNumber('TK');
    await post(elsewhere.shop.owner, `/orders/${elsewhere.orderId}/ship`, { carrier: SANDBOX_CARRIER, trackingNumber: taken, logisticsProviderId: carrierId });
    await s.getByTestId('shop-ship-tracking').fill(taken);
    await s.getByTestId('shop-ship-submit').click();
    await see(s, 'shop-ship-error', '已有一个使用该运单号');
    await see(s, 'shop-order-status', '已付款');
    await s.getByTestId('shop-ship-tracking').fill(number);
    await screenshot(s, '01-shop-ship-form');
    await s.getByTestId('shop-ship-submit').click();
    await see(s, 'shop-order-status', '已发货');
    const ships = shopPosts.filter((sent) => sent.path === `/orders/${orderId}/ship`);
    expect(ships).toHaveLength(2);
    expect(ships[1]!.key).toMatch(UUID_V4);
    expect(ships[1]!.key).not.toBe(ships[0]!.key);
    expect(ships[1]!.body).toEqual({ carrier: SANDBOX_CARRIER, trackingNumber: number, logisticsProviderId: carrierId });
    const shipped = await get(buyer, `/orders/${orderId}/tracking`);
    expect(shipped).toMatchObject({ carrier: SANDBOX_CARRIER, trackingNumber: number, providerId: carrierId });

    // 2. The buyer's order page: the carrier, the number to copy, the parcel's state.
    const { page: b } = await rig.page({ token: buyer.token });
    await b.goto(`${t.url}/orders/${orderId}`);
    await see(b, 'order-status', '已发货');
    await see(b, 'order-tracking', SANDBOX_CARRIER);
    await see(b, 'tracking-number', number);
    await see(b, 'tracking-state', /待揽收|已揽收|运输中|派送中/);
    expect(await b.getByTestId('tracking-countdown').count()).toBe(0);
    await screenshot(b, '02-buyer-shipped');

    // 3. The carrier delivers; the open page follows without a reload.
    await b.evaluate('window.__stillTheSamePage = true');
    const played = await post(null, `/sandbox/parcels/${number}/deliver`);
    expect(played.sent).toBeGreaterThan(0);
    await see(b, 'tracking-state', '已签收');
    expect(await b.evaluate('window.__stillTheSamePage === true')).toBe(true);
    await see(b, 'tracking-countdown', /已签收 · [67] 天后自动确认收货/);
    const events = b.getByTestId('tracking-event');
    await expect.poll(() => events.count()).toBeGreaterThanOrEqual(4);
    // Newest first: the delivery on top, the pick-up at the bottom; each in words with its place and time.
    expect(await events.first().getAttribute('data-kind')).toBe('delivered');
    expect(await events.last().getAttribute('data-kind')).toBe('picked_up');
    expect(await events.first().innerText()).toContain('已签收');
    const tracking = await get(buyer, `/orders/${orderId}/tracking`);
    expect(tracking.status).toBe('delivered');
    expect(await events.count()).toBe(tracking.events.length);
    const firstPlace = tracking.events.find((event: { place?: string }) => event.place)?.place as string | undefined;
    if (firstPlace) await see(b, 'tracking-events', firstPlace);
    await screenshot(b, '03-buyer-delivered-live');
    await expectAxeClean(b, 'the tracking timeline (zh-CN)');

    // The same timeline in English, also axe-clean.
    await b.getByTestId('lang-en').click();
    await see(b, 'tracking-state', 'Delivered');
    await see(b, 'tracking-countdown', /Delivered · receipt is confirmed automatically in [67] day/);
    await see(b, 'tracking-events', 'Picked up');
    await screenshot(b, '04-buyer-delivered-en');
    await expectAxeClean(b, 'the tracking timeline (en)');
    await b.getByTestId('lang-zh-CN').click();

    // 4. The shop's order detail shows the same timeline.
    await s.reload();
    await row.waitFor();
    await row.getByTestId('shop-order-tracking-open').click();
    await see(s, 'tracking-state', '已签收');
    await expect.poll(() => s.getByTestId('tracking-event').count()).toBe(tracking.events.length);
    await screenshot(s, '05-shop-timeline');

    // 5. The buyer confirms receipt before the automatic one.
    await b.getByTestId('order-confirm-receipt').click();
    await b.getByTestId('receipt-dialog-confirm').click();
    await see(b, 'order-status', '已收货');
    expect(await b.getByTestId('tracking-countdown').count()).toBe(0);
    await see(b, 'tracking-state', '已签收');
    expect((await get(buyer, `/orders/${orderId}`)).status).toBe('received');
    await screenshot(b, '06-buyer-received');

    // 6. The same page offers 评价: three ratings, text and two photos (issue 17's first journey goes on to the review).
    const reviewRow = b.getByTestId('order-review-item');
    await expect.poll(() => reviewRow.getAttribute('data-state'), { timeout: UI_TIMEOUT }).toBe('review');
    await reviewRow.getByTestId('order-review-write').click();
    await b.waitForURL(`**/orders/${orderId}/items/*/review`);
    await b.getByTestId('review-rating').locator('label').nth(4).click();
    await b.getByTestId('review-service').locator('label').nth(4).click();
    await b.getByTestId('review-delivery').locator('label').nth(3).click();
    await b.getByTestId('review-text-input').fill(REVIEW_TEXT);
    await b.getByTestId('review-photos-input-input').setInputFiles([
      { name: 'pot-1.png', mimeType: 'image/png', buffer: await pngImage('#6d4c41', 240) },
      { name: 'pot-2.png', mimeType: 'image/png', buffer: await pngImage('#bcaaa4', 240) },
    ]);
    await expect.poll(() => b.getByTestId('review-photos-input-tile').count(), { timeout: UI_TIMEOUT }).toBe(2);
    await b.getByTestId('review-submit').click();
    await see(b, 'review-posted-notice', '评价已发布');
    const { items: reviews } = await get(buyer, `/products/${productId}/reviews`);
    expect(reviews).toHaveLength(1);
    expect(reviews[0]).toMatchObject({ rating: 5, text: REVIEW_TEXT, verifiedPurchase: true, author: { name: '等快递的买家', anonymous: false } });
    expect(reviews[0].images).toHaveLength(2);
    expect((await get(buyer, `/operators/${shop.id}`)).scores).toMatchObject({ item: 5, service: 5, delivery: 4, count: 1 });
    await screenshot(b, '07-buyer-reviewed');

    // 7. The shop replies once from its console; the reply shows under the review on the product page.
    await s.goto(`${t.url}/shop/reviews`);
    const shopReview = s.locator('[data-testid="shop-review-row"]', { hasText: REVIEW_TEXT });
    await expect.poll(() => shopReview.count(), { timeout: UI_TIMEOUT }).toBe(1);
    await shopReview.getByTestId('shop-reply-text').fill(REPLY_TEXT);
    await shopReview.getByTestId('shop-reply-submit').click();
    await see(s, 'shop-review-reply', REPLY_TEXT);
    await b.goto(`${t.url}/products/${productId}`);
    await b.getByTestId('product-reviews').scrollIntoViewIfNeeded();
    await see(b, 'review-reply-text', REPLY_TEXT);
    await expect.poll(() => b.getByTestId('review-photos-photo').count(), { timeout: UI_TIMEOUT }).toBe(2);
    await screenshot(b, '08-product-review-reply');
  });

  it('"other" carrier: the number with a copy button and no events; a sandbox parcel in trouble shows its exception live, its stream reopened after an error', { timeout: 90_000 }, async () => {
    const other = await paidOrder();
    await post(other.shop.owner, `/orders/${other.orderId}/ship`, { carrier: '本地同城快递', trackingNumber: 'LOCAL-778899' });
    const { page: b, context } = await rig.page({ token: other.buyer.token });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: t.url });
    await b.goto(`${t.url}/orders/${other.orderId}`);
    await see(b, 'order-tracking', '本地同城快递');
    await see(b, 'tracking-number', 'LOCAL-778899');
    await see(b, 'tracking-untracked', '请凭运单号到快递公司查询');
    expect(await b.getByTestId('tracking-event').count()).toBe(0);
    expect(await b.getByTestId('tracking-state').count()).toBe(0);
    await b.getByTestId('tracking-copy').click();
    await see(b, 'tracking-copy-copied', '单号已复制');
    expect(await b.evaluate('navigator.clipboard.readText()')).toBe('LOCAL-778899');
    await screenshot(b, '07-other-carrier');

    const troubled = await paidOrder();
    const number = trackingNumber('EX');
    await post(troubled.shop.owner, `/orders/${troubled.orderId}/ship`, {
      carrier: SANDBOX_CARRIER,
      trackingNumber: number,
      logisticsProviderId: await sandboxCarrierId(troubled.shop.owner),
    });
    const { page: p } = await rig.page({ token: troubled.buyer.token });
    // The stream's first answer is an error (a server restarting, say): the page polls meanwhile and opens the stream again.
    let streams = 0;
    await p.route(`**/api/v1/orders/${troubled.orderId}/tracking/events`, async (route) => {
      streams += 1;
      if (streams === 1) await route.fulfill({ status: 503, contentType: 'application/problem+json', body: '{"status":503,"title":"Service Unavailable"}' });
      else await route.continue();
    });
    await p.goto(`${t.url}/orders/${troubled.orderId}`);
    await see(p, 'tracking-number', number);
    await expect.poll(() => streams, { timeout: 15_000 }).toBe(2);
    expect(await p.getByTestId('tracking-exception').count()).toBe(0);
    await post(null, `/sandbox/parcels/${number}/exception`);
    await see(p, 'tracking-exception', '包裹运输异常');
    await see(p, 'tracking-state', '异常');
    expect(await p.getByTestId('tracking-countdown').count()).toBe(0);
    await screenshot(p, '08-exception-live');
    await expectAxeClean(p, 'the tracking timeline with an exception (zh-CN)');
  });

  it('an admin issues a logistics provider API keys: the secret is shown once (a reload hides it for good), then rotates them', { timeout: 90_000 }, async () => {
    const admin = await given.admin(t);
    const provider = await given.serviceProvider(t, admin, { service: 'logistics' });
    const { page: a, posts } = await rig.page({ token: admin.token, desktop: true });
    await a.goto(`${t.url}/admin/review?tab=providers&status=approved`);
    const card = a.locator(`[data-testid="review-card"][data-id="${provider.id}"]`);
    await card.waitFor();
    await see(a, 'admin-page', '顺风快运有限公司');
    await expect.poll(() => card.getByTestId('credentials-none').count()).toBe(1);
    await card.getByTestId('credentials-issue').click();
    const issued = card.getByTestId('credentials-issued');
    await issued.waitFor();
    expect(await issued.innerText()).toContain('只显示一次');
    const keyId = await card.getByTestId('credentials-key-id').innerText();
    const secret = await card.getByTestId('credentials-secret').innerText();
    expect(secret.length).toBeGreaterThanOrEqual(32);
    const issues = posts.filter((sent) => sent.path === `/admin/service-providers/${provider.id}/credentials`);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.key).toMatch(UUID_V4);
    // The list shows the key id and when it was issued, never a secret.
    const { items } = await get(admin, `/admin/service-providers/${provider.id}/credentials`);
    expect(items).toEqual([expect.objectContaining({ keyId, active: true, expiresAt: null })]);
    expect(JSON.stringify(items)).not.toContain(secret);
    await expect.poll(() => card.getByTestId('credentials-item').count()).toBe(1);
    expect(await card.getByTestId('credentials-list').innerText()).toContain(keyId);
    await screenshot(a, '09-admin-secret-once');
    await expectAxeClean(a, 'the admin review card with a new API key');

    // Reloaded: the key id is listed, the secret is nowhere.
    await a.reload();
    await card.waitFor();
    await expect.poll(() => card.getByTestId('credentials-item').count()).toBe(1);
    expect(await card.getByTestId('credentials-issued').count()).toBe(0);
    expect(await a.locator('body').innerText()).not.toContain(secret);
    await screenshot(a, '10-admin-after-reload');

    // Rotating asks first, then shows the new pair once; the old one is marked as stopping within 24 h.
    await card.getByTestId('credentials-rotate').click();
    await expect.poll(() => card.getByTestId('credentials-rotate-dialog').innerText()).toContain('24 小时');
    await card.getByTestId('credentials-rotate-dialog-confirm').click();
    await card.getByTestId('credentials-issued').waitFor();
    const newSecret = await card.getByTestId('credentials-secret').innerText();
    expect(newSecret).not.toBe(secret);
    expect(await card.getByTestId('credentials-key-id').innerText()).not.toBe(keyId);
    await expect.poll(() => card.getByTestId('credentials-item').count()).toBe(2);
    expect(await card.locator('[data-testid="credentials-item"]', { hasText: keyId }).innerText()).toContain('即将失效');
    await screenshot(a, '11-admin-rotated');
  });
});
