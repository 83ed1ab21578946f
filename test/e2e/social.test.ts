/**
 * The social journey (R11, R12): user A posts a note through the
 * editor (upload a photo, tap it to place a tag, pick the product from a search);
 * user B finds it in the discover feed, taps the tag and buys through it with the
 * PIN; the shop ships (API) and B confirms receipt → A's wallet shows the referral
 * reward as incoming; B sends the goods back and the shop confirms (API) → the
 * reward is gone and B is refunded.
 *
 * A second journey walks the marks and the reader's choices: R8's 「广告」 on a
 * sponsored note in the feed and on its page, R6's one-tap non-personalised feed
 * and the consent switch on /me/privacy, comments with a reply, following, the
 * editor's PROHIBITED_CONTENT answer in words, and the author editing and deleting.
 *
 * Same rig as refunds.test.ts: Debian's Chromium through playwright-core against a
 * real Agora on PGlite. Screenshots go to test-results/social-*.png; the books are
 * checked after the journey.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.js';
import { given, pngImage, type GivenUser } from '../support/given.js';
import { journeyRig, RUN_BROWSER, screenshotter, see, typePin, UUID_V4, warnIfSkipped } from '../support/browser.js';

const screenshot = screenshotter('social-', { fromTop: true });
const PIN = '258036';
const FUNDS = 100_000;
/** REFERRAL_BPS defaults to 300: 3% of the attributed item's price, rounded down. */
const REFERRAL_BPS = 300;

warnIfSkipped('the social browser journey is');

