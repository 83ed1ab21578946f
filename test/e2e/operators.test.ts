/**
 * Browser journeys for operators (CONVENTIONS.md §9: whole journeys only): an
 * individual opens a shop (D2), an admin approves it (R3), the operator lists a
 * product with an uploaded image, and a visitor sees the storefront's disclosure
 * (R1: never the identity number or real name) and the product priced in ¥ with
 * fen (R14). A second journey covers rejection with a reason and filing again.
 *
 * Same rig as journey.test.ts: Debian's Chromium through playwright-core against a
 * real Agora on PGlite; screenshots go to test-results/op-*.png. Sessions are made
 * through the API (test/support/given.ts) and handed to the browser as the
 * `agora_session` cookie. The web app's money and number helpers are checked here
 * too, since web/ has no test runner of its own.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isValidCreditCode, isValidIdNumber } from '../../web/src/lib/checks.js';
import { fenToYuan, formatFen, parseYuan } from '../../web/src/lib/money.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { given, type GivenUser } from '../support/given.js';
import { ensureWebBuild, launchChromium, PHONE_VIEWPORT, RUN_BROWSER, screenshotter, see, UI_TIMEOUT, warnIfSkipped } from '../support/browser.js';

describe('web money and registration-number helpers', () => {
  it('parseYuan reads typed yuan into exact fen and refuses what is not an amount', () => {
    expect(parseYuan('129.5')).toBe(12950);
    expect(parseYuan('129.00')).toBe(12900);
    expect(parseYuan(' ¥1,299.99 ')).toBe(129999);
    expect(parseYuan('0.1')).toBe(10);
    expect(parseYuan('.5')).toBe(50);
    // Floats would get these wrong: 1.15 * 100 = 114.99999999999999, 4.35 * 100 = 434.99999999999994.
    expect(parseYuan('1.15')).toBe(115);
    expect(parseYuan('4.35')).toBe(435);
    expect(parseYuan('0')).toBe(0);
    for (const bad of ['', '1.005', '-3', '-0.01', '1e3', 'abc', '12,99', '1.', '¥', '1 000', '9999999999']) expect(parseYuan(bad), bad).toBeNull();
    expect(fenToYuan(12950)).toBe('129.50');
    expect(fenToYuan(5)).toBe('0.05');
    expect(formatFen(12950)).toBe('¥129.50');
  });

  it('checks identity numbers (GB 11643) and credit codes (GB 32100) as RULES.md gives them', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('11010519491231002x')).toBe(true);
    expect(isValidIdNumber('440524188001010014')).toBe(true);
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    expect(isValidIdNumber('11010519490230002X')).toBe(false); // 30 February, whatever the check character
    for (const good of ['91350100M000100Y43', '9144030071526726XG', '91330100716105852F', '91350100m000100y43']) expect(isValidCreditCode(good), good).toBe(true);
    for (const bad of ['91350100M000100Y44', '91350100M000100Y4', 'I1350100M000100Y43']) expect(isValidCreditCode(bad), bad).toBe(false);
  });
});

const screenshot = screenshotter('op-', { fromTop: true });

warnIfSkipped('the operator browser journeys are');

function field(page: Page, name: string) {
  return page.locator(`[name="${name}"]`);
}

/** The masking the admin API applies (API: 110105********002X). */
function masked(idNumber: string): string {
  return `${idNumber.slice(0, 6)}********${idNumber.slice(14)}`;
}

