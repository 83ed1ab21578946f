/**
 * Parcel tracking (issue 17 items 5, 6, 11), on both databases: logistics providers'
 * credentials (issued once, rotated with 24 h of grace, never shown again, audited),
 * shipping with an approved carrier or "other", the signed webhook's signature, skew,
 * replay and unknown-parcel rules, out-of-order events, automatic receipt from the
 * delivery (7 days; the buyer's confirmation first; paused by an exception), the
 * notifications, and the sandbox carrier.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DAY, HOUR, MINUTE } from '../src/lib/clock.js';
import { SANDBOX_CARRIER, sandboxShopCity } from '../src/modules/logistics/index.js';
import { startTestApp, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, type GivenOperator, type GivenUser } from './support/given.js';
import { carrierEvent, carrierWithCredentials, paidOrder, sendEvent, ship, trackingNumber, type Carrier } from './support/tracking.js';

const idem = () => ({ 'idempotency-key': randomUUID() });

for (const kind of DATABASE_KINDS) {
  describe(`parcel tracking on ${kind}`, () => {
    let t: TestApp;
    let admin: GivenUser;
    let shop: GivenOperator;
    let skuId: string;
    let carrier: Carrier;

    beforeAll(async () => {
      t = await startTestApp(kind, { poolSize: 20 });
      admin = await given.admin(t);
      shop = await given.operator(t, admin);
      const product = await given.product(t, shop, { skus: [{ name: '标准', price: 2_900, stock: 500 }] });
      skuId = product.skus[0].id;
      carrier = await carrierWithCredentials(t, admin);
    }, 180_000);
    // The clock moves days ahead in some tests: every test starts with fresh sessions.
    beforeEach(async () => {
      for (const user of [admin, shop.owner]) user.token = (await t.http.post('/auth/login', { phone: user.phone, password: user.password })).body.token;
    });
    afterEach(async () => {
      expect(await t.ctx.ledger.check(t.ctx.database.db)).toEqual([]);
    });
    afterAll(async () => {
      await t?.close();
    });

    /** A fresh session (the clock moves past session lifetimes). */
    const login = async (user: GivenUser) => (await t.http.post('/auth/login', { phone: user.phone, password: user.password })).body.token as string;
    const tracking = async (user: GivenUser, orderId: string) => t.http.get(`/orders/${orderId}/tracking`, { token: await login(user) });
    const orderOf = async (user: GivenUser, orderId: string) => (await t.http.get(`/orders/${orderId}`, { token: await login(user) })).body;
    const kindsOf = async (user: GivenUser) => ((await t.http.get('/me/notifications?limit=100', { token: await login(user) })).body.items as { kind: string; link: string }[]).map((n) => `${n.kind} ${n.link}`);
    async function shippedWith(c: Pick<Carrier, 'id'>) {
      const { buyer, orderId } = await paidOrder(t, skuId);
      const number = trackingNumber();
      const shipped = await ship(t, shop, orderId, { trackingNumber: number, logisticsProviderId: c.id });
      expect(shipped.status, shipped.text).toBe(200);
      return { buyer, orderId, number, shippedAt: t.clock.now() };
    }

    it('credentials: only an approved logistics provider gets them, the secret once (sealed, audited, never listed); a new pair leaves the old one 24 h of grace', async () => {
      const pending = await given.serviceProvider(t, admin, { approve: false });
      const payment = await given.serviceProvider(t, admin, { service: 'payment' });
      for (const id of [pending.id, payment.id]) {
        const refused = await t.http.post(`/admin/service-providers/${id}/credentials`, undefined, { token: admin.token, headers: idem() });
        expect([refused.status, refused.body.code]).toEqual([409, 'NOT_A_LOGISTICS_PROVIDER']);
      }
      expect((await t.http.post('/admin/service-providers/no-such-provider/credentials', undefined, { token: admin.token, headers: idem() })).status).toBe(404);
      expect((await t.http.post(`/admin/service-providers/${carrier.id}/credentials`, undefined, { token: shop.owner.token, headers: idem() })).status).toBe(403);

      const fresh = await carrierWithCredentials(t, admin);
      const carriers = (await t.http.get('/logistics/carriers')).body.items as { id: string; name: string }[];
      expect(carriers).toContainEqual({ id: fresh.id, name: '顺风快运有限公司' });
      expect(carriers.map((c) => c.id)).not.toContain(pending.id);
      expect(carriers.map((c) => c.id)).not.toContain(payment.id);

      // Sealed at rest, never listed, audited.
      const stored = await t.ctx.database.db.selectFrom('logistics_credentials').selectAll().where('key_id', '=', fresh.keyId).executeTakeFirstOrThrow();
      expect(stored.secret_sealed).not.toContain(fresh.secret);
      expect(stored.secret_sealed).toMatch(/^v1\./);
      const audit = (await t.http.get(`/admin/audit-log?limit=100&action=service_provider.credentials_issue`, { token: admin.token })).body.items as { targetId: string }[];
      expect(audit.map((a) => a.targetId)).toContain(fresh.id);

      const { orderId, number } = await shippedWith(fresh);
      void orderId;
      t.clock.advance(MINUTE);
      const rotated = await t.http.post(`/admin/service-providers/${fresh.id}/credentials`, undefined, { token: admin.token, headers: idem() });
      expect(rotated.status).toBe(201);
      expect(rotated.body.keyId).not.toBe(fresh.keyId);
      const next = { keyId: rotated.body.keyId as string, secret: rotated.body.secret as string };
      const listed = await t.http.get(`/admin/service-providers/${fresh.id}/credentials`, { token: admin.token });
      expect(listed.status).toBe(200);
      expect(JSON.stringify(listed.body)).not.toContain(fresh.secret);
      expect(JSON.stringify(listed.body)).not.toContain(next.secret);
      expect(listed.body.items.map((i: { keyId: string; active: boolean }) => [i.keyId, i.active])).toEqual([
        [next.keyId, true],
        [fresh.keyId, true],
      ]);
      expect(listed.body.items[1].expiresAt).toBe(new Date(t.clock.now().getTime() + DAY).toISOString());

      // Both verify within the grace period; after it only the new one does.
      expect((await sendEvent(t, fresh, carrierEvent(number, 'picked_up', t.clock.now()))).status).toBe(200);
      expect((await sendEvent(t, next, carrierEvent(number, 'in_transit', t.clock.now()))).status).toBe(200);
      t.clock.advance(DAY + 1_000);
      const old = await sendEvent(t, fresh, carrierEvent(number, 'in_transit', t.clock.now()));
      expect([old.status, old.body.code]).toEqual([401, 'BAD_SIGNATURE']);
      expect((await sendEvent(t, next, carrierEvent(number, 'in_transit', t.clock.now()))).status).toBe(200);
      const after = await t.http.get(`/admin/service-providers/${fresh.id}/credentials`, { token: admin.token });
      expect(after.body.items.map((i: { active: boolean }) => i.active)).toEqual([true, false]);
    });

    it('shipping: an approved carrier by id (its name, tracked), "other" by name (untracked), the old body; unknown carrier 422, a number on its way 409, nothing changed', async () => {
      const tracked = await shippedWith(carrier);
      const order = await orderOf(tracked.buyer, tracked.orderId);
      expect(order.status).toBe('shipped');
      expect(order.shipping).toEqual({ carrier: '顺风快运有限公司', trackingNumber: tracked.number });
      const view = await tracking(tracked.buyer, tracked.orderId);
      expect(view.status).toBe(200);
      expect(view.body).toMatchObject({ carrier: '顺风快运有限公司', trackingNumber: tracked.number, status: 'awaiting_pickup', providerId: carrier.id, events: [] });
      expect(view.body.autoReceiptAt).toBe(new Date(tracked.shippedAt.getTime() + 10 * DAY).toISOString());
      // The shop reads it too; anyone else does not.
      expect((await t.http.get(`/orders/${tracked.orderId}/tracking`, { token: shop.owner.token })).status).toBe(200);
      const stranger = await given.user(t, { viaSms: false });
      expect((await t.http.get(`/orders/${tracked.orderId}/tracking`, { token: stranger.token })).status).toBe(404);

      const other = await paidOrder(t, skuId);
      expect((await t.http.get(`/orders/${other.orderId}/tracking`, { token: other.buyer.token })).body.code).toBe('NOT_SHIPPED');
      const unknown = await ship(t, shop, other.orderId, { trackingNumber: trackingNumber(), logisticsProviderId: 'no-such-provider' });
      expect([unknown.status, unknown.body.code]).toEqual([422, 'UNKNOWN_CARRIER']);
      const pending = await given.serviceProvider(t, admin, { approve: false });
      expect((await ship(t, shop, other.orderId, { trackingNumber: trackingNumber(), logisticsProviderId: pending.id })).body.code).toBe('UNKNOWN_CARRIER');
      const inUse = await ship(t, shop, other.orderId, { trackingNumber: tracked.number, logisticsProviderId: carrier.id });
      expect([inUse.status, inUse.body.code]).toEqual([409, 'TRACKING_NUMBER_IN_USE']);
      const noCarrier = await ship(t, shop, other.orderId, { trackingNumber: trackingNumber() });
      expect([noCarrier.status, noCarrier.body.errors?.[0]?.path]).toEqual([400, '/body/carrier']);
      expect((await orderOf(other.buyer, other.orderId)).status).toBe('paid');
      expect(await t.ctx.database.db.selectFrom('parcels').select('id').where('order_id', '=', other.orderId).execute()).toEqual([]);

      // The same number with a typed carrier ("other"): no events, the old body as it always was.
      const typed = await ship(t, shop, other.orderId, { carrier: '邮政小包', trackingNumber: tracked.number });
      expect(typed.status, typed.text).toBe(200);
      const untracked = (await tracking(other.buyer, other.orderId)).body;
      expect(untracked).toMatchObject({ carrier: '邮政小包', trackingNumber: tracked.number, status: 'untracked', events: [] });
      expect(untracked.providerId).toBeUndefined();
    });

    it('webhook: a bad signature, an unknown key and a stale timestamp are 401 (the last its own code); a replay stores nothing; a number this carrier did not ship is 404', async () => {
      const { buyer, orderId, number } = await shippedWith(carrier);
      const event = carrierEvent(number, 'picked_up', t.clock.now(), { place: '深圳市' });
      const forged = await sendEvent(t, { keyId: carrier.keyId, secret: 'not-the-secret' }, event);
      expect([forged.status, forged.body.code]).toEqual([401, 'BAD_SIGNATURE']);
      expect(forged.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect((await sendEvent(t, { keyId: 'lk_nope', secret: carrier.secret }, event)).body.code).toBe('BAD_SIGNATURE');
      expect((await sendEvent(t, carrier, event, { signature: 'zz' })).body.code).toBe('BAD_SIGNATURE');
      const stale = await sendEvent(t, carrier, event, { timestamp: String(Math.floor(t.clock.now().getTime() / 1000) - 301) });
      expect([stale.status, stale.body.code]).toEqual([401, 'WEBHOOK_TIMESTAMP_OUT_OF_WINDOW']);
      const early = await sendEvent(t, carrier, event, { timestamp: String(Math.floor(t.clock.now().getTime() / 1000) + 301) });
      expect(early.body.code).toBe('WEBHOOK_TIMESTAMP_OUT_OF_WINDOW');
      expect((await tracking(buyer, orderId)).body.events).toEqual([]);

      const first = await sendEvent(t, carrier, event);
      expect([first.status, first.body]).toEqual([200, { received: true, duplicate: false }]);
      const replay = await sendEvent(t, carrier, { ...event, kind: 'delivered' });
      expect([replay.status, replay.body]).toEqual([200, { received: true, duplicate: true }]);
      const view = (await tracking(buyer, orderId)).body;
      expect(view.events).toEqual([{ at: event.at, kind: 'picked_up', place: '深圳市' }]);
      expect(view.status).toBe('picked_up');

      const unknown = await sendEvent(t, carrier, carrierEvent('NOSUCH000001', 'picked_up', t.clock.now()));
      expect([unknown.status, unknown.body.code]).toEqual([404, 'NOT_FOUND']);
      // Another provider's credentials do not reach this carrier's parcel.
      const rival = await carrierWithCredentials(t, admin);
      expect((await sendEvent(t, rival, carrierEvent(number, 'delivered', t.clock.now()))).status).toBe(404);
      expect((await tracking(buyer, orderId)).body.status).toBe('picked_up');
    });

    it('events arriving out of order are shown sorted by when they happened; after delivered, later events are kept but never un-deliver', async () => {
      const { buyer, orderId, number, shippedAt } = await shippedWith(carrier);
      const at = (hours: number) => new Date(shippedAt.getTime() + hours * HOUR);
      t.clock.advance(2 * DAY); // the carrier reports what happened over two days, in its own order
      for (const [kind, hours, place] of [['in_transit', 10, '武汉市'], ['picked_up', 1, '深圳市'], ['in_transit', 20, '郑州市']] as const) {
        expect((await sendEvent(t, carrier, carrierEvent(number, kind, at(hours), { place }))).status).toBe(200);
      }
      let view = (await tracking(buyer, orderId)).body;
      expect(view.events.map((e: { place: string }) => e.place)).toEqual(['深圳市', '武汉市', '郑州市']);
      expect(view.status).toBe('in_transit');
      // An older in-transit event arriving late does not move the status back.
      await sendEvent(t, carrier, carrierEvent(number, 'picked_up', at(2), { place: '深圳市' }));
      expect((await tracking(buyer, orderId)).body.status).toBe('in_transit');

      await sendEvent(t, carrier, carrierEvent(number, 'delivered', at(30), { place: '北京市' }));
      await sendEvent(t, carrier, carrierEvent(number, 'exception', at(31), { note: '客户称未收到' }));
      view = (await tracking(buyer, orderId)).body;
      expect(view.status).toBe('delivered');
      expect(view.deliveredAt).toBe(at(30).toISOString());
      expect(view.events.at(-1)).toMatchObject({ kind: 'exception', note: '客户称未收到' });
      expect(view.autoReceiptAt).toBe(new Date(at(30).getTime() + 7 * DAY).toISOString());
      // An event dated in the future (past the 5 minutes clocks may differ) is refused.
      const future = await sendEvent(t, carrier, carrierEvent(number, 'in_transit', new Date(t.clock.now().getTime() + HOUR)));
      expect([future.status, future.body.code]).toEqual([422, 'EVENT_IN_FUTURE']);
    });

    it('delivered starts a 7-day clock for automatic receipt (even past 10 days from shipping); the buyer is told; confirming first wins', async () => {
      const late = await shippedWith(carrier);
      const early = await shippedWith(carrier);
      t.clock.advance(9 * DAY);
      for (const p of [late, early]) expect((await sendEvent(t, carrier, carrierEvent(p.number, 'delivered', t.clock.now(), { place: '北京市' }))).status).toBe(200);
      const deliveredAt = t.clock.now();
      expect((await tracking(late.buyer, late.orderId)).body.autoReceiptAt).toBe(new Date(deliveredAt.getTime() + 7 * DAY).toISOString());
      expect(await kindsOf(late.buyer)).toContain(`parcel.delivered /orders/${late.orderId}`);
      expect(await kindsOf(shop.owner)).not.toContain(`parcel.delivered /orders/${late.orderId}`);

      // The buyer of `early` confirms at once; `late` waits for the clock.
      const confirmed = await t.http.post(`/orders/${early.orderId}/confirm-receipt`, undefined, { token: await login(early.buyer), headers: idem() });
      expect(confirmed.status, confirmed.text).toBe(200);
      t.clock.advance(2 * DAY); // 11 days after shipping: the old rule would have received it
      await t.ctx.orderTimers.sweep();
      expect((await orderOf(late.buyer, late.orderId)).status).toBe('shipped');
      t.clock.set(new Date(deliveredAt.getTime() + 7 * DAY - MINUTE));
      await t.ctx.orderTimers.sweep();
      expect((await orderOf(late.buyer, late.orderId)).status).toBe('shipped');
      t.clock.advance(2 * MINUTE);
      await t.ctx.orderTimers.sweep();
      const received = await orderOf(late.buyer, late.orderId);
      expect(received.status).toBe('received');
      expect(received.timeline.at(-1).type).toBe('receipt_auto_confirmed');
      const confirmedOrder = await orderOf(early.buyer, early.orderId);
      expect(confirmedOrder.status).toBe('received');
      expect(confirmedOrder.timeline.filter((e: { type: string }) => e.type.startsWith('receipt') || e.type === 'received')).toHaveLength(1);
      // The tracking no longer promises an automatic receipt.
      expect((await tracking(late.buyer, late.orderId)).body.autoReceiptAt).toBeUndefined();
    });

    it('an exception pauses automatic receipt and tells buyer and shop; the next normal event resumes it', async () => {
      const { buyer, orderId, number, shippedAt } = await shippedWith(carrier);
      await sendEvent(t, carrier, carrierEvent(number, 'picked_up', t.clock.now()));
      t.clock.advance(HOUR);
      const problem = await sendEvent(t, carrier, carrierEvent(number, 'exception', t.clock.now(), { place: '郑州市', note: '包裹破损' }));
      expect(problem.status).toBe(200);
      const paused = (await tracking(buyer, orderId)).body;
      expect(paused.status).toBe('exception');
      expect(paused.autoReceiptAt).toBeUndefined();
      expect(await kindsOf(buyer)).toContain(`parcel.exception /orders/${orderId}`);
      expect(await kindsOf(shop.owner)).toContain(`parcel.exception /orders/${orderId}`);

      t.clock.set(new Date(shippedAt.getTime() + 11 * DAY));
      await t.ctx.orderTimers.sweep();
      expect((await orderOf(buyer, orderId)).status).toBe('shipped');
      // Back on its way: the 10 days from shipping apply again (already past, so the next sweep receives it).
      await sendEvent(t, carrier, carrierEvent(number, 'in_transit', t.clock.now(), { place: '石家庄市' }));
      expect((await tracking(buyer, orderId)).body.autoReceiptAt).toBe(new Date(shippedAt.getTime() + 10 * DAY).toISOString());
      await t.ctx.orderTimers.sweep();
      expect((await orderOf(buyer, orderId)).status).toBe('received');
    });

    it('an open dispute still stops automatic receipt after delivery', async () => {
      const { buyer, orderId, number } = await shippedWith(carrier);
      await sendEvent(t, carrier, carrierEvent(number, 'delivered', t.clock.now()));
      const opened = await t.http.post('/disputes', { orderId, category: 'quality', claim: { refund: 2_900 }, description: '收到的商品有破损' }, { token: buyer.token, headers: idem() });
      expect(opened.status, opened.text).toBe(201);
      t.clock.advance(7 * DAY + MINUTE);
      await t.ctx.orderTimers.sweep();
      expect((await orderOf(buyer, orderId)).status).toBe('shipped');
    });

    it('the sandbox carrier is listed, and plays its whole route at once on deliver (or an exception), through its signed webhook', async () => {
      const carriers = (await t.http.get('/logistics/carriers')).body.items as { id: string; name: string }[];
      expect(carriers).toContainEqual({ id: SANDBOX_CARRIER.providerId, name: '安格拉沙箱快递' });
      const { buyer, orderId, number } = await shippedWith({ id: SANDBOX_CARRIER.providerId });
      expect((await orderOf(buyer, orderId)).shipping.carrier).toBe('安格拉沙箱快递');
      const played = await t.http.post(`/sandbox/parcels/${number}/deliver`);
      expect(played.status, played.text).toBe(200);
      const view = (await tracking(buyer, orderId)).body;
      expect(view.status).toBe('delivered');
      expect(view.events[0]).toMatchObject({ kind: 'picked_up', place: sandboxShopCity(shop.id) });
      expect(view.events.filter((e: { kind: string }) => e.kind === 'in_transit').length).toBeGreaterThanOrEqual(3);
      expect(view.events.map((e: { kind: string }) => e.kind).slice(-2)).toEqual(['out_for_delivery', 'delivered']);
      expect(view.events).toHaveLength(played.body.sent);
      // Played again: every event is a repeat, nothing new.
      await t.http.post(`/sandbox/parcels/${number}/deliver`);
      expect((await tracking(buyer, orderId)).body.events).toHaveLength(played.body.sent);

      const other = await shippedWith({ id: SANDBOX_CARRIER.providerId });
      expect((await t.http.post(`/sandbox/parcels/${other.number}/exception`)).status).toBe(200);
      expect((await tracking(other.buyer, other.orderId)).body.status).toBe('exception');
      expect((await t.http.post('/sandbox/parcels/NOSUCH000002/deliver')).status).toBe(404);
    });
  });
}
