/**
 * Group buys through the HTTP API on both databases (API.md "Group buys", RULES.md
 * "Group buy"): offers, opening, forming on the first payment, joining, completion on
 * the N-th payment releasing every order at once, expiry refunding every paid member
 * once, the share page. The books are checked after each test.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../src/lib/clock.js';
import { startTestApp, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, type GivenOperator, type GivenUser } from './support/given.js';

const PIN = '258036';
type Buyer = GivenUser & { addressId: string };

for (const kind of DATABASE_KINDS) {
  describe(`group buys on ${kind}`, () => {
    let t: TestApp;
    let admin: GivenUser;
    let shop: GivenOperator;
    let product: any;
    let skuId: string;

    beforeAll(async () => {
      t = await startTestApp(kind, { poolSize: 20 });
      admin = await given.admin(t);
    });
    beforeEach(async () => {
      shop = await given.operator(t, admin);
      product = await given.product(t, shop, { skus: [{ name: '单只', price: 5_900, stock: 10, groupPrice: 4_900, groupSize: 3 }, { name: '两只', price: 9_900, stock: 10 }] });
      skuId = product.skus[0].id;
    });
    afterEach(async () => {
      expect(await t.ctx.ledger.check(t.ctx.database.db)).toEqual([]);
    });
    afterAll(async () => {
      await t?.close();
    });

    const key = () => ({ 'idempotency-key': randomUUID() });
    async function buyer(name = '买家'): Promise<Buyer> {
      const user = await given.user(t, { pin: PIN, viaSms: false, displayName: name });
      await given.funds(t, user, 100_000);
      return { ...user, addressId: await given.address(t, user) };
    }
    const open = (b: Buyer, sku = skuId) => t.http.post('/group-buys', { skuId: sku, quantity: 1, addressId: b.addressId }, { token: b.token, headers: key() });
    const join = (b: Buyer, id: string) => t.http.post(`/group-buys/${id}/join`, { addressId: b.addressId }, { token: b.token, headers: key() });
    const pay = (b: GivenUser, orderId: string) => t.http.post(`/orders/${orderId}/pay`, { pin: PIN }, { token: b.token, headers: key() });
    const ship = (orderId: string) => t.http.post(`/orders/${orderId}/ship`, { carrier: '顺丰', trackingNumber: 'SF1234567890' }, { token: shop.owner.token, headers: key() });
    const group = async (id: string) => (await t.http.get(`/group-buys/${id}`)).body;
    const stock = async () => (await t.http.get(`/products/${product.id}`)).body.skus[0].stock;
    const wallet = async (b: GivenUser) => (await t.http.get('/wallet', { token: b.token })).body;
    const receivable = async () => (await t.ctx.ledger.balanceOf(t.ctx.database.db, 'operator_receivable', shop.id)).available;

    async function formed(): Promise<{ initiator: Buyer; id: string; orderId: string }> {
      const initiator = await buyer('团长');
      const res = await open(initiator);
      expect(res.status, res.text).toBe(201);
      expect((await pay(initiator, res.body.order.id)).status).toBe(200);
      return { initiator, id: res.body.groupBuy.id, orderId: res.body.order.id };
    }

    it('the owner sets and withdraws group terms; anyone reads them; others and bad terms are refused', async () => {
      const other = await given.operator(t, admin);
      const path = `/products/${product.id}/skus/${product.skus[1].id}/group-offer`;
      expect((await t.http.put(path, { groupPrice: 7_900, groupSize: 2 }, { token: other.owner.token })).status).toBe(404);
      const tooHigh = await t.http.put(path, { groupPrice: 9_900, groupSize: 2 }, { token: shop.owner.token });
      expect([tooHigh.status, tooHigh.body.code, tooHigh.body.errors[0].path]).toEqual([400, 'VALIDATION_FAILED', '/body/groupPrice']);
      expect((await t.http.put(path, { groupPrice: 7_900, groupSize: 11 }, { token: shop.owner.token })).status).toBe(400);
      const set = await t.http.put(path, { groupPrice: 7_900, groupSize: 2 }, { token: shop.owner.token });
      expect(set.status, set.text).toBe(200);
      expect(set.body.offer).toEqual({ skuId: product.skus[1].id, skuName: '两只', price: 9_900, groupPrice: 7_900, groupSize: 2 });
      const offers = (await t.http.get(`/products/${product.id}/group-offers`)).body;
      expect(offers.offers.map((o: any) => [o.skuName, o.groupPrice, o.groupSize])).toEqual([['单只', 4_900, 3], ['两只', 7_900, 2]]);
      expect(offers.openGroups).toEqual([]);
      // The product itself shows the same terms (one source of truth: the SKU).
      expect((await t.http.get(`/products/${product.id}`)).body.skus[1]).toMatchObject({ groupPrice: 7_900, groupSize: 2 });
      expect((await t.http.delete(path, undefined, { token: other.owner.token })).status).toBe(404);
      expect((await t.http.delete(path, undefined, { token: shop.owner.token })).status).toBe(204);
      expect((await t.http.get(`/products/${product.id}/group-offers`)).body.offers).toHaveLength(1);
      const noOffer = await t.http.post('/group-buys', { skuId: product.skus[1].id, addressId: (await buyer()).addressId }, { token: (await buyer()).token, headers: key() });
      expect([noOffer.status, noOffer.body.code]).toEqual([409, 'NO_GROUP_OFFER']);
    });

    it('opening: an order at the group price with 15 minutes to pay; the group is not joinable or listed until it is paid, then forms for 24 h', async () => {
      const initiator = await buyer('团长');
      const stockBefore = await stock();
      const res = await open(initiator);
      expect(res.status, res.text).toBe(201);
      const { groupBuy, order } = res.body;
      expect(order).toMatchObject({ status: 'pending_payment', total: 4_900, awaitingGroup: true, source: { kind: 'group_buy', id: groupBuy.id } });
      expect(new Date(order.expiresAt).getTime() - new Date(order.createdAt).getTime()).toBe(15 * MINUTE);
      expect(groupBuy).toMatchObject({ status: 'forming', groupSize: 3, groupPrice: 4_900, paidMembers: 0, seatsLeft: 0, formedAt: null, members: [{ displayName: '团长', paid: false, initiator: true }] });
      expect(await stock()).toBe(stockBefore - 1);
      expect((await t.http.get(`/products/${product.id}/group-offers`)).body.openGroups).toEqual([]);
      const early = await join(await buyer(), groupBuy.id);
      expect([early.status, early.body.code]).toEqual([409, 'GROUP_NOT_OPEN']);

      t.clock.advance(MINUTE);
      expect((await pay(initiator, order.id)).status).toBe(200);
      const now = t.clock.now().getTime();
      const g = await group(groupBuy.id);
      expect(g).toMatchObject({ status: 'forming', paidMembers: 1, seatsLeft: 2, formedAt: new Date(now).toISOString(), expiresAt: new Date(now + 24 * HOUR).toISOString() });
      expect(JSON.stringify(g)).not.toContain(initiator.phone);
      const listed = (await t.http.get(`/products/${product.id}/group-offers`)).body.openGroups;
      expect(listed).toEqual([{ id: groupBuy.id, skuId, groupPrice: 4_900, groupSize: 3, paidMembers: 1, seatsLeft: 2, expiresAt: g.expiresAt, initiator: { displayName: '团长' } }]);
    });

    it('joining: one seat per buyer, never more than N members paid or reserved; GROUP_FULL, ALREADY_MEMBER, GROUP_EXPIRED', async () => {
      const { initiator, id } = await formed();
      expect((await join(initiator, id)).body.code).toBe('ALREADY_MEMBER');
      const b = await buyer('乙');
      const c = await buyer('丙');
      const joined = await join(b, id);
      expect(joined.status, joined.text).toBe(201);
      expect(joined.body.order).toMatchObject({ status: 'pending_payment', total: 4_900, awaitingGroup: true });
      expect((await join(b, id)).body.code).toBe('ALREADY_MEMBER');
      expect((await join(c, id)).status).toBe(201);
      const full = await join(await buyer(), id);
      expect([full.status, full.body.code]).toEqual([409, 'GROUP_FULL']);
      expect((await group(id)).seatsLeft).toBe(0);
      expect((await t.http.get(`/products/${product.id}/group-offers`)).body.openGroups).toEqual([]);

      // An unpaid seat is released when its order expires (the orders timer).
      t.clock.advance(16 * MINUTE);
      await t.ctx.orderTimers.sweep();
      expect((await group(id)).seatsLeft).toBe(2);
      const again = await join(b, id);
      expect(again.status, again.text).toBe(201);

      t.clock.advance(24 * HOUR);
      const late = await join(await buyer(), id);
      expect([late.status, late.body.code]).toEqual([409, 'GROUP_EXPIRED']);
      expect((await group(id)).status).toBe('expired');
      expect((await t.http.post('/group-buys/no-such-group/join', { addressId: b.addressId }, { token: b.token, headers: key() })).status).toBe(404);
    });

    it('completes the moment the N-th seat is paid: every order ships from then on, and no money reached the operator before', async () => {
      const receivableBefore = await receivable();
      const { initiator, id, orderId } = await formed();
      const [b, c] = [await buyer('乙'), await buyer('丙')];
      const orderB = (await join(b, id)).body.order.id;
      const orderC = (await join(c, id)).body.order.id;
      expect((await pay(b, orderB)).status).toBe(200);
      const notYet = await ship(orderId);
      expect([notYet.status, notYet.body.code]).toEqual([409, 'GROUP_NOT_COMPLETE']);
      expect(await receivable()).toBe(receivableBefore);
      expect((await wallet(b)).held).toBe(4_900);

      expect((await pay(c, orderC)).status).toBe(200);
      const done = await group(id);
      expect(done).toMatchObject({ status: 'complete', paidMembers: 3, seatsLeft: 0 });
      expect(done.members.map((m: any) => [m.displayName, m.paid])).toEqual([['团长', true], ['乙', true], ['丙', true]]);
      expect((await t.http.get(`/orders/${orderId}`, { token: initiator.token })).body.awaitingGroup).toBe(false);
      for (const order of [orderId, orderB, orderC]) expect((await ship(order)).status).toBe(200);
      // Shipping moves no money either: escrow is released on receipt.
      expect(await receivable()).toBe(receivableBefore);
      expect((await join(await buyer(), id)).body.code).toBe('GROUP_FULL');
    });

    it('expires 24 h after forming: every paid member refunded in full once, unpaid seats dropped, stock back; late payment refused', async () => {
      await t.ctx.groupBuyFlow.expireDue(); // groups the earlier tests left past their deadline
      const stockBefore = await stock();
      const { initiator, id } = await formed();
      const [b, c] = [await buyer(), await buyer()];
      const orderB = (await join(b, id)).body.order.id;
      expect((await pay(b, orderB)).status).toBe(200);
      t.clock.advance(24 * HOUR - 5 * MINUTE);
      const orderC = (await join(c, id)).body.order;
      // The seat's payment window ends with the group.
      expect(new Date(orderC.expiresAt).getTime()).toBe(new Date((await group(id)).expiresAt).getTime());
      expect(await stock()).toBe(stockBefore - 3);
      t.clock.advance(5 * MINUTE);
      const late = await pay(c, orderC.id);
      expect(late.status).toBe(409);
      expect((await wallet(c)).balance).toBe(100_000);

      expect(await t.ctx.groupBuyFlow.expireDue()).toEqual({ expired: 1, refunded: 2 });
      expect(await t.ctx.groupBuyFlow.expireDue()).toEqual({ expired: 0, refunded: 0 });
      for (const who of [initiator, b, c]) expect(await wallet(who)).toMatchObject({ balance: 100_000, held: 0 });
      expect(await stock()).toBe(stockBefore);
      expect(await group(id)).toMatchObject({ status: 'expired', paidMembers: 0, members: [] });
      expect((await join(await buyer(), id)).body.code).toBe('GROUP_EXPIRED');
    });

    it('a group whose initiator never pays lapses with the order; nothing is refunded', async () => {
      const initiator = await buyer();
      const { groupBuy } = (await open(initiator)).body;
      await t.ctx.groupBuyFlow.expireDue(); // groups the earlier tests left past their deadline
      t.clock.advance(15 * MINUTE);
      expect(await t.ctx.groupBuyFlow.expireDue()).toEqual({ expired: 1, refunded: 0 });
      expect((await group(groupBuy.id)).status).toBe('expired');
      expect(await wallet(initiator)).toMatchObject({ balance: 100_000, held: 0 });
    });

    it('bad opening input: unknown SKU, no group offer, foreign address, a quantity other than 1, no session', async () => {
      const b = await buyer();
      const post = (body: unknown, token: string | null = b.token) => t.http.post('/group-buys', body, { token: token ?? undefined, headers: key() });
      const unknown = await post({ skuId: 'no-such-sku', addressId: b.addressId });
      expect([unknown.status, unknown.body.errors?.[0]?.path]).toEqual([400, '/body/skuId']);
      expect((await post({ skuId: product.skus[1].id, addressId: b.addressId })).body.code).toBe('NO_GROUP_OFFER');
      const other = await buyer();
      expect((await post({ skuId, addressId: other.addressId })).body.errors?.[0]?.path).toBe('/body/addressId');
      expect((await post({ skuId, addressId: b.addressId, quantity: 2 })).status).toBe(400);
      expect((await post({ skuId, addressId: b.addressId }, null)).status).toBe(401);
      expect((await t.http.get('/group-buys/no-such-group')).status).toBe(404);
    });

    it('the share page /g/:id: Open Graph tags with the product, group price and seats left, a QR code to the app page, text escaped; unknown → 404 page', async () => {
      const evil = await given.product(t, shop, { title: '<script>alert(1)</script> 杯 "x"', skus: [{ name: '一只', price: 3_900, stock: 5, groupPrice: 2_950, groupSize: 2 }] });
      const initiator = await buyer();
      const res = await open(initiator, evil.skus[0].id);
      await pay(initiator, res.body.order.id);
      const id = res.body.groupBuy.id;
      const page = await fetch(`${t.url}/g/${id}?from=singlemessage`);
      const html = await page.text();
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(html).not.toContain('<script>alert(1)</script>');
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; 杯 &quot;x&quot;');
      expect(html).toMatch(/<meta property="og:title" content="[^"]*拼团价 ¥29\.50">/);
      expect(html).toMatch(/<meta property="og:description" content="[^"]*还差 1 人/);
      expect(html).toContain(`<meta property="og:url" content="${t.url}/g/${id}">`);
      expect(html).toContain(`<meta property="og:image" content="${t.url}${evil.images[0]}">`);
      expect(html).toContain('<svg');
      expect(html).toContain(`href="${t.url}/group-buys/${id}"`);
      for (const missing of ['/g/no-such-group', `/g/${'x'.repeat(100)}`]) {
        const notFound = await fetch(`${t.url}${missing}`);
        expect(notFound.status).toBe(404);
        expect(notFound.headers.get('content-type')).toMatch(/^text\/html/);
      }
    });
  });
}
