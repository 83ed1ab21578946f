/**
 * An order's tracking, live (issue 17 item 6): the server-sent event stream on both
 * databases; on PostgreSQL with two server processes, a carrier event received by one
 * is seen at once by a buyer streaming from the other (LISTEN/NOTIFY), and races
 * between the processes: the same tracking number shipped twice at once, the same
 * event delivered many times at once.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { SANDBOX_CARRIER } from '../src/modules/logistics/index.js';
import { startTestApp, startTwoProcesses, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import { openEvents } from './support/events.js';
import { given } from './support/given.js';
import { carrierEvent, carrierWithCredentials, paidOrder, sendEvent, ship, trackingNumber } from './support/tracking.js';

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

for (const kind of DATABASE_KINDS) {
  describe(`tracking live events on ${kind}`, () => {
    let t: TestApp;
    afterAll(async () => {
      await t?.close();
    });

    it('the stream sends the tracking at once and after each carrier event, with heartbeats; others get a problem, not a stream', async () => {
      t = await startTestApp(kind, { env: { LIVE_HEARTBEAT_SECONDS: '1' } });
      const admin = await given.admin(t);
      const shop = await given.operator(t, admin);
      const skuId = (await given.product(t, shop, { skus: [{ name: '标准', price: 1_500, stock: 20 }] })).skus[0].id as string;
      const carrier = await carrierWithCredentials(t, admin);
      const { buyer, orderId } = await paidOrder(t, skuId);
      const url = `${t.url}/api/v1/orders/${orderId}/tracking/events`;

      const early = await fetch(url, { headers: bearer(buyer.token) });
      expect([early.status, ((await early.json()) as { code: string }).code]).toEqual([409, 'NOT_SHIPPED']);
      const number = trackingNumber();
      expect((await ship(t, shop, orderId, { trackingNumber: number, logisticsProviderId: carrier.id })).status).toBe(200);

      const stream = await openEvents(url, bearer(buyer.token));
      expect(stream.response.status).toBe(200);
      expect(stream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
      expect((await stream.next((v) => v.status === 'awaiting_pickup')).events).toEqual([]);
      await sendEvent(t, carrier, carrierEvent(number, 'picked_up', t.clock.now(), { place: '深圳市' }));
      expect((await stream.next((v) => v.status === 'picked_up')).events[0].place).toBe('深圳市');
      await sendEvent(t, carrier, carrierEvent(number, 'delivered', t.clock.now()));
      expect((await stream.next((v) => v.status === 'delivered')).deliveredAt).toBeDefined();
      await new Promise((r) => setTimeout(r, 1_300));
      expect(stream.comments.length).toBeGreaterThanOrEqual(1);
      await stream.close();

      // The shop streams it too; a stranger and nobody do not.
      const shopStream = await openEvents(url, bearer(shop.owner.token));
      expect((await shopStream.next((v) => v.status === 'delivered')).trackingNumber).toBe(number);
      await shopStream.close();
      const stranger = await given.user(t, { viaSms: false });
      for (const [headers, status] of [[bearer(stranger.token), 404], [{}, 401]] as const) {
        const refused = await fetch(url, { headers });
        expect(refused.status).toBe(status);
        expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      }
    });
  });
}

if (DATABASE_KINDS.includes('postgres')) {
  describe('tracking on PostgreSQL with two processes', () => {
    let a: TestApp;
    let b: TestApp;
    let close: (() => Promise<void>) | undefined;

    afterAll(() => close?.());

    it('starts two processes on one database (both make sure of the sandbox carrier)', async () => {
      ({ a, b, close } = await startTwoProcesses({ poolSize: 30 }));
      const providers = await a.ctx.database.db.selectFrom('service_providers').select('id').where('id', '=', SANDBOX_CARRIER.providerId).execute();
      expect(providers).toHaveLength(1);
    });

    it('an event received by one process reaches a stream held by the other; the sandbox carrier played through either', async () => {
      const admin = await given.admin(a);
      const shop = await given.operator(a, admin);
      const skuId = (await given.product(a, shop, { skus: [{ name: '标准', price: 1_500, stock: 50 }] })).skus[0].id as string;
      const carrier = await carrierWithCredentials(a, admin);
      const { buyer, orderId } = await paidOrder(a, skuId);
      const number = trackingNumber();
      expect((await ship(a, shop, orderId, { trackingNumber: number, logisticsProviderId: carrier.id })).status).toBe(200);

      const stream = await openEvents(`${a.url}/api/v1/orders/${orderId}/tracking/events`, bearer(buyer.token));
      await stream.next((v) => v.status === 'awaiting_pickup');
      expect((await sendEvent(b, carrier, carrierEvent(number, 'in_transit', b.clock.now(), { place: '武汉市' }))).status).toBe(200);
      expect((await stream.next((v) => v.status === 'in_transit')).events[0].place).toBe('武汉市');
      await stream.close();

      const sandboxOrder = await paidOrder(a, skuId);
      const sandboxNumber = trackingNumber('SB');
      expect((await ship(b, shop, sandboxOrder.orderId, { trackingNumber: sandboxNumber, logisticsProviderId: SANDBOX_CARRIER.providerId })).status).toBe(200);
      const sandboxStream = await openEvents(`${a.url}/api/v1/orders/${sandboxOrder.orderId}/tracking/events`, bearer(sandboxOrder.buyer.token));
      await sandboxStream.next((v) => v.status === 'awaiting_pickup');
      expect((await b.http.post(`/sandbox/parcels/${sandboxNumber}/deliver`)).status).toBe(200);
      expect((await sandboxStream.next((v) => v.status === 'delivered')).events.at(-1).kind).toBe('delivered');
      await sandboxStream.close();
    });

    it('races: one tracking number shipped on two orders at once through both processes → one parcel, the other 409; one event sent 20 times at once → stored once', async () => {
      const admin = await given.admin(a);
      const shop = await given.operator(a, admin);
      const skuId = (await given.product(a, shop, { skus: [{ name: '标准', price: 1_500, stock: 50 }] })).skus[0].id as string;
      const carrier = await carrierWithCredentials(a, admin);
      const first = await paidOrder(a, skuId);
      const second = await paidOrder(a, skuId);
      const number = trackingNumber();
      const results = await Promise.all([
        ship(a, shop, first.orderId, { trackingNumber: number, logisticsProviderId: carrier.id }),
        ship(b, shop, second.orderId, { trackingNumber: number, logisticsProviderId: carrier.id }),
      ]);
      expect(results.map((r) => (r.status === 200 ? 'shipped' : `${r.status} ${r.body.code}`)).sort()).toEqual(['409 TRACKING_NUMBER_IN_USE', 'shipped']);
      const parcels = await a.ctx.database.db.selectFrom('parcels').select('order_id').where('tracking_number', '=', number).execute();
      expect(parcels).toHaveLength(1);
      const loser = results[0]!.status === 200 ? second : first;
      expect((await a.http.get(`/orders/${loser.orderId}`, { token: loser.buyer.token })).body.status).toBe('paid');

      const event = carrierEvent(number, 'picked_up', a.clock.now());
      const sent = await Promise.all(Array.from({ length: 20 }, (_, i) => sendEvent(i % 2 ? b : a, carrier, event)));
      expect(sent.map((r) => r.status)).toEqual(Array(20).fill(200));
      expect(sent.filter((r) => r.body.duplicate === false)).toHaveLength(1);
      const stored = await a.ctx.database.db.selectFrom('parcel_events').select('id').where('event_id', '=', event.eventId).execute();
      expect(stored).toHaveLength(1);
    });
  });
}
