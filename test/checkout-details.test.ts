/**
 * What the one-screen checkout needs of the server: which address was used last
 * (GET /me/addresses `lastUsedAt`), and short order numbers (API.md `GET /orders/:id` `number`, migration 0030): the
 * Beijing date, then a sequence; unique however many checkouts run at once, also
 * when the flash-sale batcher numbers a whole batch in one statement.
 */
import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as orderNumbersMigration from '../src/db/migrations/0030_order_numbers.js';
import { startTestApp, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, type GivenOperator, type GivenUser } from './support/given.js';

type Buyer = GivenUser & { addressId: string };

/** The calendar day in Beijing as yyyymmdd. */
const beijingDay = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 10).replaceAll('-', '');

for (const kind of DATABASE_KINDS) {
  describe(`checkout details on ${kind}`, () => {
    let t: TestApp;
    let shop: GivenOperator;
    let other: GivenOperator;

    beforeAll(async () => {
      t = await startTestApp(kind, { poolSize: 20 });
      const admin = await given.admin(t);
      shop = await given.operator(t, admin);
      other = await given.operator(t, admin, { shopName: '第二家店' });
    });
    afterEach(async () => {
      expect(await t.ctx.ledger.check(t.ctx.database.db)).toEqual([]);
    });
    afterAll(async () => {
      await t?.close();
    });

    async function buyers(n: number): Promise<Buyer[]> {
      return Promise.all(
        Array.from({ length: n }, async () => {
          const user = await given.user(t);
          return { ...user, addressId: await given.address(t, user) };
        }),
      );
    }
    const checkout = (b: Buyer, items: { skuId: string; quantity: number }[]) =>
      t.http.post('/orders', { items, addressId: b.addressId }, { token: b.token, headers: { 'idempotency-key': randomUUID() } });

    it('a number is the Beijing date then at least six digits, the same on every read, and its buyer finds the order by it', async () => {
      const sku = (await given.product(t, shop, { skus: [{ name: '一件', price: 1_000, stock: 10 }] })).skus[0] as { id: string };
      const [b, stranger] = await buyers(2);
      const first = await checkout(b!, [{ skuId: sku.id, quantity: 1 }]);
      const second = await checkout(b!, [{ skuId: sku.id, quantity: 1 }]);
      expect([first.status, second.status]).toEqual([201, 201]);
      const order = first.body.order;
      expect(order.number).toMatch(/^\d{14,20}$/);
      expect(order.number.slice(0, 8)).toBe(beijingDay(order.createdAt));
      expect(BigInt(second.body.order.number) > BigInt(order.number)).toBe(true);
      expect((await t.http.get(`/orders/${order.id}`, { token: b!.token })).body.number).toBe(order.number);

      const found = await t.http.get(`/orders?number=${order.number}`, { token: b!.token });
      expect(found.body.items.map((o: { id: string }) => o.id)).toEqual([order.id]);
      // Another buyer's number finds nothing; a number that is not digits is refused.
      expect((await t.http.get(`/orders?number=${order.number}`, { token: stranger!.token })).body.items).toEqual([]);
      const bad = await t.http.get('/orders?number=abc', { token: b!.token });
      expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    });

    it('checkouts at the same moment, batched and multi-shop, all get different numbers', async () => {
      const hot = (await given.product(t, shop, { skus: [{ name: '秒杀', price: 900, stock: 100 }] })).skus[0] as { id: string };
      const there = (await given.product(t, other, { skus: [{ name: '另一件', price: 500, stock: 100 }] })).skus[0] as { id: string };
      const crowd = await buyers(40);
      const answers = await Promise.all(
        crowd.map((b, i) => (i % 2 === 0 ? checkout(b, [{ skuId: hot.id, quantity: 1 }]) : checkout(b, [{ skuId: hot.id, quantity: 1 }, { skuId: there.id, quantity: 1 }]))),
      );
      expect(answers.map((a) => a.status)).toEqual(answers.map(() => 201));
      const numbers = answers.flatMap((a) => a.body.orders.map((o: { number: string }) => o.number));
      expect(numbers).toHaveLength(60);
      expect(new Set(numbers).size).toBe(60);
      // What was answered is what was stored.
      const rows = await t.ctx.database.db.selectFrom('orders').select('number').where('number', 'in', numbers).execute();
      expect(rows).toHaveLength(60);
    });

    it('migration 0030 numbers orders made before it in the order they were created, and new orders follow on', async () => {
      const sku = (await given.product(t, shop, { skus: [{ name: '一件', price: 1_000, stock: 10 }] })).skus[0] as { id: string };
      const [b] = await buyers(1);
      for (let i = 0; i < 3; i++) expect((await checkout(b!, [{ skuId: sku.id, quantity: 1 }])).status).toBe(201);
      // Back to before the migration (no column, no sequence), then run it again; later migrations stay applied.
      const db = t.ctx.database.db;
      await sql`alter table orders drop column number`.execute(db);
      await sql`drop sequence order_number_seq`.execute(db);
      // Migrations take any schema's handle (db/migrate.ts); the app's typed one is not assignable to Kysely<unknown>.
      await orderNumbersMigration.up(db as unknown as Kysely<unknown>);
      const rows = await db.selectFrom('orders').select(['number', 'created_at']).orderBy('created_at').orderBy('id').execute();
      expect(rows.map((r) => r.number)).toEqual(rows.map((r, i) => `${beijingDay(r.created_at.toISOString())}${String(i + 1).padStart(6, '0')}`));
      const next = await checkout(b!, [{ skuId: sku.id, quantity: 1 }]);
      expect(next.body.order.number.slice(8)).toBe(String(rows.length + 1).padStart(6, '0'));
    });

    it('the address book says when each address was last ordered to, so checkout can preselect it', async () => {
      const sku = (await given.product(t, shop, { skus: [{ name: '一件', price: 1_000, stock: 10 }] })).skus[0] as { id: string };
      const [b] = await buyers(1);
      const second = await given.address(t, b!);
      const before = await t.http.get('/me/addresses', { token: b!.token });
      expect(before.body.items.map((a: { lastUsedAt: string | null }) => a.lastUsedAt)).toEqual([null, null]);
      await checkout(b!, [{ skuId: sku.id, quantity: 1 }]);
      const placed = await t.http.post('/orders', { items: [{ skuId: sku.id, quantity: 1 }], addressId: second }, { token: b!.token, headers: { 'idempotency-key': randomUUID() } });
      const after = (await t.http.get('/me/addresses', { token: b!.token })).body.items as { id: string; lastUsedAt: string | null }[];
      const used = Object.fromEntries(after.map((a) => [a.id, a.lastUsedAt]));
      expect(used[second]).toBe(placed.body.order.createdAt);
      expect(Date.parse(used[b!.addressId]!)).toBeLessThanOrEqual(Date.parse(used[second]!));
    });
  });
}
