/**
 * Paying an order through the payment provider (issue 16 item 7): the sandbox provider
 * over real HTTP with signatures both ways; the webhook holds the money in escrow from
 * provider_clearing exactly as a wallet payment would; refunds go back through the
 * provider (or to the wallet when the buyer asks). After each test the books pass the
 * ledger check and the provider's money reconciles with the payments rows.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { providerMoneyProblems, signWebhook } from '../src/modules/payments/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import { disputeRig, PIN, PRICE, type Shop } from './support/disputes.js';
import { given, type GivenUser } from './support/given.js';

const key = () => ({ 'idempotency-key': randomUUID() });

for (const kind of DATABASE_KINDS) {
  describe(`orders paid through the provider on ${kind}`, () => {
    let t: TestApp;
    let admin: GivenUser;
    let shop: Shop;
    const rig = disputeRig(() => t, () => admin);
    const db = () => t.ctx.database.db;

    beforeAll(async () => {
      t = await startTestApp(kind, { poolSize: 20 });
      admin = await given.admin(t);
      shop = await rig.newShop(30_000);
    });
    beforeEach(async () => {
      admin = await given.admin(t);
    });
    afterEach(async () => {
      expect(await t.ctx.ledger.check(db())).toEqual([]);
      expect(await providerMoneyProblems(db(), t.ctx.ledger)).toEqual([]);
    });
    afterAll(async () => {
      await t?.close();
    });

    /** A buyer with an empty wallet and an unpaid order of one unit, and the provider payment it started. */
    async function startPayment(channel: 'wechat_pay' | 'alipay' = 'alipay') {
      const buyer = await given.user(t, { pin: PIN, viaSms: false });
      const addressId = await given.address(t, buyer);
      const placed = await t.http.post('/orders', { addressId, items: [{ skuId: shop.skuId, quantity: 1 }] }, { token: buyer.token, headers: key() });
      expect(placed.status, placed.text).toBe(201);
      const orderId = placed.body.order.id as string;
      const paying = await t.http.post(`/orders/${orderId}/pay`, { method: 'provider', channel, pin: PIN }, { token: buyer.token, headers: key() });
      expect(paying.status, paying.text).toBe(200);
      expect(paying.body.order.status).toBe('pending_payment');
      expect(paying.body.payment).toMatchObject({ status: 'pending', payUrl: `/api/v1/sandbox/pay/${paying.body.payment.id}` });
      return { buyer, orderId, paymentId: paying.body.payment.id as string };
    }
    async function paid(channel?: 'wechat_pay' | 'alipay') {
      const started = await startPayment(channel);
      const done = await t.http.post(`/sandbox/payments/${started.paymentId}/complete`);
      expect([done.status, done.body.payment?.status], done.text).toEqual([200, 'succeeded']);
      return started;
    }
    const order = async (buyer: GivenUser, id: string) => (await t.http.get(`/orders/${id}`, { token: await rig.login(buyer) })).body;
    const legs = async (orderId: string) => (await t.ctx.ledger.linesFor(db(), [orderId])).map((l) => [l.code, l.debitAccount, l.creditAccount, l.amount, l.status]);
    const sandboxRefunds = async (paymentId: string) => (await t.http.get(`/sandbox/provider/refunds?paymentId=${paymentId}`)).body.items as { amount: number }[];
    const refundRows = (orderId: string) => db().selectFrom('provider_refunds').select(['amount', 'status', 'attempts']).where('order_id', '=', orderId).orderBy('created_at').execute();
    function webhook(event: object, secret = t.ctx.config.paymentWebhookSecret) {
      const body = JSON.stringify(event);
      const timestamp = String(Math.floor(t.clock.now().getTime() / 1000));
      return t.http.post('/payments/webhook', undefined, { raw: body, headers: { 'content-type': 'application/json', 'x-provider-timestamp': timestamp, 'x-provider-signature': signWebhook(secret, timestamp, body) } });
    }

    it('the provider’s webhook pays the order: its total held in the buyer’s escrow from provider_clearing, the wallet untouched; a repeat moves nothing', async () => {
      const { buyer, orderId, paymentId } = await startPayment('wechat_pay');
      const page = await t.http.get(`/sandbox/pay/${paymentId}`);
      expect(page.status).toBe(200);
      expect(page.text).toContain('¥100.00');
      expect(page.text).toContain('确认支付');
      expect(page.text).toContain('微信支付');
      expect(await legs(orderId)).toEqual([]);

      expect((await t.http.post(`/sandbox/payments/${paymentId}/complete`)).body.payment.status).toBe('succeeded');
      expect((await t.http.post(`/sandbox/payments/${paymentId}/complete`)).status).toBe(200);
      expect((await webhook({ type: 'payment.succeeded', paymentId, amount: PRICE, providerRef: 'again' })).status).toBe(200);
      const view = await order(buyer, orderId);
      expect(view.status).toBe('paid');
      expect(await legs(orderId)).toEqual([['order_provider_payment', 'provider_clearing', 'platform_escrow', PRICE, 'pending']]);
      expect(await rig.wallet(buyer)).toEqual({ balance: 0, held: 0, incoming: 0 });
      // Then it goes on as any paid order: shipped, received, settled to the shop.
      await t.http.post(`/orders/${orderId}/ship`, { carrier: '顺丰速运', trackingNumber: 'SF1234567890' }, { token: shop.shop.owner.token, headers: key() });
      expect((await t.http.post(`/orders/${orderId}/confirm-receipt`, undefined, { token: await rig.login(buyer), headers: key() })).status).toBe(200);
      expect((await legs(orderId)).map((l) => l[0])).toEqual(['order_provider_payment', 'order_receipt', 'order_settlement', 'platform_fee']);
    });

    it('the webhook refuses a forged signature, a wrong amount and an unknown payment, and nothing moves', async () => {
      const { buyer, orderId, paymentId } = await startPayment();
      const event = { type: 'payment.succeeded', paymentId, amount: PRICE, providerRef: 'x' };
      const forged = await webhook(event, 'not-the-secret');
      expect([forged.status, forged.body.code]).toEqual([401, 'BAD_SIGNATURE']);
      const wrongAmount = await webhook({ ...event, amount: PRICE - 1 });
      expect([wrongAmount.status, wrongAmount.body.code]).toEqual([400, 'AMOUNT_MISMATCH']);
      expect((await webhook({ ...event, paymentId: 'no-such-payment' })).status).toBe(404);
      expect((await webhook({ ...event, amount: 'lots' })).status).toBe(400);
      expect((await order(buyer, orderId)).status).toBe('pending_payment');
      expect(await legs(orderId)).toEqual([]);
    });

    it('cancelling refunds through the provider (the sandbox records it), the wallet untouched', async () => {
      const { buyer, orderId, paymentId } = await paid();
      const cancelled = await t.http.post(`/orders/${orderId}/cancel`, undefined, { token: await rig.login(buyer), headers: key() });
      expect([cancelled.status, cancelled.body.order?.status], cancelled.text).toEqual([200, 'cancelled']);
      expect(await refundRows(orderId)).toEqual([{ amount: PRICE, status: 'succeeded', attempts: 1 }]);
      expect((await sandboxRefunds(paymentId)).map((r) => r.amount)).toEqual([PRICE]);
      expect(await rig.wallet(buyer)).toEqual({ balance: 0, held: 0, incoming: 0 });
      expect(await legs(orderId)).toEqual([
        ['order_provider_payment', 'provider_clearing', 'platform_escrow', PRICE, 'voided'],
        ['order_cancel_refund', 'provider_clearing', 'platform_escrow', PRICE, 'voided'],
      ]);
    });

    it('refundTo wallet: the money goes to the wallet instead, and the provider is not asked', async () => {
      const { buyer, orderId, paymentId } = await paid();
      const cancelled = await t.http.post(`/orders/${orderId}/cancel`, { refundTo: 'wallet' }, { token: await rig.login(buyer), headers: key() });
      expect(cancelled.status, cancelled.text).toBe(200);
      expect(await rig.wallet(buyer)).toEqual({ balance: PRICE, held: 0, incoming: 0 });
      expect(await refundRows(orderId)).toEqual([]);
      expect(await sandboxRefunds(paymentId)).toEqual([]);
      expect((await legs(orderId)).at(-1)).toEqual(['provider_refund_to_wallet', 'provider_clearing', 'user_wallet', PRICE, 'posted']);
    });

    it('a failed refund call loses nothing: the refund stays pending and the sweep sends it later', async () => {
      const { buyer, orderId, paymentId } = await paid();
      expect((await t.http.post('/sandbox/provider/outage', { refunds: 1 })).status).toBe(204);
      expect((await t.http.post(`/orders/${orderId}/cancel`, undefined, { token: await rig.login(buyer), headers: key() })).status).toBe(200);
      expect(await refundRows(orderId)).toEqual([{ amount: PRICE, status: 'pending', attempts: 1 }]);
      expect(await sandboxRefunds(paymentId)).toEqual([]);
      t.clock.advance(2 * 60_000);
      expect(await t.ctx.orderPayments.sendPendingRefunds()).toEqual({ sent: 1, failed: 0 });
      expect(await refundRows(orderId)).toEqual([{ amount: PRICE, status: 'succeeded', attempts: 2 }]);
      expect((await sandboxRefunds(paymentId)).map((r) => r.amount)).toEqual([PRICE]);
      expect(await t.ctx.orderPayments.sendPendingRefunds()).toEqual({ sent: 0, failed: 0 });
    });

    it('money that arrives after the order was cancelled goes straight back through the provider', async () => {
      const { buyer, orderId, paymentId } = await startPayment();
      expect((await t.http.post(`/orders/${orderId}/cancel`, undefined, { token: buyer.token, headers: key() })).status).toBe(200);
      expect((await t.http.post(`/sandbox/payments/${paymentId}/complete`)).body.payment.status).toBe('returned');
      expect((await sandboxRefunds(paymentId)).map((r) => r.amount)).toEqual([PRICE]);
      expect((await order(buyer, orderId)).status).toBe('cancelled');
      expect(await legs(orderId)).toEqual([]);
    });

    it('a dispute’s partial refund before receipt goes back through the provider for that part; the shop is settled the rest', async () => {
      const { buyer, orderId, paymentId } = await paid();
      await t.http.post(`/orders/${orderId}/ship`, { carrier: '顺丰速运', trackingNumber: 'SF1234567890' }, { token: shop.shop.owner.token, headers: key() });
      const dispute = await rig.opened(buyer, orderId, { claim: { refund: 3_000 } });
      const accepted = await rig.act(shop.shop.owner, dispute.id, 'respond', { accept: true });
      expect(accepted.status, accepted.text).toBe(200);
      expect((await sandboxRefunds(paymentId)).map((r) => r.amount)).toEqual([3_000]);
      expect(await refundRows(orderId)).toEqual([{ amount: 3_000, status: 'succeeded', attempts: 1 }]);
      expect(await rig.wallet(buyer)).toEqual({ balance: 0, held: 0, incoming: 0 });
      expect((await legs(orderId)).slice(0, 2)).toEqual([
        ['order_provider_payment', 'provider_clearing', 'platform_escrow', PRICE, 'posted'],
        ['order_receipt', 'provider_clearing', 'platform_escrow', PRICE - 3_000, 'posted'],
      ]);
    });

    it('a return after receipt refunds the whole total through the provider', async () => {
      const { buyer, orderId, paymentId } = await paid();
      await t.http.post(`/orders/${orderId}/ship`, { carrier: '顺丰速运', trackingNumber: 'SF1234567890' }, { token: shop.shop.owner.token, headers: key() });
      const token = await rig.login(buyer);
      expect((await t.http.post(`/orders/${orderId}/confirm-receipt`, undefined, { token, headers: key() })).status).toBe(200);
      expect((await t.http.post(`/orders/${orderId}/return`, { carrier: '顺丰速运', trackingNumber: 'SF0987654321' }, { token, headers: key() })).status).toBe(200);
      const confirmed = await t.http.post(`/orders/${orderId}/return/received`, undefined, { token: await rig.login(shop.shop.owner), headers: key() });
      expect(confirmed.status, confirmed.text).toBe(200);
      t.clock.advance(2 * 60_000);
      await t.ctx.orderPayments.sendPendingRefunds();
      expect((await sandboxRefunds(paymentId)).map((r) => r.amount)).toEqual([PRICE]);
      expect(await rig.wallet(buyer)).toEqual({ balance: 0, held: 0, incoming: 0 });
    });

    it('an after-sales partial refund after receipt goes back through the provider for that part, a second one for the rest', async () => {
      const { buyer, orderId, paymentId } = await paid();
      await t.http.post(`/orders/${orderId}/ship`, { carrier: '顺丰速运', trackingNumber: 'SF1234567890' }, { token: shop.shop.owner.token, headers: key() });
      const token = await rig.login(buyer);
      expect((await t.http.post(`/orders/${orderId}/confirm-receipt`, undefined, { token, headers: key() })).status).toBe(200);
      const owner = await rig.login(shop.shop.owner);
      for (const amount of [4_000, PRICE - 4_000]) {
        const asked = await t.http.post(`/orders/${orderId}/after-sales`, { type: 'refund_only', reason: 'quality_problem', amount }, { token, headers: key() });
        expect(asked.status, asked.text).toBe(201);
        const approved = await t.http.post(`/after-sales/${asked.body.request.id}/approve`, undefined, { token: owner, headers: key() });
        expect([approved.status, approved.body.request?.status]).toEqual([200, 'refunded']);
      }
      expect((await sandboxRefunds(paymentId)).map((r) => r.amount).sort()).toEqual([4_000, PRICE - 4_000].sort());
      expect(await rig.wallet(buyer)).toEqual({ balance: 0, held: 0, incoming: 0 });
      expect((await t.http.get(`/orders/${orderId}`, { token })).body.status).toBe('refunded');
    });

    it('a group that does not fill refunds its provider-paid member through the provider', async () => {
      const product = await given.product(t, shop.shop, { skus: [{ name: '单只', price: 5_900, stock: 10, groupPrice: 4_900, groupSize: 3 }] });
      const buyer = await given.user(t, { pin: PIN, viaSms: false });
      const addressId = await given.address(t, buyer);
      const opened = await t.http.post('/group-buys', { skuId: product.skus[0].id, quantity: 1, addressId }, { token: buyer.token, headers: key() });
      expect(opened.status, opened.text).toBe(201);
      const orderId = opened.body.order.id as string;
      const paying = await t.http.post(`/orders/${orderId}/pay`, { method: 'provider', pin: PIN }, { token: buyer.token, headers: key() });
      expect(paying.status, paying.text).toBe(200);
      const paymentId = paying.body.payment.id as string;
      expect((await t.http.post(`/sandbox/payments/${paymentId}/complete`)).body.payment.status).toBe('succeeded');
      t.clock.advance(25 * 60 * 60_000);
      expect((await t.ctx.groupBuyFlow.expireDue()).refunded).toBeGreaterThanOrEqual(1);
      // Inside the expiry's transaction the refund is queued; the job (here: the sweep) asks the provider.
      t.clock.advance(2 * 60_000);
      await t.ctx.orderPayments.sendPendingRefunds();
      expect((await sandboxRefunds(paymentId)).map((r) => r.amount)).toEqual([4_900]);
      expect(await rig.wallet(buyer)).toEqual({ balance: 0, held: 0, incoming: 0 });
      expect((await order(buyer, orderId)).status).toBe('cancelled');
    });

    it('bad input on the changed routes is a 4xx problem and changes nothing', async () => {
      const { buyer, orderId } = await startPayment();
      for (const body of [{ method: 'cash', pin: PIN }, { method: 'provider', channel: 'paypal', pin: PIN }, { method: 'provider' }, { method: ['provider'], pin: PIN }]) {
        const res = await t.http.post(`/orders/${orderId}/pay`, body, { token: buyer.token, headers: key() });
        expect([res.status, res.body.code], JSON.stringify(body)).toEqual([400, 'VALIDATION_FAILED']);
      }
      for (const body of [{ refundTo: 'bank' }, { refundTo: 'wallet', extra: 1 }]) {
        const res = await t.http.post(`/orders/${orderId}/cancel`, body, { token: buyer.token, headers: key() });
        expect([res.status, res.body.code], JSON.stringify(body)).toEqual([400, 'VALIDATION_FAILED']);
      }
      const unsigned = await t.http.post('/sandbox/provider/refunds', { refundId: 'x', paymentId: 'y', amount: 1 });
      expect([unsigned.status, unsigned.body.code]).toEqual([401, 'BAD_SIGNATURE']);
      expect((await t.http.get('/sandbox/pay/no-such-payment')).status).toBe(404);
      expect((await order(buyer, orderId)).status).toBe('pending_payment');
    });

    if (kind === 'postgres') {
      it('the webhook delivered twice at once holds the money once', async () => {
        for (let round = 0; round < 3; round++) {
          const { buyer, orderId, paymentId } = await startPayment();
          const event = { type: 'payment.succeeded', paymentId, amount: PRICE, providerRef: `race-${round}` };
          const answers = await Promise.all([webhook(event), webhook(event), webhook(event)]);
          expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
          expect((await order(buyer, orderId)).status).toBe('paid');
          expect((await legs(orderId)).filter((l) => l[0] === 'order_provider_payment')).toHaveLength(1);
        }
      });
    }
  });
}
