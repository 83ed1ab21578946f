/**
 * Flash sales: many buyers check out one SKU at the same moment over real
 * parallel HTTP, and concurrent one-line checkouts are placed in shared transactions
 * (src/workflows/checkout-batcher.ts). Whatever the batching, every order must be
 * what checkout alone would have made, and nothing is ever sold beyond the stock.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { derivedId } from '../src/lib/ids.js';
import { startTestApp, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, type GivenOperator, type GivenUser } from './support/given.js';

type Buyer = GivenUser & { addressId: string };

for (const kind of DATABASE_KINDS) {
  describe(`flash sale on ${kind}`, () => {
    let t: TestApp;
    let shop: GivenOperator;

    beforeAll(async () => {
      t = await startTestApp(kind, { poolSize: 20 });
      shop = await given.operator(t, await given.admin(t));
    });
    afterEach(async () => {
      expect(await t.ctx.ledger.check(t.ctx.database.db)).toEqual([]);
    });
    afterAll(async () => {
      await t?.close();
    });

    let buyers: Buyer[];
    beforeEach(async () => {
      buyers = [];
      for (let i = 0; i < 60; i += 20) {
        buyers.push(...(await Promise.all(Array.from({ length: 20 }, async () => {
          const user = await given.user(t);
          return { ...user, addressId: await given.address(t, user) };
        }))));
      }
    });

    const db = () => t.ctx.database.db;
    const flashSku = async (stock: number, price = 9_900) => (await given.product(t, shop, { skus: [{ name: '秒杀', price, stock }] })).skus[0] as { id: string };
    const stockOf = async (skuId: string) => (await db().selectFrom('skus').select('stock').where('id', '=', skuId).executeTakeFirstOrThrow()).stock;
    const checkout = (b: Buyer, skuId: string, key: string, quantity = 1, addressId = b.addressId) =>
      t.http.post('/orders', { items: [{ skuId, quantity }], addressId }, { token: b.token, headers: { 'idempotency-key': key } });
    /** How many transactions wrote these orders: rows written by one transaction share its xmin. */
    const transactionsOf = async (skuId: string) => {
      const row = await db()
        .selectFrom('orders')
        .innerJoin('order_items', 'order_items.order_id', 'orders.id')
        .select(sql<number>`count(distinct orders.xmin::text)::int`.as('n'))
        .where('order_items.sku_id', '=', skuId)
        .executeTakeFirstOrThrow();
      return row.n;
    };

    it('300 checkouts race for 100 units: exactly 100 orders, each the buyer’s own, 200 OUT_OF_STOCK, stock 0, in shared transactions', async () => {
      const sku = await flashSku(100);
      const attempts = buyers.flatMap((b) => Array.from({ length: 5 }, () => ({ buyer: b, key: randomUUID() })));
      const results = await Promise.all(attempts.map((a) => checkout(a.buyer, sku.id, a.key)));

      const won = results.map((r, i) => ({ r, ...attempts[i]! })).filter(({ r }) => r.status === 201);
      expect(won).toHaveLength(100);
      const lost = results.filter((r) => r.status !== 201);
      expect(lost.map((r) => [r.status, r.body.code, r.body.skuId])).toEqual(Array.from({ length: 200 }, () => [409, 'OUT_OF_STOCK', sku.id]));
      expect(await stockOf(sku.id)).toBe(0);

      const rows = await db().selectFrom('orders').innerJoin('order_items', 'order_items.order_id', 'orders.id').selectAll('orders').select(['order_items.quantity', 'order_items.unit_price']).where('order_items.sku_id', '=', sku.id).execute();
      expect(rows).toHaveLength(100);
      for (const { r, buyer, key } of won) {
        const order = r.body.order;
        // As checkout alone makes it: its id from the buyer's key, one line at the price, the buyer's address, one `created` event.
        expect(order.id).toBe(derivedId(`order:${buyer.id}:${key}:0`));
        expect(order).toMatchObject({ status: 'pending_payment', buyerId: buyer.id, operatorId: shop.id, total: 9_900, addOns: [], source: null, referralNoteId: null });
        expect(order.items.map((i: any) => [i.skuId, i.quantity, i.unitPrice])).toEqual([[sku.id, 1, 9_900]]);
        expect(order.timeline.map((e: any) => [e.type, e.detail])).toEqual([['created', { total: 9_900 }]]);
        expect(rows.find((o) => o.id === order.id)).toMatchObject({ buyer_id: buyer.id, address_id: buyer.addressId, total: 9_900, quantity: 1, unit_price: 9_900 });
        // The buyer's GET adds each item's review state (not reviewable before receipt) to what checkout answered.
        const read = (await t.http.get(`/orders/${order.id}`, { token: buyer.token })).body;
        expect(read).toEqual({ ...order, items: order.items.map((i: any) => ({ ...i, canReview: false, review: null, reviewUntil: null })) });
      }
      // The point of it: fewer transactions than orders (one per order without batching).
      expect(await transactionsOf(sku.id)).toBeLessThan(100);
    }, 120_000);

    it('mixed quantities never sell more than the stock; what is sold and what is left add up', async () => {
      const sku = await flashSku(20);
      const attempts = buyers.map((b, i) => ({ buyer: b, quantity: (i % 3) + 1 }));
      const results = await Promise.all(attempts.map((a) => checkout(a.buyer, sku.id, randomUUID(), a.quantity)));
      const sold = results.reduce((sum, r, i) => sum + (r.status === 201 ? attempts[i]!.quantity : 0), 0);
      const stock = await stockOf(sku.id);
      expect(stock).toBeGreaterThanOrEqual(0);
      expect(sold + stock).toBe(20);
      // Stock only went down, so a refused request wanted more than is left even now.
      results.forEach((r, i) => {
        if (r.status === 201) return;
        expect(r.body.code).toBe('OUT_OF_STOCK');
        expect(attempts[i]!.quantity).toBeGreaterThan(stock);
      });
      const inDb = await db().selectFrom('order_items').select(sql<number>`coalesce(sum(quantity), 0)::int`.as('q')).where('sku_id', '=', sku.id).executeTakeFirstOrThrow();
      expect(inDb.q).toBe(sold);
    }, 60_000);

    it('a batched checkout retried with its key gets its own order again, and a lost answer is found again by the service', async () => {
      const sku = await flashSku(30);
      const attempts = buyers.slice(0, 40).map((b) => ({ buyer: b, key: randomUUID() }));
      const first = await Promise.all(attempts.map((a) => checkout(a.buyer, sku.id, a.key)));
      expect(first.filter((r) => r.status === 201)).toHaveLength(30);
      const again = await Promise.all(attempts.map((a) => checkout(a.buyer, sku.id, a.key)));
      expect(again.map((r) => [r.status, r.body.order?.id ?? r.body.code])).toEqual(first.map((r) => [r.status, r.body.order?.id ?? r.body.code]));
      expect(again.every((r) => r.headers.get('idempotent-replayed') === 'true')).toBe(true);
      // The answer lost after the commit (no stored response): the service finds the order by the key.
      const winner = attempts[first.findIndex((r) => r.status === 201)]!;
      const found = await t.ctx.placeOrder.checkout(winner.buyer.id, { items: [{ skuId: sku.id, quantity: 1 }], addressId: winner.buyer.addressId }, winner.key);
      expect(found.map((o) => o.id)).toEqual([derivedId(`order:${winner.buyer.id}:${winner.key}:0`)]);
      expect(await stockOf(sku.id)).toBe(0);
      expect(await db().selectFrom('order_items').select(sql<number>`count(*)::int`.as('n')).where('sku_id', '=', sku.id).executeTakeFirstOrThrow()).toEqual({ n: 30 });
    }, 60_000);

    it('a bad request among the racing ones gets its 400 and the others their orders', async () => {
      const sku = await flashSku(100);
      const [intruder, victim] = buyers;
      const good = buyers.slice(2, 42).map((b) => checkout(b, sku.id, randomUUID()));
      const bad = checkout(intruder!, sku.id, randomUUID(), 1, victim!.addressId);
      const [badResult, ...goodResults] = await Promise.all([bad, ...good]);
      expect([badResult.status, badResult.body.errors[0].path]).toEqual([400, '/body/addressId']);
      expect(goodResults.map((r) => r.status)).toEqual(Array.from({ length: 40 }, () => 201));
      expect(await stockOf(sku.id)).toBe(60);
    }, 60_000);

    it('retries of placed orders racing new checkouts get their own orders again and take no stock; the batch reads them all at once', async () => {
      const sku = await flashSku(50);
      const input = (b: Buyer) => ({ items: [{ skuId: sku.id, quantity: 1 }], addressId: b.addressId });
      const earlier = buyers.slice(0, 10).map((b) => ({ buyer: b, key: randomUUID() }));
      const placed = await Promise.all(earlier.map((a) => t.ctx.placeOrder.checkout(a.buyer.id, input(a.buyer), a.key)));
      // Their answers were lost (no stored response): the same keys come again, among 30 new buyers.
      const newcomers = buyers.slice(10, 40).map((b) => ({ buyer: b, key: randomUUID() }));
      const results = await Promise.all([...earlier, ...newcomers].map((a) => t.ctx.placeOrder.checkout(a.buyer.id, input(a.buyer), a.key)));
      expect(results.slice(0, 10).map((orders) => orders.map((o) => o.id))).toEqual(placed.map((orders) => orders.map((o) => o.id)));
      expect(results.slice(10).map((orders) => [orders.length, orders[0]!.id, orders[0]!.buyerId])).toEqual(
        newcomers.map((a) => [1, derivedId(`order:${a.buyer.id}:${a.key}:0`), a.buyer.id]),
      );
      expect(await stockOf(sku.id)).toBe(50 - 40);
      expect(await db().selectFrom('order_items').select(sql<number>`count(*)::int`.as('n')).where('sku_id', '=', sku.id).executeTakeFirstOrThrow()).toEqual({ n: 40 });
      expect(await transactionsOf(sku.id)).toBeLessThan(40);
    }, 60_000);

    it('in a rush each request is its own buyer’s: a logged-out buyer is 401, a key sent twice at once buys once, the rest get their orders', async () => {
      const sku = await flashSku(100);
      const [loggedOut, twice, ...others] = buyers.slice(0, 32);
      expect((await t.http.post('/auth/logout', undefined, { token: loggedOut!.token })).status).toBe(204);
      const key = randomUUID();
      const [out, again1, again2, ...rest] = await Promise.all([
        checkout(loggedOut!, sku.id, randomUUID()),
        checkout(twice!, sku.id, key),
        checkout(twice!, sku.id, key),
        ...others.map((b) => checkout(b, sku.id, randomUUID())),
      ]);
      expect([out!.status, out!.body.code]).toEqual([401, 'UNAUTHENTICATED']);
      expect(rest.map((r) => [r.status, r.body.order?.buyerId])).toEqual(others.map((b) => [201, b.id]));
      // The same key at once: one of the two buys; the other waits for its answer and replays it.
      const pair = [again1!, again2!].map((r) => (r.status === 201 ? r.body.order.id : r.body.code));
      expect(pair).toEqual([derivedId(`order:${twice!.id}:${key}:0`), derivedId(`order:${twice!.id}:${key}:0`)]);
      expect(await stockOf(sku.id)).toBe(100 - 31);
      const mine = await db().selectFrom('orders').select('buyer_id').where('buyer_id', 'in', [loggedOut!.id, twice!.id]).execute();
      expect(mine.map((o) => o.buyer_id)).toEqual([twice!.id]);
    }, 60_000);

    it('a batch whose transaction fails is placed again one by one: only the failing request fails', async () => {
      const sku = await flashSku(100);
      const key = randomUUID();
      const [twice, ...others] = buyers.slice(0, 30);
      const input = (b: Buyer) => ({ items: [{ skuId: sku.id, quantity: 1 }], addressId: b.addressId });
      // The same buyer and key twice at once (as if the HTTP layer's claim were bypassed): both orders
      // would have the same id, so the batch they share cannot commit.
      const results = await Promise.allSettled([
        t.ctx.placeOrder.checkout(twice!.id, input(twice!), key),
        t.ctx.placeOrder.checkout(twice!.id, input(twice!), key),
        ...others.map((b) => t.ctx.placeOrder.checkout(b.id, input(b), randomUUID())),
      ]);
      const [a, b, ...rest] = results;
      expect(rest.map((r) => r.status)).toEqual(others.map(() => 'fulfilled'));
      expect([a!.status, b!.status].sort()).toEqual(['fulfilled', 'rejected']);
      expect(await stockOf(sku.id)).toBe(100 - 30);
      // Its retry finds the order the other one placed.
      const retried = await t.ctx.placeOrder.checkout(twice!.id, input(twice!), key);
      expect(retried[0]!.id).toBe(derivedId(`order:${twice!.id}:${key}:0`));
    }, 60_000);
  });
}
