/**
 * Bad input for the review routes (API.md "Reviews, tracking, after-sales"): each
 * route refuses wrong types, missing and unknown fields, ratings outside 1–5, texts
 * over their caps, images that are not the caller's uploads, unknown and foreign ids,
 * the states the rules forbid (not received, reviewed, replied, decided) and callers
 * without a session or the right, each with a 4xx problem+json and a stable `code`; a
 * refused batch changes no table. No response may be 5xx. The route table must equal
 * REVIEW_ROUTE_KEYS.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { startTestApp, type TestApp } from './support/app.js';
import { REVIEW_ROUTE_KEYS, SQL_OR, VF, bodyCases, guarded, itRefusesParamRoutes, queryCases, type ParamCase, type ParamRoute } from './support/bad-input.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, type GivenUser } from './support/given.js';

type ReviewCase = ParamCase;

interface Setup {
  admin: GivenUser;
  owner: GivenUser;
  otherOwner: GivenUser;
  buyer: GivenUser;
  stranger: GivenUser;
  shopId: string;
  productId: string;
  orderId: string;
  /** Reviewed, replied to, followed up, appealed (decided). */
  reviewedItem: string;
  unreviewedItem: string;
  unpaidOrder: string;
  unpaidItem: string;
  review: string;
  /** Another review, with an open appeal. */
  fresh: string;
  openAppeal: string;
  decidedAppeal: string;
}

interface RouteSpec extends ParamRoute<Setup> {
  who: 'buyer' | 'owner' | 'admin' | 'none';
}

const vf = (label: string, fields: Omit<ReviewCase, 'label' | 'status' | 'code'>): ReviewCase => ({ label, ...fields, status: 400, code: VF });
const NF = (label: string, fields: Omit<ReviewCase, 'label' | 'status' | 'code'> = {}): ReviewCase => ({ label, ...fields, status: 404, code: 'NOT_FOUND' });
const conflict = (label: string, code: string, fields: Omit<ReviewCase, 'label' | 'status' | 'code'> = {}): ReviewCase => ({ label, ...fields, status: 409, code });
const noSession = (): ReviewCase => ({ label: 'no session', token: null, status: 401, code: 'UNAUTHENTICATED' });
const idCases = (name = 'id'): ReviewCase[] => [
  vf(`${name} of 65 characters`, { params: { [name]: 'i'.repeat(65) } }),
  NF(`an unknown ${name}`, { params: { [name]: 'no-such-thing' } }),
  NF(`${name} as SQL`, { params: { [name]: SQL_OR } }),
  vf(`${name} with a NUL`, { params: { [name]: 'a\u0000b' } }),
];
const badKeys = (): ReviewCase[] => [['empty', ''], ['of 7 characters', 'abcdefg'], ['as SQL', SQL_OR]].map(([l, k]) => vf(`Idempotency-Key ${l}`, { headers: { 'idempotency-key': k! } }));
const ratingCases = (valid: Record<string, unknown>): ReviewCase[] =>
  (['rating', 'serviceRating', 'deliveryRating'] as const).flatMap((field) =>
    (
      [
        ['0', 0],
        ['6', 6],
        ['-1', -1],
        ['4.5', 4.5],
        ['"5"', '5'],
        ['null', null],
      ] as const
    ).map(([label, value]) => vf(`${field} ${label}`, { body: { ...valid, [field]: value } })),
  );
const imageCases = (valid: Record<string, unknown>): ReviewCase[] => [
  vf('10 images', { body: { ...valid, images: Array.from({ length: 10 }, (_, i) => `/uploads/x${i}.png`) } }),
  vf('an image not uploaded by the caller', { body: { ...valid, images: ['/uploads/not-mine.png'] } }),
  vf('an image URL of 301 characters', { body: { ...valid, images: [`/uploads/${'x'.repeat(292)}`] } }),
  vf('an empty image URL', { body: { ...valid, images: [''] } }),
  vf('images as a string', { body: { ...valid, images: '/uploads/x.png' } }),
];
const PAGE = { limit: { kind: 'limit' as const, optional: true }, cursor: { kind: 'cursor' as const, optional: true } };
const REVIEW_BODY = { rating: 5, serviceRating: 5, deliveryRating: 4, text: '很好' };

