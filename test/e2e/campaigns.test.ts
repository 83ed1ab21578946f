/**
 * Browser journeys of group buys and bargains: A opens a group of
 * 2 from the product page and pays; B arrives through the share page `/g/:id`,
 * joins and pays; the group completes, A's page sees it live, and neither order
 * waits any longer. C starts a bargain after reading its rules (R13); two helpers
 * cut it (one in the browser, with a refused second try in words); C orders at the
 * exact current price, shown to the fen (R14), and pays it.
 *
 * Same rig as the other journeys: Debian's Chromium through playwright-core against
 * a real Agora on PGlite; shops, offers, users and money are set up over HTTP.
 * Screenshots go to test-results/campaigns-*.png; the books are checked after each.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatFen } from '../../web/src/lib/money.js';
import type { TestApp } from '../support/app.js';
import { given, type GivenUser } from '../support/given.js';
import { journeyRig, RUN_BROWSER, screenshotter, see, typePin, warnIfSkipped } from '../support/browser.js';

const screenshot = screenshotter('campaigns-', { fromTop: true });
const PIN = '258036';
const FUNDS = 100_000;
const PRICE = 12_900;
const GROUP_PRICE = 9_900;
const FLOOR = 6_900;
const MAX_HELPERS = 5;

warnIfSkipped('the group-buy and bargain browser journeys are');

describe.skipIf(!RUN_BROWSER)('group buys and bargains in Chromium (390×844)', () => {
  const rig = journeyRig();
  let t: TestApp;
  let productId: string;
  let skuId: string;
  beforeAll(async () => {
    t = rig.app;
    const operator = await given.operator(t, await given.admin(t));
    const product = await given.product(t, operator, {
      title: '手工竹编收纳篮',
      skus: [{ name: '大号', price: PRICE, stock: 20, groupPrice: GROUP_PRICE, groupSize: 2, bargainFloor: FLOOR, maxHelpers: MAX_HELPERS }],
    });
    productId = product.id;
    skuId = product.skus[0].id;
  }, 60_000);

  /** A buyer who can pay: identity verified, a PIN, money and an address. */
  async function buyer(displayName: string): Promise<GivenUser> {
    const user = await given.user(t, { pin: PIN, displayName });
    await given.funds(t, user, FUNDS);
    await given.address(t, user);
    return user;
  }
  const get = async (user: GivenUser, path: string) => {
    const res = await t.http.get(path, { token: user.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };

  it('A opens a group of 2 and pays; B joins through the share page and pays; the group completes for both', { timeout: 60_000 }, async () => {
    const [a, b] = await Promise.all([buyer('阿青'), buyer('小白')]);
    const { page } = await rig.page({ token: a.token });

    await page.goto(`${t.url}/products/${productId}`);
    await see(page, 'product-buy-alone', '单独购买 ¥129.00');
    await see(page, 'product-group-start', '发起拼团 ¥99.00');
    await screenshot(page, '01-product-group-offer');
    await page.getByTestId('product-group-start').click();
    await page.getByTestId('checkout-address').first().locator('label').click();
    await page.getByTestId('group-start-confirm').click();
    await page.waitForURL('**/group-buys/*?order=*');
    const url = new URL(page.url());
    const groupId = url.pathname.split('/').pop()!;
    const orderA = url.searchParams.get('order')!;
    await see(page, 'group-status', '拼团中');
    await see(page, 'pay-amount', '¥99.00');
    await typePin(page, PIN);
    await see(page, 'group-paid-waiting', '你已付款，等待成团');
    await see(page, 'group-paid-count', '1/2 人已付款');
    await see(page, 'group-seats-left', '还差 1 人');
    await see(page, 'group-countdown', /距结束还剩 2[0-3]:\d\d:\d\d/);
    expect(await page.getByTestId('group-share-url').inputValue()).toBe(`${t.url}/g/${groupId}`);
    expect(await page.getByTestId('group-share-qr').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await screenshot(page, '02-group-formed');
    expect(await get(a, `/orders/${orderA}`)).toMatchObject({ status: 'paid', total: GROUP_PRICE, awaitingGroup: true, source: { kind: 'group_buy', id: groupId } });

    // B sees the open group on the product page, then follows a share link.
    const other = (await rig.page({ token: b.token })).page;
    await other.goto(`${t.url}/products/${productId}`);
    await see(other, 'open-group-seats', '还差 1 人');
    await see(other, 'open-group-countdown', /剩余 2[0-3]:\d\d:\d\d/);
    await other.goto(`${t.url}/g/${groupId}`);
    expect(await other.locator('meta[property="og:title"]').getAttribute('content')).toContain('拼团价 ¥99.00');
    await other.locator('a.open').click();
    await other.waitForURL(`**/group-buys/${groupId}`);
    await see(other, 'group-single-price', '¥129.00');
    await see(other, 'group-members', '阿青');
    expect(await other.getByTestId('group-empty-seat').count()).toBe(1);
    await screenshot(other, '03-group-shared');
    await other.getByTestId('group-join-open').click();
    await other.getByTestId('checkout-address').first().locator('label').click();
    await other.getByTestId('group-join-confirm').click();
    await other.waitForURL(`**/group-buys/${groupId}?order=*`);
    const orderB = new URL(other.url()).searchParams.get('order')!;
    await see(other, 'pay-amount', '¥99.00');
    await typePin(other, PIN);
    await see(other, 'group-status', '已成团');
    await see(other, 'group-complete', '拼团成功');
    expect(await other.getByTestId('group-empty-seat').count()).toBe(0);
    await screenshot(other, '04-group-complete');

    // A's page heard it live, with no reload.
    await see(page, 'group-status', '已成团');
    await see(page, 'group-paid-count', '2/2 人已付款');
    expect(await page.getByTestId('group-paid-waiting').count()).toBe(0);

    for (const [user, orderId, p] of [[a, orderA, page], [b, orderB, other]] as const) {
      await p.goto(`${t.url}/orders/${orderId}`);
      await see(p, 'order-status', '已付款');
      await see(p, 'order-campaign-link', '查看拼团进度');
      expect(await p.getByTestId('order-awaiting-group').count()).toBe(0);
      expect(await get(user, `/orders/${orderId}`)).toMatchObject({ status: 'paid', total: GROUP_PRICE, awaitingGroup: false });
    }
    await screenshot(page, '05-order-complete');
    expect(await get(a, `/group-buys/${groupId}`)).toMatchObject({ status: 'complete', paidMembers: 2, groupSize: 2, seatsLeft: 0 });
  });

  it('C starts a bargain after its rules; two helpers cut it; C orders and pays at the exact current price', { timeout: 60_000 }, async () => {
    const [c, helperOne, helperTwo] = await Promise.all([
      buyer('小陈'),
      given.user(t, { verify: 'phone', displayName: '帮砍一号' }),
      given.user(t, { verify: 'phone', displayName: '帮砍二号' }),
    ]);
    const { page, posts } = await rig.page({ token: c.token });

    // R13: the rules in full, before it starts.
    await page.goto(`${t.url}/products/${productId}`);
    await see(page, 'bargain-offer-rules', `最多需要 ${MAX_HELPERS} 位好友帮砍`);
    await see(page, 'bargain-offer-rules', '24 小时内有效');
    await screenshot(page, '06-bargain-rules');
    await page.getByTestId('bargain-start').click();
    await page.waitForURL('**/bargains/*');
    const bargainId = new URL(page.url()).pathname.split('/').pop()!;
    await see(page, 'bargain-remaining', `还差 ${formatFen(PRICE - FLOOR)}`);
    expect(await page.getByTestId('bargain-share-url').inputValue()).toBe(`${t.url}/b/${bargainId}`);
    expect(await page.getByTestId('bargain-help').count()).toBe(0); // no one helps their own
    expect(posts.filter((post) => post.path === '/bargains')).toEqual([expect.objectContaining({ body: { skuId } })]);

    // The first helper in the browser; a second try is refused in words.
    const helper = (await rig.page({ token: helperOne.token })).page;
    await helper.goto(`${t.url}/bargains/${bargainId}`);
    await see(helper, 'bargain-owner', '小陈 发起的砍价');
    await helper.getByTestId('bargain-help').click();
    await see(helper, 'bargain-helped', '你帮TA砍掉了');
    const afterOne = await get(c, `/bargains/${bargainId}`);
    expect(afterOne.helpers).toBe(1);
    await see(helper, 'bargain-remaining', `还差 ${formatFen(afterOne.remaining)}`);
    await see(helper, 'bargain-helps', '帮砍一号');
    await see(helper, 'bargain-helps', `砍掉 ${formatFen(afterOne.helps[0].cut)}`);
    await screenshot(helper, '07-helped');
    await helper.reload();
    await helper.getByTestId('bargain-help').click();
    await see(helper, 'bargain-help-error', '你已经帮TA砍过了');
    expect(await helper.getByTestId('bargain-help-error').getAttribute('data-code')).toBe('ALREADY_HELPED');

    // The second helper through the API.
    const second = await t.http.post(`/bargains/${bargainId}/help`, undefined, { token: helperTwo.token, headers: { 'idempotency-key': randomUUID() } });
    expect(second.status, JSON.stringify(second.body)).toBe(200);
    const bargain = await get(c, `/bargains/${bargainId}`);
    expect(bargain).toMatchObject({ helpers: 2, status: 'active', current: second.body.current, remaining: second.body.current - FLOOR });
    expect(bargain.current).toBeGreaterThan(FLOOR);

    // C's page follows, to the fen (R14), and orders at that price.
    await see(page, 'bargain-helpers-count', '已有 2 人帮砍');
    await see(page, 'bargain-remaining', `还差 ${formatFen(bargain.remaining)}`);
    await see(page, 'bargain-current', formatFen(bargain.current));
    await see(page, 'bargain-order-open', `按当前价 ${formatFen(bargain.current)} 下单`);
    await screenshot(page, '08-bargain-two-helps');
    await page.getByTestId('bargain-order-open').click();
    await page.getByTestId('checkout-address').first().locator('label').click();
    await page.getByTestId('bargain-order-confirm').click();
    await page.waitForURL('**/orders/*');
    const orderId = new URL(page.url()).pathname.split('/').pop()!;
    await see(page, 'pay-amount', formatFen(bargain.current));
    await typePin(page, PIN);
    await see(page, 'order-status', '已付款');
    await screenshot(page, '09-bargain-order-paid');

    const order = await get(c, `/orders/${orderId}`);
    expect(order).toMatchObject({ status: 'paid', total: bargain.current, source: { kind: 'bargain', id: bargainId } });
    expect(await get(c, `/bargains/${bargainId}`)).toMatchObject({ status: 'ordered', orderId, current: bargain.current });
    expect((await get(c, '/wallet')).balance).toBe(FUNDS - bargain.current);

    // The same page in English: still to the fen.
    await page.goto(`${t.url}/bargains/${bargainId}`);
    await see(page, 'bargain-status', '已下单');
    await page.getByTestId('lang-en').click();
    await see(page, 'bargain-status', 'Ordered');
    await see(page, 'bargain-remaining', `${formatFen(bargain.remaining)} to go`);
    await see(page, 'bargain-ordered', `Ordered at ${formatFen(bargain.current)}`);
    await screenshot(page, '10-bargain-ordered-en');
  });
});
