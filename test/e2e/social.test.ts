/**
 * The social journey (issue 5 item 12; R11, R12): user A posts a note through the
 * editor (upload a photo, tap it to place a tag, pick the product from a search);
 * user B finds it in the discover feed, taps the tag and buys through it with the
 * PIN; the shop ships (API) and B confirms receipt → A's wallet shows the referral
 * reward as incoming; B sends the goods back and the shop confirms (API) → the
 * reward is gone and B is refunded.
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

  /** A money POST through the API, with its Idempotency-Key; the order it answers. */
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
    await a.waitForURL(/\/notes\/[^/]+$/);
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
    await see(b, 'order-status', '已收货');
    expect(await wallet(author)).toEqual({ balance: 0, held: 0, incoming: reward });
    await a.goto(`${t.url}/wallet`);
    await see(a, 'wallet-incoming', '¥3.87');
    await see(a, 'statement-line', '笔记推荐奖励');
    await screenshot(a, '04-author-wallet-incoming');

    // B sends it back; the shop confirms; the reward is gone and B has all the money back.
    await b.getByTestId('order-return-open').click();
    await b.getByTestId('order-return-carrier').fill('中通快递');
    await b.getByTestId('order-return-tracking').fill('ZT9876543210');
    await b.getByTestId('order-return-submit').click();
    await see(b, 'order-status', '退货中');
    await act(operator.owner, `/orders/${orderId}/return/received`);
    await b.reload();
    await see(b, 'order-status', '已退款');
    await screenshot(b, '05-refunded');
    expect(await wallet(buyer)).toEqual({ balance: FUNDS, held: 0, incoming: 0 });
    expect(await wallet(author)).toEqual({ balance: 0, held: 0, incoming: 0 });
    await a.reload();
    await see(a, 'wallet-balance', '¥0.00');
    expect(await a.getByTestId('wallet-incoming').count()).toBe(0);
    await screenshot(a, '06-author-wallet-reversed');
  });
});
