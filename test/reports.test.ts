/**
 * Reports (API.md "Reports and register"), on both databases, with
 * figures computed by hand from orders, disputes and a group buy seeded across four
 * UTC days of March 2030 (the clock is set there before anyone signs in):
 *
 *   day 1  o1 b1 A 10 000 paid (refunded in full on day 2 by the accepted case)
 *          o2 b2 B×2 5 000 paid (case on day 4, partial refund: stays a sale)
 *          o3 b1 B 2 500 never paid
 *   day 2  o4 b3 A 10 000 paid, then cancelled          o5 b2 A 10 000 paid
 *          cases: c1 on o1 12:00 accepted 22:00 (10 h); c2 on o5 12:30, ruled day 4 12:30 (48 h)
 *   day 3  a group of two (b1 opens, b2 joins) at 2 000 each, both paid: completed
 *   day 4  o6 b3 B 2 500 paid; cases: c3 on o2 12:00 accepted 14:00 (2 h); c4 on o6 13:00 withdrawn
 *
 * Sales (paid in the period, not cancelled or refunded): o2, o5, the two seats, o6.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, type GivenOperator, type GivenUser } from './support/given.js';

const PIN = '258036';
const at = (day: number, hour: number, minute = 0) => new Date(Date.UTC(2030, 2, day, hour, minute));
const key = () => ({ 'idempotency-key': randomUUID() });

for (const kind of DATABASE_KINDS) {
  describe(`reports on ${kind}`, () => {
    let t: TestApp;
    let admin: GivenUser;
    let regulator: GivenUser;
    let shop: GivenOperator;
    let buyers: (GivenUser & { addressId: string })[];
    let product: any;

    const login = async (u: GivenUser) => {
      const res = await t.http.post('/auth/login', { phone: u.phone, password: u.password });
      expect(res.status).toBe(200);
      u.token = res.body.token;
    };
    const ok = async (res: Promise<{ status: number; text: string; body: any }>, status = 200) => {
      const r = await res;
      expect(r.status, r.text).toBe(status);
      return r.body;
    };
    const buy = async (b: GivenUser & { addressId: string }, sku: number, quantity = 1) =>
      (await ok(t.http.post('/orders', { addressId: b.addressId, items: [{ skuId: product.skus[sku].id, quantity }] }, { token: b.token, headers: key() }), 201)).order.id as string;
    const pay = (b: GivenUser, orderId: string) => ok(t.http.post(`/orders/${orderId}/pay`, { pin: PIN }, { token: b.token, headers: key() }));
    const dispute = async (b: GivenUser, orderId: string, refund: number) =>
      (await ok(t.http.post('/disputes', { orderId, category: 'quality', claim: { refund }, description: '质量问题' }, { token: b.token, headers: key() }), 201)).dispute.id as string;
    const accept = (id: string) => ok(t.http.post(`/disputes/${id}/respond`, { accept: true }, { token: shop.owner.token, headers: key() }));
    const summary = (from: string, to: string, token = admin.token) => t.http.get(`/admin/reports/summary?from=${from}&to=${to}`, { token });

    beforeAll(async () => {
      t = await startTestApp(kind, { poolSize: 20 });
      t.clock.set(at(1, 8));
      admin = await given.admin(t);
      regulator = await given.user(t, { viaSms: false });
      await ok(t.http.post(`/admin/users/${regulator.id}/roles`, { role: 'regulator', granted: true }, { token: admin.token }));
      shop = await given.operator(t, admin, { viaSms: false });
      product = await given.product(t, shop, { skus: [{ name: 'A', price: 10_000, stock: 20 }, { name: 'B', price: 2_500, stock: 20 }] });
      await ok(t.http.put(`/products/${product.id}/skus/${product.skus[1].id}/group-offer`, { groupPrice: 2_000, groupSize: 2 }, { token: shop.owner.token }));
      buyers = [];
      for (let i = 0; i < 3; i++) {
        const b = await given.user(t, { pin: PIN, viaSms: false });
        await given.funds(t, b, 100_000);
        buyers.push({ ...b, addressId: await given.address(t, b) });
      }
      const [b1, b2, b3] = buyers as [GivenUser & { addressId: string }, GivenUser & { addressId: string }, GivenUser & { addressId: string }];

      t.clock.set(at(1, 12));
      const o1 = await buy(b1, 0);
      await pay(b1, o1);
      const o2 = await buy(b2, 1, 2);
      await pay(b2, o2);
      await buy(b1, 1);

      t.clock.set(at(2, 12));
      const o4 = await buy(b3, 0);
      await pay(b3, o4);
      await ok(t.http.post(`/orders/${o4}/cancel`, undefined, { token: b3.token, headers: key() }));
      const o5 = await buy(b2, 0);
      await pay(b2, o5);
      const c1 = await dispute(b1, o1, 10_000);
      t.clock.set(at(2, 12, 30));
      const c2 = await dispute(b2, o5, 3_000);
      await ok(t.http.post(`/disputes/${c2}/escalate`, undefined, { token: b2.token, headers: key() }));
      t.clock.set(at(2, 22));
      await accept(c1);

      t.clock.set(at(3, 12));
      const opened = await ok(t.http.post('/group-buys', { skuId: product.skus[1].id, addressId: b1.addressId }, { token: b1.token, headers: key() }), 201);
      await pay(b1, opened.order.id);
      const seat = await ok(t.http.post(`/group-buys/${opened.groupBuy.id}/join`, { addressId: b2.addressId }, { token: b2.token, headers: key() }), 201);
      await pay(b2, seat.order.id);
      expect((await t.http.get(`/group-buys/${opened.groupBuy.id}`)).body.status).toBe('complete');

      t.clock.set(at(4, 12));
      for (const u of [admin, regulator, shop.owner, ...buyers]) await login(u);
      const o6 = await buy(b3, 1);
      await pay(b3, o6);
      const c3 = await dispute(b2, o2, 1_000);
      t.clock.set(at(4, 12, 30));
      await ok(t.http.post(`/admin/disputes/${c2}/rule`, { refund: 0, compensation: 0, reason: '证据不足' }, { token: admin.token }));
      t.clock.set(at(4, 13));
      const c4 = await dispute(b3, o6, 2_500);
      await ok(t.http.post(`/disputes/${c4}/withdraw`, undefined, { token: b3.token, headers: key() }));
      t.clock.set(at(4, 14));
      await accept(c3);
      t.clock.set(at(5, 9));
    }, 600_000);
    afterAll(async () => {
      await t?.close();
    });

    it('sums the whole period by hand: GMV of sales only, distinct buyers, completed groups, cases opened and resolved, an odd median', async () => {
      const res = await summary('2030-03-01', '2030-03-04');
      expect(res.status, res.text).toBe(200);
      expect(res.body).toEqual({
        from: '2030-03-01',
        to: '2030-03-04',
        gmv: 5_000 + 10_000 + 2 * 2_000 + 2_500,
        orders: 5,
        buyers: 3,
        groupBuysCompleted: 1,
        disputesOpened: 4,
        disputesResolved: 3,
        medianResolutionHours: 10,
        // o1, o5, o2, o6 disputed; o1, o2, o4, o5, two seats and o6 paid.
        shareDisputed: Math.round((4 / 7) * 10_000) / 10_000,
        days: [
          { date: '2030-03-01', gmv: 5_000, orders: 1, groupBuysCompleted: 0, disputesOpened: 0, disputesResolved: 0 },
          { date: '2030-03-02', gmv: 10_000, orders: 1, groupBuysCompleted: 0, disputesOpened: 2, disputesResolved: 1 },
          { date: '2030-03-03', gmv: 4_000, orders: 2, groupBuysCompleted: 1, disputesOpened: 0, disputesResolved: 0 },
          { date: '2030-03-04', gmv: 2_500, orders: 1, groupBuysCompleted: 0, disputesOpened: 2, disputesResolved: 2 },
        ],
      });
    });

    it('one day with two resolutions gives the even median (48 h and 2 h → 25 h); a day with one gives it alone', async () => {
      const day4 = (await summary('2030-03-04', '2030-03-04')).body;
      expect([day4.disputesResolved, day4.medianResolutionHours, day4.gmv, day4.orders, day4.buyers]).toEqual([2, 25, 2_500, 1, 1]);
      const day2 = (await summary('2030-03-02', '2030-03-02')).body;
      expect([day2.disputesResolved, day2.medianResolutionHours, day2.shareDisputed]).toEqual([1, 10, 1]);
    });

    it('an empty period is all zeros, with no median and no share, one row a day', async () => {
      const res = await summary('2030-04-01', '2030-04-03');
      expect(res.body).toMatchObject({ gmv: 0, orders: 0, buyers: 0, groupBuysCompleted: 0, disputesOpened: 0, disputesResolved: 0, medianResolutionHours: null, shareDisputed: null });
      expect(res.body.days.map((d: { date: string; gmv: number }) => [d.date, d.gmv])).toEqual([['2030-04-01', 0], ['2030-04-02', 0], ['2030-04-03', 0]]);
    });

    it('the regulator reads the same aggregate figures at /regulator/reports/summary; each read of either is audited with the role', async () => {
      const forAdmin = (await summary('2030-03-01', '2030-03-04')).body;
      const res = await t.http.get('/regulator/reports/summary?from=2030-03-01&to=2030-03-04', { token: regulator.token });
      expect(res.status, res.text).toBe(200);
      expect(res.body).toEqual(forAdmin);
      const log = await t.http.get('/admin/audit-log?action=reports.summary.read&limit=100', { token: admin.token });
      const roles = log.body.items.map((e: { actorRole: string; actorId: string }) => [e.actorRole, e.actorId]);
      expect(roles).toContainEqual(['regulator', regulator.id]);
      expect(roles).toContainEqual(['admin', admin.id]);
      // The ruling of day 4 is in the audit log too, with what it decided.
      const rulings = (await t.http.get('/admin/audit-log?action=dispute.rule', { token: admin.token })).body.items;
      expect(rulings).toEqual([expect.objectContaining({ actorId: admin.id, actorRole: 'admin', targetType: 'dispute', detail: expect.objectContaining({ refund: 0, compensation: 0, reason: '证据不足' }) })]);
      expect(rulings[0].at).toBe(at(4, 12, 30).toISOString());
      // Each role only at its own door.
      expect((await t.http.get('/admin/reports/summary?from=2030-03-01&to=2030-03-04', { token: regulator.token })).status).toBe(403);
      expect((await t.http.get('/regulator/reports/summary?from=2030-03-01&to=2030-03-04', { token: admin.token })).status).toBe(403);
      expect((await t.http.get('/regulator/reports/summary?from=2030-03-01&to=2030-03-04', { token: buyers[0]!.token })).status).toBe(403);
    });

    it('a regulator reaches no personal data: every admin or user endpoint that reads a person answers 403 or only their own', async () => {
      const target = buyers[0]!;
      for (const path of [`/admin/users/${target.id}/personal-data?purpose=${encodeURIComponent('regulatory inspection')}`, '/admin/operators', '/admin/service-providers', '/admin/audit-log', '/admin/audit-log.csv', '/admin/disputes']) {
        expect((await t.http.get(path, { token: regulator.token })).status, path).toBe(403);
      }
      // The order and dispute of a buyer, and the shop's orders and shipping addresses: not the regulator's.
      const orders = (await t.http.get('/orders', { token: target.token })).body.items;
      expect((await t.http.get(`/orders/${orders[0].id}`, { token: regulator.token })).status).toBe(404);
      expect((await t.http.get(`/orders/${orders[0].id}/shipping-address`, { token: regulator.token })).status).toBe(404);
      expect((await t.http.get(`/operators/${shop.id}/orders`, { token: regulator.token })).status).toBe(404);
      // The figures themselves name no one.
      const text = (await t.http.get('/regulator/reports/summary?from=2030-03-01&to=2030-03-04', { token: regulator.token })).text;
      for (const u of [...buyers, shop.owner]) {
        expect(text).not.toContain(u.id);
        expect(text).not.toContain(u.phone);
      }
    });
  });
}
