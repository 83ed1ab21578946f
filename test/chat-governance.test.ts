/**
 * Chat governance (issue 18 items 4 and 5) on both databases: either party reports the
 * other side's message (one open report each, never one's own, strangers 404); the admin's
 * queue shows no message text, the detail the messages around the reported one unmasked
 * and logged as a personal-data read of both parties (chat_report); resolving audits,
 * tells the reporter (and the sender), and a removal shows to both sides; a dispute carries
 * the buyer's chat with the order's shop as evidence — masked to the parties, unmasked and
 * logged (chat_dispute) to the admin, up to the case's close; and no other admin route
 * shows a chat's words.
 */
import { describe, expect, it } from 'vitest';
import { chatRig } from './support/chat.js';
import { DATABASE_KINDS } from './support/databases.js';
import { disputeSuite, PRICE, type Shop } from './support/disputes.js';
import { PREFIX } from './support/bad-input.js';
import { given, type GivenUser } from './support/given.js';

/** A marker only the chat holds: if any other admin answer contains it, the chat leaked. */
const SECRET = '加我微信 wx_secret_7788 私下转账';
const SHOWN = '加我微信 *** 私下转账';

for (const kind of DATABASE_KINDS) {
  describe(`chat governance on ${kind}`, () => {
    const { t, admin, db, key, login, newShop, order, opened, act } = disputeSuite(kind);
    const chat = chatRig(db);
    const post = async (user: GivenUser, path: string, body?: unknown) => t().http.post(path, body, { token: await login(user), headers: key() });
    const get = async (user: GivenUser, path: string) => t().http.get(path, { token: await login(user) });

    /** A buyer's chat with a shop: the shop's fraud attempt (masked when shown) among ordinary lines. */
    async function talk(shop: Shop, buyer: GivenUser, extra = 0) {
      const conversationId = await chat.conversation(buyer.id, shop.shop.id);
      const senders = { buyer: buyer.id, shop: shop.shop.owner.id };
      const before = await chat.say(conversationId, senders, Array.from({ length: extra }, (_, i) => ({ from: i % 2 ? 'shop' : 'buyer', text: `第 ${i + 1} 句` }) as const));
      const [ask, fraud, reply] = await chat.say(conversationId, senders, [
        { from: 'buyer', text: '什么时候发货？' },
        { from: 'shop', text: SECRET, shown: SHOWN },
        { from: 'buyer', text: '不用了，平台上付' },
      ]);
      return { conversationId, before, ask: ask!, fraud: fraud!, reply: reply! };
    }

    it('either party reports the other side’s message once; never its own; strangers get 404', async () => {
      const shop = await newShop();
      const { buyer } = await order(shop, 'paid');
      const { fraud, reply } = await talk(shop, buyer);
      const first = await post(buyer, `/messages/${fraud}/reports`, { reason: 'fraud', note: '让我加微信私下转账' });
      expect(first.status, first.text).toBe(201);
      expect(first.body.report).toMatchObject({ messageId: fraud, reason: 'fraud', note: '让我加微信私下转账', status: 'open', outcome: null, resolvedAt: null });
      const again = await post(buyer, `/messages/${fraud}/reports`, { reason: 'spam' });
      expect([again.status, again.body.code, again.body.reportId]).toEqual([409, 'CHAT_REPORT_ALREADY_OPEN', first.body.report.id]);
      const own = await post(buyer, `/messages/${reply}/reports`, { reason: 'spam' });
      expect([own.status, own.body.code]).toEqual([409, 'CHAT_REPORT_OWN_MESSAGE']);
      const stranger = await given.user(t(), { viaSms: false });
      expect((await post(stranger, `/messages/${fraud}/reports`, { reason: 'spam' })).status).toBe(404);
      // The shop reports the buyer's message.
      const byShop = await post(shop.shop.owner, `/messages/${reply}/reports`, { reason: 'harassment' });
      expect(byShop.status, byShop.text).toBe(201);
      expect((await post(shop.shop.owner, `/messages/${fraud}/reports`, { reason: 'spam' })).body.code).toBe('CHAT_REPORT_OWN_MESSAGE');
    });

    it('the admin queue holds no message text; the detail shows the messages around it unmasked, logged as a read of both parties', async () => {
      const shop = await newShop();
      const { buyer } = await order(shop, 'paid');
      const { fraud, before } = await talk(shop, buyer, 14);
      const report = (await post(buyer, `/messages/${fraud}/reports`, { reason: 'fraud' })).body.report;
      const queue = await get(admin(), '/admin/chat-reports?status=open&limit=100');
      expect(queue.status, queue.text).toBe(200);
      const row = queue.body.items.find((r: { id: string }) => r.id === report.id);
      expect(row).toMatchObject({ reporter: 'buyer', reason: 'fraud', buyer: { id: buyer.id }, shop: { id: shop.shop.id } });
      expect(JSON.stringify(queue.body)).not.toContain('wx_secret');
      // Not a read yet.
      expect((await get(buyer, '/me/access-log')).body.items.filter((e: { reason: { code: string } }) => e.reason.code === 'chat_report')).toEqual([]);

      const detail = await get(admin(), `/admin/chat-reports/${report.id}`);
      expect(detail.status, detail.text).toBe(200);
      const messages = detail.body.messages as { id: string; seq: number; text: string }[];
      // The 10 before the reported one (of 15), it, and the one after.
      expect(messages.map((m) => m.id)).toEqual([...before.slice(-9), expect.any(String), fraud, expect.any(String)]);
      expect(messages.find((m) => m.id === fraud)).toMatchObject({ from: 'shop', masked: true, removed: false });
      const reasons = async (user: GivenUser) => (await get(user, '/me/access-log')).body.items.filter((e: { reason: { code: string } }) => e.reason.code === 'chat_report');
      expect(await reasons(buyer)).toMatchObject([{ actorRole: 'admin', fields: ['chat_message'], reason: { code: 'chat_report', reportId: report.id } }]);
      expect(await reasons(shop.shop.owner)).toMatchObject([{ actorRole: 'admin', fields: ['chat_message'], reason: { code: 'chat_report', reportId: report.id } }]);
      const audited = await get(admin(), `/admin/audit-log?action=personal_data.read&targetId=${buyer.id}`);
      expect(audited.body.items.length).toBeGreaterThan(0);
    });

    it('resolving: removed shows to both sides as removed, the reporter and sender are told, audited; a second resolve is 409', async () => {
      const shop = await newShop();
      const { buyer, orderId } = await order(shop, 'shipped');
      const { fraud } = await talk(shop, buyer);
      const report = (await post(buyer, `/messages/${fraud}/reports`, { reason: 'fraud' })).body.report;
      const done = await post(admin(), `/admin/chat-reports/${report.id}/resolve`, { outcome: 'removed', note: '诱导站外交易' });
      expect(done.status, done.text).toBe(200);
      expect(done.body.report).toMatchObject({ status: 'resolved', outcome: 'removed', resolutionNote: '诱导站外交易' });
      expect((await post(admin(), `/admin/chat-reports/${report.id}/resolve`, { outcome: 'dismissed', note: '再看' })).body.code).toBe('CHAT_REPORT_RESOLVED');
      const row = await db().selectFrom('conversation_messages').select('removed_at').where('id', '=', fraud).executeTakeFirstOrThrow();
      expect(row.removed_at).not.toBeNull();
      const told = (await get(buyer, '/me/notifications')).body.items.map((n: { kind: string }) => n.kind);
      expect(told).toContain('chat_report.resolved');
      expect((await get(shop.shop.owner, '/me/notifications')).body.items.map((n: { kind: string }) => n.kind)).toContain('chat_report.message_removed');
      const audit = await get(admin(), `/admin/audit-log?action=chat_report.resolve`);
      expect(audit.body.items.map((e: { targetId: string }) => e.targetId)).toContain(report.id);
      // As evidence of a later dispute, the parties see it removed; the admin still reads what it said.
      const dispute = await opened(buyer, orderId);
      const party = await get(buyer, `/disputes/${dispute.id}/chat`);
      expect(party.body.items.find((m: { id: string }) => m.id === fraud)).toMatchObject({ removed: true, text: null });
      const forAdmin = await get(admin(), `/admin/disputes/${dispute.id}/chat`);
      expect(forAdmin.body.items.find((m: { id: string }) => m.id === fraud)).toMatchObject({ removed: true, text: SHOWN });
    });

    it('a dispute carries the chat as evidence: masked to the parties, unmasked and logged to the admin, up to the case’s close; others 404', async () => {
      const shop = await newShop();
      const { buyer, orderId } = await order(shop, 'shipped');
      const { conversationId, fraud } = await talk(shop, buyer);
      const dispute = await opened(buyer, orderId);
      const attached = await db().selectFrom('dispute_chats').selectAll().where('dispute_id', '=', dispute.id).executeTakeFirstOrThrow();
      expect([attached.conversation_id, attached.up_to_seq]).toEqual([conversationId, 3]);
      const [during] = await chat.say(conversationId, { buyer: buyer.id, shop: shop.shop.owner.id }, [{ from: 'shop', text: '我们重新发一个' }]);

      const asBuyer = await get(buyer, `/disputes/${dispute.id}/chat`);
      expect(asBuyer.status, asBuyer.text).toBe(200);
      expect(asBuyer.body).toMatchObject({ attached: true, conversationId, upToSeq: 3, untilAt: null, shop: { id: shop.shop.id } });
      expect(asBuyer.body.items.map((m: { id: string }) => m.id)).toContain(during);
      expect(JSON.stringify(asBuyer.body)).not.toContain('wx_secret');
      expect(asBuyer.body.items.find((m: { id: string }) => m.id === fraud).text).toBe(SHOWN);
      expect((await get(shop.shop.owner, `/disputes/${dispute.id}/chat`)).status).toBe(200);
      const stranger = await given.user(t(), { viaSms: false });
      expect((await get(stranger, `/disputes/${dispute.id}/chat`)).status).toBe(404);
      expect((await get(stranger, `/admin/disputes/${dispute.id}/chat`)).status).toBe(403);

      const asAdmin = await get(admin(), `/admin/disputes/${dispute.id}/chat?limit=2`);
      expect(asAdmin.status, asAdmin.text).toBe(200);
      expect(asAdmin.body.items).toHaveLength(2);
      const rest = await get(admin(), `/admin/disputes/${dispute.id}/chat?cursor=${asAdmin.body.nextCursor}`);
      expect(rest.body.items.map((m: { seq: number }) => m.seq)).toEqual([3, 4]);
      const logged = (await get(buyer, '/me/access-log')).body.items.filter((e: { reason: { code: string } }) => e.reason.code === 'chat_dispute');
      expect(logged.length).toBeGreaterThan(0);
      expect(logged[0]).toMatchObject({ fields: ['chat_message'], reason: { code: 'chat_dispute', disputeId: dispute.id } });

      // Closed: what is said afterwards is no longer evidence.
      expect((await act(buyer, dispute.id, 'withdraw')).status).toBe(200);
      const [after] = await chat.say(conversationId, { buyer: buyer.id, shop: shop.shop.owner.id }, [{ from: 'buyer', text: '谢谢', at: new Date(Date.now() + 60_000) }]);
      const closed = await get(buyer, `/disputes/${dispute.id}/chat?limit=100`);
      expect(closed.body.untilAt).not.toBeNull();
      expect(closed.body.items.map((m: { id: string }) => m.id)).not.toContain(after);
    });

    it('through the chat itself: the admin reads what masking hid, opened from the vault; once removed, the chat shows the platform’s notice', async () => {
      const shop = await newShop();
      const { buyer } = await order(shop, 'paid');
      const opened = await post(buyer, `/operators/${shop.shop.id}/conversations`);
      expect(opened.status, opened.text).toBe(200);
      const conversationId = opened.body.conversation.id as string;
      const sent = await post(shop.shop.owner, `/conversations/${conversationId}/messages`, { kind: 'text', text: '加我微信 wxid_abc123 私下转账' });
      expect(sent.status, sent.text).toBe(201);
      expect(sent.body.message.masked).toBe(true);
      expect(sent.body.message.text).not.toContain('wxid_abc123');
      const report = (await post(buyer, `/messages/${sent.body.message.id}/reports`, { reason: 'fraud' })).body.report;
      const detail = await get(admin(), `/admin/chat-reports/${report.id}`);
      expect(detail.body.messages.map((m: { text: string }) => m.text)).toEqual(['加我微信 wxid_abc123 私下转账']);
      const logged = (await get(shop.shop.owner, '/me/access-log')).body.items.filter((e: { reason: { code: string } }) => e.reason.code === 'chat_report');
      expect(logged).toMatchObject([{ fields: ['chat_message'], reason: { reportId: report.id } }]);
      expect((await post(admin(), `/admin/chat-reports/${report.id}/resolve`, { outcome: 'removed', note: '诱导站外交易' })).status).toBe(200);
      for (const user of [buyer, shop.shop.owner]) {
        const page = await get(user, `/conversations/${conversationId}/messages`);
        expect(page.body.items.map((m: { text: string }) => m.text)).toEqual(['该消息已被平台删除']);
      }
    });

    it('a dispute without any chat shows none', async () => {
      const shop = await newShop();
      const { buyer, orderId } = await order(shop, 'shipped');
      const dispute = await opened(buyer, orderId);
      const res = await get(buyer, `/disputes/${dispute.id}/chat`);
      expect(res.body).toMatchObject({ attached: false, conversationId: null, items: [], nextCursor: null });
      expect(PRICE).toBeGreaterThan(0);
    });

    it('admins read a chat only through a report or a dispute: no other admin route answers with its words', async () => {
      const shop = await newShop();
      const { buyer, orderId } = await order(shop, 'shipped');
      const { conversationId, fraud } = await talk(shop, buyer);
      const report = (await post(buyer, `/messages/${fraud}/reports`, { reason: 'fraud' })).body.report;
      const dispute = await opened(buyer, orderId);
      const spec = (await t().http.get('/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
      const allowed = new Set(['/admin/chat-reports/{id}', '/admin/disputes/{id}/chat']);
      const ids = [conversationId, fraud, report.id, dispute.id, buyer.id, shop.shop.id, orderId];
      let walked = 0;
      for (const [documented, ops] of Object.entries(spec.paths)) {
        const path = documented.replace(PREFIX, '');
        if (!path.startsWith('/admin/') || !('get' in ops) || allowed.has(path)) continue;
        for (const id of path.includes('{') ? ids : [ids[0]!]) {
          const res = await get(admin(), path.replace(/\{[^}]+\}/g, id));
          walked++;
          expect(res.text, `${path} with ${id}`).not.toContain('wx_secret');
          expect(res.text, `${path} with ${id}`).not.toContain(SHOWN);
        }
      }
      expect(walked).toBeGreaterThan(10);
      // The two that do, do.
      expect((await get(admin(), `/admin/chat-reports/${report.id}`)).text).toContain(SHOWN);
    });
  });
}
