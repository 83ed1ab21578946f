/**
 * Bad input for the bargain routes (API.md "Bargains"): wrong types, missing and
 * unknown fields, terms that break RULES.md, unknown and foreign ids, SKUs without an
 * offer, callers without a session or the right, and every refusal of a help or an
 * order (SELF_HELP, PHONE_NOT_VERIFIED, ALREADY_HELPED, BARGAIN_AT_FLOOR,
 * BARGAIN_ORDERED, BARGAIN_ALREADY_ACTIVE) — each a 4xx problem+json with a stable
 * `code`; a refused batch changes no table; no response may be 5xx. Then each route's
 * valid request succeeds.
 *
 * The route table below must equal BARGAIN_ROUTE_KEYS (test/support/bad-input.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app.js';
import { BARGAIN_ROUTE_KEYS, HTML, SQL_OR, VF, bodyCases, guarded, itRefusesParamRoutes, okBody, routeKey, type ParamCase, type ParamRoute } from './support/bad-input.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, type GivenUser } from './support/given.js';

interface Setup {
  owner: GivenUser;
  /** Has an active bargain (`bargain`) and an address. */
  buyer: GivenUser;
  /** Verified phone, has not helped `bargain`. */
  helper: GivenUser;
  /** Verified phone, has helped `bargain`. */
  helped: GivenUser;
  /** No verified phone, no bargain, an address of its own. */
  other: GivenUser;
  admin: GivenUser;
  product: string;
  /** SKUs of `product`: two with offers, one without. */
  offerSku: string;
  spareSku: string;
  plainSku: string;
  /** A SKU of another product, with an offer. */
  foreignSku: string;
  bargain: string;
  /** N = 1, already helped to its floor. */
  atFloor: string;
  /** Ordered by `orderedBy`. */
  ordered: string;
  orderedBy: GivenUser;
  address: string;
  otherAddress: string;
}

type Who = 'owner' | 'buyer' | 'helper' | 'other' | 'none';

type RouteSpec = ParamRoute<Setup> & { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; who: Who };
type BargainCase = ParamCase;

const vf = (label: string, fields: Omit<BargainCase, 'label' | 'status' | 'code'>): BargainCase => ({ label, ...fields, status: 400, code: VF });
const NF = (label: string, fields: Omit<BargainCase, 'label' | 'status' | 'code'>): BargainCase => ({ label, ...fields, status: 404, code: 'NOT_FOUND' });
const coded = (label: string, status: number, code: string, fields: Omit<BargainCase, 'label' | 'status' | 'code'>): BargainCase => ({ label, ...fields, status, code });
const noSession = (): BargainCase => ({ label: 'no session', token: null, status: 401, code: 'UNAUTHENTICATED' });
/** Cases every route with this path parameter shares. */
const paramCases = (name: string): BargainCase[] => [
  vf(`${name} of 65 characters`, { params: { [name]: 'i'.repeat(65) } }),
  NF(`${name} unknown`, { params: { [name]: 'no-such-thing' } }),
  NF(`${name} as SQL`, { params: { [name]: SQL_OR } }),
  NF(`${name} as HTML`, { params: { [name]: HTML } }),
  NF(`${name} in Chinese`, { params: { [name]: '砍价' } }),
];
const noBody = (): BargainCase[] => [vf('a body', { body: { cut: 10_000 } }), vf('a query parameter', { query: 'foo=1' })];
const badKeys = (): BargainCase[] =>
  [['empty', ''], ['of 7 characters', 'abcdefg'], ['of 65 characters', 'k'.repeat(65)], ['as SQL', SQL_OR]].map(([l, key]) => vf(`Idempotency-Key ${l}`, { headers: { 'idempotency-key': key! } }));

const OFFER = { floor: 9_000, maxHelpers: 10 };

