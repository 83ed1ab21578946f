/**
 * R12, one level of referral reward, through the HTTP API on both databases: a
 * purchase made through a note's tag rewards that note's author with REFERRAL_BPS
 * of the tagged product's price, out of the operator's share. The reward is
 * incoming at receipt, spendable once the order completes, and withdrawn if the
 * goods come back. The books are checked after each test.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DAY } from '../src/lib/clock.js';
import { startTestApp, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, type GivenOperator, type GivenUser } from './support/given.js';

const PIN = '258036';
const PRICE = 12_900;
const BPS = 300; // the default REFERRAL_BPS
const FEE_BPS = 500;

for (const kind of DATABASE_KINDS) {
  describe(`referral rewards (R12) on ${kind}`, () => {
    let t: TestApp;
    let admin: GivenUser;
    let shop: GivenOperator;
    let lamp: any;
    let other: any;

    const relogin = async (user: GivenUser): Promise<GivenUser> => ({ ...user, token: (await t.http.post('/auth/login', { phone: user.phone, password: user.password })).body.token });

    beforeAll(async () => {
      t = await startTestApp(kind);
      admin = await given.admin(t);
      shop = await given.operator(t, admin);
      lamp = await given.product(t, shop, { skus: [{ name: '暖光', price: PRICE, stock: 100 }] });
      const otherShop = await given.operator(t, admin);
      other = await given.product(t, otherShop, { skus: [{ name: '标准', price: 5_000, stock: 100 }] });
    });
    // A test moves the clock past the 7-day session idle limit: the shop's owner signs in afresh.
    beforeEach(async () => {
      shop = { ...shop, owner: await relogin(shop.owner) };
    });
    afterEach(async () => {
      expect(await t.ctx.ledger.check(t.ctx.database.db)).toEqual([]);
    });
    afterAll(async () => {
      await t?.close();
    });

    type Buyer = GivenUser & { addressId: string };
    async function buyer(): Promise<Buyer> {
      const user = await given.user(t, { pin: PIN, viaSms: false });
      await given.funds(t, user, 100_000);
      return { ...user, addressId: await given.address(t, user) };
    }
    const money = (token: string) => ({ token, headers: { 'idempotency-key': randomUUID() } });
    const ok = (res: { status: number; body: any }) => {
      expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
      return res.body;
    };
    const wallet = async (user: GivenUser) => (await t.http.get('/wallet', { token: user.token })).body;
    const receivable = () => t.ctx.ledger.balanceOf(t.ctx.database.db, 'operator_receivable', shop.id);
    async function attribution(productId: string, author: GivenUser) {
      const note = await given.note(t, author, [[productId]]);
      const opened = ok(await t.http.post(`/notes/${note.id}/tags/${note.tags[0].id}/open`));
      return { note, token: opened.attribution as string };
    }
    async function buyThrough(b: Buyer, items: { skuId: string; quantity: number }[], token: string, via: 'body' | 'query' = 'body') {
      const path = via === 'query' ? `/orders?ref=${encodeURIComponent(token)}` : '/orders';
      const body = { items, addressId: b.addressId, ...(via === 'body' ? { attribution: token } : {}) };
      return ok(await t.http.post(path, body, money(b.token))).orders as any[];
    }
    async function payShipReceive(b: Buyer, orderId: string) {
      ok(await t.http.post(`/orders/${orderId}/pay`, { pin: PIN }, money(b.token)));
      ok(await t.http.post(`/orders/${orderId}/ship`, { carrier: '顺丰速运', trackingNumber: 'SF1234567890' }, money(shop.owner.token)));
      ok(await t.http.post(`/orders/${orderId}/confirm-receipt`, undefined, money(b.token)));
    }

    it('the author earns 3% of the tagged product, incoming at receipt and spendable once the return window closes; it comes out of the operator’s share', async () => {
      const author = await given.user(t, { viaSms: false });
      const { note, token } = await attribution(lamp.id, author);
      const b = await buyer();
      const before = (await receivable()).available;
      const [order] = await buyThrough(b, [{ skuId: lamp.skus[0].id, quantity: 2 }], token, 'query');
      expect(order.referralNoteId).toBe(note.id);
      await payShipReceive(b, order.id);

      const reward = Math.floor((2 * PRICE * BPS) / 10_000);
      const fee = Math.floor((2 * PRICE * FEE_BPS) / 10_000);
      expect(await wallet(author)).toEqual({ balance: 0, held: 0, incoming: reward });
      expect((await receivable()).available - before).toBe(2 * PRICE - fee - reward);
      const line = (await t.http.get('/wallet/transfers', { token: author.token })).body.items[0];
      expect(line).toMatchObject({ code: 'referral_reward', amount: reward, state: 'pending' });
      // The buyer paid the listed price: the reward is never the buyer's cost.
      expect(await wallet(b)).toEqual({ balance: 100_000 - 2 * PRICE, held: 0, incoming: 0 });

      t.clock.advance(9 * DAY);
      await t.ctx.orderTimers.sweep();
      const again = await relogin(author);
      expect(await wallet(again)).toEqual({ balance: reward, held: 0, incoming: 0 });
      expect((await t.http.get(`/orders/${order.id}`, { token: (await relogin(b)).token })).body.status).toBe('completed');
    });

    it('a return withdraws the reward before the buyer is refunded in full', async () => {
      const author = await given.user(t, { viaSms: false });
      const { token } = await attribution(lamp.id, author);
      const b = await buyer();
      const [order] = await buyThrough(b, [{ skuId: lamp.skus[0].id, quantity: 1 }], token);
      await payShipReceive(b, order.id);
      expect((await wallet(author)).incoming).toBe(Math.floor((PRICE * BPS) / 10_000));

      ok(await t.http.post(`/orders/${order.id}/return`, { carrier: '顺丰速运', trackingNumber: 'SF9876543210' }, money(b.token)));
      const refunded = ok(await t.http.post(`/orders/${order.id}/return/received`, undefined, money(shop.owner.token)));
      expect(refunded.order.status).toBe('refunded');
      expect(await wallet(author)).toEqual({ balance: 0, held: 0, incoming: 0 });
      expect(await wallet(b)).toEqual({ balance: 100_000, held: 0, incoming: 0 });
      const codes = (await t.ctx.ledger.transfersFor(t.ctx.database.db, order.id)).map((l) => l.code);
      expect(codes).toEqual(expect.arrayContaining(['referral_reward', 'referral_reversed', 'return_refund']));
    });

    it('only the order holding the tagged product is credited; the rest of the cart is not', async () => {
      const author = await given.user(t, { viaSms: false });
      const { note, token } = await attribution(lamp.id, author);
      const b = await buyer();
      const orders = await buyThrough(b, [{ skuId: other.skus[0].id, quantity: 1 }, { skuId: lamp.skus[0].id, quantity: 1 }], token);
      expect(orders).toHaveLength(2);
      const byProduct = (id: string) => orders.find((o) => o.items[0].productId === id);
      expect(byProduct(lamp.id).referralNoteId).toBe(note.id);
      expect(byProduct(other.id).referralNoteId).toBeNull();
    });

    it('nothing for buying through your own note, or through a note since deleted; a made-up token is refused and takes no stock', async () => {
      const author = await buyer();
      const own = await attribution(lamp.id, author);
      const [mine] = await buyThrough(author, [{ skuId: lamp.skus[0].id, quantity: 1 }], own.token);
      expect(mine.referralNoteId).toBeNull();

      const writer = await given.user(t, { viaSms: false });
      const gone = await attribution(lamp.id, writer);
      ok(await t.http.delete(`/notes/${gone.note.id}`, undefined, { token: writer.token }));
      const b = await buyer();
      const [late] = await buyThrough(b, [{ skuId: lamp.skus[0].id, quantity: 1 }], gone.token);
      expect(late.referralNoteId).toBeNull();
      await payShipReceive(b, late.id);
      expect(await wallet(writer)).toEqual({ balance: 0, held: 0, incoming: 0 });

      const stock = (await t.http.get(`/products/${lamp.id}`)).body.skus[0].stock;
      const forged = await t.http.post('/orders', { items: [{ skuId: lamp.skus[0].id, quantity: 1 }], addressId: b.addressId, attribution: 'made-up-token-0000000000' }, money(b.token));
      expect([forged.status, forged.body.code, forged.body.errors]).toEqual([400, 'VALIDATION_FAILED', [{ path: '/body/attribution', message: expect.any(String) }]]);
      expect((await t.http.get(`/products/${lamp.id}`)).body.skus[0].stock).toBe(stock);
    });

    it('the schema holds one level only: an order names one note and its author, never the buyer, and there is nowhere to record who brought an author in', async () => {
      const columns = await sql<{ table_name: string; column_name: string }>`
        select table_name, column_name from information_schema.columns
        where table_schema = current_schema() and (column_name ~ '(referr|invit|upline|sponsor_user|recruit)')`.execute(t.ctx.database.db);
      // questions.invited_at is when the platform asked recent buyers to answer a 问大家 question: who asked whom to answer, never who brought whom in.
      expect(columns.rows.map((c) => `${c.table_name}.${c.column_name}`).sort()).toEqual(['orders.referral_note_id', 'orders.referral_product_id', 'orders.referrer_id', 'questions.invited_at']);
      const b = await buyer();
      const [order] = await buyThrough(b, [{ skuId: lamp.skus[0].id, quantity: 1 }], (await attribution(lamp.id, await given.user(t, { viaSms: false }))).token);
      await expect(sql`update orders set referrer_id = buyer_id where id = ${order.id}`.execute(t.ctx.database.db)).rejects.toThrow(/orders_referral_whole/);
    });
  });
}
