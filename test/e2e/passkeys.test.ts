/**
 * Browser journey for passkeys as the payment step-up (D4; CONVENTIONS.md §9:
 * whole journeys only): a verified buyer adds a passkey on /me/passkeys, buys a
 * ¥2,500 product through cart and checkout, types the PIN, is asked for a second
 * factor and confirms with the passkey: the order is paid and the wallet holds the
 * amount. A second order, with the authenticator's user verification off, is
 * refused and changes nothing. The books balance.
 *
 * Chromium's own virtual authenticator (CDP `WebAuthn` domain) stands in for the
 * phone's fingerprint reader, so the browser makes real credentials and real
 * signatures and the server's real checks run. WebAuthn refuses IP addresses:
 * the app is opened at http://localhost:<port>, the relying party the server
 * announces in development. Screenshots go to test-results/passkeys-*.png.
 */
import { randomUUID } from 'node:crypto';
import * as OTPAuth from 'otpauth';
import { type CDPSession, type Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.js';
import { SoftAuthenticator } from '../support/authenticator.js';
import { given, type GivenUser } from '../support/given.js';
import { journeyRig, RUN_BROWSER, screenshotter, see, typePin, UI_TIMEOUT, UUID_V4, warnIfSkipped, type SentPost } from '../support/browser.js';

const screenshot = screenshotter('passkeys-', { fromTop: true });
const PIN = '258036';
const PRICE = 250_000; // ¥2,500: over the ¥2,000 step-up threshold
const FUNDS = 2 * PRICE;

warnIfSkipped('the passkeys browser journey is');

describe.skipIf(!RUN_BROWSER)('passkeys in Chromium (390×844)', () => {
  const rig = journeyRig();
  let t: TestApp;
  /** The app as WebAuthn accepts it: a domain, not 127.0.0.1. */
  let origin: string;
  beforeAll(() => {
    t = rig.app;
    origin = t.url.replace('127.0.0.1', 'localhost');
  });

  /** A phone-sized page on localhost logged in as `user`, with a virtual platform authenticator that verifies the user. */
  async function newPage(user: GivenUser): Promise<{ page: Page; posts: SentPost[]; cdp: CDPSession; authenticatorId: string }> {
    const { context, page, posts } = await rig.page({ token: user.token, host: 'localhost' });
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });
    return { page, posts, cdp, authenticatorId };
  }

  /** Product page → cart → checkout (the saved address is chosen) → the new order's page; returns its id. */
  async function buy(page: Page, productId: string): Promise<string> {
    await page.goto(`${origin}/products/${productId}`);
    await page.getByTestId('product-add-to-cart').click();
    await see(page, 'cart-added', '已加入购物车');
    await page.goto(`${origin}/cart`);
    await see(page, 'cart-shop-total', '¥2,500.00');
    await page.getByTestId('cart-checkout').click();
    await page.waitForURL('**/checkout');
    await page.getByTestId('checkout-address').first().locator('label').click();
    expect(await page.getByTestId('checkout-addresses').locator('input:checked').count()).toBe(1);
    await see(page, 'checkout-total', '¥2,500.00');
    await page.getByTestId('checkout-place').click();
    await page.waitForURL('**/orders/*');
    return new URL(page.url()).pathname.split('/').pop()!;
  }

  it('adds a passkey, pays ¥2,500 with PIN and passkey; with user verification off the next payment is refused and changes nothing', { timeout: 90_000 }, async () => {
    const admin = await given.admin(t);
    const operator = await given.operator(t, admin, { shopName: '大件家电店' });
    const product = await given.product(t, operator, { title: '空气净化器', skus: [{ name: '标准版', price: PRICE, stock: 5 }] });
    const buyer = await given.user(t, { pin: PIN });
    await given.funds(t, buyer, FUNDS);
    await given.address(t, buyer);
    const { page, posts, cdp, authenticatorId } = await newPage(buyer);
    const wallet = async () => (await t.http.get('/wallet', { token: buyer.token })).body;
    const orderStatus = async (orderId: string) => (await t.http.get(`/orders/${orderId}`, { token: buyer.token })).body.status;

    // From Me's security list to the passkeys page: none yet; add one named for this phone.
    await page.goto(`${origin}/me`);
    await page.getByTestId('link-passkeys').click();
    await page.waitForURL('**/me/passkeys');
    await see(page, 'passkeys-empty', '还没有通行密钥');
    expect(await page.getByTestId('passkey-name-input').inputValue()).toBe('我的设备');
    await page.getByTestId('passkey-name-input').fill('我的手机');
    await page.getByTestId('passkey-add').click();
    await see(page, 'passkey-added', '已添加通行密钥「我的手机」');
    await see(page, 'passkey-name', '我的手机');
    await see(page, 'passkey-last-used', '从未使用');
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    const registered = (await t.http.get('/me/passkeys', { token: buyer.token })).body.items;
    expect(registered).toEqual([expect.objectContaining({ name: '我的手机', lastUsedAt: null })]);
    await screenshot(page, '01-added');

    // A ¥2,500 order: the PIN alone is not enough; the step-up offers the passkey only (no authenticator app).
    const firstId = await buy(page, product.id);
    await see(page, 'pay-amount', '¥2,500.00');
    await typePin(page, PIN);
    await see(page, 'pay-step-up', '¥2,000 及以上的付款需要再验证一次身份');
    expect(await page.getByTestId('pay-step-up').getAttribute('data-methods')).toBe('passkey');
    expect(await page.getByTestId('pay-totp-form').count()).toBe(0);
    await see(page, 'pay-passkey', '使用通行密钥确认');
    await screenshot(page, '02-step-up');
    await page.getByTestId('pay-passkey').click();
    await see(page, 'order-status', '已付款');
    expect(await page.getByTestId('pay-sheet').count()).toBe(0);
    await screenshot(page, '03-paid');

    // What was sent: the PIN alone, then the options, then the PIN with the assertion, each payment with its own key.
    const firstPays = posts.filter((post) => post.path === `/orders/${firstId}/pay`);
    expect(firstPays.map((post) => Object.keys(post.body ?? {}).sort())).toEqual([['pin'], ['passkey', 'pin']]);
    expect(firstPays[1]!.body!.passkey).toMatchObject({ id: registered[0].id, type: 'public-key' });
    for (const post of firstPays) expect(post.key).toMatch(UUID_V4);
    expect(firstPays[0]!.key).not.toBe(firstPays[1]!.key);
    expect(posts.filter((post) => post.path === `/orders/${firstId}/pay/passkey-options`)).toHaveLength(1);

    // The wallet holds the amount in escrow; the passkey shows it was used.
    expect(await orderStatus(firstId)).toBe('paid');
    expect(await wallet()).toEqual({ balance: FUNDS - PRICE, held: PRICE, incoming: 0 });
    await page.goto(`${origin}/wallet`);
    await see(page, 'wallet-balance', '¥2,500.00');
    await see(page, 'wallet-held', '¥2,500.00');
    await page.goto(`${origin}/me/passkeys`);
    await expect.poll(() => page.getByTestId('passkey-last-used').innerText(), { timeout: UI_TIMEOUT }).not.toBe('从未使用');

    // The second order: the authenticator can no longer verify the user. Chromium ends the
    // ceremony itself (NotAllowedError, as for a closed prompt), so no assertion reaches
    // the server: the sheet says so calmly and offers the passkey again.
    await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: false });
    const secondId = await buy(page, product.id);
    await typePin(page, PIN);
    await see(page, 'pay-passkey', '使用通行密钥确认');
    await page.getByTestId('pay-passkey').click();
    await see(page, 'pay-passkey-error', '通行密钥验证未完成，可以再试一次。');
    expect(await page.getByTestId('pay-passkey-error').getAttribute('data-code')).toBe('PASSKEY_CANCELLED');
    await expect.poll(() => page.getByTestId('pay-passkey').isEnabled(), { timeout: UI_TIMEOUT }).toBe(true);
    await see(page, 'order-status', '待付款');
    await screenshot(page, '04-not-verified');
    const optionsFor = (orderId: string) => posts.filter((post) => post.path === `/orders/${orderId}/pay/passkey-options`);
    const paysFor = (orderId: string) => posts.filter((post) => post.path === `/orders/${orderId}/pay`);
    expect(optionsFor(secondId)).toHaveLength(1);
    expect(paysFor(secondId).map((post) => Object.keys(post.body ?? {}))).toEqual([['pin']]);
    expect(await orderStatus(secondId)).toBe('pending_payment');
    expect(await wallet()).toEqual({ balance: FUNDS - PRICE, held: PRICE, incoming: 0 });

    // User verification back, but the buyer lingers past the challenge's five minutes at
    // the prompt: the server refuses the assertion (PASSKEY_REJECTED) and nothing moves.
    await cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified: true });
    await page.route('**/api/v1/orders/*/pay/passkey-options', async (route) => {
      const answered = await route.fetch();
      t.clock.advance(6 * 60_000);
      await route.fulfill({ response: answered });
    });
    await page.getByTestId('pay-passkey').click();
    await see(page, 'pay-passkey-error', '通行密钥验证未通过，请重试。');
    expect(await page.getByTestId('pay-passkey-error').getAttribute('data-code')).toBe('PASSKEY_REJECTED');
    await page.unroute('**/api/v1/orders/*/pay/passkey-options');
    await see(page, 'order-status', '待付款');
    await screenshot(page, '05-rejected');
    expect(await orderStatus(secondId)).toBe('pending_payment');
    expect(await wallet()).toEqual({ balance: FUNDS - PRICE, held: PRICE, incoming: 0 });

    // Trying again signs a new challenge (each is good once) and pays.
    await page.getByTestId('pay-passkey').click();
    await see(page, 'order-status', '已付款');
    expect(optionsFor(secondId)).toHaveLength(3);
    const secondPays = paysFor(secondId);
    expect(secondPays.map((post) => Object.keys(post.body ?? {}).sort())).toEqual([['pin'], ['passkey', 'pin'], ['passkey', 'pin']]);
    expect(new Set(secondPays.map((post) => post.key)).size).toBe(3);
    const signed = secondPays.slice(1).map((post) => JSON.parse(Buffer.from((post.body!.passkey as { response: { clientDataJSON: string } }).response.clientDataJSON, 'base64url').toString()).challenge);
    expect(signed[0]).not.toBe(signed[1]);
    expect(await orderStatus(secondId)).toBe('paid');
    expect(await wallet()).toEqual({ balance: FUNDS - 2 * PRICE, held: 2 * PRICE, incoming: 0 });
    await screenshot(page, '06-paid-on-retry');

    // Removing the passkey asks first; afterwards a large payment has no passkey to offer.
    await page.goto(`${origin}/me/passkeys`);
    page.once('dialog', (dialog) => {
      expect(dialog.message()).toContain('确定删除通行密钥「我的手机」吗');
      void dialog.accept();
    });
    await page.getByTestId('passkey-remove').click();
    await see(page, 'passkeys-empty', '还没有通行密钥');
    expect((await t.http.get('/me/passkeys', { token: buyer.token })).body.items).toEqual([]);
  });

  it('with both a passkey and an authenticator app, the step-up offers both; a wrong code is refused in place, the right one pays', { timeout: 60_000 }, async () => {
    const admin = await given.admin(t);
    const operator = await given.operator(t, admin, { shopName: '大件家电店' });
    const product = await given.product(t, operator, { title: '空气净化器', skus: [{ name: '标准版', price: PRICE, stock: 5 }] });
    const buyer = await given.user(t, { pin: PIN });
    await given.funds(t, buyer, FUNDS);
    const addressId = await given.address(t, buyer);
    // The authenticator app, enrolled through the API, and a passkey from a software authenticator.
    const enrol = await t.http.post('/me/totp', undefined, { token: buyer.token });
    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(enrol.body.secret), digits: 6, period: 30 });
    expect((await t.http.post('/me/totp/verify', { code: totp.generate({ timestamp: t.clock.now().getTime() }) }, { token: buyer.token })).status).toBe(204);
    const passkeyOptions = await t.http.post('/me/passkeys/options', undefined, { token: buyer.token });
    expect((await t.http.post('/me/passkeys', { response: new SoftAuthenticator(origin).register(passkeyOptions.body) }, { token: buyer.token })).status).toBe(201);
    const placed = await t.http.post('/orders', { items: [{ skuId: product.skus[0].id, quantity: 1 }], addressId }, { token: buyer.token, headers: { 'idempotency-key': randomUUID() } });
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    const orderId = placed.body.order.id as string;
    // The enrolment code is used up: the payment's code is the next one.
    t.clock.advance(30_000);
    const { page, posts } = await newPage(buyer);

    await page.goto(`${origin}/orders/${orderId}`);
    await typePin(page, PIN);
    await see(page, 'pay-step-up', '¥2,000 及以上的付款需要再验证一次身份');
    expect(await page.getByTestId('pay-step-up').getAttribute('data-methods')).toBe('passkey totp');
    await see(page, 'pay-passkey', '使用通行密钥确认');
    await see(page, 'pay-step-up', '或');
    await page.getByTestId('pay-totp').fill('000000');
    await page.getByTestId('pay-totp-submit').click();
    await see(page, 'totp-error', '动态码不正确或已使用过');
    expect(await page.getByTestId('pay-totp').inputValue()).toBe('');
    expect(await page.getByTestId('pay-error').count()).toBe(0);
    await see(page, 'order-status', '待付款');
    await screenshot(page, '07-both-wrong-code');
    expect((await t.http.get('/wallet', { token: buyer.token })).body).toEqual({ balance: FUNDS, held: 0, incoming: 0 });

    await page.getByTestId('pay-totp').fill(totp.generate({ timestamp: t.clock.now().getTime() }));
    await page.getByTestId('pay-totp-submit').click();
    await see(page, 'order-status', '已付款');
    await screenshot(page, '08-paid-with-code');
    const pays = posts.filter((post) => post.path === `/orders/${orderId}/pay`);
    expect(pays.map((post) => Object.keys(post.body ?? {}).sort())).toEqual([['pin'], ['pin', 'totp'], ['pin', 'totp']]);
    expect(new Set(pays.map((post) => post.key)).size).toBe(3);
    expect(posts.filter((post) => post.path.endsWith('/passkey-options'))).toEqual([]);
    expect((await t.http.get(`/orders/${orderId}`, { token: buyer.token })).body.status).toBe('paid');
    expect((await t.http.get('/wallet', { token: buyer.token })).body).toEqual({ balance: FUNDS - PRICE, held: PRICE, incoming: 0 });
  });
});
