/** Orders, payment and escrow through the HTTP API, on both databases; the books are checked after each test. */
import { randomUUID } from 'node:crypto';
import * as OTPAuth from 'otpauth';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DAY, MINUTE } from '../src/lib/clock.js';
import { startTestApp, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, type GivenOperator, type GivenUser } from './support/given.js';

const PIN = '258036';

for (const kind of DATABASE_KINDS) {
  describe(`orders on ${kind}`, () => {
    let t: TestApp;
    let admin: GivenUser;
    let shop: GivenOperator;
    let product: any;

    beforeAll(async () => {
      t = await startTestApp(kind, { poolSize: 20 });
    });
    beforeEach(async () => {
      admin = await given.admin(t);
      shop = await given.operator(t, admin);
      product = await given.product(t, shop, {
        skus: [
          { name: '小号', price: 3_900, stock: 10 },
          { name: '大号', price: 12_900, stock: 3 },
        ],
        addOns: [{ title: '礼盒', price: 500 }, { title: '贺卡', price: 200 }],
      });
    });
    afterEach(async () => {
      expect(await t.ctx.ledger.check(t.ctx.database.db)).toEqual([]);
    });
    afterAll(async () => {
      await t?.close();
    });

    const stockOf = async (skuIndex: number) => (await t.http.get(`/products/${product.id}`)).body.skus[skuIndex].stock;
    async function buyer(funds = 100_000): Promise<GivenUser & { addressId: string }> {
      const user = await given.user(t, { pin: PIN, viaSms: false });
      if (funds > 0) await given.funds(t, user, funds);
      return { ...user, addressId: await given.address(t, user) };
    }
    const checkout = (user: GivenUser & { addressId: string }, body: Record<string, unknown>) =>
      t.http.post('/orders', { addressId: user.addressId, ...body }, { token: user.token, headers: { 'idempotency-key': randomUUID() } });
    const pay = (user: GivenUser, orderId: string, body: Record<string, unknown> = { pin: PIN }) =>
      t.http.post(`/orders/${orderId}/pay`, body, { token: user.token, headers: { 'idempotency-key': randomUUID() } });
    const wallet = async (user: GivenUser) => (await t.http.get('/wallet', { token: user.token })).body;

    it('an order holds exactly what was listed (R7): items × quantity plus each chosen add-on once; stock is taken', async () => {
      const b = await buyer();
      const [small, large] = product.skus;
      const res = await checkout(b, { items: [{ skuId: small.id, quantity: 2 }, { skuId: large.id, quantity: 1 }], addOnIds: [product.addOns[1].id] });
      expect(res.status).toBe(201);
      expect(res.body.order).toMatchObject({ status: 'pending_payment', total: 2 * 3_900 + 12_900 + 200, operatorId: shop.id });
      expect(res.body.order.addOns).toEqual([expect.objectContaining({ title: '贺卡', price: 200 })]);
      expect(res.body.order.items.map((i: any) => [i.skuName, i.quantity, i.unitPrice])).toEqual(
        expect.arrayContaining([['小号', 2, 3_900], ['大号', 1, 12_900]]),
      );
      expect([await stockOf(0), await stockOf(1)]).toEqual([8, 2]);
      // No add-on unless listed.
      const plain = await checkout(b, { items: [{ skuId: small.id, quantity: 1 }] });
      expect([plain.body.order.total, plain.body.order.addOns]).toEqual([3_900, []]);
    });

    it('a cart across two shops becomes one order per shop', async () => {
      const other = await given.operator(t, admin, { shopName: '第二家店' });
      const otherProduct = await given.product(t, other, { skus: [{ name: '一件', price: 1_000, stock: 5 }] });
      const b = await buyer();
      const res = await checkout(b, { items: [{ skuId: product.skus[0].id, quantity: 1 }, { skuId: otherProduct.skus[0].id, quantity: 3 }] });
      expect(res.status).toBe(201);
      expect(res.body.orders.map((o: any) => [o.operatorId, o.total]).sort()).toEqual([[other.id, 3_000], [shop.id, 3_900]].sort());
    });

    it('refuses what cannot be bought: not enough stock, unknown SKUs and add-ons, another’s address — and takes nothing', async () => {
      const b = await buyer();
      const out = await checkout(b, { items: [{ skuId: product.skus[0].id, quantity: 1 }, { skuId: product.skus[1].id, quantity: 4 }] });
      expect([out.status, out.body.code]).toEqual([409, 'OUT_OF_STOCK']);
      expect([await stockOf(0), await stockOf(1)]).toEqual([10, 3]);
      expect((await checkout(b, { items: [{ skuId: 'nope', quantity: 1 }] })).body.errors[0].path).toBe('/body/items/0/skuId');
      const foreignAddOn = (await given.product(t, shop, { addOns: [{ title: '别的', price: 100 }] })).addOns[0].id;
      expect((await checkout(b, { items: [{ skuId: product.skus[0].id, quantity: 1 }], addOnIds: [foreignAddOn] })).body.errors[0].path).toBe('/body/addOnIds/0');
      const other = await buyer(0);
      const res = await t.http.post('/orders', { addressId: other.addressId, items: [{ skuId: product.skus[0].id, quantity: 1 }] }, { token: b.token });
      expect([res.status, res.body.errors[0].path]).toEqual([400, '/body/addressId']);
      expect(await stockOf(0)).toBe(10);
    });

    it('pay: identity, PIN and funds are checked; the money is held in escrow once', async () => {
      const b = await buyer(20_000);
      const order = (await checkout(b, { items: [{ skuId: product.skus[1].id, quantity: 1 }] })).body.order;
      const wrong = await pay(b, order.id, { pin: '999111' });
      expect([wrong.status, wrong.body.code, wrong.body.remainingTries]).toEqual([401, 'BAD_PIN', 4]);
      const paid = await pay(b, order.id);
      expect(paid.status).toBe(200);
      expect(paid.body.order).toMatchObject({ status: 'paid' });
      expect(await wallet(b)).toEqual({ balance: 20_000 - 12_900, held: 12_900, incoming: 0 });
      const again = await pay(b, order.id);
      expect([again.status, again.body.code]).toEqual([409, 'ORDER_NOT_PAYABLE']);
      expect(await wallet(b)).toEqual({ balance: 7_100, held: 12_900, incoming: 0 });

      const poor = await buyer(1_000);
      const order2 = (await checkout(poor, { items: [{ skuId: product.skus[0].id, quantity: 1 }] })).body.order;
      const broke = await pay(poor, order2.id);
      expect([broke.status, broke.body.code]).toEqual([402, 'INSUFFICIENT_FUNDS']);
      expect((await t.http.get(`/orders/${order2.id}`, { token: poor.token })).body.status).toBe('pending_payment');

      const unverified = { ...(await given.user(t, { verify: 'phone' })) };
      const addressId = await given.address(t, unverified);
      const order3 = (await checkout({ ...unverified, addressId }, { items: [{ skuId: product.skus[0].id, quantity: 1 }] })).body.order;
      const noId = await pay(unverified, order3.id);
      expect([noId.status, noId.body.code]).toEqual([403, 'IDENTITY_REQUIRED']);
    });

    it('above the step-up threshold a payment needs an authenticator code (D4)', async () => {
      const b = await buyer(500_000);
      const big = await given.product(t, shop, { skus: [{ name: '整套', price: 250_000, stock: 2 }] });
      const order = (await checkout(b, { items: [{ skuId: big.skus[0].id, quantity: 1 }] })).body.order;
      const noFactor = await pay(b, order.id);
      expect([noFactor.status, noFactor.body.code, noFactor.body.methods]).toEqual([401, 'STEP_UP_REQUIRED', []]);
      const enrol = await t.http.post('/me/totp', undefined, { token: b.token });
      const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(enrol.body.secret), digits: 6, period: 30 });
      await t.http.post('/me/totp/verify', { code: totp.generate({ timestamp: t.clock.now().getTime() }) }, { token: b.token });
      t.clock.advance(30_000);
      expect((await pay(b, order.id)).body.methods).toEqual(['totp']);
      const wrongCode = await pay(b, order.id, { pin: PIN, totp: '000000' });
      expect(wrongCode.body.code).toBe('INVALID_TOTP');
      const ok = await pay(b, order.id, { pin: PIN, totp: totp.generate({ timestamp: t.clock.now().getTime() }) });
      expect([ok.status, ok.body.order?.status]).toEqual([200, 'paid']);
    });

    it('ship → confirm receipt releases escrow to the operator less the platform fee', async () => {
      const b = await buyer(50_000);
      const order = (await checkout(b, { items: [{ skuId: product.skus[1].id, quantity: 2 }] })).body.order;
      await pay(b, order.id);
      const early = await t.http.post(`/orders/${order.id}/confirm-receipt`, undefined, { token: b.token });
      expect([early.status, early.body.code]).toEqual([409, 'ORDER_STATE_CONFLICT']);
      const stranger = await given.user(t);
      expect((await t.http.post(`/orders/${order.id}/ship`, { carrier: '顺丰速运', trackingNumber: 'SF1234567890' }, { token: stranger.token })).status).toBe(404);
      const shipped = await t.http.post(`/orders/${order.id}/ship`, { carrier: '顺丰速运', trackingNumber: 'SF1234567890' }, { token: shop.owner.token });
      expect(shipped.body.order).toMatchObject({ status: 'shipped', shipping: { carrier: '顺丰速运', trackingNumber: 'SF1234567890' } });
      const received = await t.http.post(`/orders/${order.id}/confirm-receipt`, undefined, { token: b.token });
      expect(received.body.order.status).toBe('received');
      expect(await wallet(b)).toEqual({ balance: 50_000 - 25_800, held: 0, incoming: 0 });
      const fee = Math.floor((25_800 * t.ctx.config.platformFeeBps) / 10_000);
      const receivable = await t.ctx.ledger.balanceOf(t.ctx.database.db, 'operator_receivable', shop.id);
      expect(receivable.available).toBe(25_800 - fee);
      expect(received.body.order.timeline.map((e: any) => e.type)).toEqual(['created', 'paid', 'shipped', 'received']);
      // The statement: one line per payment, ended as posted, newest first — not a second charge for the receipt.
      const statement = (await t.http.get('/wallet/transfers', { token: b.token })).body.items;
      expect(statement.map((l: any) => [l.code, l.amount, l.state])).toEqual([['order_payment', -25_800, 'posted'], ['top_up', 50_000, 'posted']]);
    });

    it('cancel before shipping voids the hold and returns the stock; after shipping it is refused', async () => {
      const b = await buyer(30_000);
      const order = (await checkout(b, { items: [{ skuId: product.skus[0].id, quantity: 3 }] })).body.order;
      await pay(b, order.id);
      expect(await stockOf(0)).toBe(7);
      const cancelled = await t.http.post(`/orders/${order.id}/cancel`, undefined, { token: b.token });
      expect(cancelled.body.order.status).toBe('cancelled');
      expect(await wallet(b)).toEqual({ balance: 30_000, held: 0, incoming: 0 });
      expect(await stockOf(0)).toBe(10);
      const statement = (await t.http.get('/wallet/transfers', { token: b.token })).body.items;
      expect(statement[0]).toMatchObject({ code: 'order_payment', amount: -11_700, state: 'released' });

      const second = (await checkout(b, { items: [{ skuId: product.skus[0].id, quantity: 1 }] })).body.order;
      await pay(b, second.id);
      await t.http.post(`/orders/${second.id}/ship`, { carrier: '中通', trackingNumber: 'ZT000111222' }, { token: shop.owner.token });
      const late = await t.http.post(`/orders/${second.id}/cancel`, undefined, { token: b.token });
      expect([late.status, late.body.code]).toEqual([409, 'ORDER_STATE_CONFLICT']);
    });

    it('timers: unpaid orders expire after 30 minutes; receipt is automatic 10 days after shipping; orders complete after the return window', async () => {
      const b = await buyer(50_000);
      const unpaid = (await checkout(b, { items: [{ skuId: product.skus[0].id, quantity: 4 }] })).body.order;
      const shippedOrder = (await checkout(b, { items: [{ skuId: product.skus[1].id, quantity: 1 }] })).body.order;
      await pay(b, shippedOrder.id);
      await t.http.post(`/orders/${shippedOrder.id}/ship`, { carrier: '圆通', trackingNumber: 'YT998877665' }, { token: shop.owner.token });

      t.clock.advance(29 * MINUTE);
      await t.ctx.orderTimers.sweep();
      expect((await t.http.get(`/orders/${unpaid.id}`, { token: b.token })).body.status).toBe('pending_payment');
      t.clock.advance(2 * MINUTE);
      await t.ctx.orderTimers.sweep();
      expect((await t.http.get(`/orders/${unpaid.id}`, { token: b.token })).body.status).toBe('cancelled');
      expect(await stockOf(0)).toBe(10);

      t.clock.advance(10 * DAY);
      const fresh = await t.http.post('/auth/login', { phone: b.phone, password: b.password });
      const token = fresh.body.token;
      await t.ctx.orderTimers.sweep();
      const auto = (await t.http.get(`/orders/${shippedOrder.id}`, { token })).body;
      expect(auto.status).toBe('received');
      expect(auto.timeline.at(-1).type).toBe('receipt_auto_confirmed');
      // The return window runs to midnight (Beijing) after the 7th day following receipt.
      t.clock.advance(8 * DAY);
      await t.ctx.orderTimers.sweep();
      const relogin = await t.http.post('/auth/login', { phone: b.phone, password: b.password });
      expect((await t.http.get(`/orders/${shippedOrder.id}`, { token: relogin.body.token })).body.status).toBe('completed');
    });

    /** An order paid, shipped and received now; returns the buyer with a fresh session. */
    async function receivedOrder(productOverrides: Record<string, unknown> = {}, checkoutOverrides: Record<string, unknown> = {}) {
      const item = Object.keys(productOverrides).length > 0 ? await given.product(t, shop, productOverrides) : product;
      const b = await buyer(50_000);
      const order = (await checkout(b, { items: [{ skuId: item.skus[0].id, quantity: 1 }], ...checkoutOverrides })).body.order;
      await pay(b, order.id);
      await t.http.post(`/orders/${order.id}/ship`, { carrier: '顺丰速运', trackingNumber: 'SF5550001111' }, { token: shop.owner.token });
      await t.http.post(`/orders/${order.id}/confirm-receipt`, undefined, { token: b.token });
      return { b, order, item };
    }
    const sendBack = (b: GivenUser, orderId: string) => t.http.post(`/orders/${orderId}/return`, { carrier: '京东快递', trackingNumber: 'JD0001112223' }, { token: b.token });

    it('R9/R10: a returnable order goes back within the window and the buyer is refunded in full when the operator confirms', async () => {
      const { b, order } = await receivedOrder();
      const fee = Math.floor((order.total * t.ctx.config.platformFeeBps) / 10_000);
      expect((await t.ctx.ledger.balanceOf(t.ctx.database.db, 'operator_receivable', shop.id)).available).toBe(order.total - fee);
      t.clock.advance(6 * DAY);
      const fresh = (await t.http.post('/auth/login', { phone: b.phone, password: b.password })).body.token;
      const returning = await t.http.post(`/orders/${order.id}/return`, { carrier: '京东快递', trackingNumber: 'JD0001112223' }, { token: fresh });
      expect(returning.body.order.status).toBe('returning');
      const owner = (await t.http.post('/auth/login', { phone: shop.owner.phone, password: shop.owner.password })).body.token;
      const refunded = await t.http.post(`/orders/${order.id}/return/received`, undefined, { token: owner });
      expect(refunded.body.order.status).toBe('refunded');
      expect((await t.http.get('/wallet', { token: fresh })).body).toEqual({ balance: 50_000, held: 0, incoming: 0 });
      expect((await t.ctx.ledger.balanceOf(t.ctx.database.db, 'operator_receivable', shop.id)).available).toBe(0);
      expect(await stockOf(0)).toBe(10);
    });

    it('R9: no return after the window, for goods excluded by nature, or excluded by the buyer’s confirmation', async () => {
      const fresh = await receivedOrder({ category: 'fresh', title: '草莓', skus: [{ name: '2 斤', price: 5_000, stock: 5 }] });
      const perishable = await sendBack(fresh.b, fresh.order.id);
      expect([perishable.status, perishable.body.code]).toEqual([409, 'RETURN_NOT_ALLOWED']);

      const beautySku = { category: 'beauty', title: '精华液', skus: [{ name: '30ml', price: 6_000, stock: 5 }] };
      const confirmed = await receivedOrder(beautySku, { confirmReturnExclusion: true });
      expect((await sendBack(confirmed.b, confirmed.order.id)).body.code).toBe('RETURN_NOT_ALLOWED');
      const notConfirmed = await receivedOrder(beautySku);
      expect((await sendBack(notConfirmed.b, notConfirmed.order.id)).body.order.status).toBe('returning');

      // Last, as it moves the clock past everyone's sessions.
      const late = await receivedOrder();
      t.clock.advance(8 * DAY + MINUTE);
      const token = (await t.http.post('/auth/login', { phone: late.b.phone, password: late.b.password })).body.token;
      const closed = await t.http.post(`/orders/${late.order.id}/return`, { carrier: '京东快递', trackingNumber: 'JD0001112223' }, { token });
      expect([closed.status, closed.body.code]).toEqual([409, 'RETURN_NOT_ALLOWED']);
    });

    it('R10: a return the operator ignores for 7 days is refunded automatically', async () => {
      const { b, order } = await receivedOrder();
      await sendBack(b, order.id);
      t.clock.advance(7 * DAY - MINUTE);
      await t.ctx.orderTimers.sweep();
      const token = (await t.http.post('/auth/login', { phone: b.phone, password: b.password })).body.token;
      expect((await t.http.get(`/orders/${order.id}`, { token })).body.status).toBe('returning');
      t.clock.advance(2 * MINUTE);
      expect((await t.ctx.orderTimers.sweep()).autoRefunded).toBeGreaterThanOrEqual(1);
      const after = (await t.http.get(`/orders/${order.id}`, { token })).body;
      expect([after.status, after.timeline.at(-1).type]).toEqual(['refunded', 'return_refunded_automatically']);
      expect((await t.http.get('/wallet', { token })).body.balance).toBe(50_000);
    });

    it('the operator sees the address of an open order, the read is logged, and only a masked form before payment and once it is closed', async () => {
      const MASKED = { recipient: '王**', phone: '139****5678', region: '北京市', line: '', masked: true };
      const b = await buyer(20_000);
      const order = (await checkout(b, { items: [{ skuId: product.skus[0].id, quantity: 1 }] })).body.order;
      expect((await t.http.get(`/orders/${order.id}/shipping-address`, { token: shop.owner.token })).body.address).toEqual(MASKED);
      await pay(b, order.id);
      const open = await t.http.get(`/orders/${order.id}/shipping-address`, { token: shop.owner.token });
      expect(open.body.address).toMatchObject({ recipient: '王收货', line: '建国路 1 号 2 单元 301', masked: false });
      const log = await t.http.get('/me/access-log', { token: b.token });
      expect(log.body.items[0]).toMatchObject({ actorId: shop.owner.id, fields: ['address'], purpose: `ship order ${order.id}` });
      expect((await t.http.get(`/orders/${order.id}/shipping-address`, { token: b.token })).status).toBe(404);
      await t.http.post(`/orders/${order.id}/cancel`, undefined, { token: b.token });
      expect((await t.http.get(`/orders/${order.id}/shipping-address`, { token: shop.owner.token })).body.address).toEqual(MASKED);
      // Orders stay retrievable after closing (R4).
      expect((await t.http.get(`/operators/${shop.id}/orders`, { token: shop.owner.token })).body.items.map((o: any) => o.id)).toContain(order.id);
    });

    if (kind === 'postgres') {
      it('race: 200 buyers for 50 units → exactly 50 orders, the rest OUT_OF_STOCK, stock 0; all 50 pay', async () => {
        const limited = await given.product(t, shop, { skus: [{ name: '限量', price: 990, stock: 50 }] });
        const buyers: (GivenUser & { addressId: string })[] = [];
        for (let i = 0; i < 200; i += 20) buyers.push(...(await Promise.all(Array.from({ length: 20 }, () => buyer(990)))));
        const results = await Promise.all(buyers.map((b) => checkout(b, { items: [{ skuId: limited.skus[0].id, quantity: 1 }] })));
        const won = results.map((r, i) => [r, buyers[i]!] as const).filter(([r]) => r.status === 201);
        expect(won).toHaveLength(50);
        for (const r of results.filter((x) => x.status !== 201)) expect(r.body.code).toBe('OUT_OF_STOCK');
        expect((await t.http.get(`/products/${limited.id}`)).body.skus[0].stock).toBe(0);
        const paid = await Promise.all(won.map(([r, b]) => pay(b, r.body.order.id)));
        expect(paid.filter((p) => p.status === 200)).toHaveLength(50);
      }, 180_000);

      it('race: 20 parallel payments of one order with different keys → charged once', async () => {
        const b = await buyer(100_000);
        const order = (await checkout(b, { items: [{ skuId: product.skus[0].id, quantity: 1 }] })).body.order;
        const results = await Promise.all(Array.from({ length: 20 }, () => pay(b, order.id)));
        expect(results.filter((r) => r.status === 200)).toHaveLength(1);
        for (const r of results.filter((x) => x.status !== 200)) expect(r.body.code).toBe('ORDER_NOT_PAYABLE');
        expect(await wallet(b)).toEqual({ balance: 100_000 - 3_900, held: 3_900, incoming: 0 });
      });

      it('race: a void (cancel) and a post (receipt) of one hold over HTTP → exactly one wins, money moves once', async () => {
        for (let round = 0; round < 3; round++) {
          const b = await buyer(100_000);
          const order = (await checkout(b, { items: [{ skuId: product.skus[0].id, quantity: 1 }] })).body.order;
          await pay(b, order.id);
          // Cancelling is allowed until the parcel ships; shipping and receipt race the buyer's cancels.
          const cancels = Array.from({ length: 8 }, () => t.http.post(`/orders/${order.id}/cancel`, undefined, { token: b.token, headers: { 'idempotency-key': randomUUID() } }));
          const ship = t.http
            .post(`/orders/${order.id}/ship`, { carrier: '顺丰速运', trackingNumber: 'SF1234567890' }, { token: shop.owner.token, headers: { 'idempotency-key': randomUUID() } })
            .then(async (shipped) => (shipped.status === 200 ? t.http.post(`/orders/${order.id}/confirm-receipt`, undefined, { token: b.token, headers: { 'idempotency-key': randomUUID() } }) : shipped));
          const [received, ...cancelled] = await Promise.all([ship, ...cancels]);
          const cancelWins = cancelled.filter((r) => r.status === 200).length;
          expect(cancelWins + (received.status === 200 ? 1 : 0), `round ${round}`).toBe(1);
          for (const r of cancelled.filter((x) => x.status !== 200)) expect(r.body.code).toBe('ORDER_STATE_CONFLICT');
          const legs = (await t.ctx.ledger.transfersFor(t.ctx.database.db, order.id)).map((l) => l.kind);
          expect(legs.filter((k) => k === 'post' || k === 'void')).toHaveLength(1);
          expect(await wallet(b)).toEqual(cancelWins === 1 ? { balance: 100_000, held: 0, incoming: 0 } : { balance: 100_000 - 3_900, held: 0, incoming: 0 });
        }
      });
    }
  });
}