describe.skipIf(!RUN_BROWSER)('operators in Chromium (390×844)', () => {
  let t: TestApp;
  let browser: Browser;
  let imagePath: string;
  const contexts: BrowserContext[] = [];
  let pageErrors: string[] = [];

  /** A phone-sized page; with `user`, logged in as them through the session cookie. */
  async function newPage(user?: GivenUser): Promise<Page> {
    const context = await browser.newContext({ viewport: PHONE_VIEWPORT, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    contexts.push(context);
    if (user) {
      await context.addCookies([{ name: 'agora_session', value: user.token, domain: '127.0.0.1', path: '/', httpOnly: true, sameSite: 'Lax' }]);
    }
    const page = await context.newPage();
    page.setDefaultTimeout(UI_TIMEOUT);
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
    return page;
  }

  /** The review card of one operator in the admin console. */
  function reviewCard(page: Page, operatorId: string) {
    return page.locator(`[data-testid="review-card"][data-id="${operatorId}"]`);
  }

  beforeAll(async () => {
    ensureWebBuild();
    imagePath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'agora-op-')), 'soap.png');
    await sharp({ create: { width: 64, height: 64, channels: 3, background: '#e33' } })
      .png()
      .toFile(imagePath);
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
    if (imagePath) fs.rmSync(path.dirname(imagePath), { recursive: true, force: true });
  });

  it('D2/R1/R3: an individual opens a shop, an admin approves it, a product goes on sale, visitors see the disclosure and ¥ prices', { timeout: 90_000 }, async () => {
    const seller = await given.user(t, { verify: 'identity', displayName: '小龙' });
    const admin = await given.admin(t);
    const idNumber = seller.idNumber!;
    const realName = seller.realName!;

    // The console is reached from "Me"; with no registration it is the application form.
    const page = await newPage(seller);
    await page.goto(`${t.url}/me`);
    await page.getByTestId('link-shop').click();
    await page.waitForURL('**/shop');
    await page.getByTestId('kind-individual').click();
    await field(page, 'shopName').fill('小龙手作');
    await field(page, 'contactPhone').fill('13912345678');
    await field(page, 'region').fill('广东省 佛山市 顺德区');
    await field(page, 'line').fill('大良街道 金榜路 8 号');

    // Verified already: the form shows the identity masked and asks nothing again (issue 16).
    await see(page, 'verified-name', `${realName.slice(0, 1)}*${realName.slice(-1)}`);
    await see(page, 'verified-id-number', masked(idNumber));
    expect(await field(page, 'realName').count()).toBe(0);
    expect(await field(page, 'idNumber').count()).toBe(0);
    expect(await page.getByTestId('operator-form').innerText()).not.toContain(idNumber);
    await screenshot(page, '01-shop-form');
    await page.getByTestId('operator-submit').click();

    await see(page, 'shop-notice', '开店申请已提交');
    await see(page, 'operator-status-label', '审核中');
    await screenshot(page, '02-shop-pending');
    const mine = await t.http.get('/me/registrations', { token: seller.token });
    expect(mine.body.operators).toHaveLength(1);
    expect(mine.body.operators[0]).toMatchObject({ shopName: '小龙手作', kind: 'individual', status: 'pending' });
    const operatorId = mine.body.operators[0].id as string;
    expect((await t.http.get(`/operators/${operatorId}`)).status).toBe(404); // not public while pending

    // The admin sees the application with the identity number masked exactly as the API gives it, and approves it.
    const adminPage = await newPage(admin);
    await adminPage.goto(`${t.url}/me`);
    await adminPage.getByTestId('link-admin').click();
    await adminPage.waitForURL('**/admin/review');
    const card = reviewCard(adminPage, operatorId);
    await card.waitFor();
    expect(await card.getByTestId('review-shop-name').innerText()).toBe('小龙手作');
    expect(await card.getByTestId('review-real-name').innerText()).toBe(realName);
    expect(await card.getByTestId('review-id-number').innerText()).toBe(masked(idNumber));
    expect(await card.getByTestId('review-contact').innerText()).toContain('13912345678');
    expect(await card.getByTestId('review-address').innerText()).toContain('广东省 佛山市 顺德区');
    expect(await card.innerText()).not.toContain(idNumber);
    await screenshot(adminPage, '03-admin-queue');
    await card.getByTestId('review-approve').click();
    await see(adminPage, 'admin-outcome', '已通过「小龙手作」');
    await expect.poll(() => reviewCard(adminPage, operatorId).count(), { timeout: UI_TIMEOUT }).toBe(0);
    await adminPage.getByTestId('admin-status-approved').click();
    await reviewCard(adminPage, operatorId).getByTestId('review-reverify').waitFor();
    await screenshot(adminPage, '04-admin-approved');
    const storefront = await t.http.get(`/operators/${operatorId}`);
    expect(storefront.status).toBe(200);
    expect(storefront.body).toMatchObject({ shopName: '小龙手作', status: 'approved', selling: true });

    // The operator's console: disclosure preview and re-verification date on the overview, the deposit owed in ¥ (General: ¥2,000.00) in its section.
    await page.reload();
    await page.getByTestId('shop-dashboard').waitFor();
    await see(page, 'shop-disclosure-notice', '个人经营者');
    await see(page, 'shop-reverification-due', /\d{4}年\d{1,2}月\d{1,2}日/);
    await screenshot(page, '05-shop-dashboard');
    await page.getByTestId('console-deposit').click();
    await page.waitForURL('**/shop/deposit');
    await see(page, 'deposit-required', '¥2,000.00');
    await see(page, 'deposit-owed', '¥2,000.00');

    // A product with an image uploaded through the page; the price is typed in yuan.
    await page.getByTestId('console-products').click();
    await page.waitForURL('**/shop/products');
    await page.getByTestId('shop-new-product').click();
    await page.waitForURL('**/shop/products/new');
    await field(page, 'title').fill('手工冷制皂 薰衣草');
    await field(page, 'description').fill('冷制工艺，薰衣草精油，100 克。\n敏感肌可用。');
    await page.getByTestId('image-input').setInputFiles(imagePath);
    await expect.poll(() => page.getByTestId('image-tile').count(), { timeout: UI_TIMEOUT }).toBe(1);
    await field(page, 'skus.0.name').fill('单块装');
    await field(page, 'skus.0.price').fill('129.555');
    await field(page, 'skus.0.stock').fill('20');
    await field(page, 'skus.0.groupPrice').fill('99');
    await field(page, 'skus.0.groupSize').fill('2');
    await page.getByTestId('addon-add').click();
    await field(page, 'addOns.0.title').fill('礼盒包装');
    await field(page, 'addOns.0.price').fill('8');
    await page.getByTestId('product-submit').click();
    await see(page, 'skus.0.price-error', '最多两位小数');
    await field(page, 'skus.0.price').fill('129.5');
    await screenshot(page, '06-product-editor');
    await page.getByTestId('product-submit').click();

    await page.waitForURL('**/shop/products');
    await see(page, 'shop-notice', '商品已发布');
    await see(page, 'shop-product', '手工冷制皂 薰衣草');
    await see(page, 'shop-product', '¥129.50');
    const listed = await t.http.get(`/products?operatorId=${operatorId}`);
    expect(listed.body.items).toHaveLength(1);
    const productId = listed.body.items[0].id as string;
    const product = (await t.http.get(`/products/${productId}`)).body;
    expect(product).toMatchObject({ title: '手工冷制皂 薰衣草', category: 'general', operator: { id: operatorId, shopName: '小龙手作' }, available: true });
    expect(product.skus).toMatchObject([{ name: '单块装', price: 12950, stock: 20, groupPrice: 9900, groupSize: 2, bargainFloor: null }]);
    expect(product.addOns).toMatchObject([{ title: '礼盒包装', price: 800 }]);
    expect(product.images).toHaveLength(1);
    expect(product.images[0]).toMatch(/^\/uploads\//);
    const image = await fetch(`${t.url}${product.images[0]}`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');

    // A visitor (no session) sees the storefront: the R1 notice, never the identity number or real name.
    const visitor = await newPage();
    await visitor.goto(`${t.url}/shops/${operatorId}`);
    await see(visitor, 'storefront-name', '小龙手作');
    await see(visitor, 'disclosure-notice', /在 Agora 平台登记的个人经营者.*平台登记号 [0-9A-Z]{8}/);
    await see(visitor, 'product-card-title', '手工冷制皂 薰衣草');
    await see(visitor, 'product-card-price', '¥129.50');
    expect(await visitor.getByTestId('storefront-not-selling').count()).toBe(0);
    const shopText = await visitor.locator('body').innerText();
    expect(shopText).not.toContain(idNumber);
    expect(shopText).not.toContain(idNumber.slice(-8));
    expect(shopText).not.toContain(realName);
    expect(shopText).not.toContain('13912345678');
    expect(JSON.stringify(storefront.body)).not.toContain(idNumber);
    expect(JSON.stringify(storefront.body)).not.toContain(realName);
    await screenshot(visitor, '07-storefront');

    // The product page: ¥ with two decimals, the group price, the add-on not pre-selected (R7), the return rule (R9).
    await visitor.getByTestId('product-card').first().click();
    await visitor.waitForURL(`**/products/${productId}`);
    await see(visitor, 'product-price', '¥129.50');
    await see(visitor, 'product-sku', '2 人团 ¥99.00');
    await see(visitor, 'product-addon', '+¥8.00');
    await see(visitor, 'product-return-note', '7 天无理由退货');
    await see(visitor, 'product-shop-link', '小龙手作');
    expect(await visitor.getByTestId('product-addons').locator('input:checked').count()).toBe(0);
    expect(await visitor.getByTestId('product-buy').isDisabled()).toBe(true);
    // The upload itself is shown: on this 2× phone the browser picks the original from srcset over the
    // 400 px thumbnail, and its natural width is then scaled by the srcset's width descriptor, so only
    // "it loaded, from the upload" is asserted here.
    const shown = await visitor.getByTestId('product-image').evaluate((img) => {
      const image = img as unknown as { complete: boolean; naturalWidth: number; currentSrc: string };
      return { loaded: image.complete && image.naturalWidth > 0, from: new URL(image.currentSrc).pathname.replace(/[0-9a-f-]{36}/, 'ID') };
    });
    expect(shown).toEqual({ loaded: true, from: expect.stringMatching(/^\/uploads\/ID(-thumb\.webp|\.png)$/) });
    await screenshot(visitor, '08-product');

    // Search, products tab: newest first, and search works with Chinese words.
    await visitor.goto(`${t.url}/`);
    await visitor.getByTestId('home-search').click();
    await visitor.getByTestId('search-tab-products').click();
    await see(visitor, 'search-products', '最新上架');
    await see(visitor, 'product-card-title', '手工冷制皂 薰衣草');
    await visitor.getByTestId('search-input').fill('薰衣草');
    await visitor.getByTestId('search-submit').click();
    await visitor.waitForURL(/\?q=/);
    await see(visitor, 'search-products', '“薰衣草”的搜索结果');
    await see(visitor, 'product-card-title', '手工冷制皂 薰衣草');
    await screenshot(visitor, '09-search');
    await visitor.getByTestId('search-input').fill('玫瑰');
    await visitor.getByTestId('search-submit').click();
    await see(visitor, 'products-empty', '没有找到与“玫瑰”相关的商品');

    // In English the storefront shows the English notice.
    await visitor.goto(`${t.url}/shops/${operatorId}`);
    await visitor.getByTestId('lang-en').click();
    await see(visitor, 'disclosure-notice', 'An individual operator registered on the Agora platform');
    await see(visitor, 'storefront-products', 'Products');
  });

  it('D1/R16: an enterprise application is rejected with a reason, filed again, and the deposit rule is public', { timeout: 45_000 }, async () => {
    const applicant = await given.user(t, { verify: 'identity' });
    const admin = await given.admin(t);
    const page = await newPage(applicant);
    await page.goto(`${t.url}/shop`);
    await field(page, 'shopName').fill('好物旗舰店');
    await field(page, 'companyName').fill('杭州好物电子商务有限公司');
    await field(page, 'legalRepresentative').fill('赵法人');
    await field(page, 'contactPhone').fill('13800001111');
    await field(page, 'email').fill('shop@example.com');
    await field(page, 'region').fill('浙江省 杭州市 西湖区');
    await field(page, 'line').fill('文三路 90 号');
    await field(page, 'creditCode').fill('91350100M000100Y44');
    await page.getByTestId('operator-submit').click();
    await see(page, 'creditCode-error', '统一社会信用代码无效');
    await field(page, 'creditCode').fill('91350100m000100y43');
    await page.getByTestId('operator-submit').click();
    await see(page, 'operator-status-label', '审核中');
    const first = (await t.http.get('/me/registrations', { token: applicant.token })).body.operators[0];
    expect(first).toMatchObject({ kind: 'enterprise', status: 'pending', disclosure: { creditCode: '91350100M000100Y43' } });

    // A rejection needs a reason.
    const adminPage = await newPage(admin);
    await adminPage.goto(`${t.url}/admin`);
    const card = reviewCard(adminPage, first.id);
    await card.getByTestId('review-credit-code').waitFor();
    expect(await card.getByTestId('review-credit-code').innerText()).toBe('91350100M000100Y43');
    await card.getByTestId('review-reject').click();
    await card.getByTestId('review-confirm-reject').click();
    await see(adminPage, 'reason-error', '请填写 2–500 字的驳回原因');
    await card.locator('[name="reason"]').fill('营业执照照片不清晰，请重新提交');
    await screenshot(adminPage, '10-admin-reject');
    await card.getByTestId('review-confirm-reject').click();
    await see(adminPage, 'admin-outcome', '已驳回「好物旗舰店」');

    // The applicant sees the reason and files again, with the earlier details filled in.
    await page.reload();
    await see(page, 'operator-reject-reason', '营业执照照片不清晰');
    await screenshot(page, '11-shop-rejected');
    await page.getByTestId('operator-file-again').click();
    expect(await field(page, 'shopName').inputValue()).toBe('好物旗舰店');
    expect(await field(page, 'creditCode').inputValue()).toBe('91350100M000100Y43');
    await field(page, 'legalRepresentative').fill('赵法人');
    await field(page, 'contactPhone').fill('13800001111');
    await field(page, 'region').fill('浙江省 杭州市 西湖区');
    await field(page, 'line').fill('文三路 90 号');
    await page.getByTestId('operator-submit').click();
    await see(page, 'operator-status-label', '审核中');
    const again = (await t.http.get('/me/registrations', { token: applicant.token })).body.operators;
    // Both were made at the same instant of the test's clock, so their order is not fixed.
    expect(again.map((operator: { status: string }) => operator.status).sort()).toEqual(['pending', 'rejected']);

    // R16: the deposit rule is published for anyone.
    const visitor = await newPage();
    await visitor.goto(`${t.url}/deposit-rule`);
    await see(visitor, 'deposit-rule-categories', '综合');
    await see(visitor, 'deposit-rule-categories', '¥2,000.00');
    await see(visitor, 'deposit-rule-categories', '¥5,000.00');
    await screenshot(visitor, '12-deposit-rule');
  });
});
