/**
 * Conversations and the user's rights (PIPL art. 45, 47; R4) on both databases: the
 * export carries the buyer's conversations (their words as written, the shop's as shown)
 * and their reports; erasure empties the conversations not tied to an order and keeps
 * those tied to one (an order card, a dispute) whole under the tombstone's name; the R4
 * purge empties a tied conversation with the last order that keeps it.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DAY } from '../src/lib/clock.js';
import { startTestApp, type TestApp } from './support/app.js';
import { chatRig } from './support/chat.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, type GivenOperator, type GivenUser } from './support/given.js';

const PIN = '258036';
const PRICE = 10_000;
const PSEUDONYM = /^已注销用户 [2-9A-HJKMNP-Z]{4}$/;

for (const kind of DATABASE_KINDS) {
  describe(`conversations retention on ${kind}`, () => {
    let t: TestApp;
    let admin: GivenUser;
    beforeAll(async () => {
      t = await startTestApp(kind);
    });
    beforeEach(async () => {
      admin = await given.admin(t);
    });
    afterEach(async () => {
      expect(await t.ctx.ledger.check(t.ctx.database.db)).toEqual([]);
    });
    afterAll(async () => {
      await t?.close();
    });

    const db = () => t.ctx.database.db;
    const chat = chatRig(db);
    const key = () => ({ 'idempotency-key': randomUUID() });
    const login = async (user: GivenUser) => (await t.http.post('/auth/login', { phone: user.phone, password: user.password })).body.token as string;

    async function newShop() {
      const operator = await given.operator(t, admin, { viaSms: false });
      const product = await given.product(t, operator, { skus: [{ name: '标准', price: PRICE, stock: 50 }] });
      return { shop: operator, skuId: product.skus[0].id as string };
    }

    /** An order of one unit, shipped, received and completed (past the return window). */
    async function completedOrder(buyer: GivenUser, addressId: string, shop: { shop: GivenOperator; skuId: string }) {
      const placed = await t.http.post('/orders', { addressId, items: [{ skuId: shop.skuId, quantity: 1 }] }, { token: await login(buyer), headers: key() });
      expect(placed.status, placed.text).toBe(201);
      const id = placed.body.order.id as string;
      expect((await t.http.post(`/orders/${id}/pay`, { pin: PIN }, { token: await login(buyer), headers: key() })).status).toBe(200);
      expect((await t.http.post(`/orders/${id}/ship`, { carrier: '顺丰速运', trackingNumber: 'SF9988776655' }, { token: await login(shop.shop.owner), headers: key() })).status).toBe(200);
      expect((await t.http.post(`/orders/${id}/confirm-receipt`, undefined, { token: await login(buyer), headers: key() })).status).toBe(200);
      t.clock.advance(9 * DAY);
      await t.ctx.orderTimers.sweep();
      return id;
    }

    async function buyerWithMoney() {
      const buyer = await given.user(t, { pin: PIN, viaSms: false });
      await given.funds(t, buyer, PRICE * 3);
      return { buyer, addressId: await given.address(t, buyer) };
    }

    async function erase(buyer: GivenUser) {
      const token = await login(buyer);
      const wallet = (await t.http.get('/wallet', { token })).body;
      if (wallet.balance > 0) expect((await t.http.post('/wallet/withdrawals', { amount: wallet.balance, pin: PIN }, { token, headers: key() })).status).toBe(201);
      const res = await t.http.delete('/me', { password: buyer.password }, { token });
      expect(res.status, res.text).toBe(200);
    }

    const bodies = async (conversationId: string) =>
      (await db().selectFrom('conversation_messages').select(['body', 'kind']).where('conversation_id', '=', conversationId).orderBy('seq').execute()).map((m) => (m.kind === 'order' ? 'card' : m.body));

    it('the export holds the buyer’s conversations — their own words as written, the shop’s as shown — and their reports', async () => {
      const shop = await newShop();
      const { buyer } = await buyerWithMoney();
      const c = await chat.conversation(buyer.id, shop.shop.id);
      const [, fraud] = await chat.say(c, { buyer: buyer.id, shop: shop.shop.owner.id }, [
        { from: 'buyer', text: '这件有货吗？' },
        { from: 'shop', text: '加微信 wx_777 便宜', shown: '加微信 *** 便宜' },
      ]);
      expect((await t.http.post(`/messages/${fraud}/reports`, { reason: 'fraud', note: '诱导私下交易' }, { token: buyer.token, headers: key() })).status).toBe(201);
      const exported = (await t.http.get('/me/export', { token: buyer.token })).body;
      expect(exported.chat.conversations).toMatchObject([
        {
          id: c,
          shop: { id: shop.shop.id },
          messages: [
            { seq: 1, from: 'buyer', text: '这件有货吗？' },
            { seq: 2, from: 'shop', text: '加微信 *** 便宜', masked: true },
          ],
        },
      ]);
      expect(exported.chat.reports).toMatchObject([{ messageId: fraud, reason: 'fraud', note: '诱导私下交易', status: 'open' }]);
      // Someone else's export has none of it.
      const other = await given.user(t, { viaSms: false });
      expect((await t.http.get('/me/export', { token: other.token })).body.chat).toEqual({ conversations: [], reports: [] });
    });

    it('erasure empties chats not tied to an order and keeps the tied ones whole under the tombstone; the purge empties those with the last order that ties them', async () => {
      const tiedShop = await newShop();
      const looseShop = await newShop();
      const { buyer, addressId } = await buyerWithMoney();
      const firstOrder = await completedOrder(buyer, addressId, tiedShop);
      const tied = await chat.conversation(buyer.id, tiedShop.shop.id);
      const tiedSenders = { buyer: buyer.id, shop: tiedShop.shop.owner.id };
      await chat.say(tied, tiedSenders, [{ from: 'buyer', orderId: firstOrder }, { from: 'buyer', text: '第一单什么时候到？' }, { from: 'shop', text: '明天到' }]);
      // A month later, a second order in the same chat: the chat stays until that one's three years are up too.
      t.clock.advance(30 * DAY);
      const secondOrder = await completedOrder(buyer, addressId, tiedShop);
      const [, harsh] = await chat.say(tied, tiedSenders, [{ from: 'buyer', orderId: secondOrder }, { from: 'buyer', text: '第二单也到了' }]);
      const loose = await chat.conversation(buyer.id, looseShop.shop.id);
      await chat.say(loose, { buyer: buyer.id, shop: looseShop.shop.owner.id }, [{ from: 'buyer', text: '我的地址是珠江路 8 号' }, { from: 'shop', text: '好的，珠江路 8 号' }]);
      // The shop reports one of the buyer's lines: the admin queue names the buyer as the shop would see them.
      const report = await t.http.post(`/messages/${harsh}/reports`, { reason: 'other', note: '核实' }, { token: await login(tiedShop.shop.owner), headers: key() });
      expect(report.status, report.text).toBe(201);
      expect((await t.http.post(`/admin/chat-reports/${report.body.report.id}/resolve`, { outcome: 'dismissed', note: '正常沟通' }, { token: await login(admin), headers: key() })).status).toBe(200);
      const secondClosedAt = t.clock.now();

      await erase(buyer);
      expect(await bodies(loose)).toEqual([null, null]);
      expect(await bodies(tied)).toEqual(['card', '第一单什么时候到？', '明天到', 'card', '第二单也到了']);
      const queue = (await t.http.get('/admin/chat-reports?status=resolved&limit=100', { token: await login(admin) })).body.items;
      expect(queue.find((r: { id: string }) => r.id === report.body.report.id).buyer.displayName).toMatch(PSEUDONYM);

      // Three years after the first order: it is purged, the chat stays for the second.
      t.clock.set(new Date(new Date(secondClosedAt).setUTCFullYear(secondClosedAt.getUTCFullYear() + 3) - 10 * DAY));
      await t.ctx.purge.purgeDue();
      const purged = await db().selectFrom('orders').select(['id', 'records_purged_at']).where('id', 'in', [firstOrder, secondOrder]).orderBy('id').execute();
      expect(Object.fromEntries(purged.map((o) => [o.id, o.records_purged_at !== null]))).toEqual({ [firstOrder]: true, [secondOrder]: false });
      expect(await bodies(tied)).toEqual(['card', '第一单什么时候到？', '明天到', 'card', '第二单也到了']);

      t.clock.advance(20 * DAY);
      await t.ctx.purge.purgeDue();
      expect(await bodies(tied)).toEqual(['card', null, null, 'card', null]);
      const notes = await db().selectFrom('chat_reports').select(['note', 'resolution_note']).where('id', '=', report.body.report.id).executeTakeFirstOrThrow();
      expect(notes).toEqual({ note: null, resolution_note: null });
    });

    it('a chat a dispute attached is tied to the order: kept at erasure', async () => {
      const shop = await newShop();
      const { buyer, addressId } = await buyerWithMoney();
      const orderId = await completedOrder(buyer, addressId, shop);
      const c = await chat.conversation(buyer.id, shop.shop.id);
      await chat.say(c, { buyer: buyer.id, shop: shop.shop.owner.id }, [{ from: 'buyer', text: '坏了' }]);
      const opened = await t.http.post('/disputes', { orderId, category: 'quality', claim: { refund: PRICE }, description: '坏了' }, { token: await login(buyer), headers: key() });
      expect(opened.status, opened.text).toBe(201);
      expect((await t.http.post(`/disputes/${opened.body.dispute.id}/withdraw`, undefined, { token: await login(buyer), headers: key() })).status).toBe(200);
      await erase(buyer);
      expect(await bodies(c)).toEqual(['坏了']);
    });
  });
}
