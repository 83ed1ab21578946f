/**
 * Bargains (砍价) through the HTTP API on both databases: offers and their published
 * rules (R13), starting, helping by RULES.md's cut, every refusal with its code,
 * exact-fen progress (R14), the 24-hour deadline on an injected clock, ordering at
 * the current price, the share page, and the cut property run through the service.
 * The books are checked after each test.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import QRCode from 'qrcode';
import { DAY, HOUR } from '../src/lib/clock.js';
import { startTestApp, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, type GivenOperator, type GivenUser } from './support/given.js';

const PIN = '258036';

for (const kind of DATABASE_KINDS) {
  describe(`bargains on ${kind}`, () => {
    let t: TestApp;
    let shop: GivenOperator;
    /** Verified helpers shared by the tests (each helps at most 10 bargains a Beijing day). */
    let helpers: GivenUser[];

    beforeAll(async () => {
      t = await startTestApp(kind);
      const admin = await given.admin(t);
      shop = await given.operator(t, admin, { viaSms: false });
      helpers = [];
      for (let i = 0; i < 6; i++) helpers.push(await given.user(t, { verify: 'phone', viaSms: false, displayName: `帮砍${i}` }));
    });
    afterEach(async () => {
      expect(await t.ctx.ledger.check(t.ctx.database.db)).toEqual([]);
    });
    afterAll(async () => {
      await t?.close();
    });

    const key = () => ({ 'idempotency-key': randomUUID() });
    /** A product whose one SKU has these bargain terms (API.md "Catalog": bargainFloor, maxHelpers). */
    async function offered(price: number, floor: number, maxHelpers: number, overrides: Record<string, unknown> = {}) {
      const product = await given.product(t, shop, { skus: [{ name: '标准', price, stock: 20, bargainFloor: floor, maxHelpers }], ...overrides });
      return { product, skuId: product.skus[0].id as string };
    }
    const start = (user: GivenUser, skuId: string) => t.http.post('/bargains', { skuId }, { token: user.token, headers: key() });
    const help = (user: GivenUser, id: string) => t.http.post(`/bargains/${id}/help`, undefined, { token: user.token, headers: key() });
    const get = async (id: string) => (await t.http.get(`/bargains/${id}`)).body;
    async function started(skuId: string, owner?: GivenUser) {
      const buyer = owner ?? (await given.user(t, { viaSms: false }));
      const res = await start(buyer, skuId);
      expect(res.status, res.text).toBe(201);
      return { buyer, bargain: res.body.bargain };
    }

    it('R13: the operator publishes an offer with its rules in full before anyone starts; only the owner may set or withdraw it', async () => {
      const { product } = await offered(12_900, 9_900, 10);
      const sku = product.skus[0];
      const put = await t.http.put(`/products/${product.id}/skus/${sku.id}/bargain-offer`, { floor: 8_873, maxHelpers: 5 }, { token: shop.owner.token });
      expect(put.status, put.text).toBe(200);
      expect(put.body.offer).toMatchObject({ skuId: sku.id, price: 12_900, floor: 8_873, maxHelpers: 5 });

      const listed = await t.http.get(`/products/${product.id}/bargain-offers`);
      expect(listed.body.items).toHaveLength(1);
      const rules = (await t.http.get(`/bargain-offers/${sku.id}/rules`)).body;
      expect(listed.body.items[0].rules).toEqual(rules);
      expect(rules).toMatchObject({ price: 12_900, floor: 8_873, maxHelpers: 5, durationHours: 24, helpsPerHelperPerBargain: 1, helpsPerHelperPerDay: 10, selfHelpAllowed: false, verifiedPhoneRequired: true });
      // Exact yuan and fen in both languages, and the draw in words.
      expect(rules.zh[0]).toBe('原价 ¥129.00，最低可砍至 ¥88.73，最多需要 5 位好友帮砍。');
      expect(rules.en[0]).toContain('¥88.73');
      expect(rules.cutFormula.zh).toContain('max(1, ⌊r/2k⌋)');
      expect(rules.cutFormula.en).toContain('min(⌊2r/k⌋, r − (k − 1))');
      expect(rules.zh.join('')).toMatch(/24 小时.*每人每天（北京时间）最多帮砍 10 次.*不能帮自己砍价.*验证手机号/s);
      // The product page shows the same terms (API.md "Catalog").
      expect((await t.http.get(`/products/${product.id}`)).body.skus[0]).toMatchObject({ bargainFloor: 8_873, maxHelpers: 5 });

      const stranger = await given.user(t, { viaSms: false });
      expect((await t.http.put(`/products/${product.id}/skus/${sku.id}/bargain-offer`, { floor: 1, maxHelpers: 5 }, { token: stranger.token })).status).toBe(404);
      const tooTight = await t.http.put(`/products/${product.id}/skus/${sku.id}/bargain-offer`, { floor: 12_897, maxHelpers: 5 }, { token: shop.owner.token });
      expect([tooTight.status, tooTight.body.code, tooTight.body.errors[0].path]).toEqual([400, 'VALIDATION_FAILED', '/body/maxHelpers']);
      const aboveThePrice = await t.http.put(`/products/${product.id}/skus/${sku.id}/bargain-offer`, { floor: 12_900, maxHelpers: 1 }, { token: shop.owner.token });
      expect([aboveThePrice.status, aboveThePrice.body.errors[0].path]).toEqual([400, '/body/floor']);
      // A floor of 0 is allowed (RULES.md).
      expect((await t.http.put(`/products/${product.id}/skus/${sku.id}/bargain-offer`, { floor: 0, maxHelpers: 5 }, { token: shop.owner.token })).body.offer.floor).toBe(0);

      // A bargain already running keeps the terms it started with (R14) when the offer goes.
      const { bargain } = await started(sku.id);
      expect((await t.http.delete(`/products/${product.id}/skus/${sku.id}/bargain-offer`, undefined, { token: shop.owner.token })).status).toBe(204);
      expect((await t.http.get(`/products/${product.id}/bargain-offers`)).body.items).toEqual([]);
      expect((await t.http.get(`/bargain-offers/${sku.id}/rules`)).status).toBe(404);
      const noOffer = await start(await given.user(t, { viaSms: false }), sku.id);
      expect([noOffer.status, noOffer.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect((await help(helpers[0]!, bargain.id)).status).toBe(200);
      expect(await get(bargain.id)).toMatchObject({ price: 12_900, floor: 0, maxHelpers: 5, helpers: 1 });
    });

    it('starting returns the bargain with the published rules; one active bargain per buyer and SKU', async () => {
      const { skuId } = await offered(6_900, 3_900, 10);
      const published = (await t.http.get(`/bargain-offers/${skuId}/rules`)).body;
      const { buyer, bargain } = await started(skuId);
      expect(bargain).toMatchObject({ price: 6_900, floor: 3_900, current: 6_900, remaining: 3_000, maxHelpers: 10, helpers: 0, status: 'active', helps: [], orderId: null });
      expect(bargain.rules).toEqual(published);
      expect(Date.parse(bargain.expiresAt) - t.clock.now().getTime()).toBe(24 * HOUR);
      const again = await start(buyer, skuId);
      expect([again.status, again.body.code]).toEqual([409, 'BARGAIN_ALREADY_ACTIVE']);
      // Someone else may start their own on the same SKU.
      expect((await started(skuId)).bargain.id).not.toBe(bargain.id);
    });

    it('helps cut by the published draw: ≥ 1 fen each, exact fen progress (R14), the N-th reaches the floor exactly, then 409 BARGAIN_AT_FLOOR', async () => {
      const { skuId } = await offered(1_000, 673, 4);
      const { bargain } = await started(skuId);
      let current = 1_000;
      for (const [i, helper] of helpers.slice(0, 4).entries()) {
        const res = await help(helper, bargain.id);
        expect(res.status, res.text).toBe(200);
        expect(res.body.cut).toBeGreaterThanOrEqual(1);
        current -= res.body.cut;
        expect(res.body).toEqual({ cut: res.body.cut, current, remaining: current - 673 });
        const now = await get(bargain.id);
        expect([now.helpers, now.current, now.remaining]).toEqual([i + 1, current, current - 673]);
      }
      expect(current).toBe(673);
      const done = await get(bargain.id);
      expect(done.helps.map((h: any) => h.helper)).toEqual(helpers.slice(0, 4).map((h, i) => ({ id: h.id, displayName: `帮砍${i}` })));
      expect(done.helps.reduce((sum: number, h: any) => sum + h.cut, 0)).toBe(1_000 - 673);
      // R14: whole fen everywhere, and no percentage anywhere.
      const keys = (value: unknown): string[] => (value && typeof value === 'object' ? Object.entries(value).flatMap(([k, v]) => [k, ...keys(v)]) : []);
      expect(keys(done).filter((k) => /percent|pct|progress/i.test(k))).toEqual([]);
      expect(JSON.stringify(done)).not.toContain('%');
      for (const field of ['price', 'floor', 'current', 'remaining']) expect(Number.isInteger(done[field])).toBe(true);
      const atFloor = await help(helpers[4]!, bargain.id);
      expect([atFloor.status, atFloor.body.code]).toEqual([409, 'BARGAIN_AT_FLOOR']);
    });

    it('refuses: own bargain 403 SELF_HELP, unverified phone 403 PHONE_NOT_VERIFIED, twice 409 ALREADY_HELPED, unknown 404 — and nothing changes', async () => {
      const { skuId } = await offered(5_000, 1_000, 10);
      const { buyer, bargain } = await started(skuId, await given.user(t, { verify: 'phone', viaSms: false }));
      const self = await help(buyer, bargain.id);
      expect([self.status, self.body.code]).toEqual([403, 'SELF_HELP']);
      const unverified = await help(await given.user(t, { legacy: true }), bargain.id);
      expect([unverified.status, unverified.body.code]).toEqual([403, 'PHONE_NOT_VERIFIED']);
      expect((await help(helpers[0]!, bargain.id)).status).toBe(200);
      const twice = await help(helpers[0]!, bargain.id);
      expect([twice.status, twice.body.code]).toEqual([409, 'ALREADY_HELPED']);
      expect((await help(helpers[0]!, 'no-such-bargain')).status).toBe(404);
      expect((await t.http.post(`/bargains/${bargain.id}/help`)).status).toBe(401);
      expect((await get(bargain.id)).helpers).toBe(1);
    });

    it('an Idempotency-Key repeat of a help answers the same cut and cuts once', async () => {
      const { skuId } = await offered(5_000, 1_000, 10);
      const { bargain } = await started(skuId);
      const headers = key();
      const first = await t.http.post(`/bargains/${bargain.id}/help`, undefined, { token: helpers[1]!.token, headers });
      const repeat = await t.http.post(`/bargains/${bargain.id}/help`, undefined, { token: helpers[1]!.token, headers });
      expect([repeat.status, repeat.body]).toEqual([200, first.body]);
      expect((await get(bargain.id)).helps).toHaveLength(1);
    });

    it('the 24-hour deadline (injected clock): ordering works a second before, then helps and orders answer 409 BARGAIN_EXPIRED; a new one may start', async () => {
      const { skuId } = await offered(5_000, 1_000, 10);
      const { buyer, bargain } = await started(skuId, await given.user(t, { pin: PIN, viaSms: false }));
      const late = await started(skuId);
      expect((await help(helpers[2]!, late.bargain.id)).status).toBe(200);
      t.clock.advance(24 * HOUR - 1_000);
      const addressId = await given.address(t, buyer);
      const ordered = await t.http.post(`/bargains/${bargain.id}/order`, { addressId }, { token: buyer.token, headers: key() });
      expect(ordered.status, ordered.text).toBe(201);
      t.clock.advance(1_000);
      expect((await get(late.bargain.id)).status).toBe('expired');
      expect((await get(bargain.id)).status).toBe('ordered');
      const expiredHelp = await help(helpers[3]!, late.bargain.id);
      expect([expiredHelp.status, expiredHelp.body.code]).toEqual([409, 'BARGAIN_EXPIRED']);
      const lateAddress = await given.address(t, late.buyer);
      const expiredOrder = await t.http.post(`/bargains/${late.bargain.id}/order`, { addressId: lateAddress }, { token: late.buyer.token, headers: key() });
      expect([expiredOrder.status, expiredOrder.body.code]).toEqual([409, 'BARGAIN_EXPIRED']);
      // The expired one no longer blocks a new bargain on the SKU.
      expect((await start(late.buyer, skuId)).status).toBe(201);
    });

    it('orders once at the exact current price (30-minute window), which pays like any order; then 409 BARGAIN_ORDERED; another user’s bargain is 404', async () => {
      const { product, skuId } = await offered(8_800, 5_800, 10);
      const buyer = await given.user(t, { pin: PIN, viaSms: false });
      await given.funds(t, buyer, 20_000);
      const { bargain } = await started(skuId, buyer);
      for (const helper of helpers.slice(0, 2)) expect((await help(helper, bargain.id)).status).toBe(200);
      const { current } = await get(bargain.id);
      const addressId = await given.address(t, buyer);
      const other = await given.user(t, { viaSms: false });
      expect((await t.http.post(`/bargains/${bargain.id}/order`, { addressId: await given.address(t, other) }, { token: other.token, headers: key() })).status).toBe(404);

      const res = await t.http.post(`/bargains/${bargain.id}/order`, { addressId }, { token: buyer.token, headers: key() });
      expect(res.status, res.text).toBe(201);
      const order = res.body.order;
      expect(order).toMatchObject({ status: 'pending_payment', total: current, source: { kind: 'bargain', id: bargain.id } });
      expect(order.items).toEqual([expect.objectContaining({ skuId, unitPrice: current, quantity: 1 })]);
      expect(Date.parse(order.expiresAt) - Date.parse(order.createdAt)).toBe(HOUR / 2);
      expect((await t.http.get(`/products/${product.id}`)).body.skus[0].stock).toBe(19);
      expect(await get(bargain.id)).toMatchObject({ status: 'ordered', orderId: order.id });

      const second = await t.http.post(`/bargains/${bargain.id}/order`, { addressId }, { token: buyer.token, headers: key() });
      expect([second.status, second.body.code]).toEqual([409, 'BARGAIN_ORDERED']);
      const afterOrder = await help(helpers[2]!, bargain.id);
      expect([afterOrder.status, afterOrder.body.code]).toEqual([409, 'BARGAIN_ORDERED']);
      const paid = await t.http.post(`/orders/${order.id}/pay`, { pin: PIN }, { token: buyer.token, headers: key() });
      expect([paid.status, paid.body.order.status], paid.text).toEqual([200, 'paid']);
      expect((await t.http.get('/wallet', { token: buyer.token })).body.balance).toBe(20_000 - current);
    });

    it('a helper helps at most 10 bargains a Beijing day: the 11th is 429 HELP_LIMIT_REACHED until midnight Beijing time', async () => {
      // Tomorrow at 10:00 Beijing (02:00 UTC): that day ends 14 hours later.
      const tenAm = Math.floor(t.clock.now().getTime() / DAY) * DAY + DAY + 2 * HOUR;
      t.clock.set(new Date(tenAm));
      const { skuId } = await offered(5_000, 1_000, 10);
      const helper = await given.user(t, { verify: 'phone', viaSms: false });
      const bargains = [];
      for (let i = 0; i < 12; i++) bargains.push((await started(skuId)).bargain);
      for (const b of bargains.slice(0, 10)) expect((await help(helper, b.id)).status).toBe(200);
      const eleventh = await help(helper, bargains[10].id);
      expect([eleventh.status, eleventh.body.code, eleventh.headers.get('retry-after')]).toEqual([429, 'HELP_LIMIT_REACHED', String(14 * 3600)]);
      expect((await get(bargains[10].id)).helpers).toBe(0);
      // 23:59 Beijing is the same day; 00:00 is the next.
      t.clock.set(new Date(tenAm + 14 * HOUR - 60_000));
      expect((await help(helper, bargains[10].id)).status).toBe(429);
      t.clock.set(new Date(tenAm + 14 * HOUR));
      expect((await help(helper, bargains[10].id)).status).toBe(200);
    });

    it('issue item 13 through the service: random terms and draws reach the floor in exactly N helps, each cut ≥ 1 fen', async () => {
      // A fresh clock day, so the shared helpers' daily counts start again.
      t.clock.advance(24 * HOUR);
      const runs: { price: number; floor: number; maxHelpers: number }[] = fc.sample(
        fc.record({ floor: fc.integer({ min: 0, max: 5_000 }), maxHelpers: fc.integer({ min: 1, max: 6 }), extra: fc.integer({ min: 0, max: 3_000 }) }).map(({ floor, maxHelpers, extra }) => ({ floor, maxHelpers, price: floor + maxHelpers + extra })),
        { numRuns: 4 },
      );
      for (const { price, floor, maxHelpers } of [...runs, { price: 7, floor: 0, maxHelpers: 6 }]) {
        const { skuId } = await offered(price, floor, maxHelpers);
        const { bargain } = await started(skuId);
        const cuts: number[] = [];
        for (const helper of helpers.slice(0, maxHelpers)) {
          const res = await help(helper, bargain.id);
          expect(res.status, res.text).toBe(200);
          cuts.push(res.body.cut);
        }
        expect(cuts.every((c) => Number.isInteger(c) && c >= 1), `${price}/${floor}/${maxHelpers}: ${cuts}`).toBe(true);
        expect(cuts.reduce((a, b) => a + b, 0)).toBe(price - floor);
        expect((await get(bargain.id)).current).toBe(floor);
      }
    });

    it('the share page /b/:id has Open Graph tags with the exact amount left (还差 ¥x.xx), escaped text and a QR code; unknown → 404 page', async () => {
      const { skuId } = await offered(12_345, 10_000, 10, { title: '<script>alert(1)</script> "好物" & 面膜' });
      const { bargain } = await started(skuId);
      const cut = (await help(helpers[4]!, bargain.id)).body.cut as number;
      const left = 12_345 - cut - 10_000;
      const res = await fetch(`${t.url}/b/${bargain.id}`);
      const html = await res.text();
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      const og = (property: string) => html.match(new RegExp(`<meta property="${property}" content="([^"]*)">`))?.[1];
      const yuan = `${Math.floor(left / 100)}.${String(left % 100).padStart(2, '0')}`;
      expect(og('og:title')).toBe(`&lt;script&gt;alert(1)&lt;/script&gt; &quot;好物&quot; &amp; 面膜 还差 ¥${yuan}`);
      expect(og('og:description')).toContain(`现价 ¥${((12_345 - cut) / 100).toFixed(2)}`);
      expect(og('og:image')).toMatch(new RegExp(`^${t.url}/uploads/`));
      expect(og('og:url')).toBe(`${t.url}/b/${bargain.id}`);
      expect(html).not.toContain('<script>');
      // The QR code is the one for the web page of this bargain.
      expect(html).toContain(await QRCode.toString(`${t.url}/bargains/${bargain.id}`, { type: 'svg', margin: 1, width: 200 }));
      expect(html).toContain(`href="${t.url}/bargains/${bargain.id}"`);
      const missing = await fetch(`${t.url}/b/no-such-bargain`);
      expect(missing.status).toBe(404);
      expect(missing.headers.get('content-type')).toMatch(/^text\/html/);
    });
  });
}
