/**
 * D3: an operator sees a buyer's name, phone and address only for
 * that buyer's open orders with it (paid or shipped; src/modules/orders/shipping.ts
 * says why those), each look written to the buyer's access log; otherwise masked.
 * No answer hands it a list of its buyers' phone numbers.
 *
 * On each database a shop gets one buyer per order state — pending payment, paid,
 * shipped, received (with a dispute), returning, completed, cancelled, refunded — and a
 * group-buy member, each with a distinct real name, identity number, account phone and
 * address. Then the shop's owner calls EVERY operation of the OpenAPI document (read at
 * run time, so a new route is walked without a change here), path parameters filled
 * with the shop's real ids (its operator, orders, product, SKUs, dispute, group buy,
 * its buyers' profiles); GETs with their default query, writes with no body: reads
 * first, then writes, then the reads again (a write may have moved an order on).
 * A path parameter this file has no ids for fails the test, asking for them.
 *
 * Asserted: no answer holds a non-open buyer's phone, real name, identity number,
 * recipient, street line or district (whole, encoded, or masked showing too much);
 * an open buyer's account phone, real name and identity number appear nowhere; an open
 * buyer's address appears only in the answer for that buyer's own order's
 * shipping-address, and each such answer has its row in the buyer's access log.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY } from '../src/lib/clock.js';
import { startTestApp, type TestApp } from './support/app.js';
import { PREFIX } from './support/bad-input.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, uniquePhone, validIdNumber, type GivenOperator, type GivenUser } from './support/given.js';
import { firstEvent, leaks, type Scanned, type Secret } from './support/pii-scan.js';

const PIN = '258036';
const STATES = ['pending_payment', 'paid', 'shipped', 'received', 'returning', 'completed', 'cancelled', 'refunded', 'group'] as const;
type State = (typeof STATES)[number];
/** The states in which the operator may read the address in full (a group seat is paid). */
const OPEN: ReadonlySet<State> = new Set<State>(['paid', 'shipped', 'group']);
const REAL_NAMES = ['司马相如', '诸葛孔明', '欧阳修文', '上官飞燕', '慕容复兴', '东方未明', '令狐冲天', '独孤求败', '公孙胜利'];
const RECIPIENTS = ['宋江河', '吴用心', '花荣华', '林冲锋', '武松柏', '鲁达观', '杨志远', '秦明月', '关胜利'];
const DISTRICTS = ['南山区', '福田区', '罗湖区', '宝安区', '龙岗区', '盐田区', '龙华区', '坪山区', '光明区'];

interface Buyer {
  state: State;
  user: GivenUser;
  realName: string;
  idNumber: string;
  address: { recipient: string; phone: string; region: string; line: string };
  addressId: string;
  orderId: string;
}

/** Operations whose answers are not read through `http.request` (each with why). */
const STREAMS = new Set([
  'GET /group-buys/{id}/events',
  'GET /bargains/{id}/events',
  'GET /orders/{id}/tracking/events',
  'GET /conversations/{id}/events',
  'GET /operators/{id}/conversations/events',
  'GET /me/conversations/events',
]);

