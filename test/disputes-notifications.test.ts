/**
 * On both databases: each dispute transition tells each party
 * what is now due from it and by when (in the app, and by SMS through the sandbox
 * gateway for the 48 h answer and the 7 days to escalate), the reminder 12 h before
 * the 48 h run out is sent once, users read and mark their notifications, a party's
 * inbox lists its cases, and the admin's arbitration console shows the case, the
 * order and the ledger lines. The books are checked after each test.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { startJobs } from '../src/jobs/index.js';
import { registerTimers } from '../src/jobs/timers.js';
import { DAY, HOUR, MINUTE } from '../src/lib/clock.js';
import { formatDueZh, type NotificationView } from '../src/modules/notifications/index.js';
import { DATABASE_KINDS } from './support/databases.js';
import { disputeSuite, PRICE } from './support/disputes.js';
import { given, type GivenUser } from './support/given.js';

type Note = NotificationView;

for (const kind of DATABASE_KINDS) {
  describe(`dispute notifications and inboxes on ${kind}`, () => {
    const { t, admin, db, login, newShop, order, opened, act, rule } = disputeSuite(kind);
    const notes = async (user: GivenUser, query = 'limit=100') => (await t().http.get(`/me/notifications?${query}`, { token: await login(user) })).body as { items: Note[]; unread: number; nextCursor: string | null };
    const ofCase = async (user: GivenUser, id: string) => (await notes(user)).items.filter((n) => n.link === `/disputes/${id}`);
    const kinds = async (user: GivenUser, id: string) => (await ofCase(user, id)).map((n) => n.kind).reverse();
    const texts = async (user: GivenUser) => ((await t().http.get(`/sandbox/sms?phone=${user.phone}`)).body.items as { body: string }[]).map((m) => m.body);
    /** The SMS queued more than a minute ago (no pg-boss worker in these tests) are sent by the sweep. */
    const sendSms = async () => {
      t().clock.advance(MINUTE + 1);
      return t().ctx.notifications.sendQueuedSms();
    };

    it('opened: the operator must answer by the 48 h deadline (in the app and by SMS, once); the buyer learns who must answer by when', async () => {
      const shop = await newShop();
      const { buyer, orderId } = await order(shop);
      const dispute = await opened(buyer, orderId);
      const due = `请在 ${formatDueZh(new Date(dispute.deadline))} 前答复纠纷`;

      const [answer] = await ofCase(shop.shop.owner, dispute.id);
      expect(answer).toMatchObject({ kind: 'dispute.answer_due', dueAt: dispute.deadline, readAt: null, link: `/disputes/${dispute.id}` });
      expect(answer!.body).toContain(due);
      expect(await ofCase(buyer, dispute.id)).toEqual([expect.objectContaining({ kind: 'dispute.awaiting_answer', dueAt: null })]);
      expect((await notes(await given.user(t(), { viaSms: false }))).items).toEqual([]);

      expect(await texts(shop.shop.owner)).not.toContainEqual(expect.stringContaining(due));
      expect(await sendSms()).toBeGreaterThanOrEqual(1);
      expect((await texts(shop.shop.owner))[0]).toContain(due);
      // Sent once: the row is marked, and another sweep sends nothing more.
      const row = await db().selectFrom('notifications').select(['sms_state', 'sms_sent_at']).where('id', '=', answer!.id).executeTakeFirstOrThrow();
      expect(row.sms_state).toBe('sent');
      await sendSms();
      expect((await texts(shop.shop.owner)).filter((m) => m.includes(due))).toHaveLength(1);
      // The buyer's note is in the app only: its one SMS is its sign-up code.
      expect(await texts(buyer)).toEqual([expect.stringContaining('验证码')]);
    });

    it('users read their own notifications: unread count, unread filter, paging; another’s is 404', async () => {
      const shop = await newShop();
      const first = await order(shop);
      const second = await order(shop);
      await opened(first.buyer, first.orderId);
      await opened(second.buyer, second.orderId);
      const owner = shop.shop.owner;
      const before = await notes(owner);
      expect(before.unread).toBe(before.items.filter((n) => n.readAt === null).length);
      expect(before.unread).toBeGreaterThanOrEqual(2);

      const page1 = await notes(owner, 'limit=1');
      expect(page1.items).toHaveLength(1);
      const page2 = await notes(owner, `limit=1&cursor=${page1.nextCursor}`);
      expect(page2.items[0]!.id < page1.items[0]!.id).toBe(true);

      const target = page1.items[0]!;
      const token = await login(owner);
      const read = await t().http.post(`/me/notifications/${target.id}/read`, undefined, { token });
      expect(read.status, read.text).toBe(200);
      expect(read.body.notification).toMatchObject({ id: target.id, readAt: t().clock.now().toISOString() });
      t().clock.advance(MINUTE);
      expect((await t().http.post(`/me/notifications/${target.id}/read`, undefined, { token })).body.notification.readAt).toBe(read.body.notification.readAt);
      const after = await notes(owner, 'unread=true&limit=100');
      expect(after.unread).toBe(before.unread - 1);
      expect(after.items.map((n) => n.id)).not.toContain(target.id);
      expect(after.items.every((n) => n.readAt === null)).toBe(true);
      expect((await t().http.post(`/me/notifications/${target.id}/read`, undefined, { token: await login(first.buyer) })).status).toBe(404);
    });

    it('refused → the buyer must escalate within 7 days (SMS too); escalated → every party the ruling deadline; ruled → every party the outcome', async () => {
      const shop = await newShop();
      const { buyer, orderId } = await order(shop);
      const dispute = await opened(buyer, orderId, { claim: { refund: 4_000 } });
      const refused = (await act(shop.shop.owner, dispute.id, 'respond', { accept: false, reason: '产品无质量问题' })).body.dispute;
      const escalateBy = `请在 ${formatDueZh(new Date(refused.deadline))} 前申请平台介入`;
      const [escalate] = (await ofCase(buyer, dispute.id)).filter((n) => n.kind === 'dispute.escalate_due');
      expect(escalate).toMatchObject({ dueAt: refused.deadline });
      expect(escalate!.body).toContain(escalateBy);
      await sendSms();
      expect((await texts(buyer))[0]).toContain(escalateBy);

      t().clock.advance(2 * DAY);
      const escalated = (await act(buyer, dispute.id, 'escalate')).body.dispute;
      for (const party of [buyer, shop.shop.owner]) {
        const [ruling] = (await ofCase(party, dispute.id)).filter((n) => n.kind === 'dispute.ruling_due');
        expect(ruling).toMatchObject({ dueAt: escalated.deadline, title: '纠纷已提交平台裁决' });
        expect(ruling!.body).toContain(formatDueZh(new Date(escalated.deadline)));
      }
      expect((await rule(dispute.id, { refund: 4_000, compensation: 0, reason: '部分退款' })).status).toBe(200);
      expect(await kinds(buyer, dispute.id)).toEqual(['dispute.awaiting_answer', 'dispute.escalate_due', 'dispute.ruling_due', 'dispute.outcome']);
      expect(await kinds(shop.shop.owner, dispute.id)).toEqual(['dispute.answer_due', 'dispute.ruling_due', 'dispute.outcome']);
      const [outcome] = (await ofCase(shop.shop.owner, dispute.id)).filter((n) => n.kind === 'dispute.outcome');
      expect(outcome).toMatchObject({ title: '平台已作出裁决', dueAt: null });
      expect(outcome!.body).toContain('退款 ¥40.00');
    });

    it('accepted, withdrawn and closed cases tell both parties how they ended', async () => {
      const shop = await newShop();
      const [a, w, c] = [await order(shop), await order(shop), await order(shop)];
      const accepted = await opened(a.buyer, a.orderId, { claim: { refund: 1_000 } });
      await act(shop.shop.owner, accepted.id, 'respond', { accept: true });
      const withdrawn = await opened(w.buyer, w.orderId);
      await act(w.buyer, withdrawn.id, 'withdraw');
      const closed = await opened(c.buyer, c.orderId);
      await act(shop.shop.owner, closed.id, 'respond', { accept: false, reason: '不同意' });
      t().clock.advance(7 * DAY);
      await t().ctx.disputes.sweep();
      const titles = async (user: GivenUser, id: string) => (await ofCase(user, id)).filter((n) => n.kind === 'dispute.outcome').map((n) => n.title);
      for (const [buyer, id, title] of [[a.buyer, accepted.id, '商家已同意纠纷诉求'], [w.buyer, withdrawn.id, '买家已撤回纠纷'], [c.buyer, closed.id, '纠纷已关闭']] as const) {
        expect(await titles(buyer, id)).toEqual([title]);
        expect(await titles(shop.shop.owner, id)).toEqual([title]);
      }
    });

    it('the reminder goes out 12 h before the 48 h run out, once; unanswered, the case goes to arbitration and every party is told', async () => {
      const shop = await newShop();
      const silent = await order(shop);
      const answered = await order(shop);
      const dispute = await opened(silent.buyer, silent.orderId);
      const other = await opened(answered.buyer, answered.orderId);
      await act(shop.shop.owner, other.id, 'respond', { accept: false, reason: '不同意' });

      // Other tests' cases share the database: count this case's reminders, not the sweep's.
      const reminders = async () => (await ofCase(shop.shop.owner, dispute.id)).filter((n) => n.kind === 'dispute.answer_reminder');
      t().clock.advance(36 * HOUR - 1);
      await t().ctx.disputes.sweep();
      expect(await reminders()).toEqual([]);
      t().clock.advance(1);
      await t().ctx.disputes.sweep();
      await t().ctx.disputes.sweep();
      expect(await reminders()).toEqual([expect.objectContaining({ dueAt: dispute.deadline })]);
      expect((await ofCase(shop.shop.owner, other.id)).filter((n) => n.kind === 'dispute.answer_reminder')).toEqual([]);
      await sendSms();
      await sendSms();
      expect((await texts(shop.shop.owner)).filter((m) => m.includes('纠纷答复即将到期'))).toHaveLength(1);

      t().clock.advance(12 * HOUR);
      await t().ctx.disputes.sweep();
      expect((await t().http.get(`/disputes/${dispute.id}`, { token: await login(silent.buyer) })).body.status).toBe('arbitration');
      const ruleBy = new Date(new Date(dispute.deadline).getTime() + 5 * DAY).toISOString();
      for (const party of [silent.buyer, shop.shop.owner]) {
        expect((await ofCase(party, dispute.id)).filter((n) => n.kind === 'dispute.ruling_due')).toEqual([expect.objectContaining({ title: '纠纷已自动提交平台裁决', dueAt: ruleBy })]);
      }
    });

    it('the SMS goes out through a pg-boss job enqueued with the notification; a user without a verified phone gets none', async () => {
      const shop = await newShop();
      const { buyer, orderId } = await order(shop);
      const jobs = await startJobs(t().ctx.database, { onError: (e) => console.error(e), pollingIntervalSeconds: 0.5 });
      t().ctx.jobs = jobs;
      try {
        await registerTimers(t().ctx);
        const dispute = await opened(buyer, orderId);
        const due = formatDueZh(new Date(dispute.deadline));
        await expect.poll(async () => (await texts(shop.shop.owner)).some((m) => m.includes(due)), { timeout: 20_000, interval: 300 }).toBe(true);
        // The job carried the notification's id only, never the phone.
        const sent = await sql<{ data: unknown }>`select data from pgboss.job where name = 'notifications.sms' union all select data from pgboss.archive where name = 'notifications.sms'`.execute(db());
        const [answer] = await ofCase(shop.shop.owner, dispute.id);
        expect(sent.rows.map((j) => j.data)).toContainEqual({ notificationId: answer!.id });
        expect(sent.rows.every((j) => Object.keys(j.data as object).join() === 'notificationId')).toBe(true);
      } finally {
        await jobs.stop();
        t().ctx.jobs = undefined;
      }
      const unverified = await given.user(t(), { legacy: true });
      const id = await t().ctx.notifications.notify(db(), { userId: unverified.id, kind: 'dispute.answer_due', title: '测试', body: '测试短信', link: '/', sms: true });
      await sendSms();
      expect((await db().selectFrom('notifications').select('sms_state').where('id', '=', id).executeTakeFirstOrThrow()).sms_state).toBe('no_phone');
      expect(await texts(unverified)).toEqual([]);
    });

    it('inbox: each party lists its own cases by role and state, newest first, page by page; a stranger sees none', async () => {
      const shop = await newShop();
      const other = await newShop();
      const first = await order(shop);
      const second = await order(shop);
      const elsewhere = await order(other);
      const a = await opened(first.buyer, first.orderId);
      const b = await opened(second.buyer, second.orderId);
      const c = await opened(elsewhere.buyer, elsewhere.orderId);
      await act(second.buyer, b.id, 'withdraw');
      const inbox = async (user: GivenUser, query = '') => (await t().http.get(`/disputes?${query}`, { token: await login(user) })).body;
      const ids = async (user: GivenUser, query = '') => (await inbox(user, query)).items.map((d: { id: string }) => d.id);

      expect(await ids(shop.shop.owner, 'role=operator')).toEqual([b.id, a.id]);
      expect(await ids(shop.shop.owner, 'role=operator&status=open')).toEqual([a.id]);
      expect(await ids(shop.shop.owner, 'role=buyer')).toEqual([]);
      expect(await ids(shop.shop.owner)).toEqual([b.id, a.id]);
      expect(await ids(first.buyer, 'role=buyer')).toEqual([a.id]);
      expect(await ids(first.buyer, 'role=operator')).toEqual([]);
      expect(await ids(other.shop.owner, 'role=operator')).toEqual([c.id]);
      expect(await ids(await given.user(t(), { viaSms: false }))).toEqual([]);
      const page = await inbox(shop.shop.owner, 'role=operator&limit=1');
      expect(page.items[0]).toMatchObject({ id: b.id, status: 'withdrawn', timeline: [{ type: 'opened' }, { type: 'withdrawn' }] });
      expect(await ids(shop.shop.owner, `role=operator&limit=1&cursor=${page.nextCursor}`)).toEqual([a.id]);
    });

    it('the arbitration console: the case, the order as admins see it, and the ledger lines of the escrow and of every transfer the case moved', async () => {
      const shop = await newShop(5_000);
      const { buyer, orderId } = await order(shop);
      const dispute = await opened(buyer, orderId, { category: 'personal_injury', claim: { refund: PRICE, compensation: 8_000 } });
      await act(buyer, dispute.id, 'escalate');
      const view = async () => t().http.get(`/admin/disputes/${dispute.id}/case`, { token: await login(admin()) });
      const before = await view();
      expect(before.status, before.text).toBe(200);
      expect(before.body.dispute).toMatchObject({ id: dispute.id, status: 'arbitration' });
      expect(before.body.order).toMatchObject({ id: orderId, total: PRICE, status: 'shipped', buyerId: buyer.id });
      expect(before.body.ledger).toEqual([
        expect.objectContaining({ transferId: `order-hold:${orderId}`, kind: 'pending', debitAccount: 'user_wallet', debitOwnerId: buyer.id, creditAccount: 'platform_escrow', amount: PRICE, status: 'pending' }),
      ]);
      expect((await t().http.get(`/admin/disputes/${dispute.id}/case`, { token: await login(shop.shop.owner) })).status).toBe(403);

      await rule(dispute.id, { refund: PRICE, compensation: 8_000, reason: '人身伤害' });
      const lines = (await view()).body.ledger as { transferId: string; status: string; amount: number; debitAccount: string; creditAccount: string; creditOwnerId: string }[];
      expect(lines.find((l) => l.transferId === `order-hold:${orderId}`)).toMatchObject({ status: 'voided' });
      expect(lines.find((l) => l.transferId === `dispute:${dispute.id}:refund:void`)).toMatchObject({ kind: 'void', status: 'voided', amount: PRICE });
      expect(lines.find((l) => l.transferId === `dispute:${dispute.id}:compensation:operator_deposit`)).toMatchObject({ debitAccount: 'operator_deposit', creditAccount: 'user_wallet', creditOwnerId: buyer.id, amount: 5_000, status: 'posted' });
      expect(lines.find((l) => l.transferId === `dispute:${dispute.id}:compensation:advance`)).toMatchObject({ debitAccount: 'operator_debt', amount: 3_000, status: 'posted' });
    });
  });
}
