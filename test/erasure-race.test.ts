/**
 * DELETE /me racing checkouts of the same buyer (R4): erasure locks the
 * user row before it looks for open orders, and every order's transaction holds its
 * buyer's row, so the two take turns. Either the order is placed first and the erasure
 * is refused (409 OPEN_ORDERS), or the erasure wins and the checkout is refused (401,
 * or 400 if it reaches the erased address first);
 * never an order for an erased account. Other buyers' checkouts of the same SKU run at
 * the same moment, so the batched path (a shared transaction) is raced as well as the
 * plain one. On PostgreSQL the requests really run at once; PGlite serialises them.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, type GivenUser } from './support/given.js';

const ROUNDS = 8;
const OTHERS = 3;

for (const kind of DATABASE_KINDS) {
  describe(`erasure racing checkout on ${kind}`, () => {
    let t: TestApp;
    let skuId: string;

    beforeAll(async () => {
      t = await startTestApp(kind, { poolSize: 20 });
      const shop = await given.operator(t, await given.admin(t), { viaSms: false });
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
  });
}
