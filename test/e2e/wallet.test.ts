/**
 * Browser journeys for the wallet (CONVENTIONS.md §9: whole journeys only): a user
 * tops up through the sandbox payment sheet (the sandbox provider pays through the
 * signed webhook), withdraws with the PIN pad (a wrong PIN first), and reads the
 * statement; an approved operator tops up and pays the shop's deposit (R16) from
 * the dashboard. Every money POST must carry an Idempotency-Key: a fresh one per
 * action, the same one when the page retries after the network dropped the answer.
 *
 * Same rig as journey.test.ts: Debian's Chromium through playwright-core against a
 * real Agora on PGlite; screenshots go to test-results/wallet-*.png. Sessions are
 * made through the API (test/support/given.ts) and handed to the browser as the
 * `agora_session` cookie. The books are checked after each journey.
 */
import { type Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.js';
import { given, type GivenUser } from '../support/given.js';
import { journeyRig, RUN_BROWSER, screenshotter, see, typePin, UI_TIMEOUT, UUID_V4, warnIfSkipped, type SentPost } from '../support/browser.js';

/** The statement's minus is a true minus sign (U+2212). */
const MINUS = '\u2212';
const screenshot = screenshotter('wallet-', { fromTop: true });

warnIfSkipped('the wallet browser journeys are');

/** The statement as shown: [code, amount text, state] per line, top to bottom. */
async function statementLines(page: Page): Promise<string[][]> {
  return page.getByTestId('statement-line').evaluateAll((lines) =>
    lines.map((line) => [
      line.getAttribute('data-code') ?? '',
      line.querySelector('[data-testid="statement-amount"]')?.textContent ?? '',
      line.getAttribute('data-state') ?? '',
    ]),
  );
}

describe.skipIf(!RUN_BROWSER)('wallet in Chromium (390×844)', () => {
  const rig = journeyRig();
  let t: TestApp;
  beforeAll(() => {
    t = rig.app;
  });

  /** A phone-sized page logged in as `user`; every POST under /api/v1 is recorded with its Idempotency-Key. */
  async function newPage(user: GivenUser): Promise<{ page: Page; posts: SentPost[] }> {
    const { page, posts } = await rig.page({ token: user.token });
    return { page, posts };
  }

  it('tops up ¥500 through the sandbox payment sheet, withdraws ¥120.50 with the PIN pad, and reads the statement', { timeout: 60_000 }, async () => {
    const user = await given.user(t, { pin: '258036' });
    const { page, posts } = await newPage(user);

    // The wallet is reached from the tab bar; a new wallet is empty.
    await page.goto(`${t.url}/me`);
    await page.getByTestId('link-wallet').waitFor();
    await page.getByTestId('tab-wallet').click();
    await page.waitForURL('**/wallet');
    await see(page, 'wallet-balance', '¥0.00');
    await see(page, 'wallet-held', '¥0.00');
    await see(page, 'statement-empty', '还没有收支记录');
    expect(await page.title()).toBe('我的钱包 · Agora');
    await screenshot(page, '01-empty');

    // Top-up: a quick pick fills the amount in yuan.
    await page.getByTestId('wallet-top-up').click();
    await page.waitForURL('**/wallet/top-up');
    await page.getByTestId('top-up-pick-500').click();
    expect(await page.locator('input[name="amount"]').inputValue()).toBe('500');
    await screenshot(page, '02-top-up-amount');

    // The first answer is lost on the way back (the server did create the top-up):
    // sending again must reuse the key, so the server replays that top-up instead of making another.
    let dropped = false;
    await page.route('**/api/v1/wallet/top-ups', async (route) => {
      if (dropped) return route.continue();
      dropped = true;
      const answered = await route.fetch();
      expect(answered.status()).toBe(201);
      await route.abort('connectionreset');
    });
    await page.getByTestId('top-up-submit').click();
    await see(page, 'top-up-error', '无法连接服务器');
    const replayed = page.waitForResponse((response) => response.url().endsWith('/api/v1/wallet/top-ups'));
    await page.getByTestId('top-up-submit').click();
    expect((await replayed).headers()['idempotent-replayed']).toBe('true');
    await page.unroute('**/api/v1/wallet/top-ups');
    const topUpPosts = posts.filter((post) => post.path === '/wallet/top-ups');
    expect(topUpPosts).toHaveLength(2);
    expect(topUpPosts[0]!.key).toMatch(UUID_V4);
    expect(topUpPosts[1]!.key).toBe(topUpPosts[0]!.key);
    expect(topUpPosts.map((post) => post.body)).toEqual([{ amount: 50_000 }, { amount: 50_000 }]);

    // The sandbox provider's sheet, clearly a sandbox; "Pay" has it call the signed webhook.
    await page.getByTestId('sandbox-sheet').waitFor();
    await see(page, 'sandbox-sheet', '沙箱支付');
    await see(page, 'sandbox-amount', '¥500.00');
    await see(page, 'sandbox-pay', '支付 ¥500.00');
    const topUpId = new URL(page.url()).searchParams.get('id');
    expect(topUpId).toBeTruthy();
    expect((await t.http.get(`/wallet/top-ups/${topUpId}`, { token: user.token })).body.topUp.status).toBe('pending');
    await screenshot(page, '03-sandbox-sheet');
    await page.getByTestId('sandbox-pay').click();
    await see(page, 'top-up-success', '充值成功');
    await see(page, 'top-up-balance', '¥500.00');
    expect((await t.http.get(`/wallet/top-ups/${topUpId}`, { token: user.token })).body.topUp.status).toBe('succeeded');
    await screenshot(page, '04-top-up-done');

    await page.getByTestId('top-up-back').click();
    await page.waitForURL('**/wallet');
    await see(page, 'wallet-balance', '¥500.00');
    await expect.poll(() => statementLines(page), { timeout: UI_TIMEOUT }).toEqual([['top_up', '+¥500.00', 'posted']]);

    // Withdraw ¥120.50: more than the balance is refused in the page, before any PIN.
    await page.getByTestId('wallet-withdraw').click();
    await page.waitForURL('**/wallet/withdraw');
    await see(page, 'withdraw-available', '¥500.00');
    await page.locator('input[name="amount"]').fill('600');
    await page.getByTestId('withdraw-next').click();
    await see(page, 'amount-error', '超出可用余额 ¥500.00');
    await page.locator('input[name="amount"]').fill('120.50');
    await page.getByTestId('withdraw-next').click();
    await see(page, 'withdraw-pin-amount', '¥120.50');
    await screenshot(page, '05-pin-pad');

    // A wrong PIN: refused with the tries left, the pad cleared for another go.
    await typePin(page, '111111');
    await see(page, 'withdraw-error', '支付密码错误，还可以尝试 4 次');
    expect(await page.getByTestId('pin-pad-dots').getAttribute('data-filled')).toBe('0');
    expect(await page.getByTestId('pin-pad').innerText()).not.toMatch(/111111|258036/);
    await screenshot(page, '06-wrong-pin');
    expect((await t.http.get('/wallet', { token: user.token })).body).toEqual({ balance: 50_000, held: 0, incoming: 0 });

    // The right PIN: a typed digit shows as a dot, never as the digit; then the withdrawal goes through.
    await typePin(page, '25803');
    expect(await page.getByTestId('pin-pad-dots').getAttribute('data-filled')).toBe('5');
    await page.getByTestId('pin-pad-delete').click();
    expect(await page.getByTestId('pin-pad-dots').getAttribute('data-filled')).toBe('4');
    await typePin(page, '36');
    await page.waitForURL('**/wallet');
    await see(page, 'wallet-notice', '已提现 ¥120.50');
    await see(page, 'wallet-balance', '¥379.50');
    await expect
      .poll(() => statementLines(page), { timeout: UI_TIMEOUT })
      .toEqual([
        ['withdrawal', `${MINUS}¥120.50`, 'posted'],
        ['top_up', '+¥500.00', 'posted'],
      ]);
    await screenshot(page, '07-after-withdrawal');

    // Each withdrawal attempt was its own action: its own key.
    const withdrawals = posts.filter((post) => post.path === '/wallet/withdrawals');
    expect(withdrawals.map((post) => post.body)).toEqual([
      { amount: 12_050, pin: '111111' },
      { amount: 12_050, pin: '258036' },
    ]);
    for (const post of withdrawals) expect(post.key).toMatch(UUID_V4);
    expect(new Set([...withdrawals, topUpPosts[0]!].map((post) => post.key)).size).toBe(3);

    // The API agrees with the page.
    expect((await t.http.get('/wallet', { token: user.token })).body).toEqual({ balance: 37_950, held: 0, incoming: 0 });
    const statement = await t.http.get('/wallet/transfers', { token: user.token });
    expect(statement.body.items.map((line: { code: string; amount: number; state: string }) => [line.code, line.amount, line.state])).toEqual([
      ['withdrawal', -12_050, 'posted'],
      ['top_up', 50_000, 'posted'],
    ]);
    expect(statement.body.nextCursor).toBeNull();

    // The statement in English, with the same keys.
    await page.getByTestId('lang-en').click();
    await see(page, 'wallet-statement', 'Withdrawal');
    await see(page, 'wallet-statement', 'Top-up');
    await see(page, 'wallet-balance', '¥379.50');
    await screenshot(page, '08-statement-en');
  });

  it('R16: an approved operator tops up and pays the ¥2,000 deposit from the dashboard', { timeout: 60_000 }, async () => {
    const operator = await given.operator(t, await given.admin(t));
    const owner = operator.owner;
    const { page, posts } = await newPage(owner);

    // ¥2,000 into the wallet, typed in yuan.
    await page.goto(`${t.url}/wallet/top-up`);
    await page.locator('input[name="amount"]').fill('2,000');
    await page.getByTestId('top-up-submit').click();
    await see(page, 'sandbox-amount', '¥2,000.00');
    await page.getByTestId('sandbox-pay').click();
    await see(page, 'top-up-balance', '¥2,000.00');

    // The console's deposit section offers what is owed, paid from the wallet.
    await page.goto(`${t.url}/shop/deposit`);
    await page.getByTestId('shop-deposit-page').waitFor();
    await see(page, 'deposit-required', '¥2,000.00');
    await see(page, 'deposit-paid', '¥0.00');
    await see(page, 'deposit-wallet-balance', '¥2,000.00');
    expect(await page.locator('input[name="depositAmount"]').inputValue()).toBe('2000.00');
    await page.getByTestId('shop-deposit').scrollIntoViewIfNeeded();
    await screenshot(page, '09-deposit-before');
    await page.getByTestId('deposit-pay').click();
    await see(page, 'deposit-paid-notice', '已缴纳 ¥2,000.00');
    await see(page, 'deposit-paid', '¥2,000.00');
    await see(page, 'deposit-balance', '¥2,000.00');
    await see(page, 'deposit-owed', '¥0.00');
    await see(page, 'deposit-wallet-balance', '¥0.00');
    expect(await page.locator('input[name="depositAmount"]').inputValue()).toBe('');
    await screenshot(page, '10-deposit-paid');

    const depositPosts = posts.filter((post) => post.path === `/operators/${operator.id}/deposit`);
    expect(depositPosts).toHaveLength(1);
    expect(depositPosts[0]).toMatchObject({ body: { amount: 200_000 }, key: expect.stringMatching(UUID_V4) });

    // The API agrees: the deposit holds ¥2,000.00 and the wallet is empty.
    expect((await t.http.get(`/operators/${operator.id}/deposit`, { token: owner.token })).body).toMatchObject({ required: 200_000, paid: 200_000, balance: 200_000 });
    expect((await t.http.get('/wallet', { token: owner.token })).body).toEqual({ balance: 0, held: 0, incoming: 0 });

    // Both movements are on the wallet's statement, newest first.
    await page.goto(`${t.url}/wallet`);
    await see(page, 'wallet-balance', '¥0.00');
    await expect.poll(async () => statementLines(page), { timeout: UI_TIMEOUT }).toEqual([
      ['deposit', `${MINUS}¥2,000.00`, 'posted'],
      ['top_up', '+¥2,000.00', 'posted'],
    ]);
    await see(page, 'wallet-statement', '缴纳店铺保证金');
    await screenshot(page, '11-operator-statement');
  });
});