describe.skipIf(!RUN_BROWSER)('notes with shoppable tags in Chromium (390×844)', () => {
  const rig = journeyRig();
  let t: TestApp;
  beforeAll(() => {
    t = rig.app;
  });

  /** A POST through the API, with its Idempotency-Key; the order it answers, if any. */
  async function act(user: GivenUser, path: string, body?: unknown): Promise<{ id: string; status: string }> {
    const res = await t.http.post(path, body, { token: user.token, headers: { 'idempotency-key': randomUUID() } });
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    return res.body.order;
  }
  const wallet = async (user: GivenUser) => (await t.http.get('/wallet', { token: user.token })).body;

  it('A tags a product in a new note; B buys through the tag; A earns the reward on receipt and loses it on the return (R12)', { timeout: 90_000 }, async () => {
    const operator = await given.operator(t, await given.admin(t));
    const product = await given.product(t, operator, { title: '薰衣草手工冷制皂', description: '冷制工艺，温和清洁。' });
    const price = product.skus[0].price as number;
    const reward = Math.floor((price * REFERRAL_BPS) / 10_000);
    const author = await given.user(t, { displayName: '小红薯' });
    const buyer = await given.user(t, { pin: PIN, displayName: '买家小王' });
    await given.funds(t, buyer, FUNDS);
    await given.address(t, buyer);

    // A posts: upload, tap the photo, pick the product from a search, title and #话题.
    const { page: a, posts: aPosts } = await rig.page({ token: author.token });
    await a.goto(`${t.url}/notes/new`);
    await a.getByTestId('photo-input').setInputFiles({ name: 'soap.png', mimeType: 'image/png', buffer: await pngImage('#b48ad6', 320) });
    await a.getByTestId('photo-tile').waitFor();
    const canvas = a.getByTestId('tag-canvas');
    await canvas.locator('img').evaluate((img) => (img as unknown as { decode: () => Promise<void> }).decode());
    const box = (await canvas.boundingBox())!;
    await canvas.click({ position: { x: box.width * 0.3, y: box.height * 0.4 } });
    await a.getByTestId('pending-tag').waitFor();
    await a.getByTestId('picker-input').fill('薰衣草');
    await a.getByTestId('picker-search').click();
    await a.locator(`[data-testid="picker-item"][data-product-id="${product.id}"]`).click();
    await see(a, 'draft-tag', '薰衣草手工冷制皂');
    await a.getByTestId('note-title-input').fill('这块手工皂真的好用');
    await a.getByTestId('note-body-input').fill('洗完不紧绷，味道很舒服 #好物分享');
    await screenshot(a, '01-editor');
    await a.getByTestId('note-submit').click();
    await a.waitForURL(/\/notes\/(?!new$)[^/]+$/); // not /notes/new, where the editor started
    const noteId = new URL(a.url()).pathname.split('/').pop()!;
    await see(a, 'note-title', '这块手工皂真的好用');
    const posted = aPosts.filter((post) => post.path === '/notes');
    expect(posted).toHaveLength(1);
    expect(posted[0]!.key).toMatch(UUID_V4);
    const tag = (posted[0]!.body!.images as { tags: { productId: string; x: number; y: number }[] }[])[0]!.tags[0]!;
    expect(tag.productId).toBe(product.id);
    expect(tag.x).toBeCloseTo(0.3, 1);
    expect(tag.y).toBeCloseTo(0.4, 1);
    const note = (await t.http.get(`/notes/${noteId}`)).body;
    expect(note.hashtags).toEqual(['好物分享']);
    expect(note.isAd).toBe(false);
    expect(note.tags[0].verifiedPurchase).toBe(false);

    // B finds it in discover, opens it and taps the tag.
    const { page: b, posts: bPosts } = await rig.page({ token: buyer.token });
    await b.goto(`${t.url}/`);
    const card = b.locator(`[data-testid="note-card"][data-note-id="${noteId}"]`);
    await card.waitFor();
    expect(await card.getByTestId('note-card-author').innerText()).toContain('小红薯');
    await screenshot(b, '02-discover');
    await card.getByTestId('note-card-title').click();
    await b.waitForURL(`**/notes/${noteId}`);
    await see(b, 'note-body', '#好物分享');
    expect(await b.getByTestId('note-ad').count()).toBe(0);
    expect(await b.getByTestId('tag-verified').count()).toBe(0);
    await screenshot(b, '03-note');
    await b.getByTestId('tag-dot').first().click();
    await b.waitForURL(`**/products/${product.id}?ref=*`);
    const ref = new URL(b.url()).searchParams.get('ref');
    expect(ref).toBeTruthy();
    await see(b, 'product-via-note', '笔记作者可获得推荐奖励');

    // Buys through it: cart → checkout (the attribution goes along) → PIN.
    await b.getByTestId('product-add-to-cart').click();
    await b.getByTestId('cart-go').click();
    await b.getByTestId('cart-checkout').click();
    await b.waitForURL('**/checkout');
    await b.getByTestId('checkout-address').first().locator('label').click();
    await b.getByTestId('checkout-place').click();
    await b.waitForURL('**/orders/*');
    const orderId = new URL(b.url()).pathname.split('/').pop()!;
    expect(bPosts.filter((post) => post.path === '/orders').map((post) => post.body?.attribution)).toEqual([ref]);
    await see(b, 'pay-amount', '¥129.00');
    await typePin(b, PIN);
    await see(b, 'order-status', '已付款');

    // The shop ships; B confirms receipt; A's reward is on its way in.
    await act(operator.owner, `/orders/${orderId}/ship`, { carrier: '顺丰速运', trackingNumber: 'SF1234567890' });
    await b.reload();
    await b.getByTestId('order-confirm-receipt').click();
    await b.getByTestId('receipt-dialog-confirm').click();
    await see(b, 'order-status', '已收货');
    expect(await wallet(author)).toEqual({ balance: 0, held: 0, incoming: reward });
    await a.goto(`${t.url}/wallet`);
    await see(a, 'wallet-incoming', '¥3.87');
    await see(a, 'statement-line', '笔记推荐奖励');
    await screenshot(a, '04-author-wallet-incoming');

    // B sends it back (after-sales, no reason; the shop approves and confirms through the API); the reward is gone and B has all the money back.
    await act(operator.owner, `/operators/${operator.id}/return-addresses`, { recipient: '售后部', phone: '13800138000', region: '浙江省 杭州市', line: '文一西路 1 号' });
    await b.getByTestId('order-after-sale-apply').click();
    await b.getByTestId('after-sale-type-return_refund').click();
    await b.getByTestId('after-sale-reason-no_reason').click();
    await b.getByTestId('after-sale-submit').click();
    await b.waitForURL((url) => url.pathname.startsWith('/after-sales/'));
    const requestId = new URL(b.url()).pathname.split('/').pop()!;
    await act(operator.owner, `/after-sales/${requestId}/approve`, {});
    await b.reload();
    await b.getByTestId('after-sale-ship-carrier').fill('中通快递');
    await b.getByTestId('after-sale-ship-tracking').fill('ZT9876543210');
    await b.getByTestId('after-sale-ship-submit').click();
    await see(b, 'after-sale-status', '退货寄回中');
    await act(operator.owner, `/after-sales/${requestId}/return-received`);
    await b.goto(`${t.url}/orders/${orderId}`);
    await see(b, 'order-status', '已退款');
    await screenshot(b, '05-refunded');
    expect(await wallet(buyer)).toEqual({ balance: FUNDS, held: 0, incoming: 0 });
    expect(await wallet(author)).toEqual({ balance: 0, held: 0, incoming: 0 });
    await a.reload();
    await see(a, 'wallet-balance', '¥0.00');
    expect(await a.getByTestId('wallet-incoming').count()).toBe(0);
    await screenshot(a, '06-author-wallet-reversed');
  });

  it('R8 广告 in the feed and on the note, R6 one tap to the non-personalised feed and consent on /me/privacy, comments, follows, PROHIBITED_CONTENT, edit and delete', { timeout: 90_000 }, async () => {
    const operator = await given.operator(t, await given.admin(t), { shopName: '花间美妆' });
    const product = await given.product(t, operator);
    const author = await given.user(t, { displayName: '种草达人' });
    const sponsored = await given.note(t, author, [[product.id]], { title: '花间面膜测评', sponsoredBy: operator.id });
    const confirmed = await t.http.post(`/operators/${operator.id}/sponsorships/${sponsored.id}/confirm`, undefined, { token: operator.owner.token });
    expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
    const plain = await given.note(t, author, [[]], { title: '周末去爬山', body: '天气很好 #户外' });
    const reader = await given.user(t, { displayName: '路人甲' });
    const { page: r, posts } = await rig.page({ token: reader.token });

    // R6: the consent is off until the reader turns it on, and off again is the same tap.
    await r.goto(`${t.url}/me/privacy`);
    await see(r, 'consent-state-personalised_feed', '已关闭');
    await r.getByTestId('consent-toggle-personalised_feed').click();
    await see(r, 'consent-state-personalised_feed', '已开启');
    await screenshot(r, '07-privacy');
    await r.goto(`${t.url}/`);
    await see(r, 'feed-mode', '正在为你个性化推荐');
    // R8: the sponsored card carries 「广告」; the plain one does not.
    const adCard = r.locator(`[data-testid="note-card"][data-note-id="${sponsored.id}"]`);
    await see(r, 'note-ad', '广告');
    expect(await adCard.getByTestId('note-ad').innerText()).toBe('广告');
    expect(await r.locator(`[data-testid="note-card"][data-note-id="${plain.id}"]`).getByTestId('note-ad').count()).toBe(0);
    await screenshot(r, '08-feed-personalised');
    const feedCalls: string[] = [];
    r.on('request', (request) => {
      if (request.url().includes('/api/v1/feed')) feedCalls.push(request.url());
    });
    await r.getByTestId('feed-personalised-off').click();
    await see(r, 'feed-mode', '当前为非个性化推荐');
    expect(feedCalls.some((url) => new URL(url).searchParams.get('personalised') === 'false')).toBe(true);
    await screenshot(r, '09-feed-not-personalised');
    await r.goto(`${t.url}/me/privacy`);
    await r.getByTestId('consent-toggle-personalised_feed').click();
    await see(r, 'consent-state-personalised_feed', '已关闭');
    const consents = (await t.http.get('/me/consents', { token: reader.token })).body.items;
    expect(consents.find((c: { purpose: string }) => c.purpose === 'personalised_feed').granted).toBe(false);

    // The sponsored note: 「广告」 on its page too; like, comment, reply, follow.
    await r.goto(`${t.url}/notes/${sponsored.id}`);
    await see(r, 'note-title', '广告');
    await see(r, 'note-sponsor', '由 花间美妆 赞助');
    await r.getByTestId('note-like').click();
    await see(r, 'note-likes', '1');
    await r.getByTestId('comment-input').fill('看起来不错！');
    await r.getByTestId('comment-send').click();
    await see(r, 'comment-body', '看起来不错！');
    await r.getByTestId('comment-reply').first().click();
    await r.getByTestId('comment-input').fill('补充一句：敏感肌也能用');
    await r.getByTestId('comment-send').click();
    await see(r, 'reply', '补充一句：敏感肌也能用');
    expect(posts.filter((post) => post.path === `/notes/${sponsored.id}/comments`).map((post) => post.body?.parentId === undefined)).toEqual([true, false]);
    await r.getByTestId('follow').click();
    await see(r, 'follow', '已关注');
    await screenshot(r, '10-note-ad-comments');
    await r.goto(`${t.url}/users/${author.id}`);
    await see(r, 'profile-followers-count', '1');
    await r.getByTestId('profile-tab-followers').click();
    await see(r, 'follower', '路人甲');
    await r.goto(`${t.url}/?tab=following`);
    await r.locator(`[data-testid="note-card"][data-note-id="${plain.id}"]`).waitFor();

    // The author: a prohibited word is refused in words; then edit and delete a note.
    const { page: a } = await rig.page({ token: author.token });
    await a.goto(`${t.url}/notes/new`);
    await a.getByTestId('photo-input').setInputFiles({ name: 'mask.png', mimeType: 'image/png', buffer: await pngImage('#e0a0b0', 200) });
    await a.getByTestId('photo-tile').waitFor();
    await a.getByTestId('note-title-input').fill('全网第一的面膜');
    await a.getByTestId('note-submit').click();
    await see(a, 'note-missing-input', '请写几句正文');
    await a.getByTestId('note-body-input').fill('敷完第二天脸很润');
    await a.getByTestId('note-submit').click();
    await see(a, 'note-error', '内容含有平台规则不允许的词语“全网第一”');
    expect(await a.getByTestId('note-error').getAttribute('data-code')).toBe('PROHIBITED_CONTENT');
    await screenshot(a, '11-prohibited');
    await a.goto(`${t.url}/notes/${plain.id}`);
    await a.getByTestId('note-edit').click();
    await a.getByTestId('note-title-input').fill('周末去爬山（更新）');
    await a.getByTestId('note-submit').click();
    await see(a, 'note-title', '周末去爬山（更新）');
    a.once('dialog', (dialog) => void dialog.accept());
    await a.getByTestId('note-delete').click();
    await a.waitForURL(`**/users/${author.id}`);
    expect((await t.http.get(`/notes/${plain.id}`)).status).toBe(404);
  });
});
