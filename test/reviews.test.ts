/**
 * Reviews and ratings (issue 17, API.md "Reviews, tracking, after-sales"; R11) through
 * the HTTP API on both databases: reviewing a received item once within 15 days, the
 * default review after them, the one follow-up within 180 days, the shop's one reply,
 * appeals only the platform decides (audited, both parties told), helpful votes,
 * the product list's sorts and filters, the aggregates, anonymity, search by review
 * words, and the order page's review state. The books are checked after each test.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DAY } from '../src/lib/clock.js';
import { startTestApp, type TestApp } from './support/app.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, pngImage, upload, type GivenUser } from './support/given.js';

const key = () => ({ 'idempotency-key': randomUUID() });
const rating = (overrides: Record<string, unknown> = {}) => ({ rating: 5, serviceRating: 4, deliveryRating: 3, ...overrides });

for (const kind of DATABASE_KINDS) {
  describe(`reviews on ${kind}`, () => {
    let t: TestApp;
    let admin: GivenUser;
    beforeAll(async () => {
      t = await startTestApp(kind);
    });
    beforeEach(async () => {
      admin = await given.admin(t);
    });
    afterEach(async () => {
      expect(await t.ctx.ledger.check(t.ctx.database.db)).toEqual([]);
    });
    afterAll(async () => {
      await t?.close();
    });
    const db = () => t.ctx.database.db;
    /** A new session: the tests move the clock past the 7 idle days a session lasts. */
    const login = async (user: GivenUser) => (await t.http.post('/auth/login', { phone: user.phone, password: user.password })).body.token as string;
    const relogin = async (user: GivenUser) => {
      user.token = await login(user);
      return user;
    };

    async function shopWithProduct(title = '补水保湿面膜 10 片装', skus = [{ name: '10 片', price: 12900, stock: 500 }]) {
      const shop = await given.operator(t, admin);
      const product = await given.product(t, shop, { title, skus });
      return { shop, product, skuIds: (product.skus as { id: string }[]).map((s) => s.id) };
    }
    const review = (user: GivenUser, orderId: string, itemId: string, body: Record<string, unknown>) =>
      t.http.post(`/orders/${orderId}/items/${itemId}/review`, body, { token: user.token, headers: key() });
    async function reviewed(user: GivenUser, orderId: string, itemId: string, body: Record<string, unknown> = rating()) {
      const res = await review(user, orderId, itemId, body);
      expect(res.status, res.text).toBe(201);
      return res.body.review;
    }

    it('a buyer reviews a received item once; before receipt 409 NOT_RECEIVED; someone else’s order 404; a second review 409 ALREADY_REVIEWED', async () => {
      const { shop, product, skuIds } = await shopWithProduct();
      const buyer = await given.user(t, { pin: '258036', viaSms: false });
      await given.funds(t, buyer, 100_000);
      const placed = await t.http.post('/orders', { addressId: await given.address(t, buyer), items: [{ skuId: skuIds[0], quantity: 1 }] }, { token: buyer.token, headers: key() });
      const orderId = placed.body.order.id as string;
      const itemId = placed.body.order.items[0].id as string;
      expect((await review(buyer, orderId, itemId, rating())).body.code).toBe('NOT_RECEIVED');
      expect((await t.http.post(`/orders/${orderId}/pay`, { pin: '258036' }, { token: buyer.token, headers: key() })).status).toBe(200);
      const early = await review(buyer, orderId, itemId, rating());
      expect([early.status, early.body.code]).toEqual([409, 'NOT_RECEIVED']);

      const { buyer: other, orderId: received, itemIds } = await given.receivedOrder(t, shop, skuIds);
      expect((await review(buyer, received, itemIds[0]!, rating())).status).toBe(404);
      expect((await review(other, received, 'no-such-item', rating())).status).toBe(404);
      const photo = await upload(t, other.token, await pngImage());
      const created = await reviewed(other, received, itemIds[0]!, rating({ text: '  敷完第二天皮肤很水润  ', images: [photo.body.url] }));
      expect(created).toMatchObject({
        productId: product.id,
        orderId: received,
        orderItemId: itemIds[0],
        rating: 5,
        serviceRating: 4,
        deliveryRating: 3,
        text: '敷完第二天皮肤很水润',
        images: [photo.body.url],
        author: { name: '测试用户', anonymous: false },
        sku: '10 片',
        verifiedPurchase: true,
        isDefault: false,
        helpfulCount: 0,
        reply: null,
        followUp: null,
        anonymous: false,
      });
      const again = await review(other, received, itemIds[0]!, rating({ rating: 1 }));
      expect([again.status, again.body.code]).toEqual([409, 'ALREADY_REVIEWED']);
      const rows = await db().selectFrom('reviews').select(['rating', 'order_item_id']).where('order_id', '=', received).execute();
      expect(rows).toEqual([{ rating: 5, order_item_id: itemIds[0] }]);

      // The order page says what was reviewed.
      const page = await t.http.get(`/orders/${received}`, { token: other.token });
      expect(page.body.items[0]).toMatchObject({ review: { id: created.id }, canReview: false, reviewUntil: null });
      // Its operator sees the order without the buyer's review state.
      const shopView = await t.http.get(`/orders/${received}`, { token: shop.owner.token });
      expect(shopView.body.items[0].review).toBeUndefined();
    });

    it('Idempotency-Key: a repeated review, follow-up, reply or appeal answers as the first and does nothing else; the key with another body is 422', async () => {
      const { shop, skuIds } = await shopWithProduct();
      const { buyer, orderId, itemIds } = await given.receivedOrder(t, shop, skuIds);
      const same = { 'idempotency-key': randomUUID() };
      const url = `/orders/${orderId}/items/${itemIds[0]}/review`;
      const first = await t.http.post(url, rating({ text: '只写一次' }), { token: buyer.token, headers: same });
      const again = await t.http.post(url, rating({ text: '只写一次' }), { token: buyer.token, headers: same });
      expect([first.status, again.status]).toEqual([201, 201]);
      expect(again.body).toEqual(first.body);
      const other = await t.http.post(url, rating({ text: '换了内容' }), { token: buyer.token, headers: same });
      expect([other.status, other.body.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
      const id = first.body.review.id as string;
      for (const [path, body, token] of [
        [`/reviews/${id}/follow-up`, { text: '追评一次' }, buyer.token],
        [`/reviews/${id}/reply`, { text: '回复一次' }, shop.owner.token],
      ] as const) {
        const k = { 'idempotency-key': randomUUID() };
        const a = await t.http.post(path, body, { token, headers: k });
        const b = await t.http.post(path, body, { token, headers: k });
        expect([a.status, b.status, b.body]).toEqual([200, 200, a.body]);
      }
      const k = { 'idempotency-key': randomUUID() };
      const appealed = [await t.http.post(`/reviews/${id}/appeals`, { reason: 'fraud', detail: '刷单' }, { token: shop.owner.token, headers: k }), await t.http.post(`/reviews/${id}/appeals`, { reason: 'fraud', detail: '刷单' }, { token: shop.owner.token, headers: k })];
      expect(appealed.map((r) => r.status)).toEqual([201, 201]);
      expect(await db().selectFrom('reviews').select('id').where('order_id', '=', orderId).execute()).toHaveLength(1);
      expect(await db().selectFrom('review_appeals').select('id').where('review_id', '=', id).execute()).toHaveLength(1);
      expect((await t.http.get(`/products/${(await t.http.get(`/reviews/${id}`)).body.productId}`)).body.rating.count).toBe(1);
    });

    it('images must be the buyer’s own uploads, each once; nothing is stored on a refusal', async () => {
      const { shop, skuIds } = await shopWithProduct();
      const { buyer, orderId, itemIds } = await given.receivedOrder(t, shop, skuIds);
      const notMine = await review(buyer, orderId, itemIds[0]!, rating({ images: ['/uploads/not-mine.png'] }));
      expect([notMine.status, notMine.body.errors[0].path]).toEqual([400, '/body/images/0']);
      const photo = (await upload(t, buyer.token, await pngImage())).body.url;
      const twice = await review(buyer, orderId, itemIds[0]!, rating({ images: [photo, photo] }));
      expect([twice.status, twice.body.errors[0].path]).toEqual([400, '/body/images/1']);
      expect(await db().selectFrom('reviews').select('id').where('order_id', '=', orderId).execute()).toEqual([]);
    });

    it('15 days after receipt the window closes (409 REVIEW_WINDOW_CLOSED) and the timer records the default 5/5/5 review, anonymous; never for a refunded order', async () => {
      const { shop, product, skuIds } = await shopWithProduct('默认好评测试商品', [
        { name: '红色', price: 1000, stock: 50 },
        { name: '蓝色', price: 1000, stock: 50 },
      ]);
      const { buyer, orderId, itemIds } = await given.receivedOrder(t, shop, skuIds);
      const page = await t.http.get(`/orders/${orderId}`, { token: buyer.token });
      const until = new Date(page.body.items[0].reviewUntil).getTime();
      expect(page.body.items.map((i: { canReview: boolean }) => i.canReview)).toEqual([true, true]);
      expect(until - new Date(page.body.receivedAt).getTime()).toBe(15 * DAY);
      await reviewed(buyer, orderId, itemIds[0]!, rating({ rating: 2, text: '颜色和图片不一样' }));

      // A refunded order (returned within 7 days) gets no default review.
      const returned = await given.receivedOrder(t, shop, [skuIds[0]!]);
      expect((await t.http.post(`/orders/${returned.orderId}/return`, { carrier: '顺丰速运', trackingNumber: 'SF9876543210' }, { token: returned.buyer.token, headers: key() })).status).toBe(200);
      expect((await t.http.post(`/orders/${returned.orderId}/return/received`, undefined, { token: shop.owner.token, headers: key() })).status).toBe(200);
      const refused = await review(returned.buyer, returned.orderId, returned.itemIds[0]!, rating());
      expect([refused.status, refused.body.code]).toEqual([409, 'NOT_REVIEWABLE']);

      const mine = async () => db().selectFrom('reviews').select('id').where('order_id', 'in', [orderId, returned.orderId]).execute();
      t.clock.advance(15 * DAY - 1000);
      await t.ctx.reviews.writeDefaultReviews();
      expect(await mine()).toHaveLength(1);
      t.clock.advance(2000);
      await relogin(buyer);
      const late = await review(buyer, orderId, itemIds[1]!, rating());
      expect([late.status, late.body.code]).toEqual([409, 'REVIEW_WINDOW_CLOSED']);
      expect(await t.ctx.reviews.writeDefaultReviews()).toBeGreaterThanOrEqual(1);
      expect(await t.ctx.reviews.writeDefaultReviews()).toBe(0);
      expect(await mine()).toHaveLength(2);
      const rows = await db()
        .selectFrom('reviews')
        .select(['order_item_id', 'rating', 'service_rating', 'delivery_rating', 'text', 'is_default', 'anonymous'])
        .where('order_id', 'in', [orderId, returned.orderId])
        .orderBy('id')
        .execute();
      expect(rows).toEqual([
        { order_item_id: itemIds[0], rating: 2, service_rating: 4, delivery_rating: 3, text: '颜色和图片不一样', is_default: false, anonymous: false },
        { order_item_id: itemIds[1], rating: 5, service_rating: 5, delivery_rating: 5, text: '', is_default: true, anonymous: true },
      ]);
      const list = await t.http.get(`/products/${product.id}/reviews`);
      expect(list.body.items.map((r: { isDefault: boolean; sku: string; author: { name: string } }) => [r.isDefault, r.sku, r.author.name])).toEqual([
        [true, '蓝色', '匿名买家'],
        [false, '红色', '测试用户'],
      ]);
      const rated = await t.http.get(`/products/${product.id}`);
      expect(rated.body.rating).toEqual({ average: 3.5, count: 2, distribution: { '1': 0, '2': 1, '3': 0, '4': 0, '5': 1 }, withPhotos: 0 });
    });

    it('the buyer’s one follow-up within 180 days (409 ALREADY_FOLLOWED_UP, FOLLOW_UP_WINDOW_CLOSED); the shop’s one reply (409 ALREADY_REPLIED; another shop 404)', async () => {
      const { shop, product, skuIds } = await shopWithProduct();
      const other = await shopWithProduct();
      const first = await given.receivedOrder(t, shop, skuIds);
      const second = await given.receivedOrder(t, shop, skuIds);
      const a = await reviewed(first.buyer, first.orderId, first.itemIds[0]!, rating({ text: '包装很好' }));
      const b = await reviewed(second.buyer, second.orderId, second.itemIds[0]!, rating());

      const stranger = await t.http.post(`/reviews/${a.id}/follow-up`, { text: '追评' }, { token: second.buyer.token, headers: key() });
      expect(stranger.status).toBe(404);
      const photo = (await upload(t, first.buyer.token, await pngImage('#3a6'))).body.url;
      t.clock.advance(30 * DAY);
      await relogin(first.buyer);
      const followed = await t.http.post(`/reviews/${a.id}/follow-up`, { text: '用了一个月，依然好用', images: [photo] }, { token: first.buyer.token, headers: key() });
      expect(followed.status, followed.text).toBe(200);
      expect(followed.body.review.followUp).toMatchObject({ text: '用了一个月，依然好用', images: [photo] });
      expect(followed.body.review.followUpUntil).toBeNull();
      const twice = await t.http.post(`/reviews/${a.id}/follow-up`, { text: '再追一次' }, { token: first.buyer.token, headers: key() });
      expect([twice.status, twice.body.code]).toEqual([409, 'ALREADY_FOLLOWED_UP']);

      t.clock.advance(151 * DAY);
      await relogin(second.buyer);
      const detail = await t.http.get(`/reviews/${b.id}`, { token: second.buyer.token });
      expect([detail.body.mine, detail.body.canFollowUp]).toEqual([true, false]);
      const late = await t.http.post(`/reviews/${b.id}/follow-up`, { text: '太晚了' }, { token: second.buyer.token, headers: key() });
      expect([late.status, late.body.code]).toEqual([409, 'FOLLOW_UP_WINDOW_CLOSED']);

      await relogin(shop.owner);
      await relogin(other.shop.owner);
      const notTheirs = await t.http.post(`/reviews/${a.id}/reply`, { text: '谢谢' }, { token: other.shop.owner.token, headers: key() });
      expect(notTheirs.status).toBe(404);
      const buyerReplies = await t.http.post(`/reviews/${a.id}/reply`, { text: '谢谢' }, { token: (await relogin(first.buyer)).token, headers: key() });
      expect(buyerReplies.status).toBe(404);
      const replied = await t.http.post(`/reviews/${a.id}/reply`, { text: '感谢您的支持，欢迎再来！' }, { token: shop.owner.token, headers: key() });
      expect(replied.status, replied.text).toBe(200);
      expect(replied.body.review.reply.text).toBe('感谢您的支持，欢迎再来！');
      const again = await t.http.post(`/reviews/${a.id}/reply`, { text: '再说一遍' }, { token: shop.owner.token, headers: key() });
      expect([again.status, again.body.code]).toEqual([409, 'ALREADY_REPLIED']);

      const listed = await t.http.get(`/products/${product.id}/reviews`);
      const shown = listed.body.items.find((r: { id: string }) => r.id === a.id);
      expect(shown.reply.text).toBe('感谢您的支持，欢迎再来！');
      expect(shown.followUp.text).toBe('用了一个月，依然好用');
      const unreplied = await t.http.get(`/operators/${shop.id}/reviews?unreplied=true`, { token: shop.owner.token });
      expect(unreplied.body.items.map((r: { id: string }) => r.id)).toEqual([b.id]);
      expect((await t.http.get(`/operators/${shop.id}/reviews`, { token: other.shop.owner.token })).status).toBe(404);
    });

    it('R11: no route lets a shop edit, hide or delete a review', async () => {
      const { shop, skuIds } = await shopWithProduct();
      const { buyer, orderId, itemIds } = await given.receivedOrder(t, shop, skuIds);
      const r = await reviewed(buyer, orderId, itemIds[0]!, rating({ rating: 1, text: '质量很差' }));
      const token = shop.owner.token;
      const tries = [
        await t.http.request('PATCH', `/reviews/${r.id}`, { text: '很好', rating: 5 }, { token }),
        await t.http.request('PUT', `/reviews/${r.id}`, { text: '很好', rating: 5 }, { token }),
        await t.http.delete(`/reviews/${r.id}`, undefined, { token }),
        await t.http.post(`/reviews/${r.id}/hide`, {}, { token, headers: key() }),
        await t.http.post(`/operators/${shop.id}/reviews/${r.id}/hide`, {}, { token, headers: key() }),
        await t.http.post(`/admin/review-appeals/x/uphold`, { reason: '我说隐藏' }, { token, headers: key() }),
      ];
      expect(tries.map((res) => res.status)).toEqual([404, 404, 404, 404, 404, 403]);
      const row = await db().selectFrom('reviews').select(['rating', 'text', 'hidden_at', 'deleted_at']).where('id', '=', r.id).executeTakeFirstOrThrow();
      expect(row).toEqual({ rating: 1, text: '质量很差', hidden_at: null, deleted_at: null });
    });

    it('appeals: one open per review; the platform upholds (hidden from lists and ratings, audited, buyer told why, shop told) or rejects', async () => {
      const { shop, product, skuIds } = await shopWithProduct();
      const one = await given.receivedOrder(t, shop, skuIds);
      const two = await given.receivedOrder(t, shop, skuIds);
      const abusive = await reviewed(one.buyer, one.orderId, one.itemIds[0]!, rating({ rating: 1, text: '加微信买更便宜 abc123' }));
      const fair = await reviewed(two.buyer, two.orderId, two.itemIds[0]!, rating({ rating: 2, text: '一般般' }));
      const appeal = (id: string, body: Record<string, unknown>, user: GivenUser = shop.owner) => t.http.post(`/reviews/${id}/appeals`, body, { token: user.token, headers: key() });

      expect((await appeal(abusive.id, { reason: 'advertising', detail: '引导站外交易' }, one.buyer)).status).toBe(404);
      const first = await appeal(abusive.id, { reason: 'advertising', detail: '引导站外交易' });
      expect(first.status, first.text).toBe(201);
      expect(first.body.appeal).toMatchObject({ reviewId: abusive.id, operatorId: shop.id, reason: 'advertising', status: 'open', decisionReason: null });
      const secondOpen = await appeal(abusive.id, { reason: 'abusive', detail: '再申诉' });
      expect([secondOpen.status, secondOpen.body.code]).toEqual([409, 'APPEAL_OPEN']);
      const other = await appeal(fair.id, { reason: 'irrelevant', detail: '与商品无关' });

      const queue = await t.http.get('/admin/review-appeals?status=open', { token: admin.token });
      expect(queue.body.items.map((a: { id: string }) => a.id)).toEqual(expect.arrayContaining([first.body.appeal.id, other.body.appeal.id]));
      expect((await t.http.get('/admin/review-appeals', { token: shop.owner.token })).status).toBe(403);

      const upheld = await t.http.post(`/admin/review-appeals/${first.body.appeal.id}/uphold`, { reason: '含站外联系方式' }, { token: admin.token, headers: key() });
      expect(upheld.status, upheld.text).toBe(200);
      expect(upheld.body.appeal).toMatchObject({ status: 'upheld', decisionReason: '含站外联系方式' });
      const twice = await t.http.post(`/admin/review-appeals/${first.body.appeal.id}/reject`, { reason: '改主意' }, { token: admin.token, headers: key() });
      expect([twice.status, twice.body.code]).toEqual([409, 'APPEAL_DECIDED']);
      const rejected = await t.http.post(`/admin/review-appeals/${other.body.appeal.id}/reject`, { reason: '属于真实体验' }, { token: admin.token, headers: key() });
      expect(rejected.body.appeal.status).toBe('rejected');

      const list = await t.http.get(`/products/${product.id}/reviews`);
      expect(list.body.items.map((r: { id: string }) => r.id)).toEqual([fair.id]);
      expect((await t.http.get(`/reviews/${abusive.id}`)).status).toBe(404);
      expect((await t.http.get(`/products/${product.id}`)).body.rating).toMatchObject({ average: 2, count: 1 });
      const audit = await db().selectFrom('audit_log').select(['action', 'target_id', 'actor_id']).where('target_type', '=', 'review').orderBy('id').execute();
      expect(audit).toEqual([
        { action: 'review.hide', target_id: abusive.id, actor_id: admin.id },
        { action: 'review.appeal_reject', target_id: fair.id, actor_id: admin.id },
      ]);
      const buyerNotes = await t.http.get('/me/notifications', { token: one.buyer.token });
      expect(buyerNotes.body.items[0]).toMatchObject({ kind: 'review.hidden' });
      expect(buyerNotes.body.items[0].body).toContain('含站外联系方式');
      const shopNotes = await t.http.get('/me/notifications', { token: shop.owner.token });
      expect(shopNotes.body.items.map((n: { kind: string; title: string }) => [n.kind, n.title])).toEqual([
        ['review.appeal_decided', '评价申诉未通过'],
        ['review.appeal_decided', '评价申诉成立'],
      ]);
      // The fair review's buyer hears nothing of a rejected appeal.
      expect((await t.http.get('/me/notifications', { token: two.buyer.token })).body.items).toEqual([]);
    });

    it('anonymous shows 「匿名买家」 and never the name or id, to the public and to the shop', async () => {
      const { shop, product, skuIds } = await shopWithProduct();
      const buyer = await given.user(t, { pin: '258036', viaSms: false, displayName: '张三丰隐身' });
      await given.funds(t, buyer, 100_000);
      const { orderId, itemIds } = await given.receivedOrder(t, shop, skuIds, buyer);
      const r = await reviewed(buyer, orderId, itemIds[0]!, rating({ anonymous: true, text: '不想露名' }));
      expect(r.author).toEqual({ name: '匿名买家', anonymous: true });
      for (const res of [
        await t.http.get(`/products/${product.id}/reviews`),
        await t.http.get(`/reviews/${r.id}`),
        await t.http.get(`/operators/${shop.id}/reviews`, { token: shop.owner.token }),
        await t.http.post(`/reviews/${r.id}/reply`, { text: '谢谢' }, { token: shop.owner.token, headers: key() }),
      ]) {
        expect(res.status, res.text).toBeLessThan(300);
        expect(res.text).toContain('匿名买家');
        expect(res.text).not.toContain('张三丰隐身');
        expect(res.text).not.toContain(buyer.id);
      }
    });

    it('helpful: once per user, taken back with DELETE, sorts the list; photos and low filters; cursors page through', async () => {
      const { shop, product, skuIds } = await shopWithProduct();
      const made = [];
      for (const [stars, withPhoto] of [
        [5, true],
        [1, false],
        [4, false],
        [2, true],
      ] as const) {
        const { buyer, orderId, itemIds } = await given.receivedOrder(t, shop, skuIds);
        const images = withPhoto ? [(await upload(t, buyer.token, await pngImage())).body.url] : [];
        made.push(await reviewed(buyer, orderId, itemIds[0]!, rating({ rating: stars, images })));
      }
      const [r5, r1, r4, r2] = made as { id: string }[];
      const voters = [await given.user(t, { viaSms: false }), await given.user(t, { viaSms: false })];
      const vote = (user: GivenUser, id: string, method: 'post' | 'delete' = 'post') =>
        method === 'post' ? t.http.post(`/reviews/${id}/helpful`, undefined, { token: user.token }) : t.http.delete(`/reviews/${id}/helpful`, undefined, { token: user.token });
      expect((await vote(voters[0]!, r1!.id)).body).toEqual({ helpfulCount: 1, helpedByMe: true });
      expect((await vote(voters[0]!, r1!.id)).body).toEqual({ helpfulCount: 1, helpedByMe: true });
      expect((await vote(voters[1]!, r1!.id)).body).toEqual({ helpfulCount: 2, helpedByMe: true });
      expect((await vote(voters[1]!, r4!.id)).body).toEqual({ helpfulCount: 1, helpedByMe: true });
      expect((await vote(voters[0]!, r4!.id)).body).toEqual({ helpfulCount: 2, helpedByMe: true });
      expect((await vote(voters[0]!, r4!.id, 'delete')).body).toEqual({ helpfulCount: 1, helpedByMe: false });
      expect((await vote(voters[0]!, r4!.id, 'delete')).body).toEqual({ helpfulCount: 1, helpedByMe: false });
      expect((await t.http.post(`/reviews/${r4!.id}/helpful`)).status).toBe(401);

      const ids = async (query: string, token?: string) => {
        const res = await t.http.get(`/products/${product.id}/reviews${query}`, token ? { token } : {});
        expect(res.status, res.text).toBe(200);
        return res.body;
      };
      expect((await ids('')).items.map((r: { id: string }) => r.id)).toEqual([r2!.id, r4!.id, r1!.id, r5!.id]);
      expect((await ids('?sort=helpful')).items.map((r: { id: string }) => r.id)).toEqual([r1!.id, r4!.id, r2!.id, r5!.id]);
      expect((await ids('?filter=photos')).items.map((r: { id: string }) => r.id)).toEqual([r2!.id, r5!.id]);
      expect((await ids('?filter=low')).items.map((r: { id: string }) => r.id)).toEqual([r2!.id, r1!.id]);
      expect((await ids('?sort=helpful', voters[1]!.token)).items.map((r: { helpedByMe: boolean }) => r.helpedByMe)).toEqual([true, true, false, false]);
      // Pages: two at a time, both orders.
      for (const sort of ['newest', 'helpful']) {
        const seen: string[] = [];
        let cursor: string | null = null;
        do {
          const page: { items: { id: string }[]; nextCursor: string | null } = await ids(`?sort=${sort}&limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
          seen.push(...page.items.map((r) => r.id));
          cursor = page.nextCursor;
        } while (cursor);
        expect(seen).toEqual((await ids(`?sort=${sort}`)).items.map((r: { id: string }) => r.id));
      }
      const bad = await t.http.get(`/products/${product.id}/reviews?sort=helpful&cursor=nope`);
      expect([bad.status, bad.body.code]).toEqual([400, 'VALIDATION_FAILED']);

      expect((await t.http.get(`/products/${product.id}`)).body.rating).toEqual({ average: 3, count: 4, distribution: { '1': 1, '2': 1, '3': 0, '4': 1, '5': 1 }, withPhotos: 2 });
      const listed = await t.http.get(`/products?operatorId=${shop.id}`);
      expect(listed.body.items[0].rating).toEqual({ average: 3, count: 4 });
    });

    it('aggregates: the product’s rating and the shop’s 180-day scores equal a recount; a shop without reviews has null scores', async () => {
      const { shop, product, skuIds } = await shopWithProduct();
      expect((await t.http.get(`/operators/${shop.id}`)).body.scores).toBeNull();
      expect((await t.http.get(`/products/${product.id}`)).body.rating).toEqual({ average: 0, count: 0, distribution: { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 }, withPhotos: 0 });
      const given3 = [
        [5, 5, 4],
        [4, 3, 5],
        [3, 4, 4],
      ];
      for (const [r, s, d] of given3) {
        const { buyer, orderId, itemIds } = await given.receivedOrder(t, shop, skuIds);
        await reviewed(buyer, orderId, itemIds[0]!, { rating: r, serviceRating: s, deliveryRating: d });
      }
      expect((await t.http.get(`/operators/${shop.id}`)).body.scores).toEqual({ item: 4, service: 4, delivery: 4.3, count: 3 });
      expect((await t.http.get(`/products/${product.id}`)).body.rating).toMatchObject({ average: 4, count: 3 });
      // 180 days on, the old reviews leave the shop's scores (the product's rating keeps them).
      t.clock.advance(181 * DAY);
      expect((await t.http.get(`/operators/${shop.id}`)).body.scores).toBeNull();
      expect((await t.http.get(`/products/${product.id}`)).body.rating.count).toBe(3);
    });

    it('a product is found by the words of its reviews (Chinese segmented), and no longer once the review is hidden', async () => {
      const { shop, product, skuIds } = await shopWithProduct('蓝牙耳机 降噪款', [{ name: '黑色', price: 19900, stock: 50 }]);
      const { buyer, orderId, itemIds } = await given.receivedOrder(t, shop, skuIds);
      const found = async (q: string) => (await t.http.get(`/products?q=${encodeURIComponent(q)}`)).body.items.map((p: { id: string }) => p.id);
      expect(await found('续航持久')).not.toContain(product.id);
      const r = await reviewed(buyer, orderId, itemIds[0]!, rating({ text: '续航持久，地铁上也很安静' }));
      expect(await found('续航持久')).toContain(product.id);
      expect(await found('地铁')).toContain(product.id);
      expect(await found('降噪')).toContain(product.id);
      const searched = await t.http.get(`/search?type=products&q=${encodeURIComponent('续航持久')}`);
      expect(searched.body.items.find((p: { id: string }) => p.id === product.id).rating).toEqual({ average: 5, count: 1 });
      const appeal = await t.http.post(`/reviews/${r.id}/appeals`, { reason: 'irrelevant', detail: '测试' }, { token: shop.owner.token, headers: key() });
      const upheld = await t.http.post(`/admin/review-appeals/${appeal.body.appeal.id}/uphold`, { reason: '测试隐藏' }, { token: admin.token, headers: key() });
      expect(upheld.status, upheld.text).toBe(200);
      expect(await found('续航持久')).not.toContain(product.id);
      expect(await found('降噪')).toContain(product.id);
    });

    /** The buyer's review (and a helpful vote it gave) on a completed order, so the account may be erased. */
    async function erasable(displayName: string) {
      const { shop, product, skuIds } = await shopWithProduct();
      const buyer = await given.user(t, { pin: '258036', viaSms: false, displayName });
      await given.funds(t, buyer, 12_900);
      const { orderId, itemIds } = await given.receivedOrder(t, shop, skuIds, buyer);
      const photo = (await upload(t, buyer.token, await pngImage())).body.url;
      const own = await reviewed(buyer, orderId, itemIds[0]!, rating({ rating: 1, text: '独一无二的差评词语', images: [photo] }));
      const other = await given.receivedOrder(t, shop, skuIds);
      const theirs = await reviewed(other.buyer, other.orderId, other.itemIds[0]!, rating({ rating: 5 }));
      expect((await t.http.post(`/reviews/${theirs.id}/helpful`, undefined, { token: buyer.token })).body.helpfulCount).toBe(1);
      t.clock.advance(8 * DAY);
      await t.ctx.orderTimers.sweep();
      await relogin(buyer);
      return { buyer, product, own, theirs };
    }

    it('the export holds the user’s reviews, follow-ups, helpful votes and items awaiting review', async () => {
      const { shop, skuIds } = await shopWithProduct('导出测试商品', [
        { name: 'A', price: 100, stock: 9 },
        { name: 'B', price: 100, stock: 9 },
      ]);
      const { buyer, orderId, itemIds } = await given.receivedOrder(t, shop, skuIds);
      const r = await reviewed(buyer, orderId, itemIds[0]!, rating({ text: '导出我' }));
      await t.http.post(`/reviews/${r.id}/follow-up`, { text: '追评导出' }, { token: buyer.token, headers: key() });
      await t.http.post(`/reviews/${r.id}/helpful`, undefined, { token: buyer.token });
      const exported = (await t.http.get('/me/export', { token: buyer.token })).body;
      expect(exported.reviews.reviews).toEqual([expect.objectContaining({ id: r.id, text: '导出我', followUpText: '追评导出', rating: 5, anonymous: false })]);
      expect(exported.reviews.helpful).toEqual([expect.objectContaining({ reviewId: r.id })]);
      expect(exported.reviews.awaitingReview).toEqual([expect.objectContaining({ orderItemId: itemIds[1], orderId })]);
    });

    it('erasure "anonymise": the review stays under the pseudonym, never the old name', async () => {
      const { buyer, product, own } = await erasable('改名前的买家甲');
      const erased = await t.http.delete('/me', { password: buyer.password, content: 'anonymise' }, { token: buyer.token });
      expect(erased.status, erased.text).toBe(200);
      const list = await t.http.get(`/products/${product.id}/reviews`);
      const shown = list.body.items.find((r: { id: string }) => r.id === own.id);
      expect(shown.author).toEqual({ name: erased.body.pseudonym, anonymous: false });
      expect(list.text).not.toContain('改名前的买家甲');
      expect(list.text).not.toContain(buyer.id);
      expect((await t.http.get(`/products/${product.id}`)).body.rating.count).toBe(2);
    });

    it('erasure "delete": the review is emptied and leaves lists, ratings and search; the helpful votes go with their counts', async () => {
      const { buyer, product, own, theirs } = await erasable('删除内容的买家乙');
      expect((await t.http.get(`/products?q=${encodeURIComponent('独一无二的差评词语')}`)).body.items.map((p: { id: string }) => p.id)).toContain(product.id);
      const erased = await t.http.delete('/me', { password: buyer.password, content: 'delete' }, { token: buyer.token });
      expect(erased.status, erased.text).toBe(200);
      const list = await t.http.get(`/products/${product.id}/reviews`);
      expect(list.body.items.map((r: { id: string; helpfulCount: number }) => [r.id, r.helpfulCount])).toEqual([[theirs.id, 0]]);
      expect((await t.http.get(`/reviews/${own.id}`)).status).toBe(404);
      const row = await db().selectFrom('reviews').select(['text', 'images', 'deleted_at']).where('id', '=', own.id).executeTakeFirstOrThrow();
      expect([row.text, row.images, row.deleted_at !== null]).toEqual(['', [], true]);
      expect((await t.http.get(`/products/${product.id}`)).body.rating).toMatchObject({ average: 5, count: 1, withPhotos: 0 });
      expect((await t.http.get(`/products?q=${encodeURIComponent('独一无二的差评词语')}`)).body.items.map((p: { id: string }) => p.id)).not.toContain(product.id);
      expect(await db().selectFrom('review_helpful').select('review_id').where('user_id', '=', buyer.id).execute()).toEqual([]);
    });
  });
}


