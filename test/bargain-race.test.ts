/**
 * Races on a bargain with real parallel HTTP: helps queue on the
 * bargain's row lock, so each cut is applied once, to the price the last one left,
 * and the floor is never passed; a helper's daily limit holds across bargains too.
 * On PostgreSQL the requests really run at once (a pool of 20); PGlite serialises them.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, type GivenOperator, type GivenUser } from './support/given.js';

for (const kind of DATABASE_KINDS) {
  describe(`bargain races on ${kind}`, () => {
    let t: TestApp;
    let shop: GivenOperator;
    let helpers: GivenUser[];

    beforeAll(async () => {
      t = await startTestApp(kind, { poolSize: 20 });
      shop = await given.operator(t, await given.admin(t), { viaSms: false });
      helpers = [];
      for (let i = 0; i < 50; i += 10) helpers.push(...(await Promise.all(Array.from({ length: 10 }, () => given.user(t, { verify: 'phone', viaSms: false })))));
    }, 120_000);
    afterAll(async () => {
      await t?.close();
    });

    async function bargainOn(price: number, floor: number, maxHelpers: number) {
      const product = await given.product(t, shop, { skus: [{ name: '限时', price, stock: 100, bargainFloor: floor, maxHelpers }] });
      const owner = await given.user(t, { viaSms: false });
      const res = await t.http.post('/bargains', { skuId: product.skus[0].id }, { token: owner.token });
      expect(res.status, res.text).toBe(201);
      return res.body.bargain.id as string;
    }
    const helpAll = (id: string, who: GivenUser[]) =>
      Promise.all(who.map((h) => t.http.post(`/bargains/${id}/help`, undefined, { token: h.token, headers: { 'idempotency-key': randomUUID() } })));
    const storedHelps = async (id: string) =>
      (await sql<{ n: number; total: number }>`select count(*)::int as n, coalesce(sum(cut), 0)::int as total from bargain_helps where bargain_id = ${id}`.execute(t.ctx.database.db)).rows[0]!;

    it('50 helpers at once on N = 50: every help applied once, Σ cuts = price − current, and the 50th lands exactly on the floor', async () => {
      const id = await bargainOn(100_000, 20_000, 50);
      const results = await helpAll(id, helpers);
      expect(results.map((r) => r.status)).toEqual(helpers.map(() => 200));
      const bargain = (await t.http.get(`/bargains/${id}`)).body;
      const cuts = results.map((r) => r.body.cut as number);
      expect(cuts.every((c) => c >= 1)).toBe(true);
      expect(bargain.helpers).toBe(50);
      expect(bargain.helps).toHaveLength(50);
      expect(cuts.reduce((a, b) => a + b, 0)).toBe(100_000 - bargain.current);
      expect(await storedHelps(id)).toEqual({ n: 50, total: 100_000 - bargain.current });
      expect([bargain.current, bargain.remaining]).toEqual([20_000, 0]);
      // Each answer's `current` is a distinct step on the way down: no two helps saw the same price.
      expect(new Set(results.map((r) => r.body.current)).size).toBe(50);
      expect(Math.min(...results.map((r) => r.body.current))).toBe(bargain.current);
    }, 120_000);

    it('50 helpers at once on N = 10: exactly 10 succeed, the rest get 409 BARGAIN_AT_FLOOR, current = floor', async () => {
      const id = await bargainOn(5_000, 1_234, 10);
      const results = await helpAll(id, helpers);
      expect(results.filter((r) => r.status === 200)).toHaveLength(10);
      expect(results.filter((r) => r.status !== 200).map((r) => r.body.code)).toEqual(Array.from({ length: 40 }, () => 'BARGAIN_AT_FLOOR'));
      const bargain = (await t.http.get(`/bargains/${id}`)).body;
      expect([bargain.current, bargain.remaining, bargain.helpers]).toEqual([1_234, 0, 10]);
      expect(await storedHelps(id)).toEqual({ n: 10, total: 5_000 - 1_234 });
    }, 120_000);

    it('one helper on 15 bargains at once: exactly 10 helps count today, the rest 429 HELP_LIMIT_REACHED', async () => {
      const helper = await given.user(t, { verify: 'phone', viaSms: false });
      const ids: string[] = [];
      for (let i = 0; i < 15; i++) ids.push(await bargainOn(5_000, 1_000, 10));
      const results = await Promise.all(ids.map((id) => t.http.post(`/bargains/${id}/help`, undefined, { token: helper.token })));
      expect(results.filter((r) => r.status === 200)).toHaveLength(10);
      expect(results.filter((r) => r.status !== 200).map((r) => r.body.code)).toEqual(Array.from({ length: 5 }, () => 'HELP_LIMIT_REACHED'));
      const helped = await sql<{ n: number }>`select count(*)::int as n from bargain_helps where helper_id = ${helper.id}`.execute(t.ctx.database.db);
      expect(helped.rows[0]!.n).toBe(10);
    }, 120_000);
  });
}
