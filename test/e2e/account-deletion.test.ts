/**
 * Browser journey for account deletion: a buyer with a
 * completed order and a note opens the privacy centre, follows the link to account
 * deletion, reads what is erased and what is kept three years (R4), keeps the
 * default content choice (anonymise), enters the password and deletes the account.
 * Then the session is gone, logging in with the old phone and password fails, and
 * the note is still there under the pseudonym 「已注销用户 XXXX」.
 *
 * Same rig as journey.test.ts: Debian's Chromium through playwright-core against a
 * real Agora on PGlite; screenshots go to test-results/deletion-*.png.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../../src/lib/clock.js';
import type { TestApp } from '../support/app.js';
import { journeyRig, RUN_BROWSER, screenshotter, see, UI_TIMEOUT, warnIfSkipped } from '../support/browser.js';
import { given, type GivenUser } from '../support/given.js';

const PIN = '258036';
const PRICE = 12_900;
const screenshot = screenshotter('deletion-', { fromTop: true });

warnIfSkipped('the account deletion browser journey is');

describe.skipIf(!RUN_BROWSER)('account deletion in Chromium (390×844)', () => {
  const rig = journeyRig();
  let t: TestApp;
  beforeAll(() => {
    t = rig.app;
  });

  const key = () => ({ 'idempotency-key': randomUUID() });
  const ok = async (res: Promise<{ status: number; text: string }>, status = 200) => expect((await res).status, (await res).text).toBe(status);

  /** A buyer whose one order is completed (the wallet is empty again) and who wrote a note. */
  async function buyerWithHistory(): Promise<{ buyer: GivenUser; noteId: string }> {
    const admin = await given.admin(t);
    const shop = await given.operator(t, admin, { viaSms: false });
    const product = await given.product(t, shop, { skus: [{ name: '标准', price: PRICE, stock: 5 }] });
    const buyer = await given.user(t, { pin: PIN, viaSms: false, displayName: '注销前的昵称' });
    await given.funds(t, buyer, PRICE);
    const addressId = await given.address(t, buyer);
    const placed = await t.http.post('/orders', { addressId, items: [{ skuId: product.skus[0].id, quantity: 1 }] }, { token: buyer.token, headers: key() });
    expect(placed.status).toBe(201);
    const orderId = placed.body.order.id as string;
    await ok(t.http.post(`/orders/${orderId}/pay`, { pin: PIN }, { token: buyer.token, headers: key() }));
    await ok(t.http.post(`/orders/${orderId}/ship`, { carrier: '顺丰速运', trackingNumber: 'SF5566778899' }, { token: shop.owner.token, headers: key() }));
    await ok(t.http.post(`/orders/${orderId}/confirm-receipt`, undefined, { token: buyer.token, headers: key() }));
    t.clock.advance(9 * DAY);
    await t.ctx.orderTimers.sweep();
    // Sessions lapse after 7 idle days: log in again.
    buyer.token = (await t.http.post('/auth/login', { phone: buyer.phone, password: buyer.password })).body.token;
    expect((await t.http.get(`/orders/${orderId}`, { token: buyer.token })).body.status).toBe('completed');
    const note = await given.note(t, buyer, [[product.id]], { title: '用了一个月的真实感受', body: '质量不错，会回购。' });
    return { buyer, noteId: note.id };
  }

  it('a buyer with a completed order and a note deletes the account, anonymising: logged out, login fails, the note shows the pseudonym', { timeout: 90_000 }, async () => {
    const { buyer, noteId } = await buyerWithHistory();
    const { page } = await rig.page({ token: buyer.token });

    await page.goto(`${t.url}/me/privacy`);
    await page.getByTestId('privacy-delete-account').click();
    await page.waitForURL('**/me/privacy/delete');
    await see(page, 'deletion-erased', '身份证号');
    await see(page, 'deletion-kept', '电子商务法');
    await page.getByTestId('deletion-form').waitFor({ timeout: UI_TIMEOUT });
    expect(await page.getByTestId('deletion-content-anonymise').isChecked()).toBe(true);
    await screenshot(page, '01-consequences');

    // A wrong password first: refused, nothing erased.
    await page.getByTestId('deletion-password').fill('not-my-password');
    await page.getByTestId('deletion-confirm').click();
    await page.getByText('密码不正确').waitFor({ timeout: UI_TIMEOUT });
    expect((await t.http.get('/me', { token: buyer.token })).status).toBe(200);

    await page.getByTestId('deletion-password').fill(buyer.password);
    await page.getByTestId('deletion-confirm').click();
    await see(page, 'deletion-pseudonym', /已注销用户 [2-9A-Z]{4}/);
    const pseudonym = (await page.getByTestId('deletion-pseudonym').innerText()).match(/已注销用户 [2-9A-Z]{4}/)![0];
    await screenshot(page, '02-done');

    // Logged out: the session cookie is gone and the old token is refused.
    expect((await t.http.get('/me', { token: buyer.token })).status).toBe(401);
    await page.getByTestId('deletion-home').click();
    await page.goto(`${t.url}/me`);
    await page.waitForURL('**/login**');

    // The old phone and password no longer log in.
    await page.locator('input[name="phone"]').fill(buyer.phone);
    await page.locator('input[name="password"]').fill(buyer.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('form-error').waitFor({ timeout: UI_TIMEOUT });
    expect(page.url()).toContain('/login');
    await screenshot(page, '03-login-fails');

    // The note stays, under the pseudonym.
    await page.goto(`${t.url}/notes/${noteId}`);
    await see(page, 'note-author', pseudonym);
    expect(await page.getByTestId('note-author').innerText()).not.toContain('注销前的昵称');
    await screenshot(page, '04-note-under-pseudonym');
  });
});
