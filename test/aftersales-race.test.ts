/**
 * After-sales races (issue 17 item 11): the shop approving a refund-only request as its
 * 48 h run out, against the timer's automatic approval. Both lock the order, then the
 * request, so exactly one approves and the money moves once: the other finds the
 * request refunded (a 409 for the shop, nothing for the timer). And the same request
 * sent many times at once with different keys opens one request (one open request per
 * item, under the order's lock and a unique index). On PostgreSQL the requests really
 * run at once (a pool of 20); PGlite serialises them.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HOUR } from '../src/lib/clock.js';
import { startTestApp, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, type GivenOperator, type GivenUser } from './support/given.js';

const PIN = '258036';
const PRICE = 10_000;
const REFUND = 3_000;
const ROUNDS = 6;

for (const kind of DATABASE_KINDS) {
  describe(`after-sales races on ${kind}`, () => {
    let t: TestApp;
    let shop: GivenOperator;
    let skuId: string;

    beforeAll(async () => {
      t = await startTestApp(kind, { poolSize: 20 });
      shop = await given.operator(t, await given.admin(t), { viaSms: false });
      skuId = (await given.product(t, shop, { skus: [{ name: '标准', price: PRICE, stock: 50 }] })).skus[0].id;
    }, 120_000);
    afterEach(async () => {
      expect(await t.ctx.ledger.check(t.ctx.database.db)).toEqual([]);
    });
    afterAll(async () => {
      await t?.close();
    });

    const key = () => ({ 'idempotency-key': randomUUID() });
    async function paidOrder(): Promise<{ buyer: GivenUser; orderId: string }> {
      const buyer = await given.user(t, { pin: PIN, viaSms: false });
      await given.funds(t, buyer, 50_000);
      const addressId = await given.address(t, buyer);
      const orderId = (await t.http.post('/orders', { addressId, items: [{ skuId, quantity: 1 }] }, { token: buyer.token, headers: key() })).body.order.id as string;
      expect((await t.http.post(`/orders/${orderId}/pay`, { pin: PIN }, { token: buyer.token, headers: key() })).status).toBe(200);
      return { buyer, orderId };
    }

    it('the shop approving a refund-only request as the 48 h run out, against the automatic approval: refunded once', async () => {
      const winners = { shop: 0, timer: 0 };
      for (let round = 0; round < ROUNDS; round++) {
        const { buyer, orderId } = await paidOrder();
        const asked = await t.http.post(`/orders/${orderId}/after-sales`, { type: 'refund_only', reason: 'not_received', amount: REFUND }, { token: buyer.token, headers: key() });
        expect(asked.status, asked.text).toBe(201);
        const id = asked.body.request.id as string;
        const owner = (await t.http.post('/auth/login', { phone: shop.owner.phone, password: shop.owner.password })).body.token;

        t.clock.advance(48 * HOUR);
        const timer = new Promise((resolve) => setTimeout(resolve, (round % 3) * 10)).then(() => t.ctx.afterSalesFlow.sweep());
        const [answer] = await Promise.all([t.http.post(`/after-sales/${id}/approve`, undefined, { token: owner, headers: key() }), timer]);

        const request = (await t.http.get(`/after-sales/${id}`, { token: buyer.token })).body;
        expect(request).toMatchObject({ status: 'refunded', refunded: REFUND });
        const types = request.timeline.map((e: { type: string }) => e.type);
        if (answer.status === 200) {
          winners.shop++;
          expect(types).toEqual(['requested', 'approved', 'refunded']);
        } else {
          winners.timer++;
          expect([answer.status, answer.body.code]).toEqual([409, 'AFTER_SALE_STATE_CONFLICT']);
          expect(types).toEqual(['requested', 'approved_automatically', 'refunded']);
        }
        // The hold was posted once, for the part kept; the buyer got the refund once.
        const transfers = await t.ctx.ledger.transfersFor(t.ctx.database.db, orderId);
        expect(transfers.filter((x) => x.kind === 'post').map((x) => x.amount)).toEqual([PRICE - REFUND]);
        expect((await t.http.get('/wallet', { token: buyer.token })).body).toMatchObject({ balance: 50_000 - PRICE + REFUND, held: 0 });
        const order = await t.ctx.database.db.selectFrom('orders').select(['refunded']).where('id', '=', orderId).executeTakeFirstOrThrow();
        expect(order.refunded).toBe(REFUND);
      }
      expect(winners.shop + winners.timer).toBe(ROUNDS);
    });

    it('the same request sent ten times at once (different keys): one opens, the rest are told one is open', async () => {
      const { buyer, orderId } = await paidOrder();
      const answers = await Promise.all(
        Array.from({ length: 10 }, () => t.http.post(`/orders/${orderId}/after-sales`, { type: 'refund_only', reason: 'not_received' }, { token: buyer.token, headers: key() })),
      );
      expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
      expect(answers.filter((a) => a.status !== 201).map((a) => [a.status, a.body.code])).toEqual(Array.from({ length: 9 }, () => [409, 'AFTER_SALE_ALREADY_OPEN']));
      const rows = await t.ctx.database.db.selectFrom('after_sales').select('id').where('order_id', '=', orderId).execute();
      expect(rows).toHaveLength(1);
    });
  });
}