const ROUTES: RouteSpec[] = [
  {
    method: 'POST',
    path: '/orders/{id}/items/{itemId}/review',
    who: 'buyer',
    params: (s) => ({ id: s.orderId, itemId: s.reviewedItem }),
    body: () => REVIEW_BODY,
    cases: (s) => [
      ...idCases(),
      ...idCases('itemId'),
      ...bodyCases(REVIEW_BODY, { text: { kind: 'paragraphs', max: 1000, optional: true }, anonymous: { kind: 'boolean', optional: true } }, new Date()),
      ...ratingCases(REVIEW_BODY),
      ...imageCases(REVIEW_BODY),
      conflict('an item reviewed already', 'ALREADY_REVIEWED'),
      conflict('an order not received', 'NOT_RECEIVED', { params: { id: s.unpaidOrder, itemId: s.unpaidItem } }),
      NF('an item of another order', { params: { id: s.orderId, itemId: s.unpaidItem } }),
      NF("another buyer's order", { token: s.stranger.token, params: { id: s.orderId, itemId: s.unreviewedItem } }),
      NF('as the shop', { token: s.owner.token, params: { id: s.orderId, itemId: s.unreviewedItem } }),
      ...badKeys(),
      vf('a query parameter', { query: 'rating=1' }),
      noSession(),
    ],
  },
  {
    method: 'GET',
    path: '/reviews/{id}',
    who: 'none',
    params: (s) => ({ id: s.review }),
    cases: () => [...idCases(), vf('a query parameter', { query: 'limit=5' }), vf('an unknown query parameter', { query: 'foo=1' }), vf('an SQL parameter name', { query: `${encodeURIComponent(SQL_OR)}=1` })],
  },
  {
    method: 'POST',
    path: '/reviews/{id}/follow-up',
    who: 'buyer',
    params: (s) => ({ id: s.review }),
    body: () => ({ text: '追评' }),
    cases: (s) => [
      ...idCases(),
      ...bodyCases({ text: '追评' }, { text: { kind: 'paragraphs', max: 1000 } }, new Date()),
      // On its author's review that has no follow-up yet: only the images are wrong.
      ...imageCases({ text: '追评' }).map((c) => ({ ...c, token: s.stranger.token, params: { id: s.fresh } })),
      conflict('a review followed up already', 'ALREADY_FOLLOWED_UP'),
      NF("someone else's review", { token: s.stranger.token, params: { id: s.review } }),
      NF('as the shop', { token: s.owner.token, params: { id: s.fresh } }),
      ...badKeys(),
      noSession(),
    ],
  },
  {
    method: 'POST',
    path: '/reviews/{id}/reply',
    who: 'owner',
    params: (s) => ({ id: s.review }),
    body: () => ({ text: '谢谢' }),
    cases: (s) => [
      ...idCases(),
      ...bodyCases({ text: '谢谢' }, { text: { kind: 'paragraphs', max: 500 } }, new Date()),
      conflict('a review replied to already', 'ALREADY_REPLIED'),
      NF('another shop', { token: s.otherOwner.token, params: { id: s.fresh } }),
      NF('the buyer', { token: s.buyer.token, params: { id: s.fresh } }),
      ...badKeys(),
      noSession(),
    ],
  },
  {
    method: 'POST',
    path: '/reviews/{id}/appeals',
    who: 'owner',
    params: (s) => ({ id: s.fresh }),
    body: () => ({ reason: 'abusive', detail: '辱骂' }),
    cases: (s) => [
      ...idCases(),
      ...bodyCases({ reason: 'abusive', detail: '辱骂' }, { reason: { kind: 'enum', values: ['abusive'] }, detail: { kind: 'paragraphs', max: 1000 } }, new Date()),
      conflict('a review with an open appeal', 'APPEAL_OPEN'),
      NF('another shop', { token: s.otherOwner.token }),
      NF('the buyer', { token: s.buyer.token }),
      ...badKeys(),
      noSession(),
    ],
  },
  ...(['POST', 'DELETE'] as const).map(
    (method): RouteSpec => ({
      method,
      path: '/reviews/{id}/helpful',
      who: 'buyer',
      params: (s) => ({ id: s.review }),
      cases: () => [...idCases(), vf('a body', { body: { helpful: true } }), vf('a query parameter', { query: 'force=1' }), noSession()],
    }),
  ),
  {
    method: 'GET',
    path: '/products/{id}/reviews',
    who: 'none',
    params: (s) => ({ id: s.productId }),
    cases: () => [
      ...idCases().filter((c) => c.status === 400),
      ...queryCases({}, PAGE),
      vf('sort unknown', { query: 'sort=oldest' }),
      vf('filter unknown', { query: 'filter=high' }),
      vf('sort in upper case', { query: 'sort=NEWEST' }),
      vf('a helpful cursor it did not give', { query: 'sort=helpful&cursor=nope' }),
    ],
  },
  {
    method: 'GET',
    path: '/operators/{id}/reviews',
    who: 'owner',
    params: (s) => ({ id: s.shopId }),
    cases: (s) => [
      ...idCases(),
      ...queryCases({}, PAGE),
      vf('unreplied as a word', { query: 'unreplied=yes' }),
      NF('another shop’s owner', { token: s.otherOwner.token }),
      NF('the buyer', { token: s.buyer.token }),
      noSession(),
    ],
  },
  {
    method: 'GET',
    path: '/admin/review-appeals',
    who: 'admin',
    params: () => ({}),
    cases: (s) => [
      // 'open' is one of this list's states: the shared status values less that one.
      ...queryCases({}, { ...PAGE, status: { kind: 'status', optional: true } }).filter((c) => c.label !== 'status unknown'),
      vf('status unknown', { query: 'status=approved' }),
      { label: 'as a shop', token: s.owner.token, status: 403, code: 'FORBIDDEN' },
      noSession(),
    ],
  },
  ...(['uphold', 'reject'] as const).map(
    (action): RouteSpec => ({
      method: 'POST',
      path: `/admin/review-appeals/{id}/${action}`,
      who: 'admin',
      params: (s) => ({ id: s.decidedAppeal }),
      body: () => ({ reason: '理由' }),
      cases: (s) => [
        ...idCases(),
        ...bodyCases({ reason: '理由' }, { reason: { kind: 'line', max: 500 } }, new Date()),
        conflict('an appeal decided already', 'APPEAL_DECIDED'),
        { label: 'as the shop', token: s.owner.token, params: { id: s.openAppeal }, status: 403, code: 'FORBIDDEN' },
        ...badKeys(),
        noSession(),
      ],
    }),
  ),
];

