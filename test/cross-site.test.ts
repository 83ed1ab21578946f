/**
 * Cross-site requests, on both databases: a state change a browser
 * sends from another site with the session cookie — like, cancel, confirm-receipt, all
 * without a body — is refused with 403 CROSS_SITE_REQUEST and changes nothing, whether
 * the browser says so with Sec-Fetch-Site or only with a foreign Origin; sign-in and
 * registration are refused the same way without a cookie (login CSRF). The same calls
 * from our own origin, with a Bearer token, or from a server (no browser headers) work.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, latestSmsCode, uniquePhone, type GivenOperator, type GivenUser } from './support/given.js';
import { carrierEvent, carrierWithCredentials, sendEvent, trackingNumber } from './support/tracking.js';

const PIN = '258036';
const EVIL = 'https://evil.example';

for (const kind of DATABASE_KINDS) {
  describe(`cross-site requests on ${kind}`, () => {
    let t: TestApp;
    let shop: GivenOperator;
    let product: any;
    let buyer: GivenUser & { addressId: string };
    let note: any;

    beforeAll(async () => {
      t = await startTestApp(kind);
      const admin = await given.admin(t);
      shop = await given.operator(t, admin, { viaSms: false });
      product = await given.product(t, shop, { skus: [{ name: '标准', price: 3_900, stock: 20 }] });
      const user = await given.user(t, { pin: PIN, viaSms: false });
      await given.funds(t, user, 100_000);
      buyer = { ...user, addressId: await given.address(t, user) };
      note = await given.note(t, await given.user(t));
    }, 60_000);
    afterEach(async () => {
      expect(await t.ctx.ledger.check(t.ctx.database.db)).toEqual([]);
    });
    afterAll(async () => {
      await t?.close();
    });

    /** The web app's way in: the session cookie, no Authorization header, whatever browser headers `site` stands for. */
    const browser = (site: Record<string, string>) => ({ headers: { cookie: `agora_session=${buyer.token}`, ...site } });
    const crossSite = { 'sec-fetch-site': 'cross-site', origin: EVIL };
    const sameSite = { 'sec-fetch-site': 'same-site', origin: 'https://shop.agora.example' };
    const foreignOrigin = { origin: EVIL };
    const nullOrigin = { origin: 'null' };
    const own = () => ({ 'sec-fetch-site': 'same-origin', origin: t.url });

    const likes = async () => (await t.http.get(`/notes/${note.id}`)).body.likes as number;
    const statusOf = async (orderId: string) => (await t.http.get(`/orders/${orderId}`, { token: buyer.token })).body.status as string;
    async function paidOrder(): Promise<string> {
      const created = await t.http.post('/orders', { addressId: buyer.addressId, items: [{ skuId: product.skus[0].id, quantity: 1 }] }, { token: buyer.token, headers: { 'idempotency-key': randomUUID() } });
      expect(created.status, created.text).toBe(201);
      const paid = await t.http.post(`/orders/${created.body.order.id}/pay`, { pin: PIN }, { token: buyer.token, headers: { 'idempotency-key': randomUUID() } });
      expect(paid.status, paid.text).toBe(200);
      return created.body.order.id;
    }
    async function shippedOrder(): Promise<string> {
      const id = await paidOrder();
      const shipped = await t.http.post(`/orders/${id}/ship`, { carrier: '顺丰速运', trackingNumber: 'SF1234567890' }, { token: shop.owner.token });
      expect(shipped.status, shipped.text).toBe(200);
      return id;
    }
    const refused = (res: { status: number; body: any; headers: Headers }) => {
      expect([res.status, res.body.code]).toEqual([403, 'CROSS_SITE_REQUEST']);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    };

    it('a cross-site like, cancel or confirm-receipt with the session cookie is refused and changes nothing', async () => {
      const before = await likes();
      const paid = await paidOrder();
      const shipped = await shippedOrder();
      const walletBefore = (await t.http.get('/wallet', { token: buyer.token })).body;
      for (const site of [crossSite, sameSite, foreignOrigin, nullOrigin]) {
        refused(await t.http.post(`/notes/${note.id}/like`, undefined, browser(site)));
        refused(await t.http.post(`/orders/${paid}/cancel`, undefined, browser(site)));
        refused(await t.http.post(`/orders/${shipped}/confirm-receipt`, undefined, { headers: { ...browser(site).headers, 'idempotency-key': randomUUID() } }));
      }
      expect(await likes()).toBe(before);
      expect(await statusOf(paid)).toBe('paid');
      expect(await statusOf(shipped)).toBe('shipped');
      expect((await t.http.get('/wallet', { token: buyer.token })).body).toEqual(walletBefore);
      // A refused request with a body changes nothing either (PUT, DELETE).
      refused(await t.http.put('/me/payment-pin', { pin: '147369' }, browser(crossSite)));
      refused(await t.http.delete(`/me/addresses/${buyer.addressId}`, undefined, browser(foreignOrigin)));
      expect((await t.http.get('/me/addresses', { token: buyer.token })).body.items.map((a: any) => a.id)).toContain(buyer.addressId);
      // After-sales: a refund request, and a shop's return address, from another site.
      for (const site of [crossSite, foreignOrigin]) {
        refused(await t.http.post(`/orders/${paid}/after-sales`, { type: 'refund_only', reason: 'not_received' }, browser(site)));
        refused(await t.http.post(`/operators/${shop.id}/return-addresses`, { recipient: '王', phone: '13900001111', region: '浙江省 杭州市', line: '良睦路 1 号' }, browser(site)));
      }
      expect((await t.http.get('/me/after-sales', { token: buyer.token })).body.items).toEqual([]);
    });

    it('the same calls from our own origin work, with Sec-Fetch-Site or with Origin alone', async () => {
      const before = await likes();
      const liked = await t.http.post(`/notes/${note.id}/like`, undefined, browser(own()));
      expect([liked.status, liked.body.likes]).toEqual([200, before + 1]);
      const unliked = await t.http.delete(`/notes/${note.id}/like`, undefined, browser({ origin: t.url }));
      expect([unliked.status, unliked.body.likes]).toEqual([200, before]);
      const paid = await paidOrder();
      const asked = await t.http.post(`/orders/${paid}/after-sales`, { type: 'refund_only', reason: 'not_received', amount: 100 }, browser(own()));
      expect([asked.status, asked.body.request?.status]).toEqual([201, 'requested']);
      expect((await t.http.post(`/after-sales/${asked.body.request.id}/withdraw`, undefined, browser(own()))).status).toBe(200);
      const cancelled = await t.http.post(`/orders/${paid}/cancel`, undefined, browser(own()));
      expect([cancelled.status, cancelled.body.order?.status]).toEqual([200, 'cancelled']);
      const shipped = await shippedOrder();
      // `none`: the user started it (typed the address, a bookmark), not another site.
      const received = await t.http.post(`/orders/${shipped}/confirm-receipt`, undefined, browser({ 'sec-fetch-site': 'none' }));
      expect([received.status, received.body.order?.status]).toEqual([200, 'received']);
    });

    it('a cross-site review, follow-up, helpful vote or shop reply with the session cookie is refused and changes nothing; from our own origin it works', async () => {
      const id = await shippedOrder();
      expect((await t.http.post(`/orders/${id}/confirm-receipt`, undefined, { token: buyer.token })).status).toBe(200);
      const itemId = (await t.http.get(`/orders/${id}`, { token: buyer.token })).body.items[0].id as string;
      const body = { rating: 1, serviceRating: 1, deliveryRating: 1, text: '别人替我写的' };
      const shopCookie = (site: Record<string, string>) => ({ headers: { cookie: `agora_session=${shop.owner.token}`, ...site } });
      for (const site of [crossSite, sameSite, foreignOrigin, nullOrigin]) {
        refused(await t.http.post(`/orders/${id}/items/${itemId}/review`, body, { headers: { ...browser(site).headers, 'idempotency-key': randomUUID() } }));
      }
      expect(await t.ctx.database.db.selectFrom('reviews').select('id').where('order_id', '=', id).execute()).toEqual([]);
      const written = await t.http.post(`/orders/${id}/items/${itemId}/review`, { ...body, rating: 5, text: '自己写的' }, browser(own()));
      expect(written.status, written.text).toBe(201);
      const reviewId = written.body.review.id as string;
      for (const site of [crossSite, foreignOrigin]) {
        refused(await t.http.post(`/reviews/${reviewId}/follow-up`, { text: '别人替我追评' }, browser(site)));
        refused(await t.http.post(`/reviews/${reviewId}/helpful`, undefined, browser(site)));
        refused(await t.http.post(`/reviews/${reviewId}/reply`, { text: '别人替店铺回复' }, shopCookie(site)));
      }
      const after = (await t.http.get(`/reviews/${reviewId}`)).body;
      expect([after.text, after.followUp, after.reply, after.helpfulCount]).toEqual(['自己写的', null, null, 0]);
    });

    it('a cross-site chat message, read receipt or quick reply with the session cookie is refused and changes nothing; from our own origin it works', async () => {
      const shopCookie = (site: Record<string, string>) => ({ headers: { cookie: `agora_session=${shop.owner.token}`, ...site } });
      const opened = await t.http.post(`/operators/${shop.id}/conversations`, undefined, browser(own()));
      expect(opened.status, opened.text).toBe(200);
      const id = opened.body.conversation.id as string;
      for (const site of [crossSite, sameSite, foreignOrigin, nullOrigin]) {
        refused(await t.http.post(`/conversations/${id}/messages`, { kind: 'text', text: '别人替我发的' }, browser(site)));
        refused(await t.http.post(`/operators/${shop.id}/quick-replies`, { text: '别人替店铺加的' }, shopCookie(site)));
      }
      refused(await t.http.post(`/conversations/${id}/read`, {}, shopCookie(crossSite)));
      expect((await t.http.get(`/conversations/${id}/messages`, { token: buyer.token })).body.items).toEqual([]);
      expect((await t.http.get(`/operators/${shop.id}/quick-replies`, { token: shop.owner.token })).body.items).toEqual([]);
      const sent = await t.http.post(`/conversations/${id}/messages`, { kind: 'text', text: '自己发的' }, browser(own()));
      expect([sent.status, sent.body.message?.text]).toEqual([201, '自己发的']);
      const added = await t.http.post(`/operators/${shop.id}/quick-replies`, { text: '店铺自己加的' }, shopCookie(own()));
      expect(added.status, added.text).toBe(201);
    });

    it('Bearer clients are unaffected whatever the browser headers say; reads are never refused', async () => {
      const before = await likes();
      const liked = await t.http.post(`/notes/${note.id}/like`, undefined, { token: buyer.token, headers: crossSite });
      expect([liked.status, liked.body.likes]).toEqual([200, before + 1]);
      // A cookie beside the Bearer token is not what authenticates (http/auth.ts reads Bearer first).
      const unliked = await t.http.delete(`/notes/${note.id}/like`, undefined, { token: buyer.token, headers: browser(crossSite).headers });
      expect([unliked.status, unliked.body.likes]).toEqual([200, before]);
      const me = await t.http.get('/me', browser(crossSite));
      expect([me.status, me.body.id]).toEqual([200, buyer.id]);
    });

    it('a caller with neither Sec-Fetch-Site nor Origin is not a browser page and passes (server-to-server, webhooks)', async () => {
      const before = await likes();
      const liked = await t.http.post(`/notes/${note.id}/like`, undefined, browser({}));
      expect([liked.status, liked.body.likes]).toEqual([200, before + 1]);
      expect((await t.http.delete(`/notes/${note.id}/like`, undefined, browser({}))).status).toBe(200);
      // The sandbox provider's webhook-style completion: no cookie, no browser headers.
      const topUp = await t.http.post('/wallet/top-ups', { amount: 1_000 }, { token: buyer.token });
      expect((await t.http.post(`/sandbox/top-ups/${topUp.body.topUp.id}/complete`)).status).toBe(200);
    });

    it('parcel tracking: a cross-site ship or credentials issue with the cookie is refused and changes nothing; the carrier\u2019s webhook (a server, no browser headers) passes', async () => {
      const admin = await given.admin(t);
      const carrier = await carrierWithCredentials(t, admin);
      const paid = await paidOrder();
      const number = trackingNumber();
      const asShop = (site: Record<string, string>) => ({ headers: { cookie: `agora_session=${shop.owner.token}`, 'idempotency-key': randomUUID(), ...site } });
      const asAdmin = (site: Record<string, string>) => ({ headers: { cookie: `agora_session=${admin.token}`, 'idempotency-key': randomUUID(), ...site } });
      for (const site of [crossSite, foreignOrigin]) {
        refused(await t.http.post(`/orders/${paid}/ship`, { trackingNumber: number, logisticsProviderId: carrier.id }, asShop(site)));
        refused(await t.http.post(`/admin/service-providers/${carrier.id}/credentials`, undefined, asAdmin(site)));
      }
      expect(await statusOf(paid)).toBe('paid');
      expect((await t.http.get(`/admin/service-providers/${carrier.id}/credentials`, { token: admin.token })).body.items).toHaveLength(1);
      expect((await t.http.post(`/orders/${paid}/ship`, { trackingNumber: number, logisticsProviderId: carrier.id }, asShop(own()))).status).toBe(200);
      const event = await sendEvent(t, carrier, carrierEvent(number, 'picked_up', t.clock.now()));
      expect([event.status, event.body.duplicate]).toEqual([200, false]);
    });

    it('sign-in and registration from another site are refused without any cookie (login CSRF); from our origin they work', async () => {
      const phone = uniquePhone();
      const password = 'correct-horse-9';
      expect((await t.http.post('/auth/phone-code', { phone }, { headers: own() })).status).toBe(202);
      const code = await latestSmsCode(t, phone);
      for (const site of [crossSite, sameSite, foreignOrigin]) {
        refused(await t.http.post('/auth/phone-code', { phone }, { headers: site }));
        refused(await t.http.post('/auth/register', { phone, code, password, displayName: '跨站' }, { headers: site }));
      }
      const login = await t.http.post('/auth/login', { phone: buyer.phone, password: buyer.password }, { headers: crossSite });
      refused(login);
      expect(login.headers.get('set-cookie')).toBeNull();
      // Nothing was registered: the phone is still free from our own origin.
      expect((await t.http.post('/auth/register', { phone, code, password, displayName: '本站' }, { headers: own() })).status).toBe(201);
      const ownLogin = await t.http.post('/auth/login', { phone, password }, { headers: own() });
      expect(ownLogin.status).toBe(200);
      expect(ownLogin.headers.get('set-cookie')).toMatch(/^agora_session=/);
    });
  });
}

describe('cross-site requests behind a proxy (WEBAUTHN_ORIGINS)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('pglite', { env: { WEBAUTHN_ORIGINS: 'https://agora.example' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('an Origin the app is configured to be served from counts as our own; others do not', async () => {
    const phone = uniquePhone();
    expect((await t.http.post('/auth/phone-code', { phone }, { headers: { origin: 'https://agora.example' } })).status).toBe(202);
    const body = { phone, code: await latestSmsCode(t, phone), password: 'correct-horse-9', displayName: '代理' };
    const foreign = await t.http.post('/auth/register', body, { headers: { origin: 'https://agora.example.evil.example' } });
    expect([foreign.status, foreign.body.code]).toEqual([403, 'CROSS_SITE_REQUEST']);
    expect((await t.http.post('/auth/register', body, { headers: { origin: 'https://agora.example' } })).status).toBe(201);
  });
});
