/**
 * The browser journey of 问大家 (issue 18 item 7; R11): a shopper asks on a product page →
 * an earlier buyer who opted in to invitations (qa_invitations) finds the invitation in
 * their notifications, follows it to the question and answers → the shopper sees the
 * answer marked 已购买 with the SKU bought; a shopper who never bought it gets no answer
 * form; axe finds nothing serious on the questions page in zh-CN.
 *
 * Same rig as the other journeys: Debian's Chromium through playwright-core against a real
 * Agora on PGlite. The earlier order up to receipt is set up over HTTP; asking, the
 * invitation, answering and what they show go through the pages. The invitations job is
 * run by calling the sweep the timer runs (the rig starts no job workers).
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.js';
import { axeViolations, formatViolations } from '../support/axe.js';
import { journeyRig, RUN_BROWSER, screenshotter, see, UI_TIMEOUT, warnIfSkipped } from '../support/browser.js';
import { given, type GivenOperator, type GivenUser } from '../support/given.js';

const screenshot = screenshotter('questions-', { fromTop: true });
const QUESTION = '这件 T 恤洗了会缩水吗？';
const ANSWER = '洗了三次，没有缩水，也不起球。';

warnIfSkipped('the 问大家 browser journey is');

describe.skipIf(!RUN_BROWSER)('问大家 in Chromium (390×844)', () => {
  const rig = journeyRig();
  let t: TestApp;
  let admin: GivenUser;
  let shop: GivenOperator;
  let product: { id: string; skus: { id: string }[] };
  beforeAll(async () => {
    t = rig.app;
    admin = await given.admin(t);
    shop = await given.operator(t, admin, { shopName: '棉麻小铺' });
    product = await given.product(t, shop, {
      title: '纯棉短袖 T 恤',
      skus: [
        { name: '白色 L', price: 9_900, stock: 20 },
        { name: '黑色 M', price: 9_900, stock: 20 },
      ],
    });
  }, 120_000);

  it('a shopper asks on the product page → an earlier buyer answers from the invitation → the shopper sees it marked as a buyer’s with the SKU', { timeout: 180_000 }, async () => {
    const { buyer } = await given.receivedOrder(t, shop, [product.skus[1]!.id]);
    expect((await t.http.put('/me/consents/qa_invitations', { granted: true }, { token: buyer.token })).status).toBe(200);
    const shopper = await given.user(t, { displayName: '想买T恤的小周' });

    // 1. The shopper asks from the product page's 问大家 section.
    const { page: s, posts } = await rig.page({ token: shopper.token });
    await s.goto(`${t.url}/products/${product.id}`);
    await s.getByTestId('product-questions').scrollIntoViewIfNeeded();
    await see(s, 'questions-empty', '还没有人提问');
    await s.getByTestId('questions-see-all').click();
    await s.waitForURL(`**/products/${product.id}/questions`);
    await s.getByTestId('ask-text').fill(QUESTION);
    await s.getByTestId('ask-submit').click();
    await see(s, 'ask-sent', '问题已发布');
    expect(posts.find((p) => p.path === `/products/${product.id}/questions`)?.key).toBeTruthy();
    await see(s, 'question-text', QUESTION);
    await see(s, 'question-answer-count', '暂无回答');
    // The shopper never bought it: no answer form, and why, in words.
    await s.getByTestId('question-open').click();
    await see(s, 'answer-not-allowed', '只有买过并收到这件商品的人');
    expect(await s.getByTestId('answer-form').count()).toBe(0);

    // 2. The invitation (the job runs after the question's commit; here the sweep it backs up).
    expect(await t.ctx.questions.inviteDue()).toBe(1);
    const { page: b } = await rig.page({ token: buyer.token });
    await b.goto(`${t.url}/me/notifications`);
    const notice = b.locator('[data-testid="notification"][data-kind="question.invitation"]');
    await expect.poll(() => notice.count(), { timeout: UI_TIMEOUT }).toBe(1);
    await see(b, 'notification', '有人向你请教');
    await notice.getByTestId('notification-link').click();
    await b.waitForURL(`**/products/${product.id}/questions?q=*`);
    await expect.poll(() => b.getByTestId('answer-form').count(), { timeout: UI_TIMEOUT }).toBe(1);
    await b.getByTestId('answer-text-input').fill(ANSWER);
    await screenshot(b, 'answer-form');
    await b.getByTestId('answer-submit').click();
    await see(b, 'answer-sent', '回答已发布');

    // 3. The shopper reads the answer, marked as a buyer's with the SKU bought.
    await s.goto(`${t.url}/products/${product.id}`);
    await s.getByTestId('product-questions').scrollIntoViewIfNeeded();
    const answer = s.locator('[data-testid="product-questions"] [data-testid="answer"]');
    await expect.poll(() => answer.count(), { timeout: UI_TIMEOUT }).toBe(1);
    expect(await answer.getByTestId('answer-text').innerText()).toBe(ANSWER);
    expect(await answer.getByTestId('answer-verified').innerText()).toBe('已购买');
    expect(await answer.getByTestId('answer-sku').innerText()).toBe('已购：黑色 M');
    await see(s, 'questions-total', '1 个问题');
    await screenshot(s, 'product');

    await s.goto(`${t.url}/products/${product.id}/questions`);
    await expect.poll(() => s.getByTestId('loading').count(), { timeout: UI_TIMEOUT }).toBe(0);
    const violations = await axeViolations(s);
    expect(violations.length > 0 ? formatViolations('the questions page', violations) : '').toBe('');
    // The shop's answer (over HTTP) shows marked as the shop's.
    const questionId = (await t.http.get(`/products/${product.id}/questions`)).body.items[0].id as string;
    const res = await t.http.post(`/questions/${questionId}/answers`, { text: '纯棉预缩，放心洗。' }, { token: shop.owner.token, headers: { 'idempotency-key': randomUUID() } });
    expect(res.status).toBe(201);
    await s.reload();
    await expect.poll(() => s.getByTestId('answer-shop').count(), { timeout: UI_TIMEOUT }).toBe(1);
  });
});