for (const kind of DATABASE_KINDS) {
  describe(`bad input to review routes on ${kind}`, () => {
    let t: TestApp;
    let s: Setup;

    beforeAll(async () => {
      t = await startTestApp(kind);
      const http = guarded(t.http);
      t.http = http;
      const key = () => ({ headers: { 'idempotency-key': randomUUID() } });
      const admin = await given.admin(t);
      const shop = await given.operator(t, admin);
      const otherShop = await given.operator(t, admin);
      const product = await given.product(t, shop, {
        skus: [
          { name: 'A', price: 1_000, stock: 50 },
          { name: 'B', price: 1_000, stock: 50 },
        ],
      });
      const skuIds = (product.skus as { id: string }[]).map((x) => x.id);
      const { buyer, orderId, itemIds } = await given.receivedOrder(t, shop, skuIds);
      const unpaid = await http.post('/orders', { addressId: await given.address(t, buyer), items: [{ skuId: skuIds[0], quantity: 1 }] }, { token: buyer.token, ...key() });
      const review = (await http.post(`/orders/${orderId}/items/${itemIds[0]}/review`, REVIEW_BODY, { token: buyer.token, ...key() })).body.review.id as string;
      expect((await http.post(`/reviews/${review}/follow-up`, { text: '追评' }, { token: buyer.token, ...key() })).status).toBe(200);
      expect((await http.post(`/reviews/${review}/reply`, { text: '谢谢' }, { token: shop.owner.token, ...key() })).status).toBe(200);
      const decided = (await http.post(`/reviews/${review}/appeals`, { reason: 'abusive', detail: '辱骂' }, { token: shop.owner.token, ...key() })).body.appeal.id as string;
      expect((await http.post(`/admin/review-appeals/${decided}/reject`, { reason: '不成立' }, { token: admin.token, ...key() })).status).toBe(200);
      const other = await given.receivedOrder(t, shop, [skuIds[0]!]);
      const fresh = (await http.post(`/orders/${other.orderId}/items/${other.itemIds[0]}/review`, REVIEW_BODY, { token: other.buyer.token, ...key() })).body.review.id as string;
      const open = (await http.post(`/reviews/${fresh}/appeals`, { reason: 'abusive', detail: '辱骂' }, { token: shop.owner.token, ...key() })).body.appeal.id as string;
      s = {
        admin,
        owner: shop.owner,
        otherOwner: otherShop.owner,
        buyer,
        stranger: other.buyer,
        shopId: shop.id,
        productId: product.id,
        orderId,
        reviewedItem: itemIds[0]!,
        unreviewedItem: itemIds[1]!,
        unpaidOrder: unpaid.body.order.id,
        unpaidItem: unpaid.body.order.items[0].id,
        review,
        fresh,
        openAppeal: open,
        decidedAppeal: decided,
      };
    });
    afterAll(async () => {
      await t?.close();
    });

    itRefusesParamRoutes({ listName: 'REVIEW_ROUTE_KEYS', keys: REVIEW_ROUTE_KEYS, routes: ROUTES, app: () => t, setup: () => s, tokenOf: (route) => (route.who === 'none' ? undefined : s[route.who].token) });
  });
}
