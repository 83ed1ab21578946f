/**
 * The browser journey of a review (issue 17 items 1, 2, 10; R11):
 * a received order → on the order page the buyer writes a review with three star rows,
 * a text and 2 photos, anonymous off, then its one follow-up → the product page shows it with its photos (a tap
 * enlarges one), the rating summary counts it, and another buyer's anonymous review shows
 * 「匿名买家」; 有用 and 最有用 order them → the shop replies in its console (评价管理, where nothing edits, hides or
 * deletes a review) → the reply shows under the review on the product page; the storefront
 * shows the three shop scores and the product card its rating; axe finds
 * nothing serious on the reviews UI in zh-CN and English.
 *
 * Same rig as the other journeys: Debian's Chromium through playwright-core against a real
 * Agora on PGlite. The order up to receipt is set up over HTTP; the review, the reply and
 * what they show go through the pages. Screenshots go to test-results/reviews-*.png.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.js';
import { axeViolations, formatViolations } from '../support/axe.js';
import { journeyRig, RUN_BROWSER, screenshotter, see, UI_TIMEOUT, warnIfSkipped } from '../support/browser.js';
import { given, pngImage, upload, type GivenOperator, type GivenUser } from '../support/given.js';

const screenshot = screenshotter('reviews-', { fromTop: true });
const PIN = '258036';
const PRICE = 12_900;
const REVIEW_TEXT = '竹篮编得很密实，放毛巾刚好，颜色和图片一致。';
const REPLY_TEXT = '谢谢喜欢！换季收纳也可以用大号。';

warnIfSkipped('the review browser journey is');

describe.skipIf(!RUN_BROWSER)('reviews in Chromium (390×844)', () => {
  const rig = journeyRig();
  let t: TestApp;
  let admin: GivenUser;
  let shop: GivenOperator;
  let product: { id: string; skus: { id: string }[] };
  beforeAll(async () => {
    t = rig.app;
    admin = await given.admin(t);
    shop = await given.operator(t, admin, { shopName: '竹语手作' });
    product = await given.product(t, shop, {
      title: '手工竹编收纳篮',
      skus: [
        { name: '大号', price: PRICE, stock: 20 },
        { name: '小号', price: 3_900, stock: 20 },
      ],
    });
  }, 120_000);

  /** A POST through the API with its Idempotency-Key; the answer's body. */
  async function post(user: GivenUser, path: string, body?: unknown) {
    const res = await t.http.post(path, body, { token: user.token, headers: { 'idempotency-key': randomUUID() } });
    expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
    return res.body;
  }

  /** A buyer whose order of one `skuId` has been paid, shipped and received: the order and its item. */
  async function receivedOrder(displayName: string, skuId: string): Promise<{ buyer: GivenUser; orderId: string; itemId: string }> {
    const buyer = await given.user(t, { pin: PIN, displayName });
    await given.funds(t, buyer, 100_000);
    const addressId = await given.address(t, buyer);
    const { order } = await post(buyer, '/orders', { items: [{ skuId, quantity: 1 }], addressId });
    await post(buyer, `/orders/${order.id}/pay`, { pin: PIN });
    await post(shop.owner, `/orders/${order.id}/ship`, { carrier: '顺丰速运', trackingNumber: `SF${Date.now()}` });
    await post(buyer, `/orders/${order.id}/confirm-receipt`);
    return { buyer, orderId: order.id, itemId: order.items[0].id };
  }

  async function axeFindings(page: Page, where: string): Promise<string[]> {
    await expect.poll(() => page.getByTestId('loading').count(), { timeout: UI_TIMEOUT }).toBe(0);
    const violations = await axeViolations(page);
    return violations.length > 0 ? [formatViolations(where, violations)] : [];
  }

  /** Brings the lazy reviews section near the screen, so it reads its reviews. */
  async function scrollToReviews(page: Page) {
    await page.getByTestId('product-reviews').scrollIntoViewIfNeeded();
    await expect.poll(() => page.getByTestId('loading').count(), { timeout: UI_TIMEOUT }).toBe(0);
  }

  it('review with 2 photos on the order page → product page shows it and the summary → the shop replies → the reply shows; anonymous shows 「匿名买家」', { timeout: 180_000 }, async () => {
    const { buyer, orderId, itemId } = await receivedOrder('竹篮买家小林', product.skus[0]!.id);
    // Another buyer reviews anonymously (over HTTP): the page must never show their name.
    const other = await receivedOrder('不想露名的买家', product.skus[1]!.id);
    const photo = (await upload(t, other.buyer.token, await pngImage('#2e7d32', 200))).body.url as string;
    await post(other.buyer, `/orders/${other.orderId}/items/${other.itemId}/review`, { rating: 2, serviceRating: 3, deliveryRating: 4, text: '小号比想象中小。', images: [photo], anonymous: true });

    // 1. On the order page, the received item offers 评价 until its deadline.
    const { page: b, posts } = await rig.page({ token: buyer.token });
    await b.goto(`${t.url}/orders/${orderId}`);
    await see(b, 'order-status', '已收货');
    const row = b.getByTestId('order-review-item');
    await expect.poll(() => row.getAttribute('data-state')).toBe('review');
    await row.getByTestId('order-review-write').click();
    await b.waitForURL(`**/orders/${orderId}/items/${itemId}/review`);
    await see(b, 'review-item', '手工竹编收纳篮 · 大号');

    // 2. The form: three star rows, text with its counter, 2 photos, anonymous left off.
    await b.getByTestId('review-submit').click();
    await see(b, 'review-missing', '请为商品、服务和物流各选一个评分');
    await b.getByTestId('review-rating').locator('label').nth(4).click();
    await b.getByTestId('review-service').locator('label').nth(3).click();
    await b.getByTestId('review-delivery').locator('label').nth(4).click();
    expect(await b.getByTestId('review-rating').getAttribute('data-value')).toBe('5');
    expect(await b.getByTestId('review-service').getAttribute('data-value')).toBe('4');
    await b.getByTestId('review-text-input').fill(REVIEW_TEXT);
    await see(b, 'review-text-input-count', `${Array.from(REVIEW_TEXT).length}/1000`);
    await b.getByTestId('review-photos-input-input').setInputFiles([
      { name: 'basket-1.png', mimeType: 'image/png', buffer: await pngImage('#a0522d', 240) },
      { name: 'basket-2.png', mimeType: 'image/png', buffer: await pngImage('#deb887', 240) },
    ]);
    await expect.poll(() => b.getByTestId('review-photos-input-tile').count(), { timeout: UI_TIMEOUT }).toBe(2);
    expect(await b.getByTestId('review-anonymous').isChecked()).toBe(false);
    const formFindings = await axeFindings(b, 'the review form');
    await screenshot(b, 'form');
    await b.getByTestId('review-submit').click();
    await see(b, 'review-posted-notice', '评价已发布');
    const sent = posts.find((p) => p.path === `/orders/${orderId}/items/${itemId}/review`);
    expect(sent?.key).toBeTruthy();
    expect(sent?.body).toMatchObject({ rating: 5, serviceRating: 4, deliveryRating: 5, text: REVIEW_TEXT, anonymous: false });
    expect((sent?.body?.images as string[]).length).toBe(2);
    // The written review, as others will read it, with the way to publish it as a note.
    await see(b, 'review-author', '竹篮买家小林');
    await expect.poll(() => b.getByTestId('review-photos-photo').count()).toBe(2);
    await expect(b.getByTestId('follow-up-form').isVisible()).resolves.toBe(true);

    // 3. 「发布为笔记」 opens the note editor with the text, both photos and the product's tag.
    await b.getByTestId('review-as-note').click();
    await b.waitForURL('**/notes/new');
    await see(b, 'note-prefilled', '已带入评价');
    expect(await b.getByTestId('note-body-input').inputValue()).toBe(REVIEW_TEXT);
    expect(await b.getByTestId('photo-tile').count()).toBe(2);
    await expect.poll(() => b.getByTestId('draft-tag-dot').count()).toBe(1);
    await see(b, 'draft-tag-dot', '手工竹编收纳篮');

    // 4. The order page now says it is reviewed, with 追评 offered.
    await b.goto(`${t.url}/orders/${orderId}`);
    await expect.poll(() => row.getAttribute('data-state')).toBe('reviewed');
    await see(b, 'order-review-follow-up', '追评');
    // The one follow-up (追评): written from there, shown under the review; then no more offered.
    await b.getByTestId('order-review-follow-up').click();
    await b.getByTestId('follow-up-text').fill('用了两周，竹篮没有变形。');
    await b.getByTestId('follow-up-submit').click();
    await see(b, 'review-follow-up-text', '用了两周，竹篮没有变形。');
    await see(b, 'review-follow-up', '评价当天追评');
    await expect.poll(() => b.getByTestId('follow-up-form').count()).toBe(0);
    await b.goto(`${t.url}/orders/${orderId}`);
    await see(b, 'order-review-done', '已追评');
    expect(await b.getByTestId('order-review-follow-up').count()).toBe(0);

    // 5. The product page: the summary counts both reviews, and the reviews show below.
    const { page: v } = await rig.page();
    await v.goto(`${t.url}/products/${product.id}`);
    await expect.poll(() => v.getByTestId('rating-summary').getAttribute('data-count')).toBe('2');
    await see(v, 'rating-average', '3.5');
    await see(v, 'rating-count', '2 条评价');
    expect(await v.locator('[data-testid="rating-bar"][data-stars="5"]').getAttribute('data-count')).toBe('1');
    expect(await v.locator('[data-testid="rating-bar"][data-stars="2"]').getAttribute('data-count')).toBe('1');
    await see(v, 'rating-with-photos', '有图 2');
    await scrollToReviews(v);
    const mine = v.locator('[data-testid="review-card"]', { hasText: REVIEW_TEXT });
    await expect.poll(() => mine.count(), { timeout: UI_TIMEOUT }).toBe(1);
    expect(await mine.getByTestId('review-author').innerText()).toBe('竹篮买家小林');
    expect(await mine.getByTestId('review-verified').innerText()).toBe('已购买');
    expect(await mine.getByTestId('review-sku').innerText()).toBe('已购：大号');
    expect(await mine.getByTestId('review-photos-photo').count()).toBe(2);
    const anonymous = v.locator('[data-testid="review-card"]', { hasText: '小号比想象中小' });
    expect(await anonymous.getByTestId('review-author').innerText()).toBe('匿名买家');
    expect(await v.getByTestId('product-reviews').innerText()).not.toContain('不想露名的买家');
    // A tap enlarges a photo; closing gives the page back.
    await mine.getByTestId('review-photos-photo').first().click();
    await expect.poll(() => mine.getByTestId('review-photos-viewer').evaluate((d) => (d as unknown as { open: boolean }).open)).toBe(true);
    await mine.getByTestId('review-photos-viewer-close').click();
    await expect.poll(() => mine.getByTestId('review-photos-viewer').evaluate((d) => (d as unknown as { open: boolean }).open)).toBe(false);
    await screenshot(v, 'product');
    // The reviews page: 差评 keeps only the anonymous 2-star review.
    await v.getByTestId('reviews-see-all').click();
    await v.waitForURL(`**/products/${product.id}/reviews`);
    await expect.poll(() => v.getByTestId('review-card').count(), { timeout: UI_TIMEOUT }).toBe(2);
    await v.getByTestId('review-filter-low').click();
    await expect.poll(() => v.getByTestId('review-card').count(), { timeout: UI_TIMEOUT }).toBe(1);
    await see(v, 'review-author', '匿名买家');
    await v.getByTestId('review-filter-photos').click();
    await expect.poll(() => v.getByTestId('review-card').count(), { timeout: UI_TIMEOUT }).toBe(2);
    // 有用: the other buyer marks the older (anonymous) review helpful; 最有用 then puts it first, 最新 does not.
    const { page: h } = await rig.page({ token: other.buyer.token });
    await h.goto(`${t.url}/products/${product.id}/reviews`);
    const older = h.locator('[data-testid="review-card"]', { hasText: '小号比想象中小' });
    await older.getByTestId('review-helpful').click();
    await expect.poll(() => older.getByTestId('review-helpful').getAttribute('aria-pressed')).toBe('true');
    await see(h, 'review-helpful', /有用/);
    expect(await older.getByTestId('review-helpful').innerText()).toBe('有用 1');
    await expect.poll(() => h.getByTestId('review-text').first().innerText(), { timeout: UI_TIMEOUT }).toBe(REVIEW_TEXT);
    await h.getByTestId('review-sort-helpful').click();
    await expect.poll(() => h.getByTestId('review-text').first().innerText(), { timeout: UI_TIMEOUT }).toBe('小号比想象中小。');
    // The storefront: the three shop scores over 180 days (5+2, 4+3, 5+4 over two reviews), and the product card's rating.
    await v.goto(`${t.url}/shops/${shop.id}`);
    await see(v, 'shop-score-item', '描述相符');
    expect(await v.getByTestId('shop-score-item').getAttribute('data-score')).toBe('3.5');
    expect(await v.getByTestId('shop-score-service').getAttribute('data-score')).toBe('3.5');
    expect(await v.getByTestId('shop-score-delivery').getAttribute('data-score')).toBe('4.5');
    await see(v, 'shop-scores-count', '基于 2 条评价');
    await see(v, 'product-card-rating', '★ 3.5 · 2 条评价');

    // 6. The shop's 评价管理: its reviews, anonymous still anonymous; it replies once, and no button edits, hides or deletes (R11).
    const { page: s } = await rig.page({ token: shop.owner.token });
    await s.goto(`${t.url}/shop/reviews`);
    const shopRow = s.locator('[data-testid="shop-review-row"]', { hasText: REVIEW_TEXT });
    await expect.poll(() => shopRow.count(), { timeout: UI_TIMEOUT }).toBe(1);
    expect(await s.locator('[data-testid="shop-review-row"]', { hasText: '小号比想象中小' }).getByTestId('review-author').innerText()).toBe('匿名买家');
    expect(await s.getByTestId('shop-reviews-page').innerText()).not.toContain('不想露名的买家');
    expect(await s.getByRole('button', { name: /删除|隐藏|编辑/ }).count()).toBe(0);
    await s.getByTestId('shop-reviews-unreplied').check();
    await expect.poll(() => s.getByTestId('shop-review-row').count(), { timeout: UI_TIMEOUT }).toBe(2);
    await shopRow.getByTestId('shop-reply-text').fill(REPLY_TEXT);
    await shopRow.getByTestId('shop-reply-submit').click();
    // Replied, it leaves the unreplied list.
    await expect.poll(() => s.getByTestId('shop-review-row').count(), { timeout: UI_TIMEOUT }).toBe(1);
    await s.getByTestId('shop-reviews-unreplied').uncheck();
    await see(s, 'shop-review-reply', REPLY_TEXT);
    const shopFindings = await axeFindings(s, '/shop/reviews');
    await screenshot(s, 'shop');

    // 7. The reply shows under the review on the product page.
    await v.goto(`${t.url}/products/${product.id}`);
    await scrollToReviews(v);
    await see(v, 'review-reply-text', REPLY_TEXT);
    expect(formFindings.concat(shopFindings).join('\n\n')).toBe('');
  });

  it('axe finds nothing serious on the reviews UI in zh-CN and English: product page, reviews page, storefront scores, the shop console, the appeal queue', { timeout: 120_000 }, async () => {
    const found: string[] = [];
    for (const language of ['zh-CN', 'en'] as const) {
      const visit = async (user: GivenUser | undefined, path: string, ready: string) => {
        const { page, context } = await rig.page(user ? { token: user.token } : {});
        if (language === 'en') await context.addInitScript("localStorage.setItem('agora.language', 'en')");
        await page.goto(`${t.url}${path}`);
        await page.getByTestId(ready).first().waitFor({ state: 'visible', timeout: UI_TIMEOUT });
        if (ready === 'product-reviews') await scrollToReviews(page);
        found.push(...(await axeFindings(page, `${language} ${path}`)));
        return page;
      };
      await visit(undefined, `/products/${product.id}`, 'product-reviews');
      await visit(undefined, `/products/${product.id}/reviews`, 'review-card');
      await visit(undefined, `/shops/${shop.id}`, 'shop-scores');
      await visit(shop.owner, '/shop/reviews', 'shop-review-row');
      await visit(admin, '/admin/review-appeals', 'admin-review-appeals-page');
    }
    // English words, not codes, on the product page.
    const { page, context } = await rig.page();
    await context.addInitScript("localStorage.setItem('agora.language', 'en')");
    await page.goto(`${t.url}/products/${product.id}`);
    await see(page, 'rating-count', '2 reviews');
    await scrollToReviews(page);
    await see(page, 'review-verified', 'Verified purchase');
    expect(found.join('\n\n')).toBe('');
  });

  it('the shop appeals the anonymous review with a reason from the list → the admin upholds it after the dialog → it leaves the product page and its rating', { timeout: 120_000 }, async () => {
    // 1. The shop: 申诉 on the 2-star review, reason 泄露个人信息.
    const { page: s, posts } = await rig.page({ token: shop.owner.token });
    await s.goto(`${t.url}/shop/reviews`);
    const row = s.locator('[data-testid="shop-review-row"]', { hasText: '小号比想象中小' });
    await row.getByTestId('shop-appeal-open').click();
    await row.getByTestId('shop-appeal-submit').click();
    await see(s, 'shop-appeal-missing', '请填写说明');
    await row.getByTestId('shop-appeal-reason').selectOption('privacy');
    await row.getByTestId('shop-appeal-detail').fill('评价里写了买家自己的手机号。');
    await row.getByTestId('shop-appeal-submit').click();
    await see(s, 'shop-appeal-status', '申诉处理中');
    expect(posts.find((p) => p.path.endsWith('/appeals'))?.body).toEqual({ reason: 'privacy', detail: '评价里写了买家自己的手机号。' });

    // 2. The admin: the open appeal, a reason, 成立并隐藏, asked once more, confirmed.
    const { page: a } = await rig.page({ token: admin.token, desktop: true });
    await a.goto(`${t.url}/admin/review-appeals`);
    const appeal = a.getByTestId('appeal-row');
    await expect.poll(() => appeal.count(), { timeout: UI_TIMEOUT }).toBe(1);
    expect(await appeal.first().innerText()).toContain('泄露个人信息');
    await see(a, 'appeal-detail', '手机号');
    await a.getByTestId('appeal-uphold').click();
    await see(a, 'appeal-reason-missing', '请填写处理理由');
    await a.getByTestId('appeal-reason').fill('评价含有个人信息，已隐藏。');
    await a.getByTestId('appeal-uphold').click();
    await a.getByTestId('appeal-dialog-confirm').click();
    // Decided, it leaves the open queue.
    await expect.poll(() => a.getByTestId('appeal-row').count(), { timeout: UI_TIMEOUT }).toBe(0);
    await a.getByTestId('appeal-status-upheld').click();
    await see(a, 'appeal-row-status', '已成立');

    // 3. The product page: the hidden review is gone and the rating counts one review.
    const { page: v } = await rig.page();
    await v.goto(`${t.url}/products/${product.id}`);
    await expect.poll(() => v.getByTestId('rating-summary').getAttribute('data-count'), { timeout: UI_TIMEOUT }).toBe('1');
    await scrollToReviews(v);
    await expect.poll(() => v.getByTestId('review-card').count(), { timeout: UI_TIMEOUT }).toBe(1);
    expect(await v.getByTestId('product-reviews').innerText()).not.toContain('小号比想象中小');
  });
});
