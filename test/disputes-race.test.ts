/**
 * The race at the 48-hour deadline the operator's acceptance and
 * the timer's automatic escalation fire at the same moment. Both lock the case row
 * first, so exactly one wins: either the claim is paid (once) and the timer finds the
 * case resolved, or the case goes to arbitration and the late acceptance is refused
 * with nothing paid. On PostgreSQL the two really run at once (a pool of 20); PGlite
 * serialises them.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HOUR } from '../src/lib/clock.js';
import { startTestApp, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, type GivenOperator } from './support/given.js';

const PIN = '258036';
const PRICE = 10_000;
const REFUND = 3_000;
const ROUNDS = 8;

for (const kind of DATABASE_KINDS) {
  describe(`dispute races on ${kind}`, () => {
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

    it('the operator accepting as the 48 h run out, against the automatic escalation: one outcome, money moved once', async () => {
      const outcomes = { accepted: 0, escalated: 0 };
      for (let round = 0; round < ROUNDS; round++) {
        const buyer = await given.user(t, { pin: PIN, viaSms: false });
        await given.funds(t, buyer, 50_000);
        const addressId = await given.address(t, buyer);
        const orderId = (await t.http.post('/orders', { addressId, items: [{ skuId, quantity: 1 }] }, { token: buyer.token, headers: key() })).body.order.id;
        await t.http.post(`/orders/${orderId}/pay`, { pin: PIN }, { token: buyer.token, headers: key() });
        const opened = await t.http.post('/disputes', { orderId, category: 'quality', claim: { refund: REFUND }, description: '有划痕' }, { token: buyer.token, headers: key() });
        expect(opened.status, opened.text).toBe(201);
        const id = opened.body.dispute.id as string;
        const owner = (await t.http.post('/auth/login', { phone: shop.owner.phone, password: shop.owner.password })).body.token;

        t.clock.advance(48 * HOUR);
        // The timer starts 0–30 ms after the request, so either may reach the case first.
        const timer = new Promise((resolve) => setTimeout(resolve, (round % 4) * 10)).then(() => t.ctx.disputes.sweep());
        const [answer] = await Promise.all([t.http.post(`/disputes/${id}/respond`, { accept: true }, { token: owner, headers: key() }), timer]);

        const dispute = (await t.http.get(`/disputes/${id}`, { token: buyer.token })).body;
        const transfers = await t.ctx.ledger.transfersFor(t.ctx.database.db, orderId);
        const wallet = (await t.http.get('/wallet', { token: buyer.token })).body;
        if (answer.status === 200) {
          outcomes.accepted++;
          expect(dispute).toMatchObject({ status: 'resolved', ruling: { by: 'operator', refund: REFUND } });
          expect(dispute.timeline.map((e: { type: string }) => e.type)).toEqual(['opened', 'accepted']);
          expect(wallet).toMatchObject({ balance: 50_000 - PRICE + REFUND, held: 0 });
          // The hold was posted once, for the part kept.
          expect(transfers.filter((x) => x.kind === 'post').map((x) => x.amount)).toEqual([PRICE - REFUND]);
        } else {
          outcomes.escalated++;
          expect([answer.status, answer.body.code]).toEqual([409, 'DISPUTE_STATE_CONFLICT']);
          expect(dispute).toMatchObject({ status: 'arbitration', ruling: null });
          expect(dispute.timeline.map((e: { type: string }) => e.type)).toEqual(['opened', 'escalated_automatically']);
          expect(wallet).toMatchObject({ balance: 50_000 - PRICE, held: PRICE });
          expect(transfers.filter((x) => x.kind !== 'pending')).toEqual([]);
        }
      }
      expect(outcomes.accepted + outcomes.escalated).toBe(ROUNDS);
    });
  });
}
