/**
 * After-sales (售后; issue 17 items 7–9; R9, R10, D7) through the HTTP API on both
 * databases: the shop's return addresses; requests and every rule that refuses one
 * (R9 no-reason vs excluded goods vs a quality problem, the legal periods, amounts,
 * one open request per item, not during a dispute); every transition and deadline on
 * an injected clock; partial refunds capped by what is still refundable; the return
 * postage a faulty item's shop pays; exchange; withdraw; escalation into a dispute
 * with the whole history; the old POST /orders/:id/return shortcut. The books are
 * checked after each test (disputeSuite's afterEach).
 */
import { describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE } from '../src/lib/clock.js';
import { DATABASE_KINDS } from './support/databases.js';
import { disputeSuite, PRICE, type Shop } from './support/disputes.js';
import { given, pngImage, upload, type GivenUser } from './support/given.js';

const ADDRESS = { recipient: '王仓管', phone: '13900001111', region: '浙江省 杭州市 余杭区', line: '仓前街道 良睦路 1 号 退货仓' };
const SHIP = { carrier: '京东快递', trackingNumber: 'JD0001112223' };

for (const kind of DATABASE_KINDS) {
  describe(`after-sales on ${kind}`, () => {
    const { t, admin, db, key, login, newShop, order, wallet } = disputeSuite(kind);
    const owner = async (shop: Shop) => login(shop.shop.owner);
    const post = async (user: GivenUser, path: string, body?: unknown) => t().http.post(path, body, { token: await login(user), headers: key() });
    const get = async (user: GivenUser, path: string) => t().http.get(path, { token: await login(user) });
    const ask = (buyer: GivenUser, orderId: string, body: Record<string, unknown>) => post(buyer, `/orders/${orderId}/after-sales`, body);
    async function asked(buyer: GivenUser, orderId: string, body: Record<string, unknown>) {
      const res = await ask(buyer, orderId, body);
      expect(res.status, res.text).toBe(201);
      return res.body.request;
    }
    const act = (user: GivenUser, id: string, action: string, body?: unknown) => post(user, `/after-sales/${id}/${action}`, body);
    async function acted(user: GivenUser, id: string, action: string, body?: unknown) {
      const res = await act(user, id, action, body);
      expect(res.status, res.text).toBe(200);
      return res.body.request;
    }
    const addAddress = async (shop: Shop, body: Record<string, unknown> = ADDRESS) => t().http.post(`/operators/${shop.shop.id}/return-addresses`, body, { token: await owner(shop), headers: key() });
    /** A shop with a return address (and a deposit to fund refunds after settlement). */
    async function shopWithAddress(deposit = 0) {
      const shop = await newShop(deposit);
      expect((await addAddress(shop)).status).toBe(201);
      return shop;
    }
    const orderRow = (id: string) => db().selectFrom('orders').select(['status', 'refunded', 'total']).where('id', '=', id).executeTakeFirstOrThrow();
    const stock = async (shop: Shop) => (await db().selectFrom('skus').select('stock').where('id', '=', shop.skuId).executeTakeFirstOrThrow()).stock;
    const codesOf = async (reference: string) => (await t().ctx.ledger.transfersFor(db(), reference)).map((l) => l.code);

    it('return addresses: owner only, sealed in the vault, the first is the default, another made default, removed', async () => {
      const shop = await newShop();
      const stranger = await given.user(t(), { viaSms: false });
      expect((await t().http.post(`/operators/${shop.shop.id}/return-addresses`, ADDRESS, { token: stranger.token, headers: key() })).status).toBe(404);
      const bad = await addAddress(shop, { ...ADDRESS, phone: '12345' });
      expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      const first = (await addAddress(shop)).body.address;
      expect(first).toMatchObject({ ...ADDRESS, isDefault: true });
      const second = (await addAddress(shop, { ...ADDRESS, recipient: '李仓管' })).body.address;
      expect(second.isDefault).toBe(false);
      // Sealed: the plain phone is nowhere in the row the vault keeps.
      const sealed = await db().selectFrom('personal_data').select(['sealed', 'kind', 'subject_id']).where('id', '=', first.id).executeTakeFirstOrThrow();
      expect([sealed.kind, sealed.subject_id, sealed.sealed.includes(ADDRESS.phone)]).toEqual(['return_address', shop.shop.owner.id, false]);

      const made = await t().http.post(`/operators/${shop.shop.id}/return-addresses/${second.id}/default`, undefined, { token: await owner(shop), headers: key() });
      expect(made.body.address.isDefault).toBe(true);
      const patched = await t().http.request('PATCH', `/operators/${shop.shop.id}/return-addresses/${first.id}`, { line: '良睦路 2 号' }, { token: await owner(shop), headers: key() });
      expect(patched.body.address).toMatchObject({ line: '良睦路 2 号', isDefault: false, recipient: ADDRESS.recipient });
      const list = await t().http.get(`/operators/${shop.shop.id}/return-addresses`, { token: await owner(shop) });
      expect(list.body.items.map((a: { id: string; isDefault: boolean }) => [a.id, a.isDefault])).toEqual([
        [second.id, true],
        [first.id, false],
      ]);
      expect((await t().http.get(`/operators/${shop.shop.id}/return-addresses`, { token: stranger.token })).status).toBe(404);
      expect((await t().http.delete(`/operators/${shop.shop.id}/return-addresses/${second.id}`, undefined, { token: await owner(shop), headers: key() })).status).toBe(204);
      const after = (await t().http.get(`/operators/${shop.shop.id}/return-addresses`, { token: await owner(shop) })).body.items;
      expect(after.map((a: { id: string; isDefault: boolean }) => [a.id, a.isDefault])).toEqual([[first.id, true]]);
      // Never in the public storefront.
      expect(JSON.stringify((await t().http.get(`/operators/${shop.shop.id}`)).body)).not.toContain('良睦路');
    });

    it('refund only before shipping: the shop approves and the whole hold goes back at once; the order is refunded and the stock returns', async () => {
      const shop = await shopWithAddress();
      const { buyer, orderId } = await order(shop, 'paid');
      const before = await stock(shop);
      const stranger = await given.user(t(), { viaSms: false });
      expect((await ask(stranger, orderId, { type: 'refund_only', reason: 'not_received' })).status).toBe(404);
      const notYet = await ask(buyer, orderId, { type: 'return_refund', reason: 'quality_problem' });
      expect([notYet.status, notYet.body.code]).toEqual([409, 'AFTER_SALE_NOT_RECEIVED']);
      const request = await asked(buyer, orderId, { type: 'refund_only', reason: 'not_received', description: '一直没发货' });
      expect(request).toMatchObject({ status: 'requested', turn: 'shop', amount: PRICE, returnAddress: null, refunded: 0 });
      expect(new Date(request.deadline).getTime() - t().clock.now().getTime()).toBe(48 * HOUR);
      expect((await get(stranger, `/after-sales/${request.id}`)).status).toBe(404);
      // One open request per item.
      expect((await ask(buyer, orderId, { type: 'refund_only', reason: 'other' })).body.code).toBe('AFTER_SALE_ALREADY_OPEN');
      // Only the shop answers.
      expect((await act(buyer, request.id, 'approve')).status).toBe(404);

      const approved = await acted(shop.shop.owner, request.id, 'approve');
      expect(approved).toMatchObject({ status: 'refunded', turn: null, refunded: PRICE, deadline: null });
      expect(approved.timeline.map((e: { type: string; actor: string }) => [e.type, e.actor])).toEqual([
        ['requested', 'buyer'],
        ['approved', 'shop'],
        ['refunded', 'shop'],
      ]);
      expect(await wallet(buyer)).toMatchObject({ balance: 50_000, held: 0 });
      expect(await orderRow(orderId)).toEqual({ status: 'refunded', refunded: PRICE, total: PRICE });
      expect(await stock(shop)).toBe(before + 1);
      expect(await codesOf(orderId)).toContain('after_sale_refund');
      // The buyer was told.
      const told = await get(buyer, '/me/notifications');
      expect(told.body.items.map((n: { kind: string }) => n.kind)).toContain('after_sale.refunded');
    });

    it('two partial refunds after receipt are capped by what is still refundable; the second one closes the order', async () => {
      const shop = await shopWithAddress(20_000);
      const { buyer, orderId } = await order(shop, 'received');
      const first = await asked(buyer, orderId, { type: 'refund_only', reason: 'quality_problem', amount: 3_000 });
      await acted(shop.shop.owner, first.id, 'approve');
      expect(await orderRow(orderId)).toEqual({ status: 'received', refunded: 3_000, total: PRICE });
      const over = await ask(buyer, orderId, { type: 'refund_only', reason: 'damaged', amount: PRICE - 3_000 + 1 });
      expect([over.status, over.body.code, over.body.refundable]).toEqual([422, 'AMOUNT_OVER_REFUNDABLE', PRICE - 3_000]);
      const options = (await get(buyer, `/orders/${orderId}/after-sales/options`)).body;
      expect(options).toMatchObject({ refundable: PRICE - 3_000, received: true, openDisputeId: null });
      const second = await asked(buyer, orderId, { type: 'refund_only', reason: 'damaged' });
      expect(second.amount).toBe(PRICE - 3_000);
      await acted(shop.shop.owner, second.id, 'approve');
      expect(await orderRow(orderId)).toEqual({ status: 'refunded', refunded: PRICE, total: PRICE });
      expect((await wallet(buyer)).balance).toBe(50_000);
      expect((await ask(buyer, orderId, { type: 'refund_only', reason: 'other', amount: 1 })).status).toBe(409);
    });

    it('R9: no-reason return only for returnable goods within the window; a quality problem is allowed for every class, exchange for 15 days', async () => {
      const shop = await shopWithAddress();
      const fresh = await given.product(t(), shop.shop, { category: 'fresh', title: '草莓', skus: [{ name: '2 斤', price: 5_000, stock: 5 }] });
      const buyer = await given.user(t(), { pin: '258036', viaSms: false });
      await given.funds(t(), buyer, 50_000);
      const placed = await post(buyer, '/orders', { addressId: await given.address(t(), buyer), items: [{ skuId: fresh.skus[0].id, quantity: 1 }] });
      const orderId = placed.body.order.id as string;
      await post(buyer, `/orders/${orderId}/pay`, { pin: '258036' });
      await post(shop.shop.owner, `/orders/${orderId}/ship`, { carrier: '顺丰速运', trackingNumber: 'SF1234567890' });
      await post(buyer, `/orders/${orderId}/confirm-receipt`);

      const noReason = await ask(buyer, orderId, { type: 'return_refund', reason: 'no_reason' });
      expect([noReason.status, noReason.body.code, noReason.body.blocked]).toEqual([409, 'NO_REASON_NOT_ALLOWED', 'excluded']);
      expect(noReason.body.detail).toContain('草莓');
      const options = (await get(buyer, `/orders/${orderId}/after-sales/options`)).body;
      expect(options.noReason).toMatchObject({ allowed: false, blocked: 'excluded' });
      // A quality problem is the shop's fault: allowed whatever the class.
      const quality = await asked(buyer, orderId, { type: 'return_refund', reason: 'quality_problem', description: '发霉' });
      expect(quality).toMatchObject({ status: 'requested', shopPaysReturn: true, amount: 5_000 });
      await acted(buyer, quality.id, 'withdraw');

      // Past 7 days a fault return is closed, an exchange still open until 15.
      t().clock.advance(8 * DAY);
      expect((await ask(buyer, orderId, { type: 'return_refund', reason: 'quality_problem' })).body.code).toBe('FAULT_PERIOD_CLOSED');
      const exchange = await asked(buyer, orderId, { type: 'exchange', reason: 'quality_problem' });
      expect(exchange.amount).toBe(0);
      await acted(buyer, exchange.id, 'withdraw');
      t().clock.advance(8 * DAY);
      expect((await ask(buyer, orderId, { type: 'exchange', reason: 'quality_problem' })).body.code).toBe('FAULT_PERIOD_CLOSED');
    });

    it('R9: the no-reason window closes at midnight after the 7th day; return and exchange need the goods received', async () => {
      const shop = await shopWithAddress();
      const shipped = await order(shop, 'shipped');
      expect((await ask(shipped.buyer, shipped.orderId, { type: 'exchange', reason: 'quality_problem' })).body.code).toBe('AFTER_SALE_NOT_RECEIVED');
      expect((await ask(shipped.buyer, shipped.orderId, { type: 'refund_only', reason: 'no_reason' })).body.code).toBe('NO_REASON_NOT_ALLOWED');
      const { buyer, orderId } = await order(shop, 'received');
      t().clock.advance(9 * DAY);
      const late = await ask(buyer, orderId, { type: 'return_refund', reason: 'no_reason' });
      expect([late.status, late.body.code, late.body.blocked]).toEqual([409, 'NO_REASON_NOT_ALLOWED', 'window_closed']);
    });

    it('return and refund: approved with the address, shipped with the fee the shop pays for a fault, confirmed → refunded in full plus postage; the address read is logged for an individual shop', async () => {
      const shop = await newShop(20_000);
      // An individual's shop: its return address is a person's data.
      const individual = await given.operator(t(), admin(), { kind: 'individual' });
      const product = await given.product(t(), individual, { skus: [{ name: '标准', price: PRICE, stock: 50 }] });
      const solo: Shop = { shop: individual, skuId: product.skus[0].id };
      void shop;
      await given.funds(t(), individual.owner, 20_000);
      expect((await post(individual.owner, `/operators/${individual.id}/deposit`, { amount: 20_000 })).status).toBe(200);
      const { buyer, orderId } = await order(solo, 'received');
      const photo = await upload(t(), buyer.token, await pngImage());
      const request = await asked(buyer, orderId, { type: 'return_refund', reason: 'damaged', description: '外壳破裂', images: [photo.body.url] });
      // No return address yet: the shop cannot approve a return.
      expect((await act(individual.owner, request.id, 'approve')).body.code).toBe('NO_RETURN_ADDRESS');
      expect((await addAddress(solo)).status).toBe(201);
      // Before approval the buyer does not see the address.
      expect((await get(buyer, `/after-sales/${request.id}`)).body.returnAddress).toBeNull();
      const approved = await acted(individual.owner, request.id, 'approve');
      expect(approved).toMatchObject({ status: 'approved', turn: 'buyer', returnAddress: ADDRESS });
      expect(new Date(approved.deadline).getTime() - t().clock.now().getTime()).toBe(7 * DAY);

      const logBefore = await db().selectFrom('personal_data_access_log').select('purpose').where('subject_id', '=', individual.owner.id).execute();
      const seen = (await get(buyer, `/after-sales/${request.id}`)).body;
      expect(seen.returnAddress).toEqual(ADDRESS);
      const logAfter = await db().selectFrom('personal_data_access_log').select(['purpose', 'actor_id', 'fields']).where('subject_id', '=', individual.owner.id).execute();
      expect(logAfter.length).toBe(logBefore.length + 1);
      expect(logAfter.at(-1)).toMatchObject({ purpose: `after-sales return ${request.id}`, actor_id: buyer.id, fields: ['return_address'] });

      const tooMuch = await act(buyer, request.id, 'return-shipment', { ...SHIP, returnShippingFee: 5_001 });
      expect(tooMuch.status).toBe(400);
      const shipped = await acted(buyer, request.id, 'return-shipment', { ...SHIP, returnShippingFee: 1_200 });
      expect(shipped).toMatchObject({ status: 'returning', turn: 'shop', returnShipment: { ...SHIP, fee: 1_200 }, returnShippingFee: 1_200 });
      expect((await orderRow(orderId)).status).toBe('returning');
      const done = await acted(individual.owner, request.id, 'return-received');
      expect(done).toMatchObject({ status: 'refunded', refunded: PRICE + 1_200, turn: null });
      expect((await wallet(buyer)).balance).toBe(50_000 + 1_200);
      expect(await orderRow(orderId)).toEqual({ status: 'refunded', refunded: PRICE, total: PRICE });
      expect(await codesOf(request.id)).toContain('after_sale_return_shipping');
      // The address is no longer shown once the return is over.
      expect((await get(buyer, `/after-sales/${request.id}`)).body.returnAddress).toBeNull();
    });

    it('return postage is refunded only for the shop’s fault (not for a no-reason return)', async () => {
      const shop = await shopWithAddress();
      const { buyer, orderId } = await order(shop, 'received');
      const request = await asked(buyer, orderId, { type: 'return_refund', reason: 'no_reason' });
      await acted(shop.shop.owner, request.id, 'approve');
      const fee = await act(buyer, request.id, 'return-shipment', { ...SHIP, returnShippingFee: 800 });
      expect([fee.status, fee.body.code]).toEqual([422, 'RETURN_FEE_NOT_ALLOWED']);
      expect((await acted(buyer, request.id, 'return-shipment', SHIP)).returnShippingFee).toBe(0);
    });

    it('deadlines: the shop’s 48 h silence approves (audited); an approved return not shipped in 7 days closes; R10: a return not confirmed in 7 days is refunded', async () => {
      const shop = await shopWithAddress();
      const a = await order(shop, 'received');
      const b = await order(shop, 'received');
      const ra = await asked(a.buyer, a.orderId, { type: 'return_refund', reason: 'no_reason' });
      const rb = await asked(b.buyer, b.orderId, { type: 'return_refund', reason: 'no_reason' });
      t().clock.advance(48 * HOUR - MINUTE);
      await t().ctx.afterSalesFlow.sweep();
      expect((await get(a.buyer, `/after-sales/${ra.id}`)).body.status).toBe('requested');
      t().clock.advance(2 * MINUTE);
      // (The counts may include other tests' requests on this database: the states are what is asserted.)
      expect((await t().ctx.afterSalesFlow.sweep()).approved).toBeGreaterThanOrEqual(2);
      const auto = (await get(a.buyer, `/after-sales/${ra.id}`)).body;
      expect(auto).toMatchObject({ status: 'approved', returnAddress: ADDRESS });
      expect(auto.timeline.at(-1)).toMatchObject({ type: 'approved_automatically', actor: 'platform' });
      const audited = await db().selectFrom('audit_log').select('action').where('target_id', '=', ra.id).execute();
      expect(audited.map((r) => r.action)).toEqual(['after_sale.approve_automatically']);

      await acted(a.buyer, ra.id, 'return-shipment', SHIP);
      t().clock.advance(7 * DAY + MINUTE);
      const sweep = await t().ctx.afterSalesFlow.sweep();
      // The order timer finds nothing left to refund twice.
      expect((await t().ctx.orderTimers.sweep()).autoRefunded).toBe(0);
      expect(sweep.closed).toBeGreaterThanOrEqual(1);
      expect(sweep.refunded).toBeGreaterThanOrEqual(1);
      expect((await get(b.buyer, `/after-sales/${rb.id}`)).body).toMatchObject({ status: 'withdrawn', turn: null });
      expect((await get(b.buyer, `/after-sales/${rb.id}`)).body.timeline.at(-1).type).toBe('closed_not_shipped');
      const refunded = (await get(a.buyer, `/after-sales/${ra.id}`)).body;
      expect(refunded).toMatchObject({ status: 'refunded', refunded: PRICE });
      expect(refunded.timeline.at(-1)).toMatchObject({ type: 'refunded_automatically', actor: 'platform' });
      expect((await orderRow(a.orderId)).status).toBe('refunded');
      expect((await wallet(a.buyer)).balance).toBe(50_000);
    });

    it('an open request pauses automatic receipt of its order', async () => {
      const shop = await shopWithAddress();
      const { buyer, orderId } = await order(shop, 'shipped');
      const request = await asked(buyer, orderId, { type: 'refund_only', reason: 'not_received', amount: 1_000 });
      t().clock.advance(11 * DAY);
      await t().ctx.orderTimers.sweep();
      expect((await orderRow(orderId)).status).toBe('shipped');
      await acted(buyer, request.id, 'withdraw');
      await t().ctx.orderTimers.sweep();
      expect((await orderRow(orderId)).status).toBe('received');
    });

    it('exchange: approved, shipped back, received, the replacement shipped → exchanged; no money moves', async () => {
      const shop = await shopWithAddress();
      const { buyer, orderId } = await order(shop, 'received');
      const request = await asked(buyer, orderId, { type: 'exchange', reason: 'wrong_item' });
      await acted(shop.shop.owner, request.id, 'approve');
      await acted(buyer, request.id, 'return-shipment', SHIP);
      expect((await orderRow(orderId)).status).toBe('received');
      expect((await act(shop.shop.owner, request.id, 'exchange-shipment', { carrier: '顺丰速运', trackingNumber: 'SF0000000001' })).body.code).toBe('AFTER_SALE_STATE_CONFLICT');
      const received = await acted(shop.shop.owner, request.id, 'return-received');
      expect(received).toMatchObject({ status: 'received', turn: 'shop' });
      expect(new Date(received.deadline).getTime() - t().clock.now().getTime()).toBe(48 * HOUR);
      const exchanged = await acted(shop.shop.owner, request.id, 'exchange-shipment', { carrier: '顺丰速运', trackingNumber: 'SF0000000001' });
      expect(exchanged).toMatchObject({ status: 'exchanged', turn: null, refunded: 0, exchangeShipment: { carrier: '顺丰速运', trackingNumber: 'SF0000000001' } });
      expect(await orderRow(orderId)).toEqual({ status: 'received', refunded: 0, total: PRICE });
      expect((await wallet(buyer)).balance).toBe(50_000 - PRICE);
    });

    it('refused with a reason, then escalated by the buyer: a dispute opens with the whole history; after 7 days a refusal can no longer be escalated', async () => {
      const shop = await shopWithAddress();
      const { buyer, orderId } = await order(shop, 'shipped');
      const request = await asked(buyer, orderId, { type: 'refund_only', reason: 'not_received', description: '物流显示已签收但我没收到' });
      expect((await act(buyer, request.id, 'escalate')).body.code).toBe('ESCALATION_NOT_YET');
      expect((await act(shop.shop.owner, request.id, 'refuse', {})).status).toBe(400);
      const refused = await acted(shop.shop.owner, request.id, 'refuse', { reason: '快递已签收，请联系快递' });
      expect(refused).toMatchObject({ status: 'refused', turn: 'buyer', refuseReason: '快递已签收，请联系快递' });
      const escalated = await acted(buyer, request.id, 'escalate', { note: '请平台查看物流' });
      expect(escalated).toMatchObject({ status: 'escalated', turn: 'platform' });
      const dispute = (await get(buyer, `/disputes/${escalated.disputeId}`)).body;
      expect(dispute).toMatchObject({ orderId, category: 'not_received', claim: { refund: PRICE }, status: 'open' });
      expect(dispute.description).toContain('物流显示已签收但我没收到');
      expect(dispute.description).toContain('快递已签收，请联系快递');
      expect(dispute.description).toContain('请平台查看物流');
      // In words, not codes: the type, the reason and each step.
      expect(dispute.description).toContain('售后申请：仅退款，原因：未收到货');
      expect(dispute.description).toMatch(/商家拒绝申请：快递已签收/);
      expect(dispute.description).not.toContain('refund_only');
      // While the dispute is open, no new request.
      expect((await ask(buyer, orderId, { type: 'refund_only', reason: 'other' })).body.code).toBe('DISPUTE_OPEN');

      const other = await order(shop, 'shipped');
      const second = await asked(other.buyer, other.orderId, { type: 'refund_only', reason: 'not_received' });
      await acted(shop.shop.owner, second.id, 'refuse', { reason: '已发货' });
      t().clock.advance(7 * DAY + MINUTE);
      expect((await act(other.buyer, second.id, 'escalate')).body.code).toBe('ESCALATION_WINDOW_CLOSED');
    });

    it('the shop may escalate a return the buyer did not ship… once past the deadline; the buyer escalates a replacement not shipped in 48 h', async () => {
      const shop = await shopWithAddress();
      const { buyer, orderId } = await order(shop, 'received');
      const request = await asked(buyer, orderId, { type: 'exchange', reason: 'quality_problem' });
      await acted(shop.shop.owner, request.id, 'approve');
      await acted(buyer, request.id, 'return-shipment', SHIP);
      await acted(shop.shop.owner, request.id, 'return-received');
      expect((await act(buyer, request.id, 'escalate')).body.code).toBe('ESCALATION_NOT_YET');
      t().clock.advance(48 * HOUR + MINUTE);
      const escalated = await acted(buyer, request.id, 'escalate');
      expect(escalated.status).toBe('escalated');
      expect((await get(shop.shop.owner, `/disputes/${escalated.disputeId}`)).body.claim.refund).toBe(PRICE);
    });

    it('withdraw before any refund restores a returning order; not after it is refunded', async () => {
      const shop = await shopWithAddress();
      const { buyer, orderId } = await order(shop, 'received');
      const request = await asked(buyer, orderId, { type: 'return_refund', reason: 'no_reason' });
      await acted(shop.shop.owner, request.id, 'approve');
      await acted(buyer, request.id, 'return-shipment', SHIP);
      expect((await orderRow(orderId)).status).toBe('returning');
      expect((await act(shop.shop.owner, request.id, 'withdraw')).status).toBe(404);
      expect((await acted(buyer, request.id, 'withdraw')).status).toBe('withdrawn');
      expect((await orderRow(orderId)).status).toBe('received');
      expect((await act(buyer, request.id, 'withdraw')).body.code).toBe('AFTER_SALE_STATE_CONFLICT');
    });

    it('the lists: the buyer’s newest first; the shop’s inbox by soonest deadline with filters; bulk approve answers per id', async () => {
      const shop = await shopWithAddress();
      const a = await order(shop, 'received');
      const b = await order(shop, 'received');
      const ra = await asked(a.buyer, a.orderId, { type: 'return_refund', reason: 'no_reason' });
      t().clock.advance(HOUR);
      const rb = await asked(b.buyer, b.orderId, { type: 'refund_only', reason: 'damaged', amount: 500 });
      const mine = (await get(a.buyer, '/me/after-sales')).body;
      expect(mine.items.map((r: { id: string }) => r.id)).toEqual([ra.id]);
      const inbox = (await get(shop.shop.owner, `/operators/${shop.shop.id}/after-sales`)).body;
      expect(inbox.items.map((r: { id: string }) => r.id)).toEqual([ra.id, rb.id]);
      const onlyRefunds = (await get(shop.shop.owner, `/operators/${shop.shop.id}/after-sales?type=refund_only`)).body;
      expect(onlyRefunds.items.map((r: { id: string }) => r.id)).toEqual([rb.id]);
      const paged = (await get(shop.shop.owner, `/operators/${shop.shop.id}/after-sales?limit=1`)).body;
      expect(paged.items.map((r: { id: string }) => r.id)).toEqual([ra.id]);
      const next = (await get(shop.shop.owner, `/operators/${shop.shop.id}/after-sales?limit=1&cursor=${encodeURIComponent(paged.nextCursor)}`)).body;
      expect(next.items.map((r: { id: string }) => r.id)).toEqual([rb.id]);
      expect((await get(a.buyer, `/operators/${shop.shop.id}/after-sales`)).status).toBe(404);

      const bulk = await post(shop.shop.owner, `/operators/${shop.shop.id}/after-sales/approve`, { ids: [ra.id, rb.id, 'no-such'] });
      expect(bulk.body.results).toEqual([
        { id: ra.id, ok: true, status: 'approved' },
        { id: rb.id, ok: true, status: 'refunded' },
        { id: 'no-such', ok: false, code: 'NOT_FOUND' },
      ]);
      const again = await post(shop.shop.owner, `/operators/${shop.shop.id}/after-sales/approve`, { ids: [ra.id] });
      expect(again.body.results).toEqual([{ id: ra.id, ok: false, code: 'AFTER_SALE_STATE_CONFLICT' }]);
    });

    it('the old POST /orders/:id/return is a no-reason return request, approved at once; its confirmation refunds as before', async () => {
      const shop = await shopWithAddress();
      const { buyer, orderId } = await order(shop, 'received');
      const returning = await post(buyer, `/orders/${orderId}/return`, SHIP);
      expect(returning.body.order.status).toBe('returning');
      const [request] = (await get(buyer, '/me/after-sales')).body.items;
      expect(request).toMatchObject({ orderId, type: 'return_refund', reason: 'no_reason', status: 'returning', turn: 'shop' });
      const refunded = await post(shop.shop.owner, `/orders/${orderId}/return/received`);
      expect(refunded.body.order.status).toBe('refunded');
      expect((await get(buyer, `/after-sales/${request.id}`)).body).toMatchObject({ status: 'refunded', refunded: PRICE });
      expect(await codesOf(orderId)).toContain('return_refund');
    });

    it('personal data: the buyer’s requests are in its export; the return addresses in the owner’s', async () => {
      const shop = await shopWithAddress();
      const { buyer, orderId } = await order(shop, 'received');
      await asked(buyer, orderId, { type: 'refund_only', reason: 'quality_problem', amount: 100, description: '有划痕' });
      const mine = await t().http.get('/me/export', { token: await login(buyer) });
      expect(JSON.stringify(mine.body)).toContain('有划痕');
      const theirs = await t().http.get('/me/export', { token: await owner(shop) });
      expect(JSON.stringify(theirs.body)).toContain(ADDRESS.line);
    });
  });
}
