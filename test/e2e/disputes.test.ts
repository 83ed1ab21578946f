/**
 * The browser journey of a dispute (RULES.md "Disputes", D5, D6):
 * the buyer opens a personal_injury dispute from the order with a photo and a claim
 * beyond the price → the operator refuses with a reason → the buyer asks the
 * platform to rule → the admin rules a refund plus compensation → the buyer's wallet
 * shows both and the operator's deposit is short by exactly the compensation.
 *
 * Same rig as the other journeys: Debian's Chromium through playwright-core against
 * a real Agora on PGlite; the shop, its deposit, the order and its payment are set
 * up over HTTP, everything the dispute does goes through the pages. Screenshots go
 * to test-results/disputes-*.png; the books are checked after the journey.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE } from '../../src/lib/clock.js';
import type { TestApp } from '../support/app.js';
import { journeyRig, RUN_BROWSER, screenshotter, see, UUID_V4, warnIfSkipped, type SentPost } from '../support/browser.js';
import { given, pngImage, type GivenUser } from '../support/given.js';

const screenshot = screenshotter('disputes-', { fromTop: true });
const PIN = '258036';
const FUNDS = 100_000;
const PRICE = 12_900;
const DEPOSIT = 50_000;
/** ¥300: D5 lets bodily harm claim beyond the ¥129 price. */
const COMPENSATION = 30_000;

warnIfSkipped('the dispute browser journey is');