for (const kind of DATABASE_KINDS) {
  describe(`an operator sees closed orders' buyers only masked (D3) on ${kind}`, () => {
    let t: TestApp;
    let admin: GivenUser;
    let shop: GivenOperator;
    let product: any;
    let groupBuyId: string;
    let completedItemId: string;
    let reviewId: string;
    let disputeId: string;
    let afterSaleId: string;
    let conversationId: string;
    let returnAddressId: string;
    const buyers = new Map<State, Buyer>();
    const responses: Scanned[] = [];

    const key = () => ({ 'idempotency-key': randomUUID() });
    const ok = async (res: Promise<{ status: number; text: string; body: any }>, status = 200) => {
      const r = await res;
      expect(r.status, r.text).toBe(status);
      return r.body;
    };
    const relogin = async (u: GivenUser) => {
      u.token = (await ok(t.http.post('/auth/login', { phone: u.phone, password: u.password }))).token;
    };
    const shipment = () => ({ carrier: '顺丰速运', trackingNumber: `SF${randomUUID().slice(0, 10)}` });

    async function buyer(state: State, i: number): Promise<Buyer> {
      const user = await given.user(t, { verify: 'phone', viaSms: false, displayName: `买家${i}` });
      const realName = REAL_NAMES[i]!;
      const idNumber = validIdNumber(`19${80 + i}0${(i % 9) + 1}15`);
      await given.identityConsent(t, user);
      await ok(t.http.post('/me/identity', { realName, idNumber }, { token: user.token }));
      await ok(t.http.put('/me/payment-pin', { pin: PIN }, { token: user.token }), 204);
      await given.funds(t, user, 50_000);
      const address = { recipient: RECIPIENTS[i]!, phone: uniquePhone(), region: `广东省 深圳市 ${DISTRICTS[i]!}`, line: `科技园北路 ${101 + i} 号 ${i + 1} 栋 ${i + 2}0${i + 1}` };
      const addressId = (await ok(t.http.post('/me/addresses', address, { token: user.token }), 201)).address.id as string;
      return { state, user, realName, idNumber, address, addressId, orderId: '' };
    }
    async function order(b: Buyer, upTo: State): Promise<void> {
      const token = () => b.user.token;
      b.orderId = (await ok(t.http.post('/orders', { addressId: b.addressId, items: [{ skuId: product.skus[0].id, quantity: 1 }] }, { token: token(), headers: key() }), 201)).order.id;
      const steps: [State, () => Promise<unknown>][] = [
        ['paid', () => ok(t.http.post(`/orders/${b.orderId}/pay`, { pin: PIN }, { token: token(), headers: key() }))],
        ['shipped', () => ok(t.http.post(`/orders/${b.orderId}/ship`, shipment(), { token: shop.owner.token, headers: key() }))],
        ['received', () => ok(t.http.post(`/orders/${b.orderId}/confirm-receipt`, undefined, { token: token(), headers: key() }))],
        ['returning', () => ok(t.http.post(`/orders/${b.orderId}/return`, shipment(), { token: token(), headers: key() }))],
        ['refunded', () => ok(t.http.post(`/orders/${b.orderId}/return/received`, undefined, { token: shop.owner.token, headers: key() }))],
      ];
      const path: Record<string, State[]> = {
        pending_payment: [],
        paid: ['paid'],
        cancelled: ['paid'],
        shipped: ['paid', 'shipped'],
        received: ['paid', 'shipped', 'received'],
        completed: ['paid', 'shipped', 'received'],
        returning: ['paid', 'shipped', 'received', 'returning'],
        refunded: ['paid', 'shipped', 'received', 'returning', 'refunded'],
      };
      for (const [step, run] of steps) if (path[upTo]!.includes(step)) await run();
      if (upTo === 'cancelled') await ok(t.http.post(`/orders/${b.orderId}/cancel`, undefined, { token: token(), headers: key() }));
    }

    beforeAll(async () => {
      t = await startTestApp(kind, { poolSize: 20 });
      admin = await given.admin(t);
      shop = await given.operator(t, admin, { viaSms: false });
      product = await given.product(t, shop, { skus: [{ name: '标准', price: 3_000, stock: 50 }, { name: '团购款', price: 2_000, stock: 50 }] });
      await ok(t.http.put(`/products/${product.id}/skus/${product.skus[1].id}/group-offer`, { groupPrice: 1_500, groupSize: 3 }, { token: shop.owner.token }));

      // The completed order first: its return window must pass (and sessions expire with it).
      const completed = await buyer('completed', 0);
      await order(completed, 'completed');
      buyers.set('completed', completed);
      t.clock.advance(9 * DAY);
      await t.ctx.orderTimers.sweep();
      for (const u of [admin, shop.owner, completed.user]) await relogin(u);
      const completedOrder = (await t.http.get(`/orders/${completed.orderId}`, { token: completed.user.token })).body;
      expect(completedOrder.status).toBe('completed');
      // The completed buyer reviews the item (within its 15 days): the shop reads it among its reviews.
      completedItemId = completedOrder.items[0].id;
      reviewId = (await ok(t.http.post(`/orders/${completed.orderId}/items/${completedItemId}/review`, { rating: 3, serviceRating: 3, deliveryRating: 3, text: '一般' }, { token: completed.user.token, headers: key() }), 201)).review.id;

      for (const [i, state] of STATES.entries()) {
        if (state === 'completed') continue;
        const b = await buyer(state, i);
        buyers.set(state, b);
        if (state === 'group') {
          const opened = await ok(t.http.post('/group-buys', { skuId: product.skus[1].id, addressId: b.addressId }, { token: b.user.token, headers: key() }), 201);
          groupBuyId = opened.groupBuy.id;
          b.orderId = opened.order.id;
          await ok(t.http.post(`/orders/${b.orderId}/pay`, { pin: PIN }, { token: b.user.token, headers: key() }));
        } else {
          await order(b, state);
        }
      }
      returnAddressId = (await ok(t.http.post(`/operators/${shop.id}/return-addresses`, { recipient: '王仓管', phone: uniquePhone(), region: '浙江省 杭州市 余杭区', line: '良睦路 1 号 退货仓' }, { token: shop.owner.token, headers: key() }), 201)).address.id;
      // The returning buyer's return is an after-sales request (POST /orders/:id/return).
      const returning = buyers.get('returning')!;
      afterSaleId = (await ok(t.http.get('/me/after-sales', { token: returning.user.token }))).items[0].id;
      const received = buyers.get('received')!;
      disputeId = (await ok(t.http.post('/disputes', { orderId: received.orderId, category: 'quality', claim: { refund: 1_000 }, description: '有划痕' }, { token: received.user.token, headers: key() }), 201)).dispute.id;
      // A buyer's conversation with the shop: the inbox and the messages show a display name only (D3).
      conversationId = (await ok(t.http.post(`/operators/${shop.id}/conversations`, undefined, { token: received.user.token, headers: key() }))).conversation.id;
      await ok(t.http.post(`/conversations/${conversationId}/messages`, { kind: 'order', orderId: received.orderId }, { token: received.user.token, headers: key() }), 201);
      for (const b of buyers.values()) {
        const status = (await t.http.get(`/orders/${b.orderId}`, { token: b.user.token })).body.status;
        expect([b.state, status]).toEqual([b.state, b.state === 'group' ? 'paid' : b.state]);
      }
    }, 600_000);
    afterAll(async () => {
      await t?.close();
    });

    /** Concrete paths for a documented one: `{id}` by the segment before it, other parameters by name. */
    function fill(path: string): string[] {
      const all = [...buyers.values()];
      const byResource: Record<string, string[]> = {
        operators: [shop.id],
        orders: all.map((b) => b.orderId),
        products: [product.id],
        disputes: [disputeId],
        'after-sales': [afterSaleId],
        'group-buys': [groupBuyId],
        users: [...all.map((b) => b.user.id), shop.owner.id],
        bargains: ['no-such-bargain'],
        b: ['no-such-bargain'],
        notes: ['no-such-note'],
        'top-ups': ['no-such-top-up'],
        payments: ['no-such-payment'],
        passkeys: ['no-such-passkey'],
        uploads: ['no-such-upload.png'],
        'bargain-offers': [product.skus[0].id],
        'service-providers': ['no-such-provider'],
        notifications: ['no-such-notification'],
        reviews: [reviewId],
        conversations: [conversationId],
        'review-appeals': ['no-such-appeal'],
      };
      const byName: Record<string, string> = { itemId: completedItemId, addressId: returnAddressId, productId: product.id, skuId: product.skus[1].id, tagId: 'no-such-tag', noteId: 'no-such-note', purpose: 'marketing', key: 'no-such-upload.png', trackingNumber: 'NOSUCH123456', replyId: 'no-such-reply' };
      const params = [...path.matchAll(/\{(\w+)\}/g)];
      let paths = [path];
      for (const [whole, name] of params) {
        const before = path.slice(0, path.indexOf(whole)).split('/').filter(Boolean).at(-1)!;
        const values = name === 'id' ? byResource[before] : byName[name!] !== undefined ? [byName[name!]!] : undefined;
        expect(values, `add ids for ${whole} in ${path}`).toBeDefined();
        paths = paths.flatMap((p) => values!.map((v) => p.replace(whole, encodeURIComponent(v))));
      }
      return paths;
    }

    async function walk(operations: { method: string; path: string; query: string }[], phase: string): Promise<void> {
      const token = shop.owner.token;
      for (const op of operations) {
        const label = `${op.method} ${op.path}`;
        for (const path of fill(op.path)) {
          const what = `${phase}: ${op.method} ${path}${op.query}`;
          if (STREAMS.has(label)) {
            responses.push({ what, ...(await firstEvent(`${t.url}${PREFIX}${path}`, token)) });
          } else if (label === 'POST /auth/logout') {
            // Ends the session it is sent with: a throwaway one, so the walk goes on.
            const spare = (await ok(t.http.post('/auth/login', { phone: shop.owner.phone, password: shop.owner.password }))).token;
            responses.push({ what, ...(await t.http.post(path, undefined, { token: spare })) });
          } else {
            const res = await t.http.request(op.method, `${path}${op.query}`, undefined, { token, headers: op.method === 'GET' ? {} : key() });
            expect(res.status, `${what} → ${res.text.slice(0, 200)}`).toBeLessThan(500);
            responses.push({ what, status: res.status, text: res.text });
          }
        }
      }
    }

    // Hundreds of calls, more with each module's routes (after-sales added ~30): more than the default 30 s on a loaded machine.
    it("walks every operation as the shop's owner and finds closed-order buyers only masked, open ones only behind the access log", { timeout: 180_000 }, async () => {
      const doc = (await t.http.get('/openapi.json')).body as { paths: Record<string, Record<string, { parameters?: { in: string; name: string; required?: boolean }[] }>> };
      const required: Record<string, string> = { purpose: 'operator-walk', phone: uniquePhone(), q: encodeURIComponent('标准'), type: 'products', from: '2000-01-01', to: '2000-12-31' };
      const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.entries(ops).map(([method, op]) => {
          const names = (op.parameters ?? []).filter((p) => p.in === 'query' && p.required).map((p) => p.name);
          const unknown = names.filter((n) => !(n in required));
          expect(unknown, `add a value for ${path}?${unknown.join('&')}`).toEqual([]);
          return { method: method.toUpperCase(), path: path.replace(PREFIX, ''), query: names.length > 0 ? `?${names.map((n) => `${n}=${required[n]}`).join('&')}` : '' };
        }),
      );
      expect(operations.length).toBeGreaterThan(100);
      const reads = operations.filter((op) => op.method === 'GET');
      await walk(reads, 'read');
      await walk(operations.filter((op) => op.method !== 'GET'), 'write');
      await walk(reads, 'read again');

      // The walk reached the shop's data: its order list and each order's shipping address answered.
      expect(responses.filter((r) => r.what.includes(`GET /operators/${shop.id}/orders`) && r.status === 200)).toHaveLength(2);
      const all = [...buyers.values()];
      for (const b of all) expect(responses.some((r) => r.what === `read: GET /orders/${b.orderId}/shipping-address` && r.status === 200), b.state).toBe(true);

      const secretsOf = (b: Buyer, which: 'all' | 'identity'): Secret[] => {
        const who = `${b.state} buyer's`;
        const identity: Secret[] = [
          { what: `${who} account phone`, value: b.user.phone, maskedMayShow: 7 },
          { what: `${who} real name`, value: b.realName, maskedMayShow: Math.floor(b.realName.length / 2) },
          { what: `${who} identity number`, value: b.idNumber, maskedMayShow: 7 },
        ];
        if (which === 'identity') return identity;
        return [
          ...identity,
          { what: `${who} delivery phone`, value: b.address.phone, maskedMayShow: 7 },
          { what: `${who} recipient`, value: b.address.recipient, maskedMayShow: 1 },
          { what: `${who} street line`, value: b.address.line, maskedMayShow: 0 },
          { what: `${who} district`, value: b.address.region, maskedMayShow: 0 },
        ];
      };
      const closed = all.filter((b) => !OPEN.has(b.state));
      const open = all.filter((b) => OPEN.has(b.state));
      expect(closed.map((b) => b.state).sort()).toEqual(['cancelled', 'completed', 'pending_payment', 'received', 'refunded', 'returning']);
      const secrets = [...closed.flatMap((b) => secretsOf(b, 'all')), ...open.flatMap((b) => secretsOf(b, 'identity'))];
      expect(responses.flatMap((r) => leaks(r, secrets))).toEqual([]);

      // Closed orders' addresses came back masked (and still say where, to the city).
      const closedAnswer = responses.find((r) => r.what === `read: GET /orders/${buyers.get('completed')!.orderId}/shipping-address`)!;
      expect(JSON.parse(closedAnswer.text).address).toEqual({ recipient: '宋**', phone: `${buyers.get('completed')!.address.phone.slice(0, 3)}****${buyers.get('completed')!.address.phone.slice(7)}`, region: '广东省 深圳市', line: '', masked: true });

      for (const b of open) {
        const showing = responses.filter((r) => [b.address.phone, b.address.line, b.address.recipient].some((v) => r.text.includes(v)));
        // Only that buyer's own order's shipping address shows it…
        expect([...new Set(showing.map((r) => r.what.replace(/^[a-z ]+: /, '')))]).toEqual([`GET /orders/${b.orderId}/shipping-address`]);
        // …and every such answer has its row in the buyer's access log.
        const log = (await t.http.get('/me/access-log?limit=100', { token: b.user.token })).body.items as { actorId: string; fields: string[]; purpose: string }[];
        const looks = log.filter((e) => e.actorId === shop.owner.id && e.purpose === `ship order ${b.orderId}`);
        expect(looks.length, b.state).toBe(showing.length);
        expect(looks.every((e) => e.fields.includes('address'))).toBe(true);
      }

      // No answer lists the phones of two buyers, even masked ones beside each other.
      for (const r of responses) {
        const phones = all.filter((b) => r.text.includes(b.address.phone) || r.text.includes(b.user.phone));
        expect(phones.length, r.what).toBeLessThanOrEqual(1);
      }
    });
  });
}
