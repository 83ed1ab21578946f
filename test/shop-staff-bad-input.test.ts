/**
 * Bad input for a shop's staff routes and GET /me/shops (issue 18 item 3): wrong types,
 * missing and unknown fields, phones that are not mainland mobiles, unknown, foreign and
 * malformed ids, callers who are not the shop's owner (its staff included), the owner
 * removed, a member added twice — each a 4xx problem+json with a stable `code`; a refused
 * batch changes no table; no response is 5xx. Then each route's valid request succeeds.
 *
 * The route table below must equal SHOP_STAFF_ROUTE_KEYS (test/support/bad-input.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/app.js';
import { SHOP_STAFF_ROUTE_KEYS, bodyCases, guarded, itRefusesParamRoutes, okBody, paramCases, routeKey, type ParamRoute } from './support/bad-input.js';
import { DATABASE_KINDS } from './support/databases.js';
import { given, uniquePhone, type GivenUser } from './support/given.js';

interface Setup {
  owner: GivenUser;
  staff: GivenUser;
  /** Serves the shop as staff; removed by the valid DELETE. */
  removable: GivenUser;
  /** Registered with a verified phone, not yet staff: the valid POST adds them. */
  candidate: GivenUser;
  stranger: GivenUser;
  shop: string;
  otherShop: string;
}

type Who = 'owner' | 'staff';
type RouteSpec = ParamRoute<Setup> & { who: Who };

const { vf, notFound: NF, coded, noSession, noBody } = paramCases;
const ids = paramCases.ids;
const notOwner = (s: Setup) => [NF('as its staff', { token: s.staff.token }), NF('as a stranger', { token: s.stranger.token }), NF('another shop', { params: { id: s.otherShop } })];

const ROUTES: RouteSpec[] = [
  {
    method: 'GET',
    path: '/operators/{id}/staff',
    who: 'owner',
    params: (s) => ({ id: s.shop }),
    cases: (s) => [vf('a query parameter', { query: 'foo=1' }), ...ids(), ...notOwner(s), noSession()],
  },
  {
    method: 'POST',
    path: '/operators/{id}/staff',
    who: 'owner',
    params: (s) => ({ id: s.shop }),
    body: (s) => ({ phone: s.candidate.phone }),
    okStatus: 201,
    cases: (s) => [
      ...bodyCases({ phone: s.candidate.phone }, { phone: { kind: 'phone' } }, new Date()).map((c) => ({ ...c, label: `body: ${c.label}` })),
      ...ids(),
      ...notOwner(s),
      coded('an unknown phone', 404, 'STAFF_USER_NOT_FOUND', { body: { phone: uniquePhone() } }),
      coded('a member already', 409, 'ALREADY_A_MEMBER', { body: { phone: s.staff.phone } }),
      coded('the owner', 409, 'ALREADY_A_MEMBER', { body: { phone: s.owner.phone } }),
      noSession(),
    ],
  },
  {
    method: 'DELETE',
    path: '/operators/{id}/staff/{userId}',
    who: 'owner',
    params: (s) => ({ id: s.shop, userId: s.removable.id }),
    okStatus: 204,
    cases: (s) => [
      ...noBody(),
      ...ids(),
      ...ids('userId'),
      ...notOwner(s),
      NF('a user who is not staff', { params: { userId: s.stranger.id } }),
      coded('the owner', 409, 'OWNER_NOT_REMOVABLE', { params: { userId: s.owner.id } }),
      noSession(),
    ],
  },
  {
    method: 'GET',
    path: '/me/shops',
    who: 'staff',
    cases: () => [
      vf('a query parameter', { query: 'foo=1' }),
      vf('two query parameters', { query: 'limit=1&cursor=x' }),
      vf('an operator id', { query: 'operatorId=x' }),
      vf('a role', { query: 'role=owner' }),
      vf('an empty query parameter', { query: 'x=' }),
      vf('a user id', { query: 'userId=1' }),
      noSession(),
    ],
  },
];

for (const kind of DATABASE_KINDS) {
  describe(`bad input to shop staff routes on ${kind}`, () => {
    let t: TestApp;
    let s: Setup;

    const { send } = itRefusesParamRoutes({ listName: 'SHOP_STAFF_ROUTE_KEYS', keys: SHOP_STAFF_ROUTE_KEYS, routes: ROUTES, app: () => t, setup: () => s, tokenOf: (route) => s[route.who].token });

    beforeAll(async () => {
      t = await startTestApp(kind);
      const http = guarded(t.http);
      t.http = http;
      const admin = await given.admin(t);
      const shop = await given.operator(t, admin, { viaSms: false });
      const otherShop = await given.operator(t, admin, { viaSms: false });
      const [staff, removable, candidate, stranger] = [await given.user(t), await given.user(t), await given.user(t), await given.user(t)];
      for (const user of [staff, removable]) await okBody(http.post(`/operators/${shop.id}/staff`, { phone: user.phone }, { token: shop.owner.token }), 201);
      s = { owner: shop.owner, staff, removable, candidate, stranger, shop: shop.id, otherShop: otherShop.id };
    }, 180_000);
    afterAll(async () => {
      await t?.close();
    });

    it('the valid request of each route succeeds (each case above had one fault only)', async () => {
      for (const route of ROUTES) {
        const res = await send(route, {});
        expect([routeKey(route), res.status], res.text.slice(0, 300)).toEqual([routeKey(route), route.okStatus ?? 200]);
      }
      const list = await okBody(t.http.get(`/operators/${s.shop}/staff`, { token: s.owner.token }));
      expect(list.items.map((m: { userId: string }) => m.userId).sort()).toEqual([s.owner.id, s.staff.id, s.candidate.id].sort());
    });
  });
}
