/**
 * Browser journeys through the built web app (CONVENTIONS.md §9: whole journeys only),
 * driving Debian's Chromium with playwright-core against a real Agora on PGlite.
 * Every page visited is saved as a full-page screenshot in test-results/.
 *
 * Without /usr/bin/chromium the suite is skipped with a warning; under CI=true that
 * is a failure instead (.ci/run installs the `chromium` package).
 */
import { randomInt } from 'node:crypto';
import * as OTPAuth from 'otpauth';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { given, latestSmsCode } from '../support/given.js';
import { ensureWebBuild, launchChromium, PHONE_VIEWPORT, RUN_BROWSER, screenshotter, see, UI_TIMEOUT, warnIfSkipped } from '../support/browser.js';

const screenshot = screenshotter();

warnIfSkipped('the browser journeys are');

/** A fresh mainland mobile number: 15 and nine random digits. */
function freshPhone(): string {
  return `15${String(randomInt(0, 1_000_000_000)).padStart(9, '0')}`;
}

async function badgeOk(page: Page, testId: string): Promise<string | null> {
  return page.getByTestId(testId).getAttribute('data-ok');
}

function input(page: Page, name: string) {
  return page.locator(`input[name="${name}"]`);
}

describe.skipIf(!RUN_BROWSER)('web app in Chromium (390×844)', () => {
  let t: TestApp;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  /** Uncaught exceptions in any page: each one fails the test it happened in. */
  let pageErrors: string[] = [];

  async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: PHONE_VIEWPORT, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT);
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
    return { context, page };
  }

  async function sessionCookie(context: BrowserContext) {
    return (await context.cookies(t.url)).find((cookie) => cookie.name === 'agora_session');
  }

  beforeAll(async () => {
    ensureWebBuild();
    // Both at once; keep whichever started, so afterAll closes it even if the other failed.
    const [app, launched] = await Promise.allSettled([
      startTestApp('pglite'),
      launchChromium(),
    ]);
    if (app.status === 'fulfilled') t = app.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    for (const started of [app, launched]) if (started.status === 'rejected') throw started.reason;
  });

  afterEach(() => {
    const errors = pageErrors;
    pageErrors = [];
    expect(errors).toEqual([]);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  it('signs up with the SMS code, verifies identity, sets a PIN, logs out and back in', { timeout: 45_000 }, async () => {
    const { context, page } = await newPage();
    const phone = freshPhone();
    const masked = `${phone.slice(0, 3)}****${phone.slice(7)}`;
    const password = 'journey-password-1';

    // Register; an empty form is refused in the page's own words first.
    await page.goto(`${t.url}/register`);
    await page.getByTestId('register-submit').click();
    await see(page, 'phone-error', '请输入 11 位中国大陆手机号');
    expect(await page.title()).toBe('注册 · Agora');
    await screenshot(page, '01-register');
    // The code field appears once the code is sent; a wrong code is refused in words, the one from the SMS works.
    expect(await input(page, 'code').count()).toBe(0);
    await input(page, 'phone').fill(phone);
    await page.getByTestId('send-code').click();
    await see(page, 'code-sent', '验证码已发送');
    await see(page, 'send-code', /\d+ 秒后可重发/);
    const code = await latestSmsCode(t, phone);
    const wrongCode = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    await input(page, 'code').fill(wrongCode);
    await input(page, 'password').fill(password);
    await input(page, 'displayName').fill('小红');
    await page.getByTestId('register-submit').click();
    await see(page, 'form-error', '验证码不正确');
    await screenshot(page, '02-register-code');
    await input(page, 'code').fill(code);
    await page.getByTestId('register-submit').click();

    // Signed in at once, the phone verified: no "verify your phone" step is left.
    await page.waitForURL('**/me');
    await see(page, 'me-display-name', '小红');
    await see(page, 'me-phone', masked);
    await see(page, 'me-roles', '普通用户');
    expect(await badgeOk(page, 'badge-phone')).toBe('true');
    await see(page, 'badge-phone', '手机已验证');
    expect(await page.getByTestId('link-phone').count()).toBe(0);
    expect(await badgeOk(page, 'badge-identity')).toBe('false');
    // The session is an HttpOnly cookie; the page keeps no token of its own.
    const cookie = await sessionCookie(context);
    expect(cookie?.httpOnly).toBe(true);
    const storage = (await context.storageState()).origins.flatMap((origin) => origin.localStorage);
    expect(storage.map((item) => item.value).join(' ')).not.toContain(cookie!.value);
    await screenshot(page, '03-me');


    // Identity: a bad check character is refused with the translated INVALID_ID_NUMBER, then the real one.
    await page.getByTestId('link-identity').click();
    await page.waitForURL('**/me/identity');
    await input(page, 'realName').fill('张三');
    await input(page, 'idNumber').fill('110105194912310021');
    // PIPL art. 29: the sensitive-information consent is its own box, with its text, and comes first.
    await page.getByTestId('identity-submit').click();
    await see(page, 'identity-consent-required', '请先勾选同意处理敏感个人信息');
    await see(page, 'identity-consent-text', '身份证号码');
    await page.getByTestId('identity-consent-checkbox').check();
    await page.getByTestId('identity-submit').click();
    await see(page, 'form-error', '身份证号无效');
    await screenshot(page, '06-identity');
    await input(page, 'idNumber').fill('11010519491231002x');
    await page.getByTestId('identity-submit').click();

    await page.waitForURL('**/me');
    await see(page, 'me-notice', '实名认证已通过');
    await see(page, 'badge-identity', '已实名');
    await screenshot(page, '07-me-identity-verified');

    // Payment PIN: no current-PIN field the first time; a trivial PIN is refused (WEAK_PIN).
    await page.getByTestId('link-pin').click();
    await page.waitForURL('**/me/payment-pin');
    expect(await input(page, 'currentPin').count()).toBe(0);
    await input(page, 'pin').fill('258036');
    await input(page, 'confirmPin').fill('258037');
    await page.getByTestId('pin-submit').click();
    await see(page, 'confirmPin-error', '两次输入的支付密码不一致');
    await input(page, 'pin').fill('123456');
    await input(page, 'confirmPin').fill('123456');
    await page.getByTestId('pin-submit').click();
    await see(page, 'form-error', '支付密码太容易被猜到');
    await screenshot(page, '08-payment-pin');
    await input(page, 'pin').fill('258036');
    await input(page, 'confirmPin').fill('258036');
    await page.getByTestId('pin-submit').click();

    await page.waitForURL('**/me');
    await see(page, 'me-notice', '支付密码已设置');
    await see(page, 'badge-pin', '已设支付密码');
    await see(page, 'link-pin', '修改');
    await screenshot(page, '09-me-pin-set');
    const sessionHeader = { cookie: `agora_session=${(await sessionCookie(context))!.value}` };
    const me = await t.http.get('/me', { headers: sessionHeader });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ displayName: '小红', phoneVerified: true, identityVerified: true, paymentPinSet: true, totpEnabled: false });

    // Log out: the cookie is gone and the old session is dead on the server.
    await page.getByTestId('logout').click();
    await page.waitForURL('**/login');
    await see(page, 'login-notice', '你已退出登录');
    expect(await sessionCookie(context)).toBeUndefined();
    expect((await t.http.get('/me', { headers: sessionHeader })).status).toBe(401);
    await screenshot(page, '10-logged-out');

    // A protected page now sends the visitor to log in, and back there afterwards.
    await page.goto(`${t.url}/me`);
    await page.waitForURL('**/login');
    await see(page, 'login-notice', '请先登录');
    await input(page, 'phone').fill(phone);
    await input(page, 'password').fill(password);
    await page.getByTestId('login-submit').click();

    await page.waitForURL('**/me');
    await see(page, 'me-display-name', '小红');
    await see(page, 'badge-identity', '已实名');
    await see(page, 'badge-pin', '已设支付密码');
    expect(await badgeOk(page, 'badge-identity')).toBe('true');
    expect(await badgeOk(page, 'badge-pin')).toBe('true');
    await screenshot(page, '11-me-again');

    // Changing the PIN asks for the current one.
    await page.getByTestId('link-pin').click();
    await page.waitForURL('**/me/payment-pin');
    await expect.poll(() => input(page, 'currentPin').count(), { timeout: UI_TIMEOUT }).toBe(1);
    await screenshot(page, '12-payment-pin-change');
  });

  it('enrols an authenticator app from the QR code', async () => {
    const user = await given.user(t, { displayName: '阿明' });
    const { page } = await newPage();
    await page.goto(`${t.url}/me/totp`);
    await page.waitForURL('**/login');
    await input(page, 'phone').fill(user.phone);
    await input(page, 'password').fill(user.password);
    await page.getByTestId('login-submit').click();

    await page.waitForURL('**/me/totp');
    await page.getByTestId('totp-start').click();
    const qr = page.getByTestId('totp-qr');
    await qr.waitFor();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    expect(await qr.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(100);
    const secret = await page.getByTestId('totp-secret').getAttribute('data-secret');
    expect((await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '')).toBe(secret);
    await screenshot(page, '13-totp');

    const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret!), digits: 6, period: 30 });
    await input(page, 'code').fill(totp.generate({ timestamp: t.clock.now().getTime() }));
    await page.getByTestId('totp-submit').click();
    await page.waitForURL('**/me');
    await see(page, 'me-notice', '身份验证器已绑定');
    await see(page, 'badge-totp', '已绑定验证器');
    await screenshot(page, '14-me-totp');
  });

  it('switches to English, remembers it across a reload, and switches back', async () => {
    const { context, page } = await newPage();
    await page.goto(`${t.url}/`);
    await see(page, 'tab-home', '首页');
    await see(page, 'home-page', '欢迎来到 Agora');
    await screenshot(page, '15-home-zh');

    await page.getByTestId('lang-en').click();
    await see(page, 'tab-home', 'Home');
    await see(page, 'tab-me', 'Me');
    await see(page, 'home-page', 'Welcome to Agora');
    await see(page, 'feed-tab-discover', 'Discover');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');

    await page.reload();
    await see(page, 'home-page', 'Welcome to Agora');
    await page.getByTestId('home-login').click();
    await page.waitForURL('**/login');
    await see(page, 'login-page', 'Log in');
    await page.getByTestId('login-submit').click();
    await see(page, 'phone-error', 'Enter an 11-digit mainland China mobile number');
    await screenshot(page, '16-login-en');

    await page.getByTestId('lang-zh-CN').click();
    await see(page, 'login-page', '登录');
    await see(page, 'phone-error', '请输入 11 位中国大陆手机号');
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    const stored = (await context.storageState()).origins.flatMap((origin) => origin.localStorage);
    expect(stored).toContainEqual({ name: 'agora.language', value: 'zh-CN' });
  });
});