describe.skipIf(!RUN_BROWSER)('disputes in Chromium (390×844)', () => {
  const rig = journeyRig();
  let t: TestApp;
  beforeAll(() => {
    t = rig.app;
  });

  /** A POST through the API with its Idempotency-Key; the answer's body. */
  async function post(user: GivenUser, path: string, body?: unknown) {
    const res = await t.http.post(path, body, { token: user.token, headers: { 'idempotency-key': randomUUID() } });
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    return res.body;
  }
  const get = async (user: GivenUser, path: string) => {
    const res = await t.http.get(path, { token: user.token });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body;
  };
  /** A page for `user` that accepts every confirm() (each one is a deliberate step of the journey), with the POSTs it sent. */
  async function pageWithPosts(user: GivenUser): Promise<{ page: Page; posts: SentPost[] }> {
    const opened = await rig.page({ token: user.token });
    opened.page.on('dialog', (dialog) => void dialog.accept());
    return opened;
  }
  const pageOf = async (user: GivenUser) => (await pageWithPosts(user)).page;

  it('personal injury with a photo → refused → escalated → ruled refund + compensation → the wallet shows both, the deposit pays the compensation', { timeout: 120_000 }, async () => {
    const admin = await given.admin(t);
    const shop = await given.operator(t, admin);
    const product = await given.product(t, shop, { title: '儿童电动牙刷', skus: [{ name: '标准', price: PRICE, stock: 10 }] });
    await given.funds(t, shop.owner, DEPOSIT);
    await post(shop.owner, `/operators/${shop.id}/deposit`, { amount: DEPOSIT });
    const depositBefore = (await get(shop.owner, `/operators/${shop.id}/deposit`)).balance as number;
    expect(depositBefore).toBe(DEPOSIT);

    const buyer = await given.user(t, { pin: PIN, displayName: '受伤的买家' });
    await given.funds(t, buyer, FUNDS);
    const addressId = await given.address(t, buyer);
    const { order } = await post(buyer, '/orders', { items: [{ skuId: product.skus[0].id, quantity: 1 }], addressId });
    await post(buyer, `/orders/${order.id}/pay`, { pin: PIN });
    await post(shop.owner, `/orders/${order.id}/ship`, { carrier: '顺丰速运', trackingNumber: 'SF1234567890' });
    expect(await get(buyer, '/wallet')).toEqual({ balance: FUNDS - PRICE, held: PRICE, incoming: 0 });

    // 1. The buyer opens the dispute from the order: category, claim in yuan, description, a photo.
    const { page: b, posts: bPosts } = await pageWithPosts(buyer);
    await b.goto(`${t.url}/orders/${order.id}`);
    await see(b, 'order-status', '已发货');
    await b.getByTestId('order-open-dispute').click();
    await b.waitForURL(`**/orders/${order.id}/dispute`);
    await see(b, 'dispute-open-order', '¥129.00');
    // Nothing is sent before the form is complete.
    await b.getByTestId('dispute-open-submit').click();
    await see(b, 'category-error', '请选择纠纷类型');
    await see(b, 'description-error', '请描述问题');
    // Compensation beyond the price is offered only where D5/D6 allow it.
    await b.getByTestId('dispute-category-quality').click();
    expect(await b.getByTestId('dispute-compensation').count()).toBe(0);
    await b.getByTestId('dispute-category-personal_injury').click();
    expect(await b.getByTestId('dispute-refund').inputValue()).toBe('129.00');
    await b.getByTestId('dispute-compensation').fill('300');
    await b.getByTestId('dispute-description').fill('刷头脱落划伤孩子口腔，已就医，附照片。');
    await b.getByTestId('dispute-evidence-input').setInputFiles({ name: 'injury.png', mimeType: 'image/png', buffer: await pngImage('#c0392b', 240) });
    await expect.poll(() => b.getByTestId('dispute-evidence-tile').count(), { timeout: 10_000 }).toBe(1);
    await screenshot(b, '01-open-form');
    await b.getByTestId('dispute-open-submit').click();
    await b.waitForURL('**/disputes/*');
    const opens = bPosts.filter((sent) => sent.path === '/disputes');
    expect(opens).toHaveLength(1);
    expect(opens[0]!.body).toMatchObject({ orderId: order.id, category: 'personal_injury', claim: { refund: PRICE, compensation: COMPENSATION } });
    expect(opens[0]!.key).toMatch(UUID_V4);
    const disputeId = new URL(b.url()).pathname.split('/').pop()!;
    await see(b, 'dispute-status', '待商家答复');
    await see(b, 'dispute-deadline', '商家须在');
    await see(b, 'dispute-countdown', /剩余 [12] 天 \d+ 小时/);
    await see(b, 'dispute-claim', '退款 ¥129.00 · 赔偿 ¥300.00');
    expect(await b.getByTestId('dispute-evidence-list').locator('img').count()).toBe(1);
    await screenshot(b, '02-case-open');
    const opened = await get(buyer, `/disputes/${disputeId}`);
    expect(opened).toMatchObject({ orderId: order.id, category: 'personal_injury', claim: { refund: PRICE, compensation: COMPENSATION }, status: 'open' });
    expect(opened.evidence).toHaveLength(1);

    // 2. The operator is told (the bell, its inbox marks its turn) and refuses, with a reason.
    const o = await pageOf(shop.owner);
    await o.goto(`${t.url}/shop`);
    await expect.poll(() => o.getByTestId('notification-bell').getAttribute('data-unread'), { timeout: 10_000 }).not.toBe('0');
    await o.getByTestId('notification-bell').click();
    await o.waitForURL('**/me/notifications');
    const answerDue = o.locator('[data-testid="notification"][data-kind="dispute.answer_due"]');
    await expect.poll(() => answerDue.count(), { timeout: 10_000 }).toBe(1);
    expect(await answerDue.innerText()).toContain('前答复纠纷');
    await screenshot(o, '03a-operator-notified');
    await o.goto(`${t.url}/shop`);
    await o.getByTestId('console-disputes').click();
    await o.waitForURL('**/shop/disputes');
    const inboxRow = o.locator(`[data-testid="dispute-row"][data-dispute-id="${disputeId}"]`);
    await see(o, 'dispute-row-your-turn', '待你处理');
    await screenshot(o, '03b-operator-inbox');
    await inboxRow.getByTestId('dispute-row-link').click();
    await o.waitForURL(`**/disputes/${disputeId}`);
    await see(o, 'dispute-answer', '答复买家');
    await o.getByTestId('dispute-refuse').click();
    await o.getByTestId('dispute-refuse-confirm').click();
    await see(o, 'reason-error', '请填写拒绝理由');
    await o.getByTestId('dispute-refuse-reason').fill('产品符合国家标准，划伤系使用不当所致。');
    await o.getByTestId('dispute-refuse-confirm').click();
    await see(o, 'dispute-status', '商家已拒绝');
    await see(o, 'dispute-timeline', '商家拒绝');
    expect(await o.getByTestId('dispute-answer').count()).toBe(0);
    await screenshot(o, '03c-operator-refused');

    // 3. The buyer is told what is now due from it and by when, sees its turn and asks the platform to rule, with a message and another photo.
    const escalateDue = (await get(buyer, '/me/notifications')).items.find((n: { kind: string }) => n.kind === 'dispute.escalate_due');
    expect(escalateDue).toMatchObject({ link: `/disputes/${disputeId}`, readAt: null });
    expect(new Date(escalateDue.dueAt).getTime() - t.clock.now().getTime()).toBe(7 * 24 * 3600 * 1000);
    await b.goto(`${t.url}/me/notifications`);
    const toEscalate = b.locator('[data-testid="notification"][data-kind="dispute.escalate_due"]');
    await toEscalate.getByTestId('notification-link').click();
    await b.waitForURL(`**/disputes/${disputeId}`);
    await see(b, 'dispute-status', '商家已拒绝');
    await see(b, 'dispute-deadline', '请在');
    await see(b, 'dispute-timeline', '划伤系使用不当所致');
    expect(await b.getByTestId('dispute-deadline').getAttribute('data-party')).toBe('buyer');
    await b.getByTestId('dispute-message-body').fill('医院诊断书见附图。');
    await b.getByTestId('dispute-message-photos-input').setInputFiles({ name: 'diagnosis.png', mimeType: 'image/png', buffer: await pngImage('#2980b9', 200) });
    await expect.poll(() => b.getByTestId('dispute-message-photos-tile').count(), { timeout: 10_000 }).toBe(1);
    await b.getByTestId('dispute-message-send').click();
    await see(b, 'dispute-messages', '医院诊断书见附图');
    await b.getByTestId('dispute-escalate').click();
    await see(b, 'dispute-status', '平台介入中');
    await see(b, 'dispute-deadline', '平台将在');
    await screenshot(b, '04-buyer-escalated');

    // 4. The admin finds the case in the arbitration queue and rules a refund plus compensation.
    const a = await pageOf(admin);
    await a.goto(`${t.url}/admin/disputes?status=arbitration`);
    const row = a.locator(`[data-testid="dispute-row"][data-dispute-id="${disputeId}"]`);
    await row.getByTestId('dispute-row-link').click();
    await a.waitForURL(`**/admin/disputes/${disputeId}`);
    await see(a, 'dispute-messages', '医院诊断书见附图');
    expect(await a.getByTestId('dispute-rule-refund').inputValue()).toBe('129.00');
    expect(await a.getByTestId('dispute-rule-compensation').inputValue()).toBe('300.00');
    await a.getByTestId('dispute-rule-reason').fill('人身损害属实，依 D5 全额退款并赔偿医疗费用。');
    await screenshot(a, '05-admin-ruling-form');
    await a.getByTestId('dispute-rule-submit').click();
    await see(a, 'dispute-status', '已解决');
    await see(a, 'dispute-ruling-refund', '¥129.00');
    await see(a, 'dispute-ruling-compensation', '¥300.00');
    expect(await a.getByTestId('dispute-rule').count()).toBe(0);
    // The console's ledger lines: the escrow voided back to the buyer, the compensation from the operator's deposit.
    const compensationLeg = a.locator('[data-testid="dispute-ledger-line"][data-code="dispute_compensation"]');
    await expect.poll(() => compensationLeg.count(), { timeout: 10_000 }).toBe(1);
    expect(await compensationLeg.getAttribute('data-debit')).toBe('operator_deposit');
    expect(await compensationLeg.getAttribute('data-credit')).toBe('user_wallet');
    expect(await compensationLeg.getAttribute('data-amount')).toBe(String(COMPENSATION));
    await see(a, 'dispute-case-order', '已退款');
    await screenshot(a, '06-admin-ruled');
    const { ledger } = await get(admin, `/admin/disputes/${disputeId}/case`);
    expect(ledger.filter((line: { code: string }) => line.code === 'dispute_compensation').map((line: { amount: number }) => line.amount)).toEqual([COMPENSATION]);

    // 5. The buyer's wallet: the held payment released back (the refund, from escrow) and the compensation on top.
    expect(await get(buyer, '/wallet')).toEqual({ balance: FUNDS + COMPENSATION, held: 0, incoming: 0 });
    await b.goto(`${t.url}/wallet`);
    await see(b, 'wallet-balance', '¥1,300.00');
    await see(b, 'wallet-held', '¥0.00');
    const compensationLine = b.locator('[data-testid="statement-line"][data-code="dispute_compensation"]');
    await expect.poll(() => compensationLine.getAttribute('data-amount')).toBe(String(COMPENSATION));
    await see(b, 'wallet-statement', '纠纷赔偿');
    const paymentLine = b.locator('[data-testid="statement-line"][data-code="order_payment"]');
    await expect.poll(() => paymentLine.getAttribute('data-state')).toBe('released');
    expect(await paymentLine.getByTestId('statement-state').innerText()).toBe('已退回');
    await screenshot(b, '07-buyer-wallet');
    await b.goto(`${t.url}/orders/${order.id}`);
    await see(b, 'order-status', '已退款');
    await see(b, 'order-timeline', '纠纷退款已支付');
    await expect.poll(() => b.getByTestId('order-dispute-link').getAttribute('data-status')).toBe('resolved');
    expect(await b.getByTestId('order-open-dispute').count()).toBe(0);

    // R16: the case page's record link opens the printable record, with the ruling and the money moved.
    await b.goto(`${t.url}/disputes/${disputeId}`);
    const [record] = await Promise.all([b.context().waitForEvent('page'), b.getByTestId('dispute-record').click()]);
    await record.waitForLoadState();
    const recordText = await record.locator('body').innerText();
    expect(recordText).toContain('compensation ¥300.00');
    expect(recordText).toContain('dispute_compensation');
    await screenshot(record, '07b-printable-record');
    await record.close();
    // The same case in English.
    await b.getByTestId('lang-en').click();
    await see(b, 'dispute-status', 'Resolved');
    await see(b, 'dispute-ruling', 'Ruled by the platform');
    await see(b, 'dispute-claim', 'Refund ¥129.00 · Compensation ¥300.00');
    await see(b, 'dispute-timeline', 'The shop refused');
    await screenshot(b, '07c-case-in-english');
    await b.getByTestId('lang-zh-CN').click();

    // 6. The compensation came out of the operator's deposit.
    expect((await get(shop.owner, `/operators/${shop.id}/deposit`)).balance).toBe(DEPOSIT - COMPENSATION);
    await o.goto(`${t.url}/shop/deposit`);
    await see(o, 'deposit-balance', '¥200.00');
    await screenshot(o, '08-operator-deposit');
  });

  it('the operator accepts from its inbox and the claim is paid at once; an unanswered case reaches the admin queue and is marked overdue after 5 days', { timeout: 120_000 }, async () => {
    const shop = await given.operator(t, await given.admin(t));
    const product = await given.product(t, shop, { skus: [{ name: '标准', price: PRICE, stock: 10 }] });
    const buyer = await given.user(t, { pin: PIN });
    await given.funds(t, buyer, FUNDS);
    const addressId = await given.address(t, buyer);
    /** A paid, shipped order with a quality dispute claiming `refund`, opened through the API. */
    async function disputed(refund: number): Promise<string> {
      const { order } = await post(buyer, '/orders', { items: [{ skuId: product.skus[0].id, quantity: 1 }], addressId });
      await post(buyer, `/orders/${order.id}/pay`, { pin: PIN });
      await post(shop.owner, `/orders/${order.id}/ship`, { carrier: '顺丰速运', trackingNumber: 'SF1234567890' });
      const { dispute } = await post(buyer, '/disputes', { orderId: order.id, category: 'quality', claim: { refund }, description: '外壳开裂' });
      return dispute.id as string;
    }
    const accepted = await disputed(5_000);
    const unanswered = await disputed(PRICE);

    const o = await pageOf(shop.owner);
    await o.goto(`${t.url}/operator/disputes`);
    await expect.poll(() => o.getByTestId('dispute-row-your-turn').count(), { timeout: 10_000 }).toBe(2);
    await o.locator(`[data-testid="dispute-row"][data-dispute-id="${accepted}"]`).getByTestId('dispute-row-link').click();
    await see(o, 'dispute-accept', '同意并支付 ¥50.00');
    await o.getByTestId('dispute-accept').click();
    await see(o, 'dispute-status', '已解决');
    await see(o, 'dispute-ruling', '商家同意');
    await screenshot(o, '09-operator-accepted');
    // Part of the price back at once; the rest of the escrow settled to the shop.
    expect(await get(buyer, '/wallet')).toEqual({ balance: FUNDS - 2 * PRICE + 5_000, held: PRICE, incoming: 0 });

    // Nobody answers the other: after 48 h it goes to the platform, and 5 days later it is overdue.
    t.clock.advance(48 * HOUR + MINUTE);
    await t.ctx.disputes.sweep();
    t.clock.advance(5 * DAY);
    await t.ctx.disputes.sweep();
    const admin = await given.admin(t); // a session from after the 7 days
    const a = await pageOf(admin);
    await a.goto(`${t.url}/admin/disputes`);
    await a.getByTestId('admin-disputes-overdue').check();
    await a.waitForURL('**/admin/disputes?overdue=true');
    const row = a.locator(`[data-testid="dispute-row"][data-dispute-id="${unanswered}"]`);
    await expect.poll(() => row.getAttribute('data-overdue'), { timeout: 10_000 }).toBe('true');
    expect(await row.getByTestId('dispute-row-status-overdue').innerText()).toBe('已超期');
    expect(await a.locator(`[data-testid="dispute-row"][data-dispute-id="${accepted}"]`).count()).toBe(0);
    await screenshot(a, '10-admin-overdue-queue');
    await row.getByTestId('dispute-row-link').click();
    await see(a, 'dispute-timeline', '商家逾期未答复，平台自动介入');
    await see(a, 'dispute-deadline', '已超期');
  });
});
