/**
 * Reviews under real concurrency (PostgreSQL, a pool of 20; PGlite would serialise
 * them): 40 buyers review at once, on two products of one shop, and the product
 * aggregates (`product_ratings`) and the shop's day buckets (`operator_score_days`)
 * equal a recount of the reviews exactly; two reviews of one item sent at once give
 * one 201 and one 409 ALREADY_REVIEWED (the unique index decides); 20 helpful votes
 * at once count 20.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, type GivenOperator, type GivenUser } from './support/given.js';

const BUYERS = 40;

for (const kind of DATABASE_KINDS.filter((k) => k === 'postgres')) {
  describe(`review races on ${kind}`, () => {
    let t: TestApp;
    let shop: GivenOperator;
    let productIds: string[];
    let skuIds: string[];

    beforeAll(async () => {
      t = await startTestApp(kind, { poolSize: 20 });
      shop = await given.operator(t, await given.admin(t), { viaSms: false });
      const products = [await given.product(t, shop, { title: '并发评价商品甲', skus: [{ name: '甲', price: 100, stock: 500 }] }), await given.product(t, shop, { title: '并发评价商品乙', skus: [{ name: '乙', price: 100, stock: 500 }] })];
      productIds = products.map((p) => p.id);
      skuIds = products.map((p) => p.skus[0].id);
    }, 120_000);
    afterAll(async () => {
      await t?.close();
    });

    const key = () => ({ 'idempotency-key': randomUUID() });
    const review = (buyer: GivenUser, orderId: string, itemId: string, body: Record<string, unknown>) => t.http.post(`/orders/${orderId}/items/${itemId}/review`, body, { token: buyer.token, headers: key() });

    it(`${BUYERS} buyers review at once: the products' ratings and the shop's scores equal a recount`, async () => {
      const orders = [];
      for (let i = 0; i < BUYERS; i++) orders.push(await given.receivedOrder(t, shop, [skuIds[i % 2]!]));
      const answers = await Promise.all(
        orders.map((o, i) => review(o.buyer, o.orderId, o.itemIds[0]!, { rating: (i % 5) + 1, serviceRating: ((i + 2) % 5) + 1, deliveryRating: ((i + 4) % 5) + 1, text: `第 ${i} 条评价`, anonymous: i % 3 === 0 })),
      );
      expect(answers.map((a) => a.status)).toEqual(orders.map(() => 201));

      const db = t.ctx.database.db;
      const recount = await sql<{ product_id: string; count: number; sum: number; c1: number; c2: number; c3: number; c4: number; c5: number }>`
        select product_id, count(*)::int as count, sum(rating)::int as sum,
          count(*) filter (where rating = 1)::int as c1, count(*) filter (where rating = 2)::int as c2, count(*) filter (where rating = 3)::int as c3,
          count(*) filter (where rating = 4)::int as c4, count(*) filter (where rating = 5)::int as c5
        from reviews where product_id in (${sql.join(productIds)}) and hidden_at is null and deleted_at is null group by product_id order by product_id`.execute(db);
      const stored = await db.selectFrom('product_ratings').select(['product_id', 'count', 'sum', 'c1', 'c2', 'c3', 'c4', 'c5']).where('product_id', 'in', productIds).orderBy('product_id').execute();
      expect(stored).toEqual(recount.rows);
      expect(stored.map((r) => r.count)).toEqual([BUYERS / 2, BUYERS / 2]);

      const shopRecount = await sql<{ n: number; item: number; service: number; delivery: number }>`
        select count(*)::int as n, sum(rating)::int as item, sum(service_rating)::int as service, sum(delivery_rating)::int as delivery
        from reviews where operator_id = ${shop.id} and hidden_at is null and deleted_at is null`.execute(db);
      const buckets = await sql<{ n: number; item: number; service: number; delivery: number }>`
        select sum(n)::int as n, sum(item_sum)::int as item, sum(service_sum)::int as service, sum(delivery_sum)::int as delivery
        from operator_score_days where operator_id = ${shop.id}`.execute(db);
      expect(buckets.rows).toEqual(shopRecount.rows);
      const r = shopRecount.rows[0]!;
      const round = (n: number) => Math.round((n / r.n) * 10) / 10;
      expect((await t.http.get(`/operators/${shop.id}`)).body.scores).toEqual({ item: round(r.item), service: round(r.service), delivery: round(r.delivery), count: BUYERS });
    });

    it('two reviews of one item at once: one 201, one 409 ALREADY_REVIEWED, one row, counted once', async () => {
      for (let round = 0; round < 5; round++) {
        const { buyer, orderId, itemIds } = await given.receivedOrder(t, shop, [skuIds[0]!]);
        const before = (await t.http.get(`/products/${productIds[0]}`)).body.rating.count as number;
        const answers = await Promise.all([review(buyer, orderId, itemIds[0]!, { rating: 5, serviceRating: 5, deliveryRating: 5 }), review(buyer, orderId, itemIds[0]!, { rating: 1, serviceRating: 1, deliveryRating: 1 })]);
        expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
        expect(answers.find((a) => a.status === 409)!.body.code).toBe('ALREADY_REVIEWED');
        const rows = await t.ctx.database.db.selectFrom('reviews').select('rating').where('order_item_id', '=', itemIds[0]!).execute();
        expect(rows).toEqual([{ rating: answers.find((a) => a.status === 201)!.body.review.rating }]);
        expect((await t.http.get(`/products/${productIds[0]}`)).body.rating.count).toBe(before + 1);
      }
    });

    it('20 helpful votes at once count 20; each voter again changes nothing', async () => {
      const { buyer, orderId, itemIds } = await given.receivedOrder(t, shop, [skuIds[1]!]);
      const id = (await review(buyer, orderId, itemIds[0]!, { rating: 4, serviceRating: 4, deliveryRating: 4 })).body.review.id as string;
      const voters: GivenUser[] = [];
      for (let i = 0; i < 20; i++) voters.push(await given.user(t, { viaSms: false }));
      const vote = () => Promise.all(voters.map((v) => t.http.post(`/reviews/${id}/helpful`, undefined, { token: v.token })));
      expect((await vote()).every((a) => a.status === 200)).toBe(true);
      await vote();
      expect((await t.http.get(`/reviews/${id}`)).body.helpfulCount).toBe(20);
      const recount = await t.ctx.database.db.selectFrom('review_helpful').select((eb) => eb.fn.countAll<string>().as('n')).where('review_id', '=', id).executeTakeFirstOrThrow();
      expect(Number(recount.n)).toBe(20);
    });
  });
}