const ROUTES: RouteSpec[] = [
  {
    method: 'PUT',
    path: '/products/{id}/skus/{skuId}/bargain-offer',
    who: 'owner',
    params: (s) => ({ id: s.product, skuId: s.offerSku }),
    body: () => OFFER,
    cases: (s) => [
      ...bodyCases(OFFER, { floor: { kind: 'fen0' }, maxHelpers: { kind: 'maxHelpers' } }, new Date()).map((c) => ({ ...c, label: `body: ${c.label}` })),
      vf('a floor at the price', { body: { floor: 12_900, maxHelpers: 1 } }),
      vf('a floor above the price', { body: { floor: 20_000, maxHelpers: 1 } }),
      vf('price − floor below maxHelpers (RULES.md)', { body: { floor: 12_895, maxHelpers: 6 } }),
      ...paramCases('id'),
      ...paramCases('skuId'),
      NF('a SKU of another product', { params: { skuId: s.foreignSku } }),
      NF('as another user', { token: s.other.token }),
      NF('as an admin', { token: s.admin.token }),
      vf('a query parameter', { query: 'floor=1' }),
      noSession(),
    ],
  },
  {
    method: 'DELETE',
    path: '/products/{id}/skus/{skuId}/bargain-offer',
    who: 'owner',
    params: (s) => ({ id: s.product, skuId: s.offerSku }),
    // The valid run withdraws the spare SKU's offer: the routes after it still need the first.
    okParams: (s) => ({ id: s.product, skuId: s.spareSku }),
    okStatus: 204,
    cases: (s) => [...paramCases('id'), ...paramCases('skuId'), NF('a SKU of another product', { params: { skuId: s.foreignSku } }), NF('as another user', { token: s.other.token }), ...noBody(), noSession()],
  },
  {
    method: 'GET',
    path: '/products/{id}/bargain-offers',
    who: 'none',
    params: (s) => ({ id: s.product }),
    cases: (s) => [...paramCases('id'), NF('a SKU id', { params: { id: s.offerSku } }), vf('a query parameter', { query: 'limit=5' })],
  },
  {
    method: 'GET',
    path: '/bargain-offers/{skuId}/rules',
    who: 'none',
    params: (s) => ({ skuId: s.offerSku }),
    cases: (s) => [...paramCases('skuId'), NF('a SKU without an offer', { params: { skuId: s.plainSku } }), NF('a product id', { params: { skuId: s.product } }), vf('a query parameter', { query: 'lang=en' })],
  },
  {
    method: 'POST',
    path: '/bargains',
    who: 'other',
    body: (s) => ({ skuId: s.offerSku }),
    okStatus: 201,
    cases: (s) => [
      ...bodyCases({ skuId: s.offerSku }, { skuId: { kind: 'text', max: 64 } }, new Date()).map((c) => ({ ...c, label: `body: ${c.label}` })),
      vf('an unknown SKU', { body: { skuId: 'no-such-sku' } }),
      vf('a SKU without an offer', { body: { skuId: s.plainSku } }),
      vf('a product id', { body: { skuId: s.product } }),
      vf('a price of its own', { body: { skuId: s.offerSku, current: 1 } }),
      coded('a second active bargain on the SKU', 409, 'BARGAIN_ALREADY_ACTIVE', { token: s.buyer.token }),
      vf('a query parameter', { query: 'skuId=1' }),
      ...badKeys(),
      noSession(),
    ],
  },
  ...(['', '/events'] as const).map(
    (tail): RouteSpec => ({
      method: 'GET',
      path: `/bargains/{id}${tail}`,
      who: 'none',
      params: (s) => ({ id: s.bargain }),
      cases: (s) => [...paramCases('id'), NF('a SKU id', { params: { id: s.offerSku } }), vf('a query parameter', { query: 'foo=1' })],
    }),
  ),
  {
    method: 'POST',
    path: '/bargains/{id}/help',
    who: 'helper',
    params: (s) => ({ id: s.bargain }),
    cases: (s) => [
      ...paramCases('id'),
      ...noBody(),
      vf('a cut of its own', { body: { cut: 1 } }),
      coded('own bargain', 403, 'SELF_HELP', { token: s.buyer.token }),
      coded('an unverified phone', 403, 'PHONE_NOT_VERIFIED', { token: s.other.token }),
      coded('a second help', 409, 'ALREADY_HELPED', { token: s.helped.token }),
      coded('a bargain at its floor', 409, 'BARGAIN_AT_FLOOR', { params: { id: s.atFloor } }),
      coded('an ordered bargain', 409, 'BARGAIN_ORDERED', { params: { id: s.ordered } }),
      ...badKeys(),
      noSession(),
    ],
  },
  {
    method: 'POST',
    path: '/bargains/{id}/order',
    who: 'buyer',
    params: (s) => ({ id: s.bargain }),
    body: (s) => ({ addressId: s.address }),
    okStatus: 201,
    cases: (s) => [
      ...bodyCases({ addressId: s.address }, { addressId: { kind: 'text', max: 64 } }, new Date()).map((c) => ({ ...c, label: `body: ${c.label}` })),
      vf('an unknown address', { body: { addressId: 'no-such-address' } }),
      vf("another user's address", { body: { addressId: s.otherAddress } }),
      vf('a price of its own', { body: { addressId: s.address, unitPrice: 1 } }),
      vf('a quantity', { body: { addressId: s.address, quantity: 2 } }),
      ...paramCases('id'),
      NF("another user's bargain", { token: s.other.token, body: { addressId: s.otherAddress } }),
      NF('as the helper', { token: s.helped.token }),
      coded('a bargain already ordered', 409, 'BARGAIN_ORDERED', { token: s.orderedBy.token, params: { id: s.ordered }, body: { addressId: s.otherAddress } }),
      vf('a query parameter', { query: 'addressId=1' }),
      ...badKeys(),
      noSession(),
    ],
  },
];

