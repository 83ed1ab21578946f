/**
 * DELETE /me racing checkouts of the same buyer (R4): erasure locks the
 * user row before it looks for open orders, and every order's transaction holds its
 * buyer's row, so the two take turns. Either the order is placed first and the erasure
 * is refused (409 OPEN_ORDERS), or the erasure wins and the checkout is refused (401,
 * or 400 if it reaches the erased address first);
 * never an order for an erased account. Other buyers' checkouts of the same SKU run at
 * the same moment, so the batched path (a shared transaction) is raced as well as the
 * plain one. An after-sales request on a completed order races the erasure the same way
 * (the request holds the buyer's row; the erasure checks OPEN_AFTER_SALES under its lock).
 * On PostgreSQL the requests really run at once; PGlite serialises them.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../src/lib/clock.js';
import { startTestApp, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, type GivenUser } from './support/given.js';

const ROUNDS = 8;
const OTHERS = 3;

for (const kind of DATABASE_KINDS) {
  describe(`erasure racing checkout on ${kind}`, () => {
    let t: TestApp;
    let skuId: string;
    let shop: Awaited<ReturnType<typeof given.operator>>;

    beforeAll(async () => {
      t = await startTestApp(kind, { poolSize: 20 });
      shop = await given.operator(t, await given.admin(t), { viaSms: false });
      skuId = (await given.product(t, shop, { skus: [{ name: '标准', price: 9_900, stock: 500 }] })).skus[0].id;
    });
    afterAll(async () => {
      await t?.close();
    });

    const withAddress = async (): Promise<GivenUser & { addressId: string }> => {
      const user = await given.user(t, { viaSms: false });
      return { ...user, addressId: await given.address(t, user) };
    };
    const checkout = (u: GivenUser & { addressId: string }) =>
      t.http.post('/orders', { addressId: u.addressId, items: [{ skuId, quantity: 1 }] }, { token: u.token, headers: { 'idempotency-key': randomUUID() } });

    it('the erasure and the order take turns: exactly one of them goes through, and no erased account has an order', async () => {
      for (let round = 0; round < ROUNDS; round++) {
        const leaving = await withAddress();
        const others = await Promise.all(Array.from({ length: OTHERS }, withAddress));
        const [erased, ordered, ...rest] = await Promise.all([t.http.delete('/me', { password: leaving.password }, { token: leaving.token }), checkout(leaving), ...others.map(checkout)]);
        expect(rest.map((r) => r.status)).toEqual(others.map(() => 201));
        const outcome = `erasure ${erased.status} ${erased.body?.code ?? ''} / order ${ordered.status} ${ordered.body?.code ?? ''}`.replace(/ +/g, ' ').trim();
        // The erasure first: the checkout meets a revoked session, an erased address or an erased buyer, and places nothing.
        const refusedAfterErasure = ['erasure 200 / order 401 UNAUTHENTICATED', 'erasure 200 / order 400 VALIDATION_FAILED'];
        expect([...refusedAfterErasure, 'erasure 409 OPEN_ORDERS / order 201'], outcome).toContain(outcome);
      }
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from orders o join users u on u.id = o.buyer_id where u.erased_at is not null`.execute(t.ctx.database.db);
      expect(rows[0]!.n).toBe(0);
    }, 120_000);

    it('the erasure and an after-sales request on a completed order take turns: no erased account has an open request', async () => {
      const key = () => ({ 'idempotency-key': randomUUID() });
      const buyers = await Promise.all(
        Array.from({ length: ROUNDS }, async () => {
          const user = await given.user(t, { pin: '258036', viaSms: false });
          await given.funds(t, user, 9_900);
          const placed = await t.http.post('/orders', { addressId: await given.address(t, user), items: [{ skuId, quantity: 1 }] }, { token: user.token, headers: key() });
          const orderId = placed.body.order.id as string;
          expect((await t.http.post(`/orders/${orderId}/pay`, { pin: '258036' }, { token: user.token, headers: key() })).status).toBe(200);
          expect((await t.http.post(`/orders/${orderId}/ship`, { carrier: '顺丰速运', trackingNumber: 'SF1234567890' }, { token: shop.owner.token, headers: key() })).status).toBe(200);
          expect((await t.http.post(`/orders/${orderId}/confirm-receipt`, undefined, { token: user.token, headers: key() })).status).toBe(200);
          return { user, orderId };
        }),
      );
      // Completed: only the open request itself can block the erasure now.
      t.clock.advance(9 * DAY);
      await t.ctx.orderTimers.sweep();
      for (const { user, orderId } of buyers) {
        const token = (await t.http.post('/auth/login', { phone: user.phone, password: user.password })).body.token as string;
        const [erased, asked] = await Promise.all([
          t.http.delete('/me', { password: user.password }, { token }),
          t.http.post(`/orders/${orderId}/after-sales`, { type: 'exchange', reason: 'quality_problem' }, { token, headers: key() }),
        ]);
        const outcome = `erasure ${erased.status} ${erased.body?.code ?? ''} / request ${asked.status}`;
        expect(['erasure 200  / request 401', 'erasure 409 OPEN_AFTER_SALES / request 201'], outcome).toContain(outcome);
      }
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from after_sales a join users u on u.id = a.buyer_id where u.erased_at is not null`.execute(t.ctx.database.db);
      expect(rows[0]!.n).toBe(0);
    }, 120_000);
  });
}
