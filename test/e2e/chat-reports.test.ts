/**
 * The admin console's chat reports in Chromium (desktop): a buyer reported the shop's
 * message asking to pay off the platform; the admin finds it in the queue, opens it, asks
 * to see the chat (a logged read), removes the message, and both sides' evidence then
 * shows it removed. Sessions are made through the API and handed to the browser.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { chatRig } from '../support/chat.js';
import { given, type GivenUser } from '../support/given.js';
import { journeyRig, RUN_BROWSER, see, warnIfSkipped } from '../support/browser.js';

warnIfSkipped('the chat reports journey is');

describe.skipIf(!RUN_BROWSER)('admin chat reports in Chromium (1366×768)', () => {
  const rig = journeyRig();
  let admin: GivenUser;
  let buyer: GivenUser;
  let reportId: string;
  let messageId: string;

  beforeAll(async () => {
    const t = rig.app;
    admin = await given.admin(t);
    const shop = await given.operator(t, admin, { viaSms: false });
    buyer = await given.user(t, { viaSms: false });
    const chat = chatRig(() => t.ctx.database.db);
    const conversation = await chat.conversation(buyer.id, shop.id);
    const said = await chat.say(conversation, { buyer: buyer.id, shop: shop.owner.id }, [
      { from: 'buyer', text: '这个还有货吗？' },
      { from: 'shop', text: '加我微信私下转账更便宜', shown: '加我*** 私下转账更便宜' },
      { from: 'buyer', text: '不用了' },
    ]);
    messageId = said[1]!;
    const report = await t.http.post(`/messages/${messageId}/reports`, { reason: 'fraud', note: '让我私下转账' }, { token: buyer.token, headers: { 'idempotency-key': randomUUID() } });
    expect(report.status, report.text).toBe(201);
    reportId = report.body.report.id;
  }, 120_000);

  it('an admin opens the reported message, reads the chat around it and removes it', { timeout: 90_000 }, async () => {
    const { page } = await rig.page({ token: admin.token, desktop: true });
    await page.goto(`${rig.app.url}/admin/chat-reports`);
    const row = page.locator(`[data-testid="chat-report-row"][data-report-id="${reportId}"]`);
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.innerText()).toContain('欺诈、诱导站外交易');
    await row.getByTestId('chat-report-link').click();
    await see(page, 'chat-report-facts', '让我私下转账');
    // Nothing of the chat until asked (the read is logged).
    expect(await page.getByTestId('chat-report-messages').count()).toBe(0);
    await page.getByTestId('chat-report-reveal').click();
    const reported = page.locator(`[data-testid="evidence-message"][data-message-id="${messageId}"]`);
    await expect.poll(() => reported.count()).toBe(1);
    expect(await page.getByTestId('evidence-message').count()).toBe(3);
    expect(await reported.innerText()).toContain('被举报的消息');

    await page.getByTestId('chat-report-outcome').selectOption('removed');
    await page.getByTestId('chat-report-note').fill('诱导站外交易，删除');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByTestId('chat-report-submit').click();
    await see(page, 'chat-report-outcome-shown', '删除该消息');
    await expect.poll(() => reported.getAttribute('data-removed')).toBe('true');
    expect(await page.getByTestId('chat-report-resolve').count()).toBe(0);

    // The server agrees: removed for both sides, the reporter told.
    const row2 = await rig.app.ctx.database.db.selectFrom('conversation_messages').select('removed_at').where('id', '=', messageId).executeTakeFirstOrThrow();
    expect(row2.removed_at).not.toBeNull();
    const told = (await rig.app.http.get('/me/notifications', { token: buyer.token })).body.items.map((n: { kind: string }) => n.kind);
    expect(told).toContain('chat_report.resolved');
  });
});