for (const kind of DATABASE_KINDS) {
  describe(`bad input to bargain routes on ${kind}`, () => {
    let t: TestApp;
    let s: Setup;

    const { send } = itRefusesParamRoutes({ listName: 'BARGAIN_ROUTE_KEYS', keys: BARGAIN_ROUTE_KEYS, routes: ROUTES, app: () => t, setup: () => s, tokenOf: (route) => (route.who === 'none' ? undefined : s[route.who].token) });

    beforeAll(async () => {
      t = await startTestApp(kind);
      const http = guarded(t.http);
      t.http = http;
      const admin = await given.admin(t);
      const shop = await given.operator(t, admin, { viaSms: false });
      const product = await given.product(t, shop, {
        skus: [
          { name: '大瓶', price: 12_900, stock: 20, bargainFloor: 9_000, maxHelpers: 10 },
          { name: '中瓶', price: 8_900, stock: 20, bargainFloor: 5_000, maxHelpers: 10 },
          { name: '小瓶', price: 3_900, stock: 20 },
        ],
      });
      const foreign = await given.product(t, shop, { title: '护眼台灯', skus: [{ name: '白', price: 5_000, stock: 5, bargainFloor: 100, maxHelpers: 1 }] });
      const [buyer, helper, helped, other, orderedBy] = [
        await given.user(t, { viaSms: false }),
        await given.user(t, { verify: 'phone', viaSms: false }),
        await given.user(t, { verify: 'phone', viaSms: false }),
        // An old account, its phone unverified: PHONE_NOT_VERIFIED.
        await given.user(t, { legacy: true }),
        await given.user(t, { viaSms: false }),
      ];
      const startOn = async (user: GivenUser, skuId: string) => (await okBody(http.post('/bargains', { skuId }, { token: user.token }), 201)).bargain.id as string;
      const bargain = await startOn(buyer, product.skus[0].id);
      await okBody(http.post(`/bargains/${bargain}/help`, undefined, { token: helped.token }));
      const atFloor = await startOn(orderedBy, foreign.skus[0].id);
      await okBody(http.post(`/bargains/${atFloor}/help`, undefined, { token: helped.token }));
      const ordered = await startOn(orderedBy, product.skus[1].id);
      const otherAddress = await given.address(t, orderedBy);
      await okBody(http.post(`/bargains/${ordered}/order`, { addressId: otherAddress }, { token: orderedBy.token }), 201);
      s = {
        owner: shop.owner,
        buyer,
        helper,
        helped,
        other,
        admin,
        product: product.id,
        offerSku: product.skus[0].id,
        spareSku: product.skus[1].id,
        plainSku: product.skus[2].id,
        foreignSku: foreign.skus[0].id,
        bargain,
        atFloor,
        ordered,
        orderedBy,
        address: await given.address(t, buyer),
        // `other` and `orderedBy` both use this one in their cases: it is not the buyer's.
        otherAddress,
      };
    }, 120_000);
    afterAll(async () => {
      await t?.close();
    });

    it('the valid request of each route succeeds (each case above had one fault only)', async () => {
      // The event stream never ends by itself: its valid request is checked in test/bargain-live.test.ts.
      for (const route of ROUTES.filter((r) => !r.path.endsWith('/events'))) {
        const res = await send(route, route.okParams ? { params: route.okParams(s) } : {});
        expect([routeKey(route), res.status], res.text.slice(0, 300)).toEqual([routeKey(route), route.okStatus ?? 200]);
      }
      // The help and the order really happened.
      const bargain = await okBody(t.http.get(`/bargains/${s.bargain}`));
      expect([bargain.helpers, bargain.status]).toEqual([2, 'ordered']);
    });
  });
}
