/**
 * Conversations (客服 chat; issue 18) through the HTTP API on both databases: opening
 * (idempotent, not with one's own shop, the daily cap), messages of every kind with
 * live private cards, masking and the sealed original, prohibited words, unread
 * counts and read receipts, the shop inbox's order, staff attribution for members
 * only, quick replies, the storefront's first response time, the per-minute limit,
 * in-app notices (coalesced) and the 10-minute SMS about an order on the test clock.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DAY, MINUTE } from '../src/lib/clock.js';
import { startTestApp, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import { disputeRig, type Shop } from './support/disputes.js';
import { given, pngImage, upload, type GivenUser } from './support/given.js';

const PER_MINUTE = 15;
const PER_DAY = 3;

for (const kind of DATABASE_KINDS) {
  describe(`conversations on ${kind}`, () => {
    let app: TestApp;
    let admin: GivenUser;
    beforeAll(async () => {
      app = await startTestApp(kind, { env: { CHAT_MESSAGES_PER_MINUTE: String(PER_MINUTE), CHAT_NEW_CONVERSATIONS_PER_DAY: String(PER_DAY), WEBAUTHN_ORIGINS: 'https://agora.example' } });
    });
    beforeEach(async () => {
      admin = await given.admin(app);
    });
    afterAll(async () => {
      await app?.close();
    });
    const t = () => app;
    const { db, login, newShop, order } = disputeRig(t, () => admin);
    const key = () => ({ 'idempotency-key': randomUUID() });
    const post = async (user: GivenUser, path: string, body?: unknown) => t().http.post(path, body, { token: await login(user), headers: key() });
    const get = async (user: GivenUser, path: string) => t().http.get(path, { token: await login(user) });
    async function opened(buyer: GivenUser, shop: Shop) {
      const res = await post(buyer, `/operators/${shop.shop.id}/conversations`);
      expect(res.status, res.text).toBe(200);
      return res.body.conversation as { id: string; unread: number };
    }
    async function sent(user: GivenUser, conversationId: string, body: Record<string, unknown>) {
      const res = await post(user, `/conversations/${conversationId}/messages`, body);
      expect(res.status, res.text).toBe(201);
      return res.body.message;
    }
    const say = (user: GivenUser, conversationId: string, text: string) => sent(user, conversationId, { kind: 'text', text });
    const owner = (shop: Shop) => shop.shop.owner;
    /** A member of staff (the staff routes are another branch's; the row is what they write). */
    async function staffOf(shop: Shop, displayName = '客服小美') {
      const staff = await given.user(t(), { displayName });
      await db().insertInto('operator_members').values({ operator_id: shop.shop.id, user_id: staff.id, role: 'staff', added_by: owner(shop).id }).execute();
      return staff;
    }
    const notices = async (user: GivenUser) =>
      ((await get(user, '/me/notifications?limit=100')).body.items as { kind: string; link: string }[]).filter((n) => n.kind.startsWith('conversation.'));
    const texts = async (user: GivenUser) => ((await t().http.get(`/sandbox/sms?phone=${user.phone}`)).body.items as { body: string }[]).map((m) => m.body);

    it('opening: one conversation per buyer and shop, idempotent; not with your own shop; unknown shops 404; the daily cap of new ones', async () => {
      const shop = await newShop();
      const buyer = await given.user(t());
      const first = await opened(buyer, shop);
      const again = await opened(buyer, shop);
      expect(again.id).toBe(first.id);
      expect(again).toMatchObject({ shop: { id: shop.shop.id, shopName: '好物旗舰店' }, lastMessage: null, unread: 0 });
      expect(again).not.toHaveProperty('buyer');

      const own = await post(owner(shop), `/operators/${shop.shop.id}/conversations`);
      expect([own.status, own.body.code]).toEqual([409, 'OWN_SHOP']);
      const staff = await staffOf(shop);
      expect((await post(staff, `/operators/${shop.shop.id}/conversations`)).body.code).toBe('OWN_SHOP');
      expect((await post(buyer, `/operators/${randomUUID()}/conversations`)).status).toBe(404);
      const pending = await given.operator(t(), admin, { approve: false });
      expect((await post(buyer, `/operators/${pending.id}/conversations`)).status).toBe(404);

      // PER_DAY new conversations a Beijing day (the first one above counts); reopening one never does.
      for (let i = 1; i < PER_DAY; i++) await opened(buyer, await newShop());
      const capped = await post(buyer, `/operators/${(await newShop()).shop.id}/conversations`);
      expect([capped.status, capped.body.code]).toEqual([429, 'CONVERSATION_LIMIT']);
      expect(Number(capped.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number(capped.headers.get('retry-after'))).toBeLessThanOrEqual(DAY / 1000);
      expect((await opened(buyer, shop)).id).toBe(first.id);
      t().clock.advance(DAY);
      await opened(buyer, await newShop());
    });

    it('messages of every kind: text masked with the original sealed, images of your own, cards of this shop and this buyer read live and private', async () => {
      const shop = await newShop();
      const { buyer, orderId } = await order(shop, 'paid');
      const c = await opened(buyer, shop);

      const masked = await say(buyer, c.id, '能加我微信吗：abc_123456，或者打 138 1234 5678');
      expect(masked).toMatchObject({ seq: 1, from: 'buyer', kind: 'text', text: '能加我微信吗：「***」，或者打 「***」', masked: true, readByOther: false });
      expect(masked).not.toHaveProperty('staff');
      const row = await db().selectFrom('conversation_messages').selectAll().where('id', '=', masked.id).executeTakeFirstOrThrow();
      expect(row.body).not.toContain('1234');
      const vault = await db().selectFrom('personal_data').select(['kind', 'subject_id', 'sealed']).where('id', '=', row.original_record_id!).executeTakeFirstOrThrow();
      expect([vault.kind, vault.subject_id, vault.sealed.includes('abc_123456')]).toEqual(['chat_message', buyer.id, false]);
      // Only a dispute or a report opens the original, logged (test/chat-governance.test.ts).
      const plain = await say(buyer, c.id, '这个多少钱？¥199.00 吗，订单号 20261207000123');
      expect([plain.masked, plain.text]).toEqual([false, '这个多少钱？¥199.00 吗，订单号 20261207000123']);
      expect((await db().selectFrom('conversation_messages').select('original_record_id').where('id', '=', plain.id).executeTakeFirstOrThrow()).original_record_id).toBeNull();
      expect((await say(buyer, c.id, '看 https://agora.example/products/1')).masked).toBe(false);

      const banned = await post(buyer, `/conversations/${c.id}/messages`, { kind: 'text', text: '全网第一的面膜' });
      expect([banned.status, banned.body.code]).toEqual([422, 'PROHIBITED_CONTENT']);
      for (const body of [{ kind: 'text' }, { kind: 'text', text: '你好', productId: randomUUID() }, { kind: 'product' }, { kind: 'text', text: 'x'.repeat(2001) }]) {
        const bad = await post(buyer, `/conversations/${c.id}/messages`, body);
        expect([bad.status, bad.body.code], JSON.stringify(body)).toEqual([400, 'VALIDATION_FAILED']);
      }

      const mine = (await upload(t(), await login(buyer), await pngImage('#3a6'))).body.url as string;
      expect((await sent(buyer, c.id, { kind: 'image', image: mine })).image).toBe(mine);
      const theirs = (await upload(t(), await login(owner(shop)), await pngImage('#a63'))).body.url as string;
      const stolen = await post(buyer, `/conversations/${c.id}/messages`, { kind: 'image', image: theirs });
      expect([stolen.status, stolen.body.errors?.[0]?.path]).toEqual([400, '/body/image']);

      const product = await given.product(t(), shop.shop, { title: '玫瑰精油 30ml', skus: [{ name: '30ml', price: 8800, stock: 5 }] });
      const card = await sent(buyer, c.id, { kind: 'product', productId: product.id });
      expect(card.card).toMatchObject({ type: 'product', id: product.id, title: '玫瑰精油 30ml', price: 8800, status: 'on_sale' });
      const elsewhere = await given.product(t(), (await newShop()).shop);
      const foreign = await post(buyer, `/conversations/${c.id}/messages`, { kind: 'product', productId: elsewhere.id });
      expect([foreign.status, foreign.body.code]).toEqual([422, 'PRODUCT_NOT_OF_SHOP']);
      expect((await post(buyer, `/conversations/${c.id}/messages`, { kind: 'product', productId: randomUUID() })).body.code).toBe('PRODUCT_NOT_OF_SHOP');

      const orderCard = await sent(buyer, c.id, { kind: 'order', orderId });
      expect(orderCard.card).toMatchObject({ type: 'order', id: orderId, status: 'paid', itemCount: 1 });
      expect(orderCard.card.number).toMatch(/^\d{14,}$/);
      const other = await order(shop, 'paid');
      const notHis = await post(buyer, `/conversations/${c.id}/messages`, { kind: 'order', orderId: other.orderId });
      expect([notHis.status, notHis.body.code]).toEqual([422, 'ORDER_NOT_OF_CONVERSATION']);

      // Live: the product's new price and the order's new status show in the old cards.
      await db().updateTable('skus').set({ price: 6600 }).where('product_id', '=', product.id).execute();
      expect((await post(owner(shop), `/orders/${orderId}/ship`, { carrier: '顺丰速运', trackingNumber: 'SF1234567890' })).status).toBe(200);
      const shopView = (await get(owner(shop), `/conversations/${c.id}/messages`)).body;
      const cards = Object.fromEntries(shopView.items.filter((m: { card?: { type: string } }) => m.card).map((m: { card: { type: string } }) => [m.card.type, m.card]));
      expect(cards.product).toMatchObject({ price: 6600 });
      expect(cards.order).toMatchObject({ id: orderId, status: 'shipped' });
      expect(shopView.items.map((m: { seq: number }) => m.seq)).toEqual([6, 5, 4, 3, 2, 1]);
      // Private: nobody else reads the conversation (nor its order card).
      const stranger = await given.user(t());
      for (const path of [`/conversations/${c.id}/messages`]) expect((await get(stranger, path)).status).toBe(404);
      expect((await post(stranger, `/conversations/${c.id}/messages`, { kind: 'text', text: '你好' })).status).toBe(404);
      expect(JSON.stringify(shopView)).not.toContain(buyer.phone);
    });

    it('unread counts, read receipts, the inbox order and staff attribution for members only', async () => {
      const shop = await newShop();
      const staff = await staffOf(shop, '客服小美');
      const early = await given.user(t(), { displayName: '早来的买家' });
      const late = await given.user(t(), { displayName: '晚来的买家' });
      const done = await given.user(t(), { displayName: '已回复的买家' });
      const cDone = await opened(done, shop);
      await say(done, cDone.id, '在吗');
      await say(staff, cDone.id, '在的，请问有什么可以帮您？');
      t().clock.advance(MINUTE);
      const cEarly = await opened(early, shop);
      await say(early, cEarly.id, '发货了吗');
      await say(early, cEarly.id, '急用');
      t().clock.advance(MINUTE);
      const cLate = await opened(late, shop);
      await say(late, cLate.id, '有优惠吗');
      await opened(await given.user(t()), shop); // opened, never written: not in the inbox

      const inbox = (await get(owner(shop), `/operators/${shop.shop.id}/conversations`)).body;
      expect(inbox.items.map((i: { id: string }) => i.id)).toEqual([cEarly.id, cLate.id, cDone.id]);
      expect(inbox.items[0]).toMatchObject({ buyer: { displayName: '早来的买家' }, unread: 2, lastMessage: { from: 'buyer', kind: 'text', preview: '急用' } });
      expect(inbox.items[0].waitingSince).not.toBeNull();
      expect(inbox.items[2].waitingSince).toBeNull();
      expect(inbox.unreadTotal).toBe(3);
      expect(JSON.stringify(inbox)).not.toContain(early.phone);
      // Paged: the cursor carries on across the waiting and answered parts.
      const page1 = (await get(staff, `/operators/${shop.shop.id}/conversations?limit=2`)).body;
      const page2 = (await get(staff, `/operators/${shop.shop.id}/conversations?limit=2&cursor=${encodeURIComponent(page1.nextCursor)}`)).body;
      expect([...page1.items, ...page2.items].map((i: { id: string }) => i.id)).toEqual([cEarly.id, cLate.id, cDone.id]);
      expect((await get(early, `/operators/${shop.shop.id}/conversations`)).status).toBe(404);

      // The shop reads and answers; the buyer sees the answer unread, then reads it.
      expect((await post(staff, `/conversations/${cEarly.id}/read`)).status).toBe(204);
      const buyerBefore = (await get(early, `/conversations/${cEarly.id}/messages`)).body;
      expect(buyerBefore.items.map((m: { readByOther: boolean }) => m.readByOther)).toEqual([true, true]);
      const answer = await say(staff, cEarly.id, '今天发货');
      expect(answer.staff).toEqual({ id: staff.id, displayName: '客服小美' });
      const list = (await get(early, '/conversations')).body;
      expect(list.items[0]).toMatchObject({ id: cEarly.id, unread: 1, lastMessage: { from: 'shop', preview: '今天发货' } });
      expect(list.unreadTotal).toBe(1);
      const buyerView = (await get(early, `/conversations/${cEarly.id}/messages`)).body;
      expect(buyerView.unread).toBe(1);
      expect(buyerView.items[0]).not.toHaveProperty('staff');
      expect(JSON.stringify(buyerView)).not.toContain('客服小美');
      const ownerView = (await get(owner(shop), `/conversations/${cEarly.id}/messages`)).body;
      expect(ownerView.items[0].staff).toEqual({ id: staff.id, displayName: '客服小美' });
      expect(ownerView.items[0].readByOther).toBe(false);
      expect((await post(early, `/conversations/${cEarly.id}/read`, { upToSeq: 3 })).status).toBe(204);
      expect((await get(early, '/conversations')).body.unreadTotal).toBe(0);
      expect((await get(owner(shop), `/conversations/${cEarly.id}/messages`)).body.items[0].readByOther).toBe(true);
      // Answered now: below the one still waiting.
      const after = (await get(owner(shop), `/operators/${shop.shop.id}/conversations`)).body.items.map((i: { id: string }) => i.id);
      expect(after).toEqual([cLate.id, cEarly.id, cDone.id]);
    });

    it("quick replies: members list, add (≤ 50) and remove them; nobody else", async () => {
      const shop = await newShop();
      const staff = await staffOf(shop);
      const stranger = await given.user(t());
      const path = `/operators/${shop.shop.id}/quick-replies`;
      const added = await post(staff, path, { text: '亲，今天下单明天发货哦' });
      expect(added.status, added.text).toBe(201);
      expect(added.body.quickReply).toMatchObject({ text: '亲，今天下单明天发货哦' });
      expect((await get(owner(shop), path)).body.items.map((r: { text: string }) => r.text)).toEqual(['亲，今天下单明天发货哦']);
      expect((await get(stranger, path)).status).toBe(404);
      expect((await post(stranger, path, { text: '你好' })).status).toBe(404);
      expect((await post(owner(shop), path, { text: 'x'.repeat(501) })).status).toBe(400);
      const now = new Date();
      await db()
        .insertInto('quick_replies')
        .values(Array.from({ length: 49 }, (_, i) => ({ id: randomUUID(), operator_id: shop.shop.id, body: `回复 ${i}`, created_by: owner(shop).id, created_at: now })))
        .execute();
      const full = await post(owner(shop), path, { text: '第 51 条' });
      expect([full.status, full.body.code]).toEqual([409, 'QUICK_REPLY_LIMIT']);
      expect((await t().http.delete(`${path}/${added.body.quickReply.id}`, undefined, { token: await login(stranger), headers: key() })).status).toBe(404);
      expect((await t().http.delete(`${path}/${added.body.quickReply.id}`, undefined, { token: await login(staff), headers: key() })).status).toBe(204);
      expect((await t().http.delete(`${path}/${added.body.quickReply.id}`, undefined, { token: await login(staff), headers: key() })).status).toBe(404);
      expect((await get(owner(shop), path)).body.items).toHaveLength(49);
    });

    it("the storefront's first response time: from the buyer's first unanswered message to the shop's first reply, averaged over 30 days", async () => {
      const shop = await newShop();
      expect((await t().http.get(`/operators/${shop.shop.id}`)).body.chat).toEqual({ firstResponseSeconds: null, sampleSize: 0 });
      const a = await given.user(t());
      const b = await given.user(t());
      const ca = await opened(a, shop);
      const cb = await opened(b, shop);
      await say(a, ca.id, '在吗');
      t().clock.advance(60_000);
      await say(a, ca.id, '在吗？？'); // the wait counts from the first unanswered message
      t().clock.advance(30_000);
      await say(owner(shop), ca.id, '在的');
      await say(owner(shop), ca.id, '请说'); // not a first reply
      await say(b, cb.id, '你好');
      t().clock.advance(210_000);
      await say(owner(shop), cb.id, '您好');
      expect((await t().http.get(`/operators/${shop.shop.id}`)).body.chat).toEqual({ firstResponseSeconds: 150, sampleSize: 2 });
      t().clock.advance(31 * DAY);
      expect((await t().http.get(`/operators/${shop.shop.id}`)).body.chat).toEqual({ firstResponseSeconds: null, sampleSize: 0 });
    });

    it('at most CHAT_MESSAGES_PER_MINUTE messages per sender and conversation a minute: then 429', async () => {
      const shop = await newShop();
      const buyer = await given.user(t());
      const c = await opened(buyer, shop);
      for (let i = 0; i < PER_MINUTE; i++) await say(buyer, c.id, `第 ${i + 1} 条`);
      const fast = await post(buyer, `/conversations/${c.id}/messages`, { kind: 'text', text: '太快了' });
      expect([fast.status, fast.body.code]).toEqual([429, 'RATE_LIMITED']);
      expect(Number(fast.headers.get('retry-after'))).toBeGreaterThan(0);
      // The other side has its own budget.
      await say(owner(shop), c.id, '收到');
    });

    it('notices: one in-app notice per conversation until read, to every member of the shop; the 10-minute SMS about an order, once', async () => {
      const shop = await newShop();
      const staff = await staffOf(shop);
      const { buyer, orderId } = await order(shop, 'paid');
      const c = await opened(buyer, shop);
      await sent(buyer, c.id, { kind: 'order', orderId });
      await say(buyer, c.id, '什么时候发货？');
      expect((await notices(owner(shop))).map((n) => n.kind)).toEqual(['conversation.message']);
      expect((await notices(staff)).map((n) => n.kind)).toEqual(['conversation.message']);
      await post(staff, `/conversations/${c.id}/read`);
      await say(buyer, c.id, '还在吗');
      expect(await notices(owner(shop))).toHaveLength(2);

      // The shop answers about the order; unread for 10 minutes, it goes by SMS too, once.
      await say(staff, c.id, '明天一早发出');
      expect((await notices(buyer)).map((n) => n.kind)).toEqual(['conversation.message']);
      t().clock.advance(9 * MINUTE);
      expect(await t().ctx.conversations.sweepOrderReplySms()).toBe(0);
      t().clock.advance(MINUTE + 1);
      expect(await t().ctx.conversations.sweepOrderReplySms()).toBe(1);
      t().clock.advance(MINUTE + 1);
      await t().ctx.notifications.sendQueuedSms();
      expect((await texts(buyer)).filter((s) => s.includes('回复了你的订单咨询'))).toHaveLength(1);
      await say(staff, c.id, '已经安排了');
      t().clock.advance(11 * MINUTE);
      expect(await t().ctx.conversations.sweepOrderReplySms()).toBe(0);
      expect((await notices(buyer)).map((n) => n.kind).sort()).toEqual(['conversation.message', 'conversation.order_reply']);

      // Read in time: a new stretch, and no SMS.
      await post(buyer, `/conversations/${c.id}/read`);
      await say(staff, c.id, '单号稍后发您');
      t().clock.advance(5 * MINUTE);
      await post(buyer, `/conversations/${c.id}/read`);
      t().clock.advance(6 * MINUTE);
      expect(await t().ctx.conversations.sweepOrderReplySms()).toBe(0);
      // No order card: never an SMS.
      const plain = await given.user(t());
      const cp = await opened(plain, shop);
      await say(plain, cp.id, '你好');
      await say(owner(shop), cp.id, '您好');
      t().clock.advance(11 * MINUTE);
      expect(await t().ctx.conversations.sweepOrderReplySms()).toBe(0);
    });
  });
}
